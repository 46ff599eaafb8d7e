"""The records the event coder passes between its readers: actors, and events found but not yet coded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsgraph.events.lexicon import Pattern


@dataclass(frozen=True)
class Actor:
    """An event's participant: an entity mention, or an unnamed agent ("insurgents")."""

    name: str
    code: str | None
    country: str | None
    sector: str | None
    entity: str | None
    start: int
    end: int
    type: str = "agent"
    confidence: float = 0.85
    resolved_pronoun: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "code": self.code,
                "country": self.country, "sector": self.sector, "type": self.type}

    @property
    def identity(self) -> str:
        return self.entity or self.code or self.name.lower()


@dataclass
class Found:
    """An event before it becomes a dictionary."""

    pattern: Pattern
    trigger: list[int]
    sources: list[Actor]
    targets: list[Actor]
    anchor: int
    nominal: bool = False
    between: bool = False
    extra_evidence: list[int] = field(default_factory=list)
    each_other: bool = False
    inferred_target: bool = False
    """The target is the nearest actor of the clause, not one the parse attaches (learned events)."""
    detector_confidence: float | None = None
    """The learned detector's probability for the event's type (learned events only)."""


def country_of(code: str | None) -> str | None:
    """The country part of an actor code, if it has one ("RUS" of "RUSGOV"; none of "IGO")."""
    if not code or len(code) < 3:
        return None
    prefix = code[:3]
    if prefix in ("IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT", "---"):
        return None
    from newsgraph.knowledge import SECTORS

    return None if prefix in SECTORS else prefix


def others(targets: list[Actor], sources: list[Actor]) -> list[Actor]:
    """The targets that are not the sources: neither one of them, nor a pronoun that points back
    at a source's own country ("thanked partners for their support", "asked them to help")."""
    own = {source.country for source in sources if source.country}
    return [t for t in targets
            if t not in sources and not (t.resolved_pronoun and t.country and t.country in own)]


def unique_actors(actors: list[Actor]) -> list[Actor]:
    """The actors in order, each identity once."""
    seen: set[str] = set()
    kept = []
    for actor in actors:
        if actor.identity not in seen:
            seen.add(actor.identity)
            kept.append(actor)
    return kept
