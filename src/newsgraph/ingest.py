"""Ingest: read inputs, drop exact duplicates, link near-duplicates, analyse, and store batch by batch."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from newsgraph.deduplication import NearDuplicates
from newsgraph.errors import Messages
from newsgraph.executors import Failure, Sharded, make_executor
from newsgraph.reading import read_inputs
from newsgraph.schema import Analysis, Article, Skip
from newsgraph.settings import Settings
from newsgraph.store import Store


@dataclass
class IngestSummary:
    """What an ingest did, with a reason for every input that was not stored."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    reasons: list[tuple[str, str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The counts alone, by name."""
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "near_duplicate": self.near_duplicate, "skipped": self.skipped,
                "failed": self.failed}

    def as_dict(self) -> dict[str, object]:
        """The summary as plain data, for ``--json``."""
        return {**self.counts(),
                "reasons": [{"kind": kind, "origin": origin, "reason": reason}
                            for kind, origin, reason in self.reasons]}


Progress = Callable[[IngestSummary], None]


def ingest(paths: Sequence[str], settings: Settings, store: Store, *,
           stdin: TextIO | None = None, input_format: str | None = None,
           shard_folder: str | None = None,
           progress: Progress | None = None, summary: IngestSummary | None = None) -> IngestSummary:
    """Analyse every article under ``paths`` that the store does not have yet, and store it.

    With ``shard_folder`` (Dask executor), workers write the analyses to Parquet shards there
    instead, for ``newsgraph load``; the store still gets the run's skips and failures.

    Workers only return rows; this function is the single writer, and each batch is
    committed in one transaction, so an interrupted ingest resumes where it stopped. The
    run and its counts are kept in the store's ``runs`` table; pass ``summary`` to see the
    counts so far when the run stops on an error (a full disk, say).
    """
    summary = summary if summary is not None else IngestSummary()
    run = store.start_run(paths)
    known = store.article_ids()
    near = NearDuplicates.from_settings(settings.dedup)
    for article_id, signature in store.signatures():
        near.add(article_id, signature)
    signatures: dict[str, bytes] = {}
    # Records found while reading wait here: reading may run on the executor's feeder
    # thread, and only this thread may touch the store.
    unstored: list[tuple[str, str, str, str | None]] = []

    def batches() -> Iterator[list[Article]]:
        batch: list[Article] = []
        for item in read_inputs(paths, settings.reading, stdin=stdin, input_format=input_format):
            summary.read += 1
            if isinstance(item, Skip):
                unstored.append(("skipped", item.origin, item.reason, None))
                continue
            if item.id in known:
                unstored.append(("duplicate", item.origin or item.id,
                                 Messages.DUPLICATE.format(origin=item.origin or item.id,
                                                           article_id=item.id), item.id))
                continue
            known.add(item.id)
            signature = near.signature(item.text)
            item.duplicate_of = near.find(signature)
            near.add(item.id, signature)
            signatures[item.id] = signature
            batch.append(item)
            if len(batch) >= settings.executor.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def flush() -> None:
        while unstored:
            kind, origin, reason, article_id = unstored.pop(0)
            _count(summary, kind)
            summary.reasons.append((kind, origin, reason))
            if article_id is not None and store.stored_origin(article_id) == origin:
                continue  # the very input that is stored, read again: nothing to note
            store.record_error(origin, reason, kind=kind, article_id=article_id, run=run)

    store.release()  # readers may open the store while the workers load their models
    executor = make_executor(settings, shard_folder=shard_folder)
    released = time.monotonic()
    try:
        for outcomes in executor.map(batches()):
            flush()
            analyses: list[Analysis] = []
            for outcome in outcomes:
                if isinstance(outcome, Failure):
                    origin = outcome.article.origin or outcome.article.id
                    summary.failed += 1
                    summary.reasons.append(("failed", origin, outcome.reason))
                    store.record_error(origin, outcome.reason, kind="failed",
                                       article_id=outcome.article.id, run=run)
                    continue
                if isinstance(outcome, Sharded):
                    signatures.pop(outcome.article.id, None)
                    summary.new += 1
                    summary.near_duplicate += outcome.article.duplicate_of is not None
                    continue
                analyses.append(outcome)
            written = store.write_many([(analysis, signatures.pop(analysis.article.id, None))
                                        for analysis in analyses])
            for analysis, new in zip(analyses, written):
                summary.new += new
                summary.near_duplicate += new and analysis.article.duplicate_of is not None
                if not new:  # another ingest of the same input stored it meanwhile
                    article = analysis.article
                    summary.duplicate += 1
                    summary.reasons.append(("duplicate", article.origin or article.id,
                                            Messages.DUPLICATE.format(
                                                origin=article.origin or article.id,
                                                article_id=article.id)))
            store.update_run(run, summary.counts())
            if progress is not None:
                progress(summary)
            if time.monotonic() - released >= settings.store.release_every:
                store.release()  # read commands may open the store until the next write
                released = time.monotonic()
        flush()
        store.update_run(run, summary.counts(), finished=True)
    except BaseException as error:
        _note_stop(store, run, summary, error)
        raise
    finally:
        executor.close()
    if progress is not None:
        progress(summary)
    return summary


def _note_stop(store: Store, run: int, summary: IngestSummary, error: BaseException) -> None:
    """Record why a run stopped, if the store can still be written (a full disk may refuse)."""
    reason = "interrupted" if isinstance(error, KeyboardInterrupt) else str(error) or type(error).__name__
    try:
        store.update_run(run, summary.counts(), stopped=reason[:500])
    except Exception:  # noqa: BLE001 - the error that stopped the run is the one to report
        pass


def _count(summary: IngestSummary, kind: str) -> None:
    if kind == "duplicate":
        summary.duplicate += 1
    else:
        summary.skipped += 1
