"""``newsgraph serve``: the API and dashboard on a local port, or one request in-process."""

from __future__ import annotations

import asyncio
import ipaddress
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import click

from newsgraph.errors import ExitCode, Messages, NewsgraphError
from newsgraph.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAXIMUM_WAIT = 5.0
"""The longest a request waits for an ingest to let go of the store (store.wait_seconds caps it)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token (a usage error, exit 2)."""
    if not is_loopback(host) and not token:
        raise click.UsageError(Messages.SERVE_PUBLIC_WITHOUT_TOKEN.format(host=host or "''"))


def get(app: Any, target: str) -> tuple[int, dict[str, str], bytes]:
    """Send one GET request to the ASGI ``app`` in this process; no socket is opened."""
    path, _, query = target.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
             "http_version": "1.1", "method": "GET", "scheme": "http", "path": unquote(path),
             "raw_path": path.encode("utf-8"), "query_string": query.encode("utf-8"),
             "root_path": "", "headers": [(b"host", b"localhost")],
             "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0)}
    status = 500
    headers: dict[str, str] = {}
    body = bytearray()

    async def run() -> None:
        done = asyncio.Event()
        requested = False

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()  # a streaming response listens for the client leaving
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers.update((name.decode("latin-1"), value.decode("latin-1"))
                               for name, value in message.get("headers", []))
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        await app(scope, receive, send)

    asyncio.run(run())
    return status, headers, bytes(body)


@click.command(name="serve")
@click.option("--db", help="Store file (default: the group's --db, or store.path).")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Interface to listen on; any but loopback needs --token.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="NEWSGRAPH_TOKEN",
              help="Secret every request must carry (Bearer header or ?token=); also NEWSGRAPH_TOKEN.")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request for PATH (e.g. /api/stats) in-process, print it, exit.")
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int, token: str | None,
          get_path: str | None) -> None:
    """Serve the store read-only: a JSON API (/api, /openapi.json) and the dashboard (/).

    \b
    An ingest can write the store while this runs: the store is held only while requests
    come, an ingest lets go of it between batches, and a request waits up to 5 s for its
    turn before it answers 503 (retry later).
    With --get: exit 0 for HTTP < 400, 2 for 4xx, 5 for 503 (store) and 1 for other errors.
    """
    try:
        from newsgraph.web.access import StoreBusy
        from newsgraph.web.app import create_app
        from newsgraph.web.security import LOOPBACK_HOSTS
    except ImportError as error:
        raise NewsgraphError(Messages.SERVE_UNAVAILABLE, detail=error) from None
    settings: Settings = ctx.obj.settings
    path = Path(db or settings.store.path)
    if get_path is not None:
        if not get_path.startswith("/"):
            raise click.UsageError(Messages.SERVE_BAD_GET.format(path=get_path))
        app = create_app(path, settings=settings, release_after=0)
        status, _headers, body = get(app, get_path)
        sys.stdout.buffer.write(body + (b"" if body.endswith(b"\n") else b"\n"))
        sys.stdout.flush()
        if status >= 400:
            ctx.exit(int(ExitCode.USAGE if status < 500 else
                         ExitCode.STORE if status == 503 else ExitCode.INTERNAL))
        return
    check_binding(host, token)
    import uvicorn

    # Without a token the loopback is the only protection: refuse other Host names too.
    app = create_app(path, token=token, settings=settings,
                     wait=min(settings.store.wait_seconds, MAXIMUM_WAIT),
                     allowed_hosts=None if token else LOOPBACK_HOSTS)
    try:
        app.state.access.check()
    except StoreBusy as busy:
        click.echo(f"newsgraph: warning: {busy.message}; until then requests answer 503", err=True)
    if not ctx.obj.quiet:
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"newsgraph: serving {path} read-only at http://{shown}:{port}/ "
                   f"({'token required; ' if token else ''}Ctrl-C stops)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                    proxy_headers=False, access_log=False, timeout_keep_alive=5)
    finally:
        app.state.access.close()
