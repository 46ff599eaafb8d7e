// Overview: corpus counts, the top actors and places, the latest articles, and narratives over time.

import {apiPath, getJSON, route} from "./api.js";
import {el, heading, message, table, tableAlternative, tableLink, withoutInlineStyle} from "./dom.js";

/** Draw the overview. */
export async function render(container, {isCurrent}) {
  const [stats, latest, timeline] = await Promise.all([
    getJSON("/api/stats"),
    getJSON("/api/articles", {limit: 10}),
    getJSON("/api/timeline", {interval: "week"}),
  ]);
  if (!isCurrent()) return;
  const period = stats.first_date ? `${stats.first_date} to ${stats.last_date}` : "no dated events yet";
  container.append(heading("Overview", `The corpus in this store: ${period}.`));
  container.append(counts(stats));
  container.append(el("div", {class: "columns"},
    el("section", {class: "card"}, el("h2", {}, "Top actors"), topActors(stats.top_actors || [])),
    el("section", {class: "card"}, el("h2", {}, "Top places"), topPlaces(stats.top_places || []))));
  container.append(el("section", {class: "card"}, el("h2", {}, "Latest articles"), latestArticles(latest.items || [])));
  container.append(narratives(timeline.narratives || []));
}

function counts(stats) {
  const rows = [
    ["Articles", stats.articles], ["Duplicates", stats.duplicates], ["Entities", stats.entities],
    ["Mentions", stats.mentions], ["Event reports", stats.events], ["Events", stats.event_groups],
    ["Quotes", stats.quotes],
  ].filter(([, value]) => value !== undefined && value !== null);
  return el("dl", {class: "counts", "aria-label": "Counts"},
    rows.map(([label, value]) => el("div", {class: "count-box"}, el("dt", {}, label), el("dd", {}, String(value)))));
}

function topActors(actors) {
  if (!actors.length) return message("No coded actors yet.");
  return table([
    ["Actor", (row) => el("a", {href: route("network", null, {actor: row.code})}, row.code)],
    ["Articles", (row) => String(row.articles)],
    ["Quotes", (row) => el("a", {href: route("quotes", null, {actor: row.code})}, "quotes")],
  ], actors.slice(0, 10));
}

function topPlaces(places) {
  if (!places.length) return message("No places yet.");
  return table([
    ["Place", (row) => el("a", {href: route("map", null, {place: row.name})}, row.name)],
    ["Articles", (row) => String(row.articles)],
  ], places.slice(0, 10));
}

function latestArticles(items) {
  if (!items.length) return message("The store holds no articles yet: run 'newsgraph ingest' first.");
  return table([
    ["Published", (row) => row.published || "—"],
    ["Title", (row) => el("a", {href: route("article", row.id)}, row.title || row.id)],
    ["Source", (row) => row.source || "—"],
    ["Entities", (row) => String(row.n_entities ?? "")],
    ["Events", (row) => String(row.n_events ?? "")],
    ["Quotes", (row) => String(row.n_quotes ?? "")],
  ], items, {className: "data-table articles-table"});
}

function narratives(rows) {
  const box = el("section", {class: "card"}, el("h2", {}, "Narratives over time"));
  if (!rows.length) {
    box.append(message("No narratives recorded (the framing stage runs with the 'full' profile)."));
    return box;
  }
  const data = rows.map((row) => ({...row, date: new Date(`${row.month}-01T00:00:00Z`)}));
  const months = new Set(rows.map((row) => row.month)).size;
  const chart = Plot.plot({
    width: Math.min(1100, 200 + 110 * months), height: 240, marginLeft: 50,
    x: {type: "band", label: "month", tickFormat: (d) => d},
    y: {label: "articles", grid: true},
    color: {legend: true},
    marks: [
      Plot.barY(data, {x: "month", y: "articles", fill: "narrative", title: (d) => `${d.narrative}: ${d.articles}`}),
      Plot.ruleY([0]),
    ],
  });
  box.append(el("p", {}, tableLink("narratives-table")), el("div", {class: "chart"}, withoutInlineStyle(chart)));
  box.append(tableAlternative("narratives-table", "Narratives by month (table)", [
    ["Month", (row) => row.month], ["Narrative", (row) => row.narrative], ["Articles", (row) => String(row.articles)],
  ], rows, apiPath("/api/narratives.csv")));
  return box;
}
