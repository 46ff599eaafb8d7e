"""What an executor gives back for each article, and the one way every executor analyses a batch."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Protocol

from newsgraph.errors import NewsgraphError
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article


@dataclass(frozen=True)
class Failure:
    """An article whose analysis raised, with the reason."""

    article: Article
    reason: str


@dataclass(frozen=True)
class Sharded:
    """An article a worker analysed and wrote to a Parquet shard instead of sending it back."""

    article: Article
    shard: str


Outcome = Analysis | Failure | Sharded


@dataclass(frozen=True)
class LoadedPipeline:
    """A worker's pipeline, with when it had finished loading and how long loading took."""

    pipeline: Pipeline
    ready_at: float
    """Seconds since the epoch, comparable across the processes of one machine."""
    load_seconds: float


def load_pipeline(pipeline: Pipeline) -> LoadedPipeline:
    """Set up a pipeline (load its models), timing it."""
    started = time.perf_counter()
    pipeline.setup()
    return LoadedPipeline(pipeline, time.time(), time.perf_counter() - started)


@dataclass(frozen=True)
class BatchTiming:
    """Where one batch ran and for how long: wall seconds and the CPU seconds of its thread."""

    worker: int
    """The process id of the worker."""
    articles: int
    started: float
    seconds: float
    cpu_seconds: float
    ready_at: float
    load_seconds: float


def timed_batch(loaded: LoadedPipeline, batch: list[Article]) -> tuple[list[Outcome], BatchTiming]:
    """``safe_batch`` with its timing, which the executor adds to its ``WorkerLoads``."""
    started, clock, cpu = time.time(), time.perf_counter(), time.thread_time()
    outcomes = safe_batch(loaded.pipeline, batch)
    return outcomes, BatchTiming(os.getpid(), len(batch), started, time.perf_counter() - clock,
                                 time.thread_time() - cpu, loaded.ready_at, loaded.load_seconds)


@dataclass
class WorkerLoad:
    """One worker's part of a run: its loading, and the batches, articles and seconds of its tasks."""

    worker: int
    ready_at: float
    load_seconds: float
    batches: int = 0
    articles: int = 0
    busy_seconds: float = 0.0
    cpu_seconds: float = 0.0
    first_started: float = 0.0
    last_ended: float = 0.0


class WorkerLoads:
    """Per-worker busy time of a run, one entry per worker process (bounded, however long the run)."""

    def __init__(self) -> None:
        self.workers: dict[int, WorkerLoad] = {}
        self.first_result_at = 0.0

    def add(self, timing: BatchTiming) -> None:
        """Count one finished batch."""
        load = self.workers.setdefault(timing.worker, WorkerLoad(
            timing.worker, timing.ready_at, timing.load_seconds, first_started=timing.started))
        load.batches += 1
        load.articles += timing.articles
        load.busy_seconds += timing.seconds
        load.cpu_seconds += timing.cpu_seconds
        load.first_started = min(load.first_started, timing.started)
        load.last_ended = max(load.last_ended, timing.started + timing.seconds)
        self.first_result_at = self.first_result_at or time.time()

    def as_dicts(self) -> list[dict[str, float]]:
        """The workers as plain data, for benchmarks."""
        return [asdict(load) for load in self.workers.values()]


class Executor(Protocol):
    """Runs the pipeline over batches and yields each batch's outcomes in order."""

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        """Analyse each batch; a failing article becomes a Failure, never an exception."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


def analyse_batch(pipeline: Pipeline, batch: list[Article]) -> list[Outcome]:
    """Analyse a batch; if it fails, retry article by article so that one bad input costs one."""
    try:
        return list(pipeline.analyse(batch))
    except Exception:
        if len(batch) == 1:
            raise
    outcomes: list[Outcome] = []
    for article in batch:
        try:
            outcomes.extend(pipeline.analyse([article]))
        except NewsgraphError as error:
            outcomes.append(Failure(article, error.message))
        except Exception as error:  # noqa: BLE001 - one article's failure must not stop a batch
            outcomes.append(Failure(article, f"{type(error).__name__}: {error}"))
    return outcomes


def safe_batch(pipeline: Pipeline, batch: list[Article]) -> list[Outcome]:
    """``analyse_batch`` that never raises: a batch that fails as a whole fails article by article."""
    try:
        return analyse_batch(pipeline, batch)
    except NewsgraphError as error:
        return [Failure(article, error.message) for article in batch]
    except Exception as error:  # noqa: BLE001
        return [Failure(article, f"{type(error).__name__}: {error}") for article in batch]
