"""What the article says an entity does, as numbers for the role heads: the events it starts or
suffers (by quad class and Goldstein score), the quotes by and about it with their stance, and
the sentiment of the sentences that name it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsgraph.framing.features import Matrix
from newsgraph.framing.tone import STANCE_VALUES, ToneReader
from newsgraph.schema import Analysis, Entity

ENTITY_TYPES = ("person", "organisation", "country", "group", "place")
QUAD_CLASSES = (1, 2, 3, 4)
NEGATIVE_STANCES = frozenset(stance for stance, value in STANCE_VALUES.items() if value < 0)
EVIDENCE_NAMES = (
    *(f"type:{kind}" for kind in (*ENTITY_TYPES, "unknown")),
    *(f"{side}:quad{quad}" for side in ("source", "target") for quad in QUAD_CLASSES),
    "source:goldstein", "target:goldstein", "source:force", "target:force",
    "quotes_by", "quotes_by:negative_stance", "quotes_by:sentiment",
    "quotes_about", "quotes_about:sentiment",
    "sentences:mean_sentiment", "sentences:min_sentiment", "sentences:negative_share",
    "sentence:sentiment", "mentions", "position",
)
EVIDENCE_SIZE = len(EVIDENCE_NAMES)
FORCE_ROOTS = frozenset({"18", "19", "20"})  # assault, fight, mass violence
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


def matching_entity(analysis: Analysis, start: int, end: int, text: str) -> Entity | None:
    """The analysed entity a mention belongs to: one of its mentions overlaps the span, or,
    failing that, its name or an alias is the mention's text or holds it as a word."""
    for entity in analysis.entities:
        if any(m.start < end and start < m.end for m in entity.mentions):
            return entity
    needle = text.strip().lower()
    if not needle:
        return None
    for entity in analysis.entities:
        names = [entity.name.lower(), *(alias.lower() for alias in entity.aliases)]
        if needle in names or any(needle in name.split() or name in needle.split()
                                  for name in names if len(name) > 3):
            return entity
    return None


def _party(event: dict[str, Any], side: str, entity: Entity | None, text: str) -> bool:
    party = event.get(side)
    if not isinstance(party, dict):
        return False
    if entity is not None and party.get("entity") == entity.id:
        return True
    name = str(party.get("name") or "").lower()
    needle = text.strip().lower()
    return bool(needle) and (needle == name or (len(needle) > 3 and needle in name.split()))


def _inside(spans: Sequence[Any], offsets: Sequence[tuple[int, int]]) -> bool:
    for span in spans:
        if isinstance(span, dict) and isinstance(span.get("start"), int):
            for start, end in offsets:
                if span["start"] <= start and end <= int(span.get("end", 0)):
                    return True
    return False


@dataclass
class Deeds:
    """What an article says one entity does and suffers, and how the sentences naming it read."""

    entity: Entity | None
    source_quads: Counter[int] = field(default_factory=Counter)
    target_quads: Counter[int] = field(default_factory=Counter)
    source_goldstein: list[float] = field(default_factory=list)
    target_goldstein: list[float] = field(default_factory=list)
    source_force: int = 0
    target_force: int = 0
    quotes_by: list[float] = field(default_factory=list)
    quotes_by_negative: int = 0
    quotes_about: list[float] = field(default_factory=list)
    sentiment: list[float] = field(default_factory=list)
    own_sentiment: float = 0.0
    position: float = 0.0
    mentions: int = 1


def read_deeds(analysis: Analysis, start: int, end: int, text: str, reader: ToneReader) -> Deeds:
    """The events, quotes and sentence sentiment of the entity that a mention names."""
    entity = matching_entity(analysis, start, end, text)
    deeds = Deeds(entity)
    for side in ("source", "target"):
        for event in analysis.events:
            if event.get("negated") or not _party(event, side, entity, text):
                continue
            quad = event.get("quad_class")
            force = str(event.get("root") or "") in FORCE_ROOTS
            goldstein = event.get("goldstein")
            if side == "source":
                deeds.source_quads[int(quad) if quad in QUAD_CLASSES else 0] += 1
                deeds.source_force += force
                if isinstance(goldstein, (int, float)):
                    deeds.source_goldstein.append(float(goldstein))
            else:
                deeds.target_quads[int(quad) if quad in QUAD_CLASSES else 0] += 1
                deeds.target_force += force
                if isinstance(goldstein, (int, float)):
                    deeds.target_goldstein.append(float(goldstein))
    offsets = [(m.start, m.end) for m in entity.mentions] if entity is not None else [(start, end)]
    deeds.mentions = len(offsets)
    name = text.strip().lower()
    for quote in analysis.quotes:
        content = " ".join(str(piece.get("text", "")) for piece in quote.get("content", [])
                           if isinstance(piece, dict))
        speaker = quote.get("speaker")
        speaks = isinstance(speaker, dict) and (
            (entity is not None and speaker.get("entity") == entity.id)
            or (bool(name) and str(speaker.get("name") or "").lower() == name))
        if speaks:
            deeds.quotes_by.append(reader.compound(content))
            deeds.quotes_by_negative += quote.get("stance") in NEGATIVE_STANCES
        elif _inside(quote.get("content", []), offsets) or (name and name in content.lower()):
            deeds.quotes_about.append(reader.compound(content))
    article = analysis.article.text
    sentences = [s for s in analysis.sentences if s.end > s.start]
    deeds.sentiment = [reader.compound(article[s.start:s.end]) for s in sentences
                       if any(s.start <= a < s.end for a, _ in offsets)]
    own = next((s for s in sentences if s.start <= start < s.end), None)
    if own is not None:
        deeds.own_sentiment = reader.compound(article[own.start:own.end])
        deeds.position = own.index / max(1, len(analysis.sentences))
    return deeds


def _mean(values: Sequence[float]) -> float:
    return float(np.mean(values)) if values else 0.0


def role_evidence(deeds: Deeds) -> Matrix:
    """The ``EVIDENCE_NAMES`` numbers of one mention, for the role heads."""
    entity = deeds.entity
    values = dict.fromkeys(EVIDENCE_NAMES, 0.0)
    values[f"type:{entity.type if entity is not None else 'unknown'}"] = 1.0
    for quad in QUAD_CLASSES:
        values[f"source:quad{quad}"] = float(np.log1p(deeds.source_quads[quad]))
        values[f"target:quad{quad}"] = float(np.log1p(deeds.target_quads[quad]))
    values["source:goldstein"] = _mean(deeds.source_goldstein) / 10
    values["target:goldstein"] = _mean(deeds.target_goldstein) / 10
    values["source:force"] = float(np.log1p(deeds.source_force))
    values["target:force"] = float(np.log1p(deeds.target_force))
    values["quotes_by"] = float(np.log1p(len(deeds.quotes_by)))
    values["quotes_by:negative_stance"] = (deeds.quotes_by_negative / len(deeds.quotes_by)
                                           if deeds.quotes_by else 0.0)
    values["quotes_by:sentiment"] = _mean(deeds.quotes_by)
    values["quotes_about"] = float(np.log1p(len(deeds.quotes_about)))
    values["quotes_about:sentiment"] = _mean(deeds.quotes_about)
    if deeds.sentiment:
        values["sentences:mean_sentiment"] = _mean(deeds.sentiment)
        values["sentences:min_sentiment"] = float(min(deeds.sentiment))
        values["sentences:negative_share"] = (sum(v < -0.05 for v in deeds.sentiment)
                                              / len(deeds.sentiment))
    values["sentence:sentiment"] = deeds.own_sentiment
    values["position"] = deeds.position
    values["mentions"] = float(np.log1p(deeds.mentions))
    return np.array([values[name] for name in EVIDENCE_NAMES], dtype=np.float32)


def role_basis(deeds: Deeds) -> dict[str, Any]:
    """What the article says the entity does, for a reader: events it starts and suffers (by
    quad class, with their mean Goldstein score and how many use force), quotes by and about
    it, and the mean sentiment (VADER) of the sentences naming it."""
    def side(quads: Counter[int], goldstein: list[float], force: int) -> dict[str, Any]:
        return {"events": sum(quads.values()),
                "by_quad_class": {QUAD_NAMES[q]: quads[q] for q in QUAD_CLASSES if quads[q]},
                "mean_goldstein": round(_mean(goldstein), 2), "force": force}

    return {"as_source": side(deeds.source_quads, deeds.source_goldstein, deeds.source_force),
            "as_target": side(deeds.target_quads, deeds.target_goldstein, deeds.target_force),
            "quotes_by": len(deeds.quotes_by), "quotes_about": len(deeds.quotes_about),
            "sentence_sentiment": round(_mean(deeds.sentiment), 3)}
