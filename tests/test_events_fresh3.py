"""The third fresh event set, the held-out measure: its shape, its codes, its place in ``eval events``.

No score is asserted here: the set measures the coder, it does not gate it, so that nobody is
tempted to fit the coder to it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsgraph.cli import main
from newsgraph.errors import ExitCode
from newsgraph.events.detector import PLOVER_TYPES
from newsgraph.events.evaluate import format_results
from newsgraph.events.fresh import (FRESH2_FILE, FRESH3_FILE, FRESH_FILE, NOT_COUNTRIES, UNKNOWN,
                                    read_fresh)
from newsgraph.knowledge import Knowledge

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
FRESH3 = DATA / FRESH3_FILE
EVENT_KEYS = {"type", "source", "target", "mutual"}


@pytest.fixture(scope="module")
def sentences() -> list[dict[str, Any]]:
    data = read_fresh(FRESH3)
    assert data["published"] == "2026-12-07"
    listed: list[dict[str, Any]] = data["sentences"]
    return listed


def test_the_third_set_has_enough_sentences_of_every_type_and_without_events(
        sentences: list[dict[str, Any]]) -> None:
    per_type = Counter(kind for item in sentences
                       for kind in {event["type"] for event in item["events"]})
    assert len(sentences) >= 130
    assert {kind: per_type[kind] for kind in PLOVER_TYPES if per_type[kind] < 6} == {}
    assert sum(not item["events"] for item in sentences) >= 22


def test_every_type_and_country_code_of_the_third_set_is_valid(
        sentences: list[dict[str, Any]]) -> None:
    knowledge = Knowledge.load()
    unknown: list[str] = []
    for item in sentences:
        assert set(item) == {"text", "events"} and item["text"].strip()
        for event in item["events"]:
            assert set(event) <= EVENT_KEYS and "type" in event, item
            if event["type"] not in PLOVER_TYPES:
                unknown.append(f"{event['type']} in {item['text']!r}")
            assert isinstance(event.get("mutual", False), bool), item
            for side in ("source", "target"):
                code = event.get(side, UNKNOWN)
                if code != UNKNOWN and code not in NOT_COUNTRIES \
                        and knowledge.country_by_iso3(code) is None:
                    unknown.append(f"{side} {code} in {item['text']!r}")
    assert unknown == []


def test_the_third_set_shares_no_sentence_with_the_first_two(
        sentences: list[dict[str, Any]]) -> None:
    texts = [item["text"] for item in sentences]
    earlier = {item["text"] for name in (FRESH_FILE, FRESH2_FILE)
               for item in read_fresh(DATA / name)["sentences"]}
    assert len(set(texts)) == len(texts)
    assert set(texts) & earlier == set()


def test_a_plain_eval_events_measures_the_third_set_too(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    import newsgraph.events.evaluate as evaluate

    calls: list[dict[str, Any]] = []

    def recorded(data: Path, settings: Any, **options: Any) -> dict[str, Any]:
        calls.append(options)
        return {"data": str(data)}

    monkeypatch.setattr(evaluate, "evaluate_events", recorded)
    monkeypatch.chdir(ROOT)
    assert main(["eval", "events", "--data", str(tmp_path), "--json"]) == ExitCode.OK
    capsys.readouterr()
    assert {"fresh", "fresh2", "fresh3"} <= set(calls[0]["parts"])
    assert calls[0]["fresh3"] == Path("tests/data") / FRESH3_FILE


def test_a_missing_third_set_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    code = main(["eval", "events", "--data", str(tmp_path), "--part", "fresh3",
                 "--fresh3", str(tmp_path / "absent.yaml")])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert "absent.yaml" in err and "Traceback" not in err


def test_part_fresh3_scores_that_set_alone_and_reports_it_apart(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    small = tmp_path / "tiny.yaml"
    small.write_text(
        'published: "2026-12-07"\n'
        "sentences:\n"
        '  - text: "Uruguay and Paraguay held talks on river dredging in Montevideo on Friday."\n'
        "    events: [{type: CONSULT, source: URY, target: PRY, mutual: true}]\n"
        '  - text: "Fog delayed flights at the airport in Lisbon on Tuesday morning."\n'
        "    events: []\n", encoding="utf-8")
    code = main(["-q", "eval", "events", "--data", str(tmp_path), "--part", "fresh3",
                 "--fresh3", str(small), "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    results = json.loads(out)
    assert "fresh" not in results and "fresh2" not in results and "gsr" not in results
    assert results["fresh3"]["sentences"] == 2 and results["fresh3"]["file"] == str(small)
    assert set(results["fresh3"]) >= {"type", "dyad_type", "no_event_share", "false_event_share"}
    report = format_results(results)
    assert "Third fresh set (frozen, never tuned on) (2 sentences" in report
    assert "Second fresh set" not in report and "development" not in report
