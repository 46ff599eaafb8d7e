"""The embedded DuckDB store: the only package that speaks SQL.

``Store`` (here) opens, writes and reads a store; ``tables`` holds each release's tables,
``migrations`` brings an older store up to date, ``rows`` the typed rows the store answers
with, ``filters`` the WHERE clauses of event and article filters, ``connection`` the DuckDB
plumbing they share, and ``explorer`` the read-only queries and aggregations of the HTTP API.

One process writes a store at a time, and inside it one thread: the ingest loop. Workers
that analyse articles never open the store; they hand their ``Analysis`` back to the
writer, which commits each article with all its rows in one transaction. A killed ingest
therefore leaves only whole articles behind, and the next run skips what is stored.
A ``Store`` object is not thread-safe; readers in other processes open it ``read_only``
once the writer has closed it (DuckDB lets one process hold a read-write file).

Schema versions are migrations applied in order, each in its own transaction; the
``schema_info`` table records every version applied. A new store runs them all, so new
and upgraded stores are the same.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

import duckdb

from newsgraph.errors import Messages, StoreError, UsageError
from newsgraph.schema import Analysis
from newsgraph.store.connection import (_BATCH, _first_line, _json, _json_or_none, _locked, _now,
                                        _open_error, _transaction, _utc)
from newsgraph.store.filters import (EVENT_FILTER, event_query_parameters, used_parameters,
                                     with_filters)
from newsgraph.store.migrations import (_MIGRATIONS, _migrate_to_1, _migrate_to_2,  # noqa: F401
                                        _migrate_to_3, _migrate_to_4)  # (tests build old stores)
from newsgraph.store.rows import (ArticleRow, ErrorRow, EventQuery, EventRow, NarrativeCount,
                                  QuoteRow, RunRow, StoreStats)
from newsgraph.store.tables import (_ARTICLE_COLUMNS, _ENTITY_COLUMNS, _EVENT_COLUMNS,
                                    _MENTION_COLUMNS, _SECTION_COLUMNS, _SENTENCE_COLUMNS,
                                    CURRENT_VERSION, ERROR_KINDS, RUN_COUNTS, SCHEMA_V1, SCHEMA_V2,
                                    SCHEMA_V3, SCHEMA_V4, SECTIONS, TABLES, _event_row)

if TYPE_CHECKING:
    import pyarrow

# Fixed text per table, so no caller's string ever reaches SQL.
_EXPORT_QUERIES: Final = {name: f'SELECT * FROM "{name}"' for name in TABLES}

_EVENTS_REPORTED: Final = (
    "SELECT event_key, article_id, source_name, source_code, target_name, target_code, mutual, "
    "cameo, root, quad_class, goldstein, plover_event, location_name, location_country, "
    "event_date, negated, modality, factual, confidence, 1, 1 FROM event_mentions WHERE"
    + EVENT_FILTER + "ORDER BY event_date NULLS LAST, article_id, idx LIMIT $limit")
_EVENTS_GROUPED: Final = (
    "SELECT event_key, first_article, source_name, source_code, target_name, target_code, mutual, "
    "cameo, root, quad_class, goldstein, plover_event, location_name, location_country, "
    "event_date, negated, modality, factual, avg_confidence, num_mentions, num_articles "
    "FROM event_groups WHERE" + EVENT_FILTER + "ORDER BY event_date NULLS LAST, event_key LIMIT $limit")

_RUN_INPUTS_CHARS: Final = 2000
_PREFIX_MINIMUM: Final = 6


_Rows = dict[tuple[str, Sequence[str]], list[tuple[Any, ...]]]
"""Rows waiting for one bulk append, by table and columns."""


class Store:
    """A newsgraph store in one DuckDB file; use it as a context manager."""

    def __init__(self, path: str | Path, *, read_only: bool = False, wait: float = 0.0) -> None:
        """Open (or create) the store; ``wait`` seconds of retries while another process holds it."""
        self.path = Path(path)
        self.read_only = read_only
        self.wait = wait
        self._opened: duckdb.DuckDBPyConnection | None = None
        self._pending: _Rows = {}  # a batch's rows by table, while write_many builds them
        if read_only and not self.path.exists():
            raise StoreError(Messages.STORE_MISSING, path=self.path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._opened = self._open()
        try:
            self.version = self._prepare()
        except BaseException:
            self._connection.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the store; committed articles are already safe on disk."""
        self._close(checkpoint=True)

    def release(self) -> None:
        """Let go of the file so that another process may open it; the next use reopens it.

        A writer that releases between batches lets read commands in while it ingests. The
        write-ahead log stays beside the file (a reader replays it; DuckDB folds it in once it
        passes 16 MB, and ``close`` does): folding it in at every release rewrote the tables'
        open row groups, a cost that grew with the store (0.02 CPU s a release at 16 articles,
        0.24 s at 800).
        """
        self._close(checkpoint=False)

    def _close(self, *, checkpoint: bool) -> None:
        if self._opened is None:
            return
        if not checkpoint and not self.read_only:
            try:
                self._opened.execute("PRAGMA disable_checkpoint_on_shutdown")
            except duckdb.Error:
                pass  # then closing folds the log in, as it always did
        self._opened.close()
        self._opened = None

    @property
    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._opened is None:
            self._opened = self._open()
        return self._opened

    @_connection.setter
    def _connection(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._opened = connection

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Connect, retrying for ``wait`` seconds while another process holds the file."""
        deadline = time.monotonic() + self.wait
        pause = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.Error as error:
                failure = _open_error(self.path, error)
                if not _locked(error) or self.wait <= 0:
                    raise failure from error
                if time.monotonic() >= deadline:
                    raise StoreError(Messages.STORE_BUSY, path=self.path,
                                     seconds=self.wait) from error
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    # --- opening and migrating ------------------------------------------------------------

    def _prepare(self) -> int:
        tables = {row[0] for row in self._connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema = 'main'").fetchall()}
        if not tables:
            version = 0
        elif "schema_info" not in tables:
            raise StoreError(Messages.STORE_NOT_STORE, path=self.path,
                             detail="a DuckDB file without newsgraph's schema_info table")
        else:
            try:
                row = self._first("SELECT max(version) FROM schema_info")
            except duckdb.Error as error:
                raise StoreError(Messages.STORE_NOT_STORE, path=self.path,
                                 detail=_first_line(error)) from error
            if row is None or not isinstance(row[0], int):
                raise StoreError(Messages.STORE_NOT_STORE, path=self.path,
                                 detail="schema_info holds no version")
            version = row[0]
        if version > CURRENT_VERSION:
            raise StoreError(Messages.STORE_NEWER, path=self.path, found=version,
                             supported=CURRENT_VERSION)
        if version < CURRENT_VERSION and self.read_only:
            if version == 0:
                raise StoreError(Messages.STORE_EMPTY, path=self.path)
            raise StoreError(Messages.STORE_OLDER_READ_ONLY, path=self.path, found=version,
                             supported=CURRENT_VERSION)
        for target, migrate in enumerate(_MIGRATIONS, start=1):
            if target > version:
                self._migrate(target, migrate)
                version = target
        return version

    def _migrate(self, target: int, migrate: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
        try:
            with _transaction(self._connection):
                migrate(self._connection)
                self._connection.execute("INSERT INTO schema_info VALUES (?, ?)",
                                         [target, _now()])
        except duckdb.Error as error:
            raise StoreError(Messages.STORE_MIGRATION_FAILED, path=self.path, version=target,
                             detail=_first_line(error)) from error

    # --- writing --------------------------------------------------------------------------

    def write(self, analysis: Analysis, *, signature: bytes | None = None) -> bool:
        """Store one article with all its rows in one transaction.

        Returns False, writing nothing, when the article id is already stored.
        """
        return self.write_many([(analysis, signature)])[0]

    def write_many(self, items: Sequence[tuple[Analysis, bytes | None]]) -> list[bool]:
        """Store a batch of articles (each with its near-duplicate signature) in one transaction.

        Each table gets one bulk append for the whole batch, which is many times faster than
        a transaction per article. Returns, for each item, whether it was new: an id already
        stored, or met earlier in the batch, writes nothing. If the batch fails, none of it
        is stored.
        """
        self._check_writable()
        if not items:
            return []
        ids = [analysis.article.id for analysis, _ in items]
        try:
            with _transaction(self._connection):
                seen = {row[0] for row in self._connection.execute(
                    "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                    [ids]).fetchall()}
                fresh: list[bool] = []
                self._pending = {}
                for analysis, signature in items:
                    fresh.append(analysis.article.id not in seen)
                    if not fresh[-1]:
                        continue
                    seen.add(analysis.article.id)
                    self._insert_article(analysis, signature)
                    self._insert_entities(analysis)
                    self._insert_mentions(analysis)
                    self._insert_sentences(analysis)
                    self._insert_sections(analysis)
                    self._insert_event_mentions(analysis)
                for (table, columns), table_rows in self._pending.items():
                    self._append(table, columns, table_rows)
        except (duckdb.Error, ValueError) as error:  # ValueError: a NaN bound for a JSON column
            raise StoreError(Messages.STORE_WRITE_FAILED, article_id=", ".join(ids[:3])
                             + (", ..." if len(ids) > 3 else ""), path=self.path,
                             detail=_first_line(error)) from error
        finally:
            self._pending = {}
        return fresh

    def _insert_article(self, analysis: Analysis, signature: bytes | None) -> None:
        article = analysis.article
        row = (article.id, article.title, article.text, article.language, article.published,
               article.source, article.url, article.author, article.origin, _now(),
               article.duplicate_of, signature, _json(analysis.to_dict()),
               _json_or_none(analysis.genre), _json_or_none(analysis.tone))
        self._pending.setdefault(("articles", _ARTICLE_COLUMNS), []).append(row)

    def _insert_entities(self, analysis: Analysis) -> None:
        article_id = analysis.article.id
        rows = [(article_id, entity.id, entity.name, entity.type, entity.country, entity.sector,
                 entity.code, entity.office, entity.confidence, entity.salience,
                 list(entity.aliases),
                 entity.geo.lat if entity.geo else None, entity.geo.lon if entity.geo else None,
                 entity.geo.name if entity.geo else None,
                 entity.geo.country if entity.geo else None)
                for entity in analysis.entities]
        self._pending.setdefault(("entities", _ENTITY_COLUMNS), []).extend(rows)

    def _insert_mentions(self, analysis: Analysis) -> None:
        article_id = analysis.article.id
        rows = [(article_id, entity.id, mention.start, mention.end, mention.text,
                 mention.sentence, mention.label, mention.code, mention.confidence)
                for entity in analysis.entities for mention in entity.mentions]
        self._pending.setdefault(("mentions", _MENTION_COLUMNS), []).extend(rows)

    def _insert_sentences(self, analysis: Analysis) -> None:
        article_id = analysis.article.id
        rows = [(article_id, sentence.index, sentence.start, sentence.end, sentence.kind)
                for sentence in analysis.sentences]
        self._pending.setdefault(("sentences", _SENTENCE_COLUMNS), []).extend(rows)

    def _insert_sections(self, analysis: Analysis) -> None:
        article_id = analysis.article.id
        for name in SECTIONS:
            items: list[dict[str, Any]] = getattr(analysis, name)
            rows = [(article_id, index, _json(item)) for index, item in enumerate(items)]
            self._pending.setdefault((name, _SECTION_COLUMNS), []).extend(rows)

    def _insert_event_mentions(self, analysis: Analysis) -> None:
        article_id = analysis.article.id
        rows = [_event_row(article_id, index, event) for index, event in enumerate(analysis.events)]
        self._pending.setdefault(("event_mentions", _EVENT_COLUMNS), []).extend(rows)

    def _append(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        # The appender is DuckDB's bulk path: about 30 times faster than executemany.
        if rows:
            with self._connection.appender(table, columns=list(columns)) as appender:
                appender.append_rows(rows)

    def record_error(self, origin: str, reason: str, *, kind: str,
                     article_id: str | None = None, run: int | None = None) -> None:
        """Note an input that was not stored: ``kind`` is skipped, failed or duplicate.

        The same input, kind and reason is noted once: seeing it again in a later run moves
        its time and run forward instead of adding a row.
        """
        if kind not in ERROR_KINDS:
            raise ValueError(f"error kind must be one of {sorted(ERROR_KINDS)}, not {kind!r}")
        self._check_writable()
        try:
            with _transaction(self._connection):
                seen = self._first(
                    "SELECT rowid FROM errors WHERE origin IS NOT DISTINCT FROM ? AND kind = ? "
                    "AND reason IS NOT DISTINCT FROM ? LIMIT 1", [origin, kind, reason])
                if seen is None:
                    self._connection.execute(
                        'INSERT INTO errors (origin, reason, kind, article_id, "at", run) '
                        "VALUES (?, ?, ?, ?, ?, ?)", [origin, reason, kind, article_id, _now(), run])
                else:
                    self._connection.execute(
                        'UPDATE errors SET "at" = ?, run = coalesce(?, run), '
                        "article_id = coalesce(?, article_id) WHERE rowid = ?",
                        [_now(), run, article_id, seen[0]])
        except duckdb.Error as error:
            raise StoreError(Messages.STORE_WRITE_FAILED, article_id=article_id or origin,
                             path=self.path, detail=_first_line(error)) from error

    def start_run(self, inputs: Sequence[str] = ()) -> int:
        """Open the bookkeeping row of an ingest run and return its id."""
        self._check_writable()
        row = self._first("SELECT coalesce(max(id), 0) + 1 FROM runs")
        run = int(row[0]) if row else 1
        try:
            self._connection.execute("INSERT INTO runs (id, started_at, inputs) VALUES (?, ?, ?)",
                                     [run, _now(), " ".join(inputs)[:_RUN_INPUTS_CHARS] or None])
        except duckdb.Error as error:
            raise StoreError(Messages.STORE_WRITE_FAILED, article_id=f"run {run}", path=self.path,
                             detail=_first_line(error)) from error
        return run

    def update_run(self, run: int, counts: dict[str, int], *, finished: bool = False,
                   stopped: str | None = None) -> None:
        """Write a run's counts so far (keys of ``RUN_COUNTS``); ``finished`` closes it."""
        self._check_writable()
        values = [int(counts.get(name, 0)) for name in RUN_COUNTS]
        try:
            self._connection.execute(
                'UPDATE runs SET "read" = ?, new = ?, duplicate = ?, near_duplicate = ?, '
                "skipped = ?, failed = ?, stopped = ?, "
                "finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?",
                [*values, stopped, finished, _now(), run])
        except duckdb.Error as error:
            raise StoreError(Messages.STORE_WRITE_FAILED, article_id=f"run {run}", path=self.path,
                             detail=_first_line(error)) from error

    def runs(self, limit: int = 20) -> list[RunRow]:
        """The most recent ingest runs, newest first."""
        rows = self._connection.execute(
            'SELECT id, started_at, finished_at, inputs, "read", new, duplicate, near_duplicate, '
            "skipped, failed, stopped FROM runs ORDER BY id DESC LIMIT ?", [limit]).fetchall()
        return [RunRow(row[0], _utc(row[1]), None if row[2] is None else _utc(row[2]), row[3],
                       read=row[4], new=row[5], duplicate=row[6], near_duplicate=row[7],
                       skipped=row[8], failed=row[9], stopped=row[10])
                for row in rows]

    def stored_origin(self, article_id: str) -> str | None:
        """Where the stored article with this id was read from."""
        row = self._first("SELECT origin FROM articles WHERE id = ?", [article_id])
        return None if row is None else row[0]

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(Messages.STORE_READ_ONLY, path=self.path)

    # --- reading --------------------------------------------------------------------------

    def _first(self, query: str, parameters: Sequence[object] = ()) -> tuple[Any, ...] | None:
        # fetchall, never fetchone: DuckDB 2 keeps a result that was not read to its end
        # "unfinished", and then refuses relation queries (table()) on the connection.
        rows = self._connection.execute(query, list(parameters)).fetchall()
        return rows[0] if rows else None

    def has_article(self, article_id: str) -> bool:
        """Whether an article with exactly this id is stored."""
        return self._first("SELECT 1 FROM articles WHERE id = ?", [article_id]) is not None

    def article_ids(self) -> set[str]:
        """The ids of every stored article."""
        return {row[0] for row in self._connection.execute("SELECT id FROM articles").fetchall()}

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Each stored article's near-duplicate signature, in batches, by article id."""
        after = ""
        while True:
            rows = self._connection.execute(
                "SELECT id, signature FROM articles WHERE signature IS NOT NULL AND id > ? "
                "ORDER BY id LIMIT ?", [after, _BATCH]).fetchall()
            for article_id, signature in rows:
                yield article_id, bytes(signature)
            if len(rows) < _BATCH:
                return
            after = rows[-1][0]

    def articles(self, *, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
        """Stored articles in the order they were ingested."""
        rows = self._connection.execute(
            "SELECT a.id, a.title, a.published, a.source, a.origin, "
            "(SELECT count(*) FROM entities e WHERE e.article_id = a.id), "
            "a.duplicate_of, a.ingested_at "
            "FROM articles a ORDER BY a.ingested_at, a.id LIMIT ? OFFSET ?",
            [limit, offset]).fetchall()
        return [ArticleRow(article_id, title, published, source, origin, n_entities,
                           duplicate_of, _utc(ingested_at))
                for (article_id, title, published, source, origin, n_entities, duplicate_of,
                     ingested_at) in rows]

    def analysis(self, article_id: str) -> Analysis:
        """The stored Analysis of an article, by id or by a unique id prefix of 6+ characters."""
        resolved = self._resolve(article_id)
        row = self._first("SELECT analysis FROM articles WHERE id = ?", [resolved])
        if row is None or row[0] is None:
            raise UsageError(Messages.ARTICLE_NOT_FOUND, article_id=article_id, path=self.path)
        return Analysis.from_dict(json.loads(row[0]))

    def _resolve(self, article_id: str) -> str:
        if self.has_article(article_id):
            return article_id
        if len(article_id) < _PREFIX_MINIMUM:
            raise UsageError(Messages.ARTICLE_ID_TOO_SHORT, article_id=article_id,
                             minimum=_PREFIX_MINIMUM)
        matches = [row[0] for row in self._connection.execute(
            "SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT 4",
            [article_id]).fetchall()]
        if len(matches) == 1:
            return str(matches[0])
        if matches:
            raise UsageError(Messages.ARTICLE_AMBIGUOUS, article_id=article_id,
                             path=self.path, examples=", ".join(matches[:3]))
        raise UsageError(Messages.ARTICLE_NOT_FOUND, article_id=article_id, path=self.path)

    def quotes(self, speaker: str | None = None, *, limit: int = 50) -> list[QuoteRow]:
        """Stored attributions in date order; ``speaker`` matches part of the speaker's resolved
        name or, for a speaker with no entity, of the words the text names them with."""
        rows = self._connection.execute(
            "SELECT q.article_id, q.idx, a.published, a.title, "
            "coalesce(json_extract_string(q.data, '$.speaker.name'), "
            "json_extract_string(q.data, '$.speaker.text.text')) AS speaker, "
            "json_extract_string(q.data, '$.speaker.entity'), "
            "json_extract_string(q.data, '$.kind'), json_extract_string(q.data, '$.cue.text'), "
            "json_extract_string(q.data, '$.content[*].text'), "
            "json_extract_string(q.data, '$.stance'), "
            "CAST(json_extract(q.data, '$.confidence') AS DOUBLE) "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE $1::VARCHAR IS NULL OR contains(lower(speaker), lower($1::VARCHAR)) "
            "ORDER BY a.published NULLS LAST, a.id, q.idx LIMIT $2",
            [speaker, limit]).fetchall()
        return [QuoteRow(article_id, idx, published, title, name, entity, kind or "", cue,
                         tuple(content or ()), stance, confidence if confidence is not None else 0.0)
                for (article_id, idx, published, title, name, entity, kind, cue, content, stance,
                     confidence) in rows]

    def narrative_counts(self, narrative: str | None = None) -> list[NarrativeCount]:
        """Articles per source, month and narrative, from the framing stage's output; a
        ``narrative`` keeps the labels that contain it (any case)."""
        rows = self._connection.execute(
            "SELECT a.source, CASE WHEN a.published IS NULL THEN NULL "
            "ELSE substr(a.published, 1, 7) END AS month, "
            "json_extract_string(n.data, '$.label') AS label, count(DISTINCT n.article_id) AS n "
            "FROM narratives n JOIN articles a ON a.id = n.article_id "
            "WHERE $1::VARCHAR IS NULL OR contains(lower(label), lower($1::VARCHAR)) "
            "GROUP BY a.source, month, label "
            "ORDER BY month NULLS LAST, a.source NULLS LAST, n DESC, label", [narrative]).fetchall()
        return [NarrativeCount(source, month, label, count) for source, month, label, count in rows]

    def errors(self, limit: int = 50) -> list[ErrorRow]:
        """The most recent inputs that were not stored, newest first."""
        rows = self._connection.execute(
            'SELECT origin, reason, kind, article_id, "at" FROM errors '
            'ORDER BY "at" DESC, rowid DESC LIMIT ?', [limit]).fetchall()
        return [ErrorRow(origin, reason, kind, article_id, _utc(at))
                for origin, reason, kind, article_id, at in rows]

    def stats(self, *, top: int = 10) -> StoreStats:
        """Counts of what the store holds, with the ``top`` most frequent actors and places."""
        counts = self._first(
            "SELECT (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL), "
            "(SELECT count(*) FROM entities), (SELECT count(*) FROM mentions)")
        assert counts is not None
        types = self._connection.execute(
            "SELECT type, count(*) FROM entities GROUP BY type ORDER BY type").fetchall()
        actors = self._connection.execute(
            "SELECT code, count(DISTINCT article_id) AS n FROM entities WHERE code IS NOT NULL "
            "GROUP BY code ORDER BY n DESC, code LIMIT ?", [top]).fetchall()
        places = self._connection.execute(
            "SELECT coalesce(geo_name, name) AS place, count(DISTINCT article_id) AS n "
            "FROM entities WHERE type IN ('place', 'country') OR geo_name IS NOT NULL "
            "GROUP BY place ORDER BY n DESC, place LIMIT ?", [top]).fetchall()
        errors = self._connection.execute(
            "SELECT kind, count(*) FROM errors GROUP BY kind ORDER BY kind").fetchall()
        size = sum(path.stat().st_size for path in (self.path, Path(f"{self.path}.wal"))
                   if path.exists())
        runs = self.runs(1)
        run_count = self._first("SELECT count(*) FROM runs")
        return StoreStats(
            articles=counts[0], duplicates=counts[1], entities=counts[2], mentions=counts[3],
            entity_types=dict(types), top_actors=tuple((code, n) for code, n in actors),
            top_places=tuple((place, n) for place, n in places), errors=dict(errors),
            schema_version=self.version, file_size=size, last_run=runs[0] if runs else None,
            runs=int(run_count[0]) if run_count else 0)

    def events(self, query: EventQuery | None = None) -> list[EventRow]:
        """Stored events that match ``query``, in date order: each report, or with ``grouped``
        each event once with its number of reports and articles."""
        query = query or EventQuery()
        parameters = event_query_parameters(query) | {"limit": query.limit}
        sql = with_filters(_EVENTS_GROUPED if query.grouped else _EVENTS_REPORTED, parameters)
        rows = self._connection.execute(sql, used_parameters(sql, parameters)).fetchall()
        return [EventRow(*row) for row in rows]

    def has_events(self) -> bool:
        """Whether any coded event is stored."""
        return self._first("SELECT 1 FROM event_mentions LIMIT 1") is not None

    def table(self, name: str) -> pyarrow.Table:
        """A whole table as Arrow, for exports; ``name`` is one of ``TABLES``."""
        query = _EXPORT_QUERIES.get(name)
        if query is None:
            raise StoreError(Messages.STORE_UNKNOWN_TABLE, name=name, choices=", ".join(TABLES))
        try:
            import pyarrow  # noqa: F401  (DuckDB imports it too; fail here with a message)
        except ImportError as error:
            raise StoreError(Messages.ARROW_UNAVAILABLE, detail=_first_line(error)) from error
        # con.sql(...).to_arrow_table(): on an execute() result DuckDB 2 warns of a copy.
        result: pyarrow.Table = self._connection.sql(query).to_arrow_table()
        return result


__all__ = ["CURRENT_VERSION", "ERROR_KINDS", "RUN_COUNTS", "SCHEMA_V1", "SCHEMA_V2", "SCHEMA_V3",
           "SCHEMA_V4", "SECTIONS", "TABLES", "ArticleRow", "ErrorRow", "EventQuery", "EventRow",
           "NarrativeCount", "QuoteRow", "RunRow", "Store", "StoreStats"]

# The read-only side for the HTTP API lives in its own module; it needs the names above.
from newsgraph.store.explorer import INTERVALS, LIST_LIMIT_MAXIMUM, Explorer, Filters, Page  # noqa: E402

__all__ += ["Explorer", "Filters", "Page", "INTERVALS", "LIST_LIMIT_MAXIMUM"]
