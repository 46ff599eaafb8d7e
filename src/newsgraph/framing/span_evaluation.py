"""How well the framing stage places a technique inside its sentence: partial-overlap span
scores (SemEval-2020 T11 style, counted in tokens) against the PTC training spans."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.framing.datasets import Document, ptc_documents
from newsgraph.framing.techniques import (SentenceTokens, article_word_counts, load_technique_cues,
                                          technique_span)
from newsgraph.schema import Article, Parse

# PTC's 14 classes that have one counterpart among newsgraph's 23 techniques (SemEval-2023
# names); its two merged classes (whataboutism/straw men/red herring, bandwagon/reductio) do not.
SHARED_TECHNIQUES = {
    "Loaded_Language": "Loaded_Language",
    "Name_Calling,Labeling": "Name_Calling-Labeling",
    "Repetition": "Repetition",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration-Minimisation",
    "Appeal_to_fear-prejudice": "Appeal_to_Fear-Prejudice",
    "Flag-Waving": "Flag_Waving",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Slogans": "Slogans",
    "Black-and-White_Fallacy": "False_Dilemma-No_Choice",
    "Thought-terminating_Cliches": "Conversation_Killer",
}
TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class LabelledSpan:
    """A technique at character offsets ``start``..``end`` (exclusive) of one article."""

    article: str
    label: str
    start: int
    end: int


def token_starts(text: str) -> list[tuple[int, int]]:
    """Character ranges of the tokens that spans are counted in (words and punctuation)."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def _tokens_of(span: LabelledSpan, tokens: Sequence[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for i, (a, b) in enumerate(tokens) if a < span.end and span.start < b)


def overlap_scores(gold: Iterable[LabelledSpan], predicted: Iterable[LabelledSpan],
                   texts: dict[str, str]) -> dict[str, float]:
    """Partial-overlap precision, recall and F1 in tokens: each predicted span earns the share of
    its tokens inside gold spans of its label (at most 1), each gold span the share of its tokens
    inside predicted spans of its label; both averaged over spans."""
    cache = {article: token_starts(text) for article, text in texts.items()}
    gold_sets = [(s.article, s.label, _tokens_of(s, cache[s.article])) for s in gold]
    predicted_sets = [(s.article, s.label, _tokens_of(s, cache[s.article])) for s in predicted]
    gold_sets = [item for item in gold_sets if item[2]]
    predicted_sets = [item for item in predicted_sets if item[2]]

    def credit(spans: list[tuple[str, str, frozenset[int]]],
               others: list[tuple[str, str, frozenset[int]]]) -> float:
        grouped: dict[tuple[str, str], list[frozenset[int]]] = {}
        for article, label, tokens in others:
            grouped.setdefault((article, label), []).append(tokens)
        total = 0.0
        for article, label, tokens in spans:
            share = sum(len(tokens & other) for other in grouped.get((article, label), []))
            total += min(1.0, share / len(tokens))
        return total

    precision = credit(predicted_sets, gold_sets) / len(predicted_sets) if predicted_sets else 0.0
    recall = credit(gold_sets, predicted_sets) / len(gold_sets) if gold_sets else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "gold": len(gold_sets), "predicted": len(predicted_sets),
            "mean_tokens": round(sum(len(t) for _, _, t in predicted_sets)
                                 / max(1, len(predicted_sets)), 1)}


def place_spans(document: Document, parse: Parse) -> tuple[list[LabelledSpan], list[LabelledSpan],
                                                           list[LabelledSpan]]:
    """Gold spans of the shared techniques, and for every (sentence, technique) they touch the
    whole sentence and newsgraph's finer span: the technique and its sentence are given, so
    this measures placement inside a sentence, not detection."""
    cues = load_technique_cues()
    counts = article_word_counts(document.text, cues)
    gold = [LabelledSpan(document.id, SHARED_TECHNIQUES[label], start, end)
            for label, start, end in document.spans if label in SHARED_TECHNIQUES]
    sentences = [s for s in parse.sentences if s.end > s.start]
    wanted = sorted({(index, span.label) for span in gold for index, s in enumerate(sentences)
                     if s.start < span.end and span.start < s.end})
    whole, finer = [], []
    for index, label in wanted:
        sentence = sentences[index]
        whole.append(LabelledSpan(document.id, label, sentence.start, sentence.end))
        tokens = SentenceTokens(document.text, parse.tokens, sentence.first_token,
                                sentence.last_token)
        start, end = technique_span(label, tokens, cues, counts)
        finer.append(LabelledSpan(document.id, label, start, end))
    return gold, whole, finer


def evaluate_spans(data: Path, parse: Callable[[Sequence[Article]], list[Parse]], *,
                   progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Span scores on the PTC training articles, whole sentence against finer span, per shared
    technique and pooled; also per half of the articles (even and odd positions)."""
    documents = ptc_documents(data)
    gold: list[LabelledSpan] = []
    whole: list[LabelledSpan] = []
    finer: list[LabelledSpan] = []
    half: dict[str, int] = {}
    for number in range(0, len(documents), 16):
        batch = documents[number:number + 16]
        if progress:
            progress(f"parsing PTC train articles {number + 1}-{number + len(batch)} of {len(documents)}")
        for position, (document, parsed) in enumerate(zip(batch, parse(
                [Article(id=d.id, text=d.text) for d in batch])), number):
            half[document.id] = position % 2
            placed = place_spans(document, parsed)
            gold += placed[0]
            whole += placed[1]
            finer += placed[2]
    texts = {d.id: d.text for d in documents}

    def compare(keep: Callable[[LabelledSpan], bool]) -> dict[str, Any]:
        chosen = [s for s in gold if keep(s)]
        return {"sentence": overlap_scores(chosen, [s for s in whole if keep(s)], texts),
                "span": overlap_scores(chosen, [s for s in finer if keep(s)], texts)}

    return {"data": str(data / "semeval2020_t11_ptc"), "split": "train",
            "articles": len(documents), "date": dt.date.today().isoformat(),
            "all": compare(lambda s: True),
            "even_half": compare(lambda s: half[s.article] == 0),
            "odd_half": compare(lambda s: half[s.article] == 1),
            "techniques": {label: compare(_labelled(label))
                           for label in sorted(set(SHARED_TECHNIQUES.values()))}}


def _labelled(label: str) -> Callable[[LabelledSpan], bool]:
    return lambda span: span.label == label


def format_span_scores(report: dict[str, Any]) -> str:
    """The span report as a table for people."""
    lines = [f"Technique spans on PTC {report['split']} ({report['articles']} articles, "
             f"{report['date']}): token-overlap P / R / F1, whole sentence -> finer span",
             f"{'technique':34} {'gold':>5}  {'sentence P/R/F1':>20}  {'span P/R/F1':>20}  tokens"]
    rows = [("all shared", report["all"]), ("  even half", report["even_half"]),
            ("  odd half", report["odd_half"]), *report["techniques"].items()]
    for name, pair in rows:
        a, b = pair["sentence"], pair["span"]
        lines.append(f"{name:34} {a['gold']:>5}  {a['precision']:.3f}/{a['recall']:.3f}/{a['f1']:.3f}"
                     f"  {b['precision']:.3f}/{b['recall']:.3f}/{b['f1']:.3f}"
                     f"  {a['mean_tokens']:.0f} -> {b['mean_tokens']:.0f}")
    return "\n".join(lines)
