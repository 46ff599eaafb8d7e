"""Training the event detector from weak labels: Phoenix verb patterns, NGEC stories, the codebook."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import random
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy as np
import yaml

from newsgraph.events.cameo import codebook
from newsgraph.framing.embeddings import Embedder
from newsgraph.errors import ConfigError, InputError, Messages
from newsgraph.events.detector import (NONE, PLOVER_TYPES, LinearModel, Matrix, Predicate,
                                       children_of, predicate, sentence_predicates)
from newsgraph.events.features import WordVectors, feature_rows, shared_word_vectors
from newsgraph.events.lexicon import PARTICLES, Lexicon, load_lexicon
from newsgraph.events.petrarch import read_verbs
from newsgraph.schema import Article, Parse

PHOENIX_VERBS: Final = "cameo/phoenix_dictionaries/CAMEO.2.0.txt"
NGEC_STORIES: Final = "plover/ngec/gpt_synthetic_events_2023-10-19_19.csv.zip"
CODEBOOK: Final = "plover/ngec/PLOVER_structured_codebook_updated.csv"
OWN_EXAMPLES: Final = "data/event_examples.yaml"
APPEAL_ROOT: Final = "02"
"""CAMEO's appeals, which PLOVER folds into REQUEST (its table leaves 01 and 02 out)."""
PATTERNS_PER_VERB_CODE: Final = 3
MAX_PATTERN_WORDS: Final = 2
"""Longer Phoenix patterns are mostly synonym-set expansions ("jail battle games" 062) whose
combinations no one wrote; they are left out."""
CONTEXT_WEIGHT: Final = 3.0
"""Examples in sentence context (NGEC leads coded by a lexicon, our own, the codebook) weigh this
much more than dictionary phrases (chosen with C by detector-alone type F1 on the GSR sentences)."""
PER_CLASS: Final = 1500
MIN_MODE_EXAMPLES: Final = 30
LEAD_CHARACTERS: Final = 600
KEPT_WHOLE: Final = ("own", "codebook", "ngec", "ngec-lexicon")
WEIGHTED: Final = ("own", "codebook", "ngec-lexicon")
"""Examples in sentence context, kept whole when a type's examples are sampled down."""
_BLOCK: Final = re.compile(r"^---\s+(\S.*?)\s+\[([^\]]*)\]\s+---")


@dataclass(frozen=True)
class Example:
    """One training predicate: its phrase and flags, its label and the group it comes from."""

    phrase: str
    head: str
    passive: bool
    negated: bool
    kind: str
    mode: str
    group: str
    origin: str


# --- weak labels ------------------------------------------------------------------------------


def phoenix_examples(data: Path, seed: int = 13) -> list[Example]:
    """Verb phrases of the Phoenix CAMEO 2.0 dictionary labelled with the PLOVER type of their
    code; statements (01) and the dictionary's uncoded verbs are "none"."""
    path = data / PHOENIX_VERBS
    if not path.is_file():
        raise InputError(Messages.EVENT_TRAINING_DATA, path=path, detail="no such file")
    text = path.read_text(encoding="utf-8", errors="replace")
    codes = codebook()
    lexicon, _ = read_verbs(str(path), text, codes, problems=[])
    by_key: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for pattern in lexicon.patterns():
        if len(pattern.words) <= MAX_PATTERN_WORDS:
            by_key[(pattern.trigger, pattern.code)].append(pattern.words)
    rng = random.Random(seed)
    found = []
    for (trigger, code), word_lists in sorted(by_key.items()):
        kind, mode = label_of_code(code, codes)
        if kind is None:
            continue
        distinct = sorted(set(word_lists), key=lambda words: (len(words), words))
        chosen = distinct[:1] + rng.sample(distinct[1:], min(len(distinct) - 1,
                                                            PATTERNS_PER_VERB_CODE - 1))
        for words in chosen:
            leading = tuple(itertools.takewhile(lambda word: word in PARTICLES, words))
            found.append(Example(phrase=" ".join((trigger,) + words),
                                 head=" ".join((trigger,) + leading), passive=False, negated=False,
                                 kind=kind, mode=mode, group=f"verb:{trigger}", origin="phoenix"))
    for verb in _uncoded_verbs(text):
        found.append(Example(phrase=verb, head=verb, passive=False, negated=False, kind=NONE, mode="",
                             group=f"verb:{verb.split()[0]}", origin="phoenix"))
    return found


def label_of_code(code: str, codes: Any = None) -> tuple[str | None, str]:
    """The PLOVER type and mode of a CAMEO code: statements are "none", appeals REQUEST."""
    codes = codes or codebook()
    if code.startswith("01"):
        return NONE, ""
    if code.startswith(APPEAL_ROOT):
        return "REQUEST", ""
    entry = codes.get(code)
    if entry is None or entry.plover is None:
        return None, ""
    return entry.plover.event, (entry.plover.mode or "").lower()


def phoenix_lexicon(data: Path) -> Lexicon:
    """The Phoenix CAMEO 2.0 verb patterns as a lexicon."""
    path = data / PHOENIX_VERBS
    if not path.is_file():
        raise InputError(Messages.EVENT_TRAINING_DATA, path=path, detail="no such file")
    lexicon, _ = read_verbs(str(path), path.read_text(encoding="utf-8", errors="replace"),
                            codebook(), problems=[])
    return lexicon


def _uncoded_verbs(text: str) -> list[str]:
    """The verbs of blocks the dictionary codes as nothing ("---  APPEAR  [---]")."""
    verbs: list[str] = []
    uncoded = False
    for line in text.splitlines():
        stripped = line.split("#")[0].strip()
        block = _BLOCK.match(line.strip())
        if block:
            uncoded = block.group(2).strip().startswith("-")
            continue
        if not uncoded or not stripped or stripped[0] in "-&+<":
            continue
        if "[" in stripped:
            continue
        words = re.sub(r"\{.*?\}", " ", stripped).split()
        if words and words[0].isalpha():
            verbs.append(words[0].lower())
    return sorted(set(verbs))


def ngec_examples(data: Path, parse: Callable[[list[Article]], list[Parse]],
                  limit: int | None = None, lexicons: Sequence[Lexicon] = ()) -> list[Example]:
    """The main verb of each synthetic story's first sentence, labelled with the story's type and
    mode (pseudo-labels, for training only); its other verbs, where ``lexicons`` code them (distant
    labels in real context: the first lexicon with a pattern that fits wins)."""
    path = data / NGEC_STORIES
    if not path.is_file():
        raise InputError(Messages.EVENT_TRAINING_DATA, path=path, detail="no such file")
    with zipfile.ZipFile(path) as archive:
        name = archive.namelist()[0]
        with archive.open(name) as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    rows = rows[:limit] if limit else rows
    articles = [Article(id=f"ngec-{n}", text=_lead(row["text"]) or ".") for n, row in enumerate(rows)]
    found = []
    for offset in range(0, len(articles), 64):
        for number, parsed in enumerate(parse(articles[offset:offset + 64]), offset):
            if not parsed.sentences:
                continue
            sentence = parsed.sentences[0]
            tokens = parsed.tokens
            roots = [t.i for t in tokens[sentence.first_token:sentence.last_token]
                     if t.dep == "ROOT" and t.pos == "VERB"]
            if not roots:
                continue
            children = children_of(tokens, sentence)
            item = predicate(tokens, children, roots[0])
            row = rows[number]
            found.append(_example(item, row["label"].strip().upper(), row["mode"].strip().lower(),
                                  f"ngec:{number}", "ngec"))
            for other in sentence_predicates(tokens, sentence):
                label = lexicon_label(other, lexicons) if other.index != roots[0] else None
                if label is not None:
                    found.append(_example(other, label[0], label[1], f"ngec:{number}", "ngec-lexicon"))
    return found


def lexicon_label(item: Predicate, lexicons: Sequence[Lexicon]) -> tuple[str, str] | None:
    """The PLOVER type and mode of the most specific pattern of the first lexicon that fits the
    predicate's phrase; a bare verb counts only in the first (newsgraph's own) lexicon."""
    words = set(item.phrase.split())
    verb = item.head.split()[0]
    for number, lexicon in enumerate(lexicons):
        fitting = [pattern for pattern in lexicon.verbs.get(verb, [])
                   if all(word in words for word in pattern.words)
                   and (pattern.words or number == 0)]
        if fitting:
            best = max(fitting, key=lambda pattern: len(pattern.words))
            kind, mode = label_of_code(best.code)
            return (kind, mode) if kind is not None else None
    return None


def _lead(text: str) -> str:
    cut = text[:LEAD_CHARACTERS]
    end = cut.find(". ")
    return cut[:end + 1] if end > 0 else cut


def codebook_examples(data: Path) -> list[Example]:
    """The PLOVER codebook's definitions of types and modes, each labelled with its type."""
    path = data / CODEBOOK
    if not path.is_file():
        raise InputError(Messages.EVENT_TRAINING_DATA, path=path, detail="no such file")
    found = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = row["event"].strip().upper()
            if kind not in PLOVER_TYPES:
                continue
            for field in ("event_def", "mode_def"):
                text = (row.get(field) or "").strip()
                if text:
                    found.append(Example(phrase=text.lower(), head=text.lower(), passive=False,
                                         negated=False, kind=kind,
                                         mode=(row["mode"] or "").strip().lower(),
                                         group=f"codebook:{kind}", origin="codebook"))
    return sorted(set(found), key=lambda e: (e.kind, e.phrase))


def own_examples(parse: Callable[[list[Article]], list[Parse]]) -> list[Example]:
    """newsgraph's own training sentences (data/event_examples.yaml), each predicate labelled."""
    path = resources.files("newsgraph").joinpath(OWN_EXAMPLES)
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]
    parses = parse([Article(id=f"own-{n}", text=item["text"]) for n, item in enumerate(items)])
    found = []
    for number, (item, parsed) in enumerate(zip(items, parses)):
        labelled = {str(k).lower(): str(v) for k, v in (item.get("predicates") or {}).items()}
        for sentence in parsed.sentences:
            for found_predicate in sentence_predicates(parsed.tokens, sentence):
                word = parsed.tokens[found_predicate.index].text.lower()
                label = labelled.get(word, NONE if item.get("rest_none", True) else "")
                if not label:
                    continue
                kind, _, mode = label.partition(":")
                found.append(_example(found_predicate, kind, mode, f"own:{number}", "own"))
    return found


def _example(item: Predicate, kind: str, mode: str, group: str, origin: str) -> Example:
    return Example(phrase=item.phrase, head=item.head, passive=item.passive,
                   negated=item.negated, kind=kind, mode=mode, group=group, origin=origin)


def balance(examples: Sequence[Example], seed: int = 13) -> list[Example]:
    """At most PER_CLASS examples of each type, sampled, so no source drowns the others."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_kind[example.kind].append(example)
    kept: list[Example] = []
    for kind in sorted(by_kind):
        group = by_kind[kind]
        own = [e for e in group if e.origin in KEPT_WHOLE]
        rest = [e for e in group if e.origin not in KEPT_WHOLE]
        kept += own + rng.sample(rest, min(len(rest), max(0, PER_CLASS - len(own))))
    return kept


# --- fitting ----------------------------------------------------------------------------------


def embed_examples(examples: Sequence[Example], feature_set: str, *,
                   embedder: Embedder | None = None, vectors: WordVectors | None = None) -> Matrix:
    """Feature rows of the examples (``feature_set``: vectors, minilm or both)."""
    if feature_set != "minilm" and vectors is None:
        vectors = shared_word_vectors()
    return feature_rows(examples, feature_set, vectors=vectors, embedder=embedder)


def fit(rows: Matrix, labels: Sequence[str], *, strength: float = 1.0,
        weights: Sequence[float] | None = None) -> LinearModel:
    """A class-balanced multinomial logistic regression (``weights``: one per example)."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as error:
        raise ConfigError(Messages.FRAMING_TRAINING_UNAVAILABLE, detail=error) from None
    model = LogisticRegression(C=strength, max_iter=300, tol=1e-3, class_weight="balanced")
    model.fit(rows, list(labels), sample_weight=None if weights is None else np.asarray(weights))
    return LinearModel(weights=model.coef_.astype(np.float32),
                       intercepts=model.intercept_.astype(np.float32),
                       classes=tuple(str(c) for c in model.classes_))


def grouped_validation(rows: Matrix, examples: Sequence[Example], *, folds: int = 3,
                       strength: float = 1.0, weights: Sequence[float] | None = None) -> dict[str, Any]:
    """Accuracy, macro F1 and calibration error by folds that keep each verb (Phoenix) and each
    story (NGEC) on one side."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    labels = np.array([e.kind for e in examples])
    groups = np.array([e.group for e in examples])
    predicted = np.empty(len(examples), dtype=object)
    confidence = np.zeros(len(examples), dtype=np.float32)
    for train, test in GroupKFold(n_splits=folds).split(rows, labels, groups):
        model = fit(rows[train], labels[train].tolist(), strength=strength,
                    weights=None if weights is None else [weights[i] for i in train])
        probabilities = model.probabilities(rows[test])
        predicted[test] = [model.classes[i] for i in probabilities.argmax(axis=1)]
        confidence[test] = probabilities.max(axis=1)
    right = predicted == labels
    by_origin = {origin: round(float(right[[e.origin == origin for e in examples]].mean()), 3)
                 for origin in sorted({e.origin for e in examples})}
    return {"folds": folds, "accuracy": round(float(right.mean()), 3),
            "macro_f1": round(float(f1_score(labels, predicted.astype(str), average="macro")), 3),
            "accuracy_by_origin": by_origin,
            "expected_calibration_error": round(_calibration_error(confidence, right), 3)}


def _calibration_error(confidence: Any, right: Any, bins: int = 10) -> float:
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(float(confidence[inside].mean()) - float(right[inside].mean()))
    return total


FEATURE_DESCRIPTIONS: Final = {
    "vectors": ("en_core_web_md static vectors of the verb and of the rest of the predicate "
                "phrase; hashed lemmas (verb with particles, each word of the rest, each verb-word "
                "pair); passive; negated"),
    "minilm": ("MiniLM embeddings of the voice-normalised predicate phrase and of the verb with "
               "its particle; passive; negated"),
    "both": "the vectors and MiniLM feature sets side by side; passive; negated",
}


def training_examples(data: Path, parse: Callable[[list[Article]], list[Parse]], *,
                      limit: int | None = None) -> list[Example]:
    """The detector's training set, balanced: Phoenix phrases, NGEC leads, the codebook and
    newsgraph's own sentences."""
    lexicons = [load_lexicon(), phoenix_lexicon(data)]
    examples = (phoenix_examples(data) + ngec_examples(data, parse, limit=limit, lexicons=lexicons)
                + codebook_examples(data) + own_examples(parse))
    return balance(examples)


def train_detector(data: Path, output: Path, parse: Callable[[list[Article]], list[Parse]], *,
                   embedder: Embedder | None = None, limit: int | None = None,
                   validate: bool = True, strength: float = 1.0,
                   feature_set: str = "vectors") -> dict[str, Any]:
    """Build the training set, fit the type and mode models, write them to ``output`` (.npz) and
    return the model card's figures."""
    examples = training_examples(data, parse, limit=limit)
    rows = embed_examples(examples, feature_set, embedder=embedder)
    return fit_detector(examples, rows, output, feature_set=feature_set, strength=strength,
                        validate=validate)


def fit_detector(examples: Sequence[Example], rows: Matrix, output: Path, *, feature_set: str,
                 strength: float = 1.0, validate: bool = True) -> dict[str, Any]:
    """Fit the type and mode models on ``rows`` and write them, with their card, to ``output``."""
    card: dict[str, Any] = {
        "trained": dt.date.today().isoformat(),
        "examples": len(examples),
        "by_origin": dict(Counter(e.origin for e in examples)),
        "by_type": dict(sorted(Counter(e.kind for e in examples).items())),
        "feature_set": feature_set,
        "features": FEATURE_DESCRIPTIONS[feature_set],
        "strength": strength,
        "context_weight": CONTEXT_WEIGHT,
    }
    weights = [CONTEXT_WEIGHT if e.origin in WEIGHTED else 1.0 for e in examples]
    if validate:
        card["grouped_validation"] = grouped_validation(rows, examples, strength=strength,
                                                        weights=weights)
    types = fit(rows, [e.kind for e in examples], strength=strength, weights=weights)
    arrays: dict[str, Any] = _arrays("type", types)
    mode_types = []
    for kind in PLOVER_TYPES:
        chosen = [n for n, e in enumerate(examples) if e.kind == kind and e.mode]
        counts = Counter(examples[n].mode for n in chosen)
        modes = [mode for mode, count in counts.items() if count >= MIN_MODE_EXAMPLES]
        if len(modes) < 2:
            continue
        chosen = [n for n in chosen if examples[n].mode in modes]
        arrays.update(_arrays(f"mode_{kind}", fit(rows[chosen], [examples[n].mode for n in chosen],
                                                  strength=strength)))
        mode_types.append(kind)
    card["mode_types"] = mode_types
    partial = output.with_name(output.name + ".partial.npz")
    np.savez_compressed(partial, card=np.array(json.dumps(card)), **arrays)
    partial.replace(output)
    return card


def _arrays(prefix: str, model: LinearModel) -> dict[str, Any]:
    return {f"{prefix}_weights": model.weights.astype(np.float16),
            f"{prefix}_intercepts": model.intercepts.astype(np.float32),
            f"{prefix}_classes": np.array(model.classes)}
