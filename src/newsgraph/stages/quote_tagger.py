"""A CRF that tags attribution sources, cues and contents over the parse, stacked on the rules.

Inference is plain Python over weights shipped as JSON (``data/quote_crf.json``), so running it
needs nothing beyond the package; training (``newsgraph train quotes``) needs python-crfsuite.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy

from newsgraph.schema import Parse
from newsgraph.stages.quotes import (Attribution, CueLexicon, QuoteKind, extract_attributions,
                                     find_quotations, snap_to_quotations, speech_details)

MODEL_FILE: Final = "data/quote_crf.json"
CLUSTER_FILE: Final = "data/word_clusters.tsv.gz"
_NO_CLUSTER: Final = ("-", "-", "-")
OFFSETS: Final = (-2, -1, 1, 2)
"""Where the neighbours a token reads features from sit."""
LABELS: Final = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
_ROLE_OF_KIND: Final = {"source": "source", "cue": "cue", "content": "content"}
_PARAGRAPH: Final = re.compile("\n\n")
_FORBIDDEN: Final = 1e6
_CACHE_LIMIT: Final = 400_000
"""Feature blocks whose weights the tagger keeps summed; past this the cache starts again."""


# --- features -------------------------------------------------------------------------------


def _rule_tags(parse: Parse, text: str, lexicon: CueLexicon,
               rules: Sequence[Attribution] | None = None) -> list[str]:
    tags = ["O"] * len(parse.tokens)
    starts = [token.start for token in parse.tokens]
    if rules is None:
        rules = extract_attributions(parse, text, lexicon)
    for attribution in rules:
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
    if kind == "cluster":
        _, coarse, middle, fine = block
        return [f"c1={coarse}", f"c2={middle}", f"c3={fine}"]
    raise ValueError(f"not a block of the token itself: {kind}")


def neighbour_features(block: Block, offset: int) -> list[str]:
    """The feature strings a token reads from the ``near`` block of its neighbour ``offset``
    places away."""
    _, word, pos, rule, quoted, cluster = block
    return [f"{offset}w={word}", f"{offset}p={pos}", f"{offset}r={rule}", f"{offset}q={quoted}",
            f"{offset}c2={cluster}"]


def edge_feature(offset: int) -> str:
    """The feature of a token with no neighbour ``offset`` places away in its sentence."""
    return f"{offset}=edge"


def blocks(parse: Parse, text: str, lexicon: CueLexicon,
           rules: Sequence[Attribution] | None = None) -> list[list[Block]]:
    """The feature blocks of every token of an article: the same number for every token, the
    last (``near``) being what the token gives its neighbours."""
    tokens = parse.tokens
    n = len(tokens)
    rule_tags = _rule_tags(parse, text, lexicon, rules)
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
    clusters = word_clusters()
    groups = [clusters.get(word, _NO_CLUSTER) for word in words]
    out: list[list[Block]] = []
    for token in tokens:
        i = token.i
        head = tokens[token.head]
        row: list[Block] = [
            ("lex", words[i], token.lemma.lower(), token.pos, token.tag, token.text[:1].isupper(),
             token.entity_type),
            ("head", token.dep, head.lemma.lower(), head.pos),
            ("context", inside[i], cue[i], cue[head.i], under[i], rule_tags[i], token.dep),
            ("cluster", *groups[i]),
            ("near", words[i], token.pos, rule_tags[i], inside[i], groups[i][1]),
        ]
        out.append(row)
    return out


@functools.lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, str, str]]:
    """Lower-cased words and their clusters at three sizes (k-means over the backbone's word
    vectors), so that a cue verb the training data never showed still finds its kind."""
    resource = resources.files("newsgraph").joinpath(CLUSTER_FILE)
    found: dict[str, tuple[str, str, str]] = {}
    with resource.open("rb") as raw:
        lines = gzip.decompress(raw.read()).decode("utf-8").splitlines()
        for line in lines:
            if line.startswith("#"):
                continue
            word, coarse, middle, fine = line.split("\t")
            found[word] = (coarse, middle, fine)
    return found


def features(parse: Parse, text: str, lexicon: CueLexicon) -> list[list[str]]:
    """The feature strings of every token of an article (what the CRF is trained on)."""
    rows = blocks(parse, text, lexicon)
    tokens = parse.tokens
    found = []
    for i, row in enumerate(rows):
        strings = [feature for block in row[:-1] for feature in expand(block)]
        for offset in OFFSETS:
            j = i + offset
            if 0 <= j < len(rows) and tokens[j].sentence == tokens[i].sentence:
                strings.extend(neighbour_features(rows[j][-1], offset))
            else:
                strings.append(edge_feature(offset))
        found.append(strings)
    return found


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
    """The summed weights of the feature blocks met so far: one row of ``matrix`` each, a row
    being ``width`` label vectors (one per neighbour offset for ``near`` blocks)."""

    def __init__(self, width: int = 1) -> None:
        self.width = width
        self.rows: dict[Block, int] = {}
        self.matrix: numpy.ndarray[Any, numpy.dtype[numpy.float64]] = numpy.zeros((0, width, 0))

    def ids(self, blocks: Iterable[Block], size: int,
            weigh: Callable[[list[Block]], numpy.ndarray[Any, numpy.dtype[numpy.float64]]]
            ) -> list[int]:
        """The row of every block, weighing (``weigh``) the ones not met before, all at once."""
        if len(self.rows) > _CACHE_LIMIT or self.matrix.shape[2] != size:
            self.rows = {}
            self.matrix = numpy.zeros((1024, self.width, size))
        known = self.rows
        fresh: list[Block] = []
        ids: list[int] = []
        for block in blocks:
            number = known.get(block)
            if number is None:
                number = known[block] = len(known)
                fresh.append(block)
            ids.append(number)
        if len(known) > len(self.matrix):
            grown = numpy.zeros((2 * len(known), self.width, size))
            grown[:len(self.matrix)] = self.matrix
            self.matrix = grown
        if fresh:
            self.matrix[[known[block] for block in fresh]] = weigh(fresh)
        return ids


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
    near_cache: _BlockCache = field(default_factory=lambda: _BlockCache(len(OFFSETS)),
                                    compare=False, repr=False)
    bias: numpy.ndarray[Any, numpy.dtype[numpy.float64]] = field(
        default_factory=lambda: numpy.zeros(len(LABELS)), compare=False)
    """Added to every token's label scores: the recall the weights were tuned for."""

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
        word_clusters()  # loaded with the model, not on the first article
        forbidden, forbidden_start = _bio_penalties(labels)
        return cls(labels, transitions, index, weights, lexicon, forbidden, forbidden_start)

    def emissions(self, parse: Parse, text: str, rules: Sequence[Attribution] | None = None
                  ) -> numpy.ndarray[Any, numpy.dtype[numpy.float64]]:
        """The state score of every label at every token: the sum of its blocks' weights and of
        what its neighbours' ``near`` blocks give it."""
        rows = blocks(parse, text, self.lexicon, rules)
        size = len(self.labels)
        n = len(rows)
        if not n:
            return numpy.zeros((0, size))
        unknown = len(self.index)  # the last row of weights is all zeros
        lookup = self.index.get

        def summed(strings: list[list[str]]) -> numpy.ndarray[Any, numpy.dtype[numpy.float64]]:
            flat = [lookup(feature, unknown) for group in strings for feature in group]
            starts = numpy.cumsum([0] + [len(group) for group in strings[:-1]])
            found: numpy.ndarray[Any, numpy.dtype[numpy.float64]] = numpy.add.reduceat(
                self.weights[flat], starts, axis=0)
            return found

        def own(fresh: list[Block]) -> numpy.ndarray[Any, numpy.dtype[numpy.float64]]:
            return summed([expand(block) for block in fresh])[:, None, :]

        def near(fresh: list[Block]) -> numpy.ndarray[Any, numpy.dtype[numpy.float64]]:
            return summed([neighbour_features(block, offset) for block in fresh
                           for offset in OFFSETS]).reshape(len(fresh), len(OFFSETS), size)

        width = len(rows[0]) - 1
        ids = self.cache.ids((block for row in rows for block in row[:-1]), size, own)
        scores: numpy.ndarray[Any, numpy.dtype[numpy.float64]] = self.cache.matrix[ids, 0].reshape(
            n, width, size).sum(axis=1)
        near_ids = self.near_cache.ids((row[-1] for row in rows), size, near)
        given = self.near_cache.matrix[near_ids]
        sentences = numpy.fromiter((token.sentence for token in parse.tokens), dtype=numpy.int64,
                                   count=n)
        positions = numpy.arange(n)
        for k, offset in enumerate(OFFSETS):
            source = positions + offset
            inside = (source >= 0) & (source < n)
            clipped = numpy.clip(source, 0, n - 1)
            inside &= sentences[clipped] == sentences
            edge = self.weights[lookup(edge_feature(offset), unknown)]
            scores += numpy.where(inside[:, None], given[clipped, k], edge)
        return scores

    def tag(self, parse: Parse, text: str, rules: Sequence[Attribution] | None = None) -> list[str]:
        """The best label of every token, by Viterbi over each paragraph (all paragraphs of the
        article decoded side by side), with BIO order enforced."""
        if not parse.tokens:
            return []
        emissions = self.emissions(parse, text, rules) + self.bias
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
        """Attributions grouped from the tags, with the medium and addressee the rules found for
        the same cue (the CRF does not tag them)."""
        rules = extract_attributions(parse, text, self.lexicon)
        found = group(self.tag(parse, text, rules), parse, text, self.lexicon)
        return with_rule_details(found, rules, parse, speech_details(parse, text, self.lexicon))


Details = Callable[[int], tuple[tuple[int, int] | None, tuple[int, int] | None]]


def with_rule_details(found: list[Attribution], rules: Sequence[Attribution], parse: Parse,
                      details: Details) -> list[Attribution]:
    """Give each tagged attribution the medium and addressee of the rules' attribution with the
    same cue, else those its cue verb's parse gives (``details``), and keep a medium at the head
    of the content out of it ("said in an interview with X that ...": it starts at "that")."""
    tokens = parse.tokens
    by_cue = {i: rule for rule in rules for i in rule.cue}
    tagged = {i: attribution for attribution in found for i in attribution.cue}
    for attribution in found:
        rule = next((by_cue[i] for i in attribution.cue if i in by_cue), None)
        if attribution.source is None:
            # "The ministry described the talks as useful and said that ...": the second verb
            # shares the subject of the first; the rules read it from the parse.
            shared = next((tagged[tokens[i].head] for i in attribution.cue if tokens[i].dep == "conj"
                           and tokens[i].head in tagged), None)
            if shared is not None and shared is not attribution:
                attribution.source = shared.source
        if rule is not None:  # the rules read the same verb's parse already
            attribution.medium, attribution.addressee = rule.medium, rule.addressee
        else:
            verb = next((i for i in attribution.cue if tokens[i].pos == "VERB"), None)
            if verb is not None:
                attribution.medium, attribution.addressee = details(verb)
        medium = attribution.medium
        if medium is None or not attribution.content:
            continue
        medium_start = tokens[medium[0]].start
        medium_end = tokens[medium[1] - 1].end
        first_start, first_end = attribution.content[0]
        if first_start <= medium_start < first_end and medium_end < first_end:
            after = next((t for t in tokens[medium[1]:] if t.start >= medium_end
                          and t.pos != "PUNCT" and not t.text.isspace()), None)
            if after is not None and after.start < first_end:
                attribution.content[0] = (after.start, first_end)
    return found


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
    spans = list(paragraphs(parse, text))
    segmented = [_segments(tags, first, last) for first, last in spans]
    for number, segments in enumerate(segmented):
        cues = [segment for segment in segments if segment[0] == "cue"]
        members = _members(segments, cues, parse)
        for n, (_, cue_first, cue_last) in enumerate(cues):
            pieces = (_around_inner(members[n]["content"], n, cues, members, parse)
                      or _borrowed(n, cues, segments, members, parse))
            if not pieces and number + 1 < len(spans) and _ends_paragraph(cue_last, segments,
                                                                          spans[number], parse):
                pieces = _next_paragraph(segmented[number + 1], spans[number + 1], quotations,
                                         parse)
            content = snap_to_quotations([(tokens[a].start, tokens[b - 1].end)
                                          for a, b in pieces], quotations, text)
            if not content:
                continue
            sources = members[n]["source"]
            source = min(sources, key=lambda s: abs(s[0] - cue_first)) if sources else None
            cue = list(range(cue_first, cue_last))
            found.append(_attribution(cue, source, content, parse, quotations, lexicon))
    return found


Segment = tuple[str, int, int]
"""A role and the half-open token range tagged with it."""


def _segments(tags: Sequence[str], first: int, last: int) -> list[Segment]:
    segments: list[Segment] = []
    for i in range(first, last):
        tag = tags[i]
        if tag == "O":
            continue
        role = tag[2:]
        if tag.startswith("I-") and segments and segments[-1][0] == role and segments[-1][2] == i:
            segments[-1] = (role, segments[-1][1], i + 1)
        else:
            segments.append((role, i, i + 1))
    return segments


def _members(segments: Sequence[Segment], cues: Sequence[Segment],
             parse: Parse) -> dict[int, dict[str, list[tuple[int, int]]]]:
    """Each source and content joined to the nearest cue of its sentence, else of its paragraph."""
    tokens = parse.tokens
    members: dict[int, dict[str, list[tuple[int, int]]]] = {
        n: {"source": [], "content": []} for n in range(len(cues))}
    for role, segment_start, segment_end in segments:
        if role == "cue" or not cues:
            continue
        previous: int | None = None
        # A content that runs on into a sentence with a cue of its own is two contents
        # told back to back ("... on Sunday, according to an aide."): the tags cannot
        # say where one ends, the sentence can.
        for start, end in _by_sentence(segment_start, segment_end, parse):
            sentence = tokens[start].sentence
            same = [n for n, cue in enumerate(cues) if tokens[cue[1]].sentence == sentence]
            if same:
                nearest = min(same, key=lambda n: min(abs(cues[n][1] - end),
                                                      abs(cues[n][2] - start)))
            elif previous is not None:
                nearest = previous
            else:
                nearest = min(range(len(cues)), key=lambda n: min(abs(cues[n][1] - end),
                                                                  abs(cues[n][2] - start)))
            pieces = members[nearest][role]
            if pieces and pieces[-1][1] == start:
                pieces[-1] = (pieces[-1][0], end)
            else:
                pieces.append((start, end))
            previous = nearest
    return members


def _around_inner(pieces: list[tuple[int, int]], n: int, cues: Sequence[Segment],
                  members: dict[int, dict[str, list[tuple[int, int]]]],
                  parse: Parse) -> list[tuple[int, int]]:
    """A content that runs up to another cue of its sentence ("says that [she is thrilled to
    receive ...]") holds that cue's whole attribution: the inner one is nested in it."""
    if not pieces:
        return pieces
    tokens = parse.tokens
    start, end = pieces[-1]
    for m, (_, inner_first, inner_last) in enumerate(cues):
        if m == n or inner_first != end or tokens[inner_first].sentence != tokens[end - 1].sentence:
            continue
        inner = [b for _, b in members[m]["content"] if b > inner_last]
        if inner:
            return [*pieces[:-1], (start, max(inner))]
    return pieces


def _borrowed(n: int, cues: Sequence[Segment], segments: Sequence[Segment],
              members: dict[int, dict[str, list[tuple[int, int]]]],
              parse: Parse) -> list[tuple[int, int]]:
    """Content for a cue that got none: the whole attribution it introduces ("says [a review
    shows that ...]"), or the content it shares with another cue of its sentence ("X reports
    that ..., according to Y")."""
    tokens = parse.tokens
    _, cue_first, cue_last = cues[n]
    sentence = tokens[cue_first].sentence
    after = [m for m, cue in enumerate(cues) if cue[1] >= cue_last
             and tokens[cue[1]].sentence == sentence and members[m]["content"]]
    if after:
        inner = after[0]
        start = cue_last
        while start < cues[inner][1] and tokens[start].pos == "PUNCT":
            start += 1
        end = max(b for _, b in members[inner]["content"])
        if end > start:
            return [(start, end)]
    shared = [piece for m, cue in enumerate(cues) if m != n
              for piece in members[m]["content"] if tokens[piece[0]].sentence == sentence]
    if shared:
        return [min(shared, key=lambda piece: min(abs(piece[0] - cue_last),
                                                  abs(piece[1] - cue_first)))]
    return []


def _ends_paragraph(cue_last: int, segments: Sequence[Segment], span: tuple[int, int],
                    parse: Parse) -> bool:
    """Whether nothing but punctuation and a source follows the cue in its paragraph."""
    later = [segment for segment in segments if segment[1] >= cue_last and segment[0] != "source"]
    if later:
        return False
    tokens = parse.tokens
    covered = {i for role, a, b in segments if role == "source" for i in range(a, b)}
    return all(tokens[i].pos in ("PUNCT", "SPACE") or tokens[i].text.isspace() or i in covered
               for i in range(cue_last, span[1]))


def _next_paragraph(segments: Sequence[Segment], span: tuple[int, int], quotations: Sequence[Any],
                    parse: Parse) -> list[tuple[int, int]]:
    """What a cue that ends its paragraph ("He said:") introduces: the next paragraph's content
    when no cue of its own claims it, else a quotation that opens it."""
    if any(role == "cue" for role, _, _ in segments):
        return []
    contents = [(a, b) for role, a, b in segments if role == "content"]
    if contents:
        return contents
    tokens = parse.tokens
    first = next((i for i in range(*span) if not tokens[i].text.isspace()), None)
    if first is None:
        return []
    for quotation in quotations:
        if quotation.start == tokens[first].start:
            last = max((i for i in range(first, span[1]) if tokens[i].end <= quotation.end),
                       default=first)
            return [(first, last + 1)]
    return []


def _by_sentence(start: int, end: int, parse: Parse) -> Iterator[tuple[int, int]]:
    """The token range ``start``..``end`` cut where a sentence ends."""
    tokens = parse.tokens
    first = start
    for i in range(start + 1, end):
        if tokens[i].sentence != tokens[i - 1].sentence:
            yield first, i
            first = i
    yield first, end


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
          c1: float = 0.8, c2: float = 0.02, iterations: int = 300,
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
