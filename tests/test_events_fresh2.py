"""The second fresh event set (held out once, now development): its shape, codes and CLI wiring.

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
from newsgraph.events.fresh import FRESH2_FILE, NOT_COUNTRIES, UNKNOWN, read_fresh
from newsgraph.knowledge import Knowledge

ROOT = Path(__file__).parent.parent
FRESH2 = Path(__file__).parent / "data" / FRESH2_FILE
FIRST = Path(__file__).parent / "data" / "events_fresh.yaml"
EVENT_KEYS = {"type", "source", "target", "mutual"}


@pytest.fixture(scope="module")
def sentences() -> list[dict[str, Any]]:
    data = read_fresh(FRESH2)
    assert data["published"] == "2026-12-07"
    listed: list[dict[str, Any]] = data["sentences"]
    return listed


def test_the_second_set_has_enough_sentences_of_every_type_and_without_events(
        sentences: list[dict[str, Any]]) -> None:
    per_type = Counter(kind for item in sentences
                       for kind in {event["type"] for event in item["events"]})
    assert len(sentences) >= 120
    assert {kind: per_type[kind] for kind in PLOVER_TYPES if per_type[kind] < 6} == {}
    assert sum(not item["events"] for item in sentences) >= 20


def test_every_type_and_country_code_of_the_second_set_is_valid(
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


def test_the_second_set_shares_no_sentence_with_the_first(sentences: list[dict[str, Any]]) -> None:
    texts = [item["text"] for item in sentences]
    first = {item["text"] for item in read_fresh(FIRST)["sentences"]}
    assert len(set(texts)) == len(texts)
    assert set(texts) & first == set()


def test_a_plain_eval_events_measures_both_fresh_sets(monkeypatch: pytest.MonkeyPatch,
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
    assert "fresh" in calls[0]["parts"] and "fresh2" in calls[0]["parts"]
    assert calls[0]["fresh"] == Path("tests/data/events_fresh.yaml")
    assert calls[0]["fresh2"] == Path("tests/data") / FRESH2_FILE


def test_a_missing_second_set_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    code = main(["eval", "events", "--data", str(tmp_path), "--part", "fresh2",
                 "--fresh2", str(tmp_path / "gone.yaml")])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert "gone.yaml" in err and "Traceback" not in err


def test_part_fresh2_scores_that_set_alone_and_reports_it_apart(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    small = tmp_path / "small.yaml"
    small.write_text(
        'published: "2026-12-07"\n'
        "sentences:\n"
        '  - text: "Peru and Ecuador held talks on their fishing quotas in Lima on Monday."\n'
        "    events: [{type: CONSULT, source: PER, target: ECU, mutual: true}]\n"
        '  - text: "Rain is expected across most of Portugal this weekend."\n'
        "    events: []\n", encoding="utf-8")
    code = main(["-q", "eval", "events", "--data", str(tmp_path), "--part", "fresh2",
                 "--fresh2", str(small), "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    results = json.loads(out)
    assert "fresh" not in results and "gsr" not in results
    assert results["fresh2"]["sentences"] == 2 and results["fresh2"]["file"] == str(small)
    assert set(results["fresh2"]) >= {"type", "dyad_type", "no_event_share", "false_event_share"}
    report = format_results(results)
    assert "Second fresh set (development since its first held-out score) (2 sentences" in report
    assert "Fresh set (development" not in report
