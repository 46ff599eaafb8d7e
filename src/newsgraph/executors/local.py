"""Executors on this machine: everything in this process, or a pool of local worker processes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult

from newsgraph.executors.environment import worker_environment
from newsgraph.executors.outcomes import (BatchTiming, LoadedPipeline, Outcome, WorkerLoads,
                                          load_pipeline, timed_batch)
from newsgraph.executors.tail import InFlight, held_back, pieces
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Article
from newsgraph.settings import Settings


class SerialExecutor:
    """Everything in this process."""

    def __init__(self, settings: Settings) -> None:
        self.pipeline = Pipeline(settings)
        self.loads = WorkerLoads()

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        """Analyse each batch in turn, reading the next only when this one is done."""
        loaded = load_pipeline(self.pipeline)
        for batch in batches:
            outcomes, timing = timed_batch(loaded, batch)
            self.loads.add(timing)
            yield outcomes

    def close(self) -> None:
        """Nothing to release."""


# Each worker process builds its pipeline once in the pool's initializer and keeps it here:
# a process-wide slot is the only place a multiprocessing initializer can leave it.
_worker_pipeline: list[LoadedPipeline] = []
# Why the pipeline could not be built (a model not installed, a stage not registered): kept, not
# raised, because a pool replaces a worker whose initializer raises, for ever; the worker's
# first task raises it in the parent instead.
_worker_error: list[Exception] = []


def _start_worker(settings: Settings) -> None:
    try:
        _worker_pipeline.append(load_pipeline(Pipeline(settings)))
    except Exception as error:  # noqa: BLE001 - raised again with the first task
        _worker_error.append(error)


def _run_in_worker(batch: list[Article]) -> tuple[list[Outcome], BatchTiming]:
    if _worker_error:
        raise _worker_error[0]
    return timed_batch(_worker_pipeline[0], batch)


class ProcessExecutor:
    """Local worker processes, each loading the pipeline once; results come back in order.

    At most ``workers × executor.in_flight`` tasks are out at once, and one batch a worker is
    held back for the tail, so a reader of a huge file is never drained into memory ahead of
    the workers (``Pool.imap`` would).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.workers = max(1, settings.executor.workers)
        self.window = self.workers * settings.executor.in_flight
        self.loads = WorkerLoads()
        # spawn, not fork: the parent holds a DuckDB connection and spaCy's threads. The
        # workers start with one thread each for OpenBLAS and OpenMP (environment.py).
        context = multiprocessing.get_context("spawn")
        with worker_environment():
            self.pool = context.Pool(self.workers, initializer=_start_worker, initargs=(settings,))

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        """Keep a bounded window of tasks in the pool; yield results in input order, a list a
        batch. The last batches go out in pieces of decreasing size (tail.py)."""
        in_flight: InFlight[AsyncResult[tuple[list[Outcome], BatchTiming]]] = InFlight(self._result)
        for piece in pieces(batches, held_back(self.workers), lambda: self.workers):
            in_flight.add(self.pool.apply_async(_run_in_worker, (piece.articles,)), piece)
            yield from in_flight.complete(keep=self.window - 1)
        yield from in_flight.complete(keep=0)

    def _result(self, result: AsyncResult[tuple[list[Outcome], BatchTiming]],
                articles: list[Article]) -> list[Outcome]:
        outcomes, timing = result.get()
        self.loads.add(timing)
        return outcomes

    def close(self) -> None:
        """Let the workers finish and stop them."""
        self.pool.close()
        self.pool.join()
