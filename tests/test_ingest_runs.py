"""The store's bookkeeping across ingest runs: counts per run, each input not stored noted once,
and `stats` telling the last run apart from all time; `analyze` on several records."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.errors import ExitCode

BODY = ("Delegations from Peru and Kenya met in Nairobi on Thursday to sign a trade accord on "
        "coffee and flowers, officials said. Both sides said tariffs would fall next year.\n")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "accord.txt").write_text("Trade accord\n\n" + BODY, encoding="utf-8")
    (folder / "accord_copy.txt").write_text("Trade accord (copy)\n\n" + BODY, encoding="utf-8")
    (folder / "german.txt").write_text(
        "Die Delegationen trafen sich am Donnerstag in Nairobi, um ein Handelsabkommen \u00fcber "
        "Kaffee und Blumen zu unterzeichnen, sagten die Beamten.\n", encoding="utf-8")
    return folder


def test_re_running_an_ingest_notes_nothing_twice(capsys, corpus, tmp_path) -> None:
    database = str(tmp_path / "runs.duckdb")
    for _ in range(3):
        code, out, err = run(capsys, "-q", "ingest", str(corpus), "--db", database, "--json")
        assert code == ExitCode.OK, err
    last = json.loads(out)
    # The same text under another name is a duplicate in every run's own counts ...
    assert (last["read"], last["new"], last["duplicate"], last["skipped"]) == (3, 0, 2, 1)
    code, out, _ = run(capsys, "stats", "--db", database, "--json")
    stats = json.loads(out)
    # ... but the store notes each input that was not stored once, whatever the number of runs,
    # and the very file that is stored, read again, is no duplicate of itself.
    assert stats["errors"] == {"duplicate": 1, "skipped": 1}
    assert stats["runs"] == 3
    assert stats["last_run"]["duplicate"] == 2 and stats["last_run"]["new"] == 0
    assert stats["last_run"]["finished_at"] is not None


def test_stats_tells_the_last_run_from_all_time(capsys, corpus, tmp_path) -> None:
    database = str(tmp_path / "runs.duckdb")
    run(capsys, "-q", "ingest", str(corpus), "--db", database)
    run(capsys, "-q", "ingest", str(corpus), "--db", database)
    code, out, _ = run(capsys, "stats", "--db", database)
    assert code == ExitCode.OK
    lines = out.splitlines()
    last = next(line for line in lines if "last run" in line)
    assert "#2" in last and "new 0" in last and "duplicate 2" in last
    assert any("all time (2 runs)" in line for line in lines)
    assert any(line.strip().startswith("articles: 1") for line in lines)


def test_analyze_gives_one_json_line_per_record(capsys, tmp_path) -> None:
    records = tmp_path / "two.jsonl"
    records.write_text(
        json.dumps({"text": BODY, "title": "Nairobi"}) + "\n"
        + json.dumps({"text": "Zu kurz."}) + "\n"
        + json.dumps({"text": BODY.replace("Nairobi", "Lima"), "title": "Lima"}) + "\n",
        encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(records), "--format", "json")
    analyses = [json.loads(line) for line in out.splitlines()]
    assert [analysis["article"]["title"] for analysis in analyses] == ["Nairobi", "Lima"]
    # The record that was skipped is named on stderr, and the exit code says a part failed.
    assert code == ExitCode.PARTIAL and "two.jsonl:2" in err


def test_analyze_reads_json_lines_and_csv_from_stdin(capsys, monkeypatch) -> None:
    lines = "\n".join(json.dumps({"text": BODY.replace("Nairobi", place), "title": place})
                      for place in ("Nairobi", "Quito")) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    code, out, err = run(capsys, "analyze", "-", "--format", "json")
    assert code == ExitCode.OK, err
    assert [json.loads(line)["article"]["title"] for line in out.splitlines()] == ["Nairobi", "Quito"]
    table = "title,text\n" + "".join(f'{place},"{BODY.replace("Nairobi", place).strip()}"\n'
                                     for place in ("Accra", "Dakar"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(table))
    code, out, err = run(capsys, "analyze", "-", "--format", "json")
    assert code == ExitCode.OK, err
    assert [json.loads(line)["article"]["title"] for line in out.splitlines()] == ["Accra", "Dakar"]
