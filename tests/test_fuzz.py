"""Property-based fuzzing, bounded: readers, normalisation, settings and users' dictionaries.

The only outcomes allowed are the promised ones or newsgraph's own error; see tests/fuzzing.py.
benchmarks/fuzz.py runs the same targets for minutes instead of a few dozen examples.
"""

from __future__ import annotations

import fuzzing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BOUNDED = settings(max_examples=30, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# HTML extraction is the slowest target by far: fewer examples here, many in benchmarks/fuzz.py.
FEWER = settings(BOUNDED, max_examples=12)


@BOUNDED
@given(fuzzing.texts)
def test_normalisation_keeps_its_promises(raw: str) -> None:
    fuzzing.normalisation_target(raw)


@BOUNDED
@given(fuzzing.texts, st.binary(max_size=600))
def test_text_files_read_into_articles_or_skips(raw: str, as_bytes: bytes) -> None:
    fuzzing.text_file_target(raw, as_bytes)


@FEWER
@given(fuzzing.texts, st.integers(0, 400), st.binary(max_size=600))
def test_html_files_read_into_articles_or_skips(raw: str, depth: int, as_bytes: bytes) -> None:
    fuzzing.html_file_target(raw, depth, as_bytes)


@BOUNDED
@given(st.lists(fuzzing.json_values, max_size=5), st.lists(fuzzing.texts, max_size=3))
def test_jsonl_files_read_into_articles_or_skips(records: list[object], raw_lines: list[str]) -> None:
    fuzzing.jsonl_file_target(records, raw_lines)


@BOUNDED
@given(st.lists(st.lists(fuzzing.texts, max_size=4), max_size=5),
       st.lists(st.sampled_from(["text", "title", "date", "url", "source", "x", ""]), max_size=5))
def test_csv_files_read_into_articles_or_skips(rows: list[list[str]], header: list[str]) -> None:
    fuzzing.csv_file_target(rows, header)


@BOUNDED
@given(fuzzing.texts)
def test_stdin_reads_into_articles_or_skips(raw: str) -> None:
    fuzzing.stdin_target(raw)


@BOUNDED
@given(fuzzing.toml_texts(), fuzzing.overrides)
def test_settings_load_or_fail_with_a_message(toml_text: str, overrides: list[str]) -> None:
    fuzzing.settings_target(toml_text, overrides)


@BOUNDED
@given(st.sampled_from(sorted(fuzzing.dictionary_loaders())), fuzzing.dictionary_texts())
def test_users_dictionaries_load_or_fail_with_a_message(kind: str, text: str) -> None:
    fuzzing.dictionary_target(kind, text)
