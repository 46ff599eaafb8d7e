"""Shared read-only access to the store: opened on demand, given back when idle.

DuckDB lets either one process write a store or any number of processes read it, never
both. Opening costs tens of milliseconds, so the server keeps one read-only database open
while requests come, and closes it ``release_after`` seconds after the last one: an
``ingest`` can then take the store to write. An ingest lets go of the store between its
batches (``store.release_every``), so a request waits up to ``wait`` seconds for its turn;
if the writer keeps the store longer, the request fails with a 503 that says to retry.
Requests that come more often than ``release_after`` would keep the store for ever and an
ingest would give up waiting, so once the server has held the store ``release_after``
seconds it lets go after the request in hand and waits ``GIVE_WAY`` seconds before opening
it again: a writer, which tries at least every quarter of a second, takes its turn then.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsgraph.errors import Messages, StoreError
from newsgraph.store import Explorer, Store

GIVE_WAY = 0.3
"""Seconds the server leaves the store closed after holding it ``release_after`` seconds on end
(a little more than a waiting writer's longest pause between tries, 0.25 s)."""


class StoreBusy(StoreError):
    """Another process is writing the store; retry when it has finished."""


class StoreAccess:
    """Hands out explorers over one read-only store, opened lazily and shared by threads."""

    def __init__(self, path: str | Path, *, release_after: float = 1.0, wait: float = 5.0) -> None:
        self.path = Path(path)
        self.release_after = release_after
        self.wait = wait
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._users = 0
        self._timer: threading.Timer | None = None
        self._opened_at = 0.0
        self._closed_until = 0.0

    def _open(self) -> Store:
        try:
            return Store(self.path, read_only=True, wait=self.wait)
        except StoreError as error:
            if error.message in (Messages.STORE_LOCKED.format(path=self.path),
                                 Messages.STORE_BUSY.format(path=self.path, seconds=self.wait)):
                raise StoreBusy(Messages.WEB_STORE_BUSY, path=self.path, seconds=self.wait) from None
            raise

    @contextmanager
    def explorer(self) -> Iterator[Explorer]:
        """An explorer with a cursor of its own; the store stays open while any is in use."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._store is None:
                time.sleep(max(0.0, self._closed_until - time.monotonic()))  # a writer's turn
                self._store = self._open()
                self._opened_at = time.monotonic()
            store = self._store
            self._users += 1
        explorer: Explorer | None = None
        try:
            explorer = Explorer(store)
            yield explorer
        finally:
            if explorer is not None:
                explorer.close()
            with self._lock:
                self._users -= 1
                if self._users == 0 and self._store is not None:
                    if self.release_after <= 0:
                        self._close_locked()
                    elif time.monotonic() - self._opened_at >= self.release_after:
                        self._close_locked()  # held long enough: give a writer its turn
                        self._closed_until = time.monotonic() + GIVE_WAY
                    else:
                        self._timer = threading.Timer(self.release_after, self._release)
                        self._timer.daemon = True
                        self._timer.start()

    def _release(self) -> None:
        with self._lock:
            if self._users == 0:
                self._close_locked()

    def _close_locked(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def check(self) -> None:
        """Open the store once, so that a missing or foreign file is reported at start."""
        with self.explorer():
            pass

    def close(self) -> None:
        """Close the store now (at shutdown)."""
        with self._lock:
            self._close_locked()
