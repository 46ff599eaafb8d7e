"""Training and cross-validated evaluation of framing on SemEval-2025 T10 and SemEval-2023 T3,
with the official metrics and prediction file formats. Needs scikit-learn (training only)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.embeddings import Embedder
from newsgraph.errors import ConfigError, InputError, Messages
from newsgraph.evaluation.framing_data import (Document, RoleMention, genre_frame_documents,
                                               narrative_documents, role_documents,
                                               technique_documents)
from newsgraph.framing import (CONTEXT_SIZE, FramingModel, Head, Matrix, Vocabulary,
                               article_features, article_tfidf, decide_genre, decode_narratives,
                               decode_roles, label_prompts, label_similarity, mention_features,
                               article_word_counts, load_technique_cues, paragraph_features, reads_cues,
                               sentence_spans, stack_techniques, technique_context)
from newsgraph.taxonomies import builtin

GENRES = ("opinion", "reporting", "satire")


@dataclass
class Corpus:
    """Every training unit with its features, built once and sliced by the folds."""

    vocabulary: Vocabulary
    narrative_docs: list[Document]
    narrative_x: Matrix
    role_mentions: list[RoleMention]
    role_x: Matrix
    genre_docs: list[Document]
    genre_x: Matrix
    technique_docs: list[Document]
    paragraph_x: Matrix
    paragraph_owner: list[int]
    paragraph_keys: list[tuple[str, int]]


def _sklearn() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped, unused-ignore]
    except ImportError as error:
        raise ConfigError(Messages.FRAMING_TRAINING_UNAVAILABLE, detail=error) from None
    return LogisticRegression


def build_corpus(data: Path, embedder: Embedder, *, progress: Callable[[str], None] | None = None) -> Corpus:
    """Read the training splits and compute every feature matrix."""
    say = progress or (lambda message: None)
    narrative_docs = narrative_documents(data)
    role_texts, mentions = role_documents(data)
    genre_docs = genre_frame_documents(data)
    technique_docs = technique_documents(data)
    vocabulary = Vocabulary.fit([d.text for d in narrative_docs] + [d.text for d in genre_docs])
    prompts = label_prompts(builtin("narratives"), builtin("roles"), embedder)

    def sentences(text: str) -> tuple[list[tuple[int, int]], Matrix]:
        spans = sentence_spans(text)
        return spans, embedder.embed([text[a:b] for a, b in spans])

    say(f"narratives: {len(narrative_docs)} articles")
    rows = []
    for document in narrative_docs:
        _, vectors = sentences(document.text)
        rows.append(np.concatenate([article_features(vectors, document.text, vocabulary),
                                    label_similarity(vectors, prompts["narratives"])]))
    narrative_x = np.stack(rows)
    say(f"roles: {len(mentions)} mentions")
    role_rows = []
    by_article: dict[str, tuple[list[tuple[int, int]], Matrix]] = {}
    for mention in mentions:
        if mention.article_id not in by_article:
            by_article[mention.article_id] = sentences(role_texts[mention.article_id])
        spans, vectors = by_article[mention.article_id]
        role_rows.append(mention_features(role_texts[mention.article_id], spans, vectors,
                                          mention.start, mention.end, mention.text,
                                          embedder, prompts["roles"]))
    role_x = np.stack(role_rows)
    say(f"genre and frames: {len(genre_docs)} articles")
    genre_x = np.stack([article_features(sentences(d.text)[1], d.text, vocabulary)
                        for d in genre_docs])
    say(f"techniques: {len(technique_docs)} articles")
    paragraph_rows: list[Matrix] = []
    owner: list[int] = []
    keys: list[tuple[str, int]] = []
    cues = load_technique_cues()
    for number, document in enumerate(technique_docs):
        spans, vectors = sentences(document.text)
        counts = article_word_counts(document.text, cues)
        for line, start, end in document.paragraphs:
            inside = [i for i, (a, b) in enumerate(spans) if a >= start and b <= end]
            paragraph_rows.append(paragraph_features(vectors[inside], document.text[start:end],
                                                     vocabulary, cues, counts))
            owner.append(number)
            keys.append((document.id, line))
    return Corpus(vocabulary, narrative_docs, narrative_x, mentions, role_x, genre_docs, genre_x,
                  technique_docs, np.stack(paragraph_rows), owner, keys)


# --- fitting -------------------------------------------------------------------------------


def fit_head(x: Matrix, y: np.ndarray[Any, Any], labels: Sequence[str], *, c: float,
             softmax: bool = False, balanced: bool = False, plain: slice | None = None,
             dense_weight: float = 1.0) -> Head:
    """A logistic-regression head: softmax over ``labels`` or one sigmoid per label.

    Columns in ``plain`` (the TF-IDF block) are used as they are, the others standardised and
    multiplied by ``dense_weight``: standardising TF-IDF inflates rare words, which overfits."""
    logistic = _sklearn()
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


def _multi_hot(items: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray[Any, Any]:
    index = {label: i for i, label in enumerate(labels)}
    y = np.zeros((len(items), len(labels)), dtype=np.int64)
    for row, names in enumerate(items):
        for name in names:
            if name in index:
                y[row, index[name]] = 1
    return y


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
        "narratives": fit_head(x, _multi_hot(narratives, coarse), coarse,
                               c=C_VALUES["narratives"], plain=tfidf,
                               dense_weight=DENSE_WEIGHTS["narratives"]),
        "subnarratives": fit_head(x, _multi_hot(subnarratives, fine), fine,
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
    heads["fine_roles"] = fit_head(rx, _multi_hot([m.fine_roles for m in mentions], fines), fines,
                                   c=C_VALUES["fine_roles"])
    gdocs = [corpus.genre_docs[i] for i in genre_rows]
    gx = corpus.genre_x[list(genre_rows)]
    heads["genre"] = fit_head(gx, np.array([GENRES.index(d.genre or "opinion") for d in gdocs]),
                              list(GENRES), c=C_VALUES["genre"], softmax=True, balanced=True,
                              plain=article_tfidf(corpus.vocabulary),
                              dense_weight=DENSE_WEIGHTS["genre"])
    heads["frames"] = fit_head(gx, _multi_hot([d.frames for d in gdocs], frames), frames,
                               c=C_VALUES["frames"])
    px = corpus.paragraph_x[list(paragraph_rows)]
    labels = []
    for i in paragraph_rows:
        article_id, line = corpus.paragraph_keys[i]
        document = corpus.technique_docs[corpus.paragraph_owner[i]]
        labels.append(document.paragraph_techniques.get(line, []))
    heads["techniques"] = fit_head(px, _multi_hot(labels, techniques), techniques,
                                   c=C_VALUES["techniques"])
    return heads


# --- official metrics ----------------------------------------------------------------------


def f1_samples(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> float:
    """SemEval-2025 T10 subtask 2: per-article F1 of the label sets, averaged over articles."""
    scores = []
    for g, p in zip(gold, predicted):
        gs, ps = set(g), set(p)
        if not gs and not ps:
            scores.append(1.0)
            continue
        overlap = len(gs & ps)
        scores.append(2 * overlap / (len(gs) + len(ps)) if overlap else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def micro_f1(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> float:
    """Micro-averaged F1 over (item, label) pairs."""
    tp = sum(len(set(g) & set(p)) for g, p in zip(gold, predicted))
    n_gold = sum(len(set(g)) for g in gold)
    n_pred = sum(len(set(p)) for p in predicted)
    return 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Macro-averaged F1 over single labels (SemEval-2023 T3 subtask 1)."""
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def role_scores(gold: Sequence[RoleMention], predicted: Sequence[tuple[str, list[str]]]) -> dict[str, float]:
    """SemEval-2025 T10 subtask 1: exact-match ratio, micro P/R/F1 of fine roles, main-role accuracy."""
    exact = sum(1 for g, (_, fine) in zip(gold, predicted) if set(g.fine_roles) == set(fine))
    tp = sum(len(set(g.fine_roles) & set(fine)) for g, (_, fine) in zip(gold, predicted))
    n_pred = sum(len(set(fine)) for _, fine in predicted)
    n_gold = sum(len(set(g.fine_roles)) for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return {"exact_match_ratio": exact / len(gold), "micro_precision": precision,
            "micro_recall": recall,
            "micro_f1": 2 * precision * recall / (precision + recall) if tp else 0.0,
            "main_role_accuracy": sum(1 for g, (main, _) in zip(gold, predicted)
                                      if g.main_role == main) / len(gold)}


# --- cross-validation ----------------------------------------------------------------------


def folds_of(keys: Sequence[str], folds: int, seed: int = 13) -> list[int]:
    """A fold number for each item, the same for all items that share a key (an article)."""
    unique = sorted(set(keys))
    random.Random(seed).shuffle(unique)
    fold = {key: i % folds for i, key in enumerate(unique)}
    return [fold[key] for key in keys]


@dataclass
class OutOfFold:
    """Scores for every training item, each from the model that did not see it."""

    coarse: Matrix
    fine: Matrix
    main: Matrix
    fine_roles: Matrix
    genre: Matrix
    frames: Matrix
    techniques: Matrix


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


def _technique_gold(corpus: Corpus, rows: Sequence[int]) -> np.ndarray[Any, Any]:
    techniques = [label.name for label in builtin("techniques").labels]
    return _multi_hot([corpus.technique_docs[corpus.paragraph_owner[i]].paragraph_techniques.get(
        corpus.paragraph_keys[i][1], []) for i in rows], techniques)


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
    logistic = _sklearn()
    labels = [label.name for label in builtin("techniques").labels]
    context = _context_rows(corpus, scores, rows)
    gold = _technique_gold(corpus, rows)
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


GRID = (0.01, 0.02, 0.03, 0.04) + tuple(round(0.05 * i, 2) for i in range(1, 19))
OFFSETS = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)


@dataclass
class Decoding:
    """Decision thresholds (and genre offsets), tuned on out-of-fold scores."""

    coarse: float = 0.3
    other: float = 0.3
    fine: float = 0.3
    second_role: float = 0.5
    frames: float = 0.4
    techniques: float = 0.3
    reporting: float = 0.0
    satire: float = 0.0


def _sets(scores: Matrix, labels: Sequence[str], threshold: float) -> list[list[str]]:
    return [[labels[j] for j in np.flatnonzero(row >= threshold)] for row in scores]


def _predict_narratives(oof: OutOfFold, decoding: Decoding) -> list[tuple[list[str], list[str]]]:
    narratives = builtin("narratives")
    coarse_labels = [label.name for label in narratives.labels]
    fine_labels = [label.name for label in narratives.fine]
    parents = {label.name: label.parent or "" for label in narratives.fine}
    return [decode_narratives(c, f, coarse_labels, fine_labels, parents,
                              coarse_threshold=decoding.coarse, fine_threshold=decoding.fine,
                              other_threshold=decoding.other)
            for c, f in zip(oof.coarse, oof.fine)]


def _predict_roles(oof: OutOfFold, decoding: Decoding) -> list[tuple[str, list[str]]]:
    roles = builtin("roles")
    parents = {label.name: label.parent or "" for label in roles.fine}
    return [decode_roles(m, f, [l.name for l in roles.labels], [l.name for l in roles.fine],
                         parents, second_threshold=decoding.second_role)
            for m, f in zip(oof.main, oof.fine_roles)]


def _predict_genre(oof: OutOfFold, decoding: Decoding) -> list[str]:
    offsets = {"reporting": decoding.reporting, "satire": decoding.satire}
    return [GENRES[decide_genre(row, GENRES, offsets)] for row in oof.genre]


def predict_out_of_fold(oof: OutOfFold, decoding: Decoding) -> dict[str, Any]:
    """Decoded labels of every out-of-fold item."""
    frames = [label.name for label in builtin("frames").labels]
    techniques = [label.name for label in builtin("techniques").labels]
    return {"narratives": _predict_narratives(oof, decoding),
            "roles": _predict_roles(oof, decoding), "genre": _predict_genre(oof, decoding),
            "frames": _sets(oof.frames, frames, decoding.frames),
            "techniques": _sets(oof.techniques, techniques, decoding.techniques)}


def score_out_of_fold(corpus: Corpus, oof: OutOfFold, decoding: Decoding) -> tuple[dict[str, Any], dict[str, Any]]:
    """The official metrics of out-of-fold predictions, and the predictions themselves."""
    predictions = predict_out_of_fold(oof, decoding)
    return score_predictions(corpus, predictions), predictions


def score_predictions(corpus: Corpus, predictions: dict[str, Any]) -> dict[str, Any]:
    """The official metrics of decoded predictions."""
    docs = corpus.narrative_docs
    decoded = predictions["narratives"]
    role_predictions = predictions["roles"]
    genre_predictions = predictions["genre"]
    frame_predictions = predictions["frames"]
    technique_predictions = predictions["techniques"]
    technique_gold = [corpus.technique_docs[corpus.paragraph_owner[i]].paragraph_techniques.get(
        line, []) for i, (_, line) in enumerate(corpus.paragraph_keys)]
    scores = {
        "semeval2025_t10": {
            "subtask1_roles": {**role_scores(corpus.role_mentions, role_predictions),
                               "mentions": len(corpus.role_mentions)},
            "subtask2_narratives": {
                "f1_samples_coarse": f1_samples([d.narratives for d in docs], [p[0] for p in decoded]),
                "f1_samples_fine": f1_samples([d.subnarratives for d in docs], [p[1] for p in decoded]),
                "articles": len(docs)},
            "subtask3_explanations": "not scored: the official BERTScore needs "
                                     "bert-base-multilingual-cased, which no offline package ships",
        },
        "semeval2023_t3": {
            "subtask1_genre": {"macro_f1": macro_f1([d.genre or "" for d in corpus.genre_docs],
                                                    genre_predictions, GENRES),
                               "micro_f1": float(np.mean([d.genre == p for d, p in zip(
                                   corpus.genre_docs, genre_predictions)])),
                               "articles": len(corpus.genre_docs)},
            "subtask2_frames": {"micro_f1": micro_f1([d.frames for d in corpus.genre_docs],
                                                     frame_predictions),
                                "articles": len(corpus.genre_docs)},
            "subtask3_techniques": {"micro_f1": micro_f1(technique_gold, technique_predictions),
                                    "paragraphs": len(technique_gold)},
        },
    }
    return scores


def tune(corpus: Corpus, oof: OutOfFold) -> Decoding:
    """Thresholds and genre offsets that maximise each task's official metric on the given
    out-of-fold scores."""
    best = Decoding()
    docs = corpus.narrative_docs

    def narrative_f1(decoding: Decoding, level: int) -> float:
        decoded = _predict_narratives(oof, decoding)
        gold = [d.narratives if level == 0 else d.subnarratives for d in docs]
        return f1_samples(gold, [p[level] for p in decoded])

    def pick(trials: Sequence[Decoding], metric: Callable[[Decoding], float]) -> Decoding:
        return max(trials, key=metric)

    best = pick([replace(best, coarse=c, other=o) for c in GRID for o in GRID if o >= c],
                lambda d: narrative_f1(d, 0))
    best = pick([replace(best, fine=f) for f in GRID], lambda d: narrative_f1(d, 1))
    best = pick([replace(best, second_role=t) for t in GRID], lambda d: role_scores(
        corpus.role_mentions, _predict_roles(oof, d))["exact_match_ratio"])
    genres = [d.genre or "" for d in corpus.genre_docs]
    best = pick([replace(best, reporting=a, satire=b) for a in OFFSETS for b in OFFSETS],
                lambda d: macro_f1(genres, _predict_genre(oof, d), GENRES))
    frames = [label.name for label in builtin("frames").labels]
    frame_gold = [d.frames for d in corpus.genre_docs]
    best = pick([replace(best, frames=t) for t in GRID],
                lambda d: micro_f1(frame_gold, _sets(oof.frames, frames, d.frames)))
    gold = _technique_gold(corpus, range(len(corpus.paragraph_keys))).astype(bool)
    n_gold = int(gold.sum())

    def technique_f1(decoding: Decoding) -> float:
        predicted = oof.techniques >= decoding.techniques
        total = n_gold + int(predicted.sum())
        return 2 * int((predicted & gold).sum()) / total if total else 0.0

    return pick([replace(best, techniques=t) for t in GRID], technique_f1)


def _subset(corpus: Corpus, oof: OutOfFold, keep: Callable[[str, int], bool]) -> tuple[Corpus, OutOfFold]:
    """The items (and their scores) of the articles that ``keep(task, index)`` accepts."""
    n = [i for i in range(len(corpus.narrative_docs)) if keep("narratives", i)]
    r = [i for i in range(len(corpus.role_mentions)) if keep("roles", i)]
    g = [i for i in range(len(corpus.genre_docs)) if keep("genre", i)]
    p = [i for i in range(len(corpus.paragraph_keys)) if keep("paragraphs", i)]
    part = replace(corpus, narrative_docs=[corpus.narrative_docs[i] for i in n],
                   narrative_x=corpus.narrative_x[:0], role_x=corpus.role_x[:0],
                   genre_x=corpus.genre_x[:0], paragraph_x=corpus.paragraph_x[:0],
                   role_mentions=[corpus.role_mentions[i] for i in r],
                   genre_docs=[corpus.genre_docs[i] for i in g],
                   paragraph_owner=[corpus.paragraph_owner[i] for i in p],
                   paragraph_keys=[corpus.paragraph_keys[i] for i in p])
    return part, OutOfFold(oof.coarse[n], oof.fine[n], oof.main[r], oof.fine_roles[r],
                           oof.genre[g], oof.frames[g], oof.techniques[p])


def nested_scores(corpus: Corpus, oof: OutOfFold, folds: int) -> tuple[dict[str, Any], dict[str, Any], list[Decoding]]:
    """Honest figures: each fold decoded with thresholds tuned on the other folds only."""
    assigned = {
        "narratives": folds_of([d.id for d in corpus.narrative_docs], folds),
        "roles": folds_of([m.article_id for m in corpus.role_mentions], folds),
        "genre": folds_of([d.id for d in corpus.genre_docs], folds),
        "paragraphs": folds_of([key[0] for key in corpus.paragraph_keys], folds)}
    merged: dict[str, list[Any]] = {
        "narratives": [None] * len(corpus.narrative_docs),
        "roles": [None] * len(corpus.role_mentions), "genre": [None] * len(corpus.genre_docs),
        "frames": [None] * len(corpus.genre_docs),
        "techniques": [None] * len(corpus.paragraph_keys)}
    chosen = []
    for k in range(folds):
        inner, inner_oof = _subset(corpus, oof, lambda task, i: assigned[task][i] != k)
        decoding = tune(inner, inner_oof)
        chosen.append(decoding)
        _, outer_oof = _subset(corpus, oof, lambda task, i: assigned[task][i] == k)
        predicted = predict_out_of_fold(outer_oof, decoding)
        for task, source in (("narratives", "narratives"), ("roles", "roles"),
                             ("genre", "genre"), ("frames", "genre"),
                             ("techniques", "paragraphs")):
            rows = [i for i, f in enumerate(assigned[source]) if f == k]
            for row, value in zip(rows, predicted[task]):
                merged[task][row] = value
    return score_predictions(corpus, merged), merged, chosen


# --- the commands --------------------------------------------------------------------------


def _embedder(cache_file: str) -> Embedder:
    embedder = Embedder(cache_file=cache_file)
    embedder.setup()
    return embedder


def evaluate_framing(data: Path, *, folds: int = 5, predictions: Path | None = None,
                     cache_file: str = "", progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """k-fold cross-validation on the training splits: official metrics of out-of-fold
    predictions, each fold decoded with thresholds tuned on the other folds (nested selection;
    see docs/models/framing.md)."""
    _sklearn()
    embedder = _embedder(cache_file)
    corpus = build_corpus(data, embedder, progress=progress)
    if cache_file:
        embedder.save_cache()
    oof = stack_out_of_fold(corpus, out_of_fold(corpus, folds, progress=progress), folds)
    scores, predicted, chosen = nested_scores(corpus, oof, folds)
    scores["folds"] = folds
    scores["thresholds"] = [dict(decoding.__dict__) for decoding in chosen]
    scores["date"] = dt.date.today().isoformat()
    if predictions is not None:
        write_predictions(corpus, predicted, predictions)
        scores["predictions"] = str(predictions)
    return scores


def train_framing(data: Path, output: Path, *, folds: int = 5, cache_file: str = "",
                  progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Tune thresholds by cross-validation, fit every head on all training data, save the model."""
    _sklearn()
    embedder = _embedder(cache_file)
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


def write_predictions(corpus: Corpus, predicted: dict[str, Any], folder: Path) -> None:
    """Out-of-fold predictions in the official submission formats of both tasks."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "subtask-2-predictions.txt").open("w", encoding="utf-8") as out:
        for document, (coarse, fine) in zip(corpus.narrative_docs, predicted["narratives"]):
            out.write(f"{document.id}\t{';'.join(coarse)}\t{';'.join(fine)}\n")
    with (folder / "subtask-1-predictions.txt").open("w", encoding="utf-8") as out:
        for mention, (main, fine) in zip(corpus.role_mentions, predicted["roles"]):
            out.write("\t".join([mention.article_id, mention.text, str(mention.start),
                                 str(mention.end - 1), main, *fine]) + "\n")
    with (folder / "semeval2023-subtask-1-predictions.txt").open("w", encoding="utf-8") as out:
        for document, genre in zip(corpus.genre_docs, predicted["genre"]):
            out.write(f"{document.id}\t{genre}\n")
    with (folder / "semeval2023-subtask-2-predictions.txt").open("w", encoding="utf-8") as out:
        for document, frames in zip(corpus.genre_docs, predicted["frames"]):
            out.write(f"{document.id}\t{','.join(frames)}\n")
    with (folder / "semeval2023-subtask-3-predictions.txt").open("w", encoding="utf-8") as out:
        for (article_id, line), techniques in zip(corpus.paragraph_keys, predicted["techniques"]):
            out.write(f"{article_id}\t{line}\t{','.join(techniques)}\n")


def read_mentions(path: Path) -> list[tuple[str, str, int, int]]:
    """Entity mentions to cast, in the subtask-1 input format (end inclusive in the file,
    exclusive here); a bad line raises InputError naming file and line."""
    if not path.is_file():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=path, what="mention file")
    mentions = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = line.rstrip("\r\n").split("\t")
            if len(row) < 4 or not row[2].strip().isdigit() or not row[3].strip().isdigit():
                raise InputError(Messages.FRAMING_MENTION_BAD, path=path, line=number,
                                 detail="expected 4 tab-separated fields with numeric offsets")
            mentions.append((row[0], row[1], int(row[2]), int(row[3]) + 1))
    return mentions


def predict_framing(folder: Path, output: Path, *, model_file: str = "",
                    mentions_file: Path | None = None, cache_file: str = "") -> dict[str, int]:
    """Predictions of the trained model for every ``*.txt`` article in ``folder``, written in
    the official formats (subtask-2 narratives, genre, frames, paragraph techniques, and
    subtask-1 roles when a mention file is given)."""
    if not folder.is_dir():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=folder, what="article folder")
    model = FramingModel.load(model_file or None)
    if model.taxonomy is not None:
        raise ConfigError(Messages.FRAMING_MODEL_NEEDS_TAXONOMY, path=model_file,
                          name=model.taxonomy.get("name", "?"),
                          trained_path=model.taxonomy.get("path", "?"))
    embedder = _embedder(cache_file)
    narratives, roles = builtin("narratives"), builtin("roles")
    prompts = label_prompts(narratives, roles, embedder)
    heads = model.heads
    coarse_head, fine_head = heads["narratives"], heads["subnarratives"]
    narrative_parents = {label.name: label.parent or "" for label in narratives.fine}
    role_parents = {label.name: label.parent or "" for label in roles.fine}
    cues = load_technique_cues() if reads_cues(heads["techniques"], model.vocabulary) else None
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}
    parsed: dict[str, tuple[list[tuple[int, int]], Matrix]] = {}
    for name, text in texts.items():
        spans = sentence_spans(text)
        parsed[name] = (spans, embedder.embed([text[a:b] for a, b in spans]))
    predicted: dict[str, list[Any]] = {"narratives": [], "genre": [], "frames": [],
                                       "techniques": [], "roles": []}
    paragraph_keys: list[tuple[str, int]] = []
    for name, text in texts.items():
        spans, vectors = parsed[name]
        features = article_features(vectors, text, model.vocabulary)
        x = np.concatenate([features, label_similarity(vectors, prompts["narratives"])])
        predicted["narratives"].append(decode_narratives(
            coarse_head.scores(x), fine_head.scores(x), coarse_head.labels, fine_head.labels,
            narrative_parents, coarse_threshold=coarse_head.threshold,
            fine_threshold=fine_head.threshold,
            other_threshold=coarse_head.extra.get("other", 0.0)))
        genre = heads["genre"]
        predicted["genre"].append(genre.labels[decide_genre(genre.scores(features), genre.labels,
                                                            genre.extra)])
        frame_scores = heads["frames"].scores(features)
        predicted["frames"].append([label for label, score in zip(heads["frames"].labels,
                                                                  frame_scores)
                                    if score >= heads["frames"].threshold])
        counts = article_word_counts(text, cues) if cues is not None else None
        lines, rows, position = text.split("\n"), [], 0
        for number, line in enumerate(lines, 1):
            start, end = position, position + len(line)
            position = end + 1
            if line.strip():
                inside = [i for i, (a, b) in enumerate(spans) if a >= start and b <= end]
                rows.append(paragraph_features(vectors[inside], line, model.vocabulary, cues,
                                               counts))
                # SemEval-2023 ids are the number in "article<id>.txt"
                paragraph_keys.append((Path(name).stem.removeprefix("article"), number))
        if rows:
            first = heads["techniques"].scores(np.stack(rows))
            context = heads.get("technique_context")
            final = stack_techniques(first, context) if context is not None else first
            threshold = context.threshold if context is not None else heads["techniques"].threshold
            labels = heads["techniques"].labels
            predicted["techniques"].extend([[labels[j] for j in np.flatnonzero(row >= threshold)]
                                            for row in final])
    mentions = read_mentions(mentions_file) if mentions_file is not None else []
    role_items = []
    for article, mention, start, end in mentions:
        if article not in texts:
            continue
        spans, vectors = parsed[article]
        x = mention_features(texts[article], spans, vectors, start, end, mention, embedder,
                             prompts["roles"])
        main, fine = heads["main_roles"].scores(x), heads["fine_roles"].scores(x)
        predicted["roles"].append(decode_roles(
            main, fine, heads["main_roles"].labels, heads["fine_roles"].labels, role_parents,
            second_threshold=heads["fine_roles"].threshold))
        role_items.append(RoleMention(article, mention, start, end, "", ()))
    articles = [Document(id=name, text="") for name in texts]
    numbered = [Document(id=Path(name).stem.removeprefix("article"), text="") for name in texts]
    corpus = Corpus(model.vocabulary, articles, np.zeros((0, 0), np.float32), role_items,
                    np.zeros((0, 0), np.float32), numbered, np.zeros((0, 0), np.float32), [],
                    np.zeros((0, 0), np.float32), [], paragraph_keys)
    write_predictions(corpus, predicted, output)
    return {"articles": len(texts), "paragraphs": len(paragraph_keys), "mentions": len(role_items)}


def format_scores(report: dict[str, Any]) -> str:
    """The report as a few lines for people."""
    t10, t3 = report["semeval2025_t10"], report["semeval2023_t3"]
    roles, narratives = t10["subtask1_roles"], t10["subtask2_narratives"]
    lines = [f"{report.get('folds', '?')}-fold cross-validation on the training splits ({report.get('date', '')})",
             f"SemEval-2025 T10 subtask 1 (roles, {roles['mentions']} mentions): exact match "
             f"{roles['exact_match_ratio']:.3f}, micro-F1 {roles['micro_f1']:.3f}, main-role "
             f"accuracy {roles['main_role_accuracy']:.3f}",
             f"SemEval-2025 T10 subtask 2 (narratives, {narratives['articles']} articles): F1-samples "
             f"coarse {narratives['f1_samples_coarse']:.3f}, fine {narratives['f1_samples_fine']:.3f}",
             f"SemEval-2025 T10 subtask 3 (explanations): {t10['subtask3_explanations']}",
             f"SemEval-2023 T3 subtask 1 (genre): macro-F1 {t3['subtask1_genre']['macro_f1']:.3f}",
             f"SemEval-2023 T3 subtask 2 (frames): micro-F1 {t3['subtask2_frames']['micro_f1']:.3f}",
             f"SemEval-2023 T3 subtask 3 (techniques, {t3['subtask3_techniques']['paragraphs']} "
             f"paragraphs): micro-F1 {t3['subtask3_techniques']['micro_f1']:.3f}"]
    return "\n".join(lines)
