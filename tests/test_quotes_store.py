import json
from pathlib import Path

import pytest

from newsgraph.api import analyze
from newsgraph.cli import main
from newsgraph.errors import ExitCode
from newsgraph.pipeline import Pipeline
from newsgraph.store import Store

LATER = ("Russian Foreign Minister Sergei Lavrov spoke in Moscow on Friday. Lavrov said that the "
         "talks would resume in Istanbul next month.")
EARLIER = ("“There is no ceasefire on the table,” Sergei Lavrov said on Monday. Finnish President "
           "Alexander Stubb said that Europe had to prepare for a long war.")


@pytest.fixture
def store_path(pipeline: Pipeline, tmp_path: Path) -> Path:
    path = tmp_path / "quotes.duckdb"
    with Store(path) as store:
        store.write(analyze(LATER, title="Later", published="2025-03-07", pipeline=pipeline))
        store.write(analyze(EARLIER, title="Earlier", published="2025-03-03", pipeline=pipeline))
    return path


def test_a_speakers_statements_come_in_date_order(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        rows = store.quotes("lavrov")
        everyone = store.quotes()
    assert [row.title for row in rows] == ["Earlier", "Later"]
    assert all(row.speaker == "Sergei Lavrov" for row in rows)
    assert rows[0].kind == "direct" and rows[0].content == ("“There is no ceasefire on the table,”",)
    assert rows[1].cue == "said" and rows[1].content[0].startswith("that the talks")
    assert {row.speaker for row in everyone} == {"Sergei Lavrov", "Alexander Stubb"}


def test_the_quotes_verb_lists_a_speaker_as_json(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(store_path), "quotes", "--speaker", "Stubb", "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    rows = json.loads(out)
    assert [row["speaker"] for row in rows] == ["Alexander Stubb"]
    assert rows[0]["published"] == "2025-03-03" and rows[0]["entity"]


def test_the_quotes_verb_prints_one_line_per_statement(store_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(store_path), "quotes", "--speaker", "Lavrov"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == ExitCode.OK and len(lines) == 2
    assert lines[0].startswith("2025-03-03  Sergei Lavrov [said]")
