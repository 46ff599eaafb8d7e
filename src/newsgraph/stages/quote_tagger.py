"""A CRF that tags attribution sources, cues and contents over the parse, stacked on the rules.

Inference is plain Python over weights shipped as JSON (``data/quote_crf.json``), so running it
needs nothing beyond the package; training (``newsgraph train quotes``) needs python-crfsuite.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy

from newsgraph.schema import Parse
from newsgraph.stages.quotes import Attribution, CueLexicon, QuoteKind, extract_attributions, find_quotations

MODEL_FILE: Final = "data/quote_crf.json"
LABELS: Final = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
_ROLE_OF_KIND: Final = {"source": "source", "cue": "cue", "content": "content"}
_PARAGRAPH: Final = re.compile("\n\n")


# --- features -------------------------------------------------------------------------------


def _rule_tags(parse: Parse, text: str, lexicon: CueLexicon) -> list[str]:
    tags = ["O"] * len(parse.tokens)
    starts = [token.start for token in parse.tokens]
    for attribution in extract_attributions(parse, text, lexicon):
        roles: list[tuple[str, list[tuple[int, int]]]] = [("content", attribution.content)]
        if attribution.source is not None and not attribution.continued:
            first, last = attribution.source
            roles.append(("source", [(parse.tokens[first].start, parse.tokens[last - 1].end)]))
        roles.append(("cue", [(parse.tokens[i].start, parse.tokens[i].end) for i in attribution.cue]))
        for role, ranges in roles:
            for start, end in ranges:
                first = bisect.bisect_left(starts, start)
                for i in range(first, bisect.bisect_left(starts, end)):
                    tags[i] = ("B-" if i == first else "I-") + role
    return tags


def features(parse: Parse, text: str, lexicon: CueLexicon) -> list[list[str]]:
    """The feature strings of every token of an article."""
    tokens = parse.tokens
    n = len(tokens)
    rules = _rule_tags(parse, text, lexicon)
    inside = [False] * n
    starts = [token.start for token in tokens]
    for quotation in find_quotations(text):
        for i in range(bisect.bisect_left(starts, quotation.start),
                       bisect.bisect_left(starts, quotation.end)):
            inside[i] = True
    cue = [lexicon.verb_stance(token.lemma.lower()) is not None for token in tokens]
    under: list[str] = []
    for token in tokens:
        # The relation by which the token's branch hangs from the nearest cue verb above it.
        current, relation, found = token, "", "none"
        for _ in range(12):
            if current.head == current.i:
                break
            relation = current.dep
            current = tokens[current.head]
            if cue[current.i]:
                found = relation
                break
        under.append(found)
    out: list[list[str]] = []
    for token in tokens:
        i = token.i
        head = tokens[token.head]
        word = token.text.lower()
        row = [
            "bias", f"w={word}", f"l={token.lemma.lower()}", f"p={token.pos}", f"t={token.tag}",
            f"d={token.dep}", f"hl={head.lemma.lower()}", f"hp={head.pos}", f"dhl={token.dep}|{head.lemma.lower()}",
            f"s3={word[-3:]}", f"cap={token.text[:1].isupper()}", f"q={inside[i]}", f"cue={cue[i]}",
            f"hcue={cue[head.i]}", f"under={under[i]}", f"r={rules[i]}", f"e={token.entity_type}",
            f"rq={rules[i]}|{inside[i]}", f"ud={under[i]}|{token.dep}",
        ]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n and tokens[j].sentence == token.sentence:
                row.append(f"{offset}w={tokens[j].text.lower()}")
                row.append(f"{offset}p={tokens[j].pos}")
                row.append(f"{offset}r={rules[j]}")
                row.append(f"{offset}q={inside[j]}")
            else:
                row.append(f"{offset}=edge")
        out.append(row)
    return out


def paragraphs(parse: Parse, text: str) -> Iterator[tuple[int, int]]:
    """Half-open token ranges of the paragraphs: the sequences the CRF tags."""
    breaks = [match.start() for match in _PARAGRAPH.finditer(text)]
    first = 0
    tokens = parse.tokens
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or bisect.bisect_left(breaks, tokens[i].start) != bisect.bisect_left(
                breaks, tokens[i - 1].start):
            yield first, i
            first = i


# --- decoding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteTagger:
    """CRF weights: state features per label and label-to-label transitions."""

    labels: tuple[str, ...]
    transitions: numpy.ndarray[Any, numpy.dtype[numpy.float64]]
    index: dict[str, int]
    """Row of each attribute in ``weights``."""
    weights: numpy.ndarray[Any, numpy.dtype[numpy.float64]]
    """One row of label weights per attribute."""
    lexicon: CueLexicon

    @classmethod
    def load(cls, lexicon: CueLexicon, path: str | Path | None = None) -> QuoteTagger | None:
        """The packaged model (or the one at ``path``); None when none is shipped."""
        if path is None:
            resource = resources.files("newsgraph").joinpath(MODEL_FILE)
            if not resource.is_file():
                return None
            data = json.loads(resource.read_text("utf-8"))
        else:
            data = json.loads(Path(path).read_text("utf-8"))
        labels = tuple(data["labels"])
        index = {attribute: row for row, attribute in enumerate(data["features"])}
        weights = numpy.zeros((len(index) + 1, len(labels)))
        for attribute, pairs in data["features"].items():
            for label, weight in pairs:
                weights[index[attribute], int(label)] = float(weight)
        transitions = numpy.asarray(data["transitions"], dtype=float)
        return cls(labels, transitions, index, weights, lexicon)

    def tag(self, parse: Parse, text: str) -> list[str]:
        """The best label of every token, by Viterbi over each paragraph."""
        rows = features(parse, text, self.lexicon)
        tags: list[str] = []
        for first, last in paragraphs(parse, text):
            tags.extend(self._viterbi(rows[first:last]))
        return tags

    def _viterbi(self, rows: Sequence[list[str]]) -> list[str]:
        if not rows:
            return []
        size = len(self.labels)
        unknown = len(self.index)  # the last row of weights is all zeros
        positions = [position for position, row in enumerate(rows) for _ in row]
        attributes = [self.index.get(attribute, unknown) for row in rows for attribute in row]
        emissions = numpy.zeros((len(rows), size))
        numpy.add.at(emissions, numpy.asarray(positions), self.weights[numpy.asarray(attributes)])
        transitions = self.transitions
        best = emissions[0]
        back = numpy.zeros((len(rows), size), dtype=numpy.int64)
        for position in range(1, len(rows)):
            candidates = best[:, None] + transitions
            back[position] = candidates.argmax(axis=0)
            best = candidates.max(axis=0) + emissions[position]
        label = int(best.argmax())
        path = [label]
        for position in range(len(rows) - 1, 0, -1):
            label = int(back[position][label])
            path.append(label)
        path.reverse()
        return [self.labels[k] for k in path]

    def attributions(self, parse: Parse, text: str) -> list[Attribution]:
        """Attributions grouped from the tags: every source and content joins the nearest cue of
        its sentence, else of its paragraph."""
        return group(self.tag(parse, text), parse, text, self.lexicon)


def group(tags: Sequence[str], parse: Parse, text: str, lexicon: CueLexicon) -> list[Attribution]:
    """Attributions from role tags (BIO over source, cue, content)."""
    tokens = parse.tokens
    found: list[Attribution] = []
    quotations = find_quotations(text)
    for first, last in paragraphs(parse, text):
        segments: list[tuple[str, int, int]] = []
        for i in range(first, last):
            tag = tags[i]
            if tag == "O":
                continue
            role = tag[2:]
            if tag.startswith("I-") and segments and segments[-1][0] == role and segments[-1][2] == i:
                segments[-1] = (role, segments[-1][1], i + 1)
            else:
                segments.append((role, i, i + 1))
        cues = [segment for segment in segments if segment[0] == "cue"]
        members: dict[int, dict[str, list[tuple[int, int]]]] = {
            n: {"source": [], "content": []} for n in range(len(cues))}
        orphans: list[tuple[int, int]] = []
        for role, start, end in segments:
            if role == "cue":
                continue
            if not cues:
                if role == "content":
                    orphans.append((start, end))
                continue
            sentence = tokens[start].sentence
            same = [n for n, cue in enumerate(cues) if tokens[cue[1]].sentence == sentence]
            pool = same or list(range(len(cues)))
            nearest = min(pool, key=lambda n: min(abs(cues[n][1] - end), abs(cues[n][2] - start)))
            members[nearest][role].append((start, end))
        for n, (_, cue_first, cue_last) in enumerate(cues):
            content = [(tokens[a].start, tokens[b - 1].end) for a, b in members[n]["content"]]
            if not content:
                continue
            sources = members[n]["source"]
            source = min(sources, key=lambda s: abs(s[0] - cue_first)) if sources else None
            cue = list(range(cue_first, cue_last))
            found.append(_attribution(cue, source, content, parse, quotations, lexicon))
    return found


def _attribution(cue: list[int], source: tuple[int, int] | None, content: list[tuple[int, int]],
                 parse: Parse, quotations: Sequence[Any], lexicon: CueLexicon) -> Attribution:
    tokens = parse.tokens
    words = [tokens[i].lemma.lower() for i in cue]
    phrase = " ".join(tokens[i].text.lower() for i in cue)
    kind: QuoteKind = "indirect"
    quoted = sum(min(e, q.end) - max(s, q.start) for s, e in content for q in quotations
                 if q.start < e and s < q.end)
    total = sum(e - s for s, e in content)
    if phrase in lexicon.phrases:
        kind = "according-to"
    elif total and quoted >= 0.9 * total:
        kind = "direct"
    elif quoted:
        kind = "mixed"
    stance = lexicon.phrases.get(phrase, "neutral")
    for word in words:
        stance = lexicon.verb_stance(word) or stance
    confidence = {"direct": 0.85, "according-to": 0.8}.get(kind, 0.75)
    return Attribution(kind=kind, cue=cue, source=source, content=content, stance=stance,
                       confidence=confidence)


# --- training -------------------------------------------------------------------------------


def gold_tags(parse: Parse, attributions: Sequence[Any]) -> list[str]:
    """BIO role tags of every token from gold attributions (objects with source/cue/content
    character ranges); PolNeAR gives each token at most one role."""
    starts = [token.start for token in parse.tokens]
    ends = [token.end for token in parse.tokens]
    tags = ["O"] * len(parse.tokens)
    for attribution in attributions:
        for role in ("source", "cue", "content"):
            for start, end in getattr(attribution, role):
                first = bisect.bisect_right(ends, start)
                i = first
                while i < len(starts) and starts[i] < end:
                    if not parse.tokens[i].text.isspace():
                        previous = tags[i - 1][2:] if i > first else ""
                        tags[i] = ("I-" if previous == role else "B-") + role
                    i += 1
    return tags


def train(sequences: Sequence[tuple[list[list[str]], list[str]]], output: Path, *,
          c1: float = 0.05, c2: float = 0.01, iterations: int = 150,
          minimum_weight: float = 0.05) -> dict[str, int]:
    """Train a CRF with python-crfsuite and write its weights as JSON to ``output``."""
    import tempfile

    import pycrfsuite  # type: ignore[import-not-found, import-untyped, unused-ignore]

    trainer = pycrfsuite.Trainer(verbose=False)
    for rows, labels in sequences:
        trainer.append(rows, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as folder:
        model = str(Path(folder) / "quotes.crfsuite")
        trainer.train(model)
        tagger = pycrfsuite.Tagger()
        tagger.open(model)
        info = tagger.info()
        tagger.close()
    labels = list(LABELS)
    index = {label: n for n, label in enumerate(labels)}
    transitions = [[0.0] * len(labels) for _ in labels]
    for (source, target), weight in info.transitions.items():
        transitions[index[source]][index[target]] = round(weight, 4)
    weights: dict[str, list[list[float]]] = {}
    for (attribute, label), weight in info.state_features.items():
        if abs(weight) >= minimum_weight and not math.isnan(weight):
            weights.setdefault(attribute, []).append([index[label], round(weight, 4)])
    output.write_text(json.dumps({"labels": labels, "transitions": transitions,
                                  "features": weights}, separators=(",", ":")), encoding="utf-8")
    return {"attributes": len(weights), "weights": sum(len(v) for v in weights.values())}
