"""The API's routes, one module per part of the corpus; none of them speaks SQL."""

from __future__ import annotations

from fastapi import APIRouter

from newsgraph.web.routes import actors, aggregates, analyze, articles, events, statements

ROUTERS: tuple[APIRouter, ...] = (aggregates.router, articles.router, actors.router,
                                  events.router, statements.router, analyze.router)

__all__ = ["ROUTERS"]
