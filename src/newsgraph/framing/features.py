"""Features of an article, its sentences and its entity mentions for the framing heads:
sentences, words, style counts, TF-IDF, pooled embeddings and label-description similarities."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from newsgraph.datafiles import read_data_file
from newsgraph.errors import ConfigError, Messages

Matrix = npt.NDArray[np.float32]

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


GENRE_STYLE_FILE = "data/genre_style.yaml"
GENRE_STYLE_LISTS = ("first_person_singular", "first_person_plural", "second_person",
                     "attribution", "hedges", "intensifiers", "normative", "evaluative", "dates")
# 17 numbers of the first style block, then 15 added on 2026-12-07 (models trained before read
# the first 17 only: ``model.genre_input``).
GENRE_STYLE_SIZE = 32
_QUOTE_MARKS = re.compile(r"[\"“”]")
_ANY_WORD = re.compile(r"(?u)\b\w+\b")  # one-letter words too: "I" counts for the first person
# A dateline opens a report's first paragraph: "KINSHASA, Congo --", "WASHINGTON (Reuters) -".
_DATELINE = re.compile(r"^\s*(?:[A-Z]{3,}[A-Z ,.'-]*(?:\([^)]{1,30}\))?\s*(?:--|[-—–,:])"
                       r"|[A-Z][A-Za-z.'-]*(?:[ ,]+[A-Z][A-Za-z.'-]*){0,4}(?: \d{1,2})?\s*"
                       r"(?:\([A-Za-z][\w .]*\))?\s*(?:--|[-—–:])\s)")
_CONTRACTION = re.compile(r"(?i)\b\w+(?:n['’]t|['’]re|['’]ve|['’]ll|['’]m)\b")


@dataclass(frozen=True)
class GenreStyle:
    """The word lists of ``data/genre_style.yaml``, one set per name in GENRE_STYLE_LISTS."""

    lists: dict[str, frozenset[str]]
    valences: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls) -> GenreStyle:
        """The lists that ship with newsgraph and VADER's word valences; a malformed file
        raises ConfigError naming the file and line."""
        import yaml
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        source = resources.files("newsgraph").joinpath(GENRE_STYLE_FILE)
        text = read_data_file(source)
        data = yaml.safe_load(text)
        lists: dict[str, frozenset[str]] = {}
        for name in GENRE_STYLE_LISTS:
            entries = data.get(name) if isinstance(data, dict) else None
            if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                line = next((number for number, row in enumerate(text.splitlines(), 1)
                             if row.startswith(f"{name}:")), 1)
                raise ConfigError(Messages.DICTIONARY_SYNTAX, path=GENRE_STYLE_FILE, line=line,
                                  detail=f"'{name}' must be a list of words")
            lists[name] = frozenset(entry.lower() for entry in entries)
        valences = {word: float(value) for word, value in SentimentIntensityAnalyzer().lexicon.items()}
        return cls(lists, valences)


def genre_style_features(text: str, style: GenreStyle) -> Matrix:
    """How an article is written, whatever it is about: the share of its sentences that cite
    someone (an attribution word or quotation marks), that quote, that ask or exclaim; first-
    and second-person words, hedges and intensifiers per word; sentence length, digits; and the
    headline's shape (its length, end mark, colon or quotation, capitalised words). Then: a
    dateline, sentences that end on an attribution ("…, she said."), the spread of sentence
    lengths, sentences per paragraph, contractions, dates, capitalised words inside sentences
    (names), normative and evaluative words, sentences that open with a quotation, the number
    of paragraphs, and how much of the text carries sentiment in VADER's lexicon (words, their
    mass, negative words, strong words, per 100 words)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # A headline is a first line with more text below it; a text of one line has none.
    title = lines[0] if len(lines) > 1 else ""
    body = text[text.find(title) + len(title):] if title else text
    spans = sentence_spans(body) or [(0, len(body))]
    sentences = [body[a:b] for a, b in spans]
    tokens = _ANY_WORD.findall(body.lower())
    n_words = max(1, len(tokens))
    n_sentences = max(1, len(sentences))
    counts = Counter(tokens)
    lists = style.lists

    def rate(name: str) -> float:
        return sum(counts[w] for w in lists[name]) / n_words * 100

    citing = sum(1 for s in sentences if _QUOTE_MARKS.search(s)
                 or any(w in lists["attribution"] for w in _ANY_WORD.findall(s.lower())))
    quoting = sum(1 for s in sentences if _QUOTE_MARKS.search(s))
    title_words = title.split()
    capitalised = sum(1 for w in title_words if w[:1].isupper())
    values = [
        citing / n_sentences,
        quoting / n_sentences,
        sum(1 for s in sentences if s.rstrip("\"'”’)").endswith("?")) / n_sentences,
        sum(1 for s in sentences if s.rstrip("\"'”’)").endswith("!")) / n_sentences,
        rate("first_person_singular"),
        rate("first_person_plural"),
        rate("second_person"),
        rate("attribution"),
        rate("hedges"),
        rate("intensifiers"),
        math.log1p(len(tokens) / n_sentences),
        sum(1 for s in sentences if any(c.isdigit() for c in s)) / n_sentences,
        math.log1p(len(title_words)),
        1.0 if title.rstrip("\"'”’)").endswith(("?", "!")) else 0.0,
        1.0 if (":" in title or _QUOTE_MARKS.search(title)) else 0.0,
        capitalised / max(1, len(title_words)),
        math.log1p(len(tokens)) / 8,
    ]
    return np.concatenate([np.asarray(values, dtype=np.float32),
                           _layout_features(body, sentences, tokens, style)])


def _layout_features(body: str, sentences: Sequence[str], tokens: Sequence[str],
                     style: GenreStyle) -> Matrix:
    """The second part of ``genre_style_features``: how a report is laid out and how much
    of the text judges."""
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    n_words, n_sentences = max(1, len(tokens)), max(1, len(sentences))
    sentence_words = [_ANY_WORD.findall(s.lower()) for s in sentences]
    lengths = np.asarray([len(w) for w in sentence_words] or [0], dtype=np.float64)
    counts = Counter(tokens)
    raw = _ANY_WORD.findall(body)
    inside_caps = sum(1 for i, w in enumerate(raw) if i > 0 and w[:1].isupper()
                      and raw[i - 1][-1:] not in ".!?") / max(1, len(raw))
    attribution, dates = style.lists["attribution"], style.lists["dates"]
    valences = [style.valences[t] for t in tokens if t in style.valences]

    def rate(name: str) -> float:
        return sum(counts[w] for w in style.lists[name]) / n_words * 100

    values = [
        1.0 if paragraphs and _DATELINE.match(paragraphs[0]) else 0.0,
        sum(1 for w in sentence_words if any(t in attribution for t in w[-5:])) / n_sentences,
        math.log1p(float(lengths.std())),
        math.log1p(float(np.mean([len(sentence_spans(p)) for p in paragraphs] or [1]))),
        len(_CONTRACTION.findall(body)) / n_words * 100,
        sum(1 for w in sentence_words if any(t in dates for t in w)) / n_sentences,
        inside_caps,
        rate("normative"),
        rate("evaluative"),
        sum(1 for s in sentences if _QUOTE_MARKS.match(s.strip())) / n_sentences,
        math.log1p(len(paragraphs)),
        len(valences) / n_words * 100,
        sum(abs(v) for v in valences) / n_words * 100,
        sum(1 for v in valences if v < 0) / n_words * 100,
        sum(1 for v in valences if abs(v) >= 2) / n_words * 100,
    ]
    return np.asarray(values, dtype=np.float32)
