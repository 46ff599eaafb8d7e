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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy

from newsgraph.schema import Parse
from newsgraph.stages.quotes import (Attribution, CueLexicon, QuoteKind, extract_attributions,
                                     find_quotations, snap_to_quotations)

MODEL_FILE: Final = "data/quote_crf.json"
LABELS: Final = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
_ROLE_OF_KIND: Final = {"source": "source", "cue": "cue", "content": "content"}
_PARAGRAPH: Final = re.compile("\n\n")
_FORBIDDEN: Final = 1e6
_CACHE_LIMIT: Final = 400_000
"""Feature blocks whose weights the tagger keeps summed; past this the cache starts again."""


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


Block = tuple[Any, ...]
"""A template name and the values it reads; ``expand`` turns it into feature strings. The
tagger caches the weights of each block, so most tokens cost a few lookups, not ~50 strings."""


def expand(block: Block) -> list[str]:
    """The feature strings of one block."""
    kind = block[0]
    if kind == "lex":
        _, word, lemma, pos, tag, cap, entity = block
        return ["bias", f"w={word}", f"l={lemma}", f"p={pos}", f"t={tag}", f"s3={word[-3:]}",
                f"cap={cap}", f"e={entity}"]
    if kind == "head":
        _, dep, head_lemma, head_pos = block
        return [f"d={dep}", f"hl={head_lemma}", f"hp={head_pos}", f"dhl={dep}|{head_lemma}"]
    if kind == "context":
        _, quoted, cue, head_cue, under, rule, dep = block
        return [f"q={quoted}", f"cue={cue}", f"hcue={head_cue}", f"under={under}", f"r={rule}",
                f"rq={rule}|{quoted}", f"ud={under}|{dep}"]
    if len(block) == 2:
        return [f"{block[1]}=edge"]
    _, offset, word, pos, rule, quoted = block
    return [f"{offset}w={word}", f"{offset}p={pos}", f"{offset}r={rule}", f"{offset}q={quoted}"]


def blocks(parse: Parse, text: str, lexicon: CueLexicon) -> list[list[Block]]:
    """The feature blocks of every token of an article: the same number for every token."""
    tokens = parse.tokens
    n = len(tokens)
    rules = _rule_tags(parse, text, lexicon)
    inside = [False] * n
    starts = [token.start for token in tokens]
    for quotation in find_quotations(text):
        for i in range(bisect.bisect_left(starts, quotation.start),
                       bisect.bisect_left(starts, quotation.end)):
            inside[i] = True
    stances: dict[str, bool] = {}
    cue = []
    for token in tokens:
        lemma = token.lemma.lower()
        if lemma not in stances:
            stances[lemma] = lexicon.verb_stance(lemma) is not None
        cue.append(stances[lemma])
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
    words = [token.text.lower() for token in tokens]
    out: list[list[Block]] = []
    for token in tokens:
        i = token.i
        head = tokens[token.head]
        row: list[Block] = [
            ("lex", words[i], token.lemma.lower(), token.pos, token.tag, token.text[:1].isupper(),
             token.entity_type),
            ("head", token.dep, head.lemma.lower(), head.pos),
            ("context", inside[i], cue[i], cue[head.i], under[i], rules[i], token.dep),
        ]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n and tokens[j].sentence == token.sentence:
                row.append(("near", offset, words[j], tokens[j].pos, rules[j], inside[j]))
            else:
                row.append(("near", offset))
        out.append(row)
    return out


def features(parse: Parse, text: str, lexicon: CueLexicon) -> list[list[str]]:
    """The feature strings of every token of an article (what the CRF is trained on)."""
    return [[feature for block in row for feature in expand(block)]
            for row in blocks(parse, text, lexicon)]


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


class _BlockCache:
    """The summed weights of the feature blocks met so far (one row of ``matrix`` each)."""

    def __init__(self) -> None:
        self.rows: dict[Block, int] = {}
        self.matrix: numpy.ndarray[Any, numpy.dtype[numpy.float64]] = numpy.zeros((0, 0))


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
    forbidden: numpy.ndarray[Any, numpy.dtype[numpy.float64]]
    """A large penalty on transitions that break BIO order (O to I-x, B-x or I-x to I-y)."""
    forbidden_start: numpy.ndarray[Any, numpy.dtype[numpy.float64]]
    """The same penalty on a sequence that starts inside a segment."""
    cache: _BlockCache = field(default_factory=lambda: _BlockCache(), compare=False, repr=False)

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
        forbidden, forbidden_start = _bio_penalties(labels)
        return cls(labels, transitions, index, weights, lexicon, forbidden, forbidden_start)

    def emissions(self, parse: Parse, text: str) -> numpy.ndarray[Any, numpy.dtype[numpy.float64]]:
        """The state score of every label at every token: the sum of its blocks' weights."""
        rows = blocks(parse, text, self.lexicon)
        cache = self.cache
        if len(cache.rows) > _CACHE_LIMIT or cache.matrix.shape[1] != len(self.labels):
            cache.rows = {}
            cache.matrix = numpy.zeros((1024, len(self.labels)))
        known = cache.rows
        unknown = len(self.index)  # the last row of weights is all zeros
        lookup = self.index.get
        fresh: list[Block] = []
        ids: list[int] = []
        for row in rows:
            for block in row:
                number = known.get(block)
                if number is None:
                    number = known[block] = len(known)
                    fresh.append(block)
                ids.append(number)
        if fresh:
            if len(known) > len(cache.matrix):
                grown = numpy.zeros((2 * len(known), len(self.labels)))
                grown[:len(cache.matrix)] = cache.matrix
                cache.matrix = grown
            for block in fresh:
                cache.matrix[known[block]] = self.weights[
                    [lookup(feature, unknown) for feature in expand(block)]].sum(axis=0)
        width = len(rows[0]) if rows else 0
        scores: numpy.ndarray[Any, numpy.dtype[numpy.float64]] = cache.matrix[ids].reshape(
            len(rows), width, len(self.labels)).sum(axis=1)
        return scores

    def tag(self, parse: Parse, text: str) -> list[str]:
        """The best label of every token, by Viterbi over each paragraph (all paragraphs of the
        article decoded side by side), with BIO order enforced."""
        if not parse.tokens:
            return []
        emissions = self.emissions(parse, text)
        spans = list(paragraphs(parse, text))
        longest = max(last - first for first, last in spans)
        size = len(self.labels)
        batch = numpy.zeros((len(spans), longest, size))
        mask = numpy.zeros((len(spans), longest), dtype=bool)
        for number, (first, last) in enumerate(spans):
            batch[number, :last - first] = emissions[first:last]
            mask[number, :last - first] = True
        transitions = self.transitions + self.forbidden
        best = batch[:, 0] + self.forbidden_start
        back = numpy.empty((len(spans), longest, size), dtype=numpy.int64)
        back[:, 0] = numpy.arange(size)
        keep = numpy.arange(size)
        for position in range(1, longest):
            candidates = best[:, :, None] + transitions
            choice = candidates.argmax(axis=1)
            score = candidates.max(axis=1) + batch[:, position]
            live = mask[:, position]
            back[:, position] = numpy.where(live[:, None], choice, keep)
            best = numpy.where(live[:, None], score, best)
        label = best.argmax(axis=1)
        paths = numpy.empty((len(spans), longest), dtype=numpy.int64)
        paths[:, longest - 1] = label
        chosen = numpy.arange(len(spans))
        for position in range(longest - 1, 0, -1):
            label = back[chosen, position, label]
            paths[:, position - 1] = label
        tags: list[str] = []
        for number, (first, last) in enumerate(spans):
            tags.extend(self.labels[k] for k in paths[number, :last - first])
        return tags

    def attributions(self, parse: Parse, text: str) -> list[Attribution]:
        """Attributions grouped from the tags: every source and content joins the nearest cue of
        its sentence, else of its paragraph."""
        return group(self.tag(parse, text), parse, text, self.lexicon)


def _bio_penalties(labels: Sequence[str]) -> tuple[numpy.ndarray[Any, numpy.dtype[numpy.float64]],
                                                   numpy.ndarray[Any, numpy.dtype[numpy.float64]]]:
    size = len(labels)
    forbidden = numpy.zeros((size, size))
    start = numpy.zeros(size)
    for target, label in enumerate(labels):
        if not label.startswith("I-"):
            continue
        start[target] = -_FORBIDDEN
        for source, previous in enumerate(labels):
            if previous[2:] != label[2:]:
                forbidden[source, target] = -_FORBIDDEN
    return forbidden, start


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
            content = snap_to_quotations([(tokens[a].start, tokens[b - 1].end)
                                          for a, b in members[n]["content"]], quotations, text)
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
