"""The typed rows the store answers with, and the query that asks it for events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the article listing."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    origin: str | None
    n_entities: int
    duplicate_of: str | None
    ingested_at: datetime


@dataclass(frozen=True, slots=True)
class ErrorRow:
    """An input that was not stored, and why."""

    origin: str | None
    reason: str | None
    kind: str
    article_id: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One stored attribution with the article it comes from."""

    article_id: str
    idx: int
    published: str | None
    title: str | None
    speaker: str | None
    entity: str | None
    kind: str
    cue: str | None
    content: tuple[str, ...]
    stance: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event (with ``grouped``, the first report of it and how many reports it has)."""

    event_key: str
    article_id: str
    source_name: str | None
    source_code: str | None
    target_name: str | None
    target_code: str | None
    mutual: bool
    cameo: str | None
    root: str | None
    quad_class: int | None
    goldstein: float | None
    plover_event: str | None
    location_name: str | None
    location_country: str | None
    event_date: str | None
    negated: bool
    modality: str | None
    factual: bool
    confidence: float | None
    num_mentions: int = 1
    num_articles: int = 1


@dataclass(frozen=True, slots=True)
class EventQuery:
    """What ``Store.events`` looks for; every part is optional, and by default only factual events."""

    actor: str | None = None
    code: str | None = None
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    factual_only: bool = True
    grouped: bool = False
    limit: int = 100


@dataclass(frozen=True, slots=True)
class NarrativeCount:
    """How many stored articles of a source push a narrative in a month (YYYY-MM)."""

    source: str | None
    month: str | None
    narrative: str
    articles: int


@dataclass(frozen=True, slots=True)
class RunRow:
    """One ingest run: when, what it was given, and what became of its inputs.

    ``finished_at`` is None and ``stopped`` says why when the run did not reach its end.
    """

    id: int
    started_at: datetime
    finished_at: datetime | None
    inputs: str | None
    read: int
    new: int
    duplicate: int
    near_duplicate: int
    skipped: int
    failed: int
    stopped: str | None


@dataclass(frozen=True, slots=True)
class StoreStats:
    """A summary of the store's contents.

    ``top_actors`` and ``top_places`` count the articles that name each actor code or
    place, most frequent first.
    """

    articles: int
    duplicates: int
    entities: int
    mentions: int
    entity_types: dict[str, int]
    top_actors: tuple[tuple[str, int], ...]
    top_places: tuple[tuple[str, int], ...]
    errors: dict[str, int]
    schema_version: int
    file_size: int
    last_run: RunRow | None = None
    runs: int = 0
