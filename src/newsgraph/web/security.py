"""The ASGI guard around the app: token, size limits, security headers, no tracebacks.

Article text is written by strangers, so every response forbids inline script and eval
(Content-Security-Policy), MIME sniffing and framing; the pages reach nothing but this
server. With a token, every request must carry it: ``Authorization: Bearer``, ``?token=``,
or the cookie set on the first request that gave it as ``?token=`` (so that the pages'
scripts and styles load too).
"""

from __future__ import annotations

import hmac
import re
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from newsgraph.errors import Messages
from newsgraph.web.problems import error_bytes

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
TOKEN_COOKIE = "newsgraph_token"

logger = logging.getLogger("newsgraph.web")


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a request may send: its body, and its path with the query string."""

    max_body: int = 1_048_576 + 65_536
    max_url: int = 8_192


class Guard:
    """ASGI middleware: checks the token and sizes, adds the security headers, and turns
    any exception the app lets through into a JSON 500 (the traceback goes to the log)."""

    def __init__(self, app: ASGIApp, *, token: str | None = None, limits: Limits = Limits(),
                 allowed_hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.token = token
        self.limits = limits
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        refused = False
        set_cookie: bytes | None = None

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the body was cut off and answered already; drop the app's reply
            if message["type"] == "http.response.start":
                started = True
                headers = [(name, value) for name, value in message.get("headers", [])
                           if name.lower() not in _OURS]
                headers.extend(SECURITY_HEADERS)
                if set_cookie is not None:
                    headers.append((b"set-cookie", set_cookie))
                message["headers"] = headers
            await send(message)

        query = scope.get("query_string", b"")
        if len(scope.get("raw_path") or scope["path"].encode("utf-8")) + len(query) > self.limits.max_url:
            await _reply(send_with_headers, 414,
                         Messages.WEB_QUERY_TOO_LONG.format(limit=self.limits.max_url))
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        if self.allowed_hosts is not None and _host_name(headers) not in self.allowed_hosts:
            # A page elsewhere can point its own host name at 127.0.0.1 (DNS rebinding);
            # the browser then sends that name, which a loopback server never answers to.
            await _reply(send_with_headers, 421, Messages.WEB_WRONG_HOST)
            return
        if self.token is not None:
            given = _query_token(query)
            if not self._accepts(headers, given):
                await _reply(send_with_headers, 401, Messages.WEB_TOKEN,
                             extra=[(b"www-authenticate", b"Bearer")])
                return
            if given is not None and _COOKIE_SAFE.fullmatch(given):
                set_cookie = (f"{TOKEN_COOKIE}={given}; Path=/; HttpOnly; SameSite=Strict"
                              ).encode("latin-1", "replace")
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limits.max_body):
            await _reply(send_with_headers, 413,
                         Messages.WEB_BODY_TOO_LARGE.format(limit=self.limits.max_body))
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limits.max_body:
                    # Answer now and tell the app the client left: frameworks turn an
                    # exception raised while reading a body into their own 400.
                    if not started:
                        await _reply(send_with_headers, 413,
                                     Messages.WEB_BODY_TOO_LARGE.format(limit=self.limits.max_body))
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except Exception:  # noqa: BLE001 - a client never sees a traceback
            logger.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _reply(send_with_headers, 500, Messages.WEB_INTERNAL)

    def _accepts(self, headers: dict[bytes, bytes], given: str | None) -> bool:
        assert self.token is not None
        expected = self.token.encode("utf-8")
        candidates: list[bytes] = []
        if given is not None:
            candidates.append(given.encode("utf-8"))
        authorization = headers.get(b"authorization", b"")
        if authorization[:7].lower() == b"bearer ":
            candidates.append(authorization[7:].strip())
        for part in headers.get(b"cookie", b"").split(b";"):
            name, _, value = part.strip().partition(b"=")
            if name == TOKEN_COOKIE.encode("ascii"):
                candidates.append(value)
        return any(hmac.compare_digest(candidate, expected) for candidate in candidates)


_OURS = frozenset(name for name, _ in SECURITY_HEADERS)
_COOKIE_SAFE = re.compile(r"[A-Za-z0-9._~+/=-]{1,512}")


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
"""The Host names a server bound to loopback answers to."""


def _host_name(headers: dict[bytes, bytes]) -> str:
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _query_token(query: bytes) -> str | None:
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if name == "token":
            return value
    return None


async def _reply(send: Send, status: int, message: str,
                 extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = error_bytes(status, message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode("ascii")), *(extra or [])]})
    await send({"type": "http.response.body", "body": body})
