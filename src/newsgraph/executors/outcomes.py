"""What an executor gives back for each article, and the one way every executor analyses a batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
