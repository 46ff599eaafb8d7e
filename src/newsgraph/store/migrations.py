"""Schema migrations: migration ``n`` brings a store from version ``n - 1`` to ``n``.

Each runs inside the transaction ``Store`` opens for it; the ones that add columns or tables
also fill them from what older releases stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Final

import duckdb

from newsgraph.schema import Analysis, Article, Entity, Mention
from newsgraph.store.connection import _BATCH, _json
from newsgraph.store.tables import (_EVENT_COLUMNS, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4,
                                    _event_row)


def _migrate_to_1(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(SCHEMA_V1)


def _migrate_to_2(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(SCHEMA_V2)
    # Release 1 kept no analysis JSON: rebuild it from the rows it did keep.
    after = ""
    while True:
        ids = [row[0] for row in connection.execute(
            "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", [after, _BATCH]).fetchall()]
        if not ids:
            return
        analyses = _v1_analyses(connection, ids)
        connection.execute(
            "UPDATE articles SET analysis = rebuilt.analysis FROM "
            "(SELECT unnest($1::VARCHAR[]) AS id, unnest($2::VARCHAR[]) AS analysis) rebuilt "
            "WHERE articles.id = rebuilt.id",
            [list(analyses), [_json(analysis.to_dict()) for analysis in analyses.values()]])
        after = ids[-1]


def _v1_analyses(connection: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Analysis]:
    analyses: dict[str, Analysis] = {}
    for (article_id, title, text, language, published, source, url, author,
         origin) in connection.execute(
            "SELECT id, title, text, language, published, source, url, author, origin "
            "FROM articles WHERE list_contains($1::VARCHAR[], id)", [ids]).fetchall():
        analyses[article_id] = Analysis(article=Article(
            id=article_id, text=text, title=title, language=language or "en",
            published=published, source=source, url=url, author=author, origin=origin))
    mentions: dict[tuple[str, str], list[Mention]] = {}
    for article_id, entity_id, start, end, text, sentence in connection.execute(
            'SELECT article_id, entity_id, start, "end", text, sentence FROM mentions '
            "WHERE list_contains($1::VARCHAR[], article_id) "
            'ORDER BY article_id, entity_id, start, "end"', [ids]).fetchall():
        mentions.setdefault((article_id, entity_id), []).append(
            Mention(start=start, end=end, text=text or "", sentence=sentence or 0))
    for (article_id, entity_id, name, kind, country, sector, code, office,
         confidence) in connection.execute(
            "SELECT article_id, entity_id, name, type, country, sector, code, office, confidence "
            "FROM entities WHERE list_contains($1::VARCHAR[], article_id) "
            "ORDER BY article_id, entity_id", [ids]).fetchall():
        analyses[article_id].entities.append(Entity(
            id=entity_id, name=name, type=kind, mentions=mentions.get((article_id, entity_id), []),
            country=country, sector=sector, code=code, office=office,
            confidence=1.0 if confidence is None else confidence))
    return analyses


def _migrate_to_3(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(SCHEMA_V3)
    # Events already stored as JSON items get their typed rows.
    after = ("", -1)
    while True:
        rows = connection.execute(
            "SELECT article_id, idx, data FROM events WHERE (article_id, idx) > ($1, $2) "
            "ORDER BY article_id, idx LIMIT $3", [after[0], after[1], _BATCH]).fetchall()
        if not rows:
            return
        typed = [_event_row(article_id, idx, json.loads(data)) for article_id, idx, data in rows]
        with connection.appender("event_mentions", columns=list(_EVENT_COLUMNS)) as appender:
            appender.append_rows(typed)
        after = (rows[-1][0], rows[-1][1])


def _migrate_to_4(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(SCHEMA_V4)
    # Rows noted again on every re-run before version 4 are kept once, the latest.
    connection.execute(
        'DELETE FROM errors WHERE rowid NOT IN (SELECT max(rowid) FROM errors '
        "GROUP BY origin, kind, reason)")


_MIGRATIONS: Final[tuple[Callable[[duckdb.DuckDBPyConnection], None], ...]] = (
    _migrate_to_1,
    _migrate_to_2,
    _migrate_to_3,
    _migrate_to_4,
)
"""Migration ``n`` (from 1) brings a store from version ``n - 1`` to ``n``."""
