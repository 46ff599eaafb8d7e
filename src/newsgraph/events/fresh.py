"""Scoring events by PLOVER type on the fresh, frozen sentence sets (tests/data/events_fresh*.yaml)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import yaml

from newsgraph.errors import InputError, Messages
from newsgraph.settings import Settings

UNKNOWN: Final = "---"
FRESH_FILE: Final = "events_fresh.yaml"
"""The first fresh set; settings were chosen on it, so it is a development set now."""
FRESH2_FILE: Final = "events_fresh2.yaml"
"""The second fresh set, frozen before the coder read it; held out for one round of changes, then
released as a development set (2026-12-07, 15:20 UTC)."""
FRESH3_FILE: Final = "events_fresh3.yaml"
"""The third fresh set, frozen before the coder read it; held out for one round of changes, then a
development set."""
FRESH4_FILE: Final = "events_fresh4.yaml"
"""The fourth fresh set, frozen before the coder read it; held out: nobody tunes on it."""
NOT_COUNTRIES: Final = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT"})
"""Actor codes that stand for a kind of body, not a country, and are scored as written."""

TypeTriple = tuple[str, str, str]


def read_fresh(path: Path) -> dict[str, Any]:
    """The fresh set: ``published`` and ``sentences`` (text, expected events)."""
    if not path.is_file():
        raise InputError(Messages.DATA_NOT_FOUND, path=path)
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def expected_types(events: Iterable[dict[str, Any]]) -> set[str]:
    """The PLOVER types a reader codes in one sentence."""
    return {str(event["type"]) for event in events}


def expected_triples(events: Iterable[dict[str, Any]]) -> set[TypeTriple]:
    """(source country, target country, type) a reader codes; a shared action counts both ways."""
    triples: set[TypeTriple] = set()
    for event in events:
        source, target = event.get("source", UNKNOWN), event.get("target", UNKNOWN)
        triples.add((source, target, event["type"]))
        if event.get("mutual"):
            triples.add((target, source, event["type"]))
    return triples


def predicted_types(events: Iterable[dict[str, Any]]) -> set[str]:
    """The PLOVER types of newsgraph's events in one sentence."""
    return {str(event["plover"]["event"]) for event in events if event.get("plover")}


def predicted_type_triples(events: Iterable[dict[str, Any]]) -> set[TypeTriple]:
    """(source country, target country, PLOVER type) of newsgraph's events."""
    triples: set[TypeTriple] = set()
    for event in events:
        if not event.get("plover"):
            continue
        kind = str(event["plover"]["event"])
        source, target = side_country(event.get("source")), side_country(event.get("target"))
        triples.add((source, target, kind))
        if event.get("mutual"):
            triples.add((target, source, kind))
    return triples


def side_country(side: dict[str, Any] | None) -> str:
    """The country of one side of an event, as three letters, or ``---``."""
    if not side:
        return UNKNOWN
    if side.get("country"):
        return str(side["country"])
    code = str(side.get("code") or "")
    return code[:3] if code[:3] in NOT_COUNTRIES else UNKNOWN


def set_prf(gold: Sequence[set[Any]], predicted: Sequence[set[Any]]) -> dict[str, float]:
    """Micro precision, recall and F1 of per-sentence sets."""
    right = sum(len(g & p) for g, p in zip(gold, predicted))
    found = sum(len(p) for p in predicted)
    wanted = sum(len(g) for g in gold)
    precision = right / found if found else 0.0
    recall = right / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "gold": wanted, "predicted": found, "right": right}


def score_fresh(sentences: Sequence[dict[str, Any]],
                predicted: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """Type P/R/F1, (source, target, type) F1, and the share of eventful sentences given no event
    (and of event-free sentences given one) for newsgraph's events beside the expected ones."""
    eventful = [events for item, events in zip(sentences, predicted) if item["events"]]
    quiet = [events for item, events in zip(sentences, predicted) if not item["events"]]
    per_type: dict[str, dict[str, int]] = {}
    for item, events in zip(sentences, predicted):
        gold, ours = expected_types(item["events"]), predicted_types(events)
        for kind in gold | ours:
            counts = per_type.setdefault(kind, {"gold": 0, "predicted": 0, "right": 0})
            counts["gold"] += kind in gold
            counts["predicted"] += kind in ours
            counts["right"] += kind in gold and kind in ours
    return {
        "sentences": len(sentences),
        "type": set_prf([expected_types(i["events"]) for i in sentences],
                        [predicted_types(e) for e in predicted]),
        "dyad_type": set_prf([expected_triples(i["events"]) for i in sentences],
                             [predicted_type_triples(e) for e in predicted]),
        "no_event_share": round(sum(not predicted_types(e) for e in eventful)
                                / max(1, len(eventful)), 3),
        "false_event_share": round(sum(bool(predicted_types(e)) for e in quiet)
                                   / max(1, len(quiet)), 3),
        "per_type": dict(sorted(per_type.items())),
    }


def evaluate_fresh(path: Path, settings: Settings) -> dict[str, Any]:
    """Run the events stage (with ``settings``) over the fresh set and score it."""
    from newsgraph.events.evaluate import analyse_texts, event_pipeline

    data = read_fresh(path)
    sentences = data["sentences"]
    analyses = analyse_texts(event_pipeline(settings),
                             [(f"fresh-{n}", item["text"], data.get("published"))
                              for n, item in enumerate(sentences)])
    results = score_fresh(sentences, [analysis.events for analysis in analyses])
    results["file"] = str(path)
    results["detector"] = settings.events.detector
    return results
