"""Narrative heads for a user's own taxonomy: trained on articles labelled in the SemEval-2025
subtask-2 format, thresholds tuned by cross-validation when there are enough articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, InputError, Messages
from newsgraph.framing.corpus import folds_of
from newsgraph.framing.datasets import Document, input_articles, read_text_file, taxonomy_documents
from newsgraph.framing.embeddings import Embedder
from newsgraph.framing.features import (Matrix, Vocabulary, narrative_features, sentence_spans,
                                        zero_shot_choice, zero_shot_similarity)
from newsgraph.framing.metrics import f1_samples
from newsgraph.framing.model import FramingModel, Head, decode_narratives
from newsgraph.framing.selection import GRID
from newsgraph.framing.taxonomies import Taxonomy, load_taxonomy
from newsgraph.framing.encoders import DESCRIPTIONS, check_encoder
from newsgraph.framing.training import cached_embedder, fit_narrative_heads, logistic_regression

# Fewer labelled articles than this and thresholds tuned on them would be noise: the
# defaults below are used instead (the logistic heads' probabilities, a little under 0.5
# because most labels are rare).
MIN_ARTICLES_FOR_CV = 20
ZERO_SHOT_THRESHOLD = 0.45  # the default of framing.zero_shot_threshold, for the baseline


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds of the narrative heads: the "Other" gate, narratives, subnarratives."""

    coarse: float = 0.3
    other: float = 0.3
    fine: float = 0.3


@dataclass
class TaxonomyCorpus:
    """A user's labelled articles with their features, built once and sliced by the folds."""

    taxonomy: Taxonomy
    documents: list[Document]
    vocabulary: Vocabulary
    x: Matrix
    similarity: Matrix  # zero-shot similarity of every label, per article (the baseline)


def trainable(path: str | Path) -> Taxonomy:
    """A user's taxonomy that heads can be trained for (kind 'narratives')."""
    taxonomy = load_taxonomy(path)
    if taxonomy.kind != "narratives":
        raise ConfigError(Messages.TAXONOMY_NOT_TRAINABLE, path=path, kind=taxonomy.kind)
    return taxonomy


def build_taxonomy_corpus(taxonomy: Taxonomy, documents: list[Document], embedder: Embedder, *,
                          progress: Callable[[str], None] | None = None) -> TaxonomyCorpus:
    """Embed every article's sentences and compute the features the heads read."""
    say = progress or (lambda message: None)
    texts = [document.text for document in documents]
    # The packaged heads' vocabulary rule (min_df 3) would keep nothing from a few articles.
    vocabulary = Vocabulary.fit(texts, min_df=min(3, max(1, len(texts) // 20)))
    prompts = embedder.embed([label.prompt() for label in taxonomy.everything])
    say(f"{taxonomy.name}: {len(documents)} articles, {len(taxonomy.everything)} labels")
    rows, similarity = [], []
    for document in documents:
        spans = sentence_spans(document.text)
        vectors = embedder.embed([document.text[a:b] for a, b in spans])
        rows.append(narrative_features(vectors, document.text, vocabulary, prompts))
        similarity.append(zero_shot_similarity(vectors, prompts))
    return TaxonomyCorpus(taxonomy, documents, vocabulary, np.stack(rows), np.stack(similarity))


def fit_taxonomy_heads(corpus: TaxonomyCorpus, rows: Sequence[int]) -> dict[str, Head]:
    """The narrative and subnarrative heads fitted on ``rows``, with the packaged narrative
    heads' regularisation and feature weighting."""
    coarse = [label.name for label in corpus.taxonomy.labels]
    fine = [label.name for label in corpus.taxonomy.fine]
    docs = [corpus.documents[i] for i in rows]
    x = corpus.x[list(rows)]
    return fit_narrative_heads(x, [d.narratives for d in docs], [d.subnarratives for d in docs],
                               coarse, fine, corpus.vocabulary)


def decode(taxonomy: Taxonomy, coarse: Matrix, fine: Matrix,
           thresholds: Thresholds) -> list[tuple[list[str], list[str]]]:
    """Consistent narrative and subnarrative labels of each article from the heads' scores."""
    parents = {label.name: label.parent or "" for label in taxonomy.fine}
    coarse_labels = [label.name for label in taxonomy.labels]
    fine_labels = [label.name for label in taxonomy.fine]
    return [decode_narratives(c, f, coarse_labels, fine_labels, parents,
                              coarse_threshold=thresholds.coarse, fine_threshold=thresholds.fine,
                              other_threshold=thresholds.other, other=taxonomy.other or "Other")
            for c, f in zip(coarse, fine)]


def _f1(documents: Sequence[Document], decoded: Sequence[tuple[list[str], list[str]]],
        level: int) -> float:
    gold = [d.narratives if level == 0 else d.subnarratives for d in documents]
    return f1_samples(gold, [pair[level] for pair in decoded])


def tune(corpus: TaxonomyCorpus, coarse: Matrix, fine: Matrix, rows: Sequence[int]) -> Thresholds:
    """The thresholds that maximise F1-samples (coarse, then fine) on out-of-fold scores."""
    docs = [corpus.documents[i] for i in rows]
    at = list(rows)
    best = max((Thresholds(c, o, 0.3) for c in GRID for o in GRID if o >= c),
               key=lambda t: _f1(docs, decode(corpus.taxonomy, coarse[at], fine[at], t), 0))
    return max((replace(best, fine=f) for f in GRID),
               key=lambda t: _f1(docs, decode(corpus.taxonomy, coarse[at], fine[at], t), 1))


def out_of_fold(corpus: TaxonomyCorpus, folds: int,
                progress: Callable[[str], None] | None = None) -> tuple[Matrix, Matrix, list[int]]:
    """Scores of every article from heads that did not see it, and each article's fold."""
    say = progress or (lambda message: None)
    assigned = folds_of([d.id for d in corpus.documents], folds)
    coarse = np.zeros((len(corpus.documents), len(corpus.taxonomy.labels)), np.float32)
    fine = np.zeros((len(corpus.documents), len(corpus.taxonomy.fine)), np.float32)
    for k in range(folds):
        say(f"fold {k + 1}/{folds}")
        train = [i for i, f in enumerate(assigned) if f != k]
        test = [i for i, f in enumerate(assigned) if f == k]
        heads = fit_taxonomy_heads(corpus, train)
        coarse[test] = heads["narratives"].scores(corpus.x[test])
        fine[test] = heads["subnarratives"].scores(corpus.x[test])
    return coarse, fine, assigned


def cross_validate(corpus: TaxonomyCorpus, folds: int, *,
                   zero_shot_threshold: float = ZERO_SHOT_THRESHOLD,
                   progress: Callable[[str], None] | None = None) -> tuple[dict[str, Any], Thresholds]:
    """Nested k-fold figures (each fold decoded with thresholds tuned on the other folds), the
    zero-shot baseline on the same articles, and thresholds tuned on all out-of-fold scores."""
    coarse, fine, assigned = out_of_fold(corpus, folds, progress)
    decoded: list[tuple[list[str], list[str]]] = [([], [])] * len(corpus.documents)
    for k in range(folds):
        inner = [i for i, f in enumerate(assigned) if f != k]
        outer = [i for i, f in enumerate(assigned) if f == k]
        for row, pair in zip(outer, decode(corpus.taxonomy, coarse[outer], fine[outer],
                                           tune(corpus, coarse, fine, inner))):
            decoded[row] = pair
    baseline = zero_shot_labels(corpus, zero_shot_threshold)
    scores = {"folds": folds, "articles": len(corpus.documents),
              "f1_samples_coarse": round(_f1(corpus.documents, decoded, 0), 4),
              "f1_samples_fine": round(_f1(corpus.documents, decoded, 1), 4),
              "zero_shot_f1_samples_coarse": round(_f1(corpus.documents, baseline, 0), 4),
              "zero_shot_f1_samples_fine": round(_f1(corpus.documents, baseline, 1), 4),
              "zero_shot_threshold": zero_shot_threshold}
    return scores, tune(corpus, coarse, fine, range(len(corpus.documents)))


def zero_shot_labels(corpus: TaxonomyCorpus, threshold: float) -> list[tuple[list[str], list[str]]]:
    """What the stage says with no trained heads, as label sets (the baseline)."""
    labels = corpus.taxonomy.everything
    other = corpus.taxonomy.other or "Other"
    decided: list[tuple[list[str], list[str]]] = []
    for similarity in corpus.similarity:
        chosen = zero_shot_choice(similarity, labels, threshold, corpus.taxonomy.other)
        if not chosen:
            decided.append(([other], [other]))
            continue
        decided.append(([labels[i].name for i, _ in chosen],
                        [labels[j].name for _, children in chosen for j in children]))
    return decided


def _corpus(taxonomy_file: str | Path, data: Path, cache_file: str,
            progress: Callable[[str], None] | None,
            encoder: str = "minilm") -> tuple[TaxonomyCorpus, Embedder]:
    logistic_regression()
    taxonomy = trainable(taxonomy_file)
    documents = taxonomy_documents(data, taxonomy)
    embedder = cached_embedder(cache_file, encoder)
    corpus = build_taxonomy_corpus(taxonomy, documents, embedder, progress=progress)
    if cache_file:
        embedder.save_cache()
    return corpus, embedder


def train_taxonomy(taxonomy_file: str | Path, data: Path, output: Path, *, folds: int = 5,
                   cache_file: str = "", progress: Callable[[str], None] | None = None,
                   encoder: str = "minilm") -> dict[str, Any]:
    """Train narrative heads for a user's taxonomy on ``data`` and save them with the
    taxonomy's fingerprint and the encoder they read; thresholds by ``folds``-fold
    cross-validation from MIN_ARTICLES_FOR_CV articles on, else the defaults of ``Thresholds``."""
    corpus, _ = _corpus(taxonomy_file, data, cache_file, progress, encoder)
    count = len(corpus.documents)
    scores: dict[str, Any] | None = None
    if count >= MIN_ARTICLES_FOR_CV and folds >= 2:
        scores, thresholds = cross_validate(corpus, folds, progress=progress)
        source = f"{folds}-fold cross-validation"
    else:
        thresholds = Thresholds()
        source = f"defaults ({count} articles; cross-validation needs {MIN_ARTICLES_FOR_CV})"
    heads = fit_taxonomy_heads(corpus, range(count))
    heads["narratives"].threshold = thresholds.coarse
    heads["narratives"].extra = {"other": thresholds.other}
    heads["subnarratives"].threshold = thresholds.fine
    taxonomy = corpus.taxonomy
    trained_for = {"name": taxonomy.name, "path": str(taxonomy_file),
                   "fingerprint": taxonomy.fingerprint(),
                   "labels": [label.name for label in taxonomy.everything]}
    info = {"trained": dt.date.today().isoformat(), "kind": "taxonomy", "taxonomy": trained_for,
            "data": str(data), "articles": count, "thresholds_from": source,
            "cv_scores": scores, "encoder": encoder, "embeddings": DESCRIPTIONS[encoder]}
    output.parent.mkdir(parents=True, exist_ok=True)
    FramingModel(corpus.vocabulary, heads, info).save(output)
    return {"model": str(output), "bytes": output.stat().st_size, "taxonomy": taxonomy.name,
            "articles": count, "thresholds": asdict(thresholds), "thresholds_from": source,
            "cv_scores": scores}


def evaluate_taxonomy(taxonomy_file: str | Path, data: Path, *, folds: int = 5,
                      cache_file: str = "", zero_shot_threshold: float = ZERO_SHOT_THRESHOLD,
                      progress: Callable[[str], None] | None = None,
                      encoder: str = "minilm") -> dict[str, Any]:
    """Nested cross-validated F1-samples of heads for a user's taxonomy, beside zero-shot."""
    corpus, _ = _corpus(taxonomy_file, data, cache_file, progress, encoder)
    if len(corpus.documents) < max(2, folds):
        raise InputError(Messages.TAXONOMY_ANNOTATION_BAD, path=data / "subtask-2-annotations.txt",
                         line=1, detail=f"{len(corpus.documents)} labelled articles, fewer than "
                                        f"the {folds} folds")
    scores, thresholds = cross_validate(corpus, folds, zero_shot_threshold=zero_shot_threshold,
                                        progress=progress)
    return {**scores, "taxonomy": corpus.taxonomy.name, "thresholds": asdict(thresholds),
            "date": dt.date.today().isoformat()}


def format_taxonomy_scores(report: dict[str, Any]) -> str:
    """The report of ``evaluate_taxonomy`` as lines for people."""
    return (f"{report['folds']}-fold cross-validation, taxonomy '{report['taxonomy']}', "
            f"{report['articles']} articles ({report['date']})\n"
            f"trained heads: F1-samples coarse {report['f1_samples_coarse']:.3f}, "
            f"fine {report['f1_samples_fine']:.3f}\n"
            f"zero-shot (threshold {report['zero_shot_threshold']}): F1-samples coarse "
            f"{report['zero_shot_f1_samples_coarse']:.3f}, fine {report['zero_shot_f1_samples_fine']:.3f}")


def predict_taxonomy(folder: Path, output: Path, *, model_file: str, taxonomy_file: str | Path,
                     cache_file: str = "", encoder: str = "minilm") -> dict[str, int]:
    """Narratives of a user's taxonomy for every ``*.txt`` article in ``folder``, from heads
    trained for it, written as ``subtask-2-predictions.txt`` in ``output``."""
    texts = {path.name: read_text_file(path) for path in input_articles(folder)}
    taxonomy = trainable(taxonomy_file)
    model = FramingModel.load(model_file or None)
    if model.taxonomy is None:
        raise ConfigError(Messages.FRAMING_MODEL_WRONG_TAXONOMY, path=model_file or "the packaged model",
                          name="SemEval-2025 narratives", trained_path="newsgraph", given=f"'{taxonomy.name}' "
                          f"({taxonomy.path})", difference="it holds no heads for a user's taxonomy")
    model.check_taxonomy(model_file, taxonomy)
    check_encoder(model, model_file or "the packaged model", encoder)
    embedder = cached_embedder(cache_file, encoder)
    prompts = embedder.embed([label.prompt() for label in taxonomy.everything])
    coarse_head, fine_head = model.heads["narratives"], model.heads["subnarratives"]
    thresholds = Thresholds(coarse_head.threshold, coarse_head.extra.get("other", 0.0),
                            fine_head.threshold)
    output.mkdir(parents=True, exist_ok=True)
    with (output / "subtask-2-predictions.txt").open("w", encoding="utf-8") as out:
        for name, text in texts.items():
            spans = sentence_spans(text)
            vectors = embedder.embed([text[a:b] for a, b in spans])
            x = narrative_features(vectors, text, model.vocabulary, prompts)[None, :]
            (coarse, fine), = decode(taxonomy, coarse_head.scores(x), fine_head.scores(x), thresholds)
            out.write(f"{name}\t{';'.join(coarse)}\t{';'.join(fine)}\n")
    return {"articles": len(texts), "paragraphs": 0, "mentions": 0}
