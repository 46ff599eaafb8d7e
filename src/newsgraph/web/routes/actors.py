"""Entities and actors: who is named, and one actor code's profile."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from newsgraph.errors import Messages
from newsgraph.store import Explorer, Filters
from newsgraph.web.problems import ApiError
from newsgraph.web.routes.common import Cursor, Limit, csv_rows, explorer, filters, page_body

router = APIRouter(tags=["actors"])

EntityType = Annotated[Literal["person", "organisation", "country", "place", "group"] | None,
                       Query(description="Only entities of this type")]


@router.get("/api/entities", summary="Named entities, grouped by actor code or name")
def entities(store: Annotated[Explorer, Depends(explorer)],
             chosen: Annotated[Filters, Depends(filters)], type: EntityType = None,
             cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
    """One row per actor code (or, uncoded, per name and type), most articles first.
    Filters: q (name), actor (code prefix), type, place, source, since/until."""
    chosen = dataclasses.replace(chosen, entity_type=type)
    return page_body(store.page("entities", chosen, cursor=cursor, limit=limit), limit)


@router.get("/api/entities.csv", summary="Named entities as CSV", response_class=StreamingResponse)
def entities_csv(request: Request, chosen: Annotated[Filters, Depends(filters)],
                 type: EntityType = None) -> StreamingResponse:
    """Every entity row the filters keep."""
    chosen = dataclasses.replace(chosen, entity_type=type)
    return csv_rows(request, lambda store: store.all_rows("entities", chosen), "entities")


@router.get("/api/actors/{actor_code}", summary="One actor code: names, counts, partners, timeline",
            responses={404: {"description": "The code is nowhere in the store"}})
def actor(store: Annotated[Explorer, Depends(explorer)],
          actor_code: Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9]+$")],
          chosen: Annotated[Filters, Depends(filters)],
          interval: Annotated[Literal["day", "week"], Query()] = "week") -> dict[str, Any]:
    """The names the code stands for, its counts of articles, mentions, events and quotes, the
    actors it deals with most, and its events over time (since/until/all apply to events)."""
    profile = store.actor(actor_code, chosen, interval=interval)
    if profile is None:
        raise ApiError(404, Messages.WEB_ACTOR_NOT_FOUND.format(code=actor_code))
    return profile
