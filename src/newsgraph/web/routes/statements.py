"""What people said and which narratives articles push."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from newsgraph.store import Explorer, Filters
from newsgraph.web.routes.common import (PLAIN, Cursor, Limit, csv_rows, explorer, filters,
                                         page_body)

router = APIRouter(tags=["statements"])

Speaker = Annotated[str | None, Query(max_length=200, pattern=PLAIN,
                                      description="Part of the speaker's name (any case)")]


@router.get("/api/quotes", summary="Quotations in date order")
def quotes(store: Annotated[Explorer, Depends(explorer)],
           chosen: Annotated[Filters, Depends(filters)], speaker: Speaker = None,
           cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
    """Filters: speaker, actor (the speaker's code prefix), q (the quoted words), source,
    since/until (published)."""
    chosen = dataclasses.replace(chosen, speaker=speaker or None)
    return page_body(store.page("quotes", chosen, cursor=cursor, limit=limit), limit)


@router.get("/api/quotes.csv", summary="Quotations as CSV", response_class=StreamingResponse)
def quotes_csv(request: Request, chosen: Annotated[Filters, Depends(filters)],
               speaker: Speaker = None) -> StreamingResponse:
    """Every quotation the filters keep."""
    chosen = dataclasses.replace(chosen, speaker=speaker or None)
    return csv_rows(request, lambda store: store.all_rows("quotes", chosen), "quotes")


@router.get("/api/quotes/speakers", summary="Speakers and how many quotations each has")
def speakers(store: Annotated[Explorer, Depends(explorer)],
             chosen: Annotated[Filters, Depends(filters)], cursor: Cursor = None,
             limit: Limit = 50) -> dict[str, Any]:
    """Most quoted first; q matches part of the name."""
    return page_body(store.page("speakers", chosen, cursor=cursor, limit=limit), limit)


@router.get("/api/narratives", summary="Articles per narrative, month and source")
def narratives(store: Annotated[Explorer, Depends(explorer)],
               chosen: Annotated[Filters, Depends(filters)], cursor: Cursor = None,
               limit: Limit = 50) -> dict[str, Any]:
    """Filters: q (part of the label), source, since/until (published)."""
    return page_body(store.page("narratives", chosen, cursor=cursor, limit=limit), limit)


@router.get("/api/narratives.csv", summary="Narrative counts as CSV", response_class=StreamingResponse)
def narratives_csv(request: Request,
                   chosen: Annotated[Filters, Depends(filters)]) -> StreamingResponse:
    """Every narrative count the filters keep."""
    return csv_rows(request, lambda store: store.all_rows("narratives", chosen), "narratives")
