// Talking to the newsgraph JSON API of the same server (never any other host).

const TOKEN = new URLSearchParams(window.location.search).get("token");

/** Raised for a non-2xx answer; message is the server's one-line JSON error. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function headers(extra = {}) {
  return TOKEN ? {...extra, Authorization: `Bearer ${TOKEN}`} : extra;
}

/** "/api/x" plus the non-empty parameters as a query string. */
export function apiPath(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    query.set(key, String(value));
  }
  if (TOKEN) query.set("token", TOKEN);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function answer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const text = body && body.error && body.error.message ? body.error.message : `HTTP ${response.status}`;
    throw new ApiError(response.status, text);
  }
  return body;
}

/** GET a JSON document from the API. */
export async function getJSON(path, params = {}) {
  const response = await fetch(apiPath(path, params), {headers: headers(), credentials: "same-origin"});
  return answer(response);
}

/** POST a JSON body to the API. */
export async function postJSON(path, body) {
  const response = await fetch(apiPath(path), {
    method: "POST", headers: headers({"Content-Type": "application/json"}), body: JSON.stringify(body),
    credentials: "same-origin",
  });
  return answer(response);
}

/** A dashboard route link (#/view/arg?params). */
export function route(view, arg, params = {}) {
  let hash = `#/${view}`;
  if (arg !== undefined && arg !== null && arg !== "") hash += `/${encodeURIComponent(arg)}`;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${hash}?${text}` : hash;
}

/** Fetch events by key in chunks the API accepts (at most 200 a request). */
export async function eventsByKey(keys) {
  const items = [];
  for (let i = 0; i < keys.length; i += 200) {
    const page = await getJSON("/api/events", {ids: keys.slice(i, i + 200).join(","), limit: 1000, all: "true"});
    items.push(...page.items);
  }
  return items;
}
