"""Event and article filters as SQL: the one place that builds their WHERE clauses.

``Store.events`` (the ``events`` command) and the explorer (the HTTP API) both put
``EVENT_FILTER`` (or ``ARTICLE_FILTER``) where a query's condition goes; ``with_filters``
puts there the fixed clauses whose parameter is given. Every clause is fixed text with named
parameters, so nothing a user or a client sends is ever spliced into SQL.
"""

from __future__ import annotations

import re
from typing import Any, Final

from newsgraph.store.rows import EventQuery

EVENT_FILTER: Final = " /*event filter*/ "
"""Where an event query's filter goes, over ``event_mentions`` (or ``event_groups``, which has
the columns ``Store.events`` filters on)."""
ARTICLE_FILTER: Final = " /*article filter*/ "
"""Where an article query's filter goes, over ``articles`` named ``a``."""

# Filters are fixed clauses joined in only when their parameter is given: DuckDB plans a
# query before it sees the values, so "$x IS NULL OR ..." would scan for nothing.
_EVENT_CLAUSES: Final = (
    ("actor_code", "(starts_with(source_code, $actor_code::VARCHAR) "
                   "OR starts_with(target_code, $actor_code::VARCHAR))"),
    ("actor_name", "(starts_with(source_code, upper($actor_name::VARCHAR)) "
                   "OR starts_with(target_code, upper($actor_name::VARCHAR)) "
                   "OR source_name ILIKE $actor_like ESCAPE '\\' OR target_name ILIKE $actor_like ESCAPE '\\')"),
    ("code", "(starts_with(cameo, $code::VARCHAR) OR upper(plover_event) = upper($code::VARCHAR))"),
    ("cameo", "starts_with(cameo, $cameo::VARCHAR)"),
    ("quad", "quad_class = $quad::INTEGER"),
    ("since", "event_date >= $since::VARCHAR"),
    ("until", "left(event_date, length($until::VARCHAR)) <= $until::VARCHAR"),
    ("place", "(location_name ILIKE $place_like ESCAPE '\\' OR location_country = upper($place::VARCHAR))"),
    ("factual", "(factual AND NOT negated)"),
    ("source", "article_id IN (SELECT id FROM articles "
               "WHERE concat_ws(' ', source, url) ILIKE $source_like ESCAPE '\\')"),
    ("q", "evidence ILIKE $q_like ESCAPE '\\'"),
    ("ids", "list_contains($ids::VARCHAR[], event_key)"),
)
_ARTICLE_CLAUSES: Final = (
    ("source", "concat_ws(' ', a.source, a.url) ILIKE $source_like ESCAPE '\\'"),
    ("since", "a.published >= $since::VARCHAR"),
    ("until", "left(a.published, length($until::VARCHAR)) <= $until::VARCHAR"),
)


def event_query_parameters(query: EventQuery) -> dict[str, Any]:
    """The filter parameters of an ``EventQuery``, read as the explorer's ``Filters`` read theirs.

    An actor written as a code (RUS, USAGOV) is a code prefix only, so "RUS" does not find
    "Brussels"; any other actor is a code prefix or a part of a name, whatever its case. A code
    is a CAMEO code prefix or a PLOVER event type.
    """
    code_only = looks_like_code(query.actor)
    return {"actor_code": query.actor if code_only else None,
            "actor_name": None if code_only else query.actor,
            "actor_like": like(query.actor), "code": query.code,
            "quad": query.quad_class, "since": query.since, "until": query.until,
            "place": query.place, "place_like": like(query.place),
            "factual": True if query.factual_only else None}


def looks_like_code(text: str | None) -> bool:
    """Whether ``text`` is written as an actor code (RUS, RUSGOV) rather than a name."""
    return text is not None and _CODE.fullmatch(text) is not None


_CODE: Final = re.compile(r"[A-Z]{3}[A-Z0-9]*")


def like(text: str | None) -> str | None:
    """An ILIKE pattern that matches ``text`` anywhere, its own wildcards escaped."""
    if text is None:
        return None
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def with_filters(query: str, parameters: dict[str, Any]) -> str:
    """``query`` with each filter mark replaced by the clauses whose parameter is given."""
    for mark, clauses in ((EVENT_FILTER, _EVENT_CLAUSES), (ARTICLE_FILTER, _ARTICLE_CLAUSES)):
        if mark in query:
            chosen = [clause for name, clause in clauses if parameters.get(name) is not None]
            query = query.replace(mark, " (" + " AND ".join(chosen or ["TRUE"]) + ") ")
    return query


def used_parameters(query: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The parameters ``query`` names: DuckDB refuses a named parameter a query does not use."""
    named = set(_PARAMETER_NAME.findall(query))
    return {name: value for name, value in parameters.items() if name in named}


_PARAMETER_NAME: Final = re.compile(r"\$([a-z_][a-z_0-9]*)")
