"""Persuasion techniques: the cue word lists, the paragraph features built on them, the
context head's inputs, and where a technique shows inside its sentence."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.features import WORD, Matrix, Vocabulary, paragraph_tfidf, style_features, words
from newsgraph.framing.model import Head
from newsgraph.schema import Token

CUES_FILE = "data/technique_cues.yaml"
CUE_SHAPES = 10  # structural counts after the lexicon cues in ``cue_features``
SPAN_LEVELS = ("word", "clause", "repeat", "slogan")


@dataclass(frozen=True)
class SpanRule:
    """How a technique is placed inside a sentence: its level and the cue lists it looks for."""

    level: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class TechniqueCues:
    """Word lists that hint at persuasion techniques (``data/technique_cues.yaml``)."""

    names: tuple[str, ...]
    words: tuple[frozenset[str], ...]
    phrases: tuple[tuple[tuple[str, ...], ...], ...]
    common: frozenset[str]
    spans: Mapping[str, SpanRule] = field(default_factory=dict)

    def rule(self, technique: str) -> SpanRule:
        """Where ``technique`` is placed; the clause level without cues when not listed."""
        return self.spans.get(technique, SpanRule("clause"))

    @property
    def size(self) -> int:
        """How many numbers ``cue_features`` returns."""
        return len(self.names) + CUE_SHAPES

    @classmethod
    def from_mapping(cls, data: Any, source: str) -> TechniqueCues:
        """Cues from a parsed YAML mapping; a malformed one raises ConfigError naming ``source``."""
        cues = data.get("cues") if isinstance(data, dict) else None
        common = data.get("common_words", []) if isinstance(data, dict) else None
        if not isinstance(cues, dict) or not isinstance(common, list):
            raise ConfigError(Messages.TECHNIQUE_CUES_BAD, path=source,
                              detail="expected a mapping with 'cues' and 'common_words'")
        names, singles, runs = [], [], []
        for name, entries in cues.items():
            if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                raise ConfigError(Messages.TECHNIQUE_CUES_BAD, path=source,
                                  detail=f"cue {name!r} must be a list of words or phrases")
            tokens = [tuple(words(entry)) for entry in entries]
            names.append(str(name))
            singles.append(frozenset(t[0] for t in tokens if len(t) == 1))
            runs.append(tuple(t for t in tokens if len(t) > 1))
        return cls(tuple(names), tuple(singles), tuple(runs),
                   frozenset(str(word).lower() for word in common),
                   _span_rules(data.get("spans", {}), names, source))


def _span_rules(data: Any, names: Sequence[str], source: str) -> dict[str, SpanRule]:
    """The ``spans`` section of the cue file, each rule checked against the cue lists."""
    if not isinstance(data, dict):
        raise ConfigError(Messages.TECHNIQUE_CUES_BAD, path=source,
                          detail="'spans' must map techniques to {level, cues}")
    rules = {}
    for technique, rule in data.items():
        level = rule.get("level") if isinstance(rule, dict) else None
        listed = rule.get("cues", []) if isinstance(rule, dict) else None
        if level not in SPAN_LEVELS:
            raise ConfigError(Messages.TECHNIQUE_CUES_BAD, path=source,
                              detail=f"span rule {technique!r} needs a level, one of "
                                     f"{', '.join(SPAN_LEVELS)}")
        if not isinstance(listed, list) or any(cue not in names for cue in listed):
            raise ConfigError(Messages.TECHNIQUE_CUES_BAD, path=source,
                              detail=f"span rule {technique!r}: cues must name cue lists above")
        rules[str(technique)] = SpanRule(str(level), tuple(str(cue) for cue in listed))
    return rules


def load_technique_cues() -> TechniqueCues:
    """The technique cue lists that ship with newsgraph."""
    import yaml

    text = resources.files("newsgraph").joinpath(CUES_FILE).read_text(encoding="utf-8")
    return TechniqueCues.from_mapping(yaml.safe_load(text), CUES_FILE)


def content_words(tokens: Sequence[str], cues: TechniqueCues) -> list[str]:
    """The tokens that carry an idea: four letters or more and not among the common words."""
    return [t for t in tokens if len(t) >= 4 and t not in cues.common]


def cue_features(text: str, cues: TechniqueCues, article_words: Counter[str] | None = None) -> Matrix:
    """Per cue list, how often a paragraph uses it (log counts), then its shape: scare quotes,
    capitals, superlatives, exclamations, questions, and how much of it repeats words found
    elsewhere in the article (``article_words``: ``article_word_counts`` of the article)."""
    tokens = words(text)
    counts = Counter(tokens)
    starts: dict[str, list[int]] = {}  # where each word stands, so a phrase is tried only there
    for position, token in enumerate(tokens):
        starts.setdefault(token, []).append(position)
    values = []
    for listed, runs in zip(cues.words, cues.phrases):
        count = sum(n for token, n in counts.items() if token in listed)
        for run in runs:
            size = len(run)
            count += sum(1 for i in starts.get(run[0], ()) if tuple(tokens[i:i + size]) == run)
        values.append(math.log1p(count))
    own = Counter(repeatable_units(tokens, cues))
    article = article_words or Counter()

    def elsewhere(unit: str) -> int:
        """How often the rest of the article (outside this paragraph) uses ``unit``."""
        return article[unit] - own[unit]

    single = [w for w in own if " " not in w]
    repeated_inside = max((own[w] for w in single), default=0)
    echoed = [w for w in single if elsewhere(w) >= 2]
    echoed_pairs = [w for w in own if " " in w and elsewhere(w) >= 1]
    pairs_inside = sum(1 for w in own if " " in w and own[w] >= 2)
    scare_quotes = len(re.findall(r"[\"“]\w[\w\s-]{0,25}[\"”]", text))
    values += [
        math.log1p(scare_quotes),
        math.log1p(len(re.findall(r"\b[A-Z]{3,}\b", text))),
        math.log1p(sum(1 for t in tokens if len(t) > 5 and t.endswith("est"))),
        math.log1p(text.count("!")),
        math.log1p(text.count("?")),
        math.log1p(max(0, repeated_inside - 1)),
        len(echoed) / max(1, len(single)),
        math.log1p(len(echoed)),
        math.log1p(len(echoed_pairs)),
        math.log1p(pairs_inside),
    ]
    return np.asarray(values, dtype=np.float32)


def repeatable_units(tokens: Sequence[str], cues: TechniqueCues) -> list[str]:
    """What a text can repeat: its content words and its word pairs holding a content word."""
    units = content_words(tokens, cues)
    units += [f"{a} {b}" for a, b in zip(tokens, tokens[1:])
              if (len(a) >= 4 and a not in cues.common) or (len(b) >= 4 and b not in cues.common)]
    return units


def article_word_counts(text: str, cues: TechniqueCues) -> Counter[str]:
    """Counts of ``repeatable_units`` over a whole article, for the repetition part of
    ``cue_features``."""
    return Counter(repeatable_units(words(text), cues))


def paragraph_features(vectors: Matrix, text: str, vocabulary: Vocabulary,
                       cues: TechniqueCues | None = None,
                       article_words: Counter[str] | None = None) -> Matrix:
    """A paragraph (or a single sentence) for the technique head: pooled embeddings, style,
    TF-IDF and, given ``cues``, the technique cue counts (``cue_features``)."""
    if len(vectors) == 0:
        pooled = np.zeros(2 * 384, dtype=np.float32)
    else:
        pooled = np.concatenate([vectors.mean(axis=0), vectors.max(axis=0)])
    parts = [pooled, style_features(text), vocabulary.transform([text])[0]]
    if cues is not None:
        parts.append(cue_features(text, cues, article_words))
    return np.concatenate(parts)


def reads_cues(head: Head, vocabulary: Vocabulary) -> bool:
    """Whether a technique head was trained with the cue counts after the TF-IDF block (models
    trained before 2026-11-25 afternoon were not)."""
    return int(head.mean.shape[0]) > int(paragraph_tfidf(vocabulary).stop)


CONTEXT_SIZE = 6


def _logit(p: Matrix) -> Matrix:
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(clipped / (1 - clipped)), dtype=np.float32)


def technique_context(scores: Matrix) -> Matrix:
    """The paragraph scores of one article, each seen in its article: its own logit, the
    article's mean and max, the paragraphs before and after, and the article's total technique
    mass; shape (paragraphs, CONTEXT_SIZE, techniques)."""
    if len(scores) == 0:
        return np.zeros((0, CONTEXT_SIZE, scores.shape[-1]), dtype=np.float32)
    before = np.vstack([np.zeros_like(scores[:1]), scores[:-1]])
    after = np.vstack([scores[1:], np.zeros_like(scores[:1])])
    mass = np.log(scores.sum(axis=1, keepdims=True) + 1e-3) * np.ones_like(scores)
    parts = [_logit(scores), _logit(np.broadcast_to(scores.mean(axis=0), scores.shape)),
             _logit(np.broadcast_to(scores.max(axis=0), scores.shape)),
             _logit(before + 1e-3), _logit(after + 1e-3), mass]
    return np.asarray(np.stack(parts, axis=1), dtype=np.float32)


def stack_techniques(scores: Matrix, head: Head) -> Matrix:
    """Technique probabilities of an article's paragraphs, re-read in their article context by
    the small per-technique ``technique_context`` head."""
    context = technique_context(scores)
    logits = np.einsum("pfl,fl->pl", context, head.weights) + head.bias
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30))), dtype=np.float32)


# --- where a technique shows inside its sentence -------------------------------------------

# Dependency relations of a word that qualifies the word it hangs on (grown into its phrase).
_MODIFIERS = frozenset({"amod", "advmod", "compound", "nummod", "npadvmod", "nmod", "poss", "neg",
                        "quantmod", "acomp"})
# Relations that open a clause of their own.
_CLAUSES = frozenset({"ROOT", "ccomp", "advcl", "relcl", "csubj", "csubjpass", "parataxis",
                      "acl", "xcomp"})
_TRIM = " \t\n.,:;"
_SLOGAN_WORDS = 10
_QUOTED = re.compile(r"[\"“]([^\"“”]{2,120})[\"”]")


@dataclass(frozen=True)
class SentenceTokens:
    """One parsed sentence: the article's text, all its tokens and the sentence's token range."""

    text: str
    tokens: Sequence[Token]
    first: int
    last: int

    @property
    def start(self) -> int:
        return self.tokens[self.first].start

    @property
    def end(self) -> int:
        return self.tokens[self.last - 1].end

    def inside(self, index: int) -> bool:
        return self.first <= index < self.last

    def token_at(self, offset: int) -> int:
        """The token that holds character ``offset`` (the last one starting before it)."""
        found = self.first
        for index in range(self.first, self.last):
            if self.tokens[index].start <= offset:
                found = index
            else:
                break
        return found

    def children(self, index: int) -> list[int]:
        return [i for i in range(self.first, self.last)
                if i != index and self.tokens[i].head == index]

    def subtree(self, index: int, skip: frozenset[str] = frozenset()) -> set[int]:
        """``index`` and every token below it, leaving out the branches whose relation is in
        ``skip``."""
        found, todo = {index}, [index]
        while todo:
            for child in self.children(todo.pop()):
                if child not in found and self.tokens[child].dep not in skip:
                    found.add(child)
                    todo.append(child)
        return found


def technique_span(technique: str, sentence: SentenceTokens, cues: TechniqueCues,
                   article_words: Counter[str] | None = None) -> tuple[int, int]:
    """Character offsets (in the article) of where ``technique`` is most evident in
    ``sentence``: never empty, always inside the sentence (see ``spans`` in
    ``data/technique_cues.yaml``)."""
    rule = cues.rule(technique)
    found: tuple[int, int] | None = None
    matches = cue_matches(sentence, cues, rule.cues)
    if rule.level == "word" and matches:
        found = _best_phrase(sentence, matches)
    elif rule.level == "repeat":
        found = _repeated(sentence, cues, article_words)
    elif rule.level == "slogan":
        found = _slogan(sentence)
    elif rule.level == "clause":
        # Without a cue the argument may sit in any clause: the sentence is the safer guess.
        found = (_clause(sentence, sentence.token_at(matches[0][0])) if matches
                 else (sentence.start, sentence.end))
    if found is None:
        found = _clause(sentence, None)
    return _trimmed(sentence, found)


def cue_matches(sentence: SentenceTokens, cues: TechniqueCues,
                lists: Sequence[str]) -> list[tuple[int, int]]:
    """Character ranges of the cue words and phrases of ``lists`` in the sentence, in order."""
    start = sentence.start
    found = [(start + m.start(), start + m.end(), m.group().lower())
             for m in WORD.finditer(sentence.text[start:sentence.end])]
    tokens = [w for _, _, w in found]
    ranges = []
    for name in lists:
        position = cues.names.index(name)
        singles, runs = cues.words[position], cues.phrases[position]
        ranges += [(a, b) for a, b, w in found if w in singles]
        for run in runs:
            size = len(run)
            ranges += [(found[i][0], found[i + size - 1][1]) for i in range(len(tokens) - size + 1)
                       if tuple(tokens[i:i + size]) == run]
    return sorted(set(ranges))


def _phrase(sentence: SentenceTokens, index: int) -> set[int]:
    """A cue word grown to its phrase: up from a qualifier to the noun or verb it qualifies,
    then that word with its own qualifiers (an intensifier with its head, a label with its
    noun phrase)."""
    tokens = sentence.tokens
    node = index
    for _ in range(3):
        head = tokens[node].head
        if (tokens[node].dep not in _MODIFIERS or head == node or not sentence.inside(head)
                or tokens[head].pos not in ("NOUN", "PROPN", "ADJ", "VERB")):
            break
        node = head
        if tokens[node].pos in ("NOUN", "PROPN", "VERB"):
            break
    kept = {index, node}
    for child in sentence.children(node):
        if tokens[child].dep in _MODIFIERS | {"prt", "det"} and (
                child < node or tokens[child].dep == "prt"):
            if tokens[child].dep == "det" and tokens[child].text.lower() != "no":
                continue
            kept |= sentence.subtree(child)
    return kept


def _best_phrase(sentence: SentenceTokens, matches: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The phrase that holds the most cue words (the first one on a tie)."""
    best: tuple[int, int, int] | None = None
    for start, end in matches:
        kept = _phrase(sentence, sentence.token_at(start)) | {sentence.token_at(end - 1)}
        first, last = min(kept), max(kept)
        a, b = min(start, sentence.tokens[first].start), max(end, sentence.tokens[last].end)
        weight = sum(1 for s, e in matches if a <= s and e <= b)
        if best is None or weight > best[0]:
            best = (weight, a, b)
    assert best is not None
    return best[1], best[2]


def _repeated(sentence: SentenceTokens, cues: TechniqueCues,
              article_words: Counter[str] | None) -> tuple[int, int] | None:
    """The word pair (else the content word) of the sentence most often found elsewhere in the
    article."""
    if not article_words:
        return None
    start = sentence.start
    found = [(start + m.start(), start + m.end(), m.group().lower())
             for m in WORD.finditer(sentence.text[start:sentence.end])]
    own = Counter(repeatable_units([w for _, _, w in found], cues))
    elsewhere = {unit: article_words.get(unit, 0) - count for unit, count in own.items()}
    pairs = [unit for unit in own if " " in unit and elsewhere[unit] >= 1]
    single = [unit for unit in own if " " not in unit and elsewhere[unit] >= 1]
    chosen = max(pairs or single, key=lambda unit: elsewhere[unit], default=None)
    if chosen is None:
        return None
    parts = chosen.split(" ")
    for i in range(len(found) - len(parts) + 1):
        if [w for _, _, w in found[i:i + len(parts)]] == parts:
            return found[i][0], found[i + len(parts) - 1][1]
    return None


def _slogan(sentence: SentenceTokens) -> tuple[int, int] | None:
    """A short quoted phrase, or the whole sentence when it is short itself."""
    start = sentence.start
    for match in _QUOTED.finditer(sentence.text[start:sentence.end]):
        if len(match.group(1).split()) <= _SLOGAN_WORDS:
            return start + match.start(1), start + match.end(1)
    if sentence.last - sentence.first <= _SLOGAN_WORDS + 2:
        return start, sentence.end
    return None


def _clause(sentence: SentenceTokens, index: int | None) -> tuple[int, int]:
    """The clause that holds token ``index``: a subordinate clause whole, the main clause
    without the clauses hanging on it (and the main clause itself when ``index`` is None)."""
    tokens = sentence.tokens
    node = index
    if node is None:
        roots = [i for i in range(sentence.first, sentence.last)
                 if tokens[i].head == i or not sentence.inside(tokens[i].head)]
        node = roots[0] if roots else sentence.first
    for _ in range(sentence.last - sentence.first):
        head = tokens[node].head
        if tokens[node].dep in _CLAUSES or head == node or not sentence.inside(head):
            break
        node = head
    is_main = tokens[node].head == node or not sentence.inside(tokens[node].head)
    kept = sentence.subtree(node, _CLAUSES | {"conj", "cc"} if is_main else frozenset())
    if index is not None:
        kept.add(index)
    return tokens[min(kept)].start, tokens[max(kept)].end


def _trimmed(sentence: SentenceTokens, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` held inside the sentence and without edge spaces or punctuation; the sentence
    when nothing is left."""
    start, end = max(span[0], sentence.start), min(span[1], sentence.end)
    while start < end and sentence.text[start] in _TRIM:
        start += 1
    while end > start and sentence.text[end - 1] in _TRIM:
        end -= 1
    if start >= end:
        return sentence.start, sentence.end
    return start, end
