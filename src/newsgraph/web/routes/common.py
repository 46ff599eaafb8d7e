"""What every list shares: the filters, cursor paging, the store, and the ``.csv`` twins."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import StreamingResponse

from newsgraph.store import LIST_LIMIT_MAXIMUM, Explorer, Filters, Page
from newsgraph.web.access import StoreAccess

PLAIN = r"^[^\x00-\x1f\x7f]*$"
"""Query text may hold anything printable, no control characters."""
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

Text = Annotated[str | None, Query(max_length=200, pattern=PLAIN)]


def filters(
    actor: Annotated[str | None, Query(max_length=100, pattern=PLAIN,
                                       description="Actor code prefix (RUSGOV, RUS) or part of a name")] = None,
    code: Annotated[str | None, Query(max_length=40, pattern=PLAIN,
                                      description="CAMEO code prefix (04, 042) or PLOVER event type")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="Quad class, 1 to 4")] = None,
    since: Annotated[str | None, Query(pattern=DATE, description="From this date (YYYY[-MM[-DD]])")] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="Up to this date, inclusive")] = None,
    place: Annotated[str | None, Query(max_length=100, pattern=PLAIN,
                                       description="Part of a place name, or an ISO-3 country code")] = None,
    source: Annotated[str | None, Query(max_length=200, pattern=PLAIN,
                                        description="Part of the article's source or URL")] = None,
    include_all: Annotated[bool, Query(alias="all", description=(
        "Include events that are negated, hypothetical or not factual"))] = False,
    q: Annotated[str | None, Query(max_length=200, pattern=PLAIN, description="Text to search for")] = None,
) -> Filters:
    """The filters every list and aggregation takes (each applies the ones that fit it)."""
    return Filters(actor=_blank(actor), code=_blank(code), quad_class=quad, since=since,
                   until=until, place=_blank(place), source=_blank(source), text=_blank(q),
                   include_all=include_all)


Cursor = Annotated[str | None, Query(max_length=2000, pattern=PLAIN,
                                     description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=LIST_LIMIT_MAXIMUM, description="Rows per page")]


def _blank(value: str | None) -> str | None:
    return value if value else None


def access(request: Request) -> StoreAccess:
    """The app's shared store access."""
    held: StoreAccess = request.app.state.access
    return held


def explorer(request: Request) -> Iterator[Explorer]:
    """An explorer for the length of one request."""
    with access(request).explorer() as opened:
        yield opened


def page_body(page: Page, limit: int) -> dict[str, Any]:
    """A list response: its items and the cursor of the next page."""
    return {"items": page.items, "next_cursor": page.next_cursor, "limit": limit}


def csv_rows(request: Request, rows: Callable[[Explorer], Iterable[dict[str, Any]]],
             name: str) -> StreamingResponse:
    """Stream ``rows`` as CSV; the store stays open until the last row is sent."""
    held = access(request)

    def generate() -> Iterator[str]:
        with held.explorer() as opened:
            buffer = io.StringIO()
            writer: Any = None
            for row in rows(opened):
                flat = _flatten(row)
                if writer is None:
                    writer = csv.DictWriter(buffer, fieldnames=list(flat), extrasaction="ignore")
                    writer.writeheader()
                writer.writerow({key: _cell(value) for key, value in flat.items()})
                if buffer.tell() > 65_536:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

    return StreamingResponse(generate(), media_type=CSV_MEDIA_TYPE, headers={
        "content-disposition": f'attachment; filename="{name}.csv"'})


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = ";".join("" if item is None else str(item) for item in value)
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        # A spreadsheet would run a cell that starts like a formula; article text is hostile.
        return "'" + value
    return value


_FORMULA_STARTS = frozenset("=+-@\t\r")
