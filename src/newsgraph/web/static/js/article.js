// Article view: the text with its evidence highlighted, and a side panel whose items scroll to their evidence.

import {apiPath, getJSON, route} from "./api.js";
import {QUADS, el, flash, message, sourceLink} from "./dom.js";

const KIND_CLASSES = {entity: "hl-entity", event: "hl-event", quote: "hl-quote", cue: "hl-cue", technique: "hl-technique",
  heading: "hl-heading"};

/** Draw the stored article whose id is in the route. */
export async function render(container, {arg, params}) {
  if (!arg) {
    container.append(message("No article id in the address; pick one from the Overview.", "error"));
    return;
  }
  const analysis = await getJSON(`/api/articles/${encodeURIComponent(arg)}`);
  renderAnalysis(container, analysis, {stored: true});
  const start = Number(params.start);
  const end = Number(params.end);
  if (Number.isInteger(start) && Number.isInteger(end) && end > start) showRange(container, start, end);
}

/** Scroll to and flash the highlighted pieces inside [start, end) (a link from a quote or an event). */
function showRange(container, start, end) {
  const nodes = [...container.querySelectorAll("#article-text span.seg")]
    .filter((node) => Number(node.dataset.start) >= start && Number(node.dataset.end) <= end);
  if (!nodes.length) return;
  nodes[0].scrollIntoView({block: "center"});
  flash(nodes);
}

/** Draw one Analysis (stored, or fresh from /api/analyze) into container. */
export function renderAnalysis(container, analysis, {stored = false} = {}) {
  const article = analysis.article || {};
  const text = typeof article.text === "string" ? article.text : "";
  const marks = collectMarks(analysis);
  const body = el("div", {class: "article-text", id: "article-text", "aria-label": "Article text"});
  body.append(highlightedText(text, marks));
  const panel = sidePanel(analysis, body);
  container.append(
    articleHeader(article, stored),
    legend(),
    el("div", {class: "article-layout"},
      el("section", {class: "article-body", "aria-label": "Text"}, body),
      panel));
}

function articleHeader(article, stored) {
  const meta = [
    article.published ? ["Published", article.published] : null,
    article.source ? ["Source", article.source] : null,
    article.author ? ["Author", article.author] : null,
    article.url ? ["Address", sourceLink(article.url)] : null,
    article.origin ? ["Read from", article.origin] : null,
    article.duplicate_of ? ["Duplicate of", el("a", {href: route("article", article.duplicate_of)}, article.duplicate_of)] : null,
    stored ? ["JSON", el("a", {href: apiPath(`/api/articles/${encodeURIComponent(article.id)}`)}, "this Analysis as JSON")] : null,
  ].filter(Boolean);
  return el("header", {class: "article-header"},
    el("h1", {class: "article-title"}, article.title || "(untitled article)"),
    el("dl", {class: "meta"}, meta.map(([key, value]) => [el("dt", {}, key), el("dd", {}, value)])));
}

function legend() {
  return el("p", {class: "legend", "aria-label": "Colours"},
    el("span", {class: "hl-entity"}, "entity"), " ",
    el("span", {class: "hl-event"}, "event trigger"), " ",
    el("span", {class: "hl-quote"}, "quotation"), " ",
    el("span", {class: "hl-cue"}, "speech verb"), " ",
    el("span", {class: "hl-technique"}, "persuasion technique"));
}

function validSpan(span) {
  return span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.end > span.start;
}

function evidenceOf(item) {
  return Array.isArray(item && item.evidence) ? item.evidence.filter(validSpan) : [];
}

/** The trigger's own spans among an event's evidence (the first span is its sentence). */
export function triggerSpans(event) {
  const words = new Set(String(event.trigger || "").split(/\s+/).filter(Boolean));
  return evidenceOf(event).slice(1).filter((span) => words.has(span.text));
}

/**
 * Every span the page knows, as {start, end, ids, kind}. ids are the keys a click flashes:
 * "x:<item>" for all evidence of a panel item, plus precise ids the tests can check
 * (m:<entity>:<n> for a mention, ev:<event> for a trigger, qc:<quote>:<n> for quoted content).
 */
function collectMarks(analysis) {
  const marks = [];
  const add = (span, kind, ...ids) => {
    if (validSpan(span)) marks.push({start: span.start, end: span.end, kind, ids});
  };
  ((analysis.article || {}).headings || []).forEach((span) => add(span, "heading"));
  (analysis.entities || []).forEach((entity) => {
    (entity.mentions || []).forEach((mention, n) => add(mention, "entity", `x:entity:${entity.id}`, `m:${entity.id}:${n}`));
  });
  (analysis.events || []).forEach((event, n) => {
    const key = `event:${event.id || n}`;
    evidenceOf(event).forEach((span) => add(span, null, `x:${key}`));
    triggerSpans(event).forEach((span) => add(span, "event", `x:${key}`, `ev:${event.id || n}`));
  });
  (analysis.quotes || []).forEach((quote, n) => {
    const id = quote.id || `q${n}`;
    (quote.content || []).forEach((span, i) => add(span, "quote", `x:quote:${id}`, `qc:${id}:${i}`));
    if (quote.cue) add(quote.cue, "cue", `x:quote:${id}`);
    if (quote.speaker && quote.speaker.text) add(quote.speaker.text, null, `x:quote:${id}`);
  });
  (analysis.techniques || []).forEach((technique, n) => {
    const spans = validSpan(technique.span) ? [technique.span] : evidenceOf(technique);
    spans.forEach((span) => add(span, "technique", `x:technique:${n}`, `t:${n}`));
  });
  for (const section of ["roles", "narratives", "frames"]) {
    (analysis[section] || []).forEach((item, n) => {
      evidenceOf(item).forEach((span) => add(span, null, `x:${section}:${n}`));
      if (item.mention) add(item.mention, null, `x:${section}:${n}`);
    });
  }
  for (const section of ["genre", "tone"]) {
    evidenceOf(analysis[section]).forEach((span) => add(span, null, `x:${section}`));
  }
  return marks;
}

/**
 * The text cut at every span edge; covered pieces become <span>s carrying their marks' ids and their
 * offsets (in code points, as Python counts them). Text only ever enters through text nodes.
 */
function highlightedText(text, marks) {
  const chars = Array.from(text);
  const length = chars.length;
  const piece = chars.length === text.length ? (a, b) => text.slice(a, b) : (a, b) => chars.slice(a, b).join("");
  const edges = new Set([0, length]);
  const usable = marks.filter((mark) => mark.start < length).map((mark) => ({...mark, end: Math.min(mark.end, length)}));
  usable.forEach((mark) => { edges.add(mark.start); edges.add(mark.end); });
  const cuts = [...edges].sort((a, b) => a - b);
  const indexOf = new Map(cuts.map((cut, i) => [cut, i]));
  const covering = cuts.map(() => []);
  for (const mark of usable) {
    for (let i = indexOf.get(mark.start); i < indexOf.get(mark.end); i++) covering[i].push(mark);
  }
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < cuts.length - 1; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const segment = piece(start, end);
    if (!covering[i].length) {
      fragment.append(document.createTextNode(segment));
      continue;
    }
    const classes = new Set(["seg"]);
    const ids = new Set();
    for (const mark of covering[i]) {
      if (mark.kind) classes.add(KIND_CLASSES[mark.kind]);
      mark.ids.forEach((id) => ids.add(id));
    }
    const node = el("span", {class: [...classes].join(" "), "data-start": start, "data-end": end,
      "data-marks": [...ids].join(" ")}, segment);
    fragment.append(node);
  }
  return fragment;
}

function segmentsOf(body, id) {
  return [...body.querySelectorAll("span.seg")].filter((node) => node.dataset.marks.split(" ").includes(id));
}

function showEvidence(body, id, preferred) {
  const nodes = segmentsOf(body, id);
  if (!nodes.length) return;
  const target = (preferred && segmentsOf(body, preferred)[0]) || nodes[0];
  target.scrollIntoView({block: "center"});
  flash(nodes);
}

function item(body, id, preferred, ...content) {
  return el("li", {}, el("button", {type: "button", class: "evidence-button", "data-evidence": id,
    onclick: () => showEvidence(body, id, preferred)}, ...content));
}

function section(title, count, items, emptyText) {
  return el("section", {class: "panel-section"},
    el("h2", {}, `${title} `, el("span", {class: "count"}, `(${count})`)),
    items.length ? el("ul", {class: "panel-list"}, items) : el("p", {class: "muted"}, emptyText || "None found."));
}

function shorten(text, limit = 160) {
  const value = String(text || "");
  return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
}

function score(value) {
  return typeof value === "number" ? ` ${value.toFixed(2)}` : "";
}

function sidePanel(analysis, body) {
  const entities = [...(analysis.entities || [])]
    .sort((a, b) => (b.mentions || []).length - (a.mentions || []).length);
  const events = analysis.events || [];
  const quotes = analysis.quotes || [];
  const genre = analysis.genre;
  const tone = analysis.tone;
  const panel = el("aside", {class: "article-panel", "aria-label": "What was found"},
    el("section", {class: "panel-section"},
      el("h2", {}, "Genre and tone"),
      el("ul", {class: "panel-list"},
        genre ? item(body, "x:genre", null, `Genre: ${genre.label}`, el("span", {class: "muted"}, score(genre.confidence)))
          : el("li", {class: "muted"}, "Genre: not computed"),
        tone ? item(body, "x:tone", null, `Tone: ${tone.label}`, el("span", {class: "muted"},
          typeof tone.value === "number" ? ` ${tone.value}` : "")) : el("li", {class: "muted"}, "Tone: not computed"))),
    section("Entities", entities.length, entities.map((entity) => item(body, `x:entity:${entity.id}`, null,
      el("span", {class: "swatch hl-entity"}, entity.name), " ",
      el("span", {class: "muted"}, [entity.type, entity.code, `${(entity.mentions || []).length}×`].filter(Boolean).join(" · "))))),
    section("Events", events.length, events.map((event, n) => item(body, `x:event:${event.id || n}`, `ev:${event.id || n}`,
      el("span", {class: `quad-dot quad-${event.quad_class}`, title: (QUADS[event.quad_class] || {}).name || ""}),
      `${(event.source && event.source.name) || "?"} `,
      el("span", {class: "swatch hl-event"}, event.trigger || event.cameo_name || "?"),
      ` ${(event.target && event.target.name) || ""}${event.target_inferred ? " (inferred)" : ""}`,
      el("span", {class: "muted"}, ` ${event.cameo || ""} ${event.cameo_name || ""}${event.date ? ` · ${event.date}` : ""}`),
      event.factual === false ? el("span", {class: "badge"}, event.modality || "not factual") : null,
      event.detector && event.detector !== "lexicon" ? el("span", {class: "badge", title: "which detector found it"},
        event.detector) : null))),
    section("Quotes", quotes.length, quotes.map((quote, n) => item(body, `x:quote:${quote.id || `q${n}`}`, `qc:${quote.id || `q${n}`}:0`,
      el("strong", {}, (quote.speaker && quote.speaker.name) || "unknown speaker"), ": ",
      el("span", {class: "swatch hl-quote"}, shorten((quote.content || []).map((span) => span.text).join(" … "))),
      quote.stance ? el("span", {class: "badge"}, quote.stance) : null))),
    section("Roles", (analysis.roles || []).length, (analysis.roles || []).map((role, n) => item(body, `x:roles:${n}`, null,
      el("strong", {}, role.name || role.entity || "?"), `: ${role.main_role || "?"}`,
      (role.fine_roles || []).length ? el("span", {class: "muted"}, ` (${role.fine_roles.map((r) => r.label || r).join(", ")})`) : null))),
    section("Narratives", (analysis.narratives || []).length, (analysis.narratives || []).map((narrative, n) =>
      item(body, `x:narratives:${n}`, null, narrative.label, el("span", {class: "muted"}, score(narrative.score)),
        (narrative.subnarratives || []).length
          ? el("span", {class: "muted"}, ` — ${narrative.subnarratives.map((sub) => sub.label).join("; ")}`) : null))),
    section("Techniques", (analysis.techniques || []).length, (analysis.techniques || []).map((technique, n) =>
      item(body, `x:technique:${n}`, null, el("span", {class: "swatch hl-technique"}, technique.label),
        el("span", {class: "muted"}, score(technique.score))))),
    section("Frames", (analysis.frames || []).length, (analysis.frames || []).map((frame, n) =>
      item(body, `x:frames:${n}`, null, frame.label, el("span", {class: "muted"}, score(frame.score))))));
  return panel;
}
