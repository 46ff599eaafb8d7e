"""The official metrics of SemEval-2025 T10 and SemEval-2023 T3."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from newsgraph.framing.datasets import RoleMention

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


# --- per-item statistics and bootstrap intervals -------------------------------------------
#
# Every figure is a function of per-item counts summed over items; resampling the articles
# (with their items) and summing again gives a bootstrap interval for any of them.

Stats = np.ndarray[Any, Any]


def samples_stats(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Stats:
    """Per article: its F1 and a count of one (``f1_samples`` is their ratio)."""
    return np.array([[f1_samples([g], [p]), 1.0] for g, p in zip(gold, predicted)]).reshape(-1, 2)


def micro_stats(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Stats:
    """Per item: true positives, gold labels, predicted labels."""
    return np.array([[len(set(g) & set(p)), len(set(g)), len(set(p))]
                     for g, p in zip(gold, predicted)], dtype=np.float64).reshape(-1, 3)


def micro_from(stats: Stats) -> float:
    """Micro-F1 from summed ``micro_stats``."""
    total = stats[1] + stats[2]
    return float(2 * stats[0] / total) if total else 0.0


def macro_stats(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str],
                weights: Sequence[float] | None = None) -> Stats:
    """Per item, for each label: weighted true positive, false positive and false negative."""
    out = np.zeros((len(gold), 3 * len(labels)), dtype=np.float64)
    for row, (g, p) in enumerate(zip(gold, predicted)):
        w = 1.0 if weights is None else float(weights[row])
        for j, label in enumerate(labels):
            out[row, 3 * j] = w * (g == label and p == label)
            out[row, 3 * j + 1] = w * (g != label and p == label)
            out[row, 3 * j + 2] = w * (g == label and p != label)
    return out


def macro_from(stats: Stats) -> float:
    """Macro-F1 from summed ``macro_stats``."""
    scores = []
    for j in range(len(stats) // 3):
        tp, fp, fn = stats[3 * j:3 * j + 3]
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def ratio_from(stats: Stats) -> float:
    """A mean from summed (value, count) pairs."""
    return float(stats[0] / stats[1]) if stats[1] else 0.0


def bootstrap(stats: Stats, groups: Sequence[str], metric: Callable[[Stats], float], *,
              repeats: int = 1000, seed: int = 7) -> tuple[float, float, float]:
    """The figure and its 95 % bootstrap interval, resampling ``groups`` (articles) with
    replacement."""
    keys = sorted(set(groups))
    index = {key: i for i, key in enumerate(keys)}
    summed = np.zeros((len(keys), stats.shape[1]), dtype=np.float64)
    np.add.at(summed, [index[g] for g in groups], stats)
    value = metric(summed.sum(axis=0))
    if not keys:
        return value, value, value
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(keys), size=(repeats, len(keys)))
    samples = [metric(summed[draw].sum(axis=0)) for draw in draws]
    low, high = np.quantile(samples, [0.025, 0.975])
    return value, float(low), float(high)
