"""Choosing decision thresholds and genre offsets on out-of-fold scores, decoding those
scores into labels, and the nested figures (each fold decoded with values chosen on the
others)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from newsgraph.framing.corpus import GENRES, Corpus, OutOfFold, folds_of, technique_gold
from newsgraph.framing.features import Matrix
from newsgraph.framing.metrics import f1_samples, macro_f1, micro_f1, role_scores
from newsgraph.framing.model import decide_genre, decode_narratives, decode_roles
from newsgraph.framing.taxonomies import builtin

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
    gold = technique_gold(corpus, range(len(corpus.paragraph_keys))).astype(bool)
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
