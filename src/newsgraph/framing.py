"""The framing model: features of an article, its sentences and its entity mentions, and the
small linear heads that turn them into roles, narratives, genre, frames and techniques."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsgraph.errors import ConfigError, Messages
from newsgraph.schema import Token

Matrix = npt.NDArray[np.float32]

MODEL_FILE = "data/framing_model.npz"
WORD = re.compile(r"(?u)\b\w\w+\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")

# Cues of style that separate opinion, reporting and satire, and persuasion from report.
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "myself", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
HEDGES = frozenset({"perhaps", "maybe", "apparently", "allegedly", "supposedly", "seemingly",
                    "arguably", "reportedly", "claimed", "claims", "so-called"})
REPORTING_VERBS = frozenset({"said", "says", "told", "according", "stated", "announced", "added",
                             "reported", "confirmed", "spokesman", "spokeswoman", "statement"})


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` by lines and end punctuation: the splitter used where no parse is
    at hand (training data); the stage itself uses the backbone's sentences."""
    spans: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        begin = position
        position += len(line) + 1
        if not line.strip():
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            _add_span(spans, line, begin, start, match.start())
            start = match.end()
        _add_span(spans, line, begin, start, len(line))
    return spans


def _add_span(spans: list[tuple[int, int]], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((offset + start + lead, offset + start + lead + len(stripped)))


def words(text: str) -> list[str]:
    """Lower-cased word tokens, as the TF-IDF vocabulary counts them."""
    return WORD.findall(text.lower())


def style_features(text: str) -> Matrix:
    """A few numbers about how a text is written: quotation, person, questions, hedges."""
    tokens = words(text)
    n = max(1, len(tokens))
    counts = Counter(tokens)
    quotes = sum(text.count(mark) for mark in ('"', "“", "”"))
    values = [
        sum(counts[w] for w in FIRST_PERSON) / n * 20,
        sum(counts[w] for w in SECOND_PERSON) / n * 20,
        sum(counts[w] for w in HEDGES) / n * 50,
        sum(counts[w] for w in REPORTING_VERBS) / n * 50,
        text.count("?") / n * 50,
        text.count("!") / n * 50,
        quotes / n * 20,
        math.log1p(len(tokens)) / 8,
        sum(1 for token in re.findall(r"\b[A-Z]{3,}\b", text)) / n * 20,
    ]
    return np.asarray(values, dtype=np.float32)


STYLE_SIZE = 9


@dataclass
class Vocabulary:
    """A TF-IDF vocabulary learnt from the training texts (sublinear tf, l2-normalised)."""

    index: dict[str, int]
    idf: Matrix

    @classmethod
    def fit(cls, texts: Sequence[str], *, size: int = 4000, min_df: int = 3) -> Vocabulary:
        frequency: Counter[str] = Counter()
        for text in texts:
            frequency.update(set(words(text)))
        kept = [w for w, df in frequency.most_common() if df >= min_df and df <= 0.6 * len(texts)]
        kept = kept[:size]
        idf = np.asarray([math.log((1 + len(texts)) / (1 + frequency[w])) + 1 for w in kept],
                         dtype=np.float32)
        return cls({w: i for i, w in enumerate(kept)}, idf)

    def transform(self, texts: Sequence[str]) -> Matrix:
        matrix = np.zeros((len(texts), len(self.index)), dtype=np.float32)
        for row, text in enumerate(texts):
            for word, count in Counter(words(text)).items():
                column = self.index.get(word)
                if column is not None:
                    matrix[row, column] = 1 + math.log(count)
        matrix *= self.idf
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return np.asarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


def article_features(vectors: Matrix, text: str, vocabulary: Vocabulary) -> Matrix:
    """Pooled sentence embeddings (mean, max, title), style and TF-IDF of a whole article."""
    if len(vectors) == 0:
        pooled = np.zeros(3 * vectors.shape[1] if vectors.ndim == 2 else 3 * 384, dtype=np.float32)
    else:
        pooled = np.concatenate([vectors.mean(axis=0), vectors.max(axis=0), vectors[0]])
    return np.concatenate([pooled, style_features(text), vocabulary.transform([text])[0]])


def article_tfidf(vocabulary: Vocabulary) -> slice:
    """Where the TF-IDF block sits in ``article_features`` (after pooled embeddings and style)."""
    start = 3 * 384 + STYLE_SIZE
    return slice(start, start + len(vocabulary.index))


def paragraph_tfidf(vocabulary: Vocabulary) -> slice:
    """Where the TF-IDF block sits in ``paragraph_features``."""
    start = 2 * 384 + STYLE_SIZE
    return slice(start, start + len(vocabulary.index))


def label_similarity(vectors: Matrix, labels: Matrix, top: int = 3) -> Matrix:
    """For each label, the mean cosine of its description with the ``top`` closest sentences."""
    if len(vectors) == 0:
        return np.zeros(len(labels), dtype=np.float32)
    scores = vectors @ labels.T
    k = min(top, len(vectors))
    best = -np.sort(-scores, axis=0)[:k]
    return np.asarray(best.mean(axis=0), dtype=np.float32)


def zero_shot_similarity(vectors: Matrix, labels: Matrix) -> Matrix:
    """``label_similarity`` over the closest quarter of the sentences, one to three: a short
    article carries a narrative in one sentence, a long one should show it more than once."""
    return label_similarity(vectors, labels, top=min(3, max(1, len(vectors) // 4)))


def zero_shot_choice(similarity: Matrix, labels: Sequence[Any], threshold: float,
                     other: str | None = None) -> list[tuple[int, list[int]]]:
    """Zero-shot decisions over ``labels`` (a taxonomy's ``everything``): each first-level label
    whose ``zero_shot_similarity`` reaches ``threshold``, best first, with the children of it
    that reach it too, as indices."""
    chosen = []
    for index, label in enumerate(labels):
        if label.parent is not None or label.name == other or similarity[index] < threshold:
            continue
        children = [i for i, child in enumerate(labels)
                    if child.parent == label.name and similarity[i] >= threshold]
        chosen.append((index, children))
    chosen.sort(key=lambda pair: -float(similarity[pair[0]]))
    return chosen


def narrative_features(vectors: Matrix, text: str, vocabulary: Vocabulary,
                       prompts: Matrix) -> Matrix:
    """What the narrative heads read: ``article_features`` and each label's ``label_similarity``."""
    return np.concatenate([article_features(vectors, text, vocabulary),
                           label_similarity(vectors, prompts)])


@dataclass
class Head:
    """A linear classifier over standardised features: one-vs-rest (sigmoid) or softmax."""

    labels: list[str]
    weights: Matrix
    bias: Matrix
    mean: Matrix
    scale: Matrix
    softmax: bool = False
    threshold: float = 0.5
    extra: dict[str, float] = field(default_factory=dict)

    def scores(self, features: Matrix) -> Matrix:
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        if self.softmax:
            logits = logits - logits.max(axis=-1, keepdims=True)
            exp = np.exp(logits)
            return np.asarray(exp / exp.sum(axis=-1, keepdims=True), dtype=np.float32)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30))), dtype=np.float32)

    def to_arrays(self, name: str) -> dict[str, Any]:
        meta = {"labels": self.labels, "softmax": self.softmax, "threshold": self.threshold,
                "extra": self.extra}
        return {f"{name}.weights": self.weights.astype(np.float16),
                f"{name}.bias": self.bias.astype(np.float32),
                f"{name}.mean": self.mean.astype(np.float32),
                f"{name}.scale": self.scale.astype(np.float32),
                f"{name}.meta": np.array(json.dumps(meta))}

    @classmethod
    def from_arrays(cls, name: str, arrays: Any) -> Head:
        meta = json.loads(str(arrays[f"{name}.meta"]))
        return cls(labels=list(meta["labels"]),
                   weights=arrays[f"{name}.weights"].astype(np.float32),
                   bias=arrays[f"{name}.bias"].astype(np.float32),
                   mean=arrays[f"{name}.mean"].astype(np.float32),
                   scale=arrays[f"{name}.scale"].astype(np.float32),
                   softmax=bool(meta["softmax"]), threshold=float(meta["threshold"]),
                   extra={k: float(v) for k, v in meta.get("extra", {}).items()})


HEADS = ("narratives", "subnarratives", "main_roles", "fine_roles", "genre", "frames",
         "techniques", "technique_sentences", "technique_context")


@dataclass
class FramingModel:
    """Everything the framing stage loads: the vocabulary and one head per task."""

    vocabulary: Vocabulary
    heads: dict[str, Head]
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def taxonomy(self) -> dict[str, Any] | None:
        """For heads trained on a user's taxonomy: its name, file, fingerprint and labels."""
        trained_for = self.info.get("taxonomy")
        return trained_for if isinstance(trained_for, dict) else None

    def check_taxonomy(self, path: str | Path, taxonomy: Any) -> None:
        """Refuse a taxonomy other than the one these heads were trained for (ConfigError)."""
        trained_for = self.taxonomy
        if trained_for is None or trained_for.get("fingerprint") == taxonomy.fingerprint():
            return
        raise ConfigError(Messages.FRAMING_MODEL_WRONG_TAXONOMY, path=path,
                          name=trained_for.get("name", "?"), trained_path=trained_for.get("path", "?"),
                          given=f"'{taxonomy.name}' ({taxonomy.path})",
                          difference=taxonomy_difference(trained_for, taxonomy))

    def save(self, path: str | Path) -> None:
        arrays: dict[str, Any] = {
            "vocabulary.words": np.array(list(self.vocabulary.index), dtype="U64"),
            "vocabulary.idf": self.vocabulary.idf.astype(np.float32),
            "info": np.array(json.dumps(self.info)),
        }
        for name, head in self.heads.items():
            arrays.update(head.to_arrays(name))
        target = Path(path)
        partial = target.with_name(target.name + ".partial.npz")
        np.savez_compressed(partial, **arrays)
        partial.replace(target)

    @classmethod
    def load(cls, path: str | Path | None = None) -> FramingModel:
        """The model at ``path``, or the one that ships with newsgraph."""
        if path:
            if not Path(path).is_file():
                raise ConfigError(Messages.FRAMING_MODEL_MISSING, path=path)
            return cls._read(Path(path))
        packaged = resources.files("newsgraph").joinpath(MODEL_FILE)
        with resources.as_file(packaged) as file:
            if not file.is_file():
                raise ConfigError(Messages.FRAMING_MODEL_MISSING, path=MODEL_FILE)
            return cls._read(file)

    @classmethod
    def _read(cls, path: Path) -> FramingModel:
        try:
            with np.load(path, allow_pickle=False) as arrays:
                names = [str(w) for w in arrays["vocabulary.words"]]
                vocabulary = Vocabulary({w: i for i, w in enumerate(names)},
                                        arrays["vocabulary.idf"].astype(np.float32))
                heads = {name: Head.from_arrays(name, arrays) for name in HEADS
                         if f"{name}.meta" in arrays.files}
                info = json.loads(str(arrays["info"]))
        except (OSError, KeyError, ValueError) as error:
            raise ConfigError(Messages.FRAMING_MODEL_BAD, path=path, detail=error) from None
        return cls(vocabulary, heads, info)


def taxonomy_difference(trained_for: dict[str, Any], taxonomy: Any) -> str:
    """How a taxonomy differs from the one recorded in a model, in a few words."""
    before = list(trained_for.get("labels", []))
    now = [label.name for label in taxonomy.everything]
    missing = [label for label in before if label not in now]
    added = [label for label in now if label not in before]
    if not missing and not added:
        return "same labels, but a description, an example or the order changed"
    parts = []
    if missing:
        parts.append(f"{len(missing)} label(s) it lacks, e.g. '{missing[0]}'")
    if added:
        parts.append(f"{len(added)} label(s) the model does not know, e.g. '{added[0]}'")
    return " and ".join(parts)


def label_prompts(narratives: Any, roles: Any, embedder: Any) -> dict[str, Matrix]:
    """Embeddings of the label descriptions: narratives (coarse, then fine) and roles (main,
    then fine), in taxonomy order."""
    return {
        "narratives": embedder.embed([label.prompt() for label in
                                      (*narratives.labels, *narratives.fine)]),
        "roles": embedder.embed([label.prompt() for label in (*roles.labels, *roles.fine)]),
    }


def sentence_of(spans: Sequence[tuple[int, int]], offset: int) -> int:
    """Index of the sentence that holds character ``offset`` (the nearest one before it)."""
    found = 0
    for index, (start, _end) in enumerate(spans):
        if start <= offset:
            found = index
        else:
            break
    return found


def mention_features(text: str, spans: Sequence[tuple[int, int]], vectors: Matrix, start: int,
                     end: int, mention: str, embedder: Any, role_prompts: Matrix) -> Matrix:
    """What an entity mention's role is read from: its sentence, its neighbours, every sentence
    that names it again, its name, and how close these are to each role's description."""
    dimension = role_prompts.shape[1]
    if len(vectors) == 0:
        return np.zeros(4 * dimension + 2 * len(role_prompts) + 1, dtype=np.float32)
    index = sentence_of(spans, start)
    own = vectors[index]
    window = vectors[max(0, index - 1):index + 2].mean(axis=0)
    needle = mention.lower()
    again = [i for i, (a, b) in enumerate(spans) if needle and needle in text[a:b].lower()]
    context = vectors[again].mean(axis=0) if again else own
    name = embedder.embed([mention])[0]
    return np.asarray(np.concatenate([own, window, context, name, own @ role_prompts.T,
                                      context @ role_prompts.T,
                                      np.array([index / max(1, len(spans))])]), dtype=np.float32)


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
    values = []
    for listed, runs in zip(cues.words, cues.phrases):
        count = sum(1 for t in tokens if t in listed)
        for run in runs:
            size = len(run)
            count += sum(1 for i in range(len(tokens) - size + 1)
                         if tuple(tokens[i:i + size]) == run)
        values.append(math.log1p(count))
    own = Counter(repeatable_units(tokens, cues))
    elsewhere = Counter(article_words or {})
    elsewhere.subtract(own)
    single = [w for w in own if " " not in w]
    repeated_inside = max((own[w] for w in single), default=0)
    echoed = [w for w in single if elsewhere[w] >= 2]
    echoed_pairs = [w for w in own if " " in w and elsewhere[w] >= 1]
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


def domain_of(label: str) -> str:
    """"URW" for "URW: Discrediting Ukraine", "" for a label without a domain prefix."""
    head, separator, _ = label.partition(": ")
    return head if separator else ""


def decode_narratives(coarse: Matrix, fine: Matrix, coarse_labels: Sequence[str],
                      fine_labels: Sequence[str], parents: dict[str, str], *,
                      coarse_threshold: float, fine_threshold: float,
                      other_threshold: float = 0.0,
                      other: str = "Other") -> tuple[list[str], list[str]]:
    """Consistent labels from scores: "Other" unless the best narrative reaches
    ``other_threshold``, then one domain, a subnarrative only under a chosen narrative, every
    chosen narrative with at least one subnarrative (its "Other" child if none scores)."""
    candidates = [i for i, label in enumerate(coarse_labels) if label != other]
    if not candidates:
        return [other], [other]
    best = max(candidates, key=lambda i: float(coarse[i]))
    if coarse[best] < other_threshold:
        return [other], [other]
    domain = domain_of(coarse_labels[best])
    chosen = [coarse_labels[i] for i in candidates
              if coarse[i] >= coarse_threshold and domain_of(coarse_labels[i]) == domain]
    if not chosen:
        return [other], [other]
    chosen.sort(key=lambda label: -float(coarse[list(coarse_labels).index(label)]))
    subs: list[str] = []
    for narrative in chosen:
        children = [i for i, label in enumerate(fine_labels) if parents.get(label) == narrative]
        picked = [fine_labels[i] for i in children if fine[i] >= fine_threshold
                  and not fine_labels[i].endswith(": " + other)]
        if not picked and children:
            fallback = f"{narrative}: {other}"
            picked = [fallback] if fallback in fine_labels else [
                fine_labels[max(children, key=lambda i: float(fine[i]))]]
        subs.extend(picked)
    return chosen, subs


def decide_genre(scores: Matrix, labels: Sequence[str], offsets: dict[str, float]) -> int:
    """The genre to report: the best log-score after each class's offset, which corrects the
    opinion-heavy training prior so that the rare classes (satire) are said at all."""
    shifted = np.log(np.maximum(scores, 1e-9)) + np.asarray(
        [offsets.get(label, 0.0) for label in labels], dtype=np.float32)
    return int(np.argmax(shifted))


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


def decode_roles(main: Matrix, fine: Matrix, main_labels: Sequence[str],
                 fine_labels: Sequence[str], parents: dict[str, str], *,
                 second_threshold: float) -> tuple[str, list[str]]:
    """The main role, then the best fine role under it (and a second one if it scores well)."""
    role = main_labels[int(np.argmax(main))]
    children = sorted((i for i, label in enumerate(fine_labels) if parents.get(label) == role),
                      key=lambda i: -float(fine[i]))
    if not children:
        return role, []
    picked = [fine_labels[children[0]]]
    if len(children) > 1 and fine[children[1]] >= second_threshold:
        picked.append(fine_labels[children[1]])
    return role, picked


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
