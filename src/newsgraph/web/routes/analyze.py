"""Analyse a pasted text without storing it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, ConfigDict, Field

from newsgraph.errors import Messages
from newsgraph.web.problems import ApiError

router = APIRouter(tags=["analyze"])


class ArticleText(BaseModel):
    """A text to analyse, with what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article's text (at most 1 MB of UTF-8)")
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, max_length=40, description="YYYY-MM-DD")
    source: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)


@router.post("/api/analyze", summary="Analyse a text; nothing is stored",
             responses={400: {"description": "The text cannot be analysed (empty, not English...)"},
                        413: {"description": "The text is over the size limit"}})
def analyze(request: Request, article: Annotated[ArticleText, Body()]) -> dict[str, Any]:
    """The Analysis of the text, as ``/api/articles/{id}`` gives a stored one."""
    limit: int = request.app.state.max_text
    if len(article.text.encode("utf-8", "surrogatepass")) > limit:
        raise ApiError(413, Messages.WEB_BODY_TOO_LARGE.format(limit=limit))
    analyser = request.app.state.analyser
    result: dict[str, Any] = analyser(article.text, title=article.title,
                                      published=article.published, source=article.source,
                                      url=article.url)
    return result
