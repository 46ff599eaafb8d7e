// The dashboard's router: #/view/argument?filters picks one view module and lets it draw into <main>.

import {clear, el, message} from "./dom.js";
import * as overview from "./overview.js";
import * as article from "./article.js";
import * as network from "./network.js";
import * as timeline from "./timeline.js";
import * as map from "./map.js";
import * as quotes from "./quotes.js";
import * as analyze from "./analyze.js";

const VIEWS = {overview, article, network, timeline, map, quotes, analyze};
const main = document.getElementById("view");
let generation = 0;

/** Split "#/view/arg?x=1" into its parts. */
export function parseHash(hash) {
  const text = hash.replace(/^#\/?/, "");
  const [path, query = ""] = text.split("?", 2);
  const [name, ...rest] = path.split("/");
  const params = Object.fromEntries(new URLSearchParams(query));
  return {name: name || "overview", arg: rest.length ? decodeURIComponent(rest.join("/")) : null, params};
}

async function show() {
  const current = ++generation;
  const {name, arg, params} = parseHash(window.location.hash);
  const view = VIEWS[name];
  document.querySelectorAll("[data-nav]").forEach((link) => {
    if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
  document.body.dataset.view = view ? name : "missing";
  clear(main);
  main.removeAttribute("data-ready");
  if (!view) {
    main.append(message(`There is no view called "${name}".`, "error"));
    main.dataset.ready = "true";
    return;
  }
  const container = el("div", {class: `view view-${name}`});
  main.append(container);
  try {
    await view.render(container, {arg, params, isCurrent: () => current === generation});
  } catch (error) {
    if (current !== generation) return;
    container.append(message(`Could not load this view: ${error.message}`, "error"));
  }
  if (current === generation) main.dataset.ready = "true";
}

window.addEventListener("hashchange", show);
// The vendored libraries are classic deferred scripts; a module script runs after them.
show();
