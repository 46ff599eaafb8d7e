"""The framing training corpus: every training unit of SemEval-2025 T10 and SemEval-2023 T3
with its features, built once and sliced by the folds."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.framing.datasets import (Document, RoleMention, genre_frame_documents,
                                        narrative_documents, reporting_documents, role_documents,
                                        technique_documents)
from newsgraph.framing.embeddings import Embedder
from newsgraph.framing.features import (GENRE_STYLE_SIZE, GenreStyle, Matrix, Vocabulary,
                                        article_features, genre_style_features, label_prompts,
                                        label_similarity, mention_features, sentence_spans)
from newsgraph.framing.taxonomies import builtin
from newsgraph.framing.techniques import article_word_counts, load_technique_cues, paragraph_features

GENRES = ("opinion", "reporting", "satire")
# Article-level tasks and the unit lists their fold groups are given for.
TASKS = ("narratives", "roles", "genre", "reporting", "paragraphs")


@dataclass
class Corpus:
    """Every training unit with its features, built once and sliced by the folds.

    ``groups`` gives, per task, a fold group for each unit: a topic cluster of its article
    (within its domain for SemEval-2025), or its publisher for PolNeAR, so that folds never
    split a topic or a source."""

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
    genre_style_x: Matrix = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    reporting_docs: list[Document] = field(default_factory=list)
    reporting_x: Matrix = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    reporting_style_x: Matrix = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    narrative_mean: Matrix = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    genre_mean: Matrix = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    reporting_mean: Matrix = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    groups: dict[str, list[str]] = field(default_factory=dict)

    def genre_rows(self, rows: Sequence[int]) -> Matrix:
        """What the genre head reads for SemEval-2023 articles ``rows``."""
        return np.hstack([self.genre_x[list(rows)], self.genre_style_x[list(rows)]])

    def reporting_rows(self, rows: Sequence[int]) -> Matrix:
        """What the genre head reads for PolNeAR articles ``rows``."""
        return np.hstack([self.reporting_x[list(rows)], self.reporting_style_x[list(rows)]])


def domain_of_document(document_id: str) -> str:
    """"URW" or "CC" from a SemEval-2025 file name (``EN_UA_…`` / ``EN_CC_…``), else "none"."""
    if "_UA_" in document_id or document_id.startswith("UA"):
        return "URW"
    if "_CC_" in document_id or document_id.startswith("CC"):
        return "CC"
    return "none"


def topic_clusters(vectors: Matrix, k: int, seed: int = 13) -> list[int]:
    """k-means (cosine, fixed seed) over articles' mean sentence embeddings: topic groups for
    the folds."""
    if len(vectors) == 0:
        return []
    k = max(1, min(k, len(vectors)))
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(seed)
    centres = unit[rng.choice(len(unit), size=k, replace=False)]
    assigned = np.zeros(len(unit), dtype=np.int64)
    for _ in range(30):
        assigned = np.argmax(unit @ centres.T, axis=1)
        for j in range(k):
            members = unit[assigned == j]
            if len(members):
                centre = members.mean(axis=0)
                centres[j] = centre / max(float(np.linalg.norm(centre)), 1e-9)
    return [int(a) for a in assigned]


TOPICS_PER_DOMAIN = 5
T3_TOPICS = 10


def build_corpus(data: Path, embedder: Embedder, *, progress: Callable[[str], None] | None = None,
                 reporting: bool = True) -> Corpus:
    """Read the training splits (and PolNeAR's hard news when ``reporting``) and compute every
    feature matrix and the fold groups."""
    say = progress or (lambda message: None)
    narrative_docs = narrative_documents(data)
    role_texts, mentions = role_documents(data)
    genre_docs = genre_frame_documents(data)
    technique_docs = technique_documents(data)
    reporting_docs = reporting_documents(data) if reporting else []
    vocabulary = Vocabulary.fit([d.text for d in narrative_docs] + [d.text for d in genre_docs])
    prompts = label_prompts(builtin("narratives"), builtin("roles"), embedder)
    style = GenreStyle.load()

    def sentences(text: str) -> tuple[list[tuple[int, int]], Matrix]:
        spans = sentence_spans(text)
        return spans, embedder.embed([text[a:b] for a, b in spans])

    def mean(vectors: Matrix) -> Matrix:
        return np.asarray(vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1]),
                          dtype=np.float32)

    say(f"narratives: {len(narrative_docs)} articles")
    rows, t10_means = [], {}
    for document in narrative_docs:
        _, vectors = sentences(document.text)
        t10_means[document.id] = mean(vectors)
        rows.append(np.concatenate([article_features(vectors, document.text, vocabulary),
                                    label_similarity(vectors, prompts["narratives"])]))
    narrative_x = np.stack(rows)
    say(f"roles: {len(mentions)} mentions")
    role_rows = []
    by_article: dict[str, tuple[list[tuple[int, int]], Matrix]] = {}
    for mention in mentions:
        if mention.article_id not in by_article:
            by_article[mention.article_id] = sentences(role_texts[mention.article_id])
            t10_means.setdefault(mention.article_id, mean(by_article[mention.article_id][1]))
        spans, vectors = by_article[mention.article_id]
        role_rows.append(mention_features(role_texts[mention.article_id], spans, vectors,
                                          mention.start, mention.end, mention.text,
                                          embedder, prompts["roles"]))
    role_x = np.stack(role_rows)
    say(f"genre and frames: {len(genre_docs)} articles, {len(reporting_docs)} PolNeAR reports")
    genre_rows, genre_style, t3_means = [], [], {}
    for document in genre_docs:
        vectors = sentences(document.text)[1]
        t3_means[document.id] = mean(vectors)
        genre_rows.append(article_features(vectors, document.text, vocabulary))
        genre_style.append(genre_style_features(document.text, style))
    reporting_rows, reporting_style, reporting_means = [], [], []
    for document in reporting_docs:
        vectors = sentences(document.text)[1]
        reporting_means.append(mean(vectors))
        reporting_rows.append(article_features(vectors, document.text, vocabulary))
        reporting_style.append(genre_style_features(document.text, style))
    say(f"techniques: {len(technique_docs)} articles")
    paragraph_rows: list[Matrix] = []
    owner: list[int] = []
    keys: list[tuple[str, int]] = []
    cues = load_technique_cues()
    for number, document in enumerate(technique_docs):
        spans, vectors = sentences(document.text)
        t3_means.setdefault(document.id, mean(vectors))
        counts = article_word_counts(document.text, cues)
        for line, start, end in document.paragraphs:
            inside = [i for i, (a, b) in enumerate(spans) if a >= start and b <= end]
            paragraph_rows.append(paragraph_features(vectors[inside], document.text[start:end],
                                                     vocabulary, cues, counts))
            owner.append(number)
            keys.append((document.id, line))
    t10_group: dict[str, str] = {}
    for domain in ("URW", "CC", "none"):
        ids = sorted(i for i in t10_means if domain_of_document(i) == domain)
        if ids:
            clusters = topic_clusters(np.stack([t10_means[i] for i in ids]), TOPICS_PER_DOMAIN)
            t10_group.update({i: f"{domain}-topic{c}" for i, c in zip(ids, clusters)})
    t3_ids = sorted(t3_means)
    t3_group = {i: f"t3-topic{c}" for i, c in
                zip(t3_ids, topic_clusters(np.stack([t3_means[i] for i in t3_ids]), T3_TOPICS))}
    groups = {"narratives": [t10_group[d.id] for d in narrative_docs],
              "roles": [t10_group[m.article_id] for m in mentions],
              "genre": [t3_group[d.id] for d in genre_docs],
              "reporting": [f"polnear-{d.id.split('/', 1)[0]}" for d in reporting_docs],
              "paragraphs": [t3_group[key[0]] for key in keys]}
    width = len(genre_rows[0]) if genre_rows else 0

    def stacked(items: list[Matrix], columns: int) -> Matrix:
        return np.stack(items) if items else np.zeros((0, columns), np.float32)

    return Corpus(vocabulary, narrative_docs, narrative_x, mentions, role_x, genre_docs,
                  np.stack(genre_rows), technique_docs, np.stack(paragraph_rows), owner, keys,
                  genre_style_x=np.stack(genre_style), reporting_docs=reporting_docs,
                  reporting_x=stacked(reporting_rows, width),
                  reporting_style_x=stacked(reporting_style, GENRE_STYLE_SIZE),
                  narrative_mean=np.stack([t10_means[d.id] for d in narrative_docs]),
                  genre_mean=np.stack([t3_means[d.id] for d in genre_docs]),
                  reporting_mean=stacked(reporting_means, 384), groups=groups)


def multi_hot(items: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray[Any, Any]:
    index = {label: i for i, label in enumerate(labels)}
    y = np.zeros((len(items), len(labels)), dtype=np.int64)
    for row, names in enumerate(items):
        for name in names:
            if name in index:
                y[row, index[name]] = 1
    return y


def folds_of(keys: Sequence[str], folds: int, seed: int = 13) -> list[int]:
    """A fold number for each item, the same for all items that share a key (an article, a
    topic group, a publisher); groups are dealt largest first to the smallest fold so far."""
    unique = sorted(set(keys))
    random.Random(seed).shuffle(unique)
    size = {key: 0 for key in unique}
    for key in keys:
        size[key] += 1
    load = [0] * folds
    fold = {}
    for key in sorted(unique, key=lambda k: -size[k]):
        target = min(range(folds), key=lambda f: (load[f], f))
        fold[key] = target
        load[target] += size[key]
    return [fold[key] for key in keys]


def task_folds(corpus: Corpus, folds: int) -> dict[str, list[int]]:
    """Fold numbers of every task's units, grouped by ``corpus.groups`` (or by article when a
    corpus has no groups)."""
    fallback = {"narratives": [d.id for d in corpus.narrative_docs],
                "roles": [m.article_id for m in corpus.role_mentions],
                "genre": [d.id for d in corpus.genre_docs],
                "reporting": [d.id for d in corpus.reporting_docs],
                "paragraphs": [key[0] for key in corpus.paragraph_keys]}
    return {task: folds_of(corpus.groups.get(task) or fallback[task], folds) for task in TASKS}


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
    reporting: Matrix = field(default_factory=lambda: np.zeros((0, 3), np.float32))
    domain: Matrix = field(default_factory=lambda: np.zeros((0, 3), np.float32))
    domain_genre: Matrix = field(default_factory=lambda: np.zeros((0, 3), np.float32))
    domain_reporting: Matrix = field(default_factory=lambda: np.zeros((0, 3), np.float32))
    presence: Matrix = field(default_factory=lambda: np.zeros(0, np.float32))


def technique_gold(corpus: Corpus, rows: Sequence[int]) -> np.ndarray[Any, Any]:
    techniques = [label.name for label in builtin("techniques").labels]
    return multi_hot([corpus.technique_docs[corpus.paragraph_owner[i]].paragraph_techniques.get(
        corpus.paragraph_keys[i][1], []) for i in rows], techniques)
