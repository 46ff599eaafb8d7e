"""Whether an article tells a narrative at all, and its narratives and subnarratives.

Four in ten SemEval-2025 training articles tell none of the taxonomy's narratives ("Other"),
and the narrative heads' best score alone tells them apart poorly. The **presence head** reads,
besides the best and the summed narrative scores of the domain the gate finds likelier, how
the article is written (the genre style block) and how much it persuades (the technique cue
counts over the whole article): text that argues carries narratives, plain reports seldom do.
It is stacked on out-of-fold narrative scores (see ``training.stack_presence``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from newsgraph.framing.features import GenreStyle, Matrix, genre_style_features
from newsgraph.framing.model import DOMAINS, FramingModel, domain_of
from newsgraph.framing.techniques import TechniqueCues, cue_features

PRESENCE_HEAD = "narrative_presence"


def likelier_domain(coarse_labels: list[str], coarse: Matrix, domain_scores: Matrix | None) -> str:
    """The domain (of the taxonomy's two) the gate finds likelier, whether or not it is sure;
    without a gate, the domain of the best narrative."""
    if domain_scores is not None and len(domain_scores) == len(DOMAINS):
        named = [i for i, name in enumerate(DOMAINS) if name != "none"]
        return DOMAINS[max(named, key=lambda i: float(domain_scores[i]))]
    return domain_of(coarse_labels[int(np.argmax(coarse))])


def presence_features(coarse: Matrix, coarse_labels: list[str], domain_scores: Matrix | None,
                      text: str, style: GenreStyle, cues: TechniqueCues) -> Matrix:
    """The presence head's input: the best and the summed narrative score of the likelier
    domain, the genre style block and the technique cue counts of the whole text."""
    domain = likelier_domain(coarse_labels, coarse, domain_scores)
    own = [j for j, label in enumerate(coarse_labels) if domain_of(label) == domain]
    scores = coarse[own] if own else coarse
    return np.asarray(np.concatenate([np.array([scores.max(), scores.sum()], np.float32),
                                      genre_style_features(text, style),
                                      cue_features(text, cues)]), dtype=np.float32)


def domain_scores(model: FramingModel, vectors: Matrix) -> Matrix | None:
    """The domain gate's class scores for an article (None for models without a gate)."""
    head = model.heads.get("domain")
    if head is None:
        return None
    pooled = vectors.mean(axis=0) if len(vectors) else np.zeros(head.mean.shape[0], np.float32)
    return head.scores(pooled)


def presence(model: FramingModel, coarse: Matrix, vectors: Matrix, text: str,
             style: GenreStyle, cues: TechniqueCues) -> dict[str, Any]:
    """``decode_narratives`` options from the presence head: its score and threshold (empty
    for models trained without one)."""
    head = model.heads.get(PRESENCE_HEAD)
    if head is None:
        return {}
    x = presence_features(coarse, model.heads["narratives"].labels,
                          domain_scores(model, vectors), text, style, cues)
    return {"presence": float(head.scores(x)[0]), "presence_threshold": head.threshold}


# --- training ----------------------------------------------------------------------------

# Regularisation of the presence head (C 0.01 against 0.1: nested coarse / fine F1-samples
# 0.476 / 0.414 against 0.453 / 0.393, folds grouped by topic; docs/models/framing.md).
PRESENCE_C = 0.01


def presence_inputs(corpus: Any, coarse: Matrix, domain: Matrix) -> Matrix:
    """``presence_features`` of every SemEval-2025 training article, from its (out-of-fold)
    narrative and domain-gate scores."""
    from newsgraph.framing.techniques import load_technique_cues

    style, cues = GenreStyle.load(), load_technique_cues()
    labels = _coarse_labels()
    gate = domain if len(domain) == len(coarse) else [None] * len(coarse)
    return np.stack([presence_features(c, labels, g, document.text, style, cues)
                     for c, g, document in zip(coarse, gate, corpus.narrative_docs)])


def _coarse_labels() -> list[str]:
    from newsgraph.framing.taxonomies import builtin

    return [label.name for label in builtin("narratives").labels]


def narrative_told(corpus: Any) -> np.ndarray[Any, Any]:
    """1 for the training articles that tell at least one narrative, 0 for "Other"."""
    return np.array([[int(document.narratives != ["Other"])] for document in corpus.narrative_docs])


def fit_presence_head(x: Matrix, told: np.ndarray[Any, Any]) -> Any:
    """The presence head: one logistic regression over ``presence_features``."""
    from newsgraph.framing.training import fit_head

    return fit_head(x, told, ["narrative"], c=PRESENCE_C)


def stack_presence(corpus: Any, oof: Any, folds: int) -> Any:
    """Out-of-fold presence scores: for each fold, the head fitted on the other folds'
    out-of-fold narrative scores, applied to this fold's (as the technique context head)."""
    from dataclasses import replace

    from newsgraph.framing.corpus import task_folds

    if not len(oof.coarse):
        return oof
    x = presence_inputs(corpus, oof.coarse, oof.domain)
    told = narrative_told(corpus)
    assigned = np.asarray(task_folds(corpus, folds)["narratives"])
    scores = np.zeros(len(x), dtype=np.float32)
    for k in range(folds):
        train, test = assigned != k, assigned == k
        if not test.any() or len(set(told[train, 0])) < 2:
            continue
        scores[test] = fit_presence_head(x[train], told[train]).scores(x[test])[:, 0]
    return replace(oof, presence=scores)
