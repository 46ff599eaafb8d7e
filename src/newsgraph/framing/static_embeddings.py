"""A static sentence encoder: the mean of per-token vectors distilled from MiniLM, no transformer."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.embeddings import DIMENSION, Embedder, Vectors, _key, wordpiece_tokenizer

STATIC_FILE = "data/static_encoder.npz"
UNKNOWN_TOKEN = "[UNK]"


class StaticEmbedder(Embedder):
    """Turns sentences into unit-length 384-d vectors from one stored vector per WordPiece token.

    The table (``data/static_encoder.npz``, built by ``benchmarks/build_static_encoder.py``)
    holds each token's MiniLM output, reduced by PCA and weighted by how rare the token is; a
    sentence is the mean of its tokens' rows, mapped back into MiniLM's 384-d space by the
    stored PCA components and normalised. Same interface and cache as ``Embedder``; the cache
    keys differ, so one cache file never mixes the two encoders' vectors.
    """

    encoder = "static"

    def __init__(self, *, max_tokens: int = 256, batch_size: int = 32, threads: int = 1,
                 cache_size: int = 50_000, cache_file: str = "", table_file: str = "") -> None:
        super().__init__(max_tokens=max_tokens, batch_size=batch_size, threads=threads,
                         cache_size=cache_size, cache_file=cache_file)
        self.table_file = table_file
        self.info: dict[str, Any] = {}
        self._rows: Vectors | None = None
        self._projection: Vectors | None = None
        self._unknown = 0

    def setup(self) -> None:
        """Load the token table and the tokenizer (and the on-disk cache, if one is set)."""
        if self._rows is not None:
            return
        try:
            import tokenizers  # type: ignore[import-untyped, unused-ignore]  # noqa: F401 (wordpiece_tokenizer)
        except ImportError as error:
            raise ConfigError(Messages.EMBEDDINGS_UNAVAILABLE, detail=error) from None
        table = resources.files("newsgraph").joinpath(STATIC_FILE)
        with resources.as_file(table) as packaged:
            path = Path(self.table_file) if self.table_file else packaged
            self._read_table(path)
        tokenizer = self._tokenizer = wordpiece_tokenizer(self.max_tokens)
        self._unknown = int(tokenizer.token_to_id(UNKNOWN_TOKEN) or 0)
        if self._rows is not None and len(self._rows) != tokenizer.get_vocab_size():
            raise ConfigError(Messages.STATIC_ENCODER_BAD, path=self.table_file or STATIC_FILE,
                              detail=f"{len(self._rows)} rows for a vocabulary of "
                                     f"{tokenizer.get_vocab_size()} tokens")
        if self.cache_file and Path(self.cache_file).is_file():
            self._load_cache(Path(self.cache_file))

    def _read_table(self, path: Path) -> None:
        if not path.is_file():
            raise ConfigError(Messages.STATIC_ENCODER_MISSING, path=path)
        try:
            with np.load(path, allow_pickle=False) as stored:
                rows = stored["vectors"].astype(np.float32)
                projection = stored["projection"].astype(np.float32)
                self.info = json.loads(str(stored["info"]))
        except (OSError, KeyError, ValueError) as error:
            raise ConfigError(Messages.STATIC_ENCODER_BAD, path=path, detail=error) from None
        if rows.ndim != 2 or projection.shape != (rows.shape[1], DIMENSION):
            raise ConfigError(Messages.STATIC_ENCODER_BAD, path=path,
                              detail=f"rows {rows.shape}, projection {projection.shape}")
        self._rows, self._projection = rows, projection

    def key(self, text: str) -> str:
        return _key("static\0" + text)

    def _run(self, texts: list[str]) -> Vectors:
        assert self._rows is not None and self._projection is not None
        encodings = self._tokenizer.encode_batch([text if text.strip() else "." for text in texts],
                                                 add_special_tokens=False)
        ids = [encoding.ids or [self._unknown] for encoding in encodings]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((token for sentence in ids for token in sentence), dtype=np.int64,
                           count=int(lengths.sum()))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        means = np.add.reduceat(self._rows[flat], starts, axis=0) / lengths[:, None]
        output = means @ self._projection
        norms = np.linalg.norm(output, axis=1, keepdims=True)
        return np.asarray(output / np.maximum(norms, 1e-12), dtype=np.float32)
