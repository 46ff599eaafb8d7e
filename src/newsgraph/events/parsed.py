"""An article's parse indexed for reading events: tokens, dependency tree, actor and place mentions."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsgraph.dates import parse_published
from newsgraph.events.petrarch import PetrarchDictionaries
from newsgraph.events.records import Actor, country_of
from newsgraph.events.vocabulary import (ADJUNCT_CLAUSES, DATELINE_DASHES, HOME_SECTORS, OWN_CLAUSES,
                                         QUANTITY_NOUNS, TRAVELLERS, WHERE_PREPOSITIONS)
from newsgraph.schema import Draft, Entity, Mention, Parse, Token

if TYPE_CHECKING:
    from newsgraph.events.stage import EventStage


class ParsedArticle:
    """One parsed article as the event readers see it: its tokens, tree and the actors and places under each token."""

    def __init__(self, stage: EventStage, draft: Draft) -> None:
        assert draft.parse is not None and stage.lexicon is not None
        assert stage.codebook is not None and stage.knowledge is not None
        self.lexicon = stage.lexicon
        self.codebook = stage.codebook
        self.knowledge = stage.knowledge
        self.max_tokens = stage.max_tokens
        self.require = stage.require
        self.petrarch = stage.petrarch
        self.detector = stage.detector
        self.detector_mode = stage.detector_mode
        self.detector_threshold = stage.detector_threshold
        self.parse: Parse = draft.parse
        self.tokens = draft.parse.tokens
        self.text = draft.article.text
        self.published = parse_published(draft.article.published)
        self.entities = draft.analysis.entities
        self.skipped: list[str] = []
        self.resolving: set[int] = set()
        """Tokens whose actors are being read, so that a reading that leads back to one ends."""
        self.children: dict[int, list[Token]] = {}
        for token in self.tokens:
            if token.head != token.i:
                self.children.setdefault(token.head, []).append(token)
        self.token_at_start = {token.start: token.i for token in self.tokens}
        self.actor_at: dict[int, Actor] = {}
        self.place_at: dict[int, Entity] = {}
        self.mentions: list[tuple[Mention, Entity]] = []
        self._index_mentions()
        self._drop_datelines()
        self.dates = [named for named in draft.parse.named if named.label == "DATE"]

    def _index_mentions(self) -> None:
        starts = [token.start for token in self.tokens]
        for entity in self.entities:
            for mention in entity.mentions:
                self.mentions.append((mention, entity))
                actor = self._actor(entity, mention)
                for i in self._tokens_between(starts, mention.start, mention.end):
                    if entity.type == "place":
                        self.place_at[i] = entity
                    if actor is not None:
                        self.actor_at[i] = actor
        self.mentions.sort(key=lambda pair: pair[0].start)
        if self.petrarch is not None and len(self.petrarch.actors):
            self._index_dictionary_actors(self.petrarch)

    def _drop_datelines(self) -> None:
        """"RIYADH, Feb 18 - Two delegations met": a dateline says where the report was filed;
        its place is no actor of the sentence (it still counts as a place)."""
        for sentence in self.parse.sentences:
            first = sentence.first_token
            window = self.tokens[first:min(sentence.last_token, first + 8)]
            dash = next((t.i for t in window if t.text in DATELINE_DASHES), None)
            if dash is None or dash == first or not self.tokens[first].text.isupper():
                continue
            if self.tokens[dash].start == self.tokens[dash - 1].end:
                continue  # "NATO-led troops": a hyphen, not a dateline's dash
            if any(t.pos not in ("PROPN", "NUM", "PUNCT", "DET") for t in self.tokens[first:dash]):
                continue
            for i in range(first, dash):
                self.actor_at.pop(i, None)

    def _index_dictionary_actors(self, dictionaries: PetrarchDictionaries) -> None:
        """Names from users' PETRARCH actor dictionaries override what the entity stage found."""
        words = [token.text.upper() for token in self.tokens]
        i = 0
        while i < len(self.tokens):
            found = dictionaries.actors.match(words, i)
            if found is None:
                i += 1
                continue
            size, name = found
            code = name.code_on(self.published)
            last = self.tokens[i + size - 1]
            if code and not code.startswith(("---", "+++")) and last.sentence == self.tokens[i].sentence:
                first = self.tokens[i]
                actor = Actor(name=self.text[first.start:last.end], code=code,
                              country=country_of(code), sector=code[3:] or None, entity=None,
                              start=first.start, end=last.end, type="dictionary", confidence=0.9)
                for k in range(i, i + size):
                    self.actor_at[k] = actor
                    self.place_at.pop(k, None)
            i += size

    def _tokens_between(self, starts: list[int], start: int, end: int) -> Iterable[int]:
        i = bisect_left(starts, start)
        while i < len(self.tokens) and self.tokens[i].start < end:
            yield i
            i += 1

    def _actor(self, entity: Entity, mention: Mention) -> Actor | None:
        code = mention.code or entity.code
        country = entity.country
        if entity.type == "place":
            # A place acts only through its country ("shelling hit Kharkiv": Ukraine is the target).
            if not country:
                return None
            code = country
        if code is None and country is None and entity.type not in ("person", "organisation", "group"):
            return None
        if code and len(code) >= 3 and code[:3] != (country or code[:3]):
            country = country or None
        return Actor(name=entity.name, code=code, country=country or country_of(code),
                     sector=entity.sector, entity=entity.id, start=mention.start, end=mention.end,
                     type=entity.type, confidence=min(mention.confidence, entity.confidence))

    def _in_adjunct(self, index: int) -> bool:
        """Whether the token hangs in an adverbial, relative or participial clause."""
        token = self.tokens[index]
        steps = 0
        while token.head != token.i and steps < 100:
            if token.dep in ADJUNCT_CLAUSES:
                return True
            token = self.tokens[token.head]
            steps += 1
        return False

    def _depth(self, token: Token) -> int:
        depth = 0
        while token.head != token.i and depth < 100:
            token = self.tokens[token.head]
            depth += 1
        return depth

    def _phrase(self, token: Token) -> list[Token]:
        """The token's own phrase: its subtree without subjects and clauses of their own."""
        phrase: list[Token] = []
        # In the passive the object of the pattern is the subject: "evidence was presented".
        stack = [child for child in self.children.get(token.i, [])
                 if child.dep not in OWN_CLAUSES or child.dep == "nsubjpass"]
        while stack:
            current = stack.pop()
            phrase.append(current)
            stack.extend(child for child in self.children.get(current.i, [])
                         if child.dep not in ("relcl", "ccomp", "advcl", "parataxis", "acl"))
        return phrase

    def _governor(self, token: Token) -> Token | None:
        """The verb a noun phrase hangs from, through prepositions and conjuncts."""
        current = token
        for _ in range(8):
            if current.head == current.i:
                return None
            current = self.tokens[current.head]
            if current.pos in ("VERB", "AUX"):
                return current
        return None

    def _conjuncts(self, token: Token) -> list[Token]:
        """The words coordinated with a word: "Arnor, Osgiliath and Gondor"."""
        found: list[Token] = []
        stack = [token]
        while stack:
            current = stack.pop()
            for child in self.children.get(current.i, []):
                if child.dep == "conj" and len(found) < 20:
                    found.append(child)
                    stack.append(child)
        return found

    def _sector(self, token: Token) -> str | None:
        if self.petrarch is not None and self.petrarch.agents:
            agents = self.petrarch.agents
            for key in (token.text.lower(), token.lemma.lower()):
                if key in agents:
                    return agents[key]
        # "police officers": a listed phrase comes before the noun alone.
        return self.knowledge.phrase_sector(
            [modifier.text.lower() for modifier in self._modifiers_before(token)],
            (token.lemma.lower(), token.text.lower()))

    def _modifiers_before(self, token: Token) -> list[Token]:
        """The compound and adjective modifiers right before a noun, in order."""
        modifiers: list[Token] = []
        index = token.i - 1
        while index >= 0 and self.tokens[index].head == token.i \
                and self.tokens[index].dep in ("compound", "amod"):
            modifiers.insert(0, self.tokens[index])
            index -= 1
        return modifiers

    def _clause_chain(self, token: Token) -> list[tuple[Token, str]]:
        """The verbs above a trigger, with the relation that leads to each."""
        chain: list[tuple[Token, str]] = []
        current = token
        for _ in range(12):
            if current.head == current.i:
                break
            relation = current.dep
            current = self.tokens[current.head]
            chain.append((current, relation))
        return chain

    def _main_clause(self, subject: Token) -> bool:
        """Whether a subject belongs to its sentence's main clause (or a verb coordinated with
        it), which a following pronoun continues; a relative clause's "that" is none."""
        verb = self.tokens[subject.head]
        while verb.dep == "conj" and verb.head != verb.i:
            verb = self.tokens[verb.head]
        return verb.head == verb.i

    def _phrase_head(self, start: int, through: tuple[str, ...]) -> Token | None:
        """The token a mention starting at ``start`` hangs from, climbing ``through`` relations."""
        index = self.token_at_start.get(start)
        if index is None:
            return None
        token = self.tokens[index]
        while token.dep in through and token.head != token.i:
            token = self.tokens[token.head]
        return token

    def _text(self, token: Token) -> str:
        return self.text[token.start:token.end]

    def _is_place(self, token: Token) -> bool:
        if token.i in self.place_at:
            return True
        actor = self.actor_at.get(token.i)
        return actor is not None and actor.type in ("country", "place") and token.dep == "pobj" \
            and self.tokens[token.head].lemma.lower() in WHERE_PREPOSITIONS

    def _counted(self, token: Token) -> Token | None:
        """The noun a quantity word counts: "farmers" in "hundreds of farmers"."""
        if token.pos not in ("NOUN", "NUM") or token.lemma.lower() not in QUANTITY_NOUNS:
            return None
        for child in self.children.get(token.i, []):
            if child.dep == "prep" and child.lemma.lower() == "of":
                for obj in self.children.get(child.i, []):
                    if obj.dep == "pobj" and obj.pos in ("NOUN", "PROPN"):
                        return obj
        return None

    def _introduced_by(self, actor: Actor, preposition: str | frozenset[str]) -> bool:
        """Whether a preposition (one of several) governs the actor's phrase."""
        wanted = frozenset({preposition}) if isinstance(preposition, str) else preposition
        index = self.token_at_start.get(actor.start)
        if index is None:
            return False
        token = self.tokens[index]
        for _ in range(4):
            if token.head == token.i:
                return False
            head = self.tokens[token.head]
            if head.lemma.lower() in wanted:
                return True
            if token.dep not in ("conj", "compound", "amod", "pobj", "poss", "nmod"):
                return False
            token = head
        return False

    def _homeless(self, actor: Actor) -> bool:
        """Whether an actor is an unnamed agent of a home sector with no country."""
        return actor.type == "agent" and actor.country is None and actor.sector in HOME_SECTORS \
            and not any(word in TRAVELLERS or word.removesuffix("s") in TRAVELLERS
                         for word in actor.name.lower().split())
