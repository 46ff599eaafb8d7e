"""Executors: how batches of articles are spread over processes; the stages never know which runs them."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from newsgraph.errors import NewsgraphError
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article
from newsgraph.settings import Settings


@dataclass(frozen=True)
class Failure:
    """An article whose analysis raised, with the reason."""

    article: Article
    reason: str


Outcome = Analysis | Failure


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


def _safe_batch(pipeline: Pipeline, batch: list[Article]) -> list[Outcome]:
    try:
        return analyse_batch(pipeline, batch)
    except NewsgraphError as error:
        return [Failure(article, error.message) for article in batch]
    except Exception as error:  # noqa: BLE001
        return [Failure(article, f"{type(error).__name__}: {error}") for article in batch]


class SerialExecutor:
    """Everything in this process."""

    def __init__(self, settings: Settings) -> None:
        self.pipeline = Pipeline(settings)

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        self.pipeline.setup()
        for batch in batches:
            yield _safe_batch(self.pipeline, batch)

    def close(self) -> None:
        pass


# Each worker process builds its pipeline once in the pool's initializer and keeps it here:
# a process-wide slot is the only place a multiprocessing initializer can leave it.
_worker_pipeline: list[Pipeline] = []


def _start_worker(settings: Settings) -> None:
    _worker_pipeline.append(Pipeline(settings))
    _worker_pipeline[0].setup()


def _run_in_worker(batch: list[Article]) -> list[Outcome]:
    return _safe_batch(_worker_pipeline[0], batch)


class ProcessExecutor:
    """Local worker processes, each loading the pipeline once; results come back in order."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.workers = max(1, settings.executor.workers)
        # spawn, not fork: the parent holds a DuckDB connection and spaCy's threads.
        context = multiprocessing.get_context("spawn")
        self.pool = context.Pool(self.workers, initializer=_start_worker, initargs=(settings,))

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        yield from self.pool.imap(_run_in_worker, batches)

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


def make_executor(settings: Settings) -> Executor:
    """The executor that ``executor.kind`` names."""
    if settings.executor.kind == "process" and settings.executor.workers > 1:
        return ProcessExecutor(settings)
    return SerialExecutor(settings)
