"""The corpus at a glance: counts, the actor network, the timeline and the map."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from newsgraph.store import Explorer, Filters
from newsgraph.web.routes.common import csv_rows, explorer, filters

router = APIRouter(tags=["overview"])

EdgeLimit = Annotated[int, Query(ge=1, le=2000, description="Most edges (busiest dyads first)")]
MinCount = Annotated[int, Query(ge=1, le=1_000_000, description="Fewest events an edge needs")]
Interval = Annotated[Literal["day", "week"], Query(description="Events per day or per week")]


@router.get("/api/stats", summary="Counts, top actors and places, first and last event date")
def stats(store: Annotated[Explorer, Depends(explorer)]) -> dict[str, Any]:
    """What the store holds."""
    return store.stats()


@router.get("/api/network", summary="Actors and their events aggregated by dyad")
def network(store: Annotated[Explorer, Depends(explorer)],
            chosen: Annotated[Filters, Depends(filters)], limit: EdgeLimit = 200,
            min_count: MinCount = 1) -> dict[str, Any]:
    """Nodes are actor codes; an edge is every event one actor aimed at another, with their
    count, mean Goldstein score, most frequent quad class and a sample of event keys."""
    return store.network(chosen, limit=limit, min_count=min_count)


@router.get("/api/network.csv", summary="The network's edges as CSV", response_class=StreamingResponse)
def network_csv(request: Request, chosen: Annotated[Filters, Depends(filters)],
                limit: EdgeLimit = 200, min_count: MinCount = 1) -> StreamingResponse:
    """The edges of ``/api/network``, one row each."""
    def rows(store: Explorer) -> Iterable[dict[str, Any]]:
        edges: list[dict[str, Any]] = store.network(chosen, limit=limit,
                                                    min_count=min_count)["edges"]
        return edges
    return csv_rows(request, rows, "network")


@router.get("/api/timeline", summary="Events per day or week by quad class; narratives per month")
def timeline(store: Annotated[Explorer, Depends(explorer)],
             chosen: Annotated[Filters, Depends(filters)], interval: Interval = "day") -> dict[str, Any]:
    """Event counts per period (a week is named by its Monday) and quad class, and the number
    of articles pushing each narrative per month."""
    return store.timeline(chosen, interval=interval)


@router.get("/api/timeline.csv", summary="The timeline's event counts as CSV",
            response_class=StreamingResponse)
def timeline_csv(request: Request, chosen: Annotated[Filters, Depends(filters)],
                 interval: Interval = "day") -> StreamingResponse:
    """The ``events`` rows of ``/api/timeline``."""
    def rows(store: Explorer) -> Iterable[dict[str, Any]]:
        counts: list[dict[str, Any]] = store.timeline(chosen, interval=interval)["events"]
        return counts
    return csv_rows(request, rows, "timeline")


@router.get("/api/map", summary="Event locations and mentioned places as GeoJSON")
def places(store: Annotated[Explorer, Depends(explorer)],
           chosen: Annotated[Filters, Depends(filters)]) -> dict[str, Any]:
    """A FeatureCollection of points: ``kind`` event (count = events there) or place
    (count = articles that mention it), each with a sample of event keys or article ids."""
    return store.places(chosen)
