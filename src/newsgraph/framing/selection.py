"""Choosing decision thresholds and label caps on out-of-fold scores, decoding those scores
into labels, and the nested figures (each fold decoded with values chosen on the others).

Folds group by topic (and PolNeAR by publisher), so the values chosen are those that hold on
topics the heads have not seen. Genre is not tuned at all: its class priors are a setting
(``framing.genre_priors``), not something fitted to the opinion-heavy training set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from newsgraph.framing.corpus import GENRES, Corpus, OutOfFold, task_folds, technique_gold
from newsgraph.framing.features import Matrix
from newsgraph.framing.metrics import f1_samples, macro_f1, micro_f1, role_scores
from newsgraph.framing.model import (decide_genre, decode_labels, decode_narratives, decode_roles,
                                     gate_domain)
from newsgraph.framing.taxonomies import builtin

GRID = (0.01, 0.02, 0.03, 0.04) + tuple(round(0.05 * i, 2) for i in range(1, 19))
# No value is chosen for one label on fewer positive examples than this.
MIN_EXAMPLES = 30
# Label caps are quantiles of the training items' gold label counts: tried at these, the one
# that does best on the out-of-fold scores is kept.
CAP_QUANTILES = (0.5, 0.75, 0.9, 0.95)
# The default class priors of a news stream (mostly reporting) and the margin under which the
# genre is "uncertain"; both are settings of the stage (framing.genre_priors, .genre_margin).
NEWS_PRIORS = {"reporting": 0.7, "opinion": 0.25, "satire": 0.05}
UNIFORM_PRIORS = {genre: 1 / len(GENRES) for genre in GENRES}
GENRE_MARGIN = 0.15
# The narrative decoding is chosen by the mean of F1-samples over these shares of "Other"
# articles (each article reweighted as ``other_share_weights`` says), not at the training
# split's own share (42 %): a stream's share of articles without a narrative is not something
# the training split tells (docs/models/framing.md). The figure is linear in the share, so the
# mean is the figure at the middle share, 35 %.
OTHER_SHARES = tuple(round(0.2 + 0.05 * i, 2) for i in range(7))
# Whether an article the presence head says tells a narrative gets at least the best one.
AT_LEAST_BEST = False


@dataclass
class Decoding:
    """Decision thresholds and caps, chosen on out-of-fold scores; genre priors given."""

    coarse: float = 0.3
    other: float = 0.3
    fine: float = 0.3
    coarse_cap: int = 0
    fine_cap: int = 0
    gate: bool = True
    presence: float = 0.0
    use_presence: bool = True
    at_least_best: bool = False
    second_role: float = 0.5
    frames: float = 0.4
    frames_cap: int = 0
    techniques: float = 0.3
    technique_thresholds: dict[str, float] = field(default_factory=dict)
    techniques_cap: int = 0
    genre_priors: dict[str, float] = field(default_factory=lambda: dict(NEWS_PRIORS))


def cap_of(counts: Sequence[int], quantile: float = CAP_QUANTILES[-1]) -> int:
    """The label cap for items whose gold sets have these sizes (items with none left out)."""
    kept = [c for c in counts if c > 0]
    return max(1, int(np.ceil(np.quantile(kept, quantile)))) if kept else 0


def caps_of(counts: Sequence[int]) -> list[int]:
    """The caps to try: ``cap_of`` at each of CAP_QUANTILES."""
    return sorted({cap_of(counts, q) for q in CAP_QUANTILES})


def _predict_narratives(oof: OutOfFold, decoding: Decoding) -> list[tuple[list[str], list[str]]]:
    narratives = builtin("narratives")
    coarse_labels = [label.name for label in narratives.labels]
    fine_labels = [label.name for label in narratives.fine]
    parents = {label.name: label.parent or "" for label in narratives.fine}
    gated = decoding.gate and len(oof.domain) == len(oof.coarse)
    domains = [gate_domain(row) if gated else None for row in (oof.domain if gated else oof.coarse)]
    present: list[float | None] = [None] * len(oof.coarse)
    if _uses_presence(oof, decoding):
        present = [float(p) for p in oof.presence]
    return [decode_narratives(c, f, coarse_labels, fine_labels, parents,
                              coarse_threshold=decoding.coarse, fine_threshold=decoding.fine,
                              other_threshold=decoding.other, coarse_cap=decoding.coarse_cap,
                              fine_cap=decoding.fine_cap, domain=domain, presence=p,
                              presence_threshold=decoding.presence,
                              at_least_best=decoding.at_least_best)
            for c, f, domain, p in zip(oof.coarse, oof.fine, domains, present)]


def _uses_presence(oof: OutOfFold, decoding: Decoding) -> bool:
    """Whether "Other" is decided by the presence head (when its scores are at hand)."""
    return decoding.use_presence and len(oof.presence) == len(oof.coarse) and len(oof.coarse) > 0


def other_share_weights(other: Sequence[bool], share: float) -> Matrix:
    """One weight per article so that those labelled only "Other" (``other``) carry ``share``
    of the total and the others the rest; the weights sum to the number of articles (all 1
    when the articles are all of one kind)."""
    is_other = np.asarray(other, dtype=bool)
    own = float(is_other.mean()) if len(is_other) else 0.0
    if not 0 < own < 1:
        return np.ones(len(is_other), dtype=np.float64)
    return np.where(is_other, share / own, (1 - share) / (1 - own)).astype(np.float64)


def mean_over_other_shares(values: Sequence[float] | Matrix, other: Sequence[bool],
                           shares: Sequence[float] = OTHER_SHARES) -> float:
    """The mean, over ``shares``, of the per-article ``values`` (F1) averaged with the articles
    reweighted so that the "Other" ones carry that share."""
    scores = np.asarray(values, dtype=np.float64)
    if not len(scores) or not len(shares):
        return 0.0
    return float(np.mean([np.average(scores, weights=other_share_weights(other, share))
                          for share in shares]))


def _predict_roles(oof: OutOfFold, decoding: Decoding) -> list[tuple[str, list[str]]]:
    roles = builtin("roles")
    parents = {label.name: label.parent or "" for label in roles.fine}
    return [decode_roles(m, f, [l.name for l in roles.labels], [l.name for l in roles.fine],
                         parents, second_threshold=decoding.second_role)
            for m, f in zip(oof.main, oof.fine_roles)]


def predict_genre(scores: Matrix, priors: dict[str, float]) -> list[str]:
    """The likeliest genre of each row of class scores under ``priors`` (the official formats
    need one; the stage says "uncertain" where the margin is small)."""
    return [decide_genre(row, GENRES, priors).best for row in scores]


def predict_out_of_fold(oof: OutOfFold, decoding: Decoding) -> dict[str, Any]:
    """Decoded labels of every out-of-fold item."""
    frames = [label.name for label in builtin("frames").labels]
    techniques = [label.name for label in builtin("techniques").labels]
    return {"narratives": _predict_narratives(oof, decoding),
            "roles": _predict_roles(oof, decoding),
            "genre": predict_genre(oof.genre, decoding.genre_priors),
            "frames": [decode_labels(row, frames, decoding.frames, cap=decoding.frames_cap)
                       for row in oof.frames],
            "techniques": [decode_labels(row, techniques, decoding.techniques,
                                         decoding.technique_thresholds, decoding.techniques_cap)
                           for row in oof.techniques]}


def score_predictions(corpus: Corpus, predictions: dict[str, Any]) -> dict[str, Any]:
    """The official metrics of decoded predictions."""
    docs = corpus.narrative_docs
    decoded = predictions["narratives"]
    genre_predictions = predictions["genre"]
    technique_gold = [corpus.technique_docs[corpus.paragraph_owner[i]].paragraph_techniques.get(
        line, []) for i, (_, line) in enumerate(corpus.paragraph_keys)]
    return {
        "semeval2025_t10": {
            "subtask1_roles": {**role_scores(corpus.role_mentions, predictions["roles"]),
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
                                                     predictions["frames"]),
                                "articles": len(corpus.genre_docs)},
            "subtask3_techniques": {"micro_f1": micro_f1(technique_gold, predictions["techniques"]),
                                    "paragraphs": len(technique_gold)},
        },
    }


def _micro_f1(predicted: np.ndarray[Any, Any], gold: np.ndarray[Any, Any]) -> float:
    total = int(gold.sum()) + int(predicted.sum())
    return 2 * int((predicted & gold).sum()) / total if total else 0.0


def _within_cap(scores: Matrix, cap: int) -> np.ndarray[Any, Any]:
    """Which scores are among their row's best ``cap`` (all when ``cap`` is 0)."""
    if cap <= 0:
        return np.ones(scores.shape, dtype=bool)
    return np.argsort(np.argsort(-scores, axis=1), axis=1) < cap


def tune_techniques(scores: Matrix, gold: np.ndarray[Any, Any], labels: Sequence[str], cap: int,
                    per_label: bool) -> tuple[float, dict[str, float]]:
    """One threshold for all techniques that maximises micro-F1 under the cap, then (when
    ``per_label``) one per technique with at least MIN_EXAMPLES positive paragraphs, each moved
    in turn to where the micro-F1 of all is best."""
    gold = gold.astype(bool)
    allowed = _within_cap(scores, cap)
    best = max(GRID, key=lambda t: _micro_f1((scores >= t) & allowed, gold))
    thresholds = np.full(len(labels), best, dtype=np.float64)
    own: dict[str, float] = {}
    if per_label:
        for j in np.argsort(-gold.sum(axis=0)):
            if gold[:, j].sum() < MIN_EXAMPLES:
                continue

            def trial(t: float, j: int = int(j)) -> float:
                changed = thresholds.copy()
                changed[j] = t
                return _micro_f1((scores >= changed) & allowed, gold)

            thresholds[j] = max(GRID, key=trial)
            own[labels[j]] = float(thresholds[j])
    return float(best), own


def tune_narratives(corpus: Corpus, oof: OutOfFold, start: Decoding,
                    other_shares: Sequence[float] | None = OTHER_SHARES) -> Decoding:
    """The narrative values of ``start`` (presence or "Other" threshold, narrative and
    subnarrative thresholds, caps) that maximise F1-samples averaged over ``other_shares`` of
    "Other" articles (``mean_over_other_shares``; None: at the items' own share)."""
    docs = corpus.narrative_docs
    narratives = [d.narratives for d in docs if d.narratives != ["Other"]]
    is_other = [d.narratives == ["Other"] for d in docs]
    shares = tuple(other_shares) if other_shares is not None else (
        (float(np.mean(is_other)),) if is_other else ())
    best = replace(start, coarse_cap=cap_of([len(n) for n in narratives]),
                   fine_cap=cap_of([len(d.subnarratives) for d in docs
                                    if d.narratives != ["Other"]]))

    def narrative_f1(decoding: Decoding, level: int) -> float:
        decoded = _predict_narratives(oof, decoding)
        gold = [d.narratives if level == 0 else d.subnarratives for d in docs]
        return mean_over_other_shares([f1_samples([g], [p[level]]) for g, p in zip(gold, decoded)],
                                      is_other, shares)

    def pick(trials: Sequence[Decoding], level: int) -> Decoding:
        return max(trials, key=lambda d: narrative_f1(d, level))

    if _uses_presence(oof, best):
        # An article under the presence threshold is "Other" whatever the rest says, so each
        # narrative threshold is decoded once and every presence threshold applied to that.
        as_other = np.array([f1_samples([d.narratives], [["Other"]]) for d in docs])
        scores = np.asarray(oof.presence, dtype=np.float64)  # compared as the decoder does
        trials: list[tuple[float, Decoding]] = []
        for c in GRID:
            told = np.array([f1_samples([d.narratives], [p[0]]) for d, p in zip(
                docs, _predict_narratives(oof, replace(best, coarse=c, other=0.0, presence=0.0)))])
            trials.extend((mean_over_other_shares(np.where(scores < p, as_other, told), is_other,
                                                  shares),
                           replace(best, coarse=c, other=0.0, presence=p)) for p in GRID)
        best = max(trials, key=lambda trial: trial[0])[1]
    else:
        best = pick([replace(best, coarse=c, other=o) for c in GRID for o in GRID if o >= c], 0)
    best = pick([replace(best, fine=f) for f in GRID], 1)
    best = pick([replace(best, coarse_cap=c) for c in caps_of([len(n) for n in narratives])], 0)
    return pick([replace(best, fine_cap=c) for c in caps_of(
        [len(d.subnarratives) for d in docs if d.narratives != ["Other"]])], 1)


def tune(corpus: Corpus, oof: OutOfFold, *, per_label: bool = True, gate: bool = True,
         presence: bool = True, at_least_best: bool = AT_LEAST_BEST,
         other_shares: Sequence[float] | None = OTHER_SHARES) -> Decoding:
    """Thresholds that maximise each task's official metric on the given out-of-fold scores,
    with caps from the gold label counts of the same items; genre priors stay as given.
    "Other" is decided by the presence head's score when ``presence`` (and its scores are at
    hand), else by the best narrative's score; the narrative values by ``tune_narratives``."""
    best = tune_narratives(corpus, oof, Decoding(gate=gate, use_presence=presence,
                                                 at_least_best=at_least_best), other_shares)

    def pick(trials: Sequence[Decoding], metric: Callable[[Decoding], float]) -> Decoding:
        return max(trials, key=metric)

    best = pick([replace(best, second_role=t) for t in GRID], lambda d: role_scores(
        corpus.role_mentions, _predict_roles(oof, d))["exact_match_ratio"])
    frames = [label.name for label in builtin("frames").labels]
    frame_gold = [d.frames for d in corpus.genre_docs]
    best = replace(best, frames_cap=cap_of([len(f) for f in frame_gold]))
    best = pick([replace(best, frames=t) for t in GRID], lambda d: micro_f1(
        frame_gold, [decode_labels(row, frames, d.frames, cap=d.frames_cap) for row in oof.frames]))
    best = pick([replace(best, frames_cap=c) for c in caps_of([len(f) for f in frame_gold])],
                lambda d: micro_f1(frame_gold, [decode_labels(row, frames, d.frames, cap=d.frames_cap)
                                                for row in oof.frames]))
    labels = [label.name for label in builtin("techniques").labels]
    gold = technique_gold(corpus, range(len(corpus.paragraph_keys)))
    counts = [int(n) for n in gold.sum(axis=1)]
    tried = [(cap, *tune_techniques(oof.techniques, gold, labels, cap, per_label))
             for cap in caps_of(counts)]

    def technique_f1(trial: tuple[int, float, dict[str, float]]) -> float:
        cap, threshold, own = trial
        chosen = [decode_labels(row, labels, threshold, own, cap) for row in oof.techniques]
        return micro_f1([[labels[j] for j in np.flatnonzero(row)] for row in gold], chosen)

    cap, threshold, own = max(tried, key=technique_f1)
    return replace(best, techniques=threshold, technique_thresholds=own, techniques_cap=cap)


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
    return part, replace(oof, coarse=oof.coarse[n], fine=oof.fine[n], main=oof.main[r],
                         fine_roles=oof.fine_roles[r], genre=oof.genre[g], frames=oof.frames[g],
                         techniques=oof.techniques[p],
                         domain=oof.domain[n] if len(oof.domain) else oof.domain,
                         presence=oof.presence[n] if len(oof.presence) else oof.presence)


def nested_scores(corpus: Corpus, oof: OutOfFold, folds: int, **options: Any
                  ) -> tuple[dict[str, Any], dict[str, Any], list[Decoding]]:
    """Honest figures: each fold decoded with thresholds tuned on the other folds only."""
    assigned = task_folds(corpus, folds)
    merged: dict[str, list[Any]] = {
        "narratives": [None] * len(corpus.narrative_docs),
        "roles": [None] * len(corpus.role_mentions), "genre": [None] * len(corpus.genre_docs),
        "frames": [None] * len(corpus.genre_docs),
        "techniques": [None] * len(corpus.paragraph_keys)}
    chosen = []
    for k in range(folds):
        inner, inner_oof = _subset(corpus, oof, lambda task, i: assigned[task][i] != k)
        decoding = tune(inner, inner_oof, **options)
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


def nested_narratives(corpus: Corpus, oof: OutOfFold, folds: int, start: Decoding,
                      other_shares: Sequence[float] | None = OTHER_SHARES
                      ) -> list[tuple[list[str], list[str]]]:
    """Nested narrative predictions alone: each fold decoded with the narrative values
    ``tune_narratives`` chose on the other folds (``start`` gives the kind of decoding)."""
    assigned = task_folds(corpus, folds)
    merged: list[tuple[list[str], list[str]]] = [([], [])] * len(corpus.narrative_docs)
    for k in range(folds):
        inner, inner_oof = _subset(corpus, oof, lambda task, i: assigned[task][i] != k)
        decoding = tune_narratives(inner, inner_oof, start, other_shares)
        _, outer_oof = _subset(corpus, oof, lambda task, i: assigned[task][i] == k)
        rows = [i for i, f in enumerate(assigned["narratives"]) if f == k]
        for row, value in zip(rows, _predict_narratives(outer_oof, decoding)):
            merged[row] = value
    return merged
