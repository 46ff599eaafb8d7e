"""Folds that keep topics and sources together, topic clusters, and the genre training weights."""

from __future__ import annotations

import numpy as np

from newsgraph.framing.corpus import Corpus, folds_of, topic_clusters
from newsgraph.framing.datasets import Document
from newsgraph.framing.features import GENRE_STYLE_SIZE, Vocabulary
from newsgraph.framing.training import genre_training_set


def test_folds_never_split_a_group_and_stay_balanced() -> None:
    keys = ["a"] * 10 + ["b"] * 9 + ["c"] * 3 + ["d"] * 3 + ["e"] * 2 + ["f"] * 1
    folds = folds_of(keys, 3)
    for key in set(keys):
        assert len({f for k, f in zip(keys, folds) if k == key}) == 1
    sizes = [folds.count(f) for f in range(3)]
    assert sum(sizes) == len(keys) and max(sizes) - min(sizes) <= 3
    assert folds == folds_of(keys, 3)  # the same every run


def test_topic_clusters_put_like_articles_together() -> None:
    rng = np.random.default_rng(0)
    first, second = rng.standard_normal(16), rng.standard_normal(16)
    vectors = np.stack([first + 0.05 * rng.standard_normal(16) for _ in range(5)]
                       + [second + 0.05 * rng.standard_normal(16) for _ in range(5)]).astype(np.float32)
    clusters = topic_clusters(vectors, 2)
    assert len(set(clusters[:5])) == 1 and len(set(clusters[5:])) == 1
    assert clusters[0] != clusters[5]
    assert topic_clusters(vectors, 2) == clusters


def test_every_genre_weighs_the_same_and_reporting_sources_half_each() -> None:
    vocabulary = Vocabulary({"word": 0}, np.ones(1, dtype=np.float32))
    width = 3 * 384 + 9 + 1
    genres = ["opinion"] * 6 + ["reporting"] * 2 + ["satire"]
    corpus = Corpus(vocabulary, [], np.zeros((0, 0), np.float32), [], np.zeros((0, 0), np.float32),
                    [Document(id=str(i), text="", genre=g) for i, g in enumerate(genres)],
                    np.zeros((len(genres), width), np.float32), [], np.zeros((0, 0), np.float32),
                    [], [], genre_style_x=np.zeros((len(genres), GENRE_STYLE_SIZE), np.float32),
                    reporting_docs=[Document(id=f"p/{i}", text="", genre="reporting") for i in range(4)],
                    reporting_x=np.zeros((4, width), np.float32),
                    reporting_style_x=np.zeros((4, GENRE_STYLE_SIZE), np.float32))
    x, y, weights = genre_training_set(corpus, range(len(genres)), range(4))
    assert x.shape == (len(genres) + 4, width + GENRE_STYLE_SIZE)
    totals = [float(weights[y == klass].sum()) for klass in range(3)]
    assert np.allclose(totals, totals[0])
    reporting = np.flatnonzero(y == 1)
    assert np.isclose(weights[reporting[:2]].sum(), weights[reporting[2:]].sum())
