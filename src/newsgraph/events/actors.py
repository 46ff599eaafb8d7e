"""Actors: who a noun phrase or pronoun stands for, as a coded actor ("Russian troops", "the minister", "it")."""

from __future__ import annotations

from dataclasses import replace

from newsgraph.events.parsed import ParsedArticle
from newsgraph.events.records import Actor, unique_actors
from newsgraph.events.vocabulary import (ACTOR_STAND_INS, GROUP_PRONOUNS, LAND_NOUNS, MODIFIERS,
                                         PASSIVE_SUBJECTS, PERSONAL_PRONOUNS, PLURAL_PRONOUNS,
                                         POLITICAL_ROOTS, RELATIONAL_NOUNS, RELATIVE_PRONOUNS, SPEECH,
                                         SUBJECTS, WEAPONS)
from newsgraph.schema import Mention, Token

MAX_NESTING = 40
"""How many phrases deep the reading of one actor may go (a pronoun's antecedent, a conjunct's
modifiers); real phrases need a handful."""


class ActorReader(ParsedArticle):
    """Reads who a noun phrase or pronoun stands for: named, titled, unnamed or referred back to."""

    def all_actors(self) -> list[Actor]:
        found: dict[tuple[int, int, str | None], Actor] = {}
        for actor in self.actor_at.values():
            found.setdefault((actor.start, actor.end, actor.code), actor)
        for token in self.tokens:
            if token.pos in ("NOUN", "PROPN") and token.i not in self.actor_at and self._sector(token):
                for actor in self._actors(token):
                    found.setdefault((actor.start, actor.end, actor.code), actor)
        return sorted(found.values(), key=lambda actor: (actor.start, -actor.end))

    def _actors(self, token: Token, *, follow_relative: bool = True) -> list[Actor]:
        """The actors a noun phrase names: its own mention, its conjuncts, the mentions that
        modify it ("American and Russian delegations"), a pronoun's antecedent, or its agent noun.

        Reading a phrase can lead back to it: in "the bank and its lenders", "its" is read by
        asking whether "the bank" is a thing, which reads "the bank" again. A phrase already being
        read names no one more, and the reading goes at most MAX_NESTING phrases deep.
        """
        if token.i in self.resolving or len(self.resolving) >= MAX_NESTING:
            return []
        self.resolving.add(token.i)
        try:
            return self._read_actors(token, follow_relative)
        finally:
            self.resolving.discard(token.i)

    def _read_actors(self, token: Token, follow_relative: bool) -> list[Actor]:
        actors: list[Actor] = []
        own = self.actor_at.get(token.i)
        counted = self._counted(token) if own is None else None
        if own is not None:
            actors.append(self._owned(token, self._titled(token, own)))
        elif counted is not None:
            actors += self._actors(counted, follow_relative=follow_relative)
        elif token.pos == "PRON" or token.text.lower() in RELATIVE_PRONOUNS:
            plural = self._plural_antecedents(token) or self._speaker(token) or self._main_subject(token)
            resolved = None if plural else self._antecedent(token, follow_relative)
            if plural:
                actors += plural
            elif resolved is not None:
                actors.append(resolved)
        else:
            actors += self._with_sector(token, self._related(token, self._modifier_actors(token)))
            if token.lemma.lower() in LAND_NOUNS:
                # "struck Russia's Samara region": a country owning land is the country, not
                # its government.
                actors = [replace(a, code=a.country, sector=None) if a.type == "country" and a.country
                          else a for a in actors]
            if not actors:
                agent = self._agent(token)
                if agent is not None:
                    actors.append(agent)
        # "Norwegian police and government": a bare agent noun coordinated with a national group
        # shares its country.
        countries = {actor.country for actor in actors}
        shared = actors[0].country if actors and actors[0].type == "group" and len(countries) == 1 \
            else None
        for child in self.children.get(token.i, []):
            if child.dep in ("conj", "appos") and child.pos in ("NOUN", "PROPN", "PRON", "ADJ"):
                if child.dep == "appos" and actors:
                    continue
                found = self._actors(child)
                if shared and child.dep == "conj":
                    found = [replace(a, name=f"{actors[0].name.split()[0]} {a.name}",
                                     code=shared + (a.sector or ""), country=shared, type="group")
                             if a.type == "agent" and a.country is None else a for a in found]
                actors += found
        return unique_actors(actors)

    def _titled(self, token: Token, actor: Actor) -> Actor:
        """"Dagolath's Deputy Prime Minister Telemar": a name coded with a bare country takes
        the sector of the title written before it."""
        code = actor.code or ""
        if token.pos != "PROPN" or actor.type in ("country", "place") or not actor.country \
                or code != actor.country:
            return actor
        titles = [child for child in self.children.get(token.i, [])
                  if child.dep == "compound" and child.i < token.i and child.i not in self.actor_at]
        for title in reversed(titles):
            sector = self._sector(title)
            if sector:
                return replace(actor, code=actor.country + sector, sector=sector)
        return actor

    def _owned(self, token: Token, actor: Actor) -> Actor:
        """"Peru's Congress", "Kenya's High Court": a body known under a generic name belongs to
        the country its possessive names, whatever country the name alone would give."""
        if actor.type in ("country", "place", "person") or not actor.country:
            return actor
        for child in self.children.get(token.i, []):
            owner = self.actor_at.get(child.i) if child.dep == "poss" else None
            if owner is not None and owner.type == "country" and owner.country \
                    and owner.country != actor.country:
                sector = actor.sector or ""
                return replace(actor, name=self._text(token), country=owner.country,
                               code=owner.country + sector, entity=None, confidence=actor.confidence * 0.9)
        return actor

    def _with_sector(self, token: Token, actors: list[Actor]) -> list[Actor]:
        """"Georgian demonstrators": a country named before an agent noun takes its sector."""
        sector = self._sector(token) if token.pos == "NOUN" else None
        if not sector:
            return actors
        combined = []
        for actor in actors:
            # A country's own code says it acts as a government ("Sudan" is SDNGOV); as the
            # modifier of an agent noun it lends only its country ("Sudan's army" is SDNMIL).
            if actor.country and actor.type != "person" \
                    and (actor.code in (actor.country, None) or actor.type == "country"):
                words = [m.text for m in self._modifiers_before(token) if m.start >= actor.end]
                actor = Actor(name=" ".join([actor.name, *words, token.text]), code=actor.country + sector,
                              country=actor.country, sector=sector, entity=actor.entity,
                              start=actor.start, end=token.end, type="group",
                              confidence=actor.confidence)
            combined.append(actor)
        return combined

    def _related(self, token: Token, actors: list[Actor]) -> list[Actor]:
        """"Ukraine's backers", "allies of Gondor" are others standing by a country, so the
        country is not the actor; "critics of the Senate" are people of the Senate's country."""
        if token.lemma.lower() not in RELATIONAL_NOUNS:
            return actors
        related = [child for child in self.children.get(token.i, []) if child.dep == "poss"]
        related += [obj for child in self.children.get(token.i, [])
                    if child.dep == "prep" and child.lemma.lower() == "of"
                    for obj in self.children.get(child.i, []) if obj.dep == "pobj"]
        direct = {t.start for t in related} | {c.start for t in related for c in self._conjuncts(t)}
        return [Actor(name=self._text(token), code=actor.country, country=actor.country,
                      sector=None, entity=None, start=token.start, end=token.end, type="group",
                      confidence=actor.confidence)
                for actor in actors if actor.country
                and not (actor.type in ("country", "place") and actor.start in direct)]

    def _modifier_actors(self, token: Token, depth: int = 0) -> list[Actor]:
        """The actors named in a phrase's modifiers ("Russian", "Kenya's"), or in its "of", "from"
        or "in" phrase ("the mayor of Nablus"), nested at most MAX_NESTING deep."""
        actors: list[Actor] = []
        if depth >= MAX_NESTING:
            return actors
        for child in self.children.get(token.i, []):
            if child.dep == "poss" and child.pos == "PRON" and child.i not in self.actor_at:
                resolved = self._antecedent(child, follow_relative=False)
                if resolved is not None:
                    actors.append(resolved)
                continue
            if child.dep in MODIFIERS:
                # "Arnorian and Gondorian envoys": every coordinated modifier that names an
                # actor counts, even where the first was not recognised.
                conjuncts = [c for c in self.children.get(child.i, []) if c.dep == "conj"]
                if child.i in self.actor_at:
                    actors.append(self.actor_at[child.i])
                    actors += [self.actor_at[c.i] for c in conjuncts if c.i in self.actor_at]
                elif child.dep == "amod" and any(c.i in self.actor_at for c in conjuncts):
                    actors += [self.actor_at[c.i] for c in conjuncts if c.i in self.actor_at]
                elif child.dep in ("compound", "nmod", "poss"):
                    actors += self._modifier_actors(child, depth + 1)
                elif child.dep == "amod" and child.lemma.lower() == "lead":
                    # "the Saudi-led coalition" acts for its leader ("Russian-backed" does not).
                    actors += [self.actor_at[g.i] for g in self.children.get(child.i, [])
                               if g.dep in ("npadvmod", "compound", "amod") and g.i in self.actor_at]
        if actors:
            return actors
        # "the mayor of Nablus", "leaders of Chile's main union", "the envoys of
        # Rohan, Harad and Gondor", "senators in Rohan and Gondor"
        sector = self._sector(token)
        for child in self.children.get(token.i, []):
            preposition = child.lemma.lower()
            if child.dep != "prep" or not (preposition in ("of", "from")
                                           or (preposition == "in" and sector)):
                continue
            for obj in self.children.get(child.i, []):
                if obj.dep != "pobj":
                    continue
                named = [self.actor_at[t.i] for t in [obj] + self._conjuncts(obj) if t.i in self.actor_at]
                if not named:
                    if preposition != "in":
                        actors += self._modifier_actors(obj, depth + 1)
                    continue
                found_actors = []
                for found in unique_actors(named):
                    if sector and found.country and found.type in ("country", "place"):
                        found = Actor(name=self._text(token), code=found.country + sector,
                                      country=found.country, sector=sector, entity=found.entity,
                                      start=token.start, end=token.end, type="group",
                                      confidence=found.confidence)
                    found_actors.append(found)
                return found_actors
        return actors

    def _agent(self, token: Token) -> Actor | None:
        if token.pos not in ("NOUN", "PROPN"):
            return None
        sector = self._sector(token)
        if sector is None or (sector == "MIL" and token.lemma.lower() in WEAPONS):
            # "struck by drones": a weapon with no owner named says nothing about who acted.
            return None
        return Actor(name=self._text(token), code=sector, country=None, sector=sector, entity=None,
                     start=token.start, end=token.end, type="agent", confidence=0.7)

    def _antecedent(self, pronoun: Token, follow_relative: bool) -> Actor | None:
        word = pronoun.text.lower()
        if word in RELATIVE_PRONOUNS:
            if not follow_relative:
                return None
            # "the mayor who ...": the relative clause's head noun.
            clause = self.tokens[pronoun.head]
            if clause.dep == "relcl" and clause.head != clause.i:
                found = self._actors(self.tokens[clause.head], follow_relative=False)
                return found[0] if found else None
            return None
        if pronoun.dep == "expl":
            return None
        personal = word in PERSONAL_PRONOUNS
        if not personal and word not in GROUP_PRONOUNS:
            return None
        sentence = pronoun.sentence
        if not personal and self._inanimate_antecedent(pronoun):
            return None
        best: Actor | None = None
        for mention, entity in self.mentions:
            if mention.start >= pronoun.start:
                break
            if mention.sentence < sentence - 2:
                continue
            if personal and entity.type != "person":
                continue
            if not personal and entity.type not in ("country", "organisation", "group"):
                continue
            if word in ("it", "its") and entity.type == "group" and not self._singular(mention):
                # "the army ... it" is one body; "Georgian demonstrators ... it" is not.
                continue
            actor = self._actor(entity, mention)
            if actor is not None:
                best = actor
        if best is None:
            return None
        return Actor(name=best.name, code=best.code, country=best.country, sector=best.sector,
                     entity=best.entity, start=pronoun.start, end=pronoun.end, type=best.type,
                     confidence=best.confidence, resolved_pronoun=True)

    def _plural_antecedents(self, pronoun: Token) -> list[Actor]:
        """"Obama and Putin said they would ...": "they" in a clause under a verb whose subject
        names two or more actors stands for all of them."""
        if pronoun.text.lower() not in PLURAL_PRONOUNS or pronoun.head == pronoun.i:
            return []
        clause = self.tokens[pronoun.head]
        for _ in range(3):
            if clause.dep not in ("ccomp", "xcomp", "advcl") or clause.head == clause.i:
                return []
            clause = self.tokens[clause.head]
            subjects = [child for child in self.children.get(clause.i, []) if child.dep in SUBJECTS]
            if subjects:
                found = [actor for actor in self._actors(subjects[0], follow_relative=False)
                         if actor.type != "place"]
                if len(found) < 2:
                    return []
                return [replace(actor, start=pronoun.start, end=pronoun.end, resolved_pronoun=True)
                        for actor in found]
        return []

    def _speaker(self, pronoun: Token) -> list[Actor]:
        """"Ukraine's military said it shot down drones": "it" or "they" opening the clause a
        speaker reports stands for the speaker, named or not, if the speaker is a body."""
        if pronoun.text.lower() not in ("it", "they", "we") or pronoun.dep not in SUBJECTS \
                or pronoun.head == pronoun.i:
            return []
        clause = self.tokens[pronoun.head]
        if clause.dep != "ccomp" or clause.head == clause.i:
            return []
        verb = self.tokens[clause.head]
        if verb.lemma.lower() not in SPEECH:
            return []
        subjects = [child for child in self.children.get(verb.i, []) if child.dep in SUBJECTS]
        if not subjects or subjects[0].pos == "PRON":
            return []
        # A speaker without a country ("both delegations") leaves "it" to the nearest party.
        found = [actor for actor in self._actors(subjects[0], follow_relative=False)
                 if actor.type not in ("person", "place") and (actor.country or actor.entity)]
        return [replace(actor, start=pronoun.start, end=pronoun.end, resolved_pronoun=True)
                for actor in found[:1]]

    def _main_subject(self, pronoun: Token) -> list[Actor]:
        """"Russia expelled two British diplomats it accused of spying": "it" or "they" as the
        subject of a relative clause on what a verb acts on stands for that verb's subject (a body
        with a country), not for a modifier named in between."""
        if pronoun.text.lower() not in ("it", "they") or pronoun.dep not in SUBJECTS \
                or pronoun.head == pronoun.i:
            return []
        clause = self.tokens[pronoun.head]
        if clause.dep != "relcl" or clause.head == clause.i:
            return []
        noun = self.tokens[clause.head]
        if noun.dep not in ("dobj", "pobj") or noun.head == noun.i:
            return []
        verb = self.tokens[noun.head]
        if noun.dep == "pobj" and verb.head != verb.i:
            verb = self.tokens[verb.head]
        subjects = [child for child in self.children.get(verb.i, []) if child.dep in SUBJECTS]
        if not subjects or subjects[0].pos == "PRON":
            return []
        found = [actor for actor in self._actors(subjects[0], follow_relative=False)
                 if actor.type not in ("person", "place") and actor.country]
        return [replace(actor, start=pronoun.start, end=pronoun.end, resolved_pronoun=True)
                for actor in found[:1]]

    def _singular(self, mention: Mention) -> bool:
        """Whether a mention's last word is a singular noun."""
        head = self._phrase_head(mention.start, ("compound", "amod"))
        return head is not None and head.tag in ("NN", "NNP")

    def _inanimate_antecedent(self, pronoun: Token) -> bool:
        """Whether the subject a pronoun continues is a thing: in "The package raises tariffs on
        Arnorian steel. It also bans ...", "it" is the package, not Arnor."""
        if pronoun.dep not in SUBJECTS | PASSIVE_SUBJECTS | {"poss"}:
            return False
        plural = pronoun.text.lower() not in ("it", "its")
        for i in range(pronoun.i - 1, -1, -1):
            subject = self.tokens[i]
            if subject.sentence < pronoun.sentence - 1:
                return False
            if subject.dep not in SUBJECTS | PASSIVE_SUBJECTS or not self._main_clause(subject):
                continue
            if subject.pos != "NOUN" or subject.i in self.actor_at:
                return False
            if (subject.tag == "NNS") != plural or subject.lemma.lower() in ACTOR_STAND_INS:
                return False
            return not self._actors(subject, follow_relative=False)
        return False

    def _capital_government(self, actor: Actor, code: str) -> Actor:
        """"accused Moscow", "urged Beijing": a capital a political act is aimed at stands for
        the government, where a visit or a strike is aimed at the city."""
        if actor.type != "place" or code[:2] not in POLITICAL_ROOTS or not actor.country:
            return actor
        country = self.knowledge.country_by_capital(actor.name)
        if country is None or country.iso3 != actor.country:
            return actor
        return replace(actor, code=actor.country + "GOV", sector="GOV")

    def _at_home(self, actor: Actor, country: str) -> Actor:
        if not self._homeless(actor):
            return actor
        return replace(actor, country=country, code=country + (actor.sector or ""),
                       confidence=actor.confidence * 0.8)
