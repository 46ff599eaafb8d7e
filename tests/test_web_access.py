"""The server's shared read-only access gives way to a writer, however often requests come."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from newsgraph.errors import StoreError
from newsgraph.store import Store
from newsgraph.web.access import StoreAccess


def test_a_steady_stream_of_requests_lets_a_writer_in(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    Store(path).close()
    access = StoreAccess(path, release_after=1.0, wait=5.0)
    stop = threading.Event()
    answered: list[float] = []

    def poll() -> None:
        # A dashboard asking every 0.1 s: never a full second without a request.
        while not stop.is_set():
            try:
                with access.explorer():
                    answered.append(time.monotonic())
            except StoreError:
                pass
            time.sleep(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        time.sleep(0.5)
        started = time.monotonic()
        # The writer waits at most 4 s for its turn, while the requests go on for longer.
        with Store(path, wait=4.0) as writer:
            waited = time.monotonic() - started
            writer.release()
        written = time.monotonic()
        deadline = written + 10
        while not any(moment > written for moment in answered) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        poller.join()
        access.close()
    assert waited < 4.0
    assert any(moment > written for moment in answered)  # reads went on after the write
