"""Arguments: the source and target actors of a verb or event noun, read from the clause around it."""

from __future__ import annotations

from newsgraph.events.actors import ActorReader
from newsgraph.events.lexicon import Pattern
from newsgraph.events.records import Actor, Found, others, unique_actors
from newsgraph.events.vocabulary import (AID_CODE, ARMS_AID_CODE, ARRIVAL_VERBS, BEARINGS, CARRIER_PREPOSITIONS, DEMANDING, DOCUMENT_NOUNS,
                                         HARM_VERBS, INCIDENT_PREPOSITIONS, MISHAPS, OBJECTS,
                                         PASSIVE_SUBJECTS, PURPOSE_HEADS, REASON_PREPOSITIONS,
                                         RECIPROCAL_OBJECTS, SPEECH, STANCE, SUBJECTS, TARGET_PREPOSITIONS,
                                         SHIPMENT_NOUNS, TOPIC_VERBS, WHERE_PREPOSITIONS)
from newsgraph.schema import Token


class ArgumentReader(ActorReader):
    """Reads the source and target actors of a predicate from its subjects, objects and prepositions."""

    def _verb_arguments(self, verb: Token, used: set[int]) -> tuple[list[Actor], list[Actor]]:
        children = self.children.get(verb.i, [])
        sources: list[Actor] = []
        targets: list[Actor] = []
        passive = any(child.dep in PASSIVE_SUBJECTS or child.dep == "auxpass" for child in children)
        for child in children:
            if child.dep in SUBJECTS:
                sources += self._actors(child)
            elif child.dep in PASSIVE_SUBJECTS:
                targets += self._actors(child) or self._prepositional_targets(child, used)
            elif child.dep == "agent":
                for grandchild in self.children.get(child.i, []):
                    # "killed by the crash": a mishap has no doer, whoever's plane it was.
                    if grandchild.dep == "pobj" and grandchild.lemma.lower() not in MISHAPS:
                        sources += self._actors(grandchild)
        if not sources:
            # "a study published in Nairobi accused ...": a document speaks for
            # whoever issued it, or for the country where it was issued.
            for child in children:
                if child.dep in SUBJECTS and child.lemma.lower() in DOCUMENT_NOUNS:
                    sources += self._issuers(child)
        # "after rioters looted its consulate": a verb with a subject of its own that names no
        # actor does not borrow the subject of the clause it hangs from.
        participle = verb.dep == "acl" and verb.tag == "VBN" and verb.head != verb.i \
            and not any(child.dep in SUBJECTS | PASSIVE_SUBJECTS for child in children)
        if participle:
            # "soldiers killed in Ukraine": the noun a passive participle qualifies undergoes it.
            targets += self._actors(self.tokens[verb.head], follow_relative=False)
        elif not sources and not any(child.dep in SUBJECTS | PASSIVE_SUBJECTS for child in children):
            sources = self._inherited_subject(verb)
        own_countries = {source.country for source in sources if source.country}
        for child in children:
            if child.dep in OBJECTS and not (passive and child.dep == "attr"):
                # "sent troops to X": an object that is a word of the pattern is a party only
                # when it names one ("freed Palestinian prisoners").
                # "recalled its ambassador to X": nor is the source's own envoy.
                objects = [actor for actor in self._actors(child) if child.i not in used
                           or (actor.country and actor.country not in own_countries)]
                if not objects:
                    # "denounced a raid by Rohan troops": the doer of the deed the
                    # object names is the one the action is aimed at.
                    objects = self._agents_of(child) or self._prepositional_targets(child, used)
                if verb.lemma.lower() in TOPIC_VERBS:
                    # "Gondorian and Rohirric envoys discussed the embassies": an agent noun
                    # that is the topic of the talk is no party to it (a named country or
                    # person still is); coordinated subjects then share the action.
                    objects = [a for a in objects if a.type not in ("agent", "group")]
                targets += objects
        if not targets:
            targets += self._prepositional_targets(verb, used)
        if not targets and verb.dep == "relcl" and verb.head != verb.i \
                and any(child.dep in SUBJECTS for child in children) \
                and not any(child.dep in OBJECTS for child in children):
            # "two British diplomats it accused of spying": a relative clause with a subject of
            # its own and no object acts on the noun it hangs from.
            targets += others(self._actors(self.tokens[verb.head], follow_relative=False), sources)
        if not targets:
            # "agreed to ease the embargo on Peru": the target may sit in the xcomp's phrase.
            for child in children:
                if child.dep == "xcomp" and child.i in used:
                    targets += self._prepositional_targets(child, used)
                    for grandchild in self.children.get(child.i, []):
                        if grandchild.dep in OBJECTS:
                            targets += self._actors(grandchild) or self._prepositional_targets(grandchild, used)
        if not targets and verb.lemma.lower() in SPEECH | STANCE | DEMANDING:
            # "Rohan thinks Gondor and Harad will manage", "expressed hope that X would":
            # the actor the reported clause is about is the target of the statement.
            targets += self._clause_subjects(verb)
        return unique_actors(sources), unique_actors(others(targets, sources))

    def _harm_gerund(self, verb: Token) -> bool:
        """Whether a gerund hangs on the object of "killed in ...", "wounded by ..."."""
        if verb.dep != "acl" or verb.tag != "VBG" or verb.head == verb.i:
            return False
        noun = self.tokens[verb.head]
        if noun.dep != "pobj" or noun.head == noun.i:
            return False
        preposition = self.tokens[noun.head]
        if preposition.lemma.lower() not in ("in", "by", "during") or preposition.head == preposition.i:
            return False
        return self.tokens[preposition.head].lemma.lower() in HARM_VERBS

    def _reciprocal_object(self, token: Token) -> bool:
        """Whether a phrase is "each other" or "one another", directly or after a preposition."""
        if token.dep == "prep":
            return any(self._reciprocal_object(obj) for obj in self.children.get(token.i, [])
                       if obj.dep == "pobj")
        words = [c.text.lower() for c in self.children.get(token.i, []) if c.i < token.i]
        return " ".join(words[-1:] + [token.text.lower()]) in RECIPROCAL_OBJECTS

    def _incident_actors(self, verb: Token, used: set[int]) -> list[Actor]:
        """The first actor named inside an incident (an event noun) that a statement is about."""
        heads = [verb] + [c for c in self.children.get(verb.i, []) if c.dep == "dobj"]
        for head in heads:
            for child in self.children.get(head.i, []):
                if child.dep != "prep" or child.lemma.lower() not in INCIDENT_PREPOSITIONS:
                    continue
                for incident in self.children.get(child.i, []):
                    if incident.dep != "pobj" or incident.i in used or \
                            incident.lemma.lower() not in self.lexicon.nouns:
                        continue
                    stack = list(reversed(self.children.get(incident.i, [])))
                    seen = 0
                    while stack and seen < 40:
                        current = stack.pop()
                        seen += 1
                        found = [a for a in self._actors(current) if a.code or a.country] \
                            if current.pos in ("PROPN", "NOUN") else []
                        if found:
                            return found[:1]
                        stack.extend(reversed(self.children.get(current.i, [])))
        return []

    def _issuers(self, document: Token) -> list[Actor]:
        """Who a report speaks for: the agent of its issuing, else the place it was issued in."""
        for clause in self.children.get(document.i, []):
            if clause.dep != "acl" or clause.pos != "VERB":
                continue
            found: list[Actor] = []
            for child in self.children.get(clause.i, []):
                for obj in self.children.get(child.i, []):
                    if obj.dep != "pobj":
                        continue
                    if child.dep == "agent":
                        return self._actors(obj)
                    if child.dep == "prep" and child.lemma.lower() in ("in", "from"):
                        found += [a for a in self._actors(obj) if a.country]
            if found:
                return [Actor(name=self._text(document), code=found[0].country,
                              country=found[0].country, sector=None, entity=None,
                              start=document.start, end=document.end, type="document",
                              confidence=0.6)]
        return []

    def _agents_of(self, noun: Token) -> list[Actor]:
        """The actors a "by" phrase names as the doers of what a noun names."""
        return [actor for child in self.children.get(noun.i, [])
                if child.dep == "prep" and child.lemma.lower() == "by"
                for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                for actor in self._actors(obj)]

    def _clause_subjects(self, verb: Token) -> list[Actor]:
        """The subjects of the clause a statement verb reports, directly or through its object
        noun ("expressed hopes that ...")."""
        heads = [verb] + [c for c in self.children.get(verb.i, []) if c.dep == "dobj"]
        for head in heads:
            for clause in self.children.get(head.i, []):
                # ", officials said" after the report is its attribution, not a statement
                # about the report's subject.
                if clause.dep not in ("ccomp", "acl") or clause.pos not in ("VERB", "AUX") \
                        or clause.i < verb.i:
                    continue
                for subject in self.children.get(clause.i, []):
                    if subject.dep in SUBJECTS | PASSIVE_SUBJECTS:
                        found = self._actors(subject)
                        if found:
                            return found
        return []

    def _inherited_subject(self, verb: Token) -> list[Actor]:
        """The subject a verb shares with the verb it hangs from: conjuncts, "want to X", "X-ing"."""
        token = verb
        for _ in range(6):
            if token.head == token.i:
                return []
            head = self.tokens[token.head]
            if token.dep == "relcl":
                return self._actors(head, follow_relative=False)
            if token.dep == "xcomp" and head.lemma.lower() not in PURPOSE_HEADS:
                # "asked Russia to withdraw": the object of the asking does the withdrawing;
                # "summoned the envoy to protest" is the summoner's purpose.
                objects = [c for c in self.children.get(head.i, []) if c.dep in ("dobj", "dative")]
                if objects:
                    return self._actors(objects[0])
            # "Arnor is about to restore ties", "is ready to talk": the predicate adjective
            # passes the subject of its copula down to the verb it governs.
            if token.dep not in ("conj", "xcomp", "advcl", "ccomp", "acl", "pcomp", "prep", "acomp"):
                return []
            # "the minister is expected to travel": a passive head lends its subject too.
            subjects = [c for c in self.children.get(head.i, [])
                        if c.dep in SUBJECTS or (c.dep in PASSIVE_SUBJECTS and token.dep == "xcomp")]
            if subjects and token.dep in ("conj", "xcomp", "advcl", "acomp"):
                return self._actors(subjects[0])
            if subjects:
                return []
            token = head
        return []

    def _prepositional_targets(self, token: Token, used: set[int], depth: int = 0) -> list[Actor]:
        targets: list[Actor] = []
        causes: list[Actor] = []
        for child in self.children.get(token.i, []):
            if child.dep not in ("prep", "dative") or child.lemma.lower() not in TARGET_PREPOSITIONS | {"to"}:
                if child.dep == "dative":
                    targets += self._actors(child)
                continue
            for obj in self.children.get(child.i, []):
                if obj.dep != "pobj":
                    continue
                if (child.lemma.lower() in WHERE_PREPOSITIONS and self._is_place(obj)) \
                        or obj.lemma.lower() in BEARINGS:
                    continue
                found = self._actors(obj)
                if not found and depth < 2 and obj.pos == "NOUN" and (
                        child.lemma.lower() in CARRIER_PREPOSITIONS or obj.i in used):
                    # ... or the noun is a word of the pattern: "issued a warning against trips to X".
                    # "welcomed a resumption of ties with Osgiliath": the target hangs from the
                    # noun the "of" phrase names.
                    found = self._prepositional_targets(obj, used, depth + 1)
                (causes if child.lemma.lower() in REASON_PREPOSITIONS else targets).extend(found)
        # "severed ties with X over the Gaza offensive": the "over" phrase is the cause; it
        # names the target only when nothing else does.
        return targets or causes

    def _from_actors(self, token: Token) -> list[Actor]:
        """The actors named in a word's "from" phrases."""
        return [actor for child in self.children.get(token.i, [])
                if child.dep == "prep" and child.lemma.lower() == "from"
                for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                for actor in self._actors(obj)]

    def _arrival(self, verb: Token) -> Found | None:
        """"Tents donated by Turkey arrived in Idlib", "a shipment of German missiles reached
        Ukraine": goods (or arms, counted as a shipment) arriving are aid from whoever sent them,
        a country that modifies them or the "by" or "from" of the phrase, to where they arrive."""
        if verb.lemma.lower() not in ARRIVAL_VERBS:
            return None
        subjects = [child for child in self.children.get(verb.i, []) if child.dep in SUBJECTS]
        if not subjects:
            return None
        goods: list[Token] = []
        stack, shipped = [subjects[0]], False
        while stack and len(goods) < 30:
            current = stack.pop()
            goods.append(current)
            shipped = shipped or current.lemma.lower() in SHIPMENT_NOUNS
            stack += [child for child in self.children.get(current.i, [])
                      if child.dep in ("conj", "compound") or (child.dep == "prep" and child.lemma.lower() == "of")
                      or (child.dep == "pobj" and current.lemma.lower() == "of")]
        code = None
        for token in goods:
            if self.lexicon.fits("@supplies", token.lemma.lower(), token.text.lower()):
                code = code or AID_CODE
            elif shipped and self.lexicon.fits("@arms", token.lemma.lower(), token.text.lower()):
                code = ARMS_AID_CODE
        if code is None:
            return None
        senders: list[Actor] = []
        for token in goods:
            for child in self.children.get(token.i, []):
                if child.dep in ("amod", "compound", "poss", "nmod") and child.i in self.actor_at:
                    senders += self._actors(child)
                elif child.dep == "acl":
                    senders += [actor for agent in self.children.get(child.i, []) if agent.dep == "agent"
                                for obj in self.children.get(agent.i, []) if obj.dep == "pobj"
                                for actor in self._actors(obj)]
                elif child.dep == "prep" and child.lemma.lower() == "from":
                    senders += [actor for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                                for actor in self._actors(obj)]
        senders = unique_actors([actor for actor in senders if actor.code or actor.country])
        if not senders:
            return None
        targets = [actor for child in self.children.get(verb.i, []) if child.dep == "dobj"
                   for actor in self._actors(child)]
        pattern = Pattern(code=code, kind="verb", trigger=verb.lemma.lower(), words=(), origin="arrival")
        return Found(pattern=pattern, trigger=[verb.i], sources=senders,
                     targets=others(unique_actors(targets), senders), anchor=verb.i)
