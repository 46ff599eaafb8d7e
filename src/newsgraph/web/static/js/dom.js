// Building the page from data. Article text is hostile: it only ever becomes a text node,
// links only ever point inside the dashboard or to http(s) addresses, and no HTML is parsed from strings.

const ALLOWED_ATTRIBUTES = new Set([
  "id", "class", "href", "title", "role", "tabindex", "type", "name", "value", "for", "placeholder",
  "min", "max", "step", "rows", "cols", "checked", "selected", "disabled", "hidden", "open", "colspan",
  "maxlength", "autocomplete", "spellcheck", "rel", "target", "download", "scope", "lang",
]);

/** Create an element; children that are strings become text nodes, null and false are skipped. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key.startsWith("data-") || key.startsWith("aria-")) {
      node.setAttribute(key, String(value));
    } else if (key === "href") {
      node.setAttribute("href", safeHref(String(value)));
    } else if (ALLOWED_ATTRIBUTES.has(key)) {
      node.setAttribute(key, value === true ? "" : String(value));
    } else {
      throw new Error(`attribute not allowed: ${key}`);
    }
  }
  append(node, ...children);
  return node;
}

/** Append children (nodes, strings as text, arrays flattened). */
export function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** An address safe to put in href: a dashboard route, an /api path, or an http(s) URL; otherwise "#". */
export function safeHref(value) {
  if (value.startsWith("#/") || value === "#" || (value.startsWith("/") && !value.startsWith("//"))) return value;
  return externalUrl(value) || "#";
}

/** The URL when it is http(s), else null (javascript:, data:, relative paths and junk are refused). */
export function externalUrl(value) {
  if (typeof value !== "string" || value.length > 2000) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A link to an article's own page on its site when its URL is http(s); otherwise the URL as plain text. */
export function sourceLink(url) {
  const safe = externalUrl(url);
  if (!safe) return url ? el("span", {class: "muted", title: "not an http(s) address; shown as text"}, url) : null;
  return el("a", {href: safe, rel: "noopener noreferrer nofollow", target: "_blank"}, url);
}

/** A heading plus an optional subtitle. */
export function heading(text, subtitle) {
  return el("div", {class: "view-heading"}, el("h1", {}, text), subtitle ? el("p", {class: "muted"}, subtitle) : null);
}

/** A table of rows; columns are [label, (row) => node or text]. */
export function table(columns, rows, {caption, className} = {}) {
  return el("table", {class: className || "data-table"},
    caption ? el("caption", {}, caption) : null,
    el("thead", {}, el("tr", {}, columns.map(([label]) => el("th", {scope: "col"}, label)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, columns.map(([, cell]) => el("td", {}, cell(row)))))));
}

/** A collapsible table that stands in for a chart, with a link to the same rows as CSV. */
export function tableAlternative(id, summary, columns, rows, csvHref) {
  return el("details", {class: "table-alternative", id},
    el("summary", {}, summary),
    csvHref ? el("p", {}, el("a", {href: csvHref, class: "table-link", download: ""}, "Download as CSV")) : null,
    rows.length ? table(columns, rows) : el("p", {class: "muted"}, "No rows."));
}

/** The link shown next to a chart that opens its table. */
export function tableLink(id, label = "Table of this chart") {
  return el("a", {href: "#", class: "table-link", "data-table-for": id, onclick: (event) => {
    event.preventDefault();
    const details = document.getElementById(id);
    if (!details) return;
    details.open = true;
    details.scrollIntoView({block: "start"});
    details.querySelector("summary").focus();
  }}, label);
}

/** A message box (info or error). */
export function message(text, kind = "info") {
  return el("p", {class: `message message-${kind}`, role: kind === "error" ? "alert" : "status"}, text);
}

/** Briefly highlight nodes (restarting the animation if it runs). */
export function flash(nodes) {
  for (const node of nodes) {
    node.classList.remove("flash");
    void node.getBoundingClientRect();
    node.classList.add("flash");
  }
  setTimeout(() => nodes.forEach((node) => node.classList.remove("flash")), 1600);
}

/** Plot adds a <style> to each chart, which the page's CSP refuses; style.css carries the same rules. */
export function withoutInlineStyle(chart) {
  chart.querySelectorAll("style").forEach((node) => node.remove());
  if (chart.tagName === "STYLE") return null;
  return chart;
}

/** Quad class names and colours shared by the charts. */
export const QUADS = {
  1: {name: "verbal cooperation", colour: "#2b83ba"},
  2: {name: "material cooperation", colour: "#1a9641"},
  3: {name: "verbal conflict", colour: "#fdae61"},
  4: {name: "material conflict", colour: "#d7191c"},
};

/** A date range + quad + factual-only filter form; calls onChange(params) on submit. */
export function filterForm(params, onChange, {quad = true, factual = true, actor = true} = {}) {
  const since = el("input", {type: "date", name: "since", value: params.since || ""});
  const until = el("input", {type: "date", name: "until", value: params.until || ""});
  const quadSelect = quad ? el("select", {name: "quad"},
    el("option", {value: ""}, "all quad classes"),
    Object.entries(QUADS).map(([key, {name}]) =>
      el("option", {value: key, selected: String(params.quad || "") === key}, `${key} ${name}`))) : null;
  const factualBox = factual ? el("input", {type: "checkbox", name: "factual", checked: params.all !== "true"}) : null;
  const actorInput = actor ? el("input", {type: "text", name: "actor", value: params.actor || "", maxlength: 100,
    placeholder: "RUS, USAGOV, Putin"}) : null;
  const form = el("form", {class: "filters", "aria-label": "Filters"},
    el("label", {}, "From ", since),
    el("label", {}, "to ", until),
    quadSelect ? el("label", {}, "Quad class ", quadSelect) : null,
    actorInput ? el("label", {}, "Actor ", actorInput) : null,
    factualBox ? el("label", {class: "checkbox"}, factualBox, " factual events only") : null,
    el("button", {type: "submit"}, "Apply"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = {};
    if (since.value) next.since = since.value;
    if (until.value) next.until = until.value;
    if (quadSelect && quadSelect.value) next.quad = quadSelect.value;
    if (actorInput && actorInput.value.trim()) next.actor = actorInput.value.trim();
    if (factualBox && !factualBox.checked) next.all = "true";
    onChange(next);
  });
  return form;
}
