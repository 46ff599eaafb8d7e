"""Attribution evaluation on PolNeAR: source, cue, content and whole attributions, exact and by token."""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from newsgraph.errors import InputError, Messages
from newsgraph.schema import Article, Parse
from newsgraph.settings import Settings
from newsgraph.stages.quotes import Attribution, CueLexicon, extract_attributions

ROLES: Final = ("source", "cue", "content")
ANCHORS: Final = {
    "rules (CofeNet paper)": (10.7, 22.8, 5.6),
    "BiLSTM-CRF (CofeNet paper)": (69.6, 66.7, 59.0),
    "BERT-CRF (CofeNet paper)": (82.2, 74.9, 71.0),
}
"""Sentence-level exact-match F1 (source, cue, content) reported in the CofeNet paper (COLING 2022)."""

_LINE: Final = re.compile(r"^([TE]\d+)\t(.*)$")
Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: character ranges of its source, cue and content."""

    source: Ranges
    cue: Ranges
    content: Ranges


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """A PolNeAR article with the attributions of one annotator."""

    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


Extractor = Callable[[Parse, str], list[Attribution]]


def read_polnear(data: Path, split: str, *, limit: int | None = None) -> list[GoldArticle]:
    """Read ``data/<split>/{text,attributions}``: one annotation per article, that of the first
    annotator listed for it in ``metadata.tsv`` (the alphabetically first file otherwise)."""
    texts = data / split / "text"
    annotations = data / split / "attributions"
    if not texts.is_dir() or not annotations.is_dir():
        raise InputError(Messages.DATA_NOT_FOUND, path=data / split)
    first_annotator = _first_annotators(data / "metadata.tsv")
    files: dict[str, list[Path]] = {}
    for path in sorted(annotations.glob("*.ann")):
        name, _, _annotator = path.stem.rpartition("_")
        files.setdefault(name, []).append(path)
    articles = []
    for name in sorted(files):
        text_path = texts / f"{name}.txt"
        if not text_path.is_file():
            continue
        chosen = files[name][0]
        wanted = first_annotator.get(name)
        for path in files[name]:
            if wanted and path.stem.endswith(f"_{wanted}"):
                chosen = path
        text = text_path.read_text(encoding="utf-8")
        articles.append(GoldArticle(name, text, tuple(read_ann(chosen.read_text(encoding="utf-8")))))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _first_annotators(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as lines:
        return {row["filename"]: (row.get("annotators") or "").split("|")[0]
                for row in csv.DictReader(lines, delimiter="\t")}


def read_ann(text: str) -> list[GoldAttribution]:
    """The attributions of a BRAT standoff file; lines other than T and E lines are skipped."""
    spans: dict[str, tuple[str, Ranges]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        key, rest = match.groups()
        if key.startswith("T"):
            head = rest.split("\t", 1)[0]
            label, _, offsets = head.partition(" ")
            try:
                ranges = tuple((int(a), int(b)) for a, b in
                               (part.split() for part in offsets.split(";")))
            except ValueError:
                continue
            spans[key] = (label, ranges)
        else:
            pairs = [part.partition(":") for part in rest.split()]
            events.append([(role, target) for role, _, target in pairs if target])
    found = []
    for event in events:
        parts: dict[str, list[tuple[int, int]]] = {"source": [], "cue": [], "content": []}
        for role, target in event:
            name = role.rstrip("0123456789").lower()
            if name in parts and target in spans:
                parts[name].extend(spans[target][1])
        if parts["cue"] or parts["content"]:
            found.append(GoldAttribution(*(tuple(sorted(parts[role])) for role in ROLES)))
    return found


# --- scoring --------------------------------------------------------------------------------


class _Tokens:
    """Character ranges mapped to the indices of the parse tokens they touch."""

    def __init__(self, parse: Parse) -> None:
        self.starts = [token.start for token in parse.tokens]
        self.ends = [token.end for token in parse.tokens]

    def of(self, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
        import bisect

        found: set[int] = set()
        for start, end in ranges:
            i = bisect.bisect_right(self.ends, start)
            while i < len(self.starts) and self.starts[i] < end:
                found.add(i)
                i += 1
        return frozenset(found)


def predicted_ranges(attribution: Attribution, parse: Parse) -> GoldAttribution:
    """An extracted attribution in the form of the gold ones."""
    tokens = parse.tokens
    source: Ranges = ()
    if attribution.source is not None:
        first, last = attribution.source
        source = ((tokens[first].start, tokens[last - 1].end),)
    cue = tuple((tokens[i].start, tokens[i].end) for i in attribution.cue)
    return GoldAttribution(source, cue, tuple(attribution.content))


@dataclass
class _Tally:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, correct: int, predicted: int, gold: int) -> None:
        self.correct += correct
        self.predicted += predicted
        self.gold += gold

    def figures(self) -> dict[str, float | int]:
        precision = self.correct / self.predicted if self.predicted else 0.0
        recall = self.correct / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(100 * precision, 1), "recall": round(100 * recall, 1),
                "f1": round(100 * f1, 1), "correct": self.correct, "predicted": self.predicted,
                "gold": self.gold}


def score(gold: Sequence[Sequence[GoldAttribution]], predicted: Sequence[Sequence[GoldAttribution]],
          parses: Sequence[Parse]) -> dict[str, dict[str, dict[str, float | int]]]:
    """Exact-span and token-overlap precision, recall and F1 per role and for whole attributions.

    Spans are compared as sets of parse tokens, so whitespace at an edge does not count.
    Exact: a predicted span counts when a gold span of the same role has the same tokens.
    Sentence: the protocol of the published anchors (CofeNet), where each sentence is labelled
    on its own: a span is cut into its contiguous runs of tokens within one sentence, and each
    run counts as one span that must match a gold run exactly.
    Token: every token of a role counts once. A whole attribution matches exactly when its
    source, cue and content all do; by overlap when each shares a token with the gold one's
    (a missing source matches only a missing source), one gold attribution per prediction.
    """
    exact = {role: _Tally() for role in ROLES}
    by_sentence = {role: _Tally() for role in ROLES}
    overlap = {role: _Tally() for role in ROLES}
    whole_exact, whole_overlap = _Tally(), _Tally()
    for gold_items, predicted_items, parse in zip(gold, predicted, parses):
        tokens = _Tokens(parse)
        gold_sets = [{role: tokens.of(getattr(item, role)) for role in ROLES} for item in gold_items]
        predicted_sets = [{role: tokens.of(getattr(item, role)) for role in ROLES}
                          for item in predicted_items]
        for role in ROLES:
            gold_spans = Counter(item[role] for item in gold_sets if item[role])
            predicted_spans = set(item[role] for item in predicted_sets if item[role])
            correct = sum(1 for span in predicted_spans if gold_spans[span] > 0)
            exact[role].add(correct, len(predicted_spans), sum(gold_spans.values()))
            gold_runs = frozenset().union(*(_runs(item[role], parse) for item in gold_sets))
            predicted_runs = frozenset().union(*(_runs(item[role], parse)
                                                 for item in predicted_sets))
            by_sentence[role].add(len(gold_runs & predicted_runs), len(predicted_runs),
                                  len(gold_runs))
            gold_tokens = frozenset().union(*(item[role] for item in gold_sets))
            predicted_tokens = frozenset().union(*(item[role] for item in predicted_sets))
            overlap[role].add(len(gold_tokens & predicted_tokens), len(predicted_tokens),
                              len(gold_tokens))
        whole_exact.add(sum(1 for item in predicted_sets if item in gold_sets),
                        len(predicted_sets), len(gold_sets))
        unmatched = list(range(len(gold_sets)))
        matched = 0
        for item in predicted_sets:
            for position, index in enumerate(unmatched):
                if _overlaps(item, gold_sets[index]):
                    matched += 1
                    del unmatched[position]
                    break
        whole_overlap.add(matched, len(predicted_sets), len(gold_sets))
    result = {role: {"exact": exact[role].figures(), "sentence": by_sentence[role].figures(),
                     "token": overlap[role].figures()} for role in ROLES}
    result["attribution"] = {"exact": whole_exact.figures(), "token": whole_overlap.figures()}
    return result


def _runs(indices: frozenset[int], parse: Parse) -> frozenset[tuple[int, int]]:
    """Maximal runs of consecutive non-space tokens in one sentence, as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    tokens = parse.tokens
    for index in sorted(i for i in indices if not tokens[i].text.isspace()):
        joins = runs and runs[-1][1] == index - 1
        if joins and tokens[index].sentence == tokens[index - 1].sentence:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return frozenset(runs)


def _overlaps(predicted: dict[str, frozenset[int]], gold: dict[str, frozenset[int]]) -> bool:
    if not (predicted["cue"] & gold["cue"] or not predicted["cue"] and not gold["cue"]):
        return False
    if not predicted["content"] & gold["content"]:
        return False
    if not gold["source"] or not predicted["source"]:
        return not gold["source"] and not predicted["source"]
    return bool(predicted["source"] & gold["source"])


# --- running it -----------------------------------------------------------------------------


def rules_extractor(lexicon: CueLexicon | None = None) -> Extractor:
    """The rule-based extractor of the quotes stage."""
    chosen = lexicon or CueLexicon.load()
    return lambda parse, text: extract_attributions(parse, text, chosen)


def parse_articles(articles: Sequence[GoldArticle], settings: Settings) -> list[Parse]:
    """Parse gold articles with the configured spaCy backbone."""
    from newsgraph.backbone import Backbone

    backbone = Backbone.from_settings(settings.nlp)
    backbone.setup()
    return backbone.parse([Article(id=f"{n:016x}", text=article.text)
                           for n, article in enumerate(articles)])


def evaluate_quotes(data: Path, split: str, settings: Settings, *, limit: int | None = None,
                    extractors: dict[str, Extractor] | None = None) -> dict[str, Any]:
    """Score extractors (the rules by default) on a PolNeAR split."""
    articles = read_polnear(data, split, limit=limit)
    started = time.perf_counter()
    parses = parse_articles(articles, settings)
    parse_seconds = time.perf_counter() - started
    chosen = extractors or {"rules": rules_extractor(CueLexicon.load(settings.quotes.cue_file or None))}
    gold = [list(article.attributions) for article in articles]
    results: dict[str, Any] = {}
    for name, extractor in chosen.items():
        started = time.perf_counter()
        predicted = [[predicted_ranges(item, parse) for item in extractor(parse, article.text)]
                     for article, parse in zip(articles, parses)]
        seconds = time.perf_counter() - started
        results[name] = {"scores": score(gold, predicted, parses), "seconds": round(seconds, 2)}
    return {"data": str(data), "split": split, "articles": len(articles),
            "attributions": sum(len(g) for g in gold), "parse_seconds": round(parse_seconds, 2),
            "extractors": results, "anchors": {name: dict(zip(ROLES, values))
                                               for name, values in ANCHORS.items()}}


def format_scores(report: dict[str, Any]) -> str:
    """A Markdown table: our figures per extractor, then the published anchors."""
    lines = [f"PolNeAR {report['split']}: {report['articles']} articles, "
             f"{report['attributions']} attributions (one annotator per article)", "",
             "| extractor | measure | source P/R/F1 | cue P/R/F1 | content P/R/F1 | attribution P/R/F1 |",
             "|---|---|---|---|---|---|"]
    for name, result in report["extractors"].items():
        for measure in ("exact", "sentence", "token"):
            cells = []
            for role in (*ROLES, "attribution"):
                figures = result["scores"][role].get(measure)
                if figures is None:
                    cells.append("–")
                    continue
                cells.append(f"{figures['precision']} / {figures['recall']} / **{figures['f1']}**")
            lines.append(f"| {name} | {measure} | " + " | ".join(cells) + " |")
    for name, values in report["anchors"].items():
        cells = [f"F1 {values[role]}" for role in ROLES]
        lines.append(f"| {name} | sentence exact | " + " | ".join(cells) + " | – |")
    return "\n".join(lines)


def packaged_extractors(settings: Settings, model: Path | None = None) -> dict[str, Extractor]:
    """The rules, and beside them the CRF shipped in the package (or the one at ``model``)."""
    from newsgraph.stages.quote_tagger import QuoteTagger

    lexicon = CueLexicon.load(settings.quotes.cue_file or None)
    extractors = {"rules": rules_extractor(lexicon)}
    tagger = QuoteTagger.load(lexicon, model)
    if tagger is not None:
        extractors["crf"] = tagger.attributions
    return extractors


def train_quotes(data: Path, settings: Settings, output: Path, *, split: str = "train",
                 limit: int | None = None, iterations: int = 300, c1: float = 0.8,
                 c2: float = 0.02) -> dict[str, Any]:
    """Train the attribution CRF on a PolNeAR split and write its weights to ``output``."""
    from newsgraph.stages.quote_tagger import features, gold_tags, paragraphs, train

    articles = read_polnear(data, split, limit=limit)
    started = time.perf_counter()
    parses = parse_articles(articles, settings)
    parse_seconds = time.perf_counter() - started
    lexicon = CueLexicon.load(settings.quotes.cue_file or None)
    sequences = []
    for article, parse in zip(articles, parses):
        rows = features(parse, article.text, lexicon)
        tags = gold_tags(parse, article.attributions)
        for first, last in paragraphs(parse, article.text):
            if any(not token.text.isspace() for token in parse.tokens[first:last]):
                sequences.append((rows[first:last], tags[first:last]))
    started = time.perf_counter()
    sizes = train(sequences, output, iterations=iterations, c1=c1, c2=c2)
    return {"data": str(data), "split": split, "articles": len(articles),
            "sequences": len(sequences), "parse_seconds": round(parse_seconds, 1),
            "train_seconds": round(time.perf_counter() - started, 1), "output": str(output),
            "c1": c1, "c2": c2,
            "bytes": output.stat().st_size, **sizes}
