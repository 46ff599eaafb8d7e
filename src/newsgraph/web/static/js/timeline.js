// Timeline: events a day or a week by quad class, with a brush to pick a period; narratives a month.

import {apiPath, getJSON, route} from "./api.js";
import {QUADS, clear, el, filterForm, heading, message, tableAlternative, tableLink, withoutInlineStyle} from "./dom.js";

const MARGIN = {top: 20, right: 20, bottom: 40, left: 50};

/** Draw the timeline for the filters in the route. */
export async function render(container, {params, isCurrent}) {
  const interval = params.interval === "week" ? "week" : "day";
  container.append(heading("Timeline", "Events over time by quad class. Drag across the chart to pick a period."));
  container.append(filterForm(params, (next) => {
    window.location.hash = route("timeline", null, {...next, interval});
  }));
  container.append(el("p", {class: "interval-switch"}, "Bars: ",
    el("a", {href: route("timeline", null, {...params, interval: "day"}), "aria-current": interval === "day" ? "true" : null}, "a day"),
    " · ",
    el("a", {href: route("timeline", null, {...params, interval: "week"}), "aria-current": interval === "week" ? "true" : null}, "a week")));
  const data = await getJSON("/api/timeline", {...params, interval});
  if (!isCurrent()) return;
  container.append(eventsChart(data.events || [], interval, params));
  container.append(narrativesChart(data.narratives || [], params));
}

function eventsChart(rows, interval, params) {
  const box = el("section", {class: "card"}, el("h2", {}, "Events by quad class"));
  if (!rows.length) {
    box.append(message("No dated events match these filters."));
    return box;
  }
  const data = rows.map((row) => ({...row, date: new Date(`${row.period}T00:00:00Z`),
    quadName: (QUADS[row.quad] || {}).name || String(row.quad)}));
  const width = 1100;
  const height = 300;
  const chart = Plot.plot({
    width, height, marginTop: MARGIN.top, marginRight: MARGIN.right, marginBottom: MARGIN.bottom, marginLeft: MARGIN.left,
    x: {type: "utc", label: null},
    y: {label: interval === "week" ? "events a week" : "events a day", grid: true},
    color: {domain: Object.values(QUADS).map((quad) => quad.name), range: Object.values(QUADS).map((quad) => quad.colour), legend: true},
    marks: [
      Plot.rectY(data, {x: "date", interval: interval === "week" ? d3.utcMonday : d3.utcDay, y: "events",
        fill: "quadName", title: (d) => `${d.period}: ${d.events} ${d.quadName}`, inset: 0.5}),
      Plot.ruleY([0]),
    ],
  });
  const picked = el("p", {class: "brush-summary", "aria-live": "polite"}, "No period picked.");
  addBrush(chart, data, interval, picked);
  box.append(el("p", {}, tableLink("timeline-table")), el("div", {class: "chart"}, withoutInlineStyle(chart)), picked);
  box.append(tableAlternative("timeline-table", "Events by period and quad class (table)", [
    ["Period", (row) => row.period], ["Quad class", (row) => `${row.quad} ${(QUADS[row.quad] || {}).name || ""}`],
    ["Events", (row) => String(row.events)],
  ], rows, apiPath("/api/timeline.csv", {...params, interval})));
  return box;
}

function addBrush(chart, data, interval, picked) {
  // With a legend Plot returns a <figure>; the chart is its svg of class plot-d6a7b5 (the swatches are svgs too).
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector("svg.plot-d6a7b5");
  const scale = chart.scale("x");
  if (!svg || !scale) return;
  const x = d3.scaleUtc().domain(scale.domain).range(scale.range);
  const [left, right] = scale.range;
  const height = Number(svg.getAttribute("height"));
  const brush = d3.brushX()
    .extent([[left, MARGIN.top], [right, height - MARGIN.bottom]])
    .on("end", ({selection}) => {
      clear(picked);
      if (!selection) {
        picked.append("No period picked.");
        return;
      }
      const [from, to] = selection.map((pixel) => x.invert(pixel));
      // The API's weeks start on Monday (ISO weeks).
      const floor = interval === "week" ? d3.utcMonday.floor : d3.utcDay.floor;
      const inside = data.filter((row) => row.date >= floor(from) && row.date <= to);
      const since = d3.utcFormat("%Y-%m-%d")(floor(from));
      const until = d3.utcFormat("%Y-%m-%d")(to);
      const byQuad = d3.rollup(inside, (rows) => d3.sum(rows, (row) => row.events), (row) => row.quad);
      picked.append(`${since} to ${until}: ${d3.sum(inside, (row) => row.events)} events (`,
        Object.entries(QUADS).map(([key, quad]) => `${quad.name} ${byQuad.get(Number(key)) || 0}`).join(", "), "). ",
        el("a", {href: route("network", null, {since, until})}, "Network of this period"), " · ",
        el("a", {href: route("map", null, {since, until})}, "Map of this period"));
    });
  d3.select(svg).append("g").attr("class", "brush").call(brush);
}

function narrativesChart(rows, params) {
  const box = el("section", {class: "card"}, el("h2", {}, "Narratives by month"));
  if (!rows.length) {
    box.append(message("No narratives recorded (the framing stage runs with the 'full' profile)."));
    return box;
  }
  const narratives = [...new Set(rows.map((row) => row.narrative))];
  const months = new Set(rows.map((row) => row.month)).size;
  const most = d3.max(rows, (row) => row.articles);
  const chart = Plot.plot({
    width: Math.min(1100, 360 + 90 * months), height: 60 + 26 * narratives.length, marginLeft: 320, marginBottom: 40,
    x: {type: "band", label: "month"}, y: {label: null, domain: narratives},
    color: {scheme: "blues", legend: true, label: "articles", domain: [0, most], ticks: Math.min(most, 5), tickFormat: "d"},
    marks: [
      Plot.cell(rows, {x: "month", y: "narrative", fill: "articles", inset: 1,
        title: (d) => `${d.month} · ${d.narrative}: ${d.articles}`}),
      Plot.text(rows, {x: "month", y: "narrative", text: (d) => String(d.articles),
        fill: (d) => (d.articles > most / 2 ? "white" : "black")}),
    ],
  });
  box.append(el("p", {}, tableLink("narratives-month-table")), el("div", {class: "chart"}, withoutInlineStyle(chart)));
  box.append(tableAlternative("narratives-month-table", "Narratives by month (table)", [
    ["Month", (row) => row.month], ["Narrative", (row) => row.narrative], ["Articles", (row) => String(row.articles)],
  ], rows, apiPath("/api/narratives.csv", params)));
  return box;
}
