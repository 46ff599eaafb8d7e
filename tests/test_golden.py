"""Golden files: what must and must not come out of each bundled example."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from newsgraph.api import read_one
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Entity

ROOT = Path(__file__).parent.parent
GOLDEN = sorted((ROOT / "tests" / "data" / "golden").glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _analyse(pipeline: Pipeline, golden: dict[str, Any]) -> Analysis:
    article = read_one(str(ROOT / golden["article"]), pipeline.settings)
    return pipeline.analyse([article])[0]


def _matches(entity: Entity, expected: dict[str, Any]) -> bool:
    names = {entity.name, *entity.aliases}
    return expected["name"] in names and expected.get("type", entity.type) == entity.type


def _entity_is(entity: Entity, unwanted: dict[str, Any]) -> bool:
    """Whether an entity has every field the must-not-appear line gives; ``geo: null`` is a
    place without coordinates."""
    if "geo" in unwanted and (entity.geo is not None and entity.geo.lat is not None):
        return False
    return (entity.name == unwanted["name"] and entity.type == unwanted.get("type", entity.type)
            and all(getattr(entity, key) == unwanted[key]
                    for key in ("sector", "code", "country") if key in unwanted))


def _event_is(event: dict[str, Any], unwanted: dict[str, Any]) -> bool:
    """Whether an event has every field the must-not-appear line gives: source and target codes
    (null for none), a CAMEO code prefix, the root, the location's name and the trigger."""
    def code(side: str) -> str | None:
        return event[side]["code"] if event.get(side) else None

    checks = {"source": lambda: code("source"), "target": lambda: code("target"),
              "root": lambda: event["root"], "trigger": lambda: event["trigger"],
              "location": lambda: (event.get("location") or {}).get("name"),
              "date": lambda: event.get("date")}
    if "cameo" in unwanted and not event["cameo"].startswith(str(unwanted["cameo"])):
        return False
    return all(checks[key]() == unwanted[key] for key in checks if key in unwanted)


def _problems(analysis: Analysis, golden: dict[str, Any]) -> list[str]:
    problems = []
    for expected in golden.get("entities", []):
        found = [entity for entity in analysis.entities if _matches(entity, expected)]
        if not found:
            problems.append(f"missing {expected}")
            continue
        entity = found[0]
        if "country" in expected and entity.country != expected["country"]:
            problems.append(f"{expected['name']}: country {entity.country!r}, "
                            f"expected {expected['country']!r}")
        # The office as the text states it may carry more words ("UN ambassador"), not fewer.
        if "office" in expected and not set(expected["office"].split()) <= set(
                (entity.office or "").split()):
            problems.append(f"{expected['name']}: office {entity.office!r}, "
                            f"expected {expected['office']!r}")
    codes = {entity.code for entity in analysis.entities}
    codes |= {mention.code for entity in analysis.entities for mention in entity.mentions}
    problems += [f"no actor {code}" for code in golden.get("actors", []) if code not in codes]
    for unwanted in golden.get("not_entities", []):
        if any(_entity_is(entity, unwanted) for entity in analysis.entities):
            problems.append(f"unwanted {unwanted}")
    for unwanted in golden.get("not_events", []):
        problems += [f"unwanted event {event['trigger']!r}: {unwanted}" for event in analysis.events
                     if _event_is(event, unwanted)]
    headings = {span.text for span in analysis.article.headings}
    problems += [f"heading not found: {h}" for h in golden.get("headings", []) if h not in headings]
    text = analysis.article.text
    sentences = [text[s.start:s.end] for s in analysis.sentences if s.kind == "sentence"]
    for fragment in golden.get("not_in_sentences", []):
        if any(fragment in sentence for sentence in sentences):
            problems.append(f"in a sentence: {fragment}")
    return problems


@pytest.mark.parametrize("path", GOLDEN, ids=[path.stem for path in GOLDEN])
def test_example_matches_its_golden_file(pipeline: Pipeline, path: Path) -> None:
    golden = _load(path)
    problems = _problems(_analyse(pipeline, golden), golden)
    assert not problems, "\n".join(problems)


PENDING = [path for path in GOLDEN if _load(path).get("pending")]


@pytest.mark.parametrize("path", PENDING, ids=[path.stem for path in PENDING])
def test_known_gaps_are_still_gaps(pipeline: Pipeline, path: Path) -> None:
    """A pending expectation that starts to hold must move to the must-appear lists."""
    golden = _load(path)
    analysis = _analyse(pipeline, golden)
    for item in golden["pending"]:
        item = dict(item)
        if item.pop("absent", False):
            holds = not _problems(analysis, {"not_entities": [item]})
        else:
            holds = not _problems(analysis, {"entities": [item]})
        assert not holds, f"now found: {item}; move it out of 'pending' in {path.name}"
