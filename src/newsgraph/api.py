"""The library's entry points: analyse text or files without the command line."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TextIO

from newsgraph.errors import InputError, SkippedError
from newsgraph.pipeline import Pipeline
from newsgraph.reading import read_inputs, read_text
from newsgraph.schema import Analysis, Article, Skip
from newsgraph.settings import Settings, load_settings


def read_one(path: str, settings: Settings, *, stdin: TextIO | None = None,
             input_format: str | None = None) -> Article:
    """The first article in ``path`` (or stdin for ``-``); a skip becomes an error with its reason."""
    for item in read_inputs([path], settings.reading, stdin=stdin, input_format=input_format):
        if isinstance(item, Skip):
            _raise(item)
        return item
    raise InputError("{origin}: no article found", origin=path)


def analyze(text: str, *, title: str | None = None, published: str | None = None,
            source: str | None = None, url: str | None = None,
            settings: Settings | None = None, pipeline: Pipeline | None = None) -> Analysis:
    """Analyse one article given as text; build a Pipeline once and pass it in for many calls."""
    settings = settings or (pipeline.settings if pipeline else load_settings())
    pipeline = pipeline or Pipeline(settings)
    item = read_text(text, origin="<text>", title=title, published=published, source=source,
                     url=url, settings=settings.reading)
    if isinstance(item, Skip):
        _raise(item)
    return pipeline.analyse([item])[0]


def analyze_file(path: str | Path, *, settings: Settings | None = None,
                 pipeline: Pipeline | None = None) -> Analysis:
    """Analyse the first article of a file."""
    settings = settings or (pipeline.settings if pipeline else load_settings())
    pipeline = pipeline or Pipeline(settings)
    return pipeline.analyse([read_one(str(path), settings)])[0]


def analysis_schema() -> dict[str, Any]:
    """The JSON Schema that every Analysis JSON validates against."""
    text = resources.files("newsgraph").joinpath("data/analysis.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def raise_for_skip(skip: Skip) -> NoReturn:
    """Raise the error a skipped input stands for: skipped (exit 4) or unreadable (exit 3)."""
    _raise(skip)


def _raise(skip: Skip) -> NoReturn:
    if skip.language is not None or skip.readable:
        raise SkippedError("{reason}", reason=skip.reason)
    raise InputError("{reason}", reason=skip.reason)
