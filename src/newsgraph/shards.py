"""Parquet shards: analyses written by cluster workers, loaded later into the store by one loader."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow
import pyarrow.parquet

from newsgraph.deduplication import NearDuplicates
from newsgraph.errors import InputError, Messages, UsageError
from newsgraph.schema import Analysis
from newsgraph.settings import Settings
from newsgraph.store import Store

SHARD_SCHEMA = pyarrow.schema([("id", pyarrow.string()), ("origin", pyarrow.string()),
                               ("analysis", pyarrow.string())])
"""One row per article: its id, where it came from and its Analysis JSON."""


@dataclass
class LoadSummary:
    """What a load did: articles stored, articles the store had already, shards read."""

    shards: int = 0
    new: int = 0
    already: int = 0

    def as_dict(self) -> dict[str, int]:
        """The summary as plain data, for ``--json``."""
        return {"shards": self.shards, "new": self.new, "already": self.already}


def shard_name(analyses: Sequence[Analysis]) -> str:
    """The shard's file name, from its article ids: the same batch always writes the same file."""
    digest = hashlib.sha256("\n".join(a.article.id for a in analyses).encode("utf-8")).hexdigest()
    return f"shard-{digest[:24]}.parquet"


def write_shard(folder: str | Path, analyses: Sequence[Analysis]) -> Path:
    """Write analyses as one Parquet file, atomically (a temporary file renamed into place)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / shard_name(analyses)
    table = pyarrow.Table.from_pylist(
        [{"id": a.article.id, "origin": a.article.origin,
          "analysis": json.dumps(a.to_dict(), ensure_ascii=False, allow_nan=False)}
         for a in analyses], schema=SHARD_SCHEMA)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pyarrow.parquet.write_table(table, partial)
    os.replace(partial, path)
    return path


def read_shards(folder: str | Path) -> Iterator[tuple[Path, list[Analysis]]]:
    """Each shard under ``folder`` with its analyses, one shard at a time, in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(Messages.SHARDS_MISSING, path=folder)
    paths = sorted(folder.glob("shard-*.parquet"))
    if not paths:
        raise InputError(Messages.SHARDS_NONE, path=folder)
    for path in paths:
        try:
            rows = pyarrow.parquet.read_table(path, schema=SHARD_SCHEMA).to_pylist()
            analyses = [Analysis.from_dict(json.loads(row["analysis"])) for row in rows]
        except (pyarrow.ArrowException, OSError, ValueError, KeyError, TypeError) as error:
            raise UsageError(Messages.SHARD_UNREADABLE, path=path,
                             detail=str(error).splitlines()[0] if str(error) else type(error).__name__
                             ) from None
        yield path, analyses


def load_shards(folder: str | Path, settings: Settings, store: Store) -> LoadSummary:
    """Store every analysis in the shards that the store does not have: loading twice adds nothing."""
    summary = LoadSummary()
    near = NearDuplicates.from_settings(settings.dedup)
    released = time.monotonic()
    for _, analyses in read_shards(folder):
        summary.shards += 1
        # A shard in one transaction, as an ingest stores a batch (4-5 times faster than one
        # an article), and the file let go between shards so that readers get their turn.
        written = store.write_many([(analysis, near.signature(analysis.article.text))
                                    for analysis in analyses])
        summary.new += sum(written)
        summary.already += len(written) - sum(written)
        if time.monotonic() - released >= settings.store.release_every:
            store.release()
            released = time.monotonic()
    return summary
