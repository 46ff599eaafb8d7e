"""Named-entity evaluation on CoNLL-2003: the spaCy model alone and newsgraph's entities, PER/LOC/ORG."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from newsgraph.errors import InputError, Messages
from newsgraph.schema import Analysis, Article, Parse
from newsgraph.settings import Settings

DATA_FILE: Final = "eng.testb"
DOCUMENT_START: Final = "-DOCSTART-"
SCORED_LABELS: Final = ("PER", "LOC", "ORG")
"""CoNLL types that are scored; MISC is dropped from gold and predictions alike."""

MODEL_LABELS: Final = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC", "DATELINE"})
"""Labels of country and place mentions that count as LOC; demonyms (NORP) are MISC in CoNLL."""

BAD_LINE: Final = "expected 'WORD POS CHUNK TAG' with a tag such as O, I-PER or B-LOC"


@dataclass(frozen=True, slots=True, order=True)
class LabelledSpan:
    """A character range of a document's text with an entity type (PER, LOC, ORG, MISC)."""

    start: int
    end: int
    label: str


@dataclass(slots=True)
class GoldDocument:
    """One CoNLL document rebuilt as text: tokens joined by spaces, sentences by newlines."""

    text: str
    tokens: list[tuple[int, int]] = field(default_factory=list)
    sentences: int = 0
    entities: list[LabelledSpan] = field(default_factory=list)


def data_file(data: Path) -> Path:
    """The CoNLL test file: ``data`` itself, or ``eng.testb`` inside the folder ``data``."""
    path = data / DATA_FILE if data.is_dir() else data
    if not path.is_file():
        raise InputError(Messages.DATA_NOT_FOUND, path=path)
    return path


def read_conll(path: Path, *, limit: int | None = None) -> list[GoldDocument]:
    """Read a CoNLL-2003 file into documents with gold entities as character spans.

    Tags are read as IOB1 (``B-`` only where two entities of one type touch), which also
    reads IOB2 files correctly.
    """
    documents: list[GoldDocument] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.split()
            if not fields:
                if sentence:
                    sentences.append(sentence)
                    sentence = []
                continue
            if fields[0] == DOCUMENT_START:
                if sentence:
                    sentences.append(sentence)
                    sentence = []
                if sentences:
                    documents.append(build_document(sentences))
                    sentences = []
                if limit is not None and len(documents) >= limit:
                    return documents
                continue
            tag = fields[-1]
            if len(fields) < 2 or not _is_tag(tag):
                raise InputError(Messages.DICTIONARY_SYNTAX, path=path, line=number, detail=BAD_LINE)
            sentence.append((fields[0], tag))
    if sentence:
        sentences.append(sentence)
    if sentences and (limit is None or len(documents) < limit):
        documents.append(build_document(sentences))
    return documents


def build_document(sentences: Sequence[Sequence[tuple[str, str]]]) -> GoldDocument:
    """A document from sentences of (token, IOB1 tag) pairs."""
    document = GoldDocument(text="", sentences=len(sentences))
    parts: list[str] = []
    offset = 0
    for sentence in sentences:
        if parts:
            parts.append("\n")
            offset += 1
        first_token = len(document.tokens)
        for position, (word, _tag) in enumerate(sentence):
            if position:
                parts.append(" ")
                offset += 1
            parts.append(word)
            document.tokens.append((offset, offset + len(word)))
            offset += len(word)
        for first, last, label in iob1_chunks([tag for _word, tag in sentence]):
            start = document.tokens[first_token + first][0]
            end = document.tokens[first_token + last - 1][1]
            document.entities.append(LabelledSpan(start, end, label))
    document.text = "".join(parts)
    return document


def iob1_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities of one sentence's IOB1 tags as (first token, end token, type), end exclusive."""
    chunks: list[tuple[int, int, str]] = []
    first: int | None = None
    label = ""
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and first is not None and kind == label
        if first is not None and not continues:
            chunks.append((first, i, label))
            first = None
        if prefix in ("B", "I") and first is None:
            first, label = i, kind
    if first is not None:
        chunks.append((first, len(tags), label))
    return chunks


def _is_tag(tag: str) -> bool:
    prefix, separator, kind = tag.partition("-")
    return tag == "O" or (prefix in ("B", "I") and bool(separator) and bool(kind))


def to_article(document: GoldDocument, origin: str) -> Article:
    """The document as an Article; its text is already tokenised, so reading is bypassed."""
    digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()[:16]
    return Article(id=digest, text=document.text, origin=origin)


def model_spans(parse: Parse) -> list[LabelledSpan]:
    """The spaCy model's PERSON/GPE/LOC/FAC/ORG mentions as CoNLL types."""
    return [LabelledSpan(named.start, named.end, MODEL_LABELS[named.label])
            for named in parse.named if named.label in MODEL_LABELS]


def newsgraph_spans(analysis: Analysis) -> list[LabelledSpan]:
    """Mentions of newsgraph's entities as CoNLL types.

    Office references ("the President", label TITLE) are not names, and country mentions
    made by a demonym or a metonym are not locations, so neither is counted.
    """
    spans = []
    for entity in analysis.entities:
        for mention in entity.mentions:
            if entity.type == "person" and mention.label != "TITLE":
                spans.append(LabelledSpan(mention.start, mention.end, "PER"))
            elif entity.type == "organisation":
                spans.append(LabelledSpan(mention.start, mention.end, "ORG"))
            elif entity.type in ("country", "place") and mention.label in PLACE_LABELS:
                spans.append(LabelledSpan(mention.start, mention.end, "LOC"))
    return spans


def score(gold: Sequence[Iterable[LabelledSpan]], predicted: Sequence[Iterable[LabelledSpan]],
          labels: Sequence[str] = SCORED_LABELS) -> dict[str, dict[str, float | int]]:
    """Exact-span precision, recall and F1 per label and micro-averaged over ``labels``.

    ``gold[i]`` and ``predicted[i]`` are the spans of document ``i``; spans of other labels
    are ignored on both sides, and a span predicted twice counts once.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predicted")
    wanted = frozenset(labels)
    gold_set = _keyed(gold, wanted)
    predicted_set = _keyed(predicted, wanted)
    matched = gold_set & predicted_set
    scores = {}
    for label in labels:
        scores[label] = _figures(sum(1 for item in matched if item[3] == label),
                                 sum(1 for item in predicted_set if item[3] == label),
                                 sum(1 for item in gold_set if item[3] == label))
    scores["micro"] = _figures(len(matched), len(predicted_set), len(gold_set))
    return scores


def _keyed(documents: Sequence[Iterable[LabelledSpan]],
           labels: frozenset[str]) -> set[tuple[int, int, int, str]]:
    return {(index, span.start, span.end, span.label)
            for index, spans in enumerate(documents) for span in spans if span.label in labels}


def _figures(correct: int, predicted: int, gold: int) -> dict[str, float | int]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "correct": correct, "predicted": predicted, "gold": gold}


def evaluate_ner(data: Path, settings: Settings, *, limit: int | None = None) -> dict[str, Any]:
    """Score the spaCy model and newsgraph's entity pipeline on CoNLL-2003 ``eng.testb``."""
    from newsgraph.pipeline import Pipeline

    path = data_file(data)
    started = time.perf_counter()
    documents = read_conll(path, limit=limit)
    articles = [to_article(document, f"{path.name}#{number}")
                for number, document in enumerate(documents, 1)]
    gold = [document.entities for document in documents]
    pipeline = Pipeline(settings)
    pipeline.setup()
    loaded = time.perf_counter()
    parses = pipeline.backbone.parse(articles)
    parsed = time.perf_counter()
    analyses = pipeline.analyse(articles)
    analysed = time.perf_counter()
    gold_counts = {label: sum(1 for spans in gold for span in spans if span.label == label)
                   for label in (*SCORED_LABELS, "MISC")}
    return {
        "data": str(path),
        "documents": len(documents),
        "sentences": sum(document.sentences for document in documents),
        "tokens": sum(len(document.tokens) for document in documents),
        "gold_entities": gold_counts,
        "model": pipeline.backbone.version,
        "stages": list(settings.pipeline.stages),
        "seconds": {"load": round(loaded - started, 2), "model": round(parsed - loaded, 2),
                    "newsgraph": round(analysed - parsed, 2),
                    "total": round(analysed - started, 2)},
        "systems": {"model": score(gold, [model_spans(parse) for parse in parses]),
                    "newsgraph": score(gold, [newsgraph_spans(item) for item in analyses])},
    }


def format_scores(scores: dict[str, Any]) -> str:
    """The result of ``evaluate_ner`` as a table for people."""
    gold = scores["gold_entities"]
    seconds = scores["seconds"]
    lines = [
        f"CoNLL-2003 {Path(scores['data']).name}: {scores['documents']} documents, "
        f"{scores['tokens']:,} tokens, gold PER {gold['PER']} · LOC {gold['LOC']} · "
        f"ORG {gold['ORG']} (MISC {gold['MISC']} not scored)",
        f"model {scores['model']} · stages {', '.join(scores['stages']) or '(none)'} · "
        f"{seconds['total']:.1f} s (model {seconds['model']:.1f} s, "
        f"newsgraph {seconds['newsgraph']:.1f} s)",
        "",
        f"{'system':<10} {'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'correct':>8} "
        f"{'predicted':>9} {'gold':>6}",
    ]
    for system, figures in scores["systems"].items():
        for label, row in figures.items():
            lines.append(f"{system:<10} {label:<6} {row['precision']:>6.3f} {row['recall']:>6.3f} "
                         f"{row['f1']:>6.3f} {row['correct']:>8} {row['predicted']:>9} "
                         f"{row['gold']:>6}")
    lines.append("")
    lines.append("Exact character spans. model: PERSON→PER, GPE/LOC/FAC→LOC, ORG→ORG. newsgraph: "
                 "people (not titles)→PER, organisations→ORG, countries and places named as "
                 "GPE/LOC/FAC/DATELINE→LOC.")
    return "\n".join(lines)
