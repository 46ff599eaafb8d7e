"""The Dask executor: batches go to the workers of a Dask cluster, each of which loads the models once.

The stages know nothing of Dask. The client keeps a bounded window of batches in flight, so
a reader of a huge file is never drained into memory; results come back to the one store
writer, or, with a shard folder, the workers write Parquet shards that ``newsgraph load``
stores later.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError, Messages, UsageError
from newsgraph.executors.outcomes import Failure, Outcome, Sharded, safe_batch
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article
from newsgraph.settings import Settings

distributed: Any
try:
    import distributed as _distributed
    distributed = _distributed  # typed loosely: its stubs are partial
except ImportError:  # the [dask] extra is optional
    distributed = None

_PluginBase: Any = distributed.WorkerPlugin if distributed is not None else object

PLUGIN_NAME = "newsgraph-pipeline"
RETRIES = 2
"""How often a batch is tried again after its task raised (a lost worker is always retried
by the scheduler, up to its ``allowed-failures``)."""
CONNECT_SECONDS = 20


class PipelinePlugin(_PluginBase):  # type: ignore[misc]
    """A Dask worker plugin that builds the pipeline once when the worker starts."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline: Pipeline | None = None

    def setup(self, worker: Any) -> None:
        """Load the spaCy model and every stage's resources on this worker."""
        self.pipeline = Pipeline(self.settings)
        self.pipeline.setup()

    def teardown(self, worker: Any) -> None:
        """Drop the pipeline."""
        self.pipeline = None


def analyse_on_worker(batch: list[Article], shard_folder: str | None) -> list[Outcome]:
    """The task each batch becomes: analyse with the worker's pipeline, or write a shard."""
    assert distributed is not None
    plugin: PipelinePlugin = distributed.get_worker().plugins[PLUGIN_NAME]
    if plugin.pipeline is None:
        plugin.setup(None)
    assert plugin.pipeline is not None
    outcomes = safe_batch(plugin.pipeline, batch)
    if shard_folder is None:
        return outcomes
    from newsgraph.shards import write_shard

    analyses = [outcome for outcome in outcomes if isinstance(outcome, Analysis)]
    if not analyses:
        return outcomes
    shard = str(write_shard(shard_folder, analyses))
    return [Sharded(outcome.article, shard) if isinstance(outcome, Analysis) else outcome
            for outcome in outcomes]


class DaskExecutor:
    """Batches on a Dask cluster: ``executor.address``, or a local cluster of ``executor.workers``."""

    def __init__(self, settings: Settings, *, client: Any = None,
                 shard_folder: str | Path | None = None) -> None:
        if distributed is None:
            raise ConfigError(Messages.CONFIG_NEEDS_DASK)
        self.settings = settings
        self.shard_folder = str(Path(shard_folder).resolve()) if shard_folder else None
        self._cluster: Any = None
        self._own_client = client is None
        if client is None:
            client = self._connect(settings)
        self.client = client
        self.client.register_plugin(PipelinePlugin(settings), name=PLUGIN_NAME)
        workers = len(self.client.scheduler_info(n_workers=-1).get("workers", {})) \
            or settings.executor.workers
        self.window = max(1, workers) * settings.executor.in_flight

    def _connect(self, settings: Settings) -> Any:
        assert distributed is not None
        address = settings.executor.address
        try:
            if address:
                return distributed.Client(address, timeout=CONNECT_SECONDS)
            self._cluster = distributed.LocalCluster(
                n_workers=settings.executor.workers, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=50)
            return distributed.Client(self._cluster)
        except (OSError, TimeoutError) as error:
            raise UsageError(Messages.DASK_UNREACHABLE, address=address or "a local cluster",
                             detail=str(error).splitlines()[0] if str(error) else type(error).__name__
                             ) from None

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        """Keep at most ``window`` batches on the cluster; yield results in input order."""
        assert distributed is not None
        pending: deque[tuple[Any, list[Article]]] = deque()
        for batch in batches:
            future = self.client.submit(analyse_on_worker, batch, self.shard_folder,
                                        key=f"newsgraph-batch-{uuid.uuid4().hex}",
                                        pure=False, retries=RETRIES)
            pending.append((future, batch))
            if len(pending) >= self.window:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _result(self, future: Any, batch: list[Article]) -> list[Outcome]:
        try:
            outcomes: list[Outcome] = future.result()
            return outcomes
        except Exception as error:  # noqa: BLE001 - a batch lost for good fails its articles, not the run
            reason = f"{type(error).__name__}: {error}".splitlines()[0]
            return [Failure(article, reason) for article in batch]
        finally:
            future.release()

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started one."""
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
