"""Evaluation gate for tone: the hand-labelled articles of tests/data/tone_gold.yaml, with floors
under the figures in docs/benchmarks.md."""

from pathlib import Path

import pytest

from newsgraph.framing.tone_evaluation import evaluate_tone, load_tone_gold, spearman
from newsgraph.settings import load_settings

GOLD = Path(__file__).parent / "data" / "tone_gold.yaml"


def test_the_gold_set_has_forty_articles_or_more_with_every_label() -> None:
    gold = load_tone_gold(GOLD)
    assert len(gold) >= 40
    assert {case.label for case in gold} == {"negative", "neutral", "positive"}
    assert all((case.score < 0) == (case.label == "negative") for case in gold
               if case.label != "neutral")


def test_spearman_is_one_for_the_same_order_and_minus_one_reversed() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [5, 5, 6]) == pytest.approx(1.0)


@pytest.mark.slow
def test_tone_reads_the_hand_labelled_articles_better_than_a_lexicon_alone() -> None:
    report = evaluate_tone(GOLD, load_settings(), samples=50)
    ours = report["methods"]["newsgraph"]["scores"]
    lexicon = report["methods"]["vader_only"]["scores"]
    assert ours["sign_agreement"] >= 0.85
    assert ours["label_accuracy"] >= 0.75
    assert ours["spearman"] >= 0.75
    assert ours["spearman"] > lexicon["spearman"]
    assert ours["sign_agreement"] > lexicon["sign_agreement"]
