"""Fitting the framing heads (logistic regression, needs scikit-learn), out-of-fold scores for
cross-validation, the stacked technique context head, and the `train framing` command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.corpus import (GENRES, Corpus, OutOfFold, build_corpus, folds_of, multi_hot,
                                      technique_gold)
from newsgraph.framing.embeddings import Embedder
from newsgraph.framing.features import Matrix, Vocabulary, article_tfidf
from newsgraph.framing.model import FramingModel, Head
from newsgraph.framing.selection import nested_scores, tune
from newsgraph.framing.taxonomies import builtin
from newsgraph.framing.techniques import CONTEXT_SIZE, stack_techniques, technique_context

def logistic_regression() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped, unused-ignore]
    except ImportError as error:
        raise ConfigError(Messages.FRAMING_TRAINING_UNAVAILABLE, detail=error) from None
    return LogisticRegression


# --- fitting -------------------------------------------------------------------------------


def fit_head(x: Matrix, y: np.ndarray[Any, Any], labels: Sequence[str], *, c: float,
             softmax: bool = False, balanced: bool = False, plain: slice | None = None,
             dense_weight: float = 1.0) -> Head:
    """A logistic-regression head: softmax over ``labels`` or one sigmoid per label.

    Columns in ``plain`` (the TF-IDF block) are used as they are, the others standardised and
    multiplied by ``dense_weight``: standardising TF-IDF inflates rare words, which overfits."""
    logistic = logistic_regression()
    mean = x.mean(axis=0).astype(np.float32)
    scale = np.maximum(x.std(axis=0), 0.02).astype(np.float32) / np.float32(dense_weight)
    if plain is not None:
        mean[plain] = 0.0
        scale[plain] = 1.0
    z = (x - mean) / scale
    weight = "balanced" if balanced else None
    if softmax:
        model = logistic(C=c, max_iter=500, class_weight=weight)
        model.fit(z, y)
        weights = np.zeros((x.shape[1], len(labels)), dtype=np.float32)
        bias = np.full(len(labels), -30.0, dtype=np.float32)
        for row, cls in enumerate(model.classes_):
            weights[:, int(cls)] = model.coef_[row] if len(model.classes_) > 2 else (
                model.coef_[0] * (1 if row == 1 else -1) / 2)
            bias[int(cls)] = model.intercept_[row] if len(model.classes_) > 2 else (
                model.intercept_[0] * (1 if row == 1 else -1) / 2)
        return Head(list(labels), weights, bias, mean, scale, softmax=True)
    weights = np.zeros((x.shape[1], len(labels)), dtype=np.float32)
    bias = np.full(len(labels), -10.0, dtype=np.float32)
    for column in range(len(labels)):
        target = y[:, column]
        if target.sum() == 0 or target.sum() == len(target):
            bias[column] = -10.0 if target.sum() == 0 else 10.0
            continue
        model = logistic(C=c, max_iter=300, class_weight=weight)
        model.fit(z, target)
        weights[:, column] = model.coef_[0]
        bias[column] = model.intercept_[0]
    return Head(list(labels), weights, bias, mean, scale)


C_VALUES = {"narratives": 5.0, "subnarratives": 5.0, "main_roles": 0.001, "fine_roles": 0.01,
            "genre": 10.0, "frames": 0.02, "techniques": 0.0025}
# Heads that read TF-IDF as it is, beside down-weighted standardised embeddings (chosen by
# nested cross-validation; see docs/models/framing.md).
DENSE_WEIGHTS = {"narratives": 0.05, "subnarratives": 0.05, "genre": 0.05}


def fit_narrative_heads(x: Matrix, narratives: Sequence[Sequence[str]],
                        subnarratives: Sequence[Sequence[str]], coarse: Sequence[str],
                        fine: Sequence[str], vocabulary: Vocabulary) -> dict[str, Head]:
    """The narrative and subnarrative heads: TF-IDF as it is beside down-weighted embeddings,
    for the packaged taxonomies and a user's alike."""
    tfidf = article_tfidf(vocabulary)
    return {
        "narratives": fit_head(x, multi_hot(narratives, coarse), coarse,
                               c=C_VALUES["narratives"], plain=tfidf,
                               dense_weight=DENSE_WEIGHTS["narratives"]),
        "subnarratives": fit_head(x, multi_hot(subnarratives, fine), fine,
                                  c=C_VALUES["subnarratives"], plain=tfidf,
                                  dense_weight=DENSE_WEIGHTS["subnarratives"]),
    }


def fit_heads(corpus: Corpus, narrative_rows: Sequence[int], role_rows: Sequence[int],
              genre_rows: Sequence[int], paragraph_rows: Sequence[int]) -> dict[str, Head]:
    """Fit every head on the given training rows."""
    narratives, roles = builtin("narratives"), builtin("roles")
    frames = [label.name for label in builtin("frames").labels]
    techniques = [label.name for label in builtin("techniques").labels]
    coarse = [label.name for label in narratives.labels]
    fine = [label.name for label in narratives.fine]
    docs = [corpus.narrative_docs[i] for i in narrative_rows]
    x = corpus.narrative_x[list(narrative_rows)]
    heads = fit_narrative_heads(x, [d.narratives for d in docs], [d.subnarratives for d in docs],
                                coarse, fine, corpus.vocabulary)
    mains = [label.name for label in roles.labels]
    fines = [label.name for label in roles.fine]
    mentions = [corpus.role_mentions[i] for i in role_rows]
    rx = corpus.role_x[list(role_rows)]
    heads["main_roles"] = fit_head(rx, np.array([mains.index(m.main_role) for m in mentions]),
                                   mains, c=C_VALUES["main_roles"], softmax=True)
    heads["fine_roles"] = fit_head(rx, multi_hot([m.fine_roles for m in mentions], fines), fines,
                                   c=C_VALUES["fine_roles"])
    gdocs = [corpus.genre_docs[i] for i in genre_rows]
    gx = corpus.genre_x[list(genre_rows)]
    heads["genre"] = fit_head(gx, np.array([GENRES.index(d.genre or "opinion") for d in gdocs]),
                              list(GENRES), c=C_VALUES["genre"], softmax=True, balanced=True,
                              plain=article_tfidf(corpus.vocabulary),
                              dense_weight=DENSE_WEIGHTS["genre"])
    heads["frames"] = fit_head(gx, multi_hot([d.frames for d in gdocs], frames), frames,
                               c=C_VALUES["frames"])
    px = corpus.paragraph_x[list(paragraph_rows)]
    labels = []
    for i in paragraph_rows:
        article_id, line = corpus.paragraph_keys[i]
        document = corpus.technique_docs[corpus.paragraph_owner[i]]
        labels.append(document.paragraph_techniques.get(line, []))
    heads["techniques"] = fit_head(px, multi_hot(labels, techniques), techniques,
                                   c=C_VALUES["techniques"])
    return heads


def out_of_fold(corpus: Corpus, folds: int, *, progress: Callable[[str], None] | None = None) -> OutOfFold:
    """Fit on k-1 folds and score the held-out fold, for every fold; folds group by article."""
    say = progress or (lambda message: None)
    narrative_fold = folds_of([d.id for d in corpus.narrative_docs], folds)
    role_fold = folds_of([m.article_id for m in corpus.role_mentions], folds)
    genre_fold = folds_of([d.id for d in corpus.genre_docs], folds)
    paragraph_fold = folds_of([key[0] for key in corpus.paragraph_keys], folds)
    result: OutOfFold | None = None
    for k in range(folds):
        say(f"fold {k + 1}/{folds}")

        def split(assigned: list[int]) -> tuple[list[int], list[int]]:
            return ([i for i, f in enumerate(assigned) if f != k],
                    [i for i, f in enumerate(assigned) if f == k])

        n_train, n_test = split(narrative_fold)
        r_train, r_test = split(role_fold)
        g_train, g_test = split(genre_fold)
        p_train, p_test = split(paragraph_fold)
        heads = fit_heads(corpus, n_train, r_train, g_train, p_train)
        if result is None:
            result = OutOfFold(
                coarse=np.zeros((len(narrative_fold), len(heads["narratives"].labels)), np.float32),
                fine=np.zeros((len(narrative_fold), len(heads["subnarratives"].labels)), np.float32),
                main=np.zeros((len(role_fold), len(heads["main_roles"].labels)), np.float32),
                fine_roles=np.zeros((len(role_fold), len(heads["fine_roles"].labels)), np.float32),
                genre=np.zeros((len(genre_fold), len(heads["genre"].labels)), np.float32),
                frames=np.zeros((len(genre_fold), len(heads["frames"].labels)), np.float32),
                techniques=np.zeros((len(paragraph_fold), len(heads["techniques"].labels)),
                                    np.float32))
        result.coarse[n_test] = heads["narratives"].scores(corpus.narrative_x[n_test])
        result.fine[n_test] = heads["subnarratives"].scores(corpus.narrative_x[n_test])
        result.main[r_test] = heads["main_roles"].scores(corpus.role_x[r_test])
        result.fine_roles[r_test] = heads["fine_roles"].scores(corpus.role_x[r_test])
        result.genre[g_test] = heads["genre"].scores(corpus.genre_x[g_test])
        result.frames[g_test] = heads["frames"].scores(corpus.genre_x[g_test])
        result.techniques[p_test] = heads["techniques"].scores(corpus.paragraph_x[p_test])
    assert result is not None
    return result


def _context_rows(corpus: Corpus, scores: Matrix, rows: Sequence[int]) -> Matrix:
    """technique_context of the given paragraphs, each computed within its own article."""
    out = np.zeros((len(rows), CONTEXT_SIZE, scores.shape[1]), dtype=np.float32)
    owners = np.asarray(corpus.paragraph_owner)[list(rows)]
    for owner in np.unique(owners):
        at = np.flatnonzero(owners == owner)
        out[at] = technique_context(scores[np.asarray(rows)[at]])
    return out


def fit_technique_context(corpus: Corpus, scores: Matrix, rows: Sequence[int]) -> Head:
    """Per technique, a logistic regression over its paragraph's score in article context
    (``technique_context``), fitted on out-of-fold paragraph scores (stacking)."""
    logistic = logistic_regression()
    labels = [label.name for label in builtin("techniques").labels]
    context = _context_rows(corpus, scores, rows)
    gold = technique_gold(corpus, rows)
    weights = np.zeros((CONTEXT_SIZE, len(labels)), dtype=np.float32)
    weights[0] = 1.0  # a technique too rare to fit keeps its own score
    bias = np.zeros(len(labels), dtype=np.float32)
    for j in range(len(labels)):
        if gold[:, j].sum() < 2:
            continue
        model = logistic(C=1.0, max_iter=500).fit(context[:, :, j], gold[:, j])
        weights[:, j] = model.coef_[0]
        bias[j] = model.intercept_[0]
    return Head(labels, weights, bias, np.zeros(CONTEXT_SIZE, np.float32),
                np.ones(CONTEXT_SIZE, np.float32))


def stack_out_of_fold(corpus: Corpus, oof: OutOfFold, folds: int) -> OutOfFold:
    """Out-of-fold scores of the context head: fitted on the other folds' first-stage
    out-of-fold scores, applied to this fold's."""
    paragraph_fold = folds_of([key[0] for key in corpus.paragraph_keys], folds)
    stacked = np.zeros_like(oof.techniques)
    for k in range(folds):
        train = [i for i, f in enumerate(paragraph_fold) if f != k]
        test = [i for i, f in enumerate(paragraph_fold) if f == k]
        head = fit_technique_context(corpus, oof.techniques, train)
        owners = np.asarray(corpus.paragraph_owner)[test]
        for owner in np.unique(owners):
            at = np.asarray(test)[owners == owner]
            stacked[at] = stack_techniques(oof.techniques[at], head)
    return replace(oof, techniques=stacked)


def cached_embedder(cache_file: str) -> Embedder:
    embedder = Embedder(cache_file=cache_file)
    embedder.setup()
    return embedder


def train_framing(data: Path, output: Path, *, folds: int = 5, cache_file: str = "",
                  progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Tune thresholds by cross-validation, fit every head on all training data, save the model."""
    logistic_regression()
    embedder = cached_embedder(cache_file)
    corpus = build_corpus(data, embedder, progress=progress)
    if cache_file:
        embedder.save_cache()
    first_stage = out_of_fold(corpus, folds, progress=progress)
    oof = stack_out_of_fold(corpus, first_stage, folds)
    scores, _, _ = nested_scores(corpus, oof, folds)
    decoding = tune(corpus, oof)
    heads = fit_heads(corpus, range(len(corpus.narrative_docs)), range(len(corpus.role_mentions)),
                      range(len(corpus.genre_docs)), range(len(corpus.paragraph_keys)))
    heads["technique_context"] = fit_technique_context(
        corpus, first_stage.techniques, range(len(corpus.paragraph_keys)))
    heads["narratives"].threshold = decoding.coarse
    heads["narratives"].extra = {"other": decoding.other}
    heads["genre"].extra = {"reporting": decoding.reporting, "satire": decoding.satire}
    heads["subnarratives"].threshold = decoding.fine
    heads["fine_roles"].threshold = decoding.second_role
    heads["frames"].threshold = decoding.frames
    heads["technique_context"].threshold = decoding.techniques
    info = {"trained": dt.date.today().isoformat(), "folds": folds, "cv_scores": scores,
            "data": ["SemEval-2025 Task 10 English train (subtasks 1-2)",
                     "SemEval-2023 Task 3 English train (subtasks 1-3)"],
            "embeddings": "all-MiniLM-L6-v2 ONNX int8"}
    model = FramingModel(corpus.vocabulary, heads, info)
    output.parent.mkdir(parents=True, exist_ok=True)
    model.save(output)
    return {"model": str(output), "bytes": output.stat().st_size, "thresholds": decoding.__dict__,
            "cv_scores": scores}
