"""Find near-duplicate articles with MinHash."""

from __future__ import annotations

import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

from newsgraph.errors import ConfigError, Messages
from newsgraph.settings import DedupSettings

_WORD = re.compile(r"\w+")
# Fixed so that signatures kept in a store stay comparable across runs and versions.
_SEED = 1
_SCHEME = "affine32"
# At its own threshold LSH finds only about half the pairs there; a lower one finds nearly all,
# and the Jaccard check in ``find`` removes the extra candidates.
_CANDIDATE_MARGIN = 0.2


class NearDuplicates:
    """An index of article signatures that answers "which earlier article is this a copy of?"."""

    def __init__(self, *, threshold: float = 0.8, num_perm: int = 128, shingle: int = 5) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="dedup.threshold",
                              detail=f"expected a number above 0 and at most 1, got {threshold}")
        if num_perm < 2:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="dedup.num_perm",
                              detail=f"expected at least 2, got {num_perm}")
        if shingle < 1:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="dedup.shingle",
                              detail=f"expected at least 1, got {shingle}")
        try:
            self._index = MinHashLSH(threshold=max(threshold - _CANDIDATE_MARGIN, 0.05),
                                     num_perm=num_perm)
        except ValueError as error:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="dedup.threshold",
                              detail=f"{threshold} with {num_perm} permutations: {error}") from None
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._signatures: dict[str, LeanMinHash] = {}
        self._order: dict[str, int] = {}

    @classmethod
    def from_settings(cls, settings: DedupSettings) -> NearDuplicates:
        """Build the index from the ``[dedup]`` settings."""
        return cls(threshold=settings.threshold, num_perm=settings.num_perm,
                   shingle=settings.shingle)

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, text: str) -> bytes:
        """The MinHash of the text's lowercase word shingles, as bytes to store."""
        words = _WORD.findall(text.lower())
        size = min(self.shingle, len(words))
        shingles = {" ".join(words[start:start + size])
                    for start in range(len(words) - size + 1)} if words else set()
        minhash = MinHash(num_perm=self.num_perm, seed=_SEED, scheme=_SCHEME)
        minhash.update_batch([shingle.encode("utf-8") for shingle in sorted(shingles)])
        lean = LeanMinHash(minhash)
        buffer = bytearray(lean.bytesize())
        lean.serialize(buffer)
        return bytes(buffer)

    def add(self, article_id: str, signature: bytes) -> None:
        """Index an article's signature; adding an id a second time changes nothing."""
        if article_id in self._signatures:
            return
        minhash = self._load(signature)
        self._index.insert(article_id, minhash)
        self._signatures[article_id] = minhash
        self._order[article_id] = len(self._order)

    def find(self, signature: bytes) -> str | None:
        """The first added article whose estimated Jaccard similarity reaches the threshold."""
        minhash = self._load(signature)
        # LSH only proposes candidates; its banding lets some below the threshold through.
        matches: list[str] = [candidate for candidate in self._index.query(minhash)
                              if minhash.jaccard(self._signatures[candidate]) >= self.threshold]
        return min(matches, key=self._order.__getitem__) if matches else None

    def _load(self, signature: bytes) -> LeanMinHash:
        minhash = LeanMinHash.deserialize(signature)
        if len(minhash) != self.num_perm:
            raise ConfigError(Messages.SIGNATURE_MISMATCH, found=len(minhash),
                              expected=self.num_perm)
        return minhash
