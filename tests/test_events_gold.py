"""Evaluation gate: the events stage on newsgraph's own gold sentences, with floors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsgraph.events.evaluate import analyse_texts, predicted_triples, prf
from newsgraph.pipeline import Pipeline

GOLD = Path(__file__).parent / "data" / "events_gold.yaml"
# Floors sit a little under today's figures (precision 1.0, recall 0.974 on 34 sentences,
# 2026-11-25): a drop fails the suite.
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.9
MODALITY_FLOOR = 0.85


def _gold() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    return data


def _expected(events: list[dict[str, Any]]) -> Counter[tuple[str, str, str]]:
    triples: Counter[tuple[str, str, str]] = Counter()
    for event in events:
        source, target = event.get("source", "---"), event.get("target", "---")
        triples[(source, target, event["root"])] += 1
        if event.get("mutual"):
            triples[(target, source, event["root"])] += 1
    return triples


@pytest.fixture(scope="module")
def coded(pipeline: Pipeline) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    gold = _gold()
    sentences = gold["sentences"]
    analyses = analyse_texts(pipeline, [(f"gold-{number}", item["text"], gold["published"])
                                        for number, item in enumerate(sentences)])
    return [(item, analysis.events) for item, analysis in zip(sentences, analyses)]


def test_the_gold_file_covers_cooperation_conflict_and_no_event() -> None:
    roots = {event["root"] for item in _gold()["sentences"] for event in item["events"]}
    assert {"04", "05", "07", "11", "12", "16", "17", "18", "19"} <= roots
    assert any(not item["events"] for item in _gold()["sentences"])


def test_dyads_and_roots_stay_above_their_floors(
        coded: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    scores = prf([_expected(item["events"]) for item, _ in coded],
                 [predicted_triples(events) for _, events in coded])
    misses = [(item["text"], dict(predicted_triples(events))) for item, events in coded
              if _expected(item["events"]) != predicted_triples(events)]
    assert scores["precision"] >= PRECISION_FLOOR, misses
    assert scores["recall"] >= RECALL_FLOOR, misses


def test_modality_and_negation_stay_above_their_floor(
        coded: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    checked = right = 0
    for item, events in coded:
        for expected in item["events"]:
            if "modality" not in expected and "negated" not in expected:
                continue
            checked += 1
            found = [e for e in events if e["root"] == expected["root"]]
            right += bool(found) and all(
                found[0][key] == expected[key] for key in ("modality", "negated") if key in expected)
    assert checked >= 6
    assert right / checked >= MODALITY_FLOOR
