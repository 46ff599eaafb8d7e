// Quotes: pick a speaker, read their statements in date order with stance and a link to each article.

import {apiPath, getJSON, route} from "./api.js";
import {el, heading, message} from "./dom.js";

/** Draw the speaker picker and, when one is chosen, their quotes. */
export async function render(container, {params, isCurrent}) {
  container.append(heading("Quotes", "Who said what, in date order."));
  const speakers = await getJSON("/api/quotes/speakers", {limit: 200});
  if (!isCurrent()) return;
  const picker = el("select", {name: "speaker", id: "speaker-picker"},
    el("option", {value: ""}, "choose a speaker"),
    (speakers.items || []).map((row) => el("option", {value: row.speaker, selected: row.speaker === params.speaker},
      `${row.speaker} (${row.quotes})`)));
  picker.addEventListener("change", () => {
    window.location.hash = route("quotes", null, picker.value ? {speaker: picker.value} : {});
  });
  container.append(el("form", {class: "filters", "aria-label": "Speaker"},
    el("label", {for: "speaker-picker"}, "Speaker "), picker,
    params.actor ? el("span", {class: "muted"}, ` Showing the quotes of speakers coded ${params.actor}.`) : null));
  if (!(speakers.items || []).length) {
    container.append(message("No quotes in this store yet."));
    return;
  }
  if (!params.speaker && !params.actor) return;
  const query = params.speaker ? {speaker: params.speaker} : {actor: params.actor};
  const page = await getJSON("/api/quotes", {...query, limit: 500});
  if (!isCurrent()) return;
  const rows = page.items || [];
  container.append(el("p", {}, `${rows.length} statements`, page.next_cursor ? " (the first 500)" : "", " · ",
    el("a", {href: apiPath("/api/quotes.csv", query), class: "table-link", download: ""}, "Download as CSV")));
  container.append(el("ol", {class: "quote-list"}, rows.map((row) => el("li", {class: "quote-item"},
    el("div", {class: "quote-meta"},
      el("strong", {}, row.published || "undated"), " · ", row.speaker, " ",
      el("span", {class: `badge stance-${String(row.stance || "").replace(/[^a-z]/g, "")}`}, row.stance || "no stance"),
      el("span", {class: "muted"}, ` ${row.kind || ""}${row.cue ? `, “${row.cue}”` : ""}`)),
    el("blockquote", {class: "quote-content"}, (row.content || []).join(" … ")),
    el("a", {href: route("article", row.article_id, {start: row.start, end: row.end})}, row.title || "Open the article")))));
}
