"""executor.address pointing at something that is not a Dask scheduler: a clear error, soon."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from newsgraph.errors import UsageError
from newsgraph.settings import load_settings

pytest.importorskip("distributed")


@pytest.fixture(params=["answers", "silent"])
def web_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """A server that answers everything as a web server would (the Dask dashboard's port, say),
    or one that takes the connection and says nothing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            if request.param == "silent":
                held.append(connection)
                continue
            with connection:
                connection.settimeout(1)
                try:
                    connection.recv(4096)
                    connection.sendall(b"HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_an_address_that_is_not_a_scheduler_is_refused_in_bounded_time(
        web_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.executors import cluster

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    settings = load_settings(overrides=["executor.kind=dask", f"executor.address='{web_server}'"])
    started = time.monotonic()
    executor = cluster.DaskExecutor(settings)
    try:
        # Dask's own client waited for ever on a server that answers but is not a scheduler.
        finished = threading.Event()
        raised: list[BaseException] = []

        def wait() -> None:
            try:
                executor._ready()
            except BaseException as error:  # noqa: BLE001 - looked at below
                raised.append(error)
            finished.set()

        threading.Thread(target=wait, daemon=True).start()
        assert finished.wait(60), "still connecting after 60 s"
    finally:
        if finished.is_set():
            executor.close()
    assert raised and isinstance(raised[0], UsageError)
    assert web_server in raised[0].message and "executor.address" in raised[0].message
    assert time.monotonic() - started < 30
