"""The dashboard in a real browser: Debian chromium driven by Playwright, against a small ingested store.

The server runs on 127.0.0.1 in a thread; every request the pages make is checked to stay there.
Set NEWSGRAPH_SCREENSHOTS=docs/images to save the README's screenshots: the store then holds every
bundled example article, analysed with the full profile, so the network and the map have more to
show and the article view has its framing too.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (Browser, BrowserContext, ConsoleMessage, Dialog, Page, Request, Route,
                                ViewportSize, sync_playwright)

from newsgraph.pipeline import Pipeline

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SMALL_CORPUS = ["istanbul_embassy_talks.txt", "kremlin_thaw_analysis.txt", "donetsk_front.txt",
                "prisoner_exchange.txt"]
SCREENSHOTS = os.environ.get("NEWSGRAPH_SCREENSHOTS")
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
# index.html loads four vendored libraries and the app module, and nothing else may ever add a script.
PAGE_SCRIPTS = 5

# A hostile article: markup and script written as text in every field a page shows.
HOSTILE = {
    "title": "Border deal <img src=x onerror=alert('title')>",
    "source": "<b onmouseover=alert('site')>Evil Site</b><script>alert('site')</script>",
    "url": "javascript:alert('url')",
    "published": "2025-03-04",
    "text": (
        "Officials in Kyiv said on Monday that Ukraine and Poland signed a new agreement on grain "
        "transit. <script>alert('script in body')</script> The text above is a script tag that must "
        "stay plain text. "
        "A reader wrote <img src=x onerror=\"alert('onerror')\"> into the comment box, and the site printed it. "
        "Another line held a link, <a href=\"javascript:alert('link')\">click here</a>, which must never run. "
        "\"We will keep the border open for trucks,\" the Polish foreign minister told reporters in Warsaw. "
        "Russia criticised the agreement and accused Poland of helping the Ukrainian army."),
}

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run installs it with apt-get before the tests", pytrace=False)
    pytest.skip("Debian chromium is not installed (apt-get install -y chromium); CI installs it",
                allow_module_level=True)

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Server:
    """uvicorn serving one app on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("the dashboard server did not start")
            time.sleep(0.05)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding a few bundled examples and the hostile article."""
    from newsgraph.ingest import ingest
    from newsgraph.settings import load_settings
    from newsgraph.store import Store

    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    names = sorted(path.name for path in EXAMPLES.glob("*.txt")) if SCREENSHOTS else SMALL_CORPUS
    paths = [os.path.relpath(EXAMPLES / name) for name in names] + [str(hostile)]
    path = folder / "store.duckdb"
    with Store(path) as store:
        summary = ingest(paths, load_settings(profile="full" if SCREENSHOTS else None), store)
    assert summary.failed == 0
    return path


@pytest.fixture(scope="module")
def base_url(store_path: Path, pipeline: Pipeline) -> Iterator[str]:
    """The app on uvicorn, 127.0.0.1 and a free port, in a background thread."""
    from newsgraph.web.app import create_app

    with _Server(create_app(store_path, pipeline=pipeline)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that it must not: console errors, uncaught errors, dialogs, outside requests."""

    origin: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.outside == [], f"requests left {self.origin}: {self.outside}"


def _watched_page(browser: Browser, origin: str) -> tuple[BrowserContext, Page, Watch]:
    """A 1280x800 page that records errors and dialogs, and stops (and records) requests elsewhere."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    watch = Watch(origin=origin)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.errors.append(message.text)

    def on_dialog(dialog: Dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_route(route: Route, request: Request) -> None:
        if request.url.startswith(origin + "/") or request.url == origin:
            route.continue_()
        else:
            watch.outside.append(request.url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.errors.append(f"uncaught: {error}"))
    page.on("dialog", on_dialog)
    context.route("**/*", on_route)
    return context, page, watch


@pytest.fixture()
def watched(browser: Browser, base_url: str) -> Iterator[tuple[Page, Watch]]:
    context, page, watch = _watched_page(browser, base_url)
    yield page, watch
    context.close()


def _open(page: Page, base_url: str, hash_route: str) -> None:
    page.goto(f"{base_url}/{hash_route}")
    page.wait_for_selector("main[data-ready='true']", timeout=20000)


def _get(base_url: str, path: str) -> Any:
    with urllib.request.urlopen(base_url + path, timeout=30) as response:
        return json.load(response)


def _articles(base_url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = _get(base_url, "/api/articles?limit=100")["items"]
    return items


def _article_id(base_url: str, origin_part: str) -> str:
    for item in _articles(base_url):
        if origin_part in (item.get("origin") or ""):
            return str(item["id"])
    raise AssertionError(f"no stored article read from {origin_part}")


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        folder = ROOT / SCREENSHOTS
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name))


VIEWS = {
    "overview": ("#/", ".articles-table tbody tr"),
    "network": ("#/network", ".network-graph canvas"),
    "timeline": ("#/timeline", ".chart svg"),
    "map": ("#/map", ".world-map circle.dot"),
    "quotes": ("#/quotes", "#speaker-picker option:nth-child(2)"),
    "analyze": ("#/analyze", "#analyze-text"),
}


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_each_view_loads_cleanly(watched: tuple[Page, Watch], base_url: str, view: str) -> None:
    page, watch = watched
    hash_route, content = VIEWS[view]
    _open(page, base_url, hash_route)
    assert page.locator(content).count() > 0
    assert page.locator(".message-error").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
    charts = page.locator(".chart, .network-graph, .world-map").count()
    assert page.locator("a.table-link[data-table-for]").count() >= charts, "a chart without its table link"
    assert charts > 0 or view in ("overview", "quotes", "analyze")
    watch.assert_clean()


def test_article_and_speaker_views_load_cleanly(watched: tuple[Page, Watch], base_url: str) -> None:
    page, watch = watched
    article_id = _article_id(base_url, "istanbul_embassy_talks")
    _open(page, base_url, f"#/article/{article_id}")
    assert page.locator("#article-text span.seg").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
    speaker = _get(base_url, "/api/quotes/speakers?limit=1")["items"][0]["speaker"]
    _open(page, base_url, f"#/quotes?speaker={urllib.parse.quote(speaker)}")
    dates = page.locator(".quote-item .quote-meta strong").all_inner_texts()
    assert dates and dates == sorted(dates)
    watch.assert_clean()


def test_clicking_a_network_edge_lists_its_events(watched: tuple[Page, Watch], base_url: str) -> None:
    page, watch = watched
    _open(page, base_url, "#/network")
    page.wait_for_function("document.getElementById('network-graph').cy.edges().length > 0")
    # The busiest edge whose drawn midpoint no node (or its label) covers, clicked there on the canvas.
    edge = page.evaluate("""() => {
        const cy = document.getElementById('network-graph').cy;
        const covered = (point) => cy.nodes().some((node) => {
            const b = node.renderedBoundingBox();
            return point.x >= b.x1 - 4 && point.x <= b.x2 + 4 && point.y >= b.y1 - 4 && point.y <= b.y2 + 4;
        });
        const edges = cy.edges().filter((e) => !covered(e.renderedMidpoint()))
            .sort((a, b) => b.data('edge').count - a.data('edge').count);
        const edge = edges[0];
        const box = document.getElementById('network-graph').getBoundingClientRect();
        const middle = edge.renderedMidpoint();
        return {id: edge.id(), keys: edge.data('edge').event_keys,
                x: box.left + middle.x, y: box.top + middle.y};
    }""")
    page.mouse.click(edge["x"], edge["y"])
    page.wait_for_selector(f"#edge-events[data-edge='{edge['id']}'] .event-item")
    shown = page.locator("#edge-events .event-item .event-sentence").all_inner_texts()
    expected = _get(base_url, "/api/events?all=true&limit=1000&ids=" + ",".join(edge["keys"]))["items"]
    assert len(shown) == len(expected) > 0
    assert shown == [event["sentence_text"] for event in expected]
    assert all(sentence.strip() for sentence in shown)
    assert page.locator("#edge-events .event-item a[href^='#/article/']").count() == len(expected)
    _screenshot(page, "network.png")
    watch.assert_clean()


SEGMENTS = """(mark) => [...document.querySelectorAll('#article-text span.seg')]
    .filter((node) => node.dataset.marks.split(' ').includes(mark))
    .map((node) => ({start: Number(node.dataset.start), end: Number(node.dataset.end), text: node.textContent,
                     classes: node.className}))"""


def _assert_highlighted(page: Page, mark: str, text: str, start: int, end: int, css_class: str) -> None:
    segments = page.evaluate(SEGMENTS, mark)
    assert segments, f"nothing highlighted for {mark}"
    assert segments[0]["start"] == start and segments[-1]["end"] == end
    for before, after in zip(segments, segments[1:]):
        assert before["end"] == after["start"], f"a gap in the highlight of {mark}"
    assert "".join(segment["text"] for segment in segments) == text[start:end]
    assert all(css_class in segment["classes"].split() for segment in segments)


def test_article_view_highlights_exact_characters(watched: tuple[Page, Watch], base_url: str) -> None:
    page, watch = watched
    article_id = _article_id(base_url, "kremlin_thaw_analysis")
    analysis = _get(base_url, f"/api/articles/{article_id}")
    text = analysis["article"]["text"]
    _open(page, base_url, f"#/article/{article_id}")
    assert page.locator("#article-text").text_content() == text

    entity = max(analysis["entities"], key=lambda item: len(item["mentions"]))
    for number, mention in enumerate(entity["mentions"]):
        _assert_highlighted(page, f"m:{entity['id']}:{number}", text, mention["start"], mention["end"],
                            "hl-entity")
    quote = analysis["quotes"][0]
    content = quote["content"][0]
    _assert_highlighted(page, f"qc:{quote['id']}:0", text, content["start"], content["end"], "hl-quote")
    # An event told by one word (inferred events may have no trigger word at all).
    event = next(item for item in analysis["events"] if item["trigger"] and " " not in item["trigger"])
    trigger = next(span for span in event["evidence"][1:] if span["text"] == event["trigger"])
    _assert_highlighted(page, f"ev:{event['id']}", text, trigger["start"], trigger["end"], "hl-event")
    for number, technique in enumerate(analysis["techniques"]):  # the full profile's framing only
        if technique.get("span"):
            span = technique["span"]
            _assert_highlighted(page, f"t:{number}", text, span["start"], span["end"], "hl-technique")

    # A click in the side panel flashes the item's evidence.
    page.locator(f"button[data-evidence='x:quote:{quote['id']}']").click()
    page.wait_for_selector(".seg.flash.hl-quote")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    page.evaluate("window.scrollTo(0, 0)")
    _screenshot(page, "article.png")
    watch.assert_clean()


def _assert_nothing_ran(page: Page, watch: Watch) -> None:
    assert page.locator("script").count() == PAGE_SCRIPTS
    assert page.locator("main img, main [onerror], main [onmouseover], main b").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    watch.assert_clean()


def test_hostile_article_runs_nothing_and_reads_literally(watched: tuple[Page, Watch], base_url: str) -> None:
    page, watch = watched
    article_id = _article_id(base_url, "hostile.jsonl")
    analysis = _get(base_url, f"/api/articles/{article_id}")
    _open(page, base_url, f"#/article/{article_id}")
    assert page.locator("#article-text").text_content() == analysis["article"]["text"]
    assert "<script>alert('script in body')</script>" in page.locator("#article-text").inner_text()
    assert page.locator("h1.article-title").text_content() == HOSTILE["title"]
    assert page.get_by_text(HOSTILE["source"], exact=True).count() == 1
    assert page.get_by_text(HOSTILE["url"], exact=True).count() == 1
    _assert_nothing_ran(page, watch)

    _open(page, base_url, "#/")
    assert page.get_by_text(HOSTILE["title"], exact=True).count() == 1
    assert page.get_by_text(HOSTILE["source"], exact=True).count() == 1
    _assert_nothing_ran(page, watch)


def test_analyze_shows_a_pasted_hostile_text_as_text(watched: tuple[Page, Watch], base_url: str) -> None:
    page, watch = watched
    _open(page, base_url, "#/analyze")
    page.fill("#analyze-title", HOSTILE["title"])
    page.fill("#analyze-text", HOSTILE["text"])
    page.click(".analyze-form button[type='submit']")
    page.wait_for_selector(".analyze-result #article-text", timeout=60000)
    assert page.locator("#article-text").text_content() == HOSTILE["text"]
    assert page.locator("h1.article-title").text_content() == HOSTILE["title"]
    assert page.locator("#article-text span.hl-entity").count() > 0
    _assert_nothing_ran(page, watch)


def test_map_click_lists_what_is_there(watched: tuple[Page, Watch], base_url: str) -> None:
    page, watch = watched
    _open(page, base_url, "#/map")
    dot = page.locator("circle.dot-event").first
    name = dot.get_attribute("data-name")
    dot.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#map-details[data-feature='event:{name}'] .event-item")
    assert page.locator("#map-details .event-sentence").count() > 0
    _screenshot(page, "map.png")
    watch.assert_clean()


def test_pages_work_behind_a_token(browser: Browser, store_path: Path) -> None:
    from newsgraph.web.app import create_app

    with _Server(create_app(store_path, token="s3cret-token")) as url:
        context, page, watch = _watched_page(browser, url)
        page.goto(f"{url}/?token=s3cret-token#/network")
        page.wait_for_selector("main[data-ready='true']", timeout=20000)
        assert page.locator(".network-graph canvas").count() > 0
        page.click("a[data-nav='timeline']")
        page.wait_for_selector(".chart svg")
        watch.assert_clean()
        context.close()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "/api/stats", timeout=10)
        refused.value.close()
        assert refused.value.code == 401


def test_brushing_the_timeline_picks_a_period(watched: tuple[Page, Watch], base_url: str) -> None:
    page, watch = watched
    _open(page, base_url, "#/timeline?interval=week")
    rows = _get(base_url, "/api/timeline?interval=week")["events"]
    box = page.locator("svg.plot-d6a7b5").bounding_box()
    assert box is not None
    middle = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 60, middle)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 30, middle, steps=5)
    page.mouse.up()
    summary = page.locator(".brush-summary").inner_text()
    picked = re.match(r"(\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d): \d+ events", summary)
    assert picked, summary
    since, until = picked.groups()
    inside = sum(row["events"] for row in rows if since <= row["period"] <= until)
    assert f"{since} to {until}: {inside} events" in summary and inside > 0
    assert page.locator(f".brush-summary a[href*='since={since}'][href*='until={until}']").count() == 2
    watch.assert_clean()
