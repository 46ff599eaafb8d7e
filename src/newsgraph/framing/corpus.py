"""The framing training corpus: every training unit of SemEval-2025 T10 and SemEval-2023 T3
with its features, built once and sliced by the folds."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.framing.datasets import (Document, RoleMention, genre_frame_documents,
                                        narrative_documents, role_documents, technique_documents)
from newsgraph.framing.embeddings import Embedder
from newsgraph.framing.features import (Matrix, Vocabulary, article_features, label_prompts,
                                        label_similarity, mention_features, sentence_spans)
from newsgraph.framing.taxonomies import builtin
from newsgraph.framing.techniques import article_word_counts, load_technique_cues, paragraph_features

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


def multi_hot(items: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray[Any, Any]:
    index = {label: i for i, label in enumerate(labels)}
    y = np.zeros((len(items), len(labels)), dtype=np.int64)
    for row, names in enumerate(items):
        for name in names:
            if name in index:
                y[row, index[name]] = 1
    return y


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


def technique_gold(corpus: Corpus, rows: Sequence[int]) -> np.ndarray[Any, Any]:
    techniques = [label.name for label in builtin("techniques").labels]
    return multi_hot([corpus.technique_docs[corpus.paragraph_owner[i]].paragraph_techniques.get(
        corpus.paragraph_keys[i][1], []) for i in rows], techniques)
