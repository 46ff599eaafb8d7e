"""Tone measured against hand-labelled articles (tests/data/tone_gold.yaml): label accuracy, sign
agreement and Spearman's rank correlation with bootstrap intervals, beside VADER alone and
GDELT's word tone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.tone import ToneReader
from newsgraph.schema import Analysis, Article, Draft
from newsgraph.settings import Settings

LABELS = ("negative", "neutral", "positive")
SIGNS = {"negative": -1, "neutral": 0, "positive": 1}


@dataclass(frozen=True)
class ToneCase:
    """One hand-labelled article."""

    id: str
    kind: str
    label: str
    score: float
    title: str
    text: str


def load_tone_gold(path: Path) -> list[ToneCase]:
    """The hand-labelled articles of a tone gold file; a malformed one raises ConfigError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1,
                          detail=f"cannot read the tone gold file ({error.__class__.__name__})") from None
    cases = []
    for number, item in enumerate((data or {}).get("articles") or [], 1):
        try:
            case = ToneCase(id=str(item["id"]), kind=str(item.get("kind", "")),
                            label=str(item["label"]), score=float(item["score"]),
                            title=str(item.get("title") or ""), text=str(item["text"]))
        except (KeyError, TypeError, ValueError):
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1, detail=(
                f"article {number} needs id, label, score and text")) from None
        if case.label not in LABELS or not -1 <= case.score <= 1:
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1, detail=(
                f"article {case.id}: label is one of {', '.join(LABELS)}, score in [-1, 1]"))
        cases.append(case)
    return cases


def ranks(values: Sequence[float]) -> npt.NDArray[np.float64]:
    """Ranks from 1, ties given their mean rank."""
    array = np.asarray(values, dtype=float)
    order = np.argsort(array, kind="mergesort")
    result = np.empty(len(array))
    sorted_values = array[order]
    start = 0
    while start < len(array):
        end = start
        while end + 1 < len(array) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        result[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(first: Sequence[float], second: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson's on tie-averaged ranks); 0 when either is constant."""
    a, b = ranks(first), ranks(second)
    a, b = a - a.mean(), b - b.mean()
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / norm) if norm else 0.0


def _label(value: float, band: float) -> str:
    return "neutral" if abs(value) < band else "positive" if value > 0 else "negative"


def scores(gold: Sequence[ToneCase], predicted: Sequence[float], band: float) -> dict[str, float]:
    """Label accuracy (three classes), sign agreement on the articles labelled positive or
    negative, and Spearman's correlation of the predicted value with the hand score."""
    labels = [_label(value, band) for value in predicted]
    polar = [(case, value) for case, value in zip(gold, predicted) if case.label != "neutral"]
    return {
        "label_accuracy": sum(p == case.label for p, case in zip(labels, gold)) / len(gold),
        "sign_agreement": sum(np.sign(value) == SIGNS[case.label] for case, value in polar)
        / max(1, len(polar)),
        "spearman": spearman(predicted, [case.score for case in gold]),
    }


def bootstrap(gold: Sequence[ToneCase], predicted: Sequence[float], band: float, *,
              samples: int = 1000, seed: int = 0) -> dict[str, list[float]]:
    """95 % percentile intervals of each score over articles drawn with replacement."""
    generator = np.random.default_rng(seed)
    draws: dict[str, list[float]] = {}
    for _ in range(samples):
        pick = generator.integers(0, len(gold), len(gold))
        for name, value in scores([gold[i] for i in pick], [predicted[i] for i in pick],
                                  band).items():
            draws.setdefault(name, []).append(value)
    return {name: [round(float(np.percentile(values, 2.5)), 3),
                   round(float(np.percentile(values, 97.5)), 3)] for name, values in draws.items()}


def evaluate_tone(path: Path, settings: Settings, *, samples: int = 1000,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Tone of every gold article with the configured stages up to quotes (framing's encoder is
    not needed), against its hand label; VADER alone and GDELT's word tone for comparison."""
    from newsgraph.pipeline import Pipeline

    gold = load_tone_gold(path)
    pipeline = Pipeline(settings)
    pipeline.stages = [stage for stage in pipeline.stages if "framing" not in stage.name]
    pipeline.setup()
    reader = ToneReader()
    reader.setup()
    rows = []
    for number, case in enumerate(gold, 1):
        article = Article(id=case.id, text=case.text.strip(), title=case.title or None)
        parse = pipeline.backbone.parse([article])[0]
        drafts = [Draft(article=article, analysis=Analysis(article=article,
                                                           sentences=list(parse.sentences)),
                        parse=parse)]
        for stage in pipeline.stages:
            drafts = stage(drafts)
        tone = reader.read(drafts[0].analysis, parse)
        rows.append({"id": case.id, "kind": case.kind, "gold": case.label,
                     "gold_score": case.score, "label": tone["label"], "value": tone["value"],
                     "lexical": tone["basis"]["components"]["lexical"]["value"],
                     "gdelt": tone["gdelt"]["tone"]})
        if progress is not None:
            progress(number, len(gold))
    band = reader.weights.neutral_band
    methods = {"newsgraph": [row["value"] for row in rows],
               "vader_only": [row["lexical"] for row in rows],
               "gdelt_tone": [row["gdelt"] / 10 for row in rows]}
    return {"data": str(path), "articles": len(gold),
            "gold_labels": {label: sum(c.label == label for c in gold) for label in LABELS},
            "neutral_band": band,
            "methods": {name: {"scores": {k: round(v, 3) for k, v in
                                          scores(gold, values, band).items()},
                               "intervals": bootstrap(gold, values, band, samples=samples)}
                        for name, values in methods.items()},
            "articles_scored": rows}


def format_tone_scores(report: dict[str, Any]) -> str:
    """The tone report as a small table for a terminal."""
    lines = [f"{report['articles']} articles ({report['data']}); gold labels "
             + ", ".join(f"{k} {v}" for k, v in report["gold_labels"].items()),
             f"{'method':<12} {'label acc':>18} {'sign agree':>18} {'Spearman':>18}"]
    for name, result in report["methods"].items():
        cells = [f"{result['scores'][key]:.3f} [{low:.2f}, {high:.2f}]"
                 for key in ("label_accuracy", "sign_agreement", "spearman")
                 for low, high in [result["intervals"][key]]]
        lines.append(f"{name:<12} " + " ".join(f"{cell:>18}" for cell in cells))
    return "\n".join(lines)
