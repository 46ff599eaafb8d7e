"""The learned event detector: PLOVER type and mode of each predicate, from word vectors of its phrase."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import yaml

from newsgraph.events.features import (FEATURE_SETS, WordVectors, feature_rows,
                                       shared_word_vectors, width)
from newsgraph.framing.embeddings import Embedder, shared_embedder
from newsgraph.errors import ConfigError, Messages
from newsgraph.schema import Sentence, Token

MODEL_FILE: Final = "data/event_detector.npz"
NONE: Final = "none"
PLOVER_TYPES: Final = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                       "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                       "MOBILIZE", "COERCE", "ASSAULT")
"""The 16 event types of PLOVER; the detector adds "none"."""
OBJECT_RELATIONS: Final = frozenset({"dobj", "attr", "oprd", "dative", "acomp"})
NAME_TYPES: Final = frozenset({"GPE", "NORP", "PERSON", "ORG", "LOC", "FAC"})
"""Names are the actors, not the action: they are left out of the predicate phrase."""
MODIFIERS: Final = frozenset({"compound", "amod"})
MAX_PREPOSITIONS: Final = 2
FILTERS_FILE: Final = "data/detector_filters.yaml"
FILTER_KEYS: Final = ("state_verbs", "attitude_verbs", "role_verbs", "reference_verbs",
                      "conversation_verbs", "naming_verbs", "perception_verbs", "portrayal_verbs",
                      "wish_verbs", "raising_verbs", "time_nouns")
COMPLEMENTS: Final = frozenset({"acomp", "attr", "oprd"})
"""A copular verb's adjective or noun complement ("remains committed", "became the largest")."""

Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Predicate:
    """A verb of a sentence read as an action: its voice-normalised lemma phrase."""

    index: int
    phrase: str
    head: str
    passive: bool
    negated: bool


@dataclass(frozen=True)
class Prediction:
    """The detector's reading of one predicate: PLOVER type (or "none"), mode and confidence."""

    kind: str
    mode: str
    confidence: float


def sentence_predicates(tokens: Sequence[Token], sentence: Sentence) -> list[Predicate]:
    """The verbs of a sentence with their phrases; a verb folded into the one above it ("threatened
    to impose") is read as part of that one."""
    children = children_of(tokens, sentence)
    found = []
    for token in tokens[sentence.first_token:sentence.last_token]:
        if token.pos != "VERB" or token.dep in ("aux", "auxpass", "xcomp", "amod"):
            continue
        found.append(predicate(tokens, children, token.i))
    return found


def children_of(tokens: Sequence[Token], sentence: Sentence) -> dict[int, list[int]]:
    """Each token's dependents within the sentence, in text order."""
    children: dict[int, list[int]] = {}
    for token in tokens[sentence.first_token:sentence.last_token]:
        if token.head != token.i:
            children.setdefault(token.head, []).append(token.i)
    return children


def predicate(tokens: Sequence[Token], children: dict[int, list[int]], index: int) -> Predicate:
    """The phrase of the verb at ``index``: lemma, particle, object, two prepositional objects and
    a folded-in infinitive; in the passive the subject is the object."""
    verb = tokens[index]
    below = children.get(index, [])
    passive = any(tokens[i].dep in ("auxpass", "nsubjpass") for i in below) or (
        verb.dep == "acl" and verb.tag == "VBN")
    negated = any(tokens[i].dep == "neg" for i in below)
    words = [verb.lemma.lower()]
    words += [tokens[i].lemma.lower() for i in below if tokens[i].dep == "prt"]
    head = " ".join(words)
    objects = [i for i in below if tokens[i].dep in OBJECT_RELATIONS]
    if passive:
        objects = [i for i in below if tokens[i].dep == "nsubjpass"] + objects
        if verb.dep == "acl" and verb.head != index:
            objects.insert(0, verb.head)
    # A first object that is a name ("gave Guyana an ultimatum") leaves the next one to tell the
    # action; an adjective complement ("set free") always belongs to it.
    nouns = [_noun_words(tokens, children, i) for i in objects]
    words += next((found for found in nouns if found), [])
    words += [tokens[i].lemma.lower() for i in objects if tokens[i].pos == "ADJ"
              and tokens[i].lemma.lower() not in words]
    prepositions = [i for i in below if tokens[i].dep == "prep" and tokens[i].lemma.lower() != "by"]
    for i in prepositions[:MAX_PREPOSITIONS]:
        complements = [j for j in children.get(i, []) if tokens[j].dep == "pobj"]
        complement = _noun_words(tokens, children, complements[0]) if complements else []
        if complement:
            words += [tokens[i].lemma.lower()] + complement
    for i in below:
        if tokens[i].dep == "xcomp" and tokens[i].pos in ("VERB", "AUX"):
            folded = predicate(tokens, children, i)
            words += ["to", folded.phrase]
            negated = negated or folded.negated
            break
    return Predicate(index=index, phrase=" ".join(w for w in words if w), head=head,
                     passive=passive, negated=negated)


def _noun_words(tokens: Sequence[Token], children: dict[int, list[int]], index: int) -> list[str]:
    head = tokens[index]
    if head.entity_type in NAME_TYPES or head.pos == "PRON":
        return []
    modifiers = [tokens[i].lemma.lower() for i in children.get(index, [])
                 if tokens[i].dep in MODIFIERS and i < index
                 and tokens[i].entity_type not in NAME_TYPES and tokens[i].pos != "NUM"]
    return modifiers[-2:] + [head.lemma.lower()]


@lru_cache(maxsize=1)
def filter_words() -> dict[str, frozenset[str]]:
    """The word classes of ``data/detector_filters.yaml``: verbs that report no act."""
    text = resources.files("newsgraph").joinpath(FILTERS_FILE).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=FILTERS_FILE, line=0,
                          detail=f"not YAML ({error})") from None
    found: dict[str, frozenset[str]] = {}
    for key in FILTER_KEYS:
        words = data.get(key) if isinstance(data, dict) else None
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=FILTERS_FILE, line=0,
                              detail=f"{key}: expected a list of words")
        found[key] = frozenset(word.lower() for word in words)
    return found


def not_an_act(tokens: Sequence[Token], children: dict[int, list[int]], index: int,
               event_nouns: frozenset[str]) -> str | None:
    """The class of a verb that reports no act, or None: "denied" (negated, or "took no part"),
    "state" ("remains committed", "favour"), "wish" ("needs to find", "tried to calm"), "role"
    ("the delegation was led by"), "reference" ("pointed to", "called it a success", "speaking in
    Nairobi", "watched", "painted him as") or "time" ("spent six hours").
    ``event_nouns`` are the lexicon's: leading one of them ("led an offensive") is an act."""
    words = filter_words()
    verb = tokens[index]
    lemma = verb.lemma.lower()
    below = [tokens[i] for i in children.get(index, [])]
    objects = [t for t in below if t.dep in ("dobj", "attr", "nsubjpass")]
    if any(t.dep == "neg" for t in below) or any(
            tokens[i].dep == "det" and tokens[i].lemma.lower() in ("no", "neither")
            for t in objects for i in children.get(t.i, [])):
        return "denied"
    if lemma in words["attitude_verbs"] or (
            lemma in words["state_verbs"] and any(t.dep in COMPLEMENTS for t in below)) or (
            lemma in words["raising_verbs"] and any(t.dep == "xcomp" for t in below)):
        return "state"
    if lemma in words["wish_verbs"]:
        return "wish"
    if lemma in words["role_verbs"]:
        led = objects + ([tokens[verb.head]] if verb.dep == "acl" and verb.head != index else [])
        if not any(t.lemma.lower() in event_nouns for t in led):
            return "role"
    if lemma in words["naming_verbs"] and any(t.dep == "oprd" for t in below):
        return "reference"
    if lemma in words["perception_verbs"] or (lemma in words["portrayal_verbs"] and any(
            t.dep == "prep" and t.lemma.lower() == "as" for t in below)):
        return "reference"
    if lemma in words["reference_verbs"] and not (
            lemma in words["conversation_verbs"] and _party_spoken_to(tokens, children, below)):
        return "reference"
    first = next((t for t in below if t.dep in ("dobj", "dative")), None)
    if first is not None and first.dep == "dobj" and first.lemma.lower() in words["time_nouns"]:
        return "time"
    return None


def _party_spoken_to(tokens: Sequence[Token], children: dict[int, list[int]],
                     below: list[Token]) -> bool:
    """Whether "with" or "to" names the party spoken to ("spoke with Ethiopia's prime minister",
    "spoke by telephone with the Polish prime minister"), as the verb's phrase or one nested in
    another of its prepositional phrases."""
    stack = [t.i for t in below if t.dep in ("prep", "agent")]
    seen: set[int] = set()
    while stack:
        preposition = stack.pop()
        if preposition in seen:
            continue
        seen.add(preposition)
        for i in children.get(preposition, []):
            if tokens[i].dep != "pobj":
                continue
            stack += [j for j in children.get(i, []) if tokens[j].dep == "prep"]
            if tokens[preposition].lemma.lower() not in ("with", "to"):
                continue
            if tokens[i].entity_type in NAME_TYPES or any(
                    tokens[j].entity_type in NAME_TYPES and tokens[j].dep in ("poss", "compound", "amod")
                    for j in children.get(i, [])):
                return True
    return False


@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression: weights, intercepts and class names."""

    weights: Matrix
    intercepts: Matrix
    classes: tuple[str, ...]

    def probabilities(self, rows: Matrix) -> Matrix:
        """Class probabilities for each row (softmax of the linear scores)."""
        scores = rows @ self.weights.T + self.intercepts
        scores -= scores.max(axis=1, keepdims=True)
        exponentials = np.exp(scores)
        result: Matrix = (exponentials / exponentials.sum(axis=1, keepdims=True)).astype(np.float32)
        return result


class EventDetector:
    """Predicts the PLOVER type and mode of predicates; loads the shipped weights once."""

    def __init__(self, *, model_file: str = "", embedder: Embedder | None = None,
                 vectors: WordVectors | None = None) -> None:
        self.model_file = model_file
        self.embedder = embedder
        self.vectors = vectors
        self.feature_set = "minilm"
        self.types: LinearModel | None = None
        self.modes: dict[str, LinearModel] = {}
        self.card: dict[str, Any] = {}

    def setup(self) -> None:
        """Read the weights (packaged, or ``model_file``) and what their features need: the word
        vectors, the MiniLM encoder, or both."""
        if self.types is not None:
            return
        if self.model_file:
            self._read(Path(self.model_file))
        else:
            with resources.as_file(resources.files("newsgraph").joinpath(MODEL_FILE)) as path:
                self._read(path)
        if self.feature_set != "minilm":
            self.vectors = self.vectors or shared_word_vectors()
            self.vectors.setup()
        if self.feature_set != "vectors" and self.embedder is None:
            self.embedder = shared_embedder()

    def _read(self, path: Path) -> None:
        if not path.is_file():
            raise ConfigError(Messages.EVENT_MODEL_UNREADABLE, path=path, detail="no such file")
        try:
            with np.load(path, allow_pickle=False) as stored:
                self.card = json.loads(str(stored["card"]))
                self.feature_set = str(self.card.get("feature_set", "minilm"))
                self.types = _model(stored, "type")
                for kind in self.card.get("mode_types", []):
                    self.modes[kind] = _model(stored, f"mode_{kind}")
        except (OSError, ValueError, KeyError) as error:
            raise ConfigError(Messages.EVENT_MODEL_UNREADABLE, path=path, detail=error) from None
        if self.feature_set not in FEATURE_SETS:
            raise ConfigError(Messages.EVENT_MODEL_UNREADABLE, path=path,
                              detail=f"unknown feature set {self.feature_set!r}")
        expected, found = width(self.feature_set), self.types.weights.shape[1]
        if found != expected:
            raise ConfigError(Messages.EVENT_MODEL_UNREADABLE, path=path,
                              detail=f"expected {expected} features, got {found}")

    def predict(self, found: Sequence[Predicate]) -> list[Prediction]:
        """The type, mode and confidence of each predicate, in order."""
        if not found:
            return []
        self.setup()
        assert self.types is not None
        rows = feature_rows(found, self.feature_set, vectors=self.vectors, embedder=self.embedder)
        probabilities = self.types.probabilities(rows)
        results = []
        for row, scores in zip(rows, probabilities):
            best = int(scores.argmax())
            kind = self.types.classes[best]
            mode = ""
            if kind in self.modes:
                modes = self.modes[kind]
                mode = modes.classes[int(modes.probabilities(row[None, :])[0].argmax())]
            results.append(Prediction(kind=kind, mode=mode, confidence=round(float(scores[best]), 3)))
        return results


def _model(stored: Any, prefix: str) -> LinearModel:
    return LinearModel(weights=stored[f"{prefix}_weights"].astype(np.float32),
                       intercepts=stored[f"{prefix}_intercepts"].astype(np.float32),
                       classes=tuple(str(c) for c in stored[f"{prefix}_classes"]))
