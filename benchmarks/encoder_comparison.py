"""Framing under two sentence encoders on the same grouped folds, with paired intervals.

Runs what ``newsgraph eval framing`` runs (``build_corpus``, ``out_of_fold``,
``stack_out_of_fold``, ``stack_presence``, ``framing_report``) once per encoder, the second
encoder's corpus given the first one's topic groups, so that both are scored on the same 5
folds (topic groups come from an encoder's own vectors, and different folds move the figures
as much as an encoder does). Then a paired bootstrap of (second - first) for every official
figure: articles, with their mentions or paragraphs, resampled jointly (1,000 draws, seed 7).
Writes each encoder's full report and the paired table as JSON into ``--out``.
Run from the repository root (about 15 minutes on the shared 2-core machine):

    python benchmarks/encoder_comparison.py --data ../shared/data --out /tmp/encoders \\
        [--cache-minilm /tmp/emb.npz --cache-static /tmp/emb_static.npz]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.framing.corpus import GENRES, Corpus, build_corpus  # noqa: E402
from newsgraph.framing.evaluation import DEV_MIX, DEV_OTHER_SHARE, framing_report  # noqa: E402
from newsgraph.framing.metrics import (macro_from, macro_stats, micro_from, micro_stats,  # noqa: E402
                                       ratio_from, samples_stats)
from newsgraph.framing.narratives import stack_presence  # noqa: E402
from newsgraph.framing.selection import UNIFORM_PRIORS, predict_genre  # noqa: E402
from newsgraph.framing.training import (cached_embedder, logistic_regression,  # noqa: E402
                                        out_of_fold, stack_out_of_fold)

Figure = tuple[np.ndarray[Any, Any], list[str], Callable[[np.ndarray[Any, Any]], float]]


def unit_stats(corpus: Corpus, predicted: dict[str, Any], genre_scores: Any) -> dict[str, Figure]:
    """Per-unit statistics of every official figure, with the article each unit belongs to."""
    docs, mentions = corpus.narrative_docs, corpus.role_mentions
    ids = [d.id for d in docs]
    genre_ids = [d.id for d in corpus.genre_docs]
    technique_gold = [corpus.technique_docs[corpus.paragraph_owner[i]].paragraph_techniques.get(
        line, []) for i, (_, line) in enumerate(corpus.paragraph_keys)]
    gold_genre = [d.genre or "" for d in corpus.genre_docs]
    figures: dict[str, Figure] = {
        "narratives_coarse": (samples_stats([d.narratives for d in docs],
                                            [p[0] for p in predicted["narratives"]]), ids, ratio_from),
        "narratives_fine": (samples_stats([d.subnarratives for d in docs],
                                          [p[1] for p in predicted["narratives"]]), ids, ratio_from),
        "roles_exact_match": (np.array([[float(set(m.fine_roles) == set(p[1])), 1.0]
                                        for m, p in zip(mentions, predicted["roles"])]),
                              [m.article_id for m in mentions], ratio_from),
        "roles_main_accuracy": (np.array([[float(m.main_role == p[0]), 1.0]
                                          for m, p in zip(mentions, predicted["roles"])]),
                                [m.article_id for m in mentions], ratio_from),
        "genre_macro_f1_train_mix": (macro_stats(gold_genre, predicted["genre"], GENRES),
                                     genre_ids, macro_from),
        "frames_micro_f1": (micro_stats([d.frames for d in corpus.genre_docs], predicted["frames"]),
                            genre_ids, micro_from),
        "techniques_micro_f1": (micro_stats(technique_gold, predicted["techniques"]),
                                [key[0] for key in corpus.paragraph_keys], micro_from),
    }
    share = {g: max(1, gold_genre.count(g)) / len(gold_genre) for g in GENRES}
    for name, priors in (("uniform", UNIFORM_PRIORS), ("dev_mix", DEV_MIX)):
        genre = predict_genre(genre_scores, priors)
        weights = [priors[g] / share[g] for g in gold_genre]
        figures[f"genre_macro_f1_{name}"] = (macro_stats(gold_genre, genre, GENRES, weights),
                                             genre_ids, macro_from)
    other = np.array([d.narratives == ["Other"] for d in docs])
    own = float(other.mean())
    weight = np.where(other, DEV_OTHER_SHARE / own, (1 - DEV_OTHER_SHARE) / (1 - own))[:, None]
    for level in ("coarse", "fine"):
        stats, groups, metric = figures[f"narratives_{level}"]
        figures[f"narratives_{level}_dev_other_share"] = (stats * weight, groups, metric)
    return figures


def paired(first: Figure, second: Figure, draws: int = 1000, seed: int = 7) -> dict[str, Any]:
    """Both figures, the first's interval, and the paired interval of second - first."""
    stats_a, groups, metric = first
    stats_b = second[0]
    keys = sorted(set(groups))
    index = [{key: i for i, key in enumerate(keys)}[g] for g in groups]
    summed_a = np.zeros((len(keys), stats_a.shape[1]))
    summed_b = np.zeros((len(keys), stats_b.shape[1]))
    np.add.at(summed_a, index, stats_a)
    np.add.at(summed_b, index, stats_b)
    picks = np.random.default_rng(seed).integers(0, len(keys), size=(draws, len(keys)))
    value_a, value_b = metric(summed_a.sum(axis=0)), metric(summed_b.sum(axis=0))
    alone = np.quantile([metric(summed_a[p].sum(axis=0)) for p in picks], [0.025, 0.975])
    gaps = np.quantile([metric(summed_b[p].sum(axis=0)) - metric(summed_a[p].sum(axis=0))
                        for p in picks], [0.025, 0.975])
    return {"first": round(value_a, 4), "first_interval": [round(float(x), 4) for x in alone],
            "second": round(value_b, 4), "difference": round(value_b - value_a, 4),
            "difference_interval": [round(float(x), 4) for x in gaps],
            "second_within_first_interval": bool(value_b >= alone[0])}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="The shared data folder.")
    parser.add_argument("--out", required=True, type=Path, help="A folder for the JSON reports.")
    parser.add_argument("--encoders", default="minilm,static", help="first,second")
    parser.add_argument("--cache-minilm", default="", help="Sentence cache (.npz) for MiniLM.")
    parser.add_argument("--cache-static", default="", help="Sentence cache (.npz) for static.")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    encoders = args.encoders.split(",")
    caches = {"minilm": args.cache_minilm, "static": args.cache_static}

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    logistic_regression()
    args.out.mkdir(parents=True, exist_ok=True)
    corpora: dict[str, Corpus] = {}
    for encoder in encoders:
        embedder = cached_embedder(caches.get(encoder, ""), encoder)
        corpora[encoder] = build_corpus(args.data, embedder, progress=say)
        if caches.get(encoder):
            embedder.save_cache()
    corpora[encoders[1]].groups = corpora[encoders[0]].groups
    figures = {}
    for encoder, corpus in corpora.items():
        say(f"{encoder}: out-of-fold scores")
        first_stage = out_of_fold(corpus, args.folds, progress=say)
        oof = stack_presence(corpus, stack_out_of_fold(corpus, first_stage, args.folds), args.folds)
        scores, predicted, _ = framing_report(corpus, oof, args.folds, say)
        scores["encoder"] = encoder
        (args.out / f"scores_{encoder}.json").write_text(json.dumps(scores, indent=2),
                                                          encoding="utf-8")
        figures[encoder] = unit_stats(corpora[encoders[0]], predicted, oof.genre)
    table = {name: {"encoders": encoders, **paired(figures[encoders[0]][name],
                                                   figures[encoders[1]][name])}
             for name in figures[encoders[0]]}
    (args.out / "paired.json").write_text(json.dumps(table, indent=2), encoding="utf-8")
    print(json.dumps(table, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
