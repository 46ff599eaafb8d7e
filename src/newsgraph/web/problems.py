"""Errors the API answers with: a status and a one-line message, always as JSON."""

from __future__ import annotations

import json
from typing import Any


class ApiError(Exception):
    """A request the API answers with ``status`` and a message for the user."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON every error response carries."""
    return {"error": {"status": status, "message": message, **extra}}


def error_bytes(status: int, message: str) -> bytes:
    """``error_body`` encoded, for the ASGI layer below the framework."""
    return json.dumps(error_body(status, message), ensure_ascii=False).encode("utf-8")
