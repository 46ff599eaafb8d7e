"""The technique head's inputs and the context head when it is off; expectations written
before the code was run (issue 12)."""

from __future__ import annotations

import numpy as np

from newsgraph.framing.corpus import Corpus
from newsgraph.framing.features import STYLE_SIZE, Vocabulary, paragraph_tfidf
from newsgraph.framing.training import (TECHNIQUE_CONTEXT, fit_head, fit_technique_context,
                                        technique_column_weights)
from newsgraph.framing.techniques import stack_techniques


def _corpus(width: int, vocabulary: Vocabulary) -> Corpus:
    empty = np.zeros((0, 0), np.float32)
    return Corpus(vocabulary, [], empty, [], empty, [], empty, [],
                  np.zeros((4, width), np.float32), [0, 0, 0, 0], [("a", 1), ("a", 2), ("a", 3), ("a", 4)])


def test_the_technique_head_reads_no_tfidf_word() -> None:
    vocabulary = Vocabulary({"crisis": 0, "treason": 1}, np.ones(2, dtype=np.float32))
    block = paragraph_tfidf(vocabulary)
    width = block.stop + 5  # five cue counts after the TF-IDF block
    weights = technique_column_weights(_corpus(width, vocabulary))
    assert weights.shape == (width,)
    assert np.all(weights[block] == 0.0)
    assert np.all(weights[:block.start] == 1.0) and np.all(weights[block.stop:] == 1.0)
    assert block.start == 2 * 384 + STYLE_SIZE


def test_a_column_of_weight_zero_gets_no_weight_in_the_head() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((60, 4)).astype(np.float32)
    y = np.stack([(x[:, 0] + x[:, 3] > 0).astype(np.int64)], axis=1)
    head = fit_head(x, y, ["label"], c=1.0, dense_weight=np.array([1, 1, 1, 0], np.float32))
    assert head.weights[3, 0] == 0.0
    assert head.weights[0, 0] > 0.0
    assert np.all(np.isfinite(head.scores(x)))


def test_with_the_context_head_off_each_paragraph_keeps_its_own_score() -> None:
    assert TECHNIQUE_CONTEXT is False
    vocabulary = Vocabulary({}, np.zeros(0, np.float32))
    scores = np.array([[0.9, 0.02] + [0.1] * 21, [0.3, 0.6] + [0.05] * 21,
                       [0.01, 0.5] + [0.2] * 21, [0.5, 0.5] + [0.5] * 21], dtype=np.float32)
    head = fit_technique_context(_corpus(10, vocabulary), scores, [0, 1, 2, 3])
    assert np.allclose(stack_techniques(scores, head), scores, atol=1e-5)
