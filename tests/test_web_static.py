"""The dashboard's static files, read as files: vendored libraries unchanged and licensed, no
inline script or style, no HTML parsing of strings, nothing addressed outside the server."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "web" / "static"
VENDOR = STATIC / "vendor"
VIEWS = ["overview", "article", "network", "timeline", "map", "quotes", "analyze"]


def _sources() -> list[tuple[str, str, str]]:
    rows = []
    for line in (VENDOR / "SOURCES.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, digest, package, _ = line.split()
            rows.append((name, digest, package))
    return rows


def test_every_vendored_file_is_listed_unchanged_with_its_licence() -> None:
    listed = {name for name, _, _ in _sources()}
    shipped = {path.name for path in VENDOR.iterdir()
               if path.suffix in (".js", ".json") and not path.name.endswith(".LICENSE.txt")}
    assert listed == shipped
    for name, digest, package in _sources():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} was changed"
        stem = name.split(".min.js")[0].split(".countries")[0]
        assert re.fullmatch(r"[a-z0-9-]+-\d+\.\d+\.\d+", stem), f"{name}: no version in its name"
        assert stem.endswith(package.rsplit("@", 1)[1])
        licence = VENDOR / f"{stem}.LICENSE.txt"
        assert licence.exists() and "permission" in licence.read_text(encoding="utf-8").lower()


def test_one_module_per_view_and_every_module_exists() -> None:
    modules = {path.stem for path in (STATIC / "js").glob("*.js")}
    assert set(VIEWS) <= modules
    for path in (STATIC / "js").glob("*.js"):
        for imported in re.findall(r'from "\./([\w-]+)\.js"', path.read_text(encoding="utf-8")):
            assert imported in modules, f"{path.name} imports a missing module {imported}"


@pytest.mark.parametrize("path", sorted((STATIC / "js").glob("*.js")) + [STATIC / "index.html"],
                         ids=lambda path: path.name)
def test_no_string_becomes_html_or_code(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for pattern in (r"\.innerHTML", r"\.outerHTML", r"insertAdjacentHTML", r"document\.write",
                    r"\beval\(", r"new Function", r"DOMParser", r"createContextualFragment"):
        assert not re.search(pattern, source), f"{path.name} uses {pattern}"


def test_page_has_no_inline_script_or_style_and_no_outside_address() -> None:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts and all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    assert "<style" not in page and " style=" not in page and "javascript:" not in page
    for address in re.findall(r'(?:src|href)="([^"]*)"', page):
        assert address.startswith(("/", "#")) and not address.startswith("//"), address
        if address.startswith("/") and address != "/":
            assert (STATIC / address.lstrip("/")).exists(), f"{address} is not shipped"


def test_modules_fetch_only_the_server() -> None:
    for path in (STATIC / "js").glob("*.js"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", source), f"{path.name} names another host"
        for target in re.findall(r'fetch\(([^)]*)\)', source):
            assert target.strip().startswith(("apiPath(", "WORLD")), f"{path.name}: fetch({target})"
