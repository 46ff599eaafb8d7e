"""What ingest tells its user: the progress display is tidied away whatever stops the run, and
the summary says where the analyses went."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import newsgraph.progress
from newsgraph.cli import main
from newsgraph.cli.analysis import _summary_text
from newsgraph.errors import ExitCode
from newsgraph.ingest import IngestSummary


class Recorder:
    """Stands in for the progress bar, remembering how it was closed."""

    made: list[Recorder] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.closed: list[bool] = []
        Recorder.made.append(self)

    def update(self, summary: IngestSummary) -> None:
        pass

    def close(self, summary: IngestSummary, *, complete: bool = True) -> None:
        self.closed.append(complete)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[Recorder]:
    Recorder.made = []
    monkeypatch.setattr(newsgraph.progress, "make_reporter", Recorder)
    return Recorder


def test_no_bar_is_drawn_for_a_path_that_is_not_there(recorder: type[Recorder],
                                                        tmp_path: Path) -> None:
    code = main(["--db", str(tmp_path / "s.duckdb"), "ingest", str(tmp_path / "missing.txt")])
    assert code == ExitCode.USAGE
    assert recorder.made == []  # on a terminal it was drawn, and the error printed across it


def test_the_bar_is_closed_when_the_store_cannot_be_opened(recorder: type[Recorder],
                                                          tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "quay.txt"
    article.write_text("The new quay in the river town opened on Saturday after two years of work, "
                       "the harbour master told reporters.\n", encoding="utf-8")
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("this file is not a store at all\n", encoding="utf-8")
    code = main(["--db", str(not_a_store), "ingest", str(article)])
    assert code == ExitCode.STORE
    assert [reporter.closed for reporter in recorder.made] == [[False]]
    # Nothing was done: no summary of nothing, and no word of a run stopped halfway.
    assert capsys.readouterr().err.count("\n") == 1


def test_a_sharded_run_says_the_analyses_are_in_the_shards_not_the_store() -> None:
    summary = IngestSummary(read=6, new=5, skipped=1,
                            reasons=[("skipped", "empty.txt", "empty.txt: the article is empty")])
    text = _summary_text(summary, "store.duckdb", "shards/day1")
    assert "Ingested into store.duckdb" not in text
    assert "shards/day1" in text and "newsgraph load shards/day1" in text
    assert "new 5" in text and "  skipped: empty.txt: the article is empty" in text
    assert _summary_text(summary, "store.duckdb").startswith("Ingested into store.duckdb: read 6")


def test_the_store_is_free_to_read_while_the_workers_load(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    import newsgraph.ingest
    from newsgraph.settings import load_settings
    from newsgraph.store import Store

    path = tmp_path / "store.duckdb"
    readable: list[bool] = []

    class Loading:
        """An executor whose workers are still loading their models when it is made."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            try:
                duckdb.connect(str(path), read_only=True).close()
                readable.append(True)
            except duckdb.Error:
                readable.append(False)

        def map(self, batches: Any) -> Any:
            return iter(())

        def close(self) -> None:
            pass

    monkeypatch.setattr(newsgraph.ingest, "make_executor", Loading)
    with Store(path) as store:
        newsgraph.ingest.ingest([], load_settings(), store)
    # Loading takes 5-20 s; a reader used to wait all of it for the writer's first batch.
    assert readable == [True]


def test_stats_does_not_call_a_run_in_progress_stopped() -> None:
    from newsgraph.cli.queries import _stats_text

    run = {"id": 2, "started_at": "2026-12-07 22:34:00", "inputs": "big2", "read": 16, "new": 16,
           "duplicate": 0, "skipped": 0, "failed": 0, "finished_at": None, "stopped": None}
    text = _stats_text({"schema_version": 4, "last_run": run, "runs": 2}, "s.duckdb")
    assert "stopped" not in text and "not finished: running, or killed" in text
    text = _stats_text({"schema_version": 4, "last_run": {**run, "stopped": "interrupted"},
                        "runs": 2}, "s.duckdb")
    assert ", stopped: interrupted" in text


def test_shards_cannot_go_into_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text("The island ferry resumed its winter timetable on Monday after a week of "
                       "storms, the operator said in a short notice.\n", encoding="utf-8")
    target = tmp_path / "notes.txt"
    target.write_text("keep me\n", encoding="utf-8")
    code = main(["--db", str(tmp_path / "s.duckdb"), "ingest", str(article), "--out", "parquet",
                 str(target)])
    err = capsys.readouterr().err
    # Every article failed with FileExistsError once the workers had started.
    assert code == ExitCode.USAGE and str(target) in err and err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "s.duckdb").exists()


def test_loading_a_folder_without_shards_says_so(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code = main(["--db", str(tmp_path / "s.duckdb"), "load", str(tmp_path / "empty")])
    err = capsys.readouterr().err
    assert code == ExitCode.INPUT and "no shard" in err and err.count("\n") == 1


def test_an_article_another_writer_stored_meanwhile_counts_as_a_duplicate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsgraph.ingest
    from newsgraph.schema import Analysis
    from newsgraph.settings import load_settings
    from newsgraph.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, town in enumerate(("Harwich", "Dover", "Hull")):
        (corpus / f"{town}.txt").write_text(
            f"The port of {town} handled more freight this winter than last, its manager said on "
            f"day {number + 3} of the month, crediting a new crane.\n", encoding="utf-8")

    class Echo:
        """Gives back an empty analysis of each article, as fast as it can."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def map(self, batches: Any) -> Any:
            for batch in batches:
                yield [Analysis(article=article) for article in batch]

        def close(self) -> None:
            pass

    monkeypatch.setattr(newsgraph.ingest, "make_executor", Echo)
    with Store(tmp_path / "store.duckdb") as store:
        # A second ingest of the same folder stored every article while this one analysed it.
        monkeypatch.setattr(store, "write_many", lambda rows: [False] * len(rows))
        summary = newsgraph.ingest.ingest([str(corpus)], load_settings(), store)
    assert (summary.read, summary.new, summary.duplicate) == (3, 0, 3)
    assert [kind for kind, _, _ in summary.reasons] == ["duplicate"] * 3


def test_an_interrupted_ingest_says_what_it_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import newsgraph.cli.analysis
    from newsgraph.errors import Messages

    article = tmp_path / "lock.txt"
    article.write_text("The canal lock reopened to barges on Thursday after its gates were "
                       "replaced, the waterway authority said.\n", encoding="utf-8")

    def stopped_by_ctrl_c(paths: Any, settings: Any, store: Any, *, summary: IngestSummary,
                          **kwargs: Any) -> IngestSummary:
        summary.read, summary.new = 40, 32  # 32 stored, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(newsgraph.cli.analysis, "ingest", stopped_by_ctrl_c)
    code = main(["--db", str(tmp_path / "s.duckdb"), "ingest", str(article)])
    err = capsys.readouterr().err
    assert code == 130
    assert "new 32" in err and Messages.INGEST_STOPPED in err and "interrupted" in err
