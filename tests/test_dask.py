"""The Dask executor: same store as serial, lost workers retried, a killed client re-runs cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsgraph.ingest import IngestSummary, ingest
from newsgraph.settings import Settings, load_settings
from newsgraph.shards import load_shards, read_shards
from newsgraph.store import Store

distributed = pytest.importorskip("distributed")
import dask.config  # noqa: E402 - installed with distributed

MONITOR_INTERVAL = "distributed.worker.memory.monitor-interval"

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [str(ROOT / "examples" / name) for name in (
    "prisoner_exchange.txt", "new_start_offer.txt", "istanbul_embassy_talks.txt",
    "easter_truce.txt", "nato_hague_summit.txt", "ukraine_military_aid.txt")]
TABLES = ("articles", "entities", "mentions", "sentences", "events", "quotes", "event_mentions")


def _settings(db: Path, *overrides: str) -> Settings:
    return load_settings(overrides=[f"store.path={db}", "executor.batch_size=1", *overrides])


def _contents(path: Path) -> dict[str, list[str]]:
    """Every row of every analysis table, sorted; the ingest time is left out."""
    contents = {}
    with duckdb.connect(str(path), read_only=True) as connection:
        for table in TABLES:
            columns = [row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall()
                       if row[0] != "ingested_at"]
            quoted = ", ".join(f'"{column}"' for column in columns)
            contents[table] = sorted(map(repr, connection.execute(
                f"SELECT {quoted} FROM {table}").fetchall()))
    return contents


@pytest.fixture(scope="module")
def serial_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    db = tmp_path_factory.mktemp("serial") / "serial.duckdb"
    settings = _settings(db)
    with Store(db) as store:
        summary = ingest(ARTICLES, settings, store)
    assert (summary.new, summary.failed) == (len(ARTICLES), 0)
    return _contents(db)


@pytest.fixture(scope="module")
def threads_cluster() -> Iterator[Any]:
    """An in-process cluster (workers are threads) reachable over TCP like a real scheduler."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp", dashboard_address=":0") as cluster:
        yield cluster


def test_dask_gives_the_same_store_as_serial(tmp_path: Path, threads_cluster: Any,
                                             serial_store: dict[str, list[str]]) -> None:
    db = tmp_path / "dask.duckdb"
    settings = _settings(db, "executor.kind=dask",
                         f"executor.address='{threads_cluster.scheduler_address}'")
    with Store(db) as store:
        summary = ingest(ARTICLES, settings, store)
    assert (summary.new, summary.failed) == (len(ARTICLES), 0)
    assert _contents(db) == serial_store


def test_workers_write_shards_and_load_stores_them_once(tmp_path: Path, threads_cluster: Any,
                                                        serial_store: dict[str, list[str]]) -> None:
    db, shards = tmp_path / "loaded.duckdb", tmp_path / "shards"
    settings = _settings(db, "executor.kind=dask",
                         f"executor.address='{threads_cluster.scheduler_address}'")
    with Store(db) as store:
        summary = ingest(ARTICLES, settings, store, shard_folder=str(shards))
        assert summary.new == len(ARTICLES) and store.article_ids() == set()
    assert sum(len(analyses) for _, analyses in read_shards(shards)) == len(ARTICLES)
    with Store(db) as store:
        first = load_shards(shards, settings, store)
        again = load_shards(shards, settings, store)
    assert (first.new, first.already) == (len(ARTICLES), 0)
    assert (again.new, again.already) == (0, len(ARTICLES))
    assert _contents(db) == serial_store


def test_a_worker_killed_mid_run_is_retried(tmp_path: Path,
                                            serial_store: dict[str, list[str]]) -> None:
    db = tmp_path / "killed-worker.duckdb"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        settings = _settings(db, "executor.kind=dask",
                             f"executor.address='{cluster.scheduler_address}'")
        killed: list[int] = []

        def kill_one_worker(summary: IngestSummary) -> None:
            if not killed and summary.new >= 1:
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        with Store(db) as store:
            summary = ingest(ARTICLES, settings, store, progress=kill_one_worker)
    assert killed, "the run ended before a worker could be killed"
    assert (summary.new, summary.failed) == (len(ARTICLES), 0)
    assert _contents(db) == serial_store


def test_a_local_cluster_forks_its_workers_from_one_loading_to_the_same_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        serial_store: dict[str, list[str]]) -> None:
    import newsgraph.ingest as ingest_module
    from threadpoolctl import threadpool_info

    from newsgraph.executors.preload import ENVIRONMENT, TOKENIZER_THREADS, holds_preloaded

    db = tmp_path / "local-cluster.duckdb"
    settings = _settings(db, "executor.kind=dask", "executor.workers=2")
    answers: dict[str, bool] = {}
    libraries: dict[str, list[dict[str, Any]]] = {}
    intervals: dict[str, str] = {}
    made: list[Any] = []
    make_executor = ingest_module.make_executor

    def make_and_keep(*args: Any, **kwargs: Any) -> Any:
        made.append(make_executor(*args, **kwargs))
        return made[-1]

    def ask_the_workers_once(summary: IngestSummary) -> None:
        if not answers:  # after the first batch: the cluster closes once the last is in
            answers.update(made[0].client.run(holds_preloaded))
            libraries.update(made[0].client.run(threadpool_info))
            intervals.update(made[0].client.run(dask.config.get, MONITOR_INTERVAL))

    monkeypatch.setattr(ingest_module, "make_executor", make_and_keep)
    environment = {name: os.environ.get(name) for name in (ENVIRONMENT, TOKENIZER_THREADS)}
    with Store(db) as store:
        summary = ingest(ARTICLES, settings, store, progress=ask_the_workers_once)
    assert (summary.new, summary.failed) == (len(ARTICLES), 0)
    assert _contents(db) == serial_store
    assert list(answers.values()) == [True, True]
    assert not holds_preloaded()  # only the fork server and its children load
    # The workers' OpenBLAS came loaded from the fork server, with one thread; what the
    # fork server was started with is gone from this process's environment.
    blas = {worker: [library["num_threads"] for library in found if library["user_api"] == "blas"]
            for worker, found in libraries.items()}
    assert len(blas) == 2 and all(threads and set(threads) == {1} for threads in blas.values())
    assert {name: os.environ.get(name) for name in environment} == environment
    assert list(intervals.values()) == ["1s", "1s"]  # the workers' memory checks, once a second
    assert dask.config.get(MONITOR_INTERVAL) == "100ms"  # this process's Dask settings are its own


def test_the_dask_executor_counts_each_batch_on_the_worker_that_ran_it(
        tmp_path: Path, threads_cluster: Any) -> None:
    from newsgraph.executors.cluster import DaskExecutor
    from newsgraph.reading import read_inputs
    from newsgraph.schema import Article

    settings = _settings(tmp_path / "unused.duckdb", "executor.kind=dask",
                         f"executor.address='{threads_cluster.scheduler_address}'")
    articles = [item for item in read_inputs(ARTICLES[:4], settings.reading)
                if isinstance(item, Article)]
    executor = DaskExecutor(settings)
    try:
        outcomes = [outcome for batch in executor.map([articles[:2], articles[2:3], articles[3:]])
                    for outcome in batch]
    finally:
        executor.close()
    assert [outcome.article.id for outcome in outcomes] == [article.id for article in articles]
    (load,) = executor.loads.workers.values()  # one worker, a thread of this process
    assert (load.worker, load.batches, load.articles) == (os.getpid(), 3, 4)


def test_an_unreachable_scheduler_is_a_usage_error_and_the_run_is_noted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.errors import UsageError
    from newsgraph.executors import cluster

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    db = tmp_path / "unreachable.duckdb"
    settings = _settings(db, "executor.kind=dask", "executor.address='tcp://127.0.0.1:9'")
    with Store(db) as store:
        with pytest.raises(UsageError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
            ingest(ARTICLES[:2], settings, store)
        assert store.article_ids() == set()
        (run,) = store.runs()
        assert run.finished_at is None and run.stopped is not None
        assert "cannot reach the Dask scheduler" in run.stopped


CLIENT = """
import sys
from newsgraph.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_a_client_killed_mid_run_reruns_to_the_same_store(
        tmp_path: Path, threads_cluster: Any, serial_store: dict[str, list[str]]) -> None:
    db = tmp_path / "killed-client.duckdb"
    command = [sys.executable, "-c", CLIENT, "--db", str(db), "--set", "executor.kind=dask",
               "--set", f"executor.address='{threads_cluster.scheduler_address}'",
               "--set", "executor.batch_size=1", "--set", "executor.in_flight=1",
               "--set", "store.release_every=0", "ingest", "--status-every", "0.1", *ARTICLES]
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    client = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment)
    assert client.stderr is not None
    for line in client.stderr:
        if " new 2 " in line or " new 3 " in line:
            client.send_signal(signal.SIGKILL)
            break
    client.wait(timeout=120)
    client.stderr.close()
    assert client.returncode == -signal.SIGKILL, "the client finished before it could be killed"
    with Store(db, read_only=True) as store:
        stored_before = len(store.article_ids())
    assert 2 <= stored_before < len(ARTICLES)

    rerun = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300,
                           check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert _contents(db) == serial_store


class _SlowStartingClient:
    """Stands in for a client whose cluster is still starting until ``started`` is set."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.submitted: list[list[Any]] = []

    def register_plugin(self, plugin: Any, name: str) -> None:
        assert self.started.wait(30)

    def scheduler_info(self, n_workers: int) -> dict[str, Any]:
        return {"workers": {"tcp://one": {}, "tcp://two": {}}}

    def submit(self, function: Any, batch: list[Any], shard_folder: Any, **options: Any) -> Any:
        from newsgraph.executors.outcomes import BatchTiming

        self.submitted.append(batch)
        timing = BatchTiming(1, len(batch), time.time(), 0.0, 0.0, time.time(), 0.0)

        class Done:
            def result(self) -> tuple[list[Any], BatchTiming]:
                return list(batch), timing

            def release(self) -> None:
                pass

        return Done()


def test_the_dask_executor_reads_a_bounded_number_of_windows_ahead_while_the_cluster_starts(
        tmp_path: Path) -> None:
    from newsgraph.executors.cluster import READ_AHEAD_WINDOWS, DaskExecutor

    settings = _settings(tmp_path / "unused.duckdb", "executor.kind=dask", "executor.workers=2",
                         "executor.in_flight=2")
    client = _SlowStartingClient()
    executor = DaskExecutor(settings, client=client)
    window = 2 * 2
    read: list[int] = []

    def batches() -> Iterator[list[Any]]:
        for number in range(40):
            read.append(number)
            yield [number]

    results: list[list[Any]] = []
    mapping = threading.Thread(target=lambda: results.extend(executor.map(batches())))
    mapping.start()
    deadline = time.monotonic() + 30
    while len(read) < READ_AHEAD_WINDOWS * window and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # time enough to read on, if it would
    assert len(read) == READ_AHEAD_WINDOWS * window == 12 and not client.submitted
    client.started.set()
    mapping.join(30)
    executor.close()
    assert results == [[number] for number in range(40)]  # every batch, in order
    assert client.submitted[:12] == [[number] for number in range(12)]


def test_the_dask_executor_sends_the_last_batches_in_pieces_and_gives_back_whole_batches(
        tmp_path: Path) -> None:
    from newsgraph.executors.cluster import DaskExecutor

    settings = _settings(tmp_path / "unused.duckdb", "executor.kind=dask", "executor.workers=2")
    client = _SlowStartingClient()
    client.started.set()
    executor = DaskExecutor(settings, client=client)
    batches = [list(range(number * 16, number * 16 + 16)) for number in range(6)]
    try:
        results = list(executor.map(iter(batches)))  # a stream: its length is not known ahead
    finally:
        executor.close()
    assert results == batches
    # Two one-thread workers hold four tasks (each runs one and holds the next): the last four
    # batches are held back and split over four slots.
    assert [len(task) for task in client.submitted] == \
        [16] * 3 + [12, 4] + [8, 6, 2] + [4, 3, 3, 2, 1, 1, 1, 1]
    assert [item for task in client.submitted for item in task] == list(range(96))
