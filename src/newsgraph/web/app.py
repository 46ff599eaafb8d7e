"""The ASGI app: the JSON API under /api, its OpenAPI at /openapi.json, the pages at /."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from newsgraph import __version__
from newsgraph.errors import (CursorError, InputError, Messages, NewsgraphError, SkippedError,
                              StoreError, UsageError)
from newsgraph.settings import Settings
from newsgraph.web.access import StoreAccess, StoreBusy
from newsgraph.web.problems import ApiError, error_body
from newsgraph.web.routes import ROUTERS
from newsgraph.web.security import Guard, Limits

if TYPE_CHECKING:
    from newsgraph.pipeline import Pipeline

MAX_TEXT = 1_048_576
"""The largest text ``POST /api/analyze`` takes, in bytes of UTF-8."""
RETRY_AFTER = "2"


class Analyser:
    """Analyses pasted texts one at a time with a pipeline loaded on first use."""

    def __init__(self, settings: Settings | None = None, pipeline: Pipeline | None = None) -> None:
        self._settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def __call__(self, text: str, *, title: str | None = None, published: str | None = None,
                 source: str | None = None, url: str | None = None) -> dict[str, Any]:
        """The Analysis of ``text`` as JSON; nothing is stored."""
        from newsgraph.api import analyze
        from newsgraph.pipeline import Pipeline
        from newsgraph.settings import load_settings

        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self._settings or load_settings())
            result = analyze(_valid_unicode(text), title=_valid_or_none(title),
                             published=_valid_or_none(published), source=_valid_or_none(source),
                             url=_valid_or_none(url), pipeline=self._pipeline)
        return result.to_dict()


def create_app(path: str | Path, *, token: str | None = None, settings: Settings | None = None,
               pipeline: Pipeline | None = None, limits: Limits = Limits(),
               max_text: int = MAX_TEXT, release_after: float = 1.0, wait: float = 5.0,
               allowed_hosts: frozenset[str] | None = None) -> FastAPI:
    """The app over the store at ``path``, opened read-only; with ``token``, every request
    must carry it; with ``allowed_hosts``, only requests naming one of them are answered."""
    app = FastAPI(title="newsgraph", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", description=(
                      "Read-only JSON API over a newsgraph store: articles with their whole "
                      "Analysis, entities and actors, events, quotations, narratives, and the "
                      "network, timeline and map aggregations. Lists take filters and cursor "
                      "paging (next_cursor); most have a .csv twin that streams every row."))
    app.state.access = StoreAccess(path, release_after=release_after, wait=wait)
    app.state.analyser = Analyser(settings, pipeline)
    app.state.max_text = max_text
    for router in ROUTERS:
        app.include_router(router)
    _add_error_handlers(app)
    app.add_middleware(Guard, token=token, limits=limits, allowed_hosts=allowed_hosts)
    static = Path(str(resources.files("newsgraph").joinpath("web/static")))
    app.mount("/", StaticFiles(directory=static, html=True, check_dir=False), name="pages")
    return app


def _add_error_handlers(app: FastAPI) -> None:
    def reply(status: int, message: str, headers: dict[str, str] | None = None,
              **extra: Any) -> JSONResponse:
        return JSONResponse(error_body(status, message, **extra), status_code=status,
                            headers=headers)

    async def api_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiError)
        return reply(error.status, error.message, error.headers)

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        if error.status_code == 404:
            message = Messages.WEB_NOT_FOUND.format(path=request.url.path)
        else:
            message = Messages.WEB_BAD_REQUEST.format(detail=error.detail)
        return reply(error.status_code, message, dict(error.headers or {}))

    async def invalid(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        problems = [{"where": ".".join(str(part) for part in problem.get("loc", ())),
                     "problem": str(problem.get("msg", ""))} for problem in error.errors()]
        summary = "; ".join(f"{problem['where']}: {problem['problem']}" for problem in problems[:3])
        return reply(422, Messages.WEB_BAD_REQUEST.format(detail=summary), detail=problems)

    async def newsgraph_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, NewsgraphError)
        if isinstance(error, StoreBusy):
            return reply(503, error.message, {"Retry-After": RETRY_AFTER})
        if isinstance(error, StoreError):
            return reply(503, error.message)
        if isinstance(error, (InputError, SkippedError, UsageError, CursorError)):
            return reply(400, error.message)
        return reply(500, error.message)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(NewsgraphError, newsgraph_error)


def _valid_unicode(text: str) -> str:
    # JSON may carry lone surrogates, which no UTF-8 step downstream accepts.
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _valid_or_none(text: str | None) -> str | None:
    return None if text is None else _valid_unicode(text)
