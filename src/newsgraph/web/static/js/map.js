// Map: event locations and mentioned places on the offline world map (Natural Earth 1:110m), sized by count.

import {apiPath, eventsByKey, getJSON, route} from "./api.js";
import {clear, el, filterForm, heading, message, table, tableAlternative, tableLink} from "./dom.js";
import {eventList} from "./network.js";

const WORLD = "/vendor/world-atlas-2.0.2.countries-110m.json";
const WIDTH = 960;
const HEIGHT = 500;
const SVG = "http://www.w3.org/2000/svg";
let worldCache = null;

/** Draw the map for the filters in the route. */
export async function render(container, {params, isCurrent}) {
  container.append(heading("Map", "Red: where events happen (size: events). Blue: places the articles mention " +
    "(size: articles). Click a circle, or press Enter on it, to list what is there; scroll to zoom, drag to pan."));
  container.append(filterForm(params, (next) => { window.location.hash = route("map", null, next); }, {actor: true}));
  const [world, collection] = await Promise.all([loadWorld(), getJSON("/api/map", params)]);
  if (!isCurrent()) return;
  let features = (collection.features || []).filter((feature) => feature.geometry && feature.geometry.type === "Point");
  if (params.place) {
    const wanted = params.place.toLowerCase();
    features = features.filter((feature) => String(feature.properties.name || "").toLowerCase().includes(wanted));
  }
  const details = el("section", {class: "card map-details", id: "map-details", "aria-live": "polite"},
    el("h2", {}, "What is there"), el("p", {class: "muted"}, "Pick a circle."));
  const whole = params.world === "1" || !features.length;
  const svg = drawMap(world, features, whole, (feature) => showFeature(details, feature));
  const {world: _, ...others} = params;
  container.append(el("p", {}, tableLink("map-table"), " · ",
    el("a", {href: route("map", null, whole ? others : {...others, world: "1"})},
      whole ? "Zoom to the data" : "Show the whole world"), " · ",
    el("span", {class: "key-event"}, "● event locations"), " ", el("span", {class: "key-place"}, "● places mentioned")));
  container.append(el("div", {class: "map-layout"}, el("div", {class: "map-frame"}, svg), details));
  if (!features.length) container.append(message("No located events or places match these filters."));
  container.append(tableAlternative("map-table", "Places and event locations (table)", [
    ["Kind", (feature) => feature.properties.kind], ["Name", (feature) => feature.properties.name],
    ["Country", (feature) => feature.properties.country || ""], ["Count", (feature) => String(feature.properties.count)],
    ["", (feature) => el("button", {type: "button", onclick: () => showFeature(details, feature)}, "List")],
  ], features, apiPath("/api/events.csv", params)));
}

async function loadWorld() {
  if (!worldCache) {
    const response = await fetch(WORLD);
    if (!response.ok) throw new Error(`the world map did not load (HTTP ${response.status})`);
    worldCache = await response.json();
  }
  return worldCache;
}

function svgNode(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** The area the data covers, widened so a single place still shows its region. */
function dataExtent(features) {
  const lons = features.map((feature) => feature.geometry.coordinates[0]);
  const lats = features.map((feature) => feature.geometry.coordinates[1]);
  const pad = 15;
  const [west, east] = [Math.max(-180, Math.min(...lons) - pad), Math.min(180, Math.max(...lons) + pad)];
  const [south, north] = [Math.max(-85, Math.min(...lats) - pad), Math.min(85, Math.max(...lats) + pad)];
  return {type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south]]};
}

function drawMap(world, features, whole, onPick) {
  const countries = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([WIDTH, HEIGHT], whole ? {type: "Sphere"} : dataExtent(features));
  const path = d3.geoPath(projection);
  const svg = svgNode("svg", {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "world-map", role: "group",
    "aria-label": "World map of event locations and places; the table below lists them."});
  const land = svgNode("g", {class: "countries"});
  for (const country of countries.features) {
    const shape = svgNode("path", {d: path(country) || "", class: "country"});
    const name = svgNode("title", {});
    name.textContent = country.properties && country.properties.name ? country.properties.name : "";
    shape.append(name);
    land.append(shape);
  }
  const layer = svgNode("g", {class: "zoom-layer"});
  layer.append(svgNode("path", {d: path({type: "Sphere"}), class: "sphere"}), land);
  svg.append(layer);
  const maxCount = Math.max(1, ...features.map((feature) => feature.properties.count || 1));
  const dots = svgNode("g", {class: "dots"});
  // Big circles first so small ones stay clickable on top.
  const ordered = [...features].sort((a, b) => (b.properties.count || 0) - (a.properties.count || 0));
  for (const feature of ordered) {
    const point = projection(feature.geometry.coordinates);
    if (!point) continue;
    const {kind, name, count} = feature.properties;
    const circle = svgNode("circle", {cx: point[0].toFixed(1), cy: point[1].toFixed(1),
      r: (3 + 17 * Math.sqrt((count || 1) / maxCount)).toFixed(1), class: `dot dot-${kind}`, tabindex: 0, role: "button",
      "data-name": name, "data-kind": kind});
    circle.setAttribute("aria-label", `${name}: ${count} ${kind === "event" ? "events" : "articles"}`);
    const tip = svgNode("title", {});
    tip.textContent = `${name}: ${count} ${kind === "event" ? "events" : "articles"}`;
    circle.append(tip);
    circle.addEventListener("click", () => onPick(feature));
    circle.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        onPick(feature);
      }
    });
    dots.append(circle);
  }
  layer.append(dots);
  // Wheel or pinch to zoom, drag to pan; circles keep their size on screen.
  const radii = [...dots.children].map((circle) => Number(circle.getAttribute("r")));
  d3.select(svg).call(d3.zoom().scaleExtent([1, 12]).translateExtent([[0, 0], [WIDTH, HEIGHT]])
    .on("zoom", ({transform}) => {
      layer.setAttribute("transform", transform.toString());
      [...dots.children].forEach((circle, i) => circle.setAttribute("r", (radii[i] / Math.sqrt(transform.k)).toFixed(2)));
    }));
  return svg;
}

async function showFeature(box, feature) {
  const {kind, name, country, count} = feature.properties;
  clear(box);
  box.append(el("h2", {}, `${name}${country ? ` (${country})` : ""}`));
  if (kind === "event") {
    const keys = feature.properties.event_keys || [];
    box.append(el("p", {class: "muted"}, `${count} events here` + (keys.length < count ? `; the first ${keys.length} are listed` : "")));
    box.append(eventList(await eventsByKey(keys)));
  } else {
    box.append(el("p", {class: "muted"}, `Mentioned in ${count} articles.`));
    const page = await getJSON("/api/articles", {place: name, limit: 20});
    box.append(table([
      ["Published", (row) => row.published || "—"],
      ["Title", (row) => el("a", {href: route("article", row.id)}, row.title || row.id)],
    ], page.items || []));
  }
  box.dataset.feature = `${kind}:${name}`;
}
