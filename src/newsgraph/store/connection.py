"""DuckDB plumbing the store's modules share: transactions, open errors, timestamps, JSON values."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import duckdb

from newsgraph.errors import Messages, StoreError

_BATCH: Final = 10_000
"""Rows read at a time when the store pages through a table."""


class _transaction:
    """Commit on success, roll back on any exception, including a KeyboardInterrupt."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def __enter__(self) -> None:
        self._connection.begin()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is None:
            self._connection.commit()
            return
        try:
            self._connection.rollback()
        except duckdb.Error:
            pass  # the original error says more than a failed rollback


def _locked(error: duckdb.Error) -> bool:
    """Whether opening failed because another process (or connection) holds the file."""
    lowered = _first_line(error).lower()
    return "could not set lock" in lowered or "conflicting lock" in lowered \
        or "different configuration" in lowered


def _open_error(path: Path, error: duckdb.Error) -> StoreError:
    detail = _first_line(error)
    lowered = detail.lower()
    if _locked(error):
        return StoreError(Messages.STORE_LOCKED, path=path)
    if "not a valid duckdb database" in lowered:
        return StoreError(Messages.STORE_NOT_STORE, path=path, detail="not a DuckDB database file")
    return StoreError(Messages.STORE_UNREADABLE, path=path, detail=detail)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _now() -> datetime:
    # TIMESTAMP columns hold naive UTC; TIMESTAMPTZ would depend on the session's zone.
    return datetime.now(UTC).replace(tzinfo=None)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _json(value: Any) -> str:
    # The appender does not validate JSON columns, so never let NaN or Infinity through.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _json_or_none(value: Any) -> str | None:
    return None if value is None else _json(value)
