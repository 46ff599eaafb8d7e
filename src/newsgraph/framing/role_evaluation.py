"""Entity roles measured on SemEval-2025 T10 subtask 1 train: folds grouped by topic, and leave
one domain out (Ukraine war / climate), with bootstrap intervals over articles; the role heads
read the mention's embeddings alone ("embeddings") or beside what the article says the entity
does ("embeddings+evidence", ``framing.roles``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsgraph.framing.datasets import RoleMention, role_documents
from newsgraph.framing.features import Matrix, label_prompts, mention_features, sentence_spans
from newsgraph.framing.metrics import role_scores
from newsgraph.framing.model import Head, decode_roles
from newsgraph.framing.roles import EVIDENCE_SIZE, read_deeds, role_evidence
from newsgraph.framing.taxonomies import builtin
from newsgraph.framing.tone import ToneReader
from newsgraph.schema import Analysis, Article

TOPICS_PER_DOMAIN = 5
FOLDS = 5
# Regularisation of the role heads: the shipped values for the embedding block
# (training.C_VALUES); the evidence block is weighted as one more standardised block.
MAIN_C = 0.001
FINE_C = 0.01
SECOND_ROLE = 0.5
EVIDENCE_WEIGHTS = (0.0, 1.0, 3.0, 10.0)


@dataclass
class RoleData:
    """Every gold mention with its two feature blocks, article and fold groups."""

    mentions: list[RoleMention]
    embedding_x: Matrix
    evidence_x: Matrix
    articles: list[str]
    domains: list[str]
    topics: list[str]


def domain_of(article_id: str) -> str:
    """"URW" or "CC" from a SemEval-2025 file name (``EN_UA_…`` / ``EN_CC_…``)."""
    return "CC" if "_CC_" in article_id else "URW"


def topic_groups(means: dict[str, Matrix], per_domain: int = TOPICS_PER_DOMAIN,
                 seed: int = 13) -> dict[str, str]:
    """Topic of each article: spherical k-means of its mean sentence embedding, per domain."""
    groups: dict[str, str] = {}
    for domain in ("URW", "CC"):
        ids = sorted(i for i in means if domain_of(i) == domain)
        if not ids:
            continue
        unit = np.stack([means[i] for i in ids])
        unit = unit / np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-9)
        k = min(per_domain, len(ids))
        centres = unit[np.random.default_rng(seed).choice(len(ids), size=k, replace=False)]
        assigned = np.zeros(len(ids), dtype=np.int64)
        for _ in range(30):
            assigned = np.argmax(unit @ centres.T, axis=1)
            for j in range(k):
                if (assigned == j).any():
                    centre = unit[assigned == j].mean(axis=0)
                    centres[j] = centre / max(float(np.linalg.norm(centre)), 1e-9)
        groups.update({i: f"{domain}-topic{int(c)}" for i, c in zip(ids, assigned)})
    return groups


def build_role_data(data: Path, embedder: Any, analyse: Callable[[Article], Analysis],
                    reader: ToneReader,
                    progress: Callable[[str], None] | None = None) -> RoleData:
    """Read subtask 1 train, analyse each article once (``analyse``: the pipeline up to quotes)
    and compute both feature blocks for every mention."""
    say = progress or (lambda message: None)
    texts, mentions = role_documents(data)
    prompts = label_prompts(builtin("narratives"), builtin("roles"), embedder)["roles"]
    analyses: dict[str, Analysis] = {}
    sentences: dict[str, tuple[list[tuple[int, int]], Matrix]] = {}
    means: dict[str, Matrix] = {}
    for number, article_id in enumerate(sorted(texts), 1):
        text = texts[article_id]
        analyses[article_id] = analyse(Article(id=article_id, text=text))
        spans = sentence_spans(text)
        vectors = embedder.embed([text[a:b] for a, b in spans])
        sentences[article_id] = (spans, vectors)
        means[article_id] = np.asarray(vectors.mean(axis=0) if len(vectors) else
                                       np.zeros(vectors.shape[1]), dtype=np.float32)
        if number % 10 == 0:
            say(f"roles: {number} of {len(texts)} articles analysed")
    topics = topic_groups(means)
    embedding_rows, evidence_rows = [], []
    for mention in mentions:
        spans, vectors = sentences[mention.article_id]
        embedding_rows.append(mention_features(texts[mention.article_id], spans, vectors,
                                               mention.start, mention.end, mention.text,
                                               embedder, prompts))
        evidence_rows.append(role_evidence(read_deeds(analyses[mention.article_id],
                                                      mention.start, mention.end, mention.text,
                                                      reader)))
    return RoleData(mentions, np.stack(embedding_rows),
                    np.stack(evidence_rows) if evidence_rows else
                    np.zeros((0, EVIDENCE_SIZE), dtype=np.float32),
                    [m.article_id for m in mentions], [domain_of(m.article_id) for m in mentions],
                    [topics[m.article_id] for m in mentions])


def features(role_data: RoleData, evidence_weight: float) -> tuple[Matrix, Matrix]:
    """The heads' input and the weight of each column (0 leaves the evidence block out)."""
    x = np.hstack([role_data.embedding_x, role_data.evidence_x]).astype(np.float32)
    weights = np.ones(x.shape[1], dtype=np.float32)
    weights[role_data.embedding_x.shape[1]:] = evidence_weight
    return x, weights


def fit_role_heads(x: Matrix, weights: Matrix, mentions: Sequence[RoleMention]) -> tuple[Head, Head]:
    """The main-role (softmax) and fine-role (one-vs-rest) heads."""
    from newsgraph.framing.corpus import multi_hot
    from newsgraph.framing.training import fit_head

    roles = builtin("roles")
    mains = [label.name for label in roles.labels]
    fines = [label.name for label in roles.fine]
    main = fit_head(x, np.array([mains.index(m.main_role) for m in mentions]), mains, c=MAIN_C,
                    softmax=True, dense_weight=weights)
    fine = fit_head(x, multi_hot([m.fine_roles for m in mentions], fines), fines, c=FINE_C,
                    dense_weight=weights)
    fine.threshold = SECOND_ROLE
    return main, fine


def predict_roles(main: Head, fine: Head, x: Matrix) -> list[tuple[str, list[str]]]:
    """Main role and fine roles of each row, decoded as the stage decodes them."""
    parents = {label.name: label.parent or "" for label in builtin("roles").fine}
    return [decode_roles(m, f, main.labels, fine.labels, parents, second_threshold=fine.threshold)
            for m, f in zip(main.scores(x), fine.scores(x))]


def majority(train: Sequence[RoleMention], size: int) -> list[tuple[str, list[str]]]:
    """The training fold's commonest main role with its commonest fine role, for every row."""
    main = Counter(m.main_role for m in train).most_common(1)[0][0]
    fine = Counter(f for m in train if m.main_role == main for f in m.fine_roles).most_common(1)
    return [(main, [fine[0][0]] if fine else [])] * size


def grouped_folds(groups: Sequence[str], folds: int = FOLDS) -> list[npt.NDArray[np.int64]]:
    """Test rows of each fold: whole groups, assigned largest first to the smallest fold."""
    sizes = Counter(groups)
    assignment: dict[str, int] = {}
    totals = [0] * folds
    for group, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold = totals.index(min(totals))
        assignment[group] = fold
        totals[fold] += size
    return [np.array([i for i, g in enumerate(groups) if assignment[g] == f], dtype=np.int64)
            for f in range(folds)]


def out_of_fold(role_data: RoleData, test_sets: Sequence[npt.NDArray[np.int64]],
                evidence_weight: float | None) -> list[tuple[str, list[str]] | None]:
    """Predictions for the rows of every test set from heads fit on the other rows; None as
    the weight gives the majority baseline."""
    predicted: list[tuple[str, list[str]] | None] = [None] * len(role_data.mentions)
    for test in test_sets:
        train = np.setdiff1d(np.arange(len(role_data.mentions)), test)
        mentions = [role_data.mentions[i] for i in train]
        if evidence_weight is None:
            rows = majority(mentions, len(test))
        else:
            x, weights = features(role_data, evidence_weight)
            main, fine = fit_role_heads(x[train], weights, mentions)
            rows = predict_roles(main, fine, x[test])
        for i, row in zip(test, rows):
            predicted[int(i)] = row
    return predicted


def scored(role_data: RoleData, predicted: Sequence[tuple[str, list[str]] | None], *,
           samples: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Exact match, fine-role micro-F1 and main-role accuracy over the predicted rows, with 95 %
    bootstrap intervals over articles."""
    rows = [i for i, p in enumerate(predicted) if p is not None]
    gold = [role_data.mentions[i] for i in rows]
    guesses = [p for p in predicted if p is not None]
    result: dict[str, Any] = {"mentions": len(rows),
                              **{k: round(v, 3) for k, v in role_scores(gold, guesses).items()}}
    by_article: dict[str, list[int]] = {}
    for position, i in enumerate(rows):
        by_article.setdefault(role_data.articles[i], []).append(position)
    articles = sorted(by_article)
    generator = np.random.default_rng(seed)
    draws: dict[str, list[float]] = {}
    for _ in range(samples):
        picked = [p for a in generator.choice(len(articles), len(articles))
                  for p in by_article[articles[int(a)]]]
        for key, value in role_scores([gold[p] for p in picked],
                                      [guesses[p] for p in picked]).items():
            draws.setdefault(key, []).append(value)
    result["intervals"] = {key: [round(float(np.percentile(v, 2.5)), 3),
                                 round(float(np.percentile(v, 97.5)), 3)]
                           for key, v in draws.items()
                           if key in ("exact_match_ratio", "main_role_accuracy")}
    return result


def evaluate_roles(role_data: RoleData, *, samples: int = 1000) -> dict[str, Any]:
    """Every model under topic-grouped folds and leave-one-domain-out (both directions)."""
    schemes = {"topic_folds": grouped_folds(role_data.topics)}
    for domain in ("URW", "CC"):
        held = np.array([i for i, d in enumerate(role_data.domains) if d == domain], dtype=np.int64)
        schemes[f"held_out_{domain}"] = [held]
    models: dict[str, float | None] = {"majority": None}
    models.update({("embeddings" if w == 0 else f"embeddings+evidence x{w:g}"): w
                   for w in EVIDENCE_WEIGHTS})
    report: dict[str, Any] = {"mentions": len(role_data.mentions),
                              "articles": len(set(role_data.articles)),
                              "main_roles": dict(Counter(m.main_role for m in role_data.mentions)),
                              "schemes": {}}
    for scheme, test_sets in schemes.items():
        report["schemes"][scheme] = {name: scored(role_data, out_of_fold(role_data, test_sets, w),
                                                  samples=samples)
                                     for name, w in models.items()}
    return report


def format_role_scores(report: dict[str, Any]) -> str:
    """The role report as a table for a terminal."""
    lines = [f"{report['mentions']} mentions in {report['articles']} articles; main roles "
             + ", ".join(f"{k} {v}" for k, v in report["main_roles"].items())]
    for scheme, models in report["schemes"].items():
        lines.append(f"\n{scheme}")
        for name, result in models.items():
            emr, acc = result["intervals"]["exact_match_ratio"], result["intervals"][
                "main_role_accuracy"]
            lines.append(f"  {name:<28} EMR {result['exact_match_ratio']:.3f} [{emr[0]:.2f}, "
                         f"{emr[1]:.2f}]  main acc {result['main_role_accuracy']:.3f} "
                         f"[{acc[0]:.2f}, {acc[1]:.2f}]  fine F1 {result['micro_f1']:.3f}")
    return "\n".join(lines)


def run_role_evaluation(data: Path, settings: Any, *, cache_file: str = "", samples: int = 1000,
                        progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Analyse subtask 1 train with the configured stages up to quotes, then ``evaluate_roles``."""
    from newsgraph.framing.embeddings import make_embedder
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(settings)
    pipeline.stages = [stage for stage in pipeline.stages if "framing" not in stage.name]
    pipeline.setup()
    embedder = make_embedder(settings.framing.encoder, cache_file=cache_file)
    embedder.setup()
    reader = ToneReader()
    reader.setup()
    role_data = build_role_data(data, embedder, lambda article: pipeline.analyse([article])[0],
                                reader, progress)
    if cache_file:
        embedder.save_cache()
    return evaluate_roles(role_data, samples=samples)
