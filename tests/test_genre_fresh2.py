"""The second fresh genre set (tests/data/genre_fresh2.yaml, frozen, held out): it loads, its
genres are the head's classes, and its mix is the one its header states, so a scorer that reads
it scores what the notes say it does."""

import re
from collections import Counter
from pathlib import Path

import yaml

from newsgraph.framing.corpus import GENRES
from newsgraph.framing.features import sentence_spans

FRESH2 = Path(__file__).parent / "data" / "genre_fresh2.yaml"


def _articles() -> list[dict[str, object]]:
    data = yaml.safe_load(FRESH2.read_text(encoding="utf-8"))
    articles = data["articles"]
    assert isinstance(articles, list)
    return articles


def test_the_set_loads_with_known_genres_and_the_stated_mix() -> None:
    articles = _articles()
    assert len(articles) == 40
    assert len({a["id"] for a in articles}) == 40
    assert all(a["genre"] in GENRES for a in articles)
    assert all(isinstance(a["title"], str) and a["title"].strip() for a in articles)
    mix = Counter((a["genre"], a["length"]) for a in articles)
    assert mix == {("reporting", "short"): 6, ("reporting", "medium"): 10,
                   ("reporting", "long"): 8, ("opinion", "short"): 4, ("opinion", "medium"): 5,
                   ("opinion", "long"): 3, ("satire", "short"): 2, ("satire", "medium"): 2}
    assert Counter(a["quotes"] for a in articles if a["genre"] == "reporting") == {True: 14, False: 10}


def test_the_length_tags_of_the_reports_match_their_sentence_counts() -> None:
    bounds = {"short": (3, 6), "medium": (8, 15), "long": (20, 1000)}
    for article in _articles():
        if article["genre"] != "reporting":
            continue
        text = str(article["text"])
        ends = len(re.findall(r"[.!?][\"”]?(?:\s|$)", text))
        low, high = bounds[str(article["length"])]
        assert low <= ends <= high, article["id"]
        assert sentence_spans(text), article["id"]
