"""Events: each report, or each event once with its reports counted."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from newsgraph.errors import Messages
from newsgraph.store import Explorer, Filters
from newsgraph.web.problems import ApiError
from newsgraph.web.routes.common import PLAIN, Cursor, Limit, csv_rows, explorer, filters, page_body

router = APIRouter(tags=["events"])

MAXIMUM_IDS = 200
Grouped = Annotated[bool, Query(description="One row per event (its first report), not per report")]
Ids = Annotated[str | None, Query(max_length=4000, pattern=PLAIN, description=(
    f"Only these event keys, comma-separated (at most {MAXIMUM_IDS})"))]


def _kind(grouped: bool) -> str:
    return "events_grouped" if grouped else "events"


def _with_ids(chosen: Filters, ids: str | None) -> Filters:
    if ids is None:
        return chosen
    keys = tuple(key.strip() for key in ids.split(",") if key.strip())
    if len(keys) > MAXIMUM_IDS:
        raise ApiError(400, Messages.WEB_BAD_REQUEST.format(
            detail=f"{len(keys)} event keys given; ask for at most {MAXIMUM_IDS} at a time"))
    return dataclasses.replace(chosen, event_keys=keys)


@router.get("/api/events", summary="Coded events, in date order")
def events(store: Annotated[Explorer, Depends(explorer)],
           chosen: Annotated[Filters, Depends(filters)], grouped: Grouped = False,
           ids: Ids = None, cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
    """Filters: actor, code, quad, since/until (event date), place, source, all, q (the
    evidence sentence), ids. Each item carries its trigger's offsets and its sentence."""
    return page_body(store.page(_kind(grouped), _with_ids(chosen, ids), cursor=cursor,
                                limit=limit), limit)


@router.get("/api/events.csv", summary="Coded events as CSV", response_class=StreamingResponse)
def events_csv(request: Request, chosen: Annotated[Filters, Depends(filters)],
               grouped: Grouped = False, ids: Ids = None) -> StreamingResponse:
    """Every event the filters keep, one row each (nested fields as source.code, ...)."""
    chosen = _with_ids(chosen, ids)
    return csv_rows(request, lambda store: store.all_rows(_kind(grouped), chosen), "events")
