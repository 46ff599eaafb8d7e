"""The store's read-only side for the HTTP API: filters, cursor pages and aggregations in SQL."""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final

import duckdb

from newsgraph.errors import CursorError, Messages, NewsgraphError, StoreError
from newsgraph.store import Store
from newsgraph.store.connection import _first_line, _utc
from newsgraph.store.filters import (ARTICLE_FILTER, EVENT_FILTER, like, looks_like_code,
                                     used_parameters, with_filters)

# --- exploring (issue 13): read-only queries and aggregations for the HTTP API --------------
# The web layer turns requests into ``Explorer`` calls; every query here is fixed text with
# named parameters, so nothing a client sends is ever spliced into SQL.

LIST_LIMIT_MAXIMUM: Final = 1000
SAMPLE_SIZE: Final = 20
INTERVALS: Final = ("day", "week")

_EXPLORE_EVENT_COLUMNS: Final = """
    event_key, article_id, idx, event_date AS date, source_name, source_code, target_name,
    target_code, mutual, cameo, root, quad_class AS quad, goldstein, plover_event AS plover,
    location_name, location_country, lat, lon, negated, modality, factual, confidence, trigger,
    json_extract_string(evidence, '$[0].text') AS sentence_text, start, "end",
    1 AS num_mentions, 1 AS num_articles, [article_id] AS article_ids
"""
_EXPLORE_QUERIES: Final = {
    # events are paged on their keys alone; their columns are read for the page's rows only
    "events": (
        "SELECT rowid AS row_id, coalesce(event_date, '~') AS _k0, article_id AS _k1, "
        "idx AS _k2 FROM event_mentions WHERE" + EVENT_FILTER),
    "events_grouped": (
        "SELECT event_key, first_article AS article_id, NULL::INTEGER AS idx, event_date AS date, "
        "source_name, source_code, target_name, target_code, mutual, cameo, root, quad_class AS quad, "
        "goldstein, plover_event AS plover, location_name, location_country, lat, lon, negated, "
        "modality, factual, avg_confidence AS confidence, NULL::VARCHAR AS trigger, "
        "NULL::VARCHAR AS sentence_text, NULL::INTEGER AS start, NULL::INTEGER AS \"end\", "
        "num_mentions, num_articles, article_ids, coalesce(event_date, '~') AS _k0, "
        "event_key AS _k1, 0 AS _k2 FROM event_groups WHERE event_key IN ("
        "SELECT event_key FROM event_mentions WHERE" + EVENT_FILTER + ")"),
    "articles": (
        "SELECT a.id, a.title, a.published, a.source, a.url, a.origin, a.duplicate_of, "
        "a.ingested_at, coalesce(a.published, '') AS _k0, a.id AS _k1 FROM articles a WHERE"
        + ARTICLE_FILTER
        + " AND ($q::VARCHAR IS NULL OR contains(lower(concat_ws(' ', a.title, a.text)), "
          "lower($q::VARCHAR)))"
        + " AND ($actor::VARCHAR IS NULL OR a.id IN (SELECT article_id FROM entities "
          "WHERE starts_with(code, upper($actor::VARCHAR)) "
          "OR contains(lower(name), lower($actor::VARCHAR))))"
          " AND ($place::VARCHAR IS NULL OR a.id IN (SELECT article_id FROM entities "
          "WHERE contains(lower(coalesce(geo_name, name)), lower($place::VARCHAR)) "
          "AND (type IN ('place', 'country') OR geo_name IS NOT NULL) "
          "OR geo_country = upper($place::VARCHAR)))"),
    "entities": (
        "WITH chosen AS (SELECT e.*, coalesce(e.code, e.type || ':' || lower(e.name)) AS grp "
        "FROM entities e WHERE "
        "($q::VARCHAR IS NULL OR contains(lower(e.name), lower($q::VARCHAR))) "
        "AND ($actor::VARCHAR IS NULL OR starts_with(e.code, upper($actor::VARCHAR))) "
        "AND ($type::VARCHAR IS NULL OR e.type = $type::VARCHAR) "
        "AND ($place::VARCHAR IS NULL OR e.country = upper($place::VARCHAR) "
        "OR e.geo_country = upper($place::VARCHAR) "
        "OR contains(lower(e.geo_name), lower($place::VARCHAR))) "
        "AND ($source::VARCHAR IS NULL AND $since::VARCHAR IS NULL AND $until::VARCHAR IS NULL "
        "OR e.article_id IN (SELECT a.id FROM articles a WHERE" + ARTICLE_FILTER + "))), "
        "counted AS (SELECT article_id, entity_id, count(*) AS n FROM mentions "
        "WHERE article_id IN (SELECT article_id FROM chosen) GROUP BY ALL), "
        # the name and type a group goes by: its most frequent, ties broken alphabetically
        "named AS (SELECT grp, name, type, count(*) AS n FROM chosen GROUP BY ALL), "
        "labels AS (SELECT grp, first(name ORDER BY n DESC, name) AS name, "
        "first(type ORDER BY n DESC, type) AS type FROM named GROUP BY grp) "
        "SELECT l.name, l.type, min(c.code) AS code, min(c.country) AS country, "
        "count(DISTINCT c.article_id) AS articles, "
        "coalesce(sum(m.n), 0)::BIGINT AS mentions, avg(c.lat) AS lat, avg(c.lon) AS lon, "
        "-count(DISTINCT c.article_id) AS _k0, l.name AS _k1, c.grp AS _k2 "
        "FROM chosen c JOIN labels l USING (grp) LEFT JOIN counted m USING (article_id, entity_id) "
        "GROUP BY c.grp, l.name, l.type"),
    "quotes": (
        "SELECT q.article_id, q.idx, a.published, a.title, "
        "coalesce(json_extract_string(q.data, '$.speaker.name'), "
        "json_extract_string(q.data, '$.speaker.text.text')) AS speaker, "
        "json_extract_string(q.data, '$.speaker.entity') AS speaker_entity, e.code AS speaker_code, "
        "json_extract_string(q.data, '$.kind') AS kind, "
        "json_extract_string(q.data, '$.cue.text') AS cue, "
        "json_extract_string(q.data, '$.content[*].text') AS content, "
        "json_extract_string(q.data, '$.stance') AS stance, "
        "TRY_CAST(json_extract(q.data, '$.confidence') AS DOUBLE) AS confidence, "
        "TRY_CAST(json_extract(q.data, '$.content[0].start') AS INTEGER) AS start, "
        "TRY_CAST(json_extract(q.data, '$.content[0].end') AS INTEGER) AS \"end\", "
        "coalesce(a.published, '~') AS _k0, q.article_id AS _k1, q.idx AS _k2 "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN entities e ON e.article_id = q.article_id "
        "AND e.entity_id = json_extract_string(q.data, '$.speaker.entity') WHERE"
        + ARTICLE_FILTER
        + " AND ($q::VARCHAR IS NULL OR contains(lower(json_extract_string(q.data, "
          "'$.content[*].text')::VARCHAR), lower($q::VARCHAR)))"
        + " AND ($speaker::VARCHAR IS NULL OR contains(lower(coalesce(json_extract_string("
          "q.data, '$.speaker.name'), json_extract_string(q.data, '$.speaker.text.text'))), "
          "lower($speaker::VARCHAR)))"
          " AND ($actor::VARCHAR IS NULL OR starts_with(e.code, upper($actor::VARCHAR)))"),
    "speakers": (
        "SELECT coalesce(json_extract_string(q.data, '$.speaker.name'), "
        "json_extract_string(q.data, '$.speaker.text.text')) AS speaker, count(*) AS quotes, "
        "-count(*) AS _k0, speaker AS _k1 FROM quotes q JOIN articles a ON a.id = q.article_id WHERE"
        + ARTICLE_FILTER
        + " AND ($q::VARCHAR IS NULL OR contains(lower(speaker), lower($q::VARCHAR))) AND speaker IS NOT NULL GROUP BY speaker"),
    "narratives": (
        "SELECT substr(a.published, 1, 7) AS month, a.source, "
        "json_extract_string(n.data, '$.label') AS narrative, "
        "count(DISTINCT n.article_id) AS articles, coalesce(month, '~') AS _k0, "
        "coalesce(a.source, '') AS _k1, -articles AS _k2, narrative AS _k3 "
        "FROM narratives n JOIN articles a ON a.id = n.article_id WHERE"
        + ARTICLE_FILTER
        + " AND ($q::VARCHAR IS NULL OR contains(lower(json_extract_string(n.data, '$.label')), "
          "lower($q::VARCHAR))) GROUP BY ALL"),
}
_EXPLORE_KEYS: Final = {"events": 3, "events_grouped": 3, "articles": 2, "entities": 3,
                        "quotes": 3, "speakers": 2, "narratives": 4}
_EXPLORE_DESCENDING: Final = frozenset({"articles"})

_EXPLORE_EVENT_ROWS: Final = (
    "SELECT rowid AS row_id," + _EXPLORE_EVENT_COLUMNS + "FROM event_mentions "
    "WHERE rowid IN (SELECT unnest($row_ids::BIGINT[]))")
_EXPLORE_ARTICLE_COUNTS: Final = """
SELECT id,
       (SELECT count(*) FROM entities WHERE article_id = id),
       (SELECT count(*) FROM event_mentions WHERE article_id = id),
       (SELECT count(*) FROM quotes WHERE article_id = id)
FROM unnest($ids::VARCHAR[]) AS t(id)
"""
_EXPLORE_NETWORK: Final = """
WITH chosen AS (
    SELECT source_code, source_name, target_code, target_name, quad_class, goldstein, event_key,
           event_date
    FROM event_mentions
    WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND source_code <> target_code
      AND""" + EVENT_FILTER + """
), edges AS (
    SELECT source_code AS source, target_code AS target, count(*) AS count,
           avg(goldstein) AS mean_goldstein,
           count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
           count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4
    FROM chosen GROUP BY source_code, target_code HAVING count(*) >= $min_count::INTEGER
    ORDER BY count DESC, source, target LIMIT $limit::INTEGER + 1
)
SELECT * FROM edges
"""
_EXPLORE_NETWORK_SAMPLES: Final = """
SELECT source_code, target_code, max(rowid, $sample::INTEGER), min(source_name), min(target_name)
FROM event_mentions
WHERE (source_code, target_code) IN (SELECT unnest($sources::VARCHAR[]), unnest($targets::VARCHAR[]))
  AND""" + EVENT_FILTER + """
GROUP BY ALL
"""
_EXPLORE_EVENT_KEYS: Final = """
SELECT rowid, event_key FROM event_mentions WHERE rowid IN (SELECT unnest($row_ids::BIGINT[]))
"""
_EXPLORE_NETWORK_MENTIONS: Final = """
SELECT code, count(*) FROM mentions WHERE code IN (SELECT unnest($codes::VARCHAR[])) GROUP BY code
"""
_EXPLORE_TIMELINE: Final = """
SELECT strftime(date_trunc($interval::VARCHAR, day), '%Y-%m-%d') AS period, quad,
       sum(n)::BIGINT AS events
FROM (SELECT TRY_CAST(event_date AS DATE) AS day, quad, n
      FROM (SELECT event_date, quad_class AS quad, count(*) AS n FROM event_mentions
            WHERE length(event_date) = 10 AND""" + EVENT_FILTER + """ GROUP BY ALL))
WHERE day IS NOT NULL GROUP BY ALL ORDER BY period, quad NULLS LAST
"""
_EXPLORE_TIMELINE_NARRATIVES: Final = """
SELECT substr(a.published, 1, 7) AS month, json_extract_string(n.data, '$.label') AS narrative,
       count(DISTINCT n.article_id) AS articles
FROM narratives n JOIN articles a ON a.id = n.article_id
WHERE a.published IS NOT NULL AND""" + ARTICLE_FILTER + """
GROUP BY ALL ORDER BY month, articles DESC, narrative
"""
_EXPLORE_MAP_EVENTS: Final = """
SELECT location_name, location_country, round(lat, 4) AS lat, round(lon, 4) AS lon, count(*),
       list_distinct(max_by(event_key, coalesce(event_date, ''), $sample::INTEGER))
FROM event_mentions WHERE lat IS NOT NULL AND lon IS NOT NULL AND""" + EVENT_FILTER + """
GROUP BY ALL ORDER BY count(*) DESC, location_name LIMIT 5000
"""
_EXPLORE_MAP_PLACES: Final = """
SELECT coalesce(e.geo_name, e.name) AS place, coalesce(e.geo_country, e.country),
       round(e.lat, 4) AS lat, round(e.lon, 4) AS lon, count(DISTINCT e.article_id),
       list_distinct(max_by(e.article_id, e.article_id, $sample::INTEGER))
FROM entities e WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL
  AND ($source::VARCHAR IS NULL AND $since::VARCHAR IS NULL AND $until::VARCHAR IS NULL
       OR e.article_id IN (SELECT a.id FROM articles a WHERE""" + ARTICLE_FILTER + """))
GROUP BY ALL ORDER BY count(DISTINCT e.article_id) DESC, place LIMIT 5000
"""
_EXPLORE_ACTOR: Final = {
    "names": "SELECT name, count(DISTINCT article_id) AS n FROM entities WHERE code = $code "
             "GROUP BY name ORDER BY n DESC, name LIMIT 10",
    "profile": "SELECT min(country), min(sector), count(DISTINCT article_id) FROM entities "
               "WHERE code = $code",
    "mentions": "SELECT count(*) FROM mentions WHERE code = $code",
    "quotes": "SELECT count(*) FROM quotes q JOIN entities e ON e.article_id = q.article_id "
              "AND e.entity_id = json_extract_string(q.data, '$.speaker.entity') WHERE e.code = $code",
    "recent": "SELECT a.id, a.title, a.published FROM articles a WHERE a.id IN "
              "(SELECT article_id FROM entities WHERE code = $code) "
              "ORDER BY a.published DESC NULLS LAST, a.id LIMIT 10",
}


@dataclass(frozen=True, slots=True)
class Filters:
    """What the explorer's lists and aggregations keep; every part is optional.

    Lists apply the parts that make sense for them: ``actor`` is an actor code prefix or part
    of a name, ``code`` a CAMEO code prefix or a PLOVER event type, ``place`` part of a place
    name or an ISO-3 country, ``text`` a part of the text searched. By default only factual
    events count; ``include_all`` keeps negated and unreal ones too.
    """

    actor: str | None = None
    code: str | None = None
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    source: str | None = None
    text: str | None = None
    include_all: bool = False
    entity_type: str | None = None
    speaker: str | None = None
    event_keys: tuple[str, ...] | None = None

    def parameters(self) -> dict[str, Any]:
        """Every named parameter the explorer's queries use."""
        return {"actor": self.actor, "code": self.code, "quad": self.quad_class,
                "since": self.since, "until": self.until, "place": self.place,
                "source": self.source, "q": self.text,
                "factual": None if self.include_all else True,
                "type": self.entity_type, "speaker": self.speaker,
                "ids": list(self.event_keys) if self.event_keys is not None else None,
                # an upper-case actor (RUS, RUSGOV) is a code prefix; anything else may be a name
                "actor_code": self.actor if looks_like_code(self.actor) else None,
                "actor_name": None if looks_like_code(self.actor) else self.actor,
                "actor_like": like(self.actor), "place_like": like(self.place),
                "source_like": like(self.source), "q_like": like(self.text)}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list, and the cursor of the next one (None on the last page)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


class Explorer:
    """Read-only questions about a store, answered in SQL: lists with keyset paging, and the
    aggregations behind the dashboard (network, timeline, map)."""

    def __init__(self, store: Store) -> None:
        # A DuckDB connection serves one thread: each explorer reads through a cursor of its
        # own, over the one read-only database the store opened (opening costs ~50 ms).
        self.store = copy.copy(store)
        self._connection = self.store._connection = store._connection.cursor()

    def close(self) -> None:
        """Close this explorer's cursor; the store stays open."""
        self._connection.close()

    def __enter__(self) -> Explorer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _rows(self, query: str, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
        query = with_filters(query, parameters)
        used = used_parameters(query, parameters)
        rows: list[tuple[Any, ...]] = self._connection.execute(query, used).fetchall()
        return rows

    def _dicts(self, query: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
        query = with_filters(query, parameters)
        used = used_parameters(query, parameters)
        result = self._connection.execute(query, used)
        names = [column[0] for column in result.description or ()]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def page(self, kind: str, filters: Filters, *, cursor: str | None = None,
             limit: int = 50) -> Page:
        """One page of ``kind`` (events, events_grouped, articles, entities, quotes, speakers or
        narratives) after ``cursor``; rows come in a fixed order, so the cursor is the last
        row's sort key."""
        inner = _EXPLORE_QUERIES[kind]
        width = _EXPLORE_KEYS[kind]
        keys = ", ".join(f"_k{index}" for index in range(width))
        after = _decode_cursor(cursor, width)
        parameters = filters.parameters()
        parameters["limit"] = max(1, min(limit, LIST_LIMIT_MAXIMUM)) + 1
        descending = kind in _EXPLORE_DESCENDING
        where = ""
        if after is not None:
            marks = ", ".join(f"$c{index}" for index in range(width))
            where = f" WHERE ({keys}) {'<' if descending else '>'} ({marks})"
            parameters.update({f"c{index}": value for index, value in enumerate(after)})
        order = ", ".join(f"_k{index}{' DESC' if descending else ''}" for index in range(width))
        query = f"SELECT * FROM ({inner}) AS listed{where} ORDER BY {order} LIMIT $limit"
        try:
            rows = self._dicts(query, parameters)
        except duckdb.Error as error:
            raise StoreError(Messages.STORE_QUERY_FAILED, path=self.store.path,
                             detail=_first_line(error)) from error
        more = len(rows) >= parameters["limit"]
        rows = rows[:parameters["limit"] - 1]
        next_cursor = _encode_cursor([rows[-1][f"_k{index}"] for index in range(width)]) \
            if more and rows else None
        items = [{name: value for name, value in row.items() if not name.startswith("_k")}
                 for row in rows]
        if kind == "events" and items:
            items = self._event_rows(items)
        shape = _EXPLORE_SHAPES.get(kind)
        if shape is not None:
            items = [shape(item) for item in items]
        if kind == "articles" and items:
            self._add_article_counts(items)
        return Page(items, next_cursor)

    def _event_rows(self, keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # Row ids hold while this read-only connection is open, and no one writes meanwhile.
        wanted = [key["row_id"] for key in keys]
        found = {row.pop("row_id"): row for row in self._dicts(
            _EXPLORE_EVENT_ROWS, {"row_ids": wanted})}
        return [found[row_id] for row_id in wanted if row_id in found]

    def all_rows(self, kind: str, filters: Filters, *, batch: int = LIST_LIMIT_MAXIMUM
                 ) -> Iterator[dict[str, Any]]:
        """Every row of ``kind`` that ``filters`` keeps, fetched a page at a time."""
        cursor: str | None = None
        while True:
            page = self.page(kind, filters, cursor=cursor, limit=batch)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def _add_article_counts(self, items: list[dict[str, Any]]) -> None:
        counts = {row[0]: row[1:] for row in self._rows(
            _EXPLORE_ARTICLE_COUNTS, {"ids": [item["id"] for item in items]})}
        for item in items:
            item["n_entities"], item["n_events"], item["n_quotes"] = counts.get(item["id"], (0, 0, 0))
            item["ingested_at"] = _utc(item["ingested_at"]).isoformat()

    def analysis_json(self, article_id: str) -> str | None:
        """The stored Analysis JSON of an article (id, or a unique prefix of 6+ characters)."""
        try:
            resolved = self.store._resolve(article_id)
        except NewsgraphError:  # not found, or an ambiguous prefix
            return None
        row = self.store._first("SELECT analysis FROM articles WHERE id = ?", [resolved])
        return None if row is None or row[0] is None else str(row[0])

    def stats(self) -> dict[str, Any]:
        """The store's counts, top actors and places, and its first and last event dates."""
        summary = self.store.stats()
        row = self.store._first(
            "SELECT (SELECT count(*) FROM event_mentions), "
            "(SELECT count(DISTINCT event_key) FROM event_mentions), (SELECT count(*) FROM quotes), "
            "(SELECT min(event_date) FROM event_mentions), (SELECT max(event_date) FROM event_mentions)")
        assert row is not None
        return {"articles": summary.articles, "duplicates": summary.duplicates,
                "entities": summary.entities, "mentions": summary.mentions, "events": row[0],
                "event_groups": row[1], "quotes": row[2], "entity_types": summary.entity_types,
                "top_actors": [{"code": code, "articles": n} for code, n in summary.top_actors],
                "top_places": [{"name": name, "articles": n} for name, n in summary.top_places],
                "errors": summary.errors, "schema_version": summary.schema_version,
                "first_date": row[3], "last_date": row[4]}

    def network(self, filters: Filters, *, limit: int = 200, min_count: int = 1) -> dict[str, Any]:
        """Actors as nodes and, as edges, their events aggregated by directed dyad: the ``limit``
        busiest dyads with at least ``min_count`` events."""
        parameters = filters.parameters() | {"limit": limit, "min_count": min_count,
                                             "sample": SAMPLE_SIZE}
        rows = self._rows(_EXPLORE_NETWORK, parameters)
        truncated = len(rows) > limit
        rows = rows[:limit]
        samples: dict[tuple[str, str], list[int]] = {}
        labels: dict[str, str] = {}
        if rows:
            # Sampling every dyad costs more than all the counting: only the edges shown, and
            # by row id (the latest stored reports), reading the long keys of the sample only.
            for source, target, row_ids, source_name, target_name in self._rows(
                    _EXPLORE_NETWORK_SAMPLES, parameters | {"sources": [row[0] for row in rows],
                                                            "targets": [row[1] for row in rows]}):
                samples[(source, target)] = row_ids
                for code, name in ((source, source_name), (target, target_name)):
                    if name is not None and (code not in labels or name < labels[code]):
                        labels[code] = name
        wanted = [row_id for row_ids in samples.values() for row_id in row_ids]
        keys: dict[int, str] = dict(self._rows(_EXPLORE_EVENT_KEYS, {"row_ids": wanted})
                                    if wanted else [])
        edges = [{"id": f"{source}|{target}", "source": source, "target": target, "count": count,
                  "mean_goldstein": None if mean is None else round(mean, 3),
                  "quad": _most_frequent_quad((q1, q2, q3, q4)),
                  "quad_counts": {"1": q1, "2": q2, "3": q3, "4": q4},
                  "event_keys": list(dict.fromkeys(
                      keys[row_id] for row_id in samples.get((source, target), [])))}
                 for source, target, count, mean, q1, q2, q3, q4 in rows]
        events: dict[str, int] = {}
        for edge in edges:
            for side in (edge["source"], edge["target"]):
                events[side] = events.get(side, 0) + edge["count"]
        mentions = dict(self._rows(_EXPLORE_NETWORK_MENTIONS, {"codes": sorted(events)})
                        if events else [])
        nodes = [{"id": code, "label": labels.get(code, code), "mentions": mentions.get(code, 0),
                  "events": events[code], "country": code[:3]} for code in sorted(events)]
        return {"nodes": nodes, "edges": edges, "truncated": truncated}

    def timeline(self, filters: Filters, *, interval: str = "day") -> dict[str, Any]:
        """Events per day or week (the Monday) by quad class, and narratives per month."""
        if interval not in INTERVALS:
            raise ValueError(f"interval must be one of {INTERVALS}, not {interval!r}")
        parameters = filters.parameters() | {"interval": interval}
        events = [{"period": period, "quad": quad, "events": count}
                  for period, quad, count in self._rows(_EXPLORE_TIMELINE, parameters)]
        narratives = [{"month": month, "narrative": narrative, "articles": count}
                      for month, narrative, count in
                      self._rows(_EXPLORE_TIMELINE_NARRATIVES, parameters)]
        return {"interval": interval, "events": events, "narratives": narratives}

    def places(self, filters: Filters) -> dict[str, Any]:
        """Event locations and the places articles mention, as a GeoJSON FeatureCollection."""
        parameters = filters.parameters() | {"sample": SAMPLE_SIZE}
        features = [_feature("event", name, country, lat, lon, count, "event_keys", keys)
                    for name, country, lat, lon, count, keys in
                    self._rows(_EXPLORE_MAP_EVENTS, parameters)]
        features += [_feature("place", name, country, lat, lon, count, "article_ids", ids)
                     for name, country, lat, lon, count, ids in
                     self._rows(_EXPLORE_MAP_PLACES, parameters)]
        return {"type": "FeatureCollection", "features": features}

    def actor(self, code: str, filters: Filters, *, interval: str = "week") -> dict[str, Any] | None:
        """One actor code's profile: names, counts, partners and timeline; None if unknown."""
        code = code.upper()
        names = self._rows(_EXPLORE_ACTOR["names"], {"code": code})
        profile = self._rows(_EXPLORE_ACTOR["profile"], {"code": code})[0]
        actor_filters = dataclasses.replace(filters, actor=code)
        parameters = actor_filters.parameters() | {"sample": SAMPLE_SIZE}
        partner_rows = self._rows(
            "SELECT CASE WHEN source_code = $profile_code THEN target_code ELSE source_code END AS partner, "
            "min(CASE WHEN source_code = $profile_code THEN target_name ELSE source_name END), "
            "count(*), avg(goldstein), count(*) FILTER (WHERE source_code = $profile_code), "
            "count(*) FILTER (WHERE target_code = $profile_code) FROM event_mentions "
            "WHERE (source_code = $profile_code OR target_code = $profile_code) AND"
            + EVENT_FILTER + " GROUP BY partner ORDER BY count(*) DESC, partner NULLS LAST",
            parameters | {"profile_code": code, "actor_code": None, "actor_name": None})
        if not names and not partner_rows:
            return None
        as_source = sum(row[4] for row in partner_rows)
        as_target = sum(row[5] for row in partner_rows)
        partners = [{"code": partner, "name": name, "events": count,
                     "mean_goldstein": None if mean is None else round(mean, 3)}
                    for partner, name, count, mean, _, _ in partner_rows[:10] if partner is not None]
        timeline = self.timeline(actor_filters, interval=interval)["events"]
        return {"code": code, "names": [{"name": name, "articles": n} for name, n in names],
                "country": profile[0], "sector": profile[1], "articles": profile[2],
                "mentions": self._rows(_EXPLORE_ACTOR["mentions"], {"code": code})[0][0],
                "events_as_source": as_source, "events_as_target": as_target,
                "quotes": self._rows(_EXPLORE_ACTOR["quotes"], {"code": code})[0][0],
                "partners": partners, "timeline": timeline,
                "recent_articles": [{"id": article_id, "title": title, "published": published}
                                    for article_id, title, published in
                                    self._rows(_EXPLORE_ACTOR["recent"], {"code": code})]}


def _most_frequent_quad(counts: tuple[int, int, int, int]) -> int | None:
    # Ties go to the more conflictual class: a dyad that fights as often as it talks is shown fighting.
    best = max(range(4), key=lambda index: (counts[index], index))
    return best + 1 if counts[best] else None


def _event_item(row: dict[str, Any]) -> dict[str, Any]:
    return {"event_key": row["event_key"], "article_id": row["article_id"], "idx": row["idx"],
            "date": row["date"],
            "source": {"name": row["source_name"], "code": row["source_code"]},
            "target": {"name": row["target_name"], "code": row["target_code"]},
            "mutual": row["mutual"], "cameo": row["cameo"], "root": row["root"],
            "quad": row["quad"], "goldstein": row["goldstein"], "plover": row["plover"],
            "location": {"name": row["location_name"], "country": row["location_country"],
                         "lat": row["lat"], "lon": row["lon"]},
            "negated": row["negated"], "modality": row["modality"], "factual": row["factual"],
            "confidence": row["confidence"], "trigger": row["trigger"],
            "sentence_text": row["sentence_text"], "start": row["start"], "end": row["end"],
            "num_mentions": row["num_mentions"], "num_articles": row["num_articles"],
            "article_ids": list(row["article_ids"] or [])}


def _quote_item(row: dict[str, Any]) -> dict[str, Any]:
    row["content"] = list(row["content"] or [])
    return row


_EXPLORE_SHAPES: Final[dict[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "events": _event_item, "events_grouped": _event_item, "quotes": _quote_item}


def _feature(kind: str, name: str | None, country: str | None, lat: float, lon: float,
             count: int, list_name: str, sample: list[str]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"kind": kind, "name": name, "country": country, "count": count,
                           list_name: list(sample)}}


def _encode_cursor(values: list[Any]) -> str:
    text = json.dumps(values, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str | None, width: int) -> list[Any] | None:
    if cursor is None or cursor == "":
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError) as error:
        raise CursorError(Messages.WEB_BAD_CURSOR) from error
    if not isinstance(values, list) or len(values) != width or not all(
            isinstance(value, (str, int)) and not isinstance(value, bool) for value in values):
        raise CursorError(Messages.WEB_BAD_CURSOR)
    return values
