"""Articles: the list, and one article's whole Analysis."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import StreamingResponse

from newsgraph.errors import Messages
from newsgraph.store import Explorer, Filters
from newsgraph.web.problems import ApiError
from newsgraph.web.routes.common import PLAIN, Cursor, Limit, csv_rows, explorer, filters, page_body

router = APIRouter(tags=["articles"])


@router.get("/api/articles", summary="Stored articles, newest first")
def articles(store: Annotated[Explorer, Depends(explorer)],
             chosen: Annotated[Filters, Depends(filters)], cursor: Cursor = None,
             limit: Limit = 50) -> dict[str, Any]:
    """Filters: q (title and text), source, since/until (published), actor, place."""
    return page_body(store.page("articles", chosen, cursor=cursor, limit=limit), limit)


@router.get("/api/articles.csv", summary="Stored articles as CSV", response_class=StreamingResponse)
def articles_csv(request: Request,
                 chosen: Annotated[Filters, Depends(filters)]) -> StreamingResponse:
    """Every article the filters keep, one row each."""
    return csv_rows(request, lambda store: store.all_rows("articles", chosen), "articles")


@router.get("/api/articles/{article_id}", summary="One article's whole Analysis",
            responses={200: {"description": "The Analysis JSON (see analysis.schema.json)",
                             "content": {"application/json": {}}},
                       404: {"description": "No such article"}},
            response_class=Response)
def article(store: Annotated[Explorer, Depends(explorer)],
            article_id: Annotated[str, Path(min_length=1, max_length=200, pattern=PLAIN)]) -> Response:
    """The Analysis as ``newsgraph show ID --format json`` prints it; the id may be a unique
    prefix of six or more characters. Offsets count Unicode code points of ``article.text``."""
    text = store.analysis_json(article_id)
    if text is None:
        raise ApiError(404, Messages.WEB_ARTICLE_NOT_FOUND.format(article_id=article_id))
    return Response(content=text, media_type="application/json")
