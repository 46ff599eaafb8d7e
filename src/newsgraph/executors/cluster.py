"""The Dask executor: batches go to the workers of a Dask cluster, each of which loads the models once.

The stages know nothing of Dask. The client keeps a bounded window of batches in flight, so
a reader of a huge file is never drained into memory; results come back to the one store
writer, or, with a shard folder, the workers write Parquet shards that ``newsgraph load``
stores later.
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError, Messages, UsageError
from newsgraph.executors.environment import NUMERIC_THREADS
from newsgraph.executors.outcomes import (BatchTiming, Failure, LoadedPipeline, Outcome, Sharded,
                                          WorkerLoads, load_pipeline, timed_batch)
from newsgraph.executors.tail import InFlight, Piece, held_back, pieces
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article
from newsgraph.settings import Settings

distributed: Any
dask_config: Any
try:
    import dask.config as _dask_config
    import distributed as _distributed
    distributed, dask_config = _distributed, _dask_config  # typed loosely: their stubs are partial
except ImportError:  # the [dask] extra is optional
    distributed = dask_config = None

_PluginBase: Any = distributed.WorkerPlugin if distributed is not None else object

PLUGIN_NAME = "newsgraph-pipeline"
RETRIES = 2
"""How often a batch is tried again after its task raised (a lost worker is always retried
by the scheduler, up to its ``allowed-failures``)."""
CONNECT_SECONDS = 20
READ_AHEAD_WINDOWS = 3
"""How many windows of batches the client may read while the cluster starts. The fork server
loads the models on one core while the client reads on the other; with one window (128
articles at the defaults) the client had read them 2-3 s before the workers were ready and
waited, and then read the rest while the workers needed both cores (400 articles, quiet:
31.5-32.9 s with three windows against 34.7-35.7 with one)."""
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # For the dashboard, which nobody reads here: the statistical profiler samples each
    # worker's stack every 10 ms, taking the GIL from the analysis; event-loop health checks
    # run every 20 ms and the system monitor every 0.5 s in every process. With them, an idle
    # worker used 2 % of a core and the client 3.5 %; without, 0.6 % and 0.9 %.
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "5s",
    # Each nanny (in the client's process) and each worker reads its worker's memory every
    # 100 ms; once a second halves what an idle cluster costs (client 0.24-0.30 CPU s per
    # 20 s idle to 0.16-0.18, each worker 0.13 to 0.06). Workers still stop at their limit.
    "distributed.worker.memory.monitor-interval": "1s",
    # One OpenMP/MKL/OpenBLAS thread per worker, as Dask sets it: the workers are the
    # parallelism (a worker forked from the fork server has them from the server, which
    # started with them: environment.py). But not Dask's MALLOC_TRIM_THRESHOLD_=65536: glibc
    # then hands memory back at nearly every free and faults it in again, and the analysis
    # cost 15-20 % more CPU in a worker (0.145-0.162 s an article against 0.108-0.135
    # without, 400 articles, twice).
    "distributed.nanny.pre-spawn-environ": dict(NUMERIC_THREADS),
    # Workers fork from a server that has loaded the models once (executors/preload.py),
    # instead of each starting a fresh interpreter and loading them again.
    "distributed.worker.multiprocessing-method": "forkserver",
}
"""Dask settings for a local cluster's workers (a remote cluster's are its own)."""


TASK_SLOTS = 2
"""Tasks a one-thread worker holds at once: the one it runs and the next (Dask's
``distributed.scheduler.worker-saturation``, 1.1 by default, gives it ceil(1.1) = 2), which it
runs whatever the others are doing; the tail's pieces are sized for them (tail.py)."""


def _task_slots(workers: int) -> int:
    """The tasks ``workers`` hold at once, for the tail (one worker has nothing to balance)."""
    return workers * TASK_SLOTS if workers > 1 else 1


def check_scheduler(address: str, seconds: float) -> None:
    """Ask ``address`` who it is, and raise DASK_UNREACHABLE unless a Dask scheduler answers
    within ``seconds``. Dask's client waited for ever on a server that took the connection and
    said nothing, and read a web server's answer as a frame of exabytes (a MemoryError)."""
    assert distributed is not None

    async def identity() -> Any:
        async with distributed.core.rpc(address, timeout=seconds) as scheduler:
            return await scheduler.identity()

    try:
        answer = asyncio.run(asyncio.wait_for(identity(), seconds))
    except Exception as error:  # noqa: BLE001 - whatever it was, no scheduler answered
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        if isinstance(error, TimeoutError):
            detail = f"no answer in {seconds:g} s"
        elif not isinstance(error, OSError):
            detail = f"not a Dask scheduler: {type(error).__name__}"
        raise UsageError(Messages.DASK_UNREACHABLE, address=address, detail=detail) from None
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        raise UsageError(Messages.DASK_UNREACHABLE, address=address,
                         detail="what answers there is not a Dask scheduler")


class PipelinePlugin(_PluginBase):  # type: ignore[misc]
    """A Dask worker plugin that builds the pipeline once when the worker starts."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loaded: LoadedPipeline | None = None

    def setup(self, worker: Any) -> None:
        """Load the spaCy model and every stage's resources on this worker (or take the ones
        it was forked with)."""
        from newsgraph.executors.preload import preloaded

        self.loaded = preloaded(self.settings) or load_pipeline(Pipeline(self.settings))

    def teardown(self, worker: Any) -> None:
        """Drop the pipeline."""
        self.loaded = None


def analyse_on_worker(batch: list[Article],
                      shard_folder: str | None) -> tuple[list[Outcome], BatchTiming]:
    """The task each batch becomes: analyse with the worker's pipeline, or write a shard."""
    assert distributed is not None
    plugin: PipelinePlugin = distributed.get_worker().plugins[PLUGIN_NAME]
    if plugin.loaded is None:
        plugin.setup(None)
    assert plugin.loaded is not None
    outcomes, timing = timed_batch(plugin.loaded, batch)
    if shard_folder is None:
        return outcomes, timing
    from newsgraph.shards import write_shard

    analyses = [outcome for outcome in outcomes if isinstance(outcome, Analysis)]
    if not analyses:
        return outcomes, timing
    shard = str(write_shard(shard_folder, analyses))
    return [Sharded(outcome.article, shard) if isinstance(outcome, Analysis) else outcome
            for outcome in outcomes], timing


class DaskExecutor:
    """Batches on a Dask cluster: ``executor.address``, or a local cluster of ``executor.workers``.

    The cluster starts, and its workers load their models, on a thread of its own while the
    caller goes on reading: the first batches (up to ``READ_AHEAD_WINDOWS`` windows) are read,
    and near-duplicates checked, during the loading, not after it, and are sent as soon as
    the workers are ready.
    """

    def __init__(self, settings: Settings, *, client: Any = None,
                 shard_folder: str | Path | None = None) -> None:
        if distributed is None:
            raise ConfigError(Messages.CONFIG_NEEDS_DASK)
        self.settings = settings
        self.shard_folder = str(Path(shard_folder).resolve()) if shard_folder else None
        self.loads = WorkerLoads()
        self.client: Any = client
        self._cluster: Any = None
        self._own_client = client is None
        self.workers = max(1, settings.executor.workers)
        """The cluster's workers: ``executor.workers`` until it has started, then as many as it has."""
        self.window = self.workers * settings.executor.in_flight
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsgraph-dask-start")
        self._started: Future[Any] = self._starter.submit(self._start, client)
        self._closing: Future[None] | None = None

    def _start(self, client: Any) -> Any:
        """Connect (or start a local cluster) and have every worker load the pipeline."""
        if client is None:
            client = self._connect(self.settings)
        client.register_plugin(PipelinePlugin(self.settings), name=PLUGIN_NAME)
        workers = len(client.scheduler_info(n_workers=-1).get("workers", {})) \
            or self.settings.executor.workers
        self.workers = max(1, workers)
        self.window = self.workers * self.settings.executor.in_flight
        return client

    def _connect(self, settings: Settings) -> Any:
        assert distributed is not None
        address = settings.executor.address
        try:
            if address:
                check_scheduler(address, CONNECT_SECONDS)
                return distributed.Client(address, timeout=CONNECT_SECONDS)
            from newsgraph.executors.preload import start_fork_server

            start_fork_server(settings)
            with dask_config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = distributed.LocalCluster(
                    n_workers=settings.executor.workers, threads_per_worker=1, processes=True,
                    dashboard_address=":0", silence_logs=50)
                return distributed.Client(self._cluster)
        except (OSError, TimeoutError) as error:
            raise UsageError(Messages.DASK_UNREACHABLE, address=address or "a local cluster",
                             detail=str(error).splitlines()[0] if str(error) else type(error).__name__
                             ) from None

    def _ready(self) -> Any:
        """The client, once the cluster has started; a start that failed raises here."""
        self.client = self._started.result()
        return self.client

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        """Keep at most ``window`` tasks on the cluster (the batches read ahead while it started
        go at once); yield results in input order, a list a batch. The last batches go out in
        pieces of decreasing size (tail.py).

        Once the last result is in, the executor begins to close: it maps one stream only.
        """
        in_flight: InFlight[Any] = InFlight(self._result)
        unsent: list[Piece] = []
        hold = held_back(_task_slots(self.settings.executor.workers))
        for piece in pieces(batches, hold, self._task_slots):
            unsent.append(piece)
            if not self._started.done() and len(unsent) + hold < READ_AHEAD_WINDOWS * self.window:
                continue  # read ahead while the workers load, up to a few windows in all
            client = self._ready()
            for waiting in unsent:
                in_flight.add(self._submit(client, waiting.articles), waiting)
            unsent.clear()
            yield from in_flight.complete(keep=self.window - 1)
        if unsent:
            client = self._ready()
            for waiting in unsent:
                in_flight.add(self._submit(client, waiting.articles), waiting)
        for outcomes in in_flight.complete(keep=0):
            if not in_flight:
                self._begin_closing()  # nothing is left to send
            yield outcomes

    def _task_slots(self) -> int:
        """The tasks the cluster's workers hold at once, known once it has started (an input
        that ended while it started waits for it here, as it would to be sent)."""
        self._ready()
        return _task_slots(self.workers)

    def _submit(self, client: Any, batch: list[Article]) -> Any:
        return client.submit(analyse_on_worker, batch, self.shard_folder,
                             key=f"newsgraph-batch-{uuid.uuid4().hex}", pure=False,
                             retries=RETRIES)

    def _result(self, future: Any, batch: list[Article]) -> list[Outcome]:
        try:
            outcomes, timing = future.result()
            self.loads.add(timing)
            return list(outcomes)
        except Exception as error:  # noqa: BLE001 - a batch lost for good fails its articles, not the run
            reason = f"{type(error).__name__}: {error}".splitlines()[0]
            return [Failure(article, reason) for article in batch]
        finally:
            future.release()

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started one."""
        try:
            self._begin_closing().result()
        finally:
            self._starter.shutdown()

    def _begin_closing(self) -> Future[None]:
        """Shut down on the starter's thread (once): ``map`` begins it when the last result is
        in, so that the cluster stops while the caller stores that batch."""
        if self._closing is None:
            self._closing = self._starter.submit(self._shut_down)
        return self._closing

    def _shut_down(self) -> None:
        try:
            client = self._started.result()
        except Exception:  # noqa: BLE001 - a start that failed was reported by map
            client = None
        if self._own_client and client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
        if self._own_client and not self.settings.executor.address:
            from newsgraph.executors.preload import stop_fork_server

            stop_fork_server()  # started for the local cluster, even if that failed to start
