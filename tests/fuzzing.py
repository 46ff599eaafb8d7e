"""Fuzz targets shared by tests/test_fuzz.py (a bounded run) and benchmarks/fuzz.py (a long one).

Each target takes hypothesis-drawn input and checks that the only outcomes are what the code
promises: an Article, a Skip, Settings, a loaded dictionary, or newsgraph's own error
(NewsgraphError, whose message the user sees as one line). Anything else is a failure.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from newsgraph.errors import NewsgraphError
from newsgraph.reading import article_id, normalise, read_inputs
from newsgraph.schema import Article, Skip
from newsgraph.settings import ReadingSettings, Settings, load_settings

READING = ReadingSettings(max_bytes=200_000)
_WORK = Path(tempfile.mkdtemp(prefix="newsgraph-fuzz-"))

# Characters that stress reading: controls, format marks, joiners, line and paragraph
# separators, combining accents, quotes, markup, and letters of several scripts.
_SPECIAL = ("\x00\x01\x08\x0b\x0c\x1b\x7f\x85\u00a0\u00ad\u0301\u0308\u061c\u0645\u0915\u094d"
            "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u2060\u2066\u2069\ufeff"
            "\ufffd\U0001f469\U0001f52c\ud800\r\n\t<>&\"'“”‘’.!?;:,|#-*•")
_WORDS = ("Geneva minister talks said Published: Source: By Read also Share this article "
          "<p> </p> <div> &amp; http://example.org the of and").split()

characters = st.one_of(st.characters(), st.sampled_from(_SPECIAL))
texts = st.one_of(
    st.text(characters, max_size=400),
    st.lists(st.one_of(st.sampled_from(_WORDS), st.text(characters, max_size=12),
                       st.sampled_from(["\n", "\n\n", " ", ". ", "\r\n"])),
             max_size=120).map("".join),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(characters, max_size=60),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["text", "title", "date", "url", "source", "x"]) | st.text(max_size=5),
                      children, max_size=5),
    max_leaves=12)


def _write(name: str, data: bytes) -> Path:
    # One file per name, overwritten by each example: runs are sequential.
    path = _WORK / name
    path.write_bytes(data)
    return path


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def check_read(path: str, **options: Any) -> list[Article | Skip]:
    """Read ``path``; every result must be an Article that keeps the reading invariants, or a Skip."""
    try:
        results = list(read_inputs([path], READING, **options))
    except NewsgraphError:
        return []
    for result in results:
        assert isinstance(result, (Article, Skip)), result
        if isinstance(result, Skip):
            assert result.reason and "\n" not in result.reason
            continue
        check_article(result)
    return results


def check_article(article: Article) -> None:
    """An Article's text is normalised, its id is its digest, and its headings point into it."""
    assert article.text and normalise(article.text).text == article.text
    assert article.id == article_id(article.text)
    for heading in article.headings:
        assert article.text[heading.start:heading.end] == heading.text
    check_no_stray_format_characters(article.text)


def check_no_stray_format_characters(text: str) -> None:
    stray = [character for character in text
             if unicodedata.category(character) == "Cf" and character not in "\u200c\u200d"]
    assert not stray, [hex(ord(character)) for character in stray]


# --- targets: each takes drawn data -------------------------------------------------------------


def normalisation_target(raw: str) -> None:
    """Normalising is idempotent, heading offsets map back, no stray format mark stays, and no
    stretch of more than 1,000 characters lacks sentence punctuation."""
    result = normalise(raw)
    assert normalise(result.text).text == result.text
    for heading in result.headings:
        assert result.text[heading.start:heading.end] == heading.text
    check_no_stray_format_characters(result.text)
    for paragraph in result.text.split("\n\n"):
        longest = max((len(part) for part in _split_sentences(paragraph)), default=0)
        assert longest <= 1000, longest


def _split_sentences(paragraph: str) -> list[str]:
    parts = [""]
    for character in paragraph:
        parts[-1] += character
        if character in ".!?;:":
            parts.append("")
    return parts


def text_file_target(raw: str, as_bytes: bytes) -> None:
    check_read(str(_write("story.txt", _encode(raw))))
    check_read(str(_write("raw.txt", as_bytes)))


def html_file_target(raw: str, depth: int, as_bytes: bytes) -> None:
    page = "<html><body>" + "<div>" * depth + f"<p>{raw}</p>" + "</div>" * (depth // 2) + raw
    check_read(str(_write("page.html", _encode(page))))
    check_read(str(_write("raw.html", as_bytes)))


def jsonl_file_target(records: list[Any], raw_lines: list[str]) -> None:
    lines = [json.dumps(record, ensure_ascii=False) for record in records] + raw_lines
    check_read(str(_write("records.jsonl", _encode("\n".join(lines)))))


def csv_file_target(rows: list[list[str]], header: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    check_read(str(_write("records.csv", _encode(buffer.getvalue()))))


def stdin_target(raw: str) -> None:
    check_read("-", stdin=io.StringIO(raw))


def settings_target(toml_text: str, overrides: list[str]) -> None:
    """A settings file and overrides load into Settings, or fail with newsgraph's own error."""
    path = _write("newsgraph.toml", _encode(toml_text))
    try:
        settings = load_settings(path, overrides=overrides)
    except NewsgraphError:
        return
    assert isinstance(settings, Settings)


def dictionary_target(kind: str, text: str) -> None:
    """A user's dictionary file loads, or fails with newsgraph's own error.

    The text reaches the loader the way a user's file does: written as bytes (a lone surrogate
    becomes bytes that are not UTF-8) and read back by ``read_data_file``.
    """
    from newsgraph.datafiles import read_data_file

    loader = dictionary_loaders()[kind]
    path = _write(f"{kind}.yaml", _encode(text))
    try:
        loader(read_data_file(path))
    except NewsgraphError:
        return


def dictionary_loaders() -> dict[str, Callable[[str], object]]:
    from newsgraph import knowledge
    from newsgraph.events import petrarch
    from newsgraph.events.lexicon import read_lexicon
    from newsgraph.framing.taxonomies import parse_taxonomy

    def actors(text: str) -> object:
        people: dict[str, Any] = {}
        organisations: dict[str, Any] = {}
        knowledge._read_actors(knowledge._Document("actors.yaml", text), _KNOWN, people,
                               organisations, expected="'people' and/or 'organisations' lists")
        return people, organisations

    return {
        "actors": actors,
        "verbs": lambda text: read_lexicon("verbs.yaml", text),
        "taxonomy": lambda text: parse_taxonomy(text, "taxonomy.yaml"),
        "petrarch_actors": lambda text: petrarch.read_actors("actors.txt", text),
        "petrarch_agents": lambda text: petrarch.read_agents("agents.txt", text),
        "petrarch_verbs": lambda text: petrarch.read_verbs("verbs.txt", text),
    }


_KNOWN = frozenset({"USA", "RUS", "UKR", "FRA", "DEU", "TUR", "CHE"})

# --- strategies for the structured inputs ------------------------------------------------------

_SETTING_KEYS = {
    "reading": ["max_bytes", "min_chars", "encoding", "text_field"],
    "nlp": ["model", "batch_size", "max_chars"],
    "pipeline": ["stages"],
    "executor": ["kind", "workers", "batch_size"],
    "store": ["path"],
    "dedup": ["threshold", "num_perm", "shingle"],
    "events": ["max_tokens", "require", "verb_files"],
    "framing": ["threads", "zero_shot_threshold"],
    "unknown": ["key"],
}
toml_scalars = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                         st.text(characters, max_size=20), st.lists(st.text(max_size=8), max_size=3))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace("inf", "inf")
    return json.dumps(value)


@st.composite
def toml_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(texts)
    lines = []
    for section in draw(st.lists(st.sampled_from(sorted(_SETTING_KEYS)), max_size=4, unique=True)):
        lines.append(f"[{section}]")
        for key in draw(st.lists(st.sampled_from(_SETTING_KEYS[section]), max_size=3, unique=True)):
            lines.append(f"{key} = {_toml_value(draw(toml_scalars))}")
    return "\n".join(lines)


overrides = st.lists(st.one_of(
    st.builds(lambda section, key, value: f"{section}.{key}={value}",
              st.sampled_from(sorted(_SETTING_KEYS)), st.sampled_from(["batch_size", "path", "x"]),
              st.text(characters, max_size=10)),
    st.text(characters, max_size=20)), max_size=3)

_YAML_KEYS = ["people", "organisations", "name", "country", "offices", "title", "role", "sector",
              "start", "end", "aliases", "code", "verbs", "nouns", "mutual", "shared", "label",
              "description", "examples", "children", "kind", "name", "010", "042", "190"]
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(characters, max_size=20)
    | st.sampled_from(["USA", "RUSGOV", "GOV", "2025-01-01", "2030-13-40", "call for ceasefire"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(_YAML_KEYS), children, max_size=5),
    max_leaves=20)


@st.composite
def dictionary_texts(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return draw(texts)
    if choice == 1:
        return yaml.safe_dump(draw(yaml_values), allow_unicode=True)
    # PETRARCH-style lines: codes in brackets, words joined by underscores, comments.
    line = st.lists(st.sampled_from(["+", "-", "[", "]", "~", "_", "#", "!", "{", "}", "<", ">",
                                     "USA", "GOV", "[010]", "[USAGOV]", "PRESIDENT", "=", "*",
                                     "SAY", "MEET", "WITH", " "]), max_size=10).map("".join)
    return "\n".join(draw(st.lists(line, max_size=20)))
