"""Reading text that is not plain prose: invisible characters, text without punctuation,
broken or very deep HTML, first lines that are not titles, and what stdin holds."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from newsgraph.reading import (HTML_FALLBACK_NOTE, folder_inputs, normalise, read_inputs,
                               read_text)
from newsgraph.schema import Article, Skip
from newsgraph.settings import ReadingSettings

SETTINGS = ReadingSettings()
STORY = ("The harbour authority of Portvale reopened the northern pier on Tuesday after a week "
         "of repairs. Fishing crews said the closure had cost them most of the autumn catch. "
         "The mayor promised a fund for the worst-hit families by the end of the month.")
LEAD = ("Fishing crews in Portvale returned to the northern pier on Tuesday after a week of "
        "repairs that the harbour authority said had cost more than expected.")


def read_one(path: str, **options: object) -> Article | Skip:
    results = list(read_inputs([path], SETTINGS, **options))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


# --- invisible format characters ---------------------------------------------------------------


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
                                  "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u2060",
                                  "\ufeff", "\u00ad", "\u061c"])
def test_format_characters_between_latin_letters_or_words_are_removed(mark: str) -> None:
    raw = f"The minister{mark} arrived in Gen{mark}eva {mark}on Monday.{mark}"
    assert normalise(raw).text == "The minister arrived in Geneva on Monday."


def test_no_format_character_survives_in_english_text() -> None:
    raw = "".join(f"word{chr(code)} " for code in range(0x2000, 0x2070)) + "end."
    text = normalise(raw).text
    assert not [character for character in text if unicodedata.category(character) == "Cf"]


@pytest.mark.parametrize("word", [
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: a non-joiner inside a word
    "\u0915\u094d\u200d\u0937",                        # Devanagari: a joiner inside a conjunct
    "\U0001f469\u200d\U0001f52c",                      # an emoji sequence
])
def test_joiners_that_a_script_needs_stay(word: str) -> None:
    raw = f"The sign read {word} in the old town square."
    assert word in normalise(raw).text


def test_a_removed_mark_between_a_letter_and_its_accent_leaves_the_composed_letter() -> None:
    text = normalise("Cafe\u200b\u0301 talks resumed.").text
    assert text == "Caf\u00e9 talks resumed."
    assert normalise(text).text == text


def test_marks_are_removed_from_titles_and_other_fields_too() -> None:
    article = read_text(STORY, origin="memo", title="Pier\u200f reopens\u202e", settings=SETTINGS,
                        source="Harbour\u200b Post")
    assert isinstance(article, Article)
    assert (article.title, article.source) == ("Pier reopens", "Harbour Post")


# --- text that is not prose --------------------------------------------------------------------


def test_a_long_run_without_punctuation_is_cut_into_bounded_paragraphs() -> None:
    run = " ".join(f"item{number} harbour pier" for number in range(400))
    text = normalise(f"{STORY}\n\n{run}\n\n{STORY}").text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == STORY and paragraphs[-1] == STORY
    assert max(len(paragraph) for paragraph in paragraphs) <= 300
    assert " ".join(paragraphs[1:-1]) == run
    assert normalise(text).text == text


def test_a_single_run_of_letters_without_spaces_is_cut_too() -> None:
    paragraphs = normalise("x" * 5000).text.split("\n\n")
    assert "".join(paragraphs) == "x" * 5000
    assert max(len(paragraph) for paragraph in paragraphs) <= 300


def test_long_sentences_that_end_are_left_alone() -> None:
    sentence = "The council, " + "after long debate and many delays, " * 20 + "agreed."
    assert normalise(sentence).text == sentence


@pytest.mark.parametrize("raw", [
    "harbour pier fishing crews autumn catch " * 5000,        # 200,000 characters, no punctuation
    "| pier | boats | catch |\n| north | 12 | 40 |\n" * 200,  # a table
    "\n".join(f"- Harbour news item number {n}" for n in range(300)),  # a list of links
])
def test_text_that_is_not_prose_is_skipped_with_a_reason(raw: str) -> None:
    result = read_text(raw, origin="dump.txt", settings=SETTINGS)
    assert isinstance(result, Skip) and result.readable
    assert "does not read as prose" in result.reason


def test_an_article_with_a_small_table_is_still_read() -> None:
    table = "\n".join(f"| pier {n} | {n * 3} boats |" for n in range(8))
    result = read_text(f"{STORY}\n\n{table}\n\n{STORY} {STORY}", origin="a.txt", settings=SETTINGS)
    assert isinstance(result, Article)


# --- HTML that trafilatura cannot read ----------------------------------------------------------


def test_deeply_nested_html_falls_back_to_plain_text_and_says_so(tmp_path: Path) -> None:
    depth = 500
    page = ("<html><body>" + "<div>" * depth + f"<p>{STORY}</p>" + "</div>" * depth
            + "</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    article = read_one(str(path))
    assert isinstance(article, Article)
    assert article.text == STORY
    assert HTML_FALLBACK_NOTE in article.boilerplate


def test_the_fallback_leaves_out_scripts_styles_and_navigation(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trafilatura.bare_extraction", lambda *args, **kwargs: None)
    page = ("<html><head><title>x</title><style>p {color: red}</style></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<script>var secret = 1;</script><p>{STORY}</p><p>{LEAD}</p>"
            "<footer>All rights reserved</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article = read_one(str(path))
    assert isinstance(article, Article)
    assert article.text == f"{STORY}\n\n{LEAD}"


def test_paragraphs_repeated_by_broken_markup_are_kept_once(tmp_path: Path) -> None:
    page = (f"<html><body><article><p>{LEAD}<p>{STORY}</p><div><p>{STORY}</div></p>"
            f"<p>{STORY}</article></body></html>")
    path = tmp_path / "broken.html"
    path.write_text(page, encoding="utf-8")
    article = read_one(str(path))
    assert isinstance(article, Article)
    assert article.text.count(STORY) == 1
    assert LEAD in article.text


def test_a_sentence_that_broken_markup_repeats_at_once_is_kept_once(tmp_path: Path) -> None:
    sentence = "Ferry sailings to the outer islands will resume on Friday morning."
    page = (f"<html><body><article><p>{STORY} {sentence} {sentence}</p><p>{LEAD}</p>"
            f"</article></body></html>")
    path = tmp_path / "twice.html"
    path.write_text(page, encoding="utf-8")
    article = read_one(str(path))
    assert isinstance(article, Article)
    assert article.text.count(sentence) == 1 and article.text.endswith(LEAD)
    assert sentence in article.boilerplate


# --- plain-text titles --------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "title", "body_starts"), [
    (f"Pier Reopens After Repairs\n\n{STORY}", "Pier Reopens After Repairs", "The harbour"),
    (f"Pier reopens after repairs\nPublished: 2025-03-04\n\n{STORY}", "Pier reopens after repairs",
     "The harbour"),
    (f"Will the pier reopen?\n{STORY}", "Will the pier reopen?", "The harbour"),
    # A lead paragraph on the first line is body text, not a title.
    (f"{LEAD}\n\n{STORY}", None, "Fishing crews"),
    (f"{LEAD}\n{STORY}", None, "Fishing crews"),
    # A long first line without a final period is no title either.
    (f"{LEAD[:-1]} and the boats went out again\n\n{STORY}", None, "Fishing crews"),
    # A hard-wrapped first line that the next line continues is body text.
    (f"Fishing crews in Portvale returned to the\nnorthern pier on Tuesday after repairs.\n\n{STORY}",
     None, "Fishing crews"),
    # A one-paragraph text has no title.
    (STORY, None, "The harbour"),
    # Metadata first: no title, and the metadata is read.
    (f"Published: 2025-03-04\n\n{STORY}", None, "The harbour"),
])
def test_the_first_line_is_a_title_only_when_it_looks_like_one(tmp_path: Path, raw: str,
                                                               title: str | None,
                                                               body_starts: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(raw, encoding="utf-8")
    for article in (read_one(str(path)), read_one("-", stdin=io.StringIO(raw))):
        assert isinstance(article, Article)
        assert article.title == title
        assert article.text.startswith(body_starts)
        assert STORY in article.text


def test_metadata_after_no_title_is_still_read(tmp_path: Path) -> None:
    article = read_one("-", stdin=io.StringIO(f"Published: 2025-03-04\nSource: Harbour Post\n\n{STORY}"))
    assert isinstance(article, Article)
    assert (article.published, article.source, article.title) == ("2025-03-04", "Harbour Post", None)


# --- what stdin holds ---------------------------------------------------------------------------


def test_stdin_with_json_lines_gives_one_article_per_record() -> None:
    lines = "\n".join(json.dumps({"text": text, "title": f"Report {n}"})
                      for n, text in enumerate((STORY, LEAD + " " + STORY)))
    results = list(read_inputs(["-"], SETTINGS, stdin=io.StringIO(lines + "\n")))
    assert [getattr(result, "title", None) for result in results] == ["Report 0", "Report 1"]


def test_stdin_with_csv_gives_one_article_per_row() -> None:
    rows = f'title,text\nFirst,"{STORY}"\nSecond,"{LEAD} {STORY}"\n'
    results = list(read_inputs(["-"], SETTINGS, stdin=io.StringIO(rows)))
    assert [getattr(result, "title", None) for result in results] == ["First", "Second"]


def test_stdin_prose_that_mentions_text_and_braces_stays_prose() -> None:
    raw = f"Text, title and more\n\n{STORY} The {{draft}} was read aloud."
    (result,) = list(read_inputs(["-"], SETTINGS, stdin=io.StringIO(raw)))
    assert isinstance(result, Article) and result.title == "Text, title and more"


# --- which files a folder yields ------------------------------------------------------------------


def test_a_folder_yields_only_the_documented_types(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.htm", "d.jsonl", "e.csv", "f.json", "g.ndjson", "README.md",
                 "notes.text", "image.png", "deeper/h.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = [path.name for path in folder_inputs(tmp_path)]
    assert names == ["a.txt", "b.html", "c.htm", "d.jsonl", "h.txt", "e.csv", "f.json", "g.ndjson"]
    assert len(folder_inputs(tmp_path, every_file=True)) == 11


# --- the bundled examples: what the demo reads, and what `make bad-inputs` shows ----------------

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_the_demo_inputs_are_all_articles() -> None:
    demo_inputs = sorted(path for path in EXAMPLES.iterdir()
                         if path.suffix in {".txt", ".html", ".jsonl", ".csv"})
    results = list(read_inputs([str(path) for path in demo_inputs], SETTINGS))
    assert [result for result in results if isinstance(result, Skip)] == []
    assert all(result.title for result in results if isinstance(result, Article)
               and result.origin and result.origin.endswith(".txt"))


def test_the_bad_examples_are_each_skipped_with_a_reason() -> None:
    results = list(read_inputs([str(EXAMPLES / "bad")], SETTINGS))
    skipped = {Path(result.origin.split(":")[0]).name for result in results
               if isinstance(result, Skip)}
    assert skipped == {"broken.html", "empty.txt", "german.txt", "latin1.txt", "mixed.jsonl",
                       "spanish.txt"}
    assert sum(isinstance(result, Article) for result in results) == 2
