"""Parquet shards: written whole, read back the same, loaded into the store once."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.errors import UsageError
from newsgraph.reading import read_text
from newsgraph.schema import Analysis, Article, Entity, Mention
from newsgraph.settings import load_settings
from newsgraph.shards import load_shards, read_shards, shard_name, write_shard
from newsgraph.store import Store

BODIES = [
    "Delegations from both countries met in Geneva on Monday to discuss a prisoner exchange.",
    "The foreign ministers met in Ankara on Tuesday to talk about reopening the two consulates.",
    "Negotiators agreed in Riyadh on Wednesday to keep shipping lanes in the Black Sea open.",
]


def _analyses() -> list[Analysis]:
    settings = load_settings().reading
    analyses = []
    for number, body in enumerate(BODIES):
        article = read_text(body, origin=f"wire-{number}.txt", title=f"Report {number}",
                            settings=settings)
        assert isinstance(article, Article)
        city = body.split(" in ")[1].split(" on ")[0]
        start = article.text.index(city)
        analyses.append(Analysis(article=article, entities=[Entity(
            id="e1", name=city, type="GPE",
            mentions=[Mention(start=start, end=start + len(city), text=city, sentence=0,
                              label="GPE")])],
            events=[{"code": "040", "evidence": [], "confidence": 0.5}],
            pipeline={"newsgraph": "test"}))
    return analyses


def test_a_shard_reads_back_as_the_same_analyses(tmp_path: Path) -> None:
    analyses = _analyses()
    path = write_shard(tmp_path, analyses)
    assert path.name == shard_name(analyses)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no partial file left behind
    [(read_path, read_back)] = list(read_shards(tmp_path))
    assert read_path == path
    assert [a.to_dict() for a in read_back] == [a.to_dict() for a in analyses]


def test_the_same_batch_writes_the_same_file_again(tmp_path: Path) -> None:
    analyses = _analyses()
    assert write_shard(tmp_path, analyses) == write_shard(tmp_path, analyses)
    assert len(list(tmp_path.glob("shard-*.parquet"))) == 1


def test_loading_twice_stores_each_article_once(tmp_path: Path) -> None:
    analyses = _analyses()
    write_shard(tmp_path / "shards", analyses[:2])
    write_shard(tmp_path / "shards", analyses[1:])  # an article in two shards: a retried batch
    settings = load_settings()
    with Store(tmp_path / "s.duckdb") as store:
        first = load_shards(tmp_path / "shards", settings, store)
        again = load_shards(tmp_path / "shards", settings, store)
        stored = store.article_ids()
        entities = store.stats().entities
    assert (first.shards, first.new, first.already) == (2, 3, 1)
    assert (again.new, again.already) == (0, 4)
    assert stored == {a.article.id for a in analyses}
    assert entities == 3


def test_a_file_that_is_not_a_shard_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "shard-broken.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(UsageError, match="shard-broken.parquet: not a newsgraph shard"):
        list(read_shards(tmp_path))


def test_the_cli_loads_shards_and_refuses_a_missing_folder(tmp_path: Path, capsys) -> None:
    write_shard(tmp_path / "shards", _analyses())
    db = str(tmp_path / "s.duckdb")
    assert main(["--db", db, "load", str(tmp_path / "shards")]) == 0
    assert "new 3, already stored 0" in capsys.readouterr().out
    assert main(["--db", db, "load", str(tmp_path / "nowhere")]) == 2
    assert "no such folder of Parquet shards" in capsys.readouterr().err


def test_ingest_out_takes_only_parquet(tmp_path: Path, capsys) -> None:
    article = tmp_path / "a.txt"
    article.write_text(BODIES[0], encoding="utf-8")
    code = main(["--db", str(tmp_path / "s.duckdb"), "ingest", "--out", "csv", str(tmp_path / "o"),
                 str(article)])
    assert code == 2
    assert "--out csv" in capsys.readouterr().err


def test_a_shard_is_stored_in_one_write_and_the_store_let_go_between_shards(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    analyses = _analyses()
    folder = tmp_path / "shards"
    write_shard(folder, analyses[:2])
    write_shard(folder, analyses[2:])
    calls: list[str] = []
    settings = load_settings(overrides=["store.release_every=0"])
    with Store(tmp_path / "store.duckdb") as store:
        write_many, release = store.write_many, store.release
        monkeypatch.setattr(store, "write_many",
                            lambda items: calls.append(f"write {len(items)}") or write_many(items))
        monkeypatch.setattr(store, "release", lambda: calls.append("release") or release())
        summary = load_shards(folder, settings, store)
    # One transaction a shard (a transaction an article cost 4-5 times as much), and readers
    # may open the store between shards, as they may between an ingest's batches.
    assert sorted(call for call in calls if call.startswith("write")) == ["write 1", "write 2"]
    assert calls.count("release") >= 1
    assert (summary.shards, summary.new, summary.already) == (2, 3, 0)
