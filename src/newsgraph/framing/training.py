"""Fitting the framing heads (logistic regression, needs scikit-learn), out-of-fold scores for
cross-validation and the stacked technique context head."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.corpus import (GENRES, Corpus, OutOfFold,
                                      domain_of_document, multi_hot, task_folds, technique_gold)
from newsgraph.framing.embeddings import Embedder, make_embedder
from newsgraph.framing.features import (GENRE_STYLE_SIZE, Matrix, Vocabulary, article_tfidf,
                                        paragraph_tfidf)
from newsgraph.framing.model import DOMAINS, Head
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
             dense_weight: float | Matrix = 1.0,
             sample_weight: Matrix | None = None) -> Head:
    """A logistic-regression head: softmax over ``labels`` or one sigmoid per label.

    Columns in ``plain`` (the TF-IDF block) are used as they are, the others standardised and
    multiplied by ``dense_weight`` (one number, or one per column; 0 leaves a column out):
    standardising TF-IDF inflates rare words, which overfits."""
    logistic = logistic_regression()
    mean = x.mean(axis=0).astype(np.float32)
    weight_of = np.broadcast_to(np.asarray(dense_weight, dtype=np.float32), (x.shape[1],))
    scale = (np.maximum(x.std(axis=0), 0.02).astype(np.float32)
             / np.maximum(weight_of, np.float32(1e-6)))
    scale[weight_of <= 0] = np.float32(1e9)
    if plain is not None:
        mean[plain] = 0.0
        scale[plain] = np.where(weight_of[plain] <= 0, np.float32(1e9), np.float32(1.0))
    # Columns of weight 0 are left out of the fit (their weights stay 0): faster, same head.
    used = np.flatnonzero(scale < np.float32(1e8))
    z = (x[:, used] - mean[used]) / scale[used]
    weight = "balanced" if balanced and sample_weight is None else None
    if softmax:
        model = logistic(C=c, max_iter=500, class_weight=weight)
        model.fit(z, y, sample_weight=sample_weight)
        weights = np.zeros((x.shape[1], len(labels)), dtype=np.float32)
        bias = np.full(len(labels), -30.0, dtype=np.float32)
        for row, cls in enumerate(model.classes_):
            weights[used, int(cls)] = model.coef_[row] if len(model.classes_) > 2 else (
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
        weights[used, column] = model.coef_[0]
        bias[column] = model.intercept_[0]
    return Head(list(labels), weights, bias, mean, scale)


C_VALUES = {"narratives": 5.0, "subnarratives": 5.0, "main_roles": 0.001, "fine_roles": 0.01,
            "genre": 0.1, "frames": 0.02, "techniques": 0.0025, "domain": 1.0}
HEAD_TASKS = ("narratives", "domain", "roles", "genre", "frames", "techniques")
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


# The genre head reads pooled embeddings and the old style counts (weight ``embedding``), the
# TF-IDF block as it is (when ``tfidf``) and the genre style block (weight ``style``); PolNeAR's
# hard news joins the training set as reporting when ``reporting`` (see docs/models/framing.md).
GENRE_FEATURES = {"embedding": 0.0, "style": 1.0, "tfidf": 0.0, "reporting": 1.0}


def genre_column_weights(vocabulary: Vocabulary, features: dict[str, float] | None = None) -> Matrix:
    """One weight per column of the genre head's input (``genre_features``)."""
    chosen = features or GENRE_FEATURES
    tfidf = article_tfidf(vocabulary)
    weights = np.full(tfidf.stop + GENRE_STYLE_SIZE, chosen["embedding"], dtype=np.float32)
    weights[tfidf] = chosen["tfidf"]
    weights[tfidf.stop:] = chosen["style"]
    return weights


def genre_training_set(corpus: Corpus, genre_rows: Sequence[int], reporting_rows: Sequence[int],
                       features: dict[str, float] | None = None
                       ) -> tuple[Matrix, np.ndarray[Any, Any], Matrix]:
    """Features, classes and sample weights for the genre head: each class weighs the same in
    all (so the head's own prior is uniform and the class priors are a setting), and within
    reporting, SemEval and PolNeAR articles weigh half each."""
    chosen = features or GENRE_FEATURES
    reporting_rows = list(reporting_rows) if chosen["reporting"] else []
    x = np.vstack([corpus.genre_rows(genre_rows), corpus.reporting_rows(reporting_rows)])
    y = np.array([GENRES.index(corpus.genre_docs[i].genre or "opinion") for i in genre_rows]
                 + [GENRES.index("reporting")] * len(reporting_rows))
    source = np.array([0] * len(genre_rows) + [1] * len(reporting_rows))
    weights = np.zeros(len(y), dtype=np.float32)
    for klass in range(len(GENRES)):
        members = y == klass
        if not members.any():
            continue
        parts = [members & (source == s) for s in (0, 1) if (members & (source == s)).any()]
        for part in parts:
            weights[part] = len(y) / len(GENRES) / len(parts) / part.sum()
    return x, y, weights


def technique_column_weights(corpus: Corpus) -> Matrix:
    """One weight per column of the paragraph features: 0 for the TF-IDF block, whose words
    tie a technique to the topics of the training articles (nested technique micro-F1 0.349
    without it against 0.333 with it, folds grouped by topic; docs/models/framing.md)."""
    weights = np.ones(corpus.paragraph_x.shape[1], dtype=np.float32)
    weights[paragraph_tfidf(corpus.vocabulary)] = 0.0
    return weights


def fit_domain_head(corpus: Corpus, rows: Mapping[str, Sequence[int]]) -> Head:
    """The domain gate: URW, CC or neither, from an article's mean sentence embedding;
    SemEval-2025 articles give the two domains, SemEval-2023 and every third PolNeAR article
    "none" (all 840 outweigh the two domains: gate accuracy 0.78 against 0.81 with 280)."""
    reporting = [i for i in rows["reporting"] if i % 3 == 0]
    x = np.vstack([corpus.narrative_mean[list(rows["narratives"])],
                   corpus.genre_mean[list(rows["genre"])],
                   corpus.reporting_mean[reporting]])
    y = np.array([DOMAINS.index(domain_of_document(corpus.narrative_docs[i].id))
                  for i in rows["narratives"]]
                 + [DOMAINS.index("none")] * (len(rows["genre"]) + len(reporting)))
    return fit_head(x, y, list(DOMAINS), c=C_VALUES["domain"], softmax=True, balanced=True)


def fit_heads(corpus: Corpus, rows: Mapping[str, Sequence[int]],
              tasks: Sequence[str] = HEAD_TASKS) -> dict[str, Head]:
    """Fit the heads of ``tasks`` on the given training rows of each unit kind (``TASKS``)."""
    narratives, roles = builtin("narratives"), builtin("roles")
    heads: dict[str, Head] = {}
    if "narratives" in tasks:
        coarse = [label.name for label in narratives.labels]
        fine = [label.name for label in narratives.fine]
        docs = [corpus.narrative_docs[i] for i in rows["narratives"]]
        x = corpus.narrative_x[list(rows["narratives"])]
        heads.update(fit_narrative_heads(x, [d.narratives for d in docs],
                                         [d.subnarratives for d in docs], coarse, fine,
                                         corpus.vocabulary))
    if "domain" in tasks:
        heads["domain"] = fit_domain_head(corpus, rows)
    if "roles" in tasks:
        mains = [label.name for label in roles.labels]
        fines = [label.name for label in roles.fine]
        mentions = [corpus.role_mentions[i] for i in rows["roles"]]
        rx = corpus.role_x[list(rows["roles"])]
        heads["main_roles"] = fit_head(rx, np.array([mains.index(m.main_role) for m in mentions]),
                                       mains, c=C_VALUES["main_roles"], softmax=True)
        heads["fine_roles"] = fit_head(rx, multi_hot([m.fine_roles for m in mentions], fines),
                                       fines, c=C_VALUES["fine_roles"])
    if "genre" in tasks:
        gx, gy, weights = genre_training_set(corpus, rows["genre"], rows["reporting"])
        heads["genre"] = fit_head(gx, gy, list(GENRES), c=C_VALUES["genre"], softmax=True,
                                  plain=article_tfidf(corpus.vocabulary),
                                  dense_weight=genre_column_weights(corpus.vocabulary),
                                  sample_weight=weights)
    if "frames" in tasks:
        frames = [label.name for label in builtin("frames").labels]
        gdocs = [corpus.genre_docs[i] for i in rows["genre"]]
        heads["frames"] = fit_head(corpus.genre_x[list(rows["genre"])],
                                   multi_hot([d.frames for d in gdocs], frames), frames,
                                   c=C_VALUES["frames"])
    if "techniques" in tasks:
        techniques = [label.name for label in builtin("techniques").labels]
        paragraph_rows = list(rows["paragraphs"])
        heads["techniques"] = fit_head(corpus.paragraph_x[paragraph_rows],
                                       technique_gold(corpus, paragraph_rows), techniques,
                                       c=C_VALUES["techniques"],
                                       dense_weight=technique_column_weights(corpus))
    return heads


def all_rows(corpus: Corpus) -> dict[str, list[int]]:
    """Every unit of every kind."""
    return {"narratives": list(range(len(corpus.narrative_docs))),
            "roles": list(range(len(corpus.role_mentions))),
            "genre": list(range(len(corpus.genre_docs))),
            "reporting": list(range(len(corpus.reporting_docs))),
            "paragraphs": list(range(len(corpus.paragraph_keys)))}


def out_of_fold(corpus: Corpus, folds: int, *, progress: Callable[[str], None] | None = None,
                tasks: Sequence[str] = HEAD_TASKS) -> OutOfFold:
    """Fit on k-1 folds and score the held-out fold, for every fold; folds group by topic
    (and PolNeAR by publisher), see ``task_folds``."""
    say = progress or (lambda message: None)
    assigned = task_folds(corpus, folds)
    sizes = {task: len(values) for task, values in assigned.items()}
    narratives, roles = builtin("narratives"), builtin("roles")
    n_frames, n_techniques = len(builtin("frames").labels), len(builtin("techniques").labels)
    result = OutOfFold(
        coarse=np.zeros((sizes["narratives"], len(narratives.labels)), np.float32),
        fine=np.zeros((sizes["narratives"], len(narratives.fine)), np.float32),
        main=np.zeros((sizes["roles"], len(roles.labels)), np.float32),
        fine_roles=np.zeros((sizes["roles"], len(roles.fine)), np.float32),
        genre=np.zeros((sizes["genre"], len(GENRES)), np.float32),
        frames=np.zeros((sizes["genre"], n_frames), np.float32),
        techniques=np.zeros((sizes["paragraphs"], n_techniques), np.float32),
        reporting=np.zeros((sizes["reporting"], len(GENRES)), np.float32),
        domain=np.zeros((sizes["narratives"], len(DOMAINS)), np.float32),
        domain_genre=np.zeros((sizes["genre"], len(DOMAINS)), np.float32),
        domain_reporting=np.zeros((sizes["reporting"], len(DOMAINS)), np.float32))
    for k in range(folds):
        say(f"fold {k + 1}/{folds}")
        train = {task: [i for i, f in enumerate(values) if f != k] for task, values in assigned.items()}
        test = {task: [i for i, f in enumerate(values) if f == k] for task, values in assigned.items()}
        heads = fit_heads(corpus, train, tasks)
        n_test, r_test, g_test = test["narratives"], test["roles"], test["genre"]
        if "narratives" in heads:
            result.coarse[n_test] = heads["narratives"].scores(corpus.narrative_x[n_test])
            result.fine[n_test] = heads["subnarratives"].scores(corpus.narrative_x[n_test])
        if "main_roles" in heads:
            result.main[r_test] = heads["main_roles"].scores(corpus.role_x[r_test])
            result.fine_roles[r_test] = heads["fine_roles"].scores(corpus.role_x[r_test])
        if "genre" in heads:
            result.genre[g_test] = heads["genre"].scores(corpus.genre_rows(g_test))
            result.reporting[test["reporting"]] = heads["genre"].scores(
                corpus.reporting_rows(test["reporting"]))
        if "frames" in heads:
            result.frames[g_test] = heads["frames"].scores(corpus.genre_x[g_test])
        if "techniques" in heads:
            result.techniques[test["paragraphs"]] = heads["techniques"].scores(
                corpus.paragraph_x[test["paragraphs"]])
        if "domain" in heads:
            result.domain[n_test] = heads["domain"].scores(corpus.narrative_mean[n_test])
            result.domain_genre[g_test] = heads["domain"].scores(corpus.genre_mean[g_test])
            result.domain_reporting[test["reporting"]] = heads["domain"].scores(
                corpus.reporting_mean[test["reporting"]])
    return result


def _context_rows(corpus: Corpus, scores: Matrix, rows: Sequence[int]) -> Matrix:
    """technique_context of the given paragraphs, each computed within its own article."""
    out = np.zeros((len(rows), CONTEXT_SIZE, scores.shape[1]), dtype=np.float32)
    owners = np.asarray(corpus.paragraph_owner)[list(rows)]
    for owner in np.unique(owners):
        at = np.flatnonzero(owners == owner)
        out[at] = technique_context(scores[np.asarray(rows)[at]])
    return out


# Whether the technique context head is fitted. Off since 2026-12-07: beside a technique head
# that reads no TF-IDF it lowered the nested micro-F1 (0.338 against 0.349 for the paragraph
# scores as they are; docs/models/framing.md). The model then holds an identity context head
# (each paragraph keeps its own score), which carries the thresholds as before.
TECHNIQUE_CONTEXT = False


def fit_technique_context(corpus: Corpus, scores: Matrix, rows: Sequence[int]) -> Head:
    """Per technique, a logistic regression over its paragraph's score in article context
    (``technique_context``), fitted on out-of-fold paragraph scores (stacking); the identity
    when ``TECHNIQUE_CONTEXT`` is off."""
    logistic = logistic_regression()
    labels = [label.name for label in builtin("techniques").labels]
    weights = np.zeros((CONTEXT_SIZE, len(labels)), dtype=np.float32)
    weights[0] = 1.0  # a technique too rare to fit keeps its own score
    bias = np.zeros(len(labels), dtype=np.float32)
    if not TECHNIQUE_CONTEXT:
        return Head(labels, weights, bias, np.zeros(CONTEXT_SIZE, np.float32),
                    np.ones(CONTEXT_SIZE, np.float32))
    context = _context_rows(corpus, scores, rows)
    gold = technique_gold(corpus, rows)
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
    out-of-fold scores, applied to this fold's (the scores as they are when
    ``TECHNIQUE_CONTEXT`` is off)."""
    if not TECHNIQUE_CONTEXT:
        return oof
    paragraph_fold = task_folds(corpus, folds)["paragraphs"]
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


def cached_embedder(cache_file: str, encoder: str = "minilm") -> Embedder:
    """The encoder ``framing.encoder`` names, loaded, with the sentence cache in ``cache_file``."""
    embedder = make_embedder(encoder, cache_file=cache_file)
    embedder.setup()
    return embedder
