"""Tone: how an article reads, from what it says happens (its events, its failed outcomes and its
quotes) with a lexical score as one feature, and GDELT's word tone beside it for comparison."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from newsgraph.errors import ConfigError, Messages
from newsgraph.schema import Analysis, Parse, Token

CUES_FILE = "data/tone_cues.yaml"
COMPOUNDS_KEPT = 20_000
CUE_SECTIONS = ("outcomes", "failure_verbs", "failure_words", "coming_about", "negations")
LEXICAL_LIBRARY = "vaderSentiment 3.3.2"
METHOD = ("events (Goldstein scores), failed or negated positive outcomes, quote stance and a "
          f"lexical score ({LEXICAL_LIBRARY}), weighted")
# An event that is only reported, announced or supposed weighs less than one the article states.
MODALITY_WEIGHTS = {"factual": 1.0, "reported": 0.8, "future": 0.4, "intended": 0.4,
                    "hypothetical": 0.2}
# The stance of a quote, where its cue gives one; other quotes are read by their words.
STANCE_VALUES = {"accusation": -0.8, "warning": -0.7, "denial": -0.4, "promise": 0.4}
NOUNS = frozenset({"NOUN", "PROPN"})
VERBS = frozenset({"VERB", "AUX"})
CLIMB_THROUGH = frozenset({"prep", "pobj", "compound", "conj", "appos", "amod", "nsubj",
                           "nsubjpass", "dobj", "attr", "npadvmod"})
WORD = re.compile(r"[a-z][a-z'-]*")


@dataclass(frozen=True)
class ToneCues:
    """Lemma sets that say a good outcome did not happen (see ``data/tone_cues.yaml``)."""

    outcomes: frozenset[str]
    failure_verbs: frozenset[str]
    failure_words: frozenset[str]
    coming_about: frozenset[str]
    negations: frozenset[str]

    @classmethod
    def from_yaml(cls, text: str, source: str) -> ToneCues:
        """Cues from the text of a cue file; a malformed one raises ConfigError naming file and line."""
        try:
            root = yaml.compose(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=source,
                              line=mark.line + 1 if mark is not None else 1,
                              detail=Messages.DICTIONARY_YAML.format(
                                  problem=getattr(error, "problem", None) or error)) from None
        if not isinstance(root, yaml.MappingNode):
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=source, line=1,
                              detail=Messages.DICTIONARY_EMPTY.format(
                                  expected="lists " + ", ".join(CUE_SECTIONS)))
        sections: dict[str, frozenset[str]] = {}
        for key_node, value_node in root.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key not in CUE_SECTIONS:
                raise ConfigError(Messages.DICTIONARY_SYNTAX, path=source, line=line,
                                  detail=Messages.DICTIONARY_UNKNOWN_KEY.format(
                                      key=key, what="the tone cues", choices=", ".join(CUE_SECTIONS)))
            if not isinstance(value_node, yaml.SequenceNode) or not all(
                    isinstance(item, yaml.ScalarNode) for item in value_node.value):
                raise ConfigError(Messages.DICTIONARY_SYNTAX, path=source, line=line,
                                  detail=Messages.DICTIONARY_WRONG_TYPE.format(
                                      what=f"'{key}'", expected="a list of words",
                                      found="something else"))
            sections[key] = frozenset(str(item.value).lower() for item in value_node.value)
        for key in CUE_SECTIONS:
            if key not in sections:
                raise ConfigError(Messages.DICTIONARY_SYNTAX, path=source, line=1,
                                  detail=Messages.DICTIONARY_MISSING_KEY.format(
                                      what="the tone cues", key=key))
        return cls(**sections)


def load_tone_cues() -> ToneCues:
    """The tone cues that ship with newsgraph."""
    text = resources.files("newsgraph").joinpath(CUES_FILE).read_text(encoding="utf-8")
    return ToneCues.from_yaml(text, CUES_FILE)


@dataclass(frozen=True)
class ToneWeights:
    """How much each ingredient counts, set before the tone was measured (docs/benchmarks.md);
    an ingredient the article gives no evidence for is left out, not read as neutral."""

    events: float = 0.4
    failures: float = 0.25
    quotes: float = 0.15
    lexical: float = 0.2
    neutral_band: float = 0.1


@dataclass(frozen=True)
class FailedOutcome:
    """A good outcome the article says did not come about: the outcome word and what says so."""

    sentence: int
    outcome: str
    cue: str


def failed_outcomes(parse: Parse, cues: ToneCues) -> list[FailedOutcome]:
    """The first failed or negated positive outcome of each sentence ("the truce collapsed",
    "no agreement", "peace is not an option", "the dividend did not materialise")."""
    found: list[FailedOutcome] = []
    for sentence in parse.sentences:
        for token in parse.sentence_tokens(sentence.index):
            if token.pos not in NOUNS or token.lemma.lower() not in cues.outcomes:
                continue
            cue = _failure_of(parse, token, cues)
            if cue is not None:
                found.append(FailedOutcome(sentence.index, token.text, cue.text))
                break
    return found


def _negated(parse: Parse, token: Token, cues: ToneCues) -> Token | None:
    return next((child for child in parse.children(token.i)
                 if child.dep in ("neg", "det", "preconj", "advmod")
                 and child.text.lower() in cues.negations), None)


def _failure_of(parse: Parse, outcome: Token, cues: ToneCues) -> Token | None:
    """The token that says ``outcome`` failed, or None."""
    negation = _negated(parse, outcome, cues)
    if negation is not None:
        return negation
    for child in parse.children(outcome.i):
        if child.dep in ("amod", "compound") and child.lemma.lower() in cues.failure_words:
            return child
    node = outcome
    for _ in range(4):
        if node.head == node.i or node.dep not in CLIMB_THROUGH:
            return None
        head = parse.tokens[node.head]
        lemma = head.lemma.lower()
        if head.text.lower() in cues.negations:
            return head
        if head.pos in VERBS:
            return _failing_verb(parse, head, cues)
        if lemma in cues.failure_words or lemma in cues.failure_verbs:
            return head
        node = head
    return None


def _failing_verb(parse: Parse, verb: Token, cues: ToneCues) -> Token | None:
    """Whether the verb governing an outcome says it failed: a failure verb not negated, a verb
    of coming about negated, a copula with a failure word, or an infinitive a failure governs."""
    lemma = verb.lemma.lower()
    negation = _negated(parse, verb, cues)
    if lemma in cues.failure_verbs:
        return None if negation is not None else verb
    if negation is not None and lemma in cues.coming_about:
        return negation
    for child in parse.children(verb.i):
        if child.dep in ("acomp", "attr", "oprd") and child.lemma.lower() in cues.failure_words:
            return child
    if verb.dep in ("xcomp", "ccomp") and verb.head != verb.i:
        governor = parse.tokens[verb.head]
        if governor.lemma.lower() in cues.failure_verbs and _negated(parse, governor, cues) is None:
            return governor
    return None


@dataclass
class _Component:
    """One ingredient of the tone: its value in [-1, 1], how many items it rests on, and the
    sentences that show it most, strongest first."""

    value: float = 0.0
    count: int = 0
    sentences: list[tuple[float, int]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


class ToneReader:
    """Reads an article's tone from its analysis (events, quotes) and parse; ``setup`` loads the
    cue file and the lexical scorer once."""

    def __init__(self, *, cues: ToneCues | None = None, weights: ToneWeights | None = None,
                 evidence: int = 2) -> None:
        self.cues = cues
        self.weights = weights or ToneWeights()
        self.evidence = evidence
        self.analyzer: Any = None
        self._compounds: dict[str, float] = {}  # the roles and the tone read the same sentences
        self.valences: dict[str, float] = {}

    def setup(self) -> None:
        """Load the tone cues and VADER's lexicon."""
        if self.analyzer is not None:
            return
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        if self.cues is None:
            self.cues = load_tone_cues()
        self.analyzer = SentimentIntensityAnalyzer()
        self.valences = {word: float(value) for word, value in self.analyzer.lexicon.items()}

    def compound(self, text: str) -> float:
        """VADER's compound score of a piece of text, in [-1, 1]; each text is scored once
        (a bounded memory: it is emptied when it holds ``COMPOUNDS_KEPT`` texts)."""
        known = self._compounds.get(text)
        if known is None:
            if len(self._compounds) >= COMPOUNDS_KEPT:
                self._compounds.clear()
            known = self._compounds[text] = float(self.analyzer.polarity_scores(text)["compound"])
        return known

    def read(self, analysis: Analysis, parse: Parse | None) -> dict[str, Any]:
        """The tone of one analysed article, with its basis, GDELT's word tone and evidence."""
        self.setup()
        assert self.cues is not None
        text = analysis.article.text
        sentences = [s for s in analysis.sentences if s.end > s.start]
        events = self.events(analysis.events)
        failures = self.failures(analysis.events, parse)
        quotes = self.quotes(analysis.quotes, analysis)
        lexical = self.lexical(text, sentences)
        weights = self.weights
        parts = {"events": (events, weights.events), "failed_outcomes": (failures, weights.failures),
                 "quotes": (quotes, weights.quotes), "lexical": (lexical, weights.lexical)}
        active = [(part.value, weight) for part, weight in parts.values() if part.count]
        total = sum(weight for _, weight in active)
        value = sum(v * weight for v, weight in active) / total if total else 0.0
        value = max(-1.0, min(1.0, value))
        label = ("neutral" if abs(value) < weights.neutral_band
                 else "positive" if value > 0 else "negative")
        factual_items = events.count + failures.count + quotes.count
        components = {name: {"value": round(part.value, 4), "weight": weight, "count": part.count,
                             **part.details} for name, (part, weight) in parts.items()}
        return {"label": label, "value": round(value, 4),
                "confidence": round(min(1.0, 0.2 + 0.08 * factual_items), 4),
                "basis": {"method": METHOD, "components": components},
                "gdelt": self.gdelt(text),
                "evidence": self._evidence(analysis, sentences, value, parts.values())}

    def events(self, events: Sequence[dict[str, Any]]) -> _Component:
        """Mean Goldstein score (scaled to [-1, 1]) of the events the article reports, weighted by
        confidence and modality and shrunk towards 0 when there are few."""
        part = _Component()
        weighted = weight_sum = 0.0
        for event in events:
            goldstein = event.get("goldstein")
            if not isinstance(goldstein, (int, float)) or event.get("negated"):
                continue
            weight = float(event.get("confidence") or 0.5) * MODALITY_WEIGHTS.get(
                str(event.get("modality") or "factual"), 0.5)
            weighted += weight * goldstein / 10
            weight_sum += weight
            part.count += 1
            if isinstance(event.get("sentence"), int):
                part.sentences.append((weight * goldstein / 10, int(event["sentence"])))
        if part.count:
            part.value = weighted / (weight_sum + 1.0)
            part.details["mean_goldstein"] = round(10 * weighted / weight_sum, 2) if weight_sum else 0.0
        return part

    def failures(self, events: Sequence[dict[str, Any]], parse: Parse | None) -> _Component:
        """Good outcomes the article says did not come about: from the parse, and cooperative
        events the event stage found negated; one per sentence."""
        assert self.cues is not None
        part = _Component()
        found: dict[int, str] = {}
        if parse is not None:
            for failure in failed_outcomes(parse, self.cues):
                found[failure.sentence] = f"{failure.outcome} ({failure.cue})"
        for event in events:
            goldstein = event.get("goldstein")
            sentence = event.get("sentence")
            if (event.get("negated") and isinstance(goldstein, (int, float)) and goldstein > 0
                    and isinstance(sentence, int) and sentence not in found):
                found[sentence] = f"{event.get('trigger') or event.get('cameo_name')} (negated event)"
        part.count = len(found)
        if found:
            part.value = -part.count / (part.count + 1.0)
            part.sentences = [(-1.0, sentence) for sentence in sorted(found)]
            part.details["found"] = [found[sentence] for sentence in sorted(found)]
        return part

    def quotes(self, quotes: Sequence[dict[str, Any]], analysis: Analysis) -> _Component:
        """The stance of each quote where its cue gives one (accusing, warning, denying,
        promising), otherwise the lexical score of its words; shrunk towards 0 when few."""
        part = _Component()
        total = 0.0
        stances: dict[str, int] = {}
        for quote in quotes:
            stance = str(quote.get("stance") or "neutral")
            if stance in STANCE_VALUES:
                value = STANCE_VALUES[stance]
                stances[stance] = stances.get(stance, 0) + 1
            else:
                content = " ".join(str(piece.get("text", "")) for piece in quote.get("content", [])
                                   if isinstance(piece, dict))
                if not content.strip():
                    continue
                value = self.compound(content)
            total += value
            part.count += 1
            sentence = _sentence_at(analysis, quote.get("evidence") or [])
            if sentence is not None:
                part.sentences.append((value, sentence))
        if part.count:
            part.value = total / (part.count + 1.0)
            part.details["stances"] = stances
        return part

    def lexical(self, text: str, sentences: Sequence[Any]) -> _Component:
        """The mean VADER compound score of the article's sentences."""
        part = _Component()
        for sentence in sentences:
            if getattr(sentence, "kind", "sentence") != "sentence":
                continue
            value = self.compound(text[sentence.start:sentence.end])
            part.sentences.append((value, sentence.index))
        part.count = len(part.sentences)
        if part.count:
            part.value = sum(value for value, _ in part.sentences) / part.count
            part.details["library"] = LEXICAL_LIBRARY
        return part

    def gdelt(self, text: str) -> dict[str, Any]:
        """GDELT's tone: the share of positive minus the share of negative words, in percent, with
        VADER's word list as the dictionary; comparable with GDELT's V2Tone, not the same lexicon."""
        words = WORD.findall(text.lower())
        positive = sum(1 for word in words if self.valences.get(word, 0.0) > 0)
        negative = sum(1 for word in words if self.valences.get(word, 0.0) < 0)
        size = max(1, len(words))
        return {"tone": round(100.0 * (positive - negative) / size, 3),
                "positive": round(100.0 * positive / size, 3),
                "negative": round(100.0 * negative / size, 3),
                "polarity": round(100.0 * (positive + negative) / size, 3),
                "words": len(words),
                "method": "GDELT V2Tone: positive % minus negative % of words (VADER word list)"}

    def _evidence(self, analysis: Analysis, sentences: Sequence[Any], value: float,
                  parts: Any) -> list[dict[str, Any]]:
        """The sentences that push the tone most in its own direction, events and failures first."""
        spans = {s.index: (s.start, s.end) for s in sentences}
        sign = 1.0 if value >= 0 else -1.0
        ranked: list[tuple[float, int]] = []
        for order, (part, _) in enumerate(parts):
            ranked.extend((order - score * sign, index) for score, index in part.sentences
                          if score * sign > 0)
        chosen: list[int] = []
        for _, index in sorted(ranked):
            if index in spans and index not in chosen:
                chosen.append(index)
            if len(chosen) >= self.evidence:
                break
        text = analysis.article.text
        return [{"start": spans[i][0], "end": spans[i][1], "text": text[spans[i][0]:spans[i][1]]}
                for i in chosen]


def _sentence_at(analysis: Analysis, evidence: Sequence[Any]) -> int | None:
    """The sentence that holds the start of a quote's first evidence span."""
    if not evidence or not isinstance(evidence[0], dict):
        return None
    start = evidence[0].get("start")
    if not isinstance(start, int):
        return None
    for sentence in analysis.sentences:
        if sentence.start <= start < sentence.end:
            return sentence.index
    return None
