"""The store's tables as each release created them, the columns rows are appended in, and
an Analysis event item as its typed row."""

from __future__ import annotations

from typing import Any, Final

from newsgraph.store.connection import _json

CURRENT_VERSION: Final = 4
ERROR_KINDS: Final = frozenset({"skipped", "failed", "duplicate"})

SECTIONS: Final = ("events", "quotes", "roles", "narratives", "techniques", "frames")
"""Analysis sections kept as one JSON row per item until their stages settle a shape."""

TABLES: Final = ("articles", "entities", "mentions", "sentences", *SECTIONS, "errors",
                 "schema_info", "event_mentions", "event_groups", "runs")
"""The tables ``Store.table`` exports."""

# The schema exactly as release 1 created it. Never edit: stores in the wild have it.
SCHEMA_V1: Final = """
CREATE TABLE schema_info (
    version INTEGER NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    text VARCHAR NOT NULL,
    language VARCHAR,
    published VARCHAR,
    source VARCHAR,
    url VARCHAR,
    author VARCHAR,
    origin VARCHAR,
    ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE entities (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    code VARCHAR,
    office VARCHAR,
    confidence DOUBLE,
    PRIMARY KEY (article_id, entity_id)
);
CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR,
    sentence INTEGER
);
CREATE TABLE errors (
    origin VARCHAR,
    reason VARCHAR,
    kind VARCHAR NOT NULL,
    article_id VARCHAR,
    "at" TIMESTAMP NOT NULL
);
"""

_SECTION_TABLE: Final = """
CREATE TABLE {name} (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    data JSON NOT NULL,
    PRIMARY KEY (article_id, idx)
);
"""

SCHEMA_V2: Final = """
ALTER TABLE articles ADD COLUMN duplicate_of VARCHAR;
ALTER TABLE articles ADD COLUMN signature BLOB;
ALTER TABLE articles ADD COLUMN analysis JSON;
ALTER TABLE articles ADD COLUMN genre JSON;
ALTER TABLE articles ADD COLUMN tone JSON;
ALTER TABLE entities ADD COLUMN salience DOUBLE DEFAULT 0.0;
ALTER TABLE entities ADD COLUMN aliases VARCHAR[] DEFAULT [];
ALTER TABLE entities ADD COLUMN lat DOUBLE;
ALTER TABLE entities ADD COLUMN lon DOUBLE;
ALTER TABLE entities ADD COLUMN geo_name VARCHAR;
ALTER TABLE entities ADD COLUMN geo_country VARCHAR;
UPDATE entities SET confidence = 1.0 WHERE confidence IS NULL;
ALTER TABLE mentions ADD COLUMN label VARCHAR DEFAULT '';
ALTER TABLE mentions ADD COLUMN code VARCHAR;
ALTER TABLE mentions ADD COLUMN confidence DOUBLE DEFAULT 1.0;
CREATE TABLE sentences (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    PRIMARY KEY (article_id, idx)
);
""" + "".join(_SECTION_TABLE.format(name=name) for name in SECTIONS)

# --- events (issue 3): one typed row per reported event; a view groups reports into events ---

SCHEMA_V3: Final = """
CREATE TABLE event_mentions (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    event_key VARCHAR NOT NULL,
    sentence INTEGER,
    source_entity VARCHAR,
    source_name VARCHAR,
    source_code VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    target_entity VARCHAR,
    target_name VARCHAR,
    target_code VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    mutual BOOLEAN,
    cameo VARCHAR,
    action VARCHAR,
    root VARCHAR,
    base VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    plover_event VARCHAR,
    plover_mode VARCHAR,
    plover_context VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    event_date VARCHAR,
    date_precision VARCHAR,
    date_text VARCHAR,
    date_source VARCHAR,
    negated BOOLEAN,
    modality VARCHAR,
    factual BOOLEAN,
    trigger VARCHAR,
    start INTEGER,
    "end" INTEGER,
    evidence VARCHAR,
    confidence DOUBLE,
    PRIMARY KEY (article_id, idx)
);
CREATE VIEW event_groups AS
WITH reports AS (
    SELECT m.*, a.url AS article_url, a.source AS article_source, a.published,
           a.ingested_at,
           row_number() OVER (PARTITION BY m.event_key
                              ORDER BY a.published NULLS LAST, m.article_id, m.idx) AS report_rank
    FROM event_mentions m JOIN articles a ON a.id = m.article_id
), counts AS (
    SELECT event_key, count(*) AS num_mentions, count(DISTINCT article_id) AS num_articles,
           count(DISTINCT coalesce(article_source, article_url, article_id)) AS num_sources,
           min(ingested_at) AS date_added, min(sentence) AS first_sentence,
           avg(confidence) AS avg_confidence, list(DISTINCT article_id ORDER BY article_id) AS article_ids
    FROM reports GROUP BY event_key
)
SELECT r.event_key, r.source_entity, r.source_name, r.source_code, r.source_country,
       r.source_sector, r.target_entity, r.target_name, r.target_code, r.target_country,
       r.target_sector, r.mutual, r.cameo, r.action, r.root, r.base, r.quad_class, r.goldstein,
       r.plover_event, r.plover_mode, r.plover_context, r.location_name, r.location_country,
       r.lat, r.lon, r.event_date, r.date_precision, r.negated, r.modality, r.factual,
       r.article_url AS first_url, r.article_id AS first_article, c.num_mentions, c.num_articles,
       c.num_sources, c.date_added, c.first_sentence, c.avg_confidence, c.article_ids
FROM reports r JOIN counts c USING (event_key)
WHERE r.report_rank = 1;
"""

_EVENT_COLUMNS: Final = (
    "article_id", "idx", "event_key", "sentence", "source_entity", "source_name", "source_code",
    "source_country", "source_sector", "target_entity", "target_name", "target_code",
    "target_country", "target_sector", "mutual", "cameo", "action", "root", "base", "quad_class",
    "goldstein", "plover_event", "plover_mode", "plover_context", "location_name",
    "location_country", "lat", "lon", "event_date", "date_precision", "date_text", "date_source",
    "negated", "modality", "factual", "trigger", "start", "end", "evidence", "confidence")

_ARTICLE_COLUMNS: Final = ("id", "title", "text", "language", "published", "source", "url",
                           "author", "origin", "ingested_at", "duplicate_of", "signature",
                           "analysis", "genre", "tone")
_ENTITY_COLUMNS: Final = ("article_id", "entity_id", "name", "type", "country", "sector",
                          "code", "office", "confidence", "salience", "aliases", "lat", "lon",
                          "geo_name", "geo_country")
_MENTION_COLUMNS: Final = ("article_id", "entity_id", "start", "end", "text", "sentence",
                           "label", "code", "confidence")
_SENTENCE_COLUMNS: Final = ("article_id", "idx", "start", "end", "kind")
_SECTION_COLUMNS: Final = ("article_id", "idx", "data")

# --- bookkeeping (issue 15): one row per ingest run; an input not stored is noted once ---

SCHEMA_V4: Final = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    inputs VARCHAR,
    "read" INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    duplicate INTEGER NOT NULL DEFAULT 0,
    near_duplicate INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    stopped VARCHAR
);
ALTER TABLE errors ADD COLUMN run INTEGER;
"""
RUN_COUNTS: Final = ("read", "new", "duplicate", "near_duplicate", "skipped", "failed")
"""What a run counts, in the order ``RunRow`` and ``runs`` keep them."""


def _event_row(article_id: str, index: int, event: dict[str, Any]) -> tuple[Any, ...]:
    """An Analysis event item as a typed row; items written before events had a shape keep
    what they have, and a key of their own."""
    def part(name: str) -> dict[str, Any]:
        value = event.get(name)
        return value if isinstance(value, dict) else {}

    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    def number(value: Any) -> float | None:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    source, target, location, plover = part("source"), part("target"), part("location"), part("plover")
    evidence: list[Any] = event["evidence"] if isinstance(event.get("evidence"), list) else []
    trigger_span = evidence[1] if len(evidence) > 1 and isinstance(evidence[1], dict) else {}
    quad = event.get("quad_class")
    return (article_id, index, text(event.get("key")) or f"{article_id}:{index}",
            event.get("sentence") if isinstance(event.get("sentence"), int) else None,
            text(source.get("entity")), text(source.get("name")), text(source.get("code")),
            text(source.get("country")), text(source.get("sector")),
            text(target.get("entity")), text(target.get("name")), text(target.get("code")),
            text(target.get("country")), text(target.get("sector")),
            bool(event.get("mutual", False)), text(event.get("cameo")), text(event.get("action")),
            text(event.get("root")), text(event.get("base")),
            quad if isinstance(quad, int) and not isinstance(quad, bool) else None,
            number(event.get("goldstein")), text(plover.get("event")), text(plover.get("mode")),
            text(plover.get("context")), text(location.get("name")), text(location.get("country")),
            number(location.get("lat")), number(location.get("lon")), text(event.get("date")),
            text(event.get("date_precision")), text(event.get("date_text")),
            text(event.get("date_source")), bool(event.get("negated", False)),
            text(event.get("modality")), bool(event.get("factual", False)),
            text(event.get("trigger")),
            trigger_span.get("start") if isinstance(trigger_span.get("start"), int) else None,
            trigger_span.get("end") if isinstance(trigger_span.get("end"), int) else None,
            _json(evidence), number(event.get("confidence")))
