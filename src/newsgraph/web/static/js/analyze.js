// Analyze: paste a text, get the article view of its Analysis (POST /api/analyze; nothing is stored).

import {postJSON} from "./api.js";
import {clear, el, heading, message} from "./dom.js";
import {renderAnalysis} from "./article.js";

const MAX_CHARACTERS = 1000000;

/** Draw the form; on submit, the Analysis below it. */
export async function render(container) {
  container.append(heading("Analyze a text", "Paste an English news article. It is analysed on this machine and not stored."));
  const text = el("textarea", {name: "text", id: "analyze-text", rows: 12, maxlength: MAX_CHARACTERS, spellcheck: "false",
    placeholder: "Paste the article text here."});
  const title = el("input", {type: "text", name: "title", id: "analyze-title", maxlength: 500});
  const published = el("input", {type: "date", name: "published", id: "analyze-published"});
  const button = el("button", {type: "submit"}, "Analyze");
  const result = el("div", {class: "analyze-result", "aria-live": "polite"});
  const form = el("form", {class: "analyze-form"},
    el("label", {for: "analyze-title"}, "Title (optional)"), title,
    el("label", {for: "analyze-published"}, "Published (optional)"), published,
    el("label", {for: "analyze-text"}, "Text"), text,
    el("p", {}, button));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(result);
    if (!text.value.trim()) {
      result.append(message("Paste a text first.", "error"));
      return;
    }
    button.disabled = true;
    result.append(message("Analysing… (the first text loads the language models, which takes a few seconds)"));
    try {
      const analysis = await postJSON("/api/analyze", {
        text: text.value, title: title.value.trim() || null, published: published.value || null, source: null, url: null,
      });
      clear(result);
      renderAnalysis(result, analysis);
    } catch (error) {
      clear(result);
      result.append(message(error.message, "error"));
    } finally {
      button.disabled = false;
    }
  });
  container.append(form, result);
}
