"""Tests for reading articles from files, folders and stdin."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import langid
import pytest

from newsgraph.errors import ConfigError, InputError, Messages
from newsgraph.reading import (
    HTML_FALLBACK_NOTE,
    NormalisedText,
    article_id,
    detect_language,
    normalise,
    normalise_date,
    read_inputs,
    read_text,
)
from newsgraph.schema import Article, Skip
from newsgraph.settings import ReadingSettings

DATA = Path(__file__).parent / "data" / "reading"
SETTINGS = ReadingSettings()

FERRY_BODY = (
    "The town council of Harbourside voted on Wednesday evening to approve a new ferry link "
    "between the old quay and the island of Marrow, ending two years of argument over its cost.")
STORM = ("Police closed the coastal road on Tuesday after a storm brought down trees and power "
         "lines across the county, and forecasters warned that more wind was on the way.")
GERMAN = ("Die Stadtverwaltung hat am Mittwoch beschlossen, die alte Fähre durch ein neues Schiff "
          "zu ersetzen. Die Bürger der Insel begrüßen die Entscheidung, halten die Preise aber "
          "für zu hoch.")
FRENCH = ("Le conseil municipal a décidé mercredi de remplacer le vieux bac par un nouveau bateau. "
          "Les habitants de l'île saluent la décision, mais trouvent les tarifs encore trop élevés.")
SPANISH = ("El ayuntamiento decidió el miércoles sustituir el viejo transbordador por un barco "
           "nuevo. Los vecinos de la isla celebran la decisión, pero creen que los billetes son "
           "demasiado caros.")


def read_all(paths: list[str], settings: ReadingSettings = SETTINGS,
             **options: object) -> list[Article | Skip]:
    return list(read_inputs(paths, settings, **options))  # type: ignore[arg-type]


def only(results: list[Article | Skip]) -> Article | Skip:
    assert len(results) == 1, results
    return results[0]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- normalisation -----------------------------------------------------------------------------


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    raw = ("The harbour master said the first sailings were planned for April\n"
           "and that a timetable would follow once the crews had been hired and\n"
           "trained.\n"
           "\n"
           "Islanders said fares were too high.\n")
    assert normalise(raw).text == (
        "The harbour master said the first sailings were planned for April and that a timetable "
        "would follow once the crews had been hired and trained.\n\n"
        "Islanders said fares were too high.")


def test_a_word_hyphenated_at_a_wrap_is_joined_without_a_space() -> None:
    raw = ("Councillors agreed a long-\nterm plan for the quay after a debate that went on\n"
           "late into the night.")
    assert "a long-term plan" in normalise(raw).text


def test_headings_and_list_items_stay_separate_paragraphs_in_wrapped_text() -> None:
    raw = ("The contract goes out to tender next month, and the council expects to\n"
           "choose an operator before the summer holidays begin.\n"
           "Fares And Timetables\n"
           "Residents on the island welcomed the vote but said the proposed fares\n"
           "were still too high. The council listed its promises:\n"
           "- Fares will be reviewed every year\n"
           "- Children under five will travel free\n")
    paragraphs = normalise(raw).text.split("\n\n")
    assert paragraphs == [
        "The contract goes out to tender next month, and the council expects to choose an "
        "operator before the summer holidays begin.",
        "Fares And Timetables",
        "Residents on the island welcomed the vote but said the proposed fares were still too "
        "high. The council listed its promises:",
        "- Fares will be reviewed every year",
        "- Children under five will travel free",
    ]


def test_lines_that_are_whole_paragraphs_are_not_merged() -> None:
    raw = ("The library reopened on Friday after eight months of repairs to its ground floor.\n"
           "More than two hundred people queued before the doors opened.\n"
           "It will stay open late on Saturdays.")
    assert normalise(raw).text.split("\n\n") == raw.split("\n")


def test_characters_are_cleaned_but_quotes_and_dashes_kept() -> None:
    raw = ("  Cafe\u0301 owners\u00a0in\u2009the\tsquare \u2014 all   twelve of them \u2014 said\r\n"
           "\u201cenough\u201d\x07 about the \u2018new\u2019 rules\u200b.\u00ad  ")
    text = normalise(raw).text
    assert text == ("Caf\u00e9 owners in the square \u2014 all twelve of them \u2014 said "
                    "\u201cenough\u201d about the \u2018new\u2019 rules.")


def test_headings_are_recorded_with_offsets_into_the_text() -> None:
    raw = ("Millbrook Library Reopens\n\n"
           "The central library reopened on Friday after a long closure.\n\n"
           "A BUSY FIRST MORNING\n\n"
           "More than two hundred people queued before the doors opened.\n\n"
           "What the librarians said:\n\n"
           "They said the queue was the longest they had seen.\n\n"
           "Opening Hours Change")
    result = normalise(raw)
    assert [heading.text for heading in result.headings] == [
        "Millbrook Library Reopens", "A BUSY FIRST MORNING"]
    for heading in result.headings:
        assert result.text[heading.start:heading.end] == heading.text


def test_sentence_case_and_long_lines_are_not_headings() -> None:
    raw = ("The mayor spoke first\n\n"
           "The Mayor Of Millbrook And The Council Leader Of The Whole Valley Both Spoke At "
           "Length\n\n"
           "Both promised more money for the library next year.")
    assert normalise(raw).headings == []


def test_trailing_boilerplate_is_dropped_and_recorded() -> None:
    raw = (f"{FERRY_BODY}\n\n"
           "Councillors said the boats would start running in the spring.\n\n"
           "See also:\nFerry Fares Explained\nHow the Quay Was Saved\n\n"
           "Share on Facebook\nShare on X\nFollow us on Instagram\n"
           "Subscribe to our newsletter\nSign up for breaking news alerts\n"
           "Click here to read our privacy policy.\n"
           "Copyright 2025 The Gazette\nAll rights reserved.")
    result = normalise(raw)
    assert result.text == (f"{FERRY_BODY}\n\n"
                           "Councillors said the boats would start running in the spring.")
    assert result.boilerplate == [
        "See also:", "Ferry Fares Explained", "How the Quay Was Saved", "Share on Facebook",
        "Share on X", "Follow us on Instagram", "Subscribe to our newsletter",
        "Sign up for breaking news alerts", "Click here to read our privacy policy.",
        "Copyright 2025 The Gazette", "All rights reserved."]


def test_a_read_also_block_in_the_body_is_dropped() -> None:
    raw = (f"{FERRY_BODY}\n\n"
           "Read also: Why the Old Quay Closed\n\n"
           "Related:\nMarrow Islanders Count the Cost\nA Short History of the Ferry\n\n"
           "Councillors said the boats would start running in the spring.")
    result = normalise(raw)
    assert result.text == (f"{FERRY_BODY}\n\n"
                           "Councillors said the boats would start running in the spring.")
    assert result.boilerplate == ["Read also: Why the Old Quay Closed", "Related:",
                                  "Marrow Islanders Count the Cost", "A Short History of the Ferry"]


def test_real_sentences_that_look_like_boilerplate_are_kept() -> None:
    endings = ["Shares in the ferry operator rose four per cent after the vote.",
               "Related talks with the fishermen will continue next week.",
               "Read more about the plan on the council's website, officials said.",
               "Subscribe to the idea or not, the ferry is coming, the mayor told reporters "
               "at a packed meeting in the town hall on Wednesday night."]
    raw = FERRY_BODY + "\n\n" + "\n\n".join(endings)
    result = normalise(raw)
    assert result.text == raw
    assert result.boilerplate == []


@pytest.mark.parametrize("raw", [
    (DATA / "harbour_ferry.txt").read_text(encoding="utf-8"),
    "Title\n\nLine one of\nthe body.\n\n\n\nRead more:\nA B\n\nBody again.\n\n\u00a9 2025",
    "  \u00a0 A  B \t C\u2028D\u2029E\r\nF\rG\x0cH\n",
    "- a list item that is wrapped\nacross two lines\n- Second Item\nText after it.",
    "",
])
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalise(raw)
    twice = normalise(once.text)
    assert twice.text == once.text
    assert twice.headings == once.headings
    assert twice.boilerplate == []


def test_normalised_text_is_a_frozen_record() -> None:
    result = normalise("Some text here.")
    assert isinstance(result, NormalisedText)
    with pytest.raises(AttributeError):
        result.text = "changed"  # type: ignore[misc]


# --- ids, dates, language ----------------------------------------------------------------------


def test_article_id_is_a_prefix_of_the_sha256_of_the_normalised_text() -> None:
    text = normalise(STORM).text
    assert article_id(STORM) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert article_id("  " + STORM.replace(" ", "   ") + "\n") == article_id(STORM)
    assert article_id(STORM) != article_id(FERRY_BODY)


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-02-27", "2025-02-27"),
    ("27 February 2025", "2025-02-27"),
    ("February 27, 2025", "2025-02-27"),
    ("2025-02-27T10:00:00Z", "2025-02-27"),
    ("Thursday, 27th Feb 2025", "2025-02-27"),
    ("sometime last week", None),
    ("2025-02-30", None),
    ("31 Smarch 2025", None),
    (None, None),
])
def test_dates_are_normalised_to_iso(value: str | None, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(("text", "language"), [
    (STORM, "en"), (GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es")])
def test_detect_language(text: str, language: str) -> None:
    code, confidence = detect_language(text)
    assert code == language
    assert 0.5 < confidence <= 1.0


def test_short_english_that_langid_misreads_is_still_english() -> None:
    text = "Paris Saint-Germain beat Olympique de Marseille at the Parc des Princes."
    assert langid.classify(text)[0] != "en"
    assert detect_language(text)[0] == "en"


# --- read_text ---------------------------------------------------------------------------------


def test_read_text_builds_an_article() -> None:
    article = read_text(STORM, origin="memo", title="  Storm   closes road ",
                        published="February 27, 2025", source="County Times",
                        url="https://times.example/storm", author="Sam Oduya", settings=SETTINGS)
    assert isinstance(article, Article)
    assert article.id == article_id(STORM)
    assert article.text == STORM
    assert article.title == "Storm closes road"
    assert article.published == "2025-02-27"
    assert (article.source, article.url, article.author) == (
        "County Times", "https://times.example/storm", "Sam Oduya")
    assert article.origin == "memo"
    assert article.language == "en"


@pytest.mark.parametrize(("raw", "template", "values", "readable"), [
    ("   \n\n  ", Messages.EMPTY, {}, False),
    ("Share this article\n\u00a9 2025 The Gazette", Messages.EMPTY, {}, False),
    ("Too short to read.", Messages.TOO_SHORT, {"chars": 18, "minimum": 40}, True),
])
def test_read_text_skips_texts_with_nothing_to_analyse(raw: str, template: str,
                                                       values: dict[str, int],
                                                       readable: bool) -> None:
    result = read_text(raw, origin="memo", settings=SETTINGS)
    assert result == Skip("memo", template.format(origin="memo", **values), readable=readable)


@pytest.mark.parametrize(("text", "language"), [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es")])
def test_read_text_skips_articles_not_in_english(text: str, language: str) -> None:
    result = read_text(text, origin="memo", settings=SETTINGS)
    assert result == Skip("memo", Messages.NOT_ENGLISH.format(origin="memo", language=language),
                          language=language)


# --- plain text --------------------------------------------------------------------------------


def test_plain_text_file_with_title_metadata_heading_and_boilerplate() -> None:
    article = only(read_all([str(DATA / "harbour_ferry.txt")]))
    assert isinstance(article, Article)
    assert article.title == "Harbourside Approves New Ferry Link"
    assert article.published == "2025-02-27"
    assert article.source == "Harbourside Gazette"
    assert article.url == "https://gazette.example/ferry-link"
    assert article.author == "Ellen Price"
    assert article.origin == str(DATA / "harbour_ferry.txt")
    assert article.text.startswith("The town council of Harbourside voted on Wednesday evening "
                                   "to approve a new ferry link between")
    assert "Harbourside Approves" not in article.text
    assert "Published" not in article.text
    assert "timetable would follow once the crews had been hired." in article.text
    assert [heading.text for heading in article.headings] == ["What Happens Next"]
    heading = article.headings[0]
    assert article.text[heading.start:heading.end] == "What Happens Next"
    assert article.text.endswith("- Fares will be reviewed every year\n\n"
                                 "- Children under five will travel free")
    assert article.boilerplate == [
        "Read more:", "Why the Old Quay Closed", "Marrow Islanders Count the Cost",
        "Share this article", "\u00a9 2025 Harbourside Gazette. All rights reserved."]
    assert normalise(article.text).text == article.text


def test_metadata_lines_stop_at_the_first_other_line(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt",
                 "Storm Closes Coast Road\nDATE: not a real date\nAuthor: Sam Oduya\n"
                 f"{STORM}\nSource: this line is body text, not metadata, said the editor.\n")
    article = only(read_all([str(path)]))
    assert isinstance(article, Article)
    assert article.published is None
    assert article.author == "Sam Oduya"
    assert article.source is None
    assert article.text.startswith("Police closed the coastal road")
    assert "Source: this line is body text" in article.text


def test_a_sentence_starting_with_by_is_not_a_byline(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", f"Storm Closes Coast Road\nBy the time the storm passed, "
                                        f"three villages had lost power.\n\n{STORM}\n")
    article = only(read_all([str(path)]))
    assert isinstance(article, Article)
    assert article.author is None
    assert article.text.startswith("By the time the storm passed")


def test_a_single_paragraph_file_is_a_body_without_a_title(tmp_path: Path) -> None:
    article = only(read_all([str(write(tmp_path, "one.txt", STORM + "\n"))]))
    assert isinstance(article, Article)
    assert article.title is None
    assert article.text == STORM


def test_markdown_heading_marks_are_removed(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", f"# Storm Closes Coast Road\n\n{STORM}\n\n## Clean-Up "
                                       "Begins\n\nCrews cleared the fallen trees by Wednesday.\n")
    article = only(read_all([str(path)], input_format="markdown"))
    assert isinstance(article, Article)
    assert article.title == "Storm Closes Coast Road"
    assert [heading.text for heading in article.headings] == ["Clean-Up Begins"]


# --- HTML --------------------------------------------------------------------------------------


def test_html_page_gives_main_text_and_metadata() -> None:
    article = only(read_all([str(DATA / "library_reopens.html")]))
    assert isinstance(article, Article)
    assert article.title == "Flooded library reopens its doors"
    assert article.published == "2025-03-14"
    assert article.author == "Priya Natarajan"
    assert article.source == "The Valley Courier"
    assert article.url == "https://courier.example/news/library-reopens"
    assert article.text.startswith("The central library in Millbrook reopened on Friday")
    assert "Privacy policy" not in article.text
    assert "Sport" not in article.text
    assert [heading.text for heading in article.headings] == ["A Busy First Morning"]
    heading = article.headings[0]
    assert article.text[heading.start:heading.end] == heading.text
    assert normalise(article.text).text == article.text


@pytest.mark.parametrize("markup", [
    "<html><head><title>Nothing here</title></head><body><script>var x = 1;</script></body></html>",
    "<<<>>><<</",
    "<div" * 2000,
    "<html><body><p>Unclosed <b>tags <i>and</p></div></span>" * 3,
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&a;</x>",
])
def test_malformed_html_never_raises(tmp_path: Path, markup: str) -> None:
    result = only(read_all([str(write(tmp_path, "page.html", markup))]))
    assert isinstance(result, (Article, Skip))


def test_an_extractor_failure_falls_back_to_plain_text_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser crashed")

    monkeypatch.setattr("trafilatura.bare_extraction", explode)
    path = write(tmp_path, "page.html", f"<html><body><p>{STORM}</p></body></html>")
    article = only(read_all([str(path)]))
    assert isinstance(article, Article)
    assert article.text == STORM
    assert article.boilerplate[0] == HTML_FALLBACK_NOTE
    empty = write(tmp_path, "empty.html", "<html><body><div><p></p></div></body></html>")
    assert only(read_all([str(empty)])) == Skip(
        str(empty), Messages.MALFORMED_HTML.format(origin=str(empty)))


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html",
                 "<html><head><title>Photos</title></head><body><img src='a.png'></body></html>")
    assert only(read_all([str(path)])) == Skip(
        str(path), Messages.MALFORMED_HTML.format(origin=str(path)))


# --- JSONL, JSON and CSV -----------------------------------------------------------------------


def test_a_malformed_jsonl_line_is_skipped_and_the_others_read() -> None:
    path = str(DATA / "wind_farm.jsonl")
    results = read_all([path])
    assert [type(result) for result in results] == [Article, Skip, Skip, Article]
    first, malformed, missing, last = results
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(malformed, Skip)
    assert first.origin == f"{path}:1"
    assert first.title == "Offshore Wind Farm Goes Live"
    assert first.published == "2025-03-03"
    assert (first.source, first.url) == ("Coastal Post", "https://post.example/wind")
    assert malformed.origin == f"{path}:2"
    assert malformed.reason == Messages.MALFORMED_JSON.format(
        origin=path, line=2, detail="Expecting ',' delimiter")
    assert missing == Skip(f"{path}:3", Messages.MISSING_FIELD.format(
        origin=path, line=3, field="text", role="text"))
    assert last.origin == f"{path}:5"


def test_jsonl_field_names_come_from_settings(tmp_path: Path) -> None:
    record = {"body": STORM, "headline": "Storm Closes Road", "link": "https://x.example/s",
              "when": "27 February 2025", "paper": "County Times", "text": "ignored"}
    path = write(tmp_path, "feed.ndjson", json.dumps(record) + "\n[1, 2]\n")
    settings = ReadingSettings(text_field="body", title_field="headline", url_field="link",
                               date_field="when", source_field="paper")
    article, not_object = read_all([str(path)], settings)
    assert isinstance(article, Article)
    assert (article.text, article.title, article.url, article.published, article.source) == (
        STORM, "Storm Closes Road", "https://x.example/s", "2025-02-27", "County Times")
    assert not_object == Skip(f"{path}:2", Messages.NOT_A_RECORD.format(
        origin=str(path), line=2, field="body"))


def test_bad_lines_in_jsonl_do_not_stop_reading(tmp_path: Path) -> None:
    good = json.dumps({"text": STORM}).encode()
    too_long = json.dumps({"text": "word " * 100}).encode()
    path = write(tmp_path, "feed.jsonl",
                 good + b"\n" + too_long + b"\n" + b'{"text": "caf\xe9"}\n' + good + b"\n")
    results = read_all([str(path)], ReadingSettings(max_bytes=300))
    assert [type(result) for result in results] == [Article, Skip, Skip, Article]
    assert results[1] == Skip(f"{path}:2", Messages.TOO_LARGE.format(
        origin=f"{path}:2", size=len(too_long) + 1, limit=300))
    bad_byte = len(good) + 1 + len(too_long) + 1 + len(b'{"text": "caf')
    assert results[2] == Skip(f"{path}:3", Messages.BAD_ENCODING.format(
        origin=f"{path}:3", position=bad_byte))


def test_pathological_json_lines_are_skipped(tmp_path: Path) -> None:
    lines = ["[" * 200_000, '{"text": ' + "9" * 5000 + "}", json.dumps({"text": STORM})]
    path = write(tmp_path, "odd.jsonl", "\n".join(lines))
    results = read_all([str(path)])
    assert [type(result) for result in results] == [Skip, Skip, Article]
    nested = results[0]
    assert isinstance(nested, Skip) and nested.origin == f"{path}:1"
    assert "nested too deeply" in nested.reason


def test_json_file_with_an_array_or_one_object(tmp_path: Path) -> None:
    array = write(tmp_path, "many.json", json.dumps([{"text": STORM}, {"title": "no text"}]))
    one = write(tmp_path, "one.json", json.dumps({"text": FERRY_BODY, "title": "Ferry"}))
    first, missing = read_all([str(array)])
    assert isinstance(first, Article) and first.origin == f"{array}:1"
    assert isinstance(missing, Skip) and missing.origin == f"{array}:2"
    article = only(read_all([str(one)]))
    assert isinstance(article, Article)
    assert (article.origin, article.title) == (str(one), "Ferry")


def test_csv_columns_are_mapped_through_settings() -> None:
    settings = ReadingSettings(text_field="story", title_field="headline", url_field="link",
                               date_field="day", source_field="outlet")
    path = str(DATA / "bakery.csv")
    first, second = read_all([path], settings)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.origin == f"{path}:2"
    assert first.text == ("The bakery on Mill Street, which has made bread for ninety years, "
                          "will close at the end of the month because its owners are retiring.")
    assert (first.title, first.url, first.published, first.source) == (
        "Mill Street Bakery To Close", "https://news.example/bakery", "2025-02-03",
        "Millbrook News")
    assert second.origin == f"{path}:4"
    assert (second.url, second.published) == (None, None)


def test_csv_without_the_text_column_is_skipped_once() -> None:
    path = str(DATA / "bakery.csv")
    assert read_all([path]) == [Skip(path, Messages.MISSING_FIELD.format(
        origin=path, line=1, field="text", role="text"))]


def test_csv_with_a_field_over_the_default_csv_limit(tmp_path: Path) -> None:
    body = " ".join([STORM] * 1500)
    path = tmp_path / "big.csv"
    path.write_text(f'title,text\nBig,"{body}"\n', encoding="utf-8")
    article = only(read_all([str(path)]))
    assert isinstance(article, Article)
    assert len(article.text) > 131072


def test_csv_rows_over_the_limit_or_unreadable_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f'text\n"{STORM}"\n"{"x" * 1000}"\n"{"y" * 140_000}"\n"{STORM}"\n',
                    encoding="utf-8")
    results = read_all([str(path)], ReadingSettings(max_bytes=500))
    assert [type(result) for result in results] == [Article, Skip, Skip, Article]
    assert results[1] == Skip(f"{path}:3", Messages.TOO_LARGE.format(
        origin=f"{path}:3", size=1000, limit=500))
    unreadable = results[2]
    assert isinstance(unreadable, Skip) and unreadable.origin == f"{path}:4"
    assert unreadable.reason.startswith(f"{path}: row 4 cannot be read as CSV (field larger")


# --- bad bytes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl", "empty.csv"])
@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_files_are_skipped(tmp_path: Path, name: str, content: bytes) -> None:
    path = write(tmp_path, name, content)
    assert read_all([str(path)]) == [Skip(str(path), Messages.EMPTY.format(origin=str(path)))]


@pytest.mark.parametrize("name", ["photo.txt", "photo.html", "photo.jsonl", "photo.csv"])
@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    bytes([1, 2, 3, 4, 5, 6, 7, 8, 65, 66]) * 50,
])
def test_binary_files_are_skipped(tmp_path: Path, name: str, content: bytes) -> None:
    path = write(tmp_path, name, content)
    assert read_all([str(path)]) == [Skip(str(path), Messages.BINARY.format(origin=str(path)))]


def test_a_file_over_the_size_limit_is_skipped_without_being_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        for _ in range(20):
            handle.write((STORM + "\n").encode() * (1_000_000 // (len(STORM) + 1) + 1))
    size = path.stat().st_size
    assert size > 20_000_000

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert read_all([str(path)]) == [Skip(str(path), Messages.TOO_LARGE.format(
        origin=str(path), size=size, limit=SETTINGS.max_bytes))]


def test_invalid_utf8_is_skipped_with_the_byte_offset(tmp_path: Path) -> None:
    content = STORM.encode() + b" caf\xe9 " + STORM.encode()
    path = write(tmp_path, "latin.txt", content)
    assert read_all([str(path)]) == [Skip(str(path), Messages.BAD_ENCODING.format(
        origin=str(path), position=len(STORM) + 4))]


def test_invalid_utf8_in_csv_is_skipped_with_the_byte_offset(tmp_path: Path) -> None:
    content = b"title,text\nStorm,\"" + STORM.encode() + b" caf\xe9\"\n"
    path = write(tmp_path, "latin.csv", content)
    assert read_all([str(path)]) == [Skip(str(path), Messages.BAD_ENCODING.format(
        origin=str(path), position=content.index(b"\xe9")))]


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    text_file = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + STORM.encode())
    csv_file = write(tmp_path, "bom.csv", b"\xef\xbb\xbftext\n\"" + STORM.encode() + b"\"\n")
    jsonl_file = write(tmp_path, "bom.jsonl", b"\xef\xbb\xbf" + json.dumps({"text": STORM}).encode())
    results = read_all([str(text_file), str(csv_file), str(jsonl_file)])
    assert [result.text for result in results if isinstance(result, Article)] == [STORM] * 3


def test_the_encoding_setting_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", (STORM + " Caf\u00e9 owners agreed.").encode("latin-1"))
    article = only(read_all([str(path)], ReadingSettings(encoding="latin-1")))
    assert isinstance(article, Article)
    assert article.text.endswith("Caf\u00e9 owners agreed.")


def test_an_unknown_encoding_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="reading.encoding"):
        read_inputs([], ReadingSettings(encoding="no-such-codec"))


# --- files, folders and stdin ------------------------------------------------------------------


def test_folders_are_read_recursively_in_order(tmp_path: Path) -> None:
    write(tmp_path, "b/storm.txt", STORM)
    write(tmp_path, "a/ferry.text", FERRY_BODY)
    write(tmp_path, "a/deeper/notes.md", STORM + " The clean-up took two days.")
    write(tmp_path, "a/photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF")
    write(tmp_path, "a/.hidden.txt", STORM)
    write(tmp_path, "c/README", STORM)
    write(tmp_path, "a/deeper/page.html", f"<html><body><p>{FERRY_BODY}</p></body></html>")
    origins = [result.origin for result in read_all([str(tmp_path)])]
    # Only the documented suffixes: Markdown notes and .text files are not articles.
    assert origins == [str(tmp_path / "a/deeper/page.html"), str(tmp_path / "b/storm.txt")]


def test_a_named_file_of_unknown_type_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "story.docx", STORM)
    assert read_all([str(path)]) == [Skip(str(path), Messages.UNKNOWN_FORMAT.format(
        origin=str(path), suffix=".docx"))]


def test_input_format_overrides_the_suffix(tmp_path: Path) -> None:
    write(tmp_path, "feed/page", f"<html><body><article><p>{STORM}</p></article></body></html>")
    articles = read_all([str(tmp_path / "feed")], input_format="html")
    assert [article.text for article in articles if isinstance(article, Article)] == [STORM]


def test_an_unknown_input_format_is_refused() -> None:
    with pytest.raises(InputError, match="unknown input format 'pdf'"):
        read_inputs(["x"], SETTINGS, input_format="pdf")


def test_a_missing_path_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.txt")
    present = write(tmp_path, "here.txt", STORM)
    results = read_all([missing, str(present)])
    assert results[0] == Skip(missing, Messages.NOT_FOUND.format(path=missing))
    assert isinstance(results[1], Article)


def test_stdin_plain_text() -> None:
    article = only(read_all(["-"], stdin=io.StringIO(f"Storm Closes Road\n\n{STORM}\n")))
    assert isinstance(article, Article)
    assert (article.origin, article.title, article.text) == ("<stdin>", "Storm Closes Road", STORM)


def test_stdin_html_is_recognised_by_its_first_character() -> None:
    page = f"\n  <html><body><article><h1>Storm Closes Road</h1><p>{STORM}</p></article></body></html>"
    article = only(read_all(["-"], stdin=io.StringIO(page)))
    assert isinstance(article, Article)
    assert (article.origin, article.title, article.text) == ("<stdin>", "Storm Closes Road", STORM)


def test_stdin_bytes_are_checked_like_files(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(STORM.encode() + b"\xff"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stream)
    assert read_all(["-"]) == [Skip("<stdin>", Messages.BAD_ENCODING.format(
        origin="<stdin>", position=len(STORM)))]


def test_stdin_over_the_size_limit() -> None:
    stream = io.TextIOWrapper(io.BytesIO(STORM.encode() * 10), encoding="utf-8")
    assert read_all(["-"], ReadingSettings(max_bytes=500), stdin=stream) == [
        Skip("<stdin>", Messages.TOO_LARGE.format(origin="<stdin>", size=len(STORM) * 10,
                                                  limit=500))]


def test_stdin_records_with_an_input_format() -> None:
    lines = json.dumps({"text": STORM}) + "\nnot json\n"
    article, skip = read_all(["-"], stdin=io.StringIO(lines), input_format="jsonl")
    assert isinstance(article, Article) and article.origin == "<stdin>:1"
    assert isinstance(skip, Skip) and skip.origin == "<stdin>:2"


def test_a_mixed_batch_of_bad_inputs_never_raises(tmp_path: Path) -> None:
    paths = [write(tmp_path, "good.txt", STORM),
             write(tmp_path, "empty.txt", b""),
             write(tmp_path, "binary.txt", b"\x00\x01\x02"),
             write(tmp_path, "latin.txt", b"caf\xe9 " * 20),
             write(tmp_path, "german.txt", GERMAN),
             write(tmp_path, "broken.html", b"<html><body><p>x</p"),
             write(tmp_path, "broken.jsonl", b"{\n}\n{]")]
    results = read_all([str(path) for path in paths])
    assert sum(isinstance(result, Article) for result in results) == 1
    german = next(result for result in results if str(result.origin).endswith("german.txt"))
    assert isinstance(german, Skip) and german.language == "de"
