"""Modality: whether an event happened, is negated, hypothetical, intended or future, and its date."""

from __future__ import annotations

from typing import Any

from newsgraph.dates import resolve
from newsgraph.events.parsed import ParsedArticle
from newsgraph.events.records import Found
from newsgraph.events.vocabulary import (AWAITING, CONDITIONS, DENYING, FAILING, FUTURE, HYPOTHETICAL,
                                         INTENT, INTENT_NOUNS, NEGATIONS, SPEECH)
from newsgraph.schema import Sentence, Token


class ModalityReader(ParsedArticle):
    """Reads whether a found event happened, is denied, intended or to come, and when."""

    def _denied(self, found: Found) -> bool:
        """Whether the event is told in a clause that its speaker denies: a denied aid is no
        refusal of aid."""
        return any(relation == "ccomp" and verb.lemma.lower() in DENYING
                   for verb, relation in self._clause_chain(self.tokens[found.anchor])[:3])

    def _modality(self, found: Found) -> tuple[bool, str, str | None]:
        """Whether the event is denied, its modality, and the word that makes it an intent."""
        anchor = self.tokens[found.anchor]
        negated = False
        modality = "factual"
        intent_word: str | None = None
        ranks = {"factual": 0, "reported": 1, "future": 2, "intended": 3, "hypothetical": 4}

        def note(kind: str) -> None:
            nonlocal modality
            if ranks[kind] > ranks[modality]:
                modality = kind

        def read_auxiliaries(verb: Token) -> None:
            nonlocal negated
            for child in self.children.get(verb.i, []):
                lemma = child.lemma.lower()
                text = child.text.lower()
                if child.dep == "neg" or (child.dep in ("advmod", "det") and lemma in NEGATIONS):
                    negated = True
                elif child.dep in ("aux", "auxpass"):
                    if text in HYPOTHETICAL or lemma in HYPOTHETICAL:
                        note("hypothetical")
                    elif text in FUTURE or lemma in FUTURE:
                        note("future")
                elif child.dep == "mark" and lemma in CONDITIONS:
                    note("hypothetical")

        read_auxiliaries(anchor)
        if found.nominal:
            for child in self.children.get(anchor.i, []):
                if child.dep == "det" and child.lemma.lower() == "no":
                    negated = True
        clause_verb = anchor
        for verb, relation in self._clause_chain(anchor):
            lemma = verb.lemma.lower()
            if relation in ("xcomp",) and verb.pos in ("VERB", "AUX", "ADJ"):
                if lemma in FAILING:
                    negated = True
                if lemma in INTENT or verb.pos == "ADJ":
                    note("intended")
                    intent_word = intent_word or lemma
                read_auxiliaries(verb)
                clause_verb = verb
                continue
            if found.nominal and verb.pos in ("NOUN",) and lemma in INTENT_NOUNS:
                note("intended")
                intent_word = intent_word or lemma
                continue
            if found.nominal and relation in ("pobj", "prep", "dobj", "compound", "conj", "nsubj",
                                              "nsubjpass", "attr", "appos", "amod"):
                if verb.pos in ("VERB", "AUX") and verb is not anchor:
                    if lemma in INTENT and relation == "dobj":
                        note("intended")
                        intent_word = intent_word or lemma
                    read_auxiliaries(verb)
                    clause_verb = verb
                continue
            if relation in ("ccomp", "parataxis") and lemma in SPEECH | {"accord"}:
                note("reported")
                break
            if relation == "ccomp" and lemma in DENYING:
                # "Russia denied that its troops had attacked": reported, and denied.
                note("reported")
                negated = True
                break
            if relation == "advcl":
                marks = {c.lemma.lower() for c in self.children.get(clause_verb.i, [])
                         if c.dep == "mark"}
                if marks & CONDITIONS:
                    note("hypothetical")
                elif marks & AWAITING and clause_verb.tag in ("VBZ", "VBP") and not any(
                        c.dep in ("aux", "auxpass") for c in self.children.get(clause_verb.i, [])):
                    # "comes a day before the president flies to Tokyo": the flight is ahead.
                    note("future")
                break
            if relation in ("ccomp",) and lemma in INTENT:
                note("intended")
                intent_word = intent_word or lemma
                break
            break
        # "according to officials" and "..., officials said" both make a report of it.
        root_children = list(self.children.get(anchor.i, []))
        governor = self._governor(anchor) if found.nominal else None
        if governor is not None:
            # "According to medics, strikes killed seven": the report hangs from the verb.
            root_children += self.children.get(governor.i, [])
        if any(c.lemma.lower() == "accord" for c in root_children):
            note("reported")
        for child in root_children:
            if child.dep in ("parataxis", "ccomp") and child.lemma.lower() in SPEECH and child.i > anchor.i:
                note("reported")
        return negated, modality, intent_word

    def _scheduled(self, found: Found) -> bool:
        """"The president visits Japan on Friday": a present-tense verb with no auxiliary tells
        a schedule, so its weekday lies ahead."""
        verb = self._governor(self.tokens[found.anchor]) if found.nominal else self.tokens[found.anchor]
        return verb is not None and verb.tag in ("VBZ", "VBP") and not any(
            child.dep in ("aux", "auxpass") for child in self.children.get(verb.i, []))

    def _ahead(self, when: str | None) -> bool:
        """Whether a date (day, month or year) lies after the publication date."""
        if when is None or self.published is None:
            return False
        return when > self.published.isoformat()[:len(when)]

    def _date(self, found: Found, sentence: Sentence, future: bool) -> dict[str, Any]:
        candidates = [named for named in self.dates
                      if sentence.first_token <= named.first_token < sentence.last_token]
        chosen = None
        anchor_chain = {found.anchor} | {verb.i for verb, _ in self._clause_chain(self.tokens[found.anchor])[:2]}
        for named in candidates:
            head = self.tokens[named.last_token - 1]
            for token in self.tokens[named.first_token:named.last_token]:
                if token.head not in range(named.first_token, named.last_token):
                    head = token
            climb = head
            for _ in range(4):
                if climb.head in anchor_chain:
                    chosen = named
                    break
                if climb.head == climb.i:
                    break
                climb = self.tokens[climb.head]
            if chosen is not None:
                break
        if chosen is not None:
            resolved = resolve(chosen.text, self.published, future=future)
            return {"date": resolved.iso() if resolved else None,
                    "date_precision": resolved.precision if resolved else None,
                    "date_text": chosen.text, "date_source": "text" if resolved else None}
        if self.published is not None:
            return {"date": self.published.isoformat(), "date_precision": "day", "date_text": None,
                    "date_source": "article"}
        return {"date": None, "date_precision": None, "date_text": None, "date_source": None}
