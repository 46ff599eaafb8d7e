"""Events in the store: schema version 3, typed rows, grouped reports, queries and exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsgraph.cli import main
from newsgraph.errors import ExitCode, InputError, NewsgraphError
from newsgraph.events.gdelt import GDELT_COLUMNS, export_events
from newsgraph.schema import Analysis, Article
from newsgraph.store import CURRENT_VERSION, SCHEMA_V1, EventQuery, Store
from newsgraph.store import SCHEMA_V2, _migrate_to_2  # noqa: F401  (v2 built as release 2 did)


NAMES = {"USAGOV": "United States", "RUSGOV": "Russia", "UKR": "Ukraine", "HUN": "Hungary",
         "IGOEUR": "European Union"}


def event(source: str, target: str, cameo: str, *, date: str = "2025-02-18",
          place: str | None = "Riyadh", modality: str = "factual", negated: bool = False,
          mutual: bool = False, key: str | None = None) -> dict[str, Any]:
    """An event item shaped as the events stage writes it."""
    root = cameo[:2]
    quad = 1 if int(root) <= 5 else 2 if int(root) <= 8 else 3 if int(root) <= 13 else 4
    return {
        "id": "ev1", "key": key or f"{source}-{target}-{root}-{date}-{place}-{modality}",
        "sentence": 0,
        "source": {"entity": "e1", "name": NAMES[source], "code": source, "country": source[:3],
                   "sector": source[3:] or None, "type": "country"},
        "target": {"entity": "e2", "name": NAMES[target], "code": target, "country": target[:3],
                   "sector": None, "type": "country"},
        "mutual": mutual, "cameo": cameo, "cameo_name": "x", "action": cameo, "root": root,
        "base": cameo[:3], "quad_class": quad, "goldstein": 1.0,
        "plover": {"event": "CONSULT", "mode": None, "context": "diplomatic"},
        "location": {"entity": "e3", "name": place, "country": "SAU", "lat": 24.7, "lon": 46.7,
                     "feature": "city", "how": "attached"} if place else None,
        "date": date, "date_precision": "day", "date_text": None, "date_source": "article",
        "negated": negated, "modality": modality, "factual": modality == "factual" and not negated,
        "trigger": "met", "nominal": False,
        "evidence": [{"start": 0, "end": 10, "text": "Officials "}, {"start": 0, "end": 3, "text": "Off"}],
        "confidence": 0.8,
    }


def analysis(article_id: str, events: list[dict[str, Any]], *, source: str = "Wire",
             url: str | None = None) -> Analysis:
    text = "Officials met in Riyadh. " * 3
    return Analysis(article=Article(id=article_id, text=text, published="2025-02-18",
                                    source=source, url=url or f"https://x.test/{article_id}"),
                    events=events)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        talks = event("USAGOV", "RUSGOV", "040", mutual=True, key="k-talks")
        store.write(analysis("a1", [talks, event("RUSGOV", "UKR", "190", date="2025-02-20",
                                                 place="Kharkiv")]))
        store.write(analysis("a2", [talks, event("USAGOV", "RUSGOV", "036", modality="intended")],
                             source="Other Wire"))
        store.write(analysis("a3", [event("HUN", "IGOEUR", "120", negated=True)]))
    return path


def test_a_version_2_store_gets_typed_event_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    item = event("USAGOV", "RUSGOV", "046", key="k-old")
    with duckdb.connect(str(path)) as connection:
        connection.execute(SCHEMA_V1)
        connection.execute("INSERT INTO schema_info VALUES (1, now()::TIMESTAMP)")
        _migrate_to_2(connection)
        connection.execute("INSERT INTO schema_info VALUES (2, now()::TIMESTAMP)")
        connection.execute("INSERT INTO articles (id, text, ingested_at) VALUES ('old', 'x', now())")
        connection.execute("INSERT INTO events VALUES ('old', 0, ?), ('old', 1, ?)",
                           [json.dumps(item), json.dumps({"evidence": [], "confidence": 0.5})])
    with Store(path) as store:
        assert store.version == CURRENT_VERSION
        rows = store.events(EventQuery(factual_only=False))
    assert [(row.event_key, row.cameo, row.source_code) for row in rows] == [
        ("k-old", "046", "USAGOV"), ("old:1", None, None)]


def test_reports_of_one_event_are_grouped(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        grouped = store.events(EventQuery(code="04", grouped=True))
        reports = store.events(EventQuery(code="04"))
    assert [(row.event_key, row.num_mentions, row.num_articles) for row in grouped] == [
        ("k-talks", 2, 2)]
    assert len(reports) == 2


@pytest.mark.parametrize("query, cameos", [
    (EventQuery(), ["040", "040", "190"]),
    (EventQuery(factual_only=False), ["040", "040", "036", "120", "190"]),
    (EventQuery(actor="UKR"), ["190"]),
    (EventQuery(actor="russia"), ["040", "040", "190"]),
    (EventQuery(actor="USA"), ["040", "040"]),
    (EventQuery(actor="UNI"), []),
    (EventQuery(actor="uni"), ["040", "040"]),
    (EventQuery(code="consult", quad_class=4), ["190"]),
    (EventQuery(quad_class=4), ["190"]),
    (EventQuery(since="2025-02-19"), ["190"]),
    (EventQuery(until="2025-02-18"), ["040", "040"]),
    (EventQuery(place="kharkiv"), ["190"]),
    (EventQuery(place="SAU", code="1"), ["190"]),
])
def test_events_are_queried_by_actor_code_class_date_and_place(filled: Path, query: EventQuery,
                                                               cameos: list[str]) -> None:
    with Store(filled, read_only=True) as store:
        assert sorted(row.cameo or "" for row in store.events(query)) == sorted(cameos)


def test_the_gdelt_export_reads_back_by_column_name(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.tsv"
    with Store(filled, read_only=True) as store:
        written = export_events(store, target, "gdelt")
    with target.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines, fieldnames=GDELT_COLUMNS, delimiter="\t"))
    assert len(GDELT_COLUMNS) == 61 and written == len(rows) == 4
    assert all(None not in row and len(row) == 61 for row in rows)
    talks = next(row for row in rows if row["EventCode"] == "040")
    assert (talks["Actor1Code"], talks["Actor2Code"], talks["EventRootCode"]) == ("USAGOV", "RUSGOV", "04")
    assert (talks["SQLDATE"], talks["MonthYear"], talks["Year"]) == ("20250218", "202502", "2025")
    assert (talks["NumMentions"], talks["NumArticles"], talks["NumSources"]) == ("2", "2", "2")
    assert (talks["QuadClass"], talks["ActionGeo_CountryCode"]) == ("1", "SA")
    assert talks["Actor1Type1Code"] == "GOV" and talks["AvgTone"] == ""
    assert talks["SOURCEURL"].startswith("https://x.test/")


@pytest.mark.parametrize("output_format", ["csv", "jsonl", "parquet"])
def test_own_formats_keep_every_field(filled: Path, tmp_path: Path, output_format: str) -> None:
    target = tmp_path / f"events.{output_format}"
    with Store(filled, read_only=True) as store:
        written = export_events(store, target, output_format)
    assert written == 5
    if output_format == "csv":
        with target.open(encoding="utf-8", newline="") as lines:
            rows = list(csv.DictReader(lines))
    elif output_format == "jsonl":
        rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    else:
        import pyarrow.parquet

        rows = pyarrow.parquet.read_table(str(target)).to_pylist()
    assert {"plover_event", "plover_context", "modality", "negated", "event_key"} <= set(rows[0])
    assert {str(row["plover_event"]) for row in rows} == {"CONSULT"}


def test_an_export_does_not_overwrite_without_force(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.tsv"
    target.write_text("keep me", encoding="utf-8")
    with Store(filled, read_only=True) as store:
        with pytest.raises(InputError, match="pass --force"):
            export_events(store, target, "gdelt")
        export_events(store, target, "gdelt", force=True)
    assert target.read_text(encoding="utf-8") != "keep me"


def test_a_store_without_events_says_how_to_get_them(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with Store(path) as store:
        store.write(analysis("a1", []))
        with pytest.raises(NewsgraphError, match="newsgraph.events.v1"):
            export_events(store, tmp_path / "x.tsv", "gdelt")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_events_and_export_verbs(filled: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(filled), "events", "--grouped")
    assert code == ExitCode.OK, err
    assert "USAGOV <-> RUSGOV" in out and "(2 reports)" in out and "036" not in out
    code, out, _ = run(capsys, "--db", str(filled), "events", "--all", "--json")
    assert {row["modality"] for row in json.loads(out)} == {"factual", "intended"}
    code, _, err = run(capsys, "--db", str(filled), "events", "--since", "18/02/2025")
    assert code == ExitCode.USAGE and "not a date" in err
    target = tmp_path / "out.tsv"
    code, _, err = run(capsys, "--db", str(filled), "export", "events", "--format", "gdelt",
                       "--header", "-o", str(target))
    assert code == ExitCode.OK and "wrote 4 rows" in err
    assert target.read_text(encoding="utf-8").split("\n", 1)[0].split("\t") == list(GDELT_COLUMNS)
