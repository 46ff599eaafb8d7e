"""The official metrics of SemEval-2025 T10 and SemEval-2023 T3."""

from __future__ import annotations

from collections.abc import Sequence

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
