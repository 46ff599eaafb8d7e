"""Progress: status lines for logs, input counting, and huge inputs streamed in bounded memory."""

from __future__ import annotations

import io
import json
import threading
import time
import tracemalloc
from pathlib import Path

from newsgraph.ingest import IngestSummary
from newsgraph.progress import (LineReporter, RichReporter, count_inputs, make_reporter,
                                status_line)
from newsgraph.reading import read_inputs
from newsgraph.schema import Skip
from newsgraph.settings import load_settings


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_log_gets_one_status_line_every_n_seconds_and_one_at_the_end() -> None:
    stream, clock = io.StringIO(), FakeClock()
    reporter = LineReporter(stream, total=200, every=10, clock=clock)
    summary = IngestSummary(read=20, new=15, duplicate=2, skipped=2, failed=1)
    for _ in range(5):  # many batches within the first ten seconds: no line yet
        clock.now += 1
        reporter.update(summary)
    assert stream.getvalue() == ""
    clock.now = 110.0
    reporter.update(summary)
    summary.read, summary.new = 200, 195
    clock.now = 150.0
    reporter.close(summary)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0] == ("newsgraph: done 20/200 (10%) · new 15 · duplicate 2 · skipped 2 · "
                        "failed 1 · 2.0 articles/s · ETA 1:30")
    assert lines[1].startswith("newsgraph: done 200/200 (100%) · new 195 ")
    assert "ETA" not in lines[1]


def test_without_a_total_there_is_no_share_and_no_eta() -> None:
    line = status_line(IngestSummary(read=30, new=30), total=None, seconds=10)
    assert line == "done 30 · new 30 · duplicate 0 · skipped 0 · failed 0 · 3.0 articles/s"


def test_progress_counts_what_is_done_not_what_was_read_ahead() -> None:
    # A Dask client has read 384 articles ahead; 16 are stored, none other finished.
    line = status_line(IngestSummary(read=384, new=16), total=1000, seconds=8)
    assert line.startswith("done 16/1,000 (2%) · new 16 ")
    assert "2.0 articles/s · ETA 8:12" in line


def test_a_log_gets_status_lines_between_batches_too() -> None:
    # No batch comes back (the models are loading): the log still hears from the run.
    stream = io.StringIO()
    summary = IngestSummary()
    reporter = LineReporter(stream, total=10, every=0.05, summary=summary)
    deadline = time.monotonic() + 10
    while stream.getvalue().count("\n") < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    summary.read = summary.new = 10
    reporter.close(summary)
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 3 and lines[0].startswith("newsgraph: done 0/10 (0%)")
    assert lines[-1].startswith("newsgraph: done 10/10 (100%)")
    assert not any(thread.name == "newsgraph-status" for thread in threading.enumerate())


def test_a_finished_run_ends_at_what_it_did_and_a_stopped_one_does_not() -> None:
    summary = IngestSummary(read=3, new=2, skipped=1)  # a binary .jsonl counted as 5 lines
    stream = io.StringIO()
    LineReporter(stream, total=7).close(summary)
    assert stream.getvalue().startswith("newsgraph: done 3/3 (100%)")
    stream = io.StringIO()
    LineReporter(stream, total=7).close(summary, complete=False)
    assert stream.getvalue().startswith("newsgraph: done 3/7 (43%)")


def test_the_terminal_bar_fits_80_columns_with_every_figure_whole() -> None:
    stream = io.StringIO()  # rich draws it 80 columns wide
    reporter = RichReporter(stream, total=250_000)
    summary = IngestSummary(read=130_000, new=123_456, duplicate=2_345, skipped=1_234, failed=12)
    reporter.update(summary)
    reporter.close(summary, complete=False)
    text = stream.getvalue()
    assert "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "127047/250000" in text and "articles/s" in text and "ETA " in text
    assert "new 123,456 · duplicate 2,345 · skipped 1,234 · failed 12" in text


def test_a_stream_that_is_not_a_terminal_gets_status_lines() -> None:
    assert isinstance(make_reporter(io.StringIO(), total=None), LineReporter)


def test_inputs_are_counted_without_reading_them_whole(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one article", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "many.jsonl").write_text('{"text": "x"}\n' * 7 + '{"text": "y"}', encoding="utf-8")
    assert count_inputs([str(tmp_path)]) == 1 + 8
    # Blank lines are no records: the reader passes them by.
    (tmp_path / "gaps.jsonl").write_text('\n{"text": "x"}\n  \n\n{"text": "y"}\n\n', encoding="utf-8")
    assert count_inputs([str(tmp_path / "gaps.jsonl")]) == 2
    # A .json file may hold a list of any length: not counted.
    (tmp_path / "list.json").write_text('[{"text": "x"}, {"text": "y"}]', encoding="utf-8")
    assert count_inputs([str(tmp_path / "list.json")]) is None
    assert count_inputs([str(tmp_path / "a.txt"), "-"]) is None
    (tmp_path / "rows.csv").write_text("text\nx\n", encoding="utf-8")
    assert count_inputs([str(tmp_path)]) is None


def test_a_100000_line_jsonl_file_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as output:
        for number in range(100_000):
            output.write(json.dumps({"title": f"Record {number}", "text": ""}) + "\n")
    size = path.stat().st_size
    settings = load_settings().reading
    tracemalloc.start()
    try:
        seen = 0
        for item in read_inputs([str(path)], settings):
            assert isinstance(item, Skip)  # empty: read, judged and let go
            seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == 100_000
    # Holding the lines, or the records read from them, would take many times the file's size.
    assert size > 3_000_000
    assert peak < size / 4, f"peak {peak:,} bytes while reading a {size:,}-byte file"


def test_without_a_total_the_bar_shows_no_time_left() -> None:
    stream = io.StringIO()
    reporter = RichReporter(stream, total=None)  # standard input, a CSV file
    summary = IngestSummary(read=40, new=40)
    reporter.update(summary)
    reporter.close(summary, complete=False)
    text = stream.getvalue()
    assert "40/?" in text and "ETA -:--" in text and "ETA 0:00" not in text
