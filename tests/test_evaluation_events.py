"""The events evaluation: one scoring for newsgraph and the peer coders, and the eval verb."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.errors import ExitCode
from newsgraph.events import Actor
from newsgraph.events.evaluate import (country, gold_triples, ngec_country, predicted_triples, prf,
                                       resolve_actor)
from newsgraph.settings import load_settings

DATA = Path(os.environ.get("NEWSGRAPH_DATA", Path(__file__).parents[2] / "shared" / "data"))


def test_actor_codes_reduce_to_countries() -> None:
    assert [country(code) for code in ("RUSGOV", "IGOUNO", "---REB", None, "US")] == [
        "RUS", "IGO", "---", "---", "---"]


def test_gold_and_peer_rows_give_the_same_triples() -> None:
    gold = gold_triples([{"source": "USAGOV", "target": "RUS", "code": "0461"}])
    peer = gold_triples([["USA", "RUSMIL", "046"]])
    assert gold == peer == Counter({("USA", "RUS", "04"): 1})
    assert gold_triples([["USA", "RUSMIL", "046"]], exact=True) == Counter({("USA", "RUS", "046"): 1})


def test_a_shared_action_counts_in_both_directions() -> None:
    ours = predicted_triples([{"source": {"country": "USA"}, "target": {"code": "IGOUNO"},
                               "root": "04", "cameo": "040", "mutual": True}])
    assert ours == Counter({("USA", "IGO", "04"): 1, ("IGO", "USA", "04"): 1})


def test_precision_recall_and_f1_are_micro_averaged() -> None:
    gold = [Counter({("A", "B", "04"): 1}), Counter({("C", "D", "19"): 2})]
    found = [Counter({("A", "B", "04"): 1, ("A", "B", "05"): 1}), Counter({("C", "D", "19"): 1})]
    scores = prf(gold, found)
    assert (scores["correct"], scores["gold"], scores["predicted"]) == (2, 3, 3)
    assert scores["precision"] == scores["recall"] == scores["f1"] == pytest.approx(0.667)


def test_the_verb_names_a_missing_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "events", "--data", str(tmp_path / "nowhere")])
    assert code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "'--data'" in err and "does not exist" in err


@pytest.mark.skipif(not (DATA / "event_gold").is_dir(), reason="the shared event gold data is not here")
def test_the_three_measurements_run_on_the_shared_data() -> None:
    from newsgraph.events.evaluate import evaluate_events, format_results

    results = evaluate_events(DATA, load_settings(), limit=12)
    report = format_results(results)
    assert "petrarch3 (peer subset)" in report and "NGEC" in report and "UD-PETRARCH" in report
    assert results["gsr"]["records"] == 12 and results["ngec"]["cases"] == 12
    assert 0.0 <= results["gsr"]["systems"]["root"]["newsgraph (all records)"]["f1"] <= 1.0


def _body(code: str) -> Actor:
    return Actor(name="a body", code=code, country=None, sector="IGO", entity=None, start=0, end=6)


def test_ngec_gives_un_and_eu_bodies_countries_of_their_own() -> None:
    assert [ngec_country([_body(code)]) for code in ("IGOUNOHLHWHO", "IGOEUREEC", "IGOUNODEVWBK",
                                                     "IGOBUSIMF")] == ["UNO", "EUR", "IGO", "IGO"]
    assert resolve_actor([_body("IGOUNOHLHWHO")]) == ("IGO", "UNO")
