"""The second, third and fourth fresh event sets: their shape, their codes, their place in
``eval events``.

The second was held out for one round of changes and is a development set now; the fourth is the
held-out measure. No score is asserted here: the sets measure the coder, they do not gate it, so
that nobody is tempted to fit the coder to them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from newsgraph.cli import main
from newsgraph.errors import ExitCode
from newsgraph.events.detector import PLOVER_TYPES
from newsgraph.events.evaluate import format_results
from newsgraph.events.fresh import (FRESH2_FILE, FRESH3_FILE, FRESH4_FILE, FRESH_FILE,
                                    NOT_COUNTRIES, UNKNOWN, read_fresh)
from newsgraph.knowledge import Knowledge

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
EVENT_KEYS = {"type", "source", "target", "mutual"}


class FreshSet(NamedTuple):
    part: str
    file: str
    earlier: tuple[str, ...]
    least_sentences: int
    least_event_free: int
    label: str


SETS = [FreshSet("fresh2", FRESH2_FILE, (FRESH_FILE,), 120, 20,
                 "Second fresh set (development since its first held-out score)"),
        FreshSet("fresh3", FRESH3_FILE, (FRESH_FILE, FRESH2_FILE), 130, 22,
                 "Third fresh set (development since its first held-out score)"),
        FreshSet("fresh4", FRESH4_FILE, (FRESH_FILE, FRESH2_FILE, FRESH3_FILE), 200, 30,
                 "Fourth fresh set (frozen, held out)")]
ONE_SET = pytest.mark.parametrize("fresh", SETS, ids=[item.part for item in SETS])


def sentences_of(fresh: FreshSet) -> list[dict[str, Any]]:
    data = read_fresh(DATA / fresh.file)
    assert data["published"] == "2026-12-07"
    listed: list[dict[str, Any]] = data["sentences"]
    return listed


@ONE_SET
def test_each_set_has_enough_sentences_of_every_type_and_without_events(fresh: FreshSet) -> None:
    sentences = sentences_of(fresh)
    per_type = Counter(kind for item in sentences
                       for kind in {event["type"] for event in item["events"]})
    assert len(sentences) >= fresh.least_sentences
    assert {kind: per_type[kind] for kind in PLOVER_TYPES if per_type[kind] < 6} == {}
    assert sum(not item["events"] for item in sentences) >= fresh.least_event_free


@ONE_SET
def test_every_type_and_country_code_of_each_set_is_valid(fresh: FreshSet) -> None:
    knowledge = Knowledge.load()
    unknown: list[str] = []
    for item in sentences_of(fresh):
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


@ONE_SET
def test_each_set_shares_no_sentence_with_the_sets_before_it(fresh: FreshSet) -> None:
    texts = [item["text"] for item in sentences_of(fresh)]
    earlier = {item["text"] for name in fresh.earlier
               for item in read_fresh(DATA / name)["sentences"]}
    assert len(set(texts)) == len(texts)
    assert set(texts) & earlier == set()


def test_a_plain_eval_events_measures_every_fresh_set(monkeypatch: pytest.MonkeyPatch,
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
    assert {"fresh", "fresh2", "fresh3", "fresh4"} <= set(calls[0]["parts"])
    assert calls[0]["fresh"] == Path("tests/data") / FRESH_FILE
    assert calls[0]["fresh2"] == Path("tests/data") / FRESH2_FILE
    assert calls[0]["fresh3"] == Path("tests/data") / FRESH3_FILE
    assert calls[0]["fresh4"] == Path("tests/data") / FRESH4_FILE


@ONE_SET
def test_a_missing_set_is_a_one_line_usage_error(fresh: FreshSet, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    code = main(["eval", "events", "--data", str(tmp_path), "--part", fresh.part,
                 f"--{fresh.part}", str(tmp_path / "absent.yaml")])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert "absent.yaml" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@ONE_SET
def test_one_part_scores_that_set_alone_and_reports_it_apart(fresh: FreshSet,
                                                             capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    small = tmp_path / "tiny.yaml"
    small.write_text(
        'published: "2026-12-07"\n'
        "sentences:\n"
        '  - text: "Uruguay and Paraguay held talks on river dredging in Montevideo on Friday."\n'
        "    events: [{type: CONSULT, source: URY, target: PRY, mutual: true}]\n"
        '  - text: "Fog delayed flights at the airport in Lisbon on Tuesday morning."\n'
        "    events: []\n", encoding="utf-8")
    code = main(["-q", "eval", "events", "--data", str(tmp_path), "--part", fresh.part,
                 f"--{fresh.part}", str(small), "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    results = json.loads(out)
    assert set(results) & {"fresh", "fresh2", "fresh3", "fresh4", "gsr"} == {fresh.part}
    assert results[fresh.part]["sentences"] == 2 and results[fresh.part]["file"] == str(small)
    assert set(results[fresh.part]) >= {"type", "dyad_type", "no_event_share", "false_event_share"}
    report = format_results(results)
    assert f"{fresh.label} (2 sentences" in report
    assert report.count("fresh set") + report.count("Fresh set") == 1
