"""Figures that predict how framing does on news it has not seen: nested scores over folds
grouped by topic and source, bootstrap intervals on every figure, genre under shifted class
priors, leave-one-domain-out (Ukraine war / climate) and the domain gate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from newsgraph.framing.corpus import GENRES, Corpus, OutOfFold, domain_of_document, task_folds
from newsgraph.framing.datasets import RoleMention
from newsgraph.framing.features import Matrix
from newsgraph.framing.metrics import (Stats, bootstrap, macro_from, macro_stats, micro_from,
                                       micro_stats, ratio_from, role_scores, samples_stats)
from newsgraph.framing.model import decide_genre, gate_domain
from newsgraph.framing.selection import (AT_LEAST_BEST, GENRE_MARGIN, NEWS_PRIORS, OTHER_SHARES,
                                         UNIFORM_PRIORS, Decoding, _predict_narratives, _predict_roles, _subset,
                                         nested_narratives, nested_scores, other_share_weights,
                                         predict_genre, tune, tune_narratives)
from newsgraph.framing.training import fit_heads

# The class mix of the SemEval-2023 English dev split as its SOURCE.md states it (54 reporting,
# 20 opinion, 9 satire): used only to reweight figures, never to choose anything.
DEV_MIX = {"reporting": 54 / 83, "opinion": 20 / 83, "satire": 9 / 83}


def _interval(stats: Stats, groups: Sequence[str], metric: Callable[[Stats], float]) -> dict[str, float]:
    value, low, high = bootstrap(stats, groups, metric)
    return {"value": round(value, 4), "low": round(low, 4), "high": round(high, 4)}


def official_intervals(corpus: Corpus, predicted: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Bootstrap intervals (articles resampled) of the official figures of ``predicted``."""
    docs = corpus.narrative_docs
    ids = [d.id for d in docs]
    mentions = corpus.role_mentions
    exact = np.array([[float(set(m.fine_roles) == set(p[1])), 1.0]
                      for m, p in zip(mentions, predicted["roles"])]).reshape(-1, 2)
    main = np.array([[float(m.main_role == p[0]), 1.0]
                     for m, p in zip(mentions, predicted["roles"])]).reshape(-1, 2)
    technique_gold = [corpus.technique_docs[corpus.paragraph_owner[i]].paragraph_techniques.get(
        line, []) for i, (_, line) in enumerate(corpus.paragraph_keys)]
    genre_ids = [d.id for d in corpus.genre_docs]
    return {
        "narratives_coarse": _interval(samples_stats([d.narratives for d in docs],
                                                     [p[0] for p in predicted["narratives"]]),
                                       ids, ratio_from),
        "narratives_fine": _interval(samples_stats([d.subnarratives for d in docs],
                                                   [p[1] for p in predicted["narratives"]]),
                                     ids, ratio_from),
        "roles_exact_match": _interval(exact, [m.article_id for m in mentions], ratio_from),
        "roles_main_accuracy": _interval(main, [m.article_id for m in mentions], ratio_from),
        "genre_macro_f1": _interval(macro_stats([d.genre or "" for d in corpus.genre_docs],
                                                predicted["genre"], GENRES), genre_ids, macro_from),
        "frames_micro_f1": _interval(micro_stats([d.frames for d in corpus.genre_docs],
                                                 predicted["frames"]), genre_ids, micro_from),
        "techniques_micro_f1": _interval(micro_stats(technique_gold, predicted["techniques"]),
                                         [key[0] for key in corpus.paragraph_keys], micro_from),
    }


# The share of SemEval-2025 English dev articles labelled only "Other", as its SOURCE.md states
# it (11 of 41): used only to reweight figures, never to choose anything.
DEV_OTHER_SHARE = 11 / 41


def _narrative_intervals(docs: Sequence[Any], predicted: Sequence[tuple[list[str], list[str]]],
                         weights: Matrix) -> dict[str, dict[str, float]]:
    ids = [d.id for d in docs]
    return {level: _interval(samples_stats([d.narratives if level == "coarse" else d.subnarratives
                                            for d in docs],
                                           [p[0 if level == "coarse" else 1] for p in predicted])
                             * weights[:, None], ids, ratio_from)
            for level in ("coarse", "fine")}


def narratives_under_other_shares(corpus: Corpus, predicted: dict[str, Any] | Sequence[Any],
                                  docs: Sequence[Any] | None = None) -> dict[str, Any]:
    """Nested narrative F1-samples with the articles reweighted so that those labelled only
    "Other" carry a given share: the training split's own, half, the dev split's stated share
    (four in ten training articles tell no narrative; fewer dev articles do), and the mean over
    the shares 20-50 % (``selection.OTHER_SHARES``, the criterion the decoding is chosen by),
    with the share of articles said "Other"."""
    docs = corpus.narrative_docs if docs is None else docs
    decoded = predicted["narratives"] if isinstance(predicted, dict) else predicted
    other = [d.narratives == ["Other"] for d in docs]
    own = float(np.mean(other)) if len(other) else 0.0
    figures: dict[str, Any] = {"train_other_share": round(own, 4), "said_other": round(
        float(np.mean([p[0] == ["Other"] for p in decoded])) if len(decoded) else 0.0, 4)}
    for name, share in (("train", own), ("half", 0.5), ("dev_stated", DEV_OTHER_SHARE)):
        if not 0 < own < 1:
            break
        figures[name] = {"other_share": round(share, 4),
                         **_narrative_intervals(docs, decoded, other_share_weights(other, share))}
    if 0 < own < 1:
        weights = np.mean([other_share_weights(other, share) for share in OTHER_SHARES], axis=0)
        figures["mean_over_shares"] = {"other_shares": [OTHER_SHARES[0], OTHER_SHARES[-1]],
                                       **_narrative_intervals(docs, decoded, weights)}
    return figures


# The narrative decodings compared (all nested; docs/models/framing.md): "Other" from the
# presence head, at least the best narrative where it says one is told, and the older decoding
# without it; each chosen at the training share of "Other" and over the shares 20-50 %.
NARRATIVE_DECODINGS = {
    "presence": Decoding(),
    "presence, at least the best narrative": Decoding(at_least_best=True),
    "no presence head": Decoding(use_presence=False),
}


def compare_narrative_decodings(corpus: Corpus, oof: OutOfFold, folds: int) -> dict[str, Any]:
    """``narratives_under_other_shares`` of each of NARRATIVE_DECODINGS, nested, chosen at
    the training share of "Other" and by the mean over the shares 20-50 %."""
    result: dict[str, Any] = {}
    for name, start in NARRATIVE_DECODINGS.items():
        for criterion, shares in (("train share", None), ("shares 20-50 %", OTHER_SHARES)):
            predicted = nested_narratives(corpus, oof, folds, start, shares)
            result[f"{name}; chosen at {criterion}"] = narratives_under_other_shares(
                corpus, predicted)
    return result


def genre_under_priors(corpus: Corpus, oof: OutOfFold) -> dict[str, Any]:
    """Genre on out-of-fold scores with the class priors made explicit: decided under a prior
    and scored with every article reweighted so the classes carry that prior (uniform, a news
    stream, the dev split's stated mix); the two-class opinion/reporting figure (the classes
    with at least 30 examples); PolNeAR reports of publishers the head never saw; and how often
    the stage would say "uncertain"."""
    gold = [d.genre or "" for d in corpus.genre_docs]
    ids = [d.id for d in corpus.genre_docs]
    share = {g: max(1, gold.count(g)) / len(gold) for g in GENRES}
    figures: dict[str, Any] = {"articles": {g: gold.count(g) for g in GENRES}}
    for name, priors in (("uniform", UNIFORM_PRIORS), ("news_stream", NEWS_PRIORS),
                         ("dev_mix", DEV_MIX)):
        predicted = predict_genre(oof.genre, priors)
        weights = [priors[g] / share[g] for g in gold]
        figures[name] = {
            "priors": {g: round(p, 3) for g, p in priors.items()},
            "macro_f1": _interval(macro_stats(gold, predicted, GENRES, weights), ids, macro_from),
            "macro_f1_opinion_reporting": _interval(
                macro_stats(gold, predicted, ("opinion", "reporting"), weights), ids, macro_from),
            "predicted": {g: predicted.count(g) for g in GENRES}}
        per_class = macro_stats(gold, predicted, GENRES, weights).sum(axis=0)
        figures[name]["f1_per_class"] = {g: round(macro_from(per_class[3 * j:3 * j + 3]), 4)
                                         for j, g in enumerate(GENRES)}
    if len(oof.reporting):
        found = predict_genre(oof.reporting, NEWS_PRIORS)
        recall = np.array([[float(g == "reporting"), 1.0] for g in found])
        figures["polnear_reporting_recall"] = _interval(
            recall, [d.id.split("/", 1)[0] for d in corpus.reporting_docs], ratio_from)
    decisions = [decide_genre(row, GENRES, NEWS_PRIORS, GENRE_MARGIN) for row in oof.genre]
    figures["uncertain_share"] = round(float(np.mean([d.label == "uncertain" for d in decisions])), 4)
    return figures


def domain_gate_figures(corpus: Corpus, oof: OutOfFold) -> dict[str, Any]:
    """How the out-of-fold domain gate reads SemEval-2025 articles (URW, CC) and articles of
    neither domain (SemEval-2023, PolNeAR)."""
    if not len(oof.domain):
        return {}
    truth = [domain_of_document(d.id) for d in corpus.narrative_docs]
    said = [gate_domain(row) for row in oof.domain]
    right = np.array([[float(t == s), 1.0] for t, s in zip(truth, said)])
    figures: dict[str, Any] = {"semeval2025_accuracy": _interval(
        right, [d.id for d in corpus.narrative_docs], ratio_from)}
    for name, rows in (("semeval2023_said_none", oof.domain_genre),
                       ("polnear_said_none", oof.domain_reporting)):
        if len(rows):
            figures[name] = round(float(np.mean([gate_domain(r) == "none" for r in rows])), 4)
    figures["semeval2025_said_none"] = round(float(np.mean([s == "none" for s in said])), 4)
    return figures


def leave_one_domain_out(corpus: Corpus, oof: OutOfFold, folds: int,
                         narrative_start: Decoding | None = None) -> dict[str, Any]:
    """Train on one domain of SemEval-2025, test on the other. Roles: heads fitted on one
    domain's mentions (the second-role threshold from grouped folds inside it), scored on the
    other's. Narratives: their labels belong to one domain, so heads cannot carry over; the
    figure is the decoding (thresholds, caps) chosen on one domain's out-of-fold scores and
    applied to the other's."""
    result: dict[str, Any] = {}
    mentions = corpus.role_mentions
    for source, target in (("URW", "CC"), ("CC", "URW")):
        train = [i for i, m in enumerate(mentions) if domain_of_document(m.article_id) == source]
        test = [i for i, m in enumerate(mentions) if domain_of_document(m.article_id) == target]
        if not test or len({mentions[i].main_role for i in train}) < 2:
            continue
        inner_folds = [f for f in task_folds(corpus, folds)["roles"]]
        inner_oof_main = np.zeros((len(mentions), oof.main.shape[1]), np.float32)
        inner_oof_fine = np.zeros((len(mentions), oof.fine_roles.shape[1]), np.float32)
        for k in set(inner_folds[i] for i in train):
            fit_rows = [i for i in train if inner_folds[i] != k]
            held = [i for i in train if inner_folds[i] == k]
            if not held or len({mentions[i].main_role for i in fit_rows}) < 2:
                continue
            heads = fit_heads(corpus, {"roles": fit_rows}, ("roles",))
            inner_oof_main[held] = heads["main_roles"].scores(corpus.role_x[held])
            inner_oof_fine[held] = heads["fine_roles"].scores(corpus.role_x[held])
        part, part_oof = _subset(corpus, oof, lambda task, i: task != "roles" or i in set(train))
        part_oof.main, part_oof.fine_roles = inner_oof_main[train], inner_oof_fine[train]
        second = max((round(0.05 * i, 2) for i in range(1, 19)), key=lambda t: role_scores(
            part.role_mentions, _predict_roles(part_oof, Decoding(second_role=t)))["exact_match_ratio"])
        heads = fit_heads(corpus, {"roles": train}, ("roles",))
        _, test_oof = _subset(corpus, oof, lambda task, i: task != "roles" or i in set(test))
        test_oof.main = heads["main_roles"].scores(corpus.role_x[test])
        test_oof.fine_roles = heads["fine_roles"].scores(corpus.role_x[test])
        predicted = _predict_roles(test_oof, Decoding(second_role=second))
        gold: list[RoleMention] = [mentions[i] for i in test]
        exact = np.array([[float(set(g.fine_roles) == set(p[1])), 1.0] for g, p in zip(gold, predicted)])
        main = np.array([[float(g.main_role == p[0]), 1.0] for g, p in zip(gold, predicted)])
        majority = max(set(g.main_role for g in gold), key=[g.main_role for g in gold].count)
        result[f"roles {source} -> {target}"] = {
            "mentions": len(test),
            "exact_match": _interval(exact, [g.article_id for g in gold], ratio_from),
            "main_role_accuracy": _interval(main, [g.article_id for g in gold], ratio_from),
            "main_role_majority": round(sum(g.main_role == majority for g in gold) / len(gold), 4)}
    docs = corpus.narrative_docs
    narrative_start = narrative_start or Decoding(at_least_best=AT_LEAST_BEST)
    for source, target in (("URW", "CC"), ("CC", "URW")):
        inside, outside = _subset(corpus, oof, lambda task, i: task != "narratives" or
                                  domain_of_document(docs[i].id) == source), _subset(
            corpus, oof, lambda task, i: task != "narratives" or
            domain_of_document(docs[i].id) == target)
        decoding = tune_narratives(inside[0], inside[1], narrative_start)
        decoded = _predict_narratives(outside[1], decoding)
        ids = [d.id for d in outside[0].narrative_docs]
        result[f"narrative decoding {source} -> {target}"] = {
            "articles": len(ids),
            "coarse": _interval(samples_stats([d.narratives for d in outside[0].narrative_docs],
                                              [p[0] for p in decoded]), ids, ratio_from),
            "fine": _interval(samples_stats([d.subnarratives for d in outside[0].narrative_docs],
                                            [p[1] for p in decoded]), ids, ratio_from),
            "under_other_shares": narratives_under_other_shares(
                outside[0], decoded, outside[0].narrative_docs)}
    return result


def framing_report(corpus: Corpus, oof: OutOfFold, folds: int,
                   progress: Callable[[str], None] | None = None) -> tuple[dict[str, Any], dict[str, Any], list[Decoding]]:
    """Every figure of ``eval framing`` and ``train framing``, with the predictions and the
    decodings of the chosen (nested) variant."""
    say = progress or (lambda message: None)
    say("nested figures")
    scores, predicted, chosen = nested_scores(corpus, oof, folds, per_label=True)
    global_scores, global_predicted, global_chosen = nested_scores(corpus, oof, folds, per_label=False)
    own = scores["semeval2023_t3"]["subtask3_techniques"]["micro_f1"]
    one = global_scores["semeval2023_t3"]["subtask3_techniques"]["micro_f1"]
    per_label = own > one
    if not per_label:
        scores, predicted, chosen = global_scores, global_predicted, global_chosen
    ungated, _, _ = nested_scores(corpus, oof, folds, per_label=per_label, gate=False)
    absent, _, _ = nested_scores(corpus, oof, folds, per_label=per_label, presence=False)
    say("intervals, priors, domains")
    scores["intervals"] = official_intervals(corpus, predicted)
    scores["choices"] = {
        "technique_thresholds": "per technique" if per_label else "one for all",
        "techniques_per_technique_nested": round(own, 4),
        "techniques_one_threshold_nested": round(one, 4),
        "narratives_without_gate_nested": {
            "coarse": round(ungated["semeval2025_t10"]["subtask2_narratives"]["f1_samples_coarse"], 4),
            "fine": round(ungated["semeval2025_t10"]["subtask2_narratives"]["f1_samples_fine"], 4)},
        "narratives_without_presence_head_nested": {
            "coarse": round(absent["semeval2025_t10"]["subtask2_narratives"]["f1_samples_coarse"], 4),
            "fine": round(absent["semeval2025_t10"]["subtask2_narratives"]["f1_samples_fine"], 4)}}
    scores["narratives_under_other_shares"] = narratives_under_other_shares(corpus, predicted)
    say("narrative decodings")
    scores["narrative_decodings_nested"] = compare_narrative_decodings(corpus, oof, folds)
    scores["genre_under_priors"] = genre_under_priors(corpus, oof)
    scores["domain_gate"] = domain_gate_figures(corpus, oof)
    say("leave one domain out")
    scores["leave_one_domain_out"] = leave_one_domain_out(corpus, oof, folds)
    scores["groups"] = {task: len(set(values)) for task, values in corpus.groups.items()}
    return scores, predicted, chosen
