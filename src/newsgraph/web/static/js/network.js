// Network: actors sized by mentions, directed edges coloured by their events' mean Goldstein score;
// a click on an edge lists its events with their sentences.

import {apiPath, eventsByKey, getJSON, route} from "./api.js";
import {QUADS, clear, el, filterForm, heading, message, tableAlternative, tableLink} from "./dom.js";

/** Draw the network for the filters in the route. */
export async function render(container, {params, isCurrent}) {
  container.append(heading("Network", "Who acts on whom. Node size: mentions. Edge colour: mean Goldstein score " +
    "(red hostile, green cooperative). Click an edge for its events, an actor for its profile."));
  container.append(filterForm(params, (next) => { window.location.hash = route("network", null, next); }));
  const query = {...params, limit: 200};
  const graph = await getJSON("/api/network", query);
  if (!isCurrent()) return;
  if (!graph.edges.length) {
    container.append(message("No events between coded actors match these filters."));
    return;
  }
  const details = el("section", {class: "card edge-events", id: "edge-events", "aria-live": "polite"},
    el("h2", {}, "Events of an edge"), el("p", {class: "muted"}, "Click an edge (or use the table below) to list its events."));
  const canvas = el("div", {class: "network-graph", id: "network-graph", role: "img",
    "aria-label": `Network of ${graph.nodes.length} actors and ${graph.edges.length} relations; the table below lists them.`});
  container.append(
    el("p", {}, tableLink("network-table"), " · ", goldsteinKey(),
      graph.truncated ? el("span", {class: "muted"}, " · only the 200 largest relations are drawn") : null),
    el("div", {class: "network-layout"}, canvas, details));
  container.append(tableAlternative("network-table", "Relations (table)", [
    ["Source", (edge) => edge.source], ["Target", (edge) => edge.target], ["Events", (edge) => String(edge.count)],
    ["Mean Goldstein", (edge) => edge.mean_goldstein.toFixed(2)],
    ["Main quad class", (edge) => (QUADS[edge.quad] || {}).name || String(edge.quad)],
    ["", (edge) => el("button", {type: "button", onclick: () => showEdge(details, edge)}, "List events")],
  ], graph.edges, apiPath("/api/network.csv", params)));
  drawGraph(canvas, graph, (edge) => showEdge(details, edge), (code) => showActor(details, code, params));
}

// Hostile red through neutral grey to cooperative green: grey stays visible on white, where yellow fades.
const goldsteinColour = d3.scaleLinear().domain([-10, 0, 10]).range(["#c01c28", "#8f8f8f", "#1a9641"]).clamp(true);

function goldsteinKey() {
  return el("span", {class: "goldstein-key", "aria-hidden": "true"},
    el("span", {class: "key-hostile"}, "−10"), " … ", el("span", {class: "key-neutral"}, "0"), " … ",
    el("span", {class: "key-friendly"}, "+10"));
}

function drawGraph(canvas, graph, onEdge, onNode) {
  const maxMentions = Math.max(1, ...graph.nodes.map((node) => node.mentions || 0));
  const maxCount = Math.max(1, ...graph.edges.map((edge) => edge.count));
  const elements = [
    ...graph.nodes.map((node) => ({group: "nodes", data: {
      id: node.id, label: node.label && node.label !== node.id ? `${node.id}\n${node.label}` : node.id,
      size: 18 + 42 * Math.sqrt((node.mentions || 0) / maxMentions)}})),
    ...graph.edges.map((edge) => ({group: "edges", data: {
      id: edge.id, source: edge.source, target: edge.target, edge,
      width: 1.5 + 6 * Math.sqrt(edge.count / maxCount), colour: goldsteinColour(edge.mean_goldstein)}})),
  ];
  const cy = cytoscape({
    container: canvas,
    elements,
    style: [
      {selector: "node", style: {
        "width": "data(size)", "height": "data(size)", "background-color": "#5e7fa8", "label": "data(label)",
        "font-size": 11, "text-wrap": "wrap", "text-valign": "bottom", "text-margin-y": 3, "color": "#1c1c1c",
        "text-background-color": "#ffffff", "text-background-opacity": 0.7, "text-background-padding": 1}},
      {selector: "edge", style: {
        "width": "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "opacity": 0.9}},
      {selector: "edge:selected", style: {"line-color": "#222", "target-arrow-color": "#222", "opacity": 1}},
      {selector: "node:selected", style: {"border-width": 3, "border-color": "#222"}},
    ],
    layout: {name: "circle", animate: false},
  });
  // Spring layout started from the circle, not from random places, so a store always draws the same way.
  cy.layout({name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 100,
    edgeElasticity: () => 100, nodeOverlap: 20, gravity: 80, numIter: 1000, padding: 30}).run();
  cy.on("tap", "edge", (event) => onEdge(event.target.data("edge")));
  cy.on("tap", "node", (event) => onNode(event.target.id()));
  canvas.cy = cy;
  return cy;
}

async function showEdge(box, edge) {
  clear(box);
  box.append(el("h2", {}, `${edge.source} → ${edge.target}`),
    el("p", {class: "muted"}, `${edge.count} events, mean Goldstein ${edge.mean_goldstein.toFixed(2)}` +
      (edge.event_keys.length < edge.count ? `; the first ${edge.event_keys.length} are listed` : "")));
  const events = await eventsByKey(edge.event_keys || []);
  box.append(eventList(events));
  box.dataset.edge = edge.id;
}

async function showActor(box, code, params) {
  clear(box);
  box.append(el("h2", {}, code));
  const actor = await getJSON(`/api/actors/${encodeURIComponent(code)}`, {since: params.since, until: params.until, all: params.all});
  box.append(
    el("p", {class: "muted"}, `${actor.articles} articles, ${actor.mentions} mentions, ${actor.events_as_source} events as ` +
      `source and ${actor.events_as_target} as target, ${actor.quotes} quotes.`),
    el("h3", {}, "Known as"),
    el("p", {}, (actor.names || []).map((row) => `${row.name} (${row.articles})`).join(", ") || "—"),
    el("h3", {}, "Partners"),
    (actor.partners || []).length ? el("ul", {}, actor.partners.map((row) => el("li", {},
      el("a", {href: route("network", null, {...params, actor: row.code})}, row.code), ` ${row.name || ""}: ${row.events} events, ` +
      `mean Goldstein ${Number(row.mean_goldstein).toFixed(1)}`))) : el("p", {class: "muted"}, "None."),
    el("p", {}, el("a", {href: route("network", null, {...params, actor: code})}, "Only this actor's relations"), " · ",
      el("a", {href: route("quotes", null, {actor: code})}, "Quotes of its speakers"), " · ",
      el("a", {href: route("timeline", null, {...params, actor: code})}, "Its timeline")));
  box.dataset.actor = code;
}

/** A list of events, each with its sentence and a link to its article. */
export function eventList(events) {
  if (!events.length) return message("No events.");
  return el("ol", {class: "event-list"}, events.map((event) => el("li", {class: "event-item", "data-event": event.event_key},
    el("div", {class: "event-line"},
      el("span", {class: `quad-dot quad-${event.quad}`, title: (QUADS[event.quad] || {}).name || ""}),
      el("strong", {}, `${(event.source && event.source.name) || "?"} → ${(event.target && event.target.name) || "?"}`),
      el("span", {class: "muted"}, ` ${event.date || "undated"} · CAMEO ${event.cameo} · Goldstein ${event.goldstein}`),
      event.factual === false ? el("span", {class: "badge"}, event.modality || "not factual") : null),
    el("blockquote", {class: "event-sentence"}, event.sentence_text || ""),
    el("a", {href: route("article", event.article_id, {start: event.start, end: event.end})}, "Open the article"))));
}
