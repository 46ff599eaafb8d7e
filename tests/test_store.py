"""Tests for the DuckDB store: round trips, crash safety, migrations and refusals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsgraph import store as store_module
from newsgraph.errors import Messages, StoreError, UsageError
from newsgraph.schema import (Analysis, Article, Entity, EntityType, Geo, Mention, Sentence,
                              Span)
from newsgraph.store import CURRENT_VERSION, SCHEMA_V1, Store

PACKAGE_ROOT = Path(store_module.__file__).absolute().parents[2]
TESTS = Path(__file__).resolve().parent


def make_analysis(article_id: str, *, entities: int = 2, mentions: int = 2,
                  code: str | None = "USAGOV", duplicate_of: str | None = None) -> Analysis:
    """A small hand-built Analysis with every section filled."""
    text = " ".join(f"Word{index}" for index in range(40))
    article = Article(id=article_id, text=text, title=f"Title of {article_id}",
                      published="2024-05-01", source="Example News", url=f"https://x.test/{article_id}",
                      author="A. Writer", origin=f"inputs/{article_id}.txt",
                      headings=[Span(0, 5, "Word0")], boilerplate=["Subscribe now"],
                      duplicate_of=duplicate_of)
    people = []
    for number in range(entities):
        kind: EntityType = "place" if number == 0 else "person"
        people.append(Entity(
            id=f"e{number}", name=f"Name {number}", type=kind,
            mentions=[Mention(start=6 * index, end=6 * index + 5, text=f"Word{index}",
                              sentence=index % 3, label="PERSON" if kind == "person" else "GPE",
                              code=code if kind == "person" else None, confidence=0.75)
                      for index in range(mentions)],
            country="USA", sector="GOV" if kind == "person" else None,
            code=code if kind == "person" else None, office="minister" if number == 1 else None,
            aliases=[f"N{number}", f"Nm {number}"],
            geo=Geo(name="Paris", country="FR", lat=48.85341, lon=2.3488, geonameid=2988507,
                    population=2138551) if kind == "place" else None,
            evidence=[Span(0, 5, "Word0")], confidence=0.9, salience=0.125 * (number + 1)))
    item = {"evidence": [{"start": 0, "end": 5, "text": "Word0"}], "confidence": 0.5,
            "label": "é ünïcode", "nested": {"values": [1, 2.5, None, True]}}
    return Analysis(
        article=article,
        sentences=[Sentence(index=index, start=index * 10, end=index * 10 + 9,
                            first_token=index * 2, last_token=index * 2 + 2,
                            kind="heading" if index == 0 else "sentence")
                   for index in range(3)],
        entities=people, events=[item, {**item, "confidence": 0.25}], quotes=[item],
        roles=[item], narratives=[item], techniques=[item], frames=[item],
        genre={"label": "news", "confidence": 0.8}, tone={"score": -0.2},
        pipeline={"entities": "entities.v1", "geo": "geo.v1"})


def count(path: Path, table: str, where: str = "TRUE", parameters: list[Any] | None = None) -> int:
    """Rows of a closed store's table, read with DuckDB directly."""
    with duckdb.connect(str(path), read_only=True) as connection:
        row = connection.execute(f'SELECT count(*) FROM "{table}" WHERE {where}',
                                 parameters or []).fetchone()
    assert row is not None
    return int(row[0])


def child(script: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE_ROOT), str(TESTS)])}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], env=environment,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "news.duckdb"


# --- writing and reading back ---------------------------------------------------------------


def test_analysis_round_trips_exactly(path: Path) -> None:
    analysis = make_analysis("article-0001", entities=3, mentions=4)
    with Store(path) as store:
        assert store.version == CURRENT_VERSION
        assert store.write(analysis, signature=b"\x00\x01\xff" * 8)
        assert store.has_article("article-0001")
        assert store.analysis("article-0001").to_dict() == analysis.to_dict()
        assert list(store.signatures()) == [("article-0001", b"\x00\x01\xff" * 8)]
    with Store(path, read_only=True) as store:
        assert store.analysis("article-0001").to_dict() == analysis.to_dict()
    assert count(path, "entities", "article_id = ?", ["article-0001"]) == 3
    assert count(path, "mentions", "article_id = ?", ["article-0001"]) == 12
    assert count(path, "sentences") == 3
    assert count(path, "events") == 2
    for table in ("quotes", "roles", "narratives", "techniques", "frames"):
        assert count(path, table) == 1
    assert count(path, "entities", "entity_id = 'e0' AND geo_name = 'Paris' AND lat = 48.85341 "
                 "AND aliases = ['N0', 'Nm 0'] AND salience = 0.125") == 1
    assert count(path, "mentions", "label = 'PERSON' AND code = 'USAGOV' AND confidence = 0.75") == 8
    assert count(path, "articles", "genre->>'label' = 'news' AND analysis->'article'->>'id' = id") == 1


def test_rewriting_an_article_writes_nothing(path: Path) -> None:
    with Store(path) as store:
        assert store.write(make_analysis("article-0001"))
        assert not store.write(make_analysis("article-0001", entities=5))
        assert store.stats().entities == 2
        assert store.stats().mentions == 4
    assert count(path, "articles") == 1
    assert count(path, "sentences") == 3
    assert count(path, "events") == 2


def test_an_article_without_sections_is_stored(path: Path) -> None:
    analysis = Analysis(article=Article(id="bare", text="Just text."))
    with Store(path) as store:
        assert store.write(analysis)
        assert store.analysis("bare").to_dict() == analysis.to_dict()
        assert store.articles()[0].n_entities == 0


# --- crash safety -------------------------------------------------------------------------------


def test_failure_midway_leaves_nothing_and_a_rerun_resumes(path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    batch = [make_analysis(f"article-000{number}") for number in range(4)]
    original = Store._insert_mentions

    def fail_on_third(self: Store, analysis: Analysis) -> None:
        original(self, analysis)
        if analysis.article.id == "article-0002":
            raise RuntimeError("interrupted")

    def ingest(store: Store) -> list[bool]:
        return [store.write(analysis) for analysis in batch]

    with Store(path) as store:
        monkeypatch.setattr(Store, "_insert_mentions", fail_on_third)
        with pytest.raises(RuntimeError, match="interrupted"):
            ingest(store)
        assert store.article_ids() == {"article-0000", "article-0001"}
        assert not store.has_article("article-0002")
    assert count(path, "entities", "article_id = 'article-0002'") == 0
    assert count(path, "mentions", "article_id = 'article-0002'") == 0

    monkeypatch.undo()
    with Store(path) as store:
        assert ingest(store) == [False, False, True, True]
        stats = store.stats()
    assert (stats.articles, stats.entities, stats.mentions) == (4, 8, 16)
    assert count(path, "sentences") == 12
    assert count(path, "events") == 8


def test_a_database_error_is_a_store_error_and_rolls_back(path: Path) -> None:
    analysis = make_analysis("article-0001")
    analysis.entities[1].id = analysis.entities[0].id
    with Store(path) as store:
        with pytest.raises(StoreError) as caught:
            store.write(analysis)
        assert "article 'article-0001' could not be stored" in str(caught.value)
        assert "\n" not in str(caught.value)
        assert store.stats().articles == store.stats().entities == 0
        assert store.write(make_analysis("article-0001"))


def test_invalid_json_is_refused_before_it_is_stored(path: Path) -> None:
    analysis = make_analysis("article-0001")
    analysis.events.append({"confidence": float("nan"), "evidence": []})
    with Store(path) as store:
        with pytest.raises(StoreError, match="could not be stored"):
            store.write(analysis)
        assert store.article_ids() == set()


KILLED_WRITER = """
    import time
    from newsgraph.store import Store
    from test_store import make_analysis

    original = Store._insert_mentions

    def pause_inside(self, analysis):
        original(self, analysis)
        if analysis.article.id == "killed-{pause_at:05d}":
            print("inside", flush=True)
            time.sleep(120)

    Store._insert_mentions = pause_inside
    with Store({path!r}) as store:
        for number in range({total}):
            store.write(make_analysis(f"killed-{{number:05d}}", entities=number % 7 + 20,
                                      mentions=5))
            print(number, flush=True)
"""


@pytest.mark.parametrize("pause_at", [30, -1], ids=["inside-a-transaction", "anywhere"])
def test_a_killed_writer_leaves_only_whole_articles(path: Path, pause_at: int) -> None:
    """SIGKILL the writer (while it is inside an article's transaction, or wherever it is)."""
    total = 400
    process = child(KILLED_WRITER.format(path=str(path), total=total, pause_at=pause_at))
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "inside" or (pause_at < 0 and int(line) >= 25):
            break
    process.send_signal(signal.SIGKILL)
    _, errors = process.communicate()
    assert process.returncode == -signal.SIGKILL, errors

    with Store(path) as store:
        stored = store.article_ids()
        assert 26 <= len(stored) < total
        if pause_at >= 0:
            assert len(stored) == pause_at
            assert not store.has_article(f"killed-{pause_at:05d}")
        for row in store.articles(limit=total):
            number = int(row.id.split("-")[1])
            assert row.n_entities == number % 7 + 20
        for article_id in sorted(stored)[::10]:
            number = int(article_id.split("-")[1])
            expected = make_analysis(article_id, entities=number % 7 + 20, mentions=5)
            assert store.analysis(article_id).to_dict() == expected.to_dict()
        written = [store.write(make_analysis(f"killed-{number:05d}", entities=number % 7 + 20,
                                             mentions=5))
                   for number in range(total)]
        assert sum(written) == total - len(stored)
        stats = store.stats()
    entity_total = sum(number % 7 + 20 for number in range(total))
    assert (stats.articles, stats.entities, stats.mentions) == (total, entity_total, entity_total * 5)
    assert count(path, "sentences") == 3 * total
    if pause_at >= 0:
        assert count(path, "mentions", "article_id = ?", [f"killed-{pause_at:05d}"]) == (
            (pause_at % 7 + 20) * 5)


# --- migrations and refusals -------------------------------------------------------------


def make_v1_store(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute(SCHEMA_V1)
        now = datetime(2024, 1, 2, 3, 4, 5)
        connection.execute("INSERT INTO schema_info VALUES (1, ?)", [now])
        connection.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, 'en', ?, ?, ?, ?, ?, ?)",
            [("old-1", "Old one", "Obama met Merkel in Berlin.", "2015-01-01", "Wire", None,
              None, "old/1.txt", now),
             ("old-2", None, "Nothing to see.", None, None, None, None, "old/2.txt", now)])
        connection.executemany(
            "INSERT INTO entities VALUES ('old-1', ?, ?, ?, ?, NULL, ?, NULL, ?)",
            [("e1", "Barack Obama", "person", "USA", "USAGOV", 0.9),
             ("e2", "Berlin", "place", "DEU", None, None)])
        connection.executemany("INSERT INTO mentions VALUES ('old-1', ?, ?, ?, ?, 0)",
                               [("e1", 0, 5, "Obama"), ("e2", 20, 26, "Berlin")])
        connection.execute("INSERT INTO errors VALUES ('x.txt', 'too short', 'skipped', NULL, ?)",
                           [now])


def test_a_version_1_store_is_migrated_and_keeps_its_rows(path: Path) -> None:
    make_v1_store(path)
    with Store(path) as store:
        assert store.version == CURRENT_VERSION
        assert store.article_ids() == {"old-1", "old-2"}
        old = store.analysis("old-1")
        assert old.article.title == "Old one" and old.article.origin == "old/1.txt"
        assert [entity.name for entity in old.entities] == ["Barack Obama", "Berlin"]
        assert old.entities[0].mentions == [Mention(0, 5, "Obama", 0)]
        assert old.entities[1].confidence == 1.0
        assert store.analysis("old-2").entities == []
        stats = store.stats()
        assert (stats.articles, stats.entities, stats.mentions, stats.errors) == (2, 2, 2, {"skipped": 1})
        assert store.write(make_analysis("new-1"))
    with duckdb.connect(str(path), read_only=True) as connection:
        assert connection.execute("SELECT version FROM schema_info ORDER BY version").fetchall() == [
            (version,) for version in range(1, CURRENT_VERSION + 1)]
        assert connection.execute(
            "SELECT salience, aliases, lat, confidence FROM entities WHERE article_id = 'old-1' "
            "ORDER BY entity_id").fetchall() == [(0.0, [], None, 0.9), (0.0, [], None, 1.0)]
        assert connection.execute(
            "SELECT DISTINCT label, code, confidence FROM mentions WHERE article_id = 'old-1'"
        ).fetchall() == [("", None, 1.0)]
        assert connection.execute(
            "SELECT count(*) FROM articles WHERE analysis IS NULL OR signature IS NOT NULL "
            "OR duplicate_of IS NOT NULL").fetchall() == [(0,)]


def test_a_failed_migration_is_undone(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_v1_store(path)

    def broken(connection: duckdb.DuckDBPyConnection) -> None:
        store_module._migrate_to_2(connection)
        connection.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(store_module, "_MIGRATIONS", (store_module._migrate_to_1, broken))
    with pytest.raises(StoreError, match="schema version 2 failed and was undone"):
        Store(path)
    with duckdb.connect(str(path), read_only=True) as connection:
        assert connection.execute("SELECT max(version) FROM schema_info").fetchall() == [(1,)]
        columns = {row[0] for row in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles'"
        ).fetchall()}
        assert "analysis" not in columns
        assert "sentences" not in {row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
    monkeypatch.undo()
    with Store(path) as store:
        assert store.version == CURRENT_VERSION


def test_a_version_1_store_opened_read_only_asks_for_an_upgrade(path: Path) -> None:
    make_v1_store(path)
    with pytest.raises(StoreError) as caught:
        Store(path, read_only=True)
    assert str(caught.value) == Messages.STORE_OLDER_READ_ONLY.format(path=path, found=1,
                                                                      supported=CURRENT_VERSION)


def test_a_newer_store_is_refused(path: Path) -> None:
    Store(path).close()
    with duckdb.connect(str(path)) as connection:
        connection.execute("INSERT INTO schema_info VALUES (?, now()::TIMESTAMP)",
                           [CURRENT_VERSION + 1])
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == Messages.STORE_NEWER.format(path=path, found=CURRENT_VERSION + 1,
                                                            supported=CURRENT_VERSION)


@pytest.mark.parametrize("content", [b"", b"id,title\n1,hello\n" * 200, os.urandom(9000)])
def test_a_file_that_is_not_duckdb_is_refused_and_left_alone(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value).startswith(f"{path}: not a newsgraph store")
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_a_duckdb_file_of_someone_else_is_refused(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE sales (amount INTEGER)")
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store(path)
    assert count(path, "sales") == 0
    with duckdb.connect(str(path), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM information_schema.tables").fetchall() == [(1,)]


def test_an_empty_duckdb_file_becomes_a_store(path: Path) -> None:
    path.parent.mkdir(parents=True)
    duckdb.connect(str(path)).close()
    with Store(path) as store:
        assert store.version == CURRENT_VERSION


def test_a_missing_store_cannot_be_read(path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store(path, read_only=True)
    assert str(caught.value) == Messages.STORE_MISSING.format(path=path)
    assert not path.exists()


HOLDER = """
    import sys
    from newsgraph.store import Store

    with Store({path!r}):
        print("ready", flush=True)
        sys.stdin.read()
"""


def test_a_store_held_by_another_process_is_locked(path: Path) -> None:
    Store(path).close()
    process = child(HOLDER.format(path=str(path)))
    try:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
        for read_only in (False, True):
            with pytest.raises(StoreError) as caught:
                Store(path, read_only=read_only)
            assert str(caught.value) == Messages.STORE_LOCKED.format(path=path)
    finally:
        process.communicate(input="", timeout=60)
    assert process.returncode == 0
    with Store(path) as store:
        assert store.write(make_analysis("after-lock"))


def test_a_store_open_for_writing_in_this_process_is_locked_for_reading(path: Path) -> None:
    with Store(path):
        with pytest.raises(StoreError) as caught:
            Store(path, read_only=True)
        assert str(caught.value) == Messages.STORE_LOCKED.format(path=path)


def test_a_read_only_store_refuses_writes(path: Path) -> None:
    Store(path).close()
    with Store(path, read_only=True) as store:
        with pytest.raises(StoreError, match="opened read-only"):
            store.write(make_analysis("article-0001"))
        with pytest.raises(StoreError, match="opened read-only"):
            store.record_error("x.txt", "too short", kind="skipped")


# --- listings, statistics and lookups ----------------------------------------------------------


@pytest.fixture
def filled(path: Path) -> Path:
    with Store(path) as store:
        store.write(make_analysis("5f2a9c01aa", code="USAGOV"), signature=b"sig-1")
        store.write(make_analysis("5f2a9c02bb", code="USAGOV", entities=3), signature=b"sig-2")
        store.write(make_analysis("7b00000001", code="DEUGOV", duplicate_of="5f2a9c01aa"))
        store.record_error("bad.html", Messages.MALFORMED_HTML.format(origin="bad.html"),
                           kind="skipped")
        store.record_error("again.txt", "same text", kind="duplicate", article_id="5f2a9c01aa")
        store.record_error("boom.txt", "stage failed", kind="failed", article_id="boom")
        run = store.start_run(["corpus/"])
        store.update_run(run, {"read": 6, "new": 3, "duplicate": 1, "skipped": 1, "failed": 1},
                         finished=True)
    return path


def test_stats(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        stats = store.stats(top=5)
    assert (stats.articles, stats.duplicates, stats.entities, stats.mentions) == (3, 1, 7, 14)
    assert stats.entity_types == {"person": 4, "place": 3}
    assert stats.top_actors == (("USAGOV", 2), ("DEUGOV", 1))
    assert stats.top_places == (("Paris", 3),)
    assert stats.errors == {"duplicate": 1, "failed": 1, "skipped": 1}
    assert stats.schema_version == CURRENT_VERSION
    assert stats.file_size > 0


def test_articles_are_listed_in_ingest_order_with_paging(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        rows = store.articles()
        assert [row.id for row in rows] == ["5f2a9c01aa", "5f2a9c02bb", "7b00000001"]
        assert [row.n_entities for row in rows] == [2, 3, 2]
        assert rows[2].duplicate_of == "5f2a9c01aa"
        assert rows[0].title == "Title of 5f2a9c01aa" and rows[0].source == "Example News"
        assert rows[0].ingested_at.tzinfo is not None
        assert [row.id for row in store.articles(limit=1, offset=1)] == ["5f2a9c02bb"]
        assert store.articles(offset=3) == []


def test_errors_are_listed_newest_first(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        errors = store.errors()
        assert [error.kind for error in errors] == ["failed", "duplicate", "skipped"]
        assert errors[1].article_id == "5f2a9c01aa"
        assert [error.origin for error in store.errors(1)] == ["boom.txt"]


def test_an_unknown_error_kind_is_a_programming_error(path: Path) -> None:
    with Store(path) as store, pytest.raises(ValueError):
        store.record_error("x", "y", kind="weird")


def test_lookup_by_id_and_by_unique_prefix(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        assert store.analysis("7b00000001").article.id == "7b00000001"
        assert store.analysis("5f2a9c01").article.id == "5f2a9c01aa"
        assert store.analysis("7b0000").article.id == "7b00000001"
        # What the user names is not there: a usage error (exit 2), not a store failure.
        with pytest.raises(UsageError) as caught:
            store.analysis("7b000")
        assert str(caught.value) == Messages.ARTICLE_ID_TOO_SHORT.format(article_id="7b000",
                                                                         minimum=6)
        with pytest.raises(UsageError, match="starts more than one article id"):
            store.analysis("5f2a9c")
        with pytest.raises(UsageError, match="no article with id"):
            store.analysis("5f2a9c01aa-and-more")
        with pytest.raises(UsageError, match="no article with id"):
            store.analysis("%%%%%%%")
        assert store.has_article("5f2a9c01aa") and not store.has_article("5f2a9c")


def test_signatures_come_in_batches(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "_BATCH", 1)
    with Store(filled, read_only=True) as store:
        assert list(store.signatures()) == [("5f2a9c01aa", b"sig-1"), ("5f2a9c02bb", b"sig-2")]
        assert store.article_ids() == {"5f2a9c01aa", "5f2a9c02bb", "7b00000001"}


def test_only_known_tables_are_exported(filled: Path) -> None:
    with Store(filled, read_only=True) as store:
        with pytest.raises(StoreError, match="unknown table 'articles; DROP TABLE articles'"):
            store.table("articles; DROP TABLE articles")


def test_a_missing_pyarrow_is_a_store_error(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with Store(filled, read_only=True) as store, pytest.raises(StoreError, match="pyarrow"):
        store.table("articles")


def test_tables_export_as_arrow(filled: Path) -> None:
    pytest.importorskip("pyarrow", exc_type=ImportError)
    with Store(filled, read_only=True) as store:
        for name in store_module.TABLES:
            assert store.table(name).num_rows >= 1
        entities = store.table("entities")
        assert entities.num_rows == 7
        assert "aliases" in entities.column_names
        assert store.table("mentions").num_rows == 14
    with Store(filled) as store:
        assert store.write(make_analysis("after-export"))
        assert store.table("articles").num_rows == 4


# --- bookkeeping: runs, and inputs not stored noted once ---------------------------------------


def test_an_input_seen_again_in_later_runs_is_noted_once(path: Path) -> None:
    with Store(path) as store:
        for _ in range(3):
            run = store.start_run(["inbox/"])
            store.record_error("inbox/copy.txt", "same text as 5f2a", kind="duplicate",
                               article_id="5f2a", run=run)
            store.record_error("inbox/de.txt", "not English", kind="skipped", run=run)
            store.update_run(run, {"read": 2, "duplicate": 1, "skipped": 1}, finished=True)
        # A different reason for the same input is news, and is noted.
        store.record_error("inbox/de.txt", "now empty", kind="skipped", run=run)
        stats = store.stats()
        errors = store.errors()
    assert stats.errors == {"duplicate": 1, "skipped": 2}
    assert stats.runs == 3
    assert stats.last_run is not None and stats.last_run.id == 3
    assert {(error.origin, error.reason) for error in errors} == {
        ("inbox/copy.txt", "same text as 5f2a"), ("inbox/de.txt", "not English"),
        ("inbox/de.txt", "now empty")}


def test_runs_keep_their_own_counts_and_a_stopped_run_says_why(path: Path) -> None:
    with Store(path) as store:
        first = store.start_run(["a/", "b.jsonl"])
        store.update_run(first, {"read": 5, "new": 4, "skipped": 1}, finished=True)
        second = store.start_run(["a/"])
        store.update_run(second, {"read": 5, "new": 0, "duplicate": 4, "skipped": 1},
                         stopped="disk full")
        runs = store.runs()
    assert [run.id for run in runs] == [second, first]
    assert (runs[1].read, runs[1].new, runs[1].skipped, runs[1].inputs) == (5, 4, 1, "a/ b.jsonl")
    assert runs[1].finished_at is not None and runs[1].stopped is None
    assert (runs[0].new, runs[0].duplicate) == (0, 4)
    assert runs[0].finished_at is None and runs[0].stopped == "disk full"


def test_upgrading_keeps_one_row_of_each_input_noted_many_times(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        for version, migrate in enumerate(store_module._MIGRATIONS[:3], start=1):
            migrate(connection)
            connection.execute("INSERT INTO schema_info VALUES (?, now())", [version])
        for _ in range(3):
            connection.execute("INSERT INTO errors VALUES ('a.txt', 'same', 'duplicate', 'x', now())")
        connection.execute("INSERT INTO errors VALUES ('b.txt', 'german', 'skipped', NULL, now())")
    with Store(path) as store:
        assert store.version == CURRENT_VERSION
        assert store.stats().errors == {"duplicate": 1, "skipped": 1}


def test_a_batch_is_written_whole_or_not_at_all(path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    batch = [(make_analysis(f"batch-000{number}"), None) for number in range(3)]
    original = Store._insert_mentions

    def fail_on_second(self: Store, analysis: Analysis) -> None:
        original(self, analysis)
        if analysis.article.id == "batch-0001":
            raise RuntimeError("interrupted")

    with Store(path) as store:
        monkeypatch.setattr(Store, "_insert_mentions", fail_on_second)
        with pytest.raises(RuntimeError, match="interrupted"):
            store.write_many(batch)
        assert store.article_ids() == set()
        monkeypatch.undo()
        assert store.write_many([batch[0]]) == [True]
        # Already stored, new, and the same article twice in one batch: written once.
        assert store.write_many([batch[0], batch[1], batch[2], batch[2]]) == [False, True, True, False]
        stats = store.stats()
    assert (stats.articles, stats.entities, stats.mentions) == (3, 6, 12)
    assert count(path, "sentences") == 9
