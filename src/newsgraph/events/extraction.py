"""Extraction: the events a sentence tells, found by matching the lexicon's patterns on its clauses."""

from __future__ import annotations

from dataclasses import replace

from newsgraph.events.scope import ScopeReader
from newsgraph.events.lexicon import CLASS_MARK, PARTICLES, Pattern
from newsgraph.events.records import Actor, Found, others, unique_actors
from newsgraph.events.vocabulary import (GIVEN_ROOTS, ACCUSE_AGGRESSION, ACCUSE_CODE, APPEAL_CODE, APPEAL_ROOT,
                                         ARGUMENT_VERBS, ASSAULT_ROOTS, CALLS, CLAIMING, CLAIM_CODE,
                                         DENYING, EPISODE_NOUNS, FIRE_CODE, FORCE_ROOTS, HAPPENING_VERBS,
                                         HARM_VERBS, INCIDENT_STATEMENT_ROOTS, INTENT, INTENT_NOUNS,
                                         LIGHT_VERBS, NEGATIONS, OBJECTS, OWN_FORCE_ROOTS,
                                         PARTICLE_RELATIONS,
                                         PASSIVE_SUBJECTS, PREVENTING, RECEIVING, REFUSED_OPTIONS,
                                         REJECT_CODE, REQUEST_VERBS, SPEECH, SUBJECTS, TARGET_PREPOSITIONS,
                                         TURNING_DOWN, UNACCEPTABLE, UNDER_FIRE, VIOLENT_ROOTS, VOICING,
                                         WARNING_VERBS, WHERE_PREPOSITIONS)
from newsgraph.events.vocabulary import (AUTHORITIES, CONDITION_DEPTH, CONDITION_MARKS, COOPERATION_CODE, INVITING,
                                         OWN_FORCE_SECTORS, JOINT_ADJECTIVES, JOINT_ADVERBS, JOINT_MANNER,
                                         JOINT_SPEECH, SHARED_ROOTS, SPORTS_WORDS)
from newsgraph.schema import Sentence, Token


class ClauseReader(ScopeReader):
    """Finds the events of a sentence: lexicon patterns on verbs and event nouns, and the constructions that change them."""

    def _sentence(self, sentence: Sentence) -> list[Found]:
        tokens = self.tokens[sentence.first_token:sentence.last_token]
        consumed: set[int] = set()
        found: list[Found] = []
        # Verbs first, from the top of the tree down, so that "threaten to attack" is one event.
        for token in sorted(tokens, key=lambda t: self._depth(t)):
            if token.i in consumed or token.pos not in ("VERB", "AUX"):
                continue
            if self._harm_by_attack(token) or self._prevented(token) or self._turned_down(token):
                continue
            under_fire = self._under_fire(token, consumed)
            if under_fire is not None:
                found.append(under_fire)
                continue
            arrival = self._arrival(token) or self._leaving(token)
            if arrival is not None:
                found.append(arrival)
                continue
            match = self._hyphenated_match(token, self.lexicon.verbs, consumed) \
                or self._match(token, self.lexicon.verbs.get(token.lemma.lower(), []), consumed)
            request = self._request(token, match, consumed)
            if request is not None:
                found.append(request)
                continue
            if match is None:
                refusal = self._refusal(token)
                if refusal is not None:
                    found.append(refusal)
                continue
            pattern, used = match
            consumed.update(used)
            if pattern.code[:2] in FORCE_ROOTS and self._sporting(token):
                continue
            event = self._verb_event(token, pattern, used)
            if event is not None:
                found.append(event)
        for token in tokens:
            if token.i in consumed or token.pos not in ("NOUN", "PROPN"):
                continue
            candidates = self.lexicon.nouns.get(token.lemma.lower(), []) + (
                self.lexicon.nouns.get(token.text.lower(), []) if token.text.lower() != token.lemma.lower() else [])
            if token.lemma.lower() in CALLS:
                # "renewed calls for a ceasefire" is calling for one, as the verb would.
                candidates += [pattern for pattern in self.lexicon.verbs.get(token.lemma.lower(), [])
                               if pattern.words[:1] == ("for",)]
            match = self._hyphenated_match(token, self.lexicon.nouns, consumed) \
                or self._match(token, candidates, consumed)
            if match is None or self._turned_down(token):
                continue
            pattern, used = match
            consumed.update(used)
            if pattern.code[:2] in FORCE_ROOTS and self._sporting(token):
                continue
            event = self._noun_event(token, pattern, used)
            if event is not None:
                found.append(event)
        found += self._joint_actions(tokens, found)
        accusations, told = self._accusations(found)
        if self.require == "dyad":
            # PETRARCH's convention: the report of another's deed is coded as the speaker's
            # accusation (or claim), not a second time as the deed; elsewhere the deed stays,
            # marked as reported.
            found = [event for event in found if event.anchor not in told]
        found += accusations
        # "agreed to ease the embargo", "declined to join the talks": the agreeing or declining
        # is the modality of the action it governs, whether a verb or a light verb's event noun.
        anchors = {event.anchor for event in found}
        for event in found:
            governor = self._governor(self.tokens[event.anchor]) if event.nominal else None
            if governor is not None:
                anchors.add(governor.i)
        # "invited X to visit Y": the invitation is the event; what it proposes has not happened.
        invited = {child.i for event in found if event.pattern.trigger in INVITING
                   for child in self.children.get(event.anchor, []) if child.dep == "xcomp"}
        # "called on Russia to release the sailors": what a party is asked to do is not done.
        invited |= self._asked_clauses(found)
        return [event for event in found
                if event.anchor not in invited and not (
                    event.nominal and getattr(self._governor(self.tokens[event.anchor]), "i", None) in invited)
                and (event.pattern.words or event.nominal or event.pattern.trigger in INVITING
                     or not any(child.dep == "xcomp" and child.i in anchors
                                for child in self.children.get(event.anchor, [])))]

    def _match(self, token: Token, patterns: list[Pattern],
               consumed: set[int]) -> tuple[Pattern, list[int]] | None:
        if not patterns:
            return None
        phrase = self._phrase(token) if any(p.words for p in patterns) else []
        themes = self._theme(token) if any(p.literal < p.specificity for p in patterns) else set()
        best: tuple[Pattern, list[int]] | None = None
        for pattern in patterns:
            used = [token.i]
            for word in pattern.words:
                # A word class stands for what is acted on ("sent @forces"), so it fits only the
                # object: "dispatched warships to waters off X" sends no water.
                hit = next((t.i for t in phrase if t.i not in used and t.i not in consumed
                            and self.lexicon.fits(word, t.lemma.lower(), t.text.lower())
                            and (not word.startswith(CLASS_MARK) or t.i in themes)
                            and (word not in PARTICLES or self._governed(t, token, used))), None)
                if hit is None:
                    break
                used.append(hit)
            else:
                # Equally specific, a pattern of words beats one of word classes, and a user's
                # pattern overrides the built-in one.
                if best is None or (pattern.specificity, pattern.literal, not pattern.built_in) > (
                        best[0].specificity, best[0].literal, not best[0].built_in):
                    best = (pattern, used)
        return best

    def _hyphenated_match(self, token: Token, index: dict[str, list[Pattern]],
                          consumed: set[int]) -> tuple[Pattern, list[int]] | None:
        """A hyphenated word of the lexicon ending in this token wins over its last part alone."""
        split = self._hyphenated(token)
        match = self._match(token, index.get(split[0], []), consumed) if split is not None else None
        return (match[0], match[1] + split[1]) if match is not None and split is not None else None

    def _theme(self, verb: Token) -> set[int]:
        """The words of what a verb acts on: its object (or passive subject), their conjuncts
        and compounds, and what a quantity counts ("thousands of troops", "tonnes of food")."""
        found: set[int] = set()
        stack = [child for child in self.children.get(verb.i, [])
                 if child.dep in {"dobj", "dative"} | PASSIVE_SUBJECTS]
        while stack and len(found) < 60:
            current = stack.pop()
            if current.i in found:
                continue
            found.add(current.i)
            for child in self.children.get(current.i, []):
                if child.dep in ("conj", "compound", "appos") or (
                        child.dep == "prep" and child.lemma.lower() == "of") or (
                        child.dep == "pobj" and current.lemma.lower() == "of"):
                    stack.append(child)
        return found

    def _sporting(self, token: Token) -> bool:
        """Whether a word of force is told of a game: a word of sport in its own phrase or in the
        clause of the verb it hangs from ("beat Chile in a friendly match", "the clash in the
        Cup qualifier ended goalless")."""
        heads = [token]
        governor = self._governor(token) if token.pos in ("NOUN", "PROPN") else None
        if governor is not None:
            heads.append(governor)
        return any(word.pos in ("NOUN", "PROPN") and (word.lemma.lower() in SPORTS_WORDS
                                                      or word.text.lower() in SPORTS_WORDS)
                   for head in heads for word in self._phrase(head))

    def _joint_actions(self, tokens: list[Token], found: list[Found]) -> list[Found]:
        """"Kenyan and Ethiopian troops carried out joint patrols", "X and Y are jointly
        building a tunnel": parties of two or more countries who act together cooperate with
        each other, beside whatever else the act is (an arrest made jointly is still an arrest)."""
        shared = {event.anchor for event in found if event.pattern.code[:2] in SHARED_ROOTS}
        joint: list[Found] = []
        for verb in tokens:
            if verb.pos != "VERB" or verb.i in shared or verb.lemma.lower() in SPEECH:
                continue
            children = self.children.get(verb.i, [])
            marker = next((c.i for c in children if c.dep == "advmod" and c.lemma.lower() in JOINT_ADVERBS), None)
            # A joint noun after a preposition says how the act was done ("in a joint raid"),
            # unless it is what the act is about ("agreed to a joint review").
            nouns = [c for c in children if c.dep in OBJECTS] + [
                o for c in children if c.dep == "prep" and c.lemma.lower() in JOINT_MANNER
                for o in self.children.get(c.i, []) if o.dep == "pobj"]
            for noun in nouns:
                if marker is None and noun.lemma.lower() not in JOINT_SPEECH:
                    marker = next((m.i for m in self.children.get(noun.i, [])
                                   if m.dep == "amod" and m.lemma.lower() in JOINT_ADJECTIVES), None)
            if marker is None:
                continue
            subjects = [c for c in children if c.dep in SUBJECTS]
            parties = self._actors(subjects[0]) if subjects else self._inherited_subject(verb)
            parties += [actor for holder in [verb] + nouns for child in self.children.get(holder.i, [])
                        if child.dep == "prep" and child.lemma.lower() == "with"
                        for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                        for actor in self._actors(obj)]
            parties = unique_actors([a for a in parties if a.country])
            if len({a.country for a in parties}) < 2:
                continue
            pattern = Pattern(code=COOPERATION_CODE, kind="verb", trigger=verb.lemma.lower(), words=(),
                              mutual=True, origin="joint action")
            joint.append(Found(pattern=pattern, trigger=[verb.i], sources=parties, targets=[],
                               anchor=verb.i, between=True, extra_evidence=[marker]))
        return joint

    def _governed(self, particle: Token, trigger: Token, used: list[int]) -> bool:
        """Whether a preposition or particle belongs to the pattern: it hangs from the trigger,
        from a word of the pattern already found, or from the trigger's object ("imposed
        sanctions on X"), and not from a noun deep in the phrase ("a connection to the grid")."""
        if particle.tag == "RP" and particle.i == trigger.i + 1:
            return True  # "handed over 500 prisoners", parsed as "over 500" (more than 500)
        if particle.dep not in PARTICLE_RELATIONS:
            return False
        if particle.head in used:
            return True
        head = self.tokens[particle.head]
        return head.head == trigger.i and head.dep in OBJECTS

    def _verb_event(self, verb: Token, pattern: Pattern, used: list[int]) -> Found | None:
        sources, targets = self._verb_arguments(verb, set(used))
        if verb.lemma.lower() in RECEIVING and pattern.words:
            # "received weapons from the government": the giver is the source.
            heads = [verb] + [c for c in self.children.get(verb.i, []) if c.dep == "dobj"]
            givers = [actor for head in heads for actor in self._from_actors(head)]
            if givers:
                sources, targets = givers, [t for t in sources if t not in givers]
        children = self.children.get(verb.i, [])
        if verb.lemma.lower() in RECEIVING and not pattern.words:
            # "received ministers from the Georgian government": the visitors come from there.
            origins = [actor.country for actor in self._from_actors(verb) if actor.country]
            if origins:
                origin = origins[0]
                targets = [replace(t, code=origin + (t.sector or ""), country=origin, type="group")
                           if t.type == "agent" and t.country is None else t for t in targets]
        if verb.lemma.lower() in RECEIVING and not pattern.words and any(
                child.dep == "dobj" and child.pos != "PRON" and child.i not in self.actor_at
                and self._sector(child) is None for child in children):
            # "received no information", "were receiving care": what is received is a thing,
            # not a visitor, so there is no hosting.
            return None
        if not pattern.words and pattern.built_in and pattern.trigger in ARGUMENT_VERBS and not any(
                child.dep in ("ccomp", "xcomp") or (child.dep in OBJECTS and self._actors(child))
                for child in children):
            return None
        explicit = any(child.dep in SUBJECTS | {"agent"} for child in children)
        if not sources and not explicit:
            sources = [a for a in self._doer_above(verb) if a not in targets]
        root = pattern.code[:2]
        if not sources and not explicit and root in OWN_FORCE_ROOTS:
            # "Thousands of Indian troops were moved to the border": forces moved in the
            # passive, with no one said to move them, are moved by their own side.
            theme = self._theme(verb)
            moved = [actor for child in children if child.dep in PASSIVE_SUBJECTS and child.i in theme
                     and any(i in theme for i in used[1:]) for actor in self._actors(child)]
            if moved:
                sources, targets = moved, [t for t in targets if t not in moved]
        if not sources and not explicit and root in VIOLENT_ROOTS \
                and any(child.dep == "auxpass" for child in children):
            # "a rocket was fired at Gondor from Mordor": the place it came from is the doer.
            sources = [actor for actor in self._from_actors(verb) if actor.type in ("place", "country")]
            targets = [t for t in targets if t not in sources]
        if not targets and root in INCIDENT_STATEMENT_ROOTS:
            # "offered condolences over the bombing in Pelargir", "admitted responsibility for
            # a raid on Arnor": a statement about an incident is aimed at where it
            # happened, as PETRARCH reads the first actor of the phrase.
            targets = [t for t in self._incident_actors(verb, set(used)) if t not in sources]
        if not explicit and not sources and self._harm_gerund(verb):
            # "killed in Israeli tank shelling", parsed as a participle hanging on "tank": the
            # gerund is the event noun, and the noun it hangs on names the doer.
            sources = self._actors(self.tokens[verb.head])
            targets = [t for t in targets if t not in sources]
            if sources:
                return Found(pattern=pattern, trigger=used, sources=sources, targets=targets,
                              anchor=verb.i)
        if not explicit and not targets and verb.dep in ("advcl", "acl", "relcl") and not (
                verb.dep == "advcl" and verb.tag == "VBG" and root not in VIOLENT_ROOTS and sources):
            # "..., killing eight people": an aftermath told by a participle, not a new event;
            # "met in Geneva, discussing trade" is the subject's own act.
            return None
        if verb.dep == "acl" and verb.tag == "VBN" and verb.head != verb.i and not targets:
            # "the estates seized by the United States in 2016": a passive participle that
            # describes a thing tells that thing's past; with no one it was done to (an owner
            # before the noun would be the target), it is no event of the report.
            return None
        if pattern.code.startswith("192"):
            # "retook Mosul from Islamic State militants": the loser of the ground is the
            # target, the ground where it happens.
            losers = [actor for actor in self._from_actors(verb) if actor.type != "place"]
            if losers:
                targets = [t for t in losers if t not in sources]
        if not targets and not pattern.words and pattern.built_in and pattern.trigger in WARNING_VERBS:
            # "Russia could attack within five years, the minister warned": a warning aimed at
            # no one is a statement; the threat, if any, is the clause's own event.
            return None
        each_other = any(self._reciprocal_object(child) for child in children
                         if child.dep in OBJECTS or child.dep == "prep")
        return Found(pattern=pattern, trigger=used, sources=sources, targets=targets, anchor=verb.i,
                      each_other=each_other)

    def _noun_event(self, noun: Token, pattern: Pattern, used: list[int]) -> Found | None:
        children = self.children.get(noun.i, [])
        sources: list[Actor] = []
        targets: list[Actor] = []
        between = False
        for child in children:
            if child.dep == "poss":
                sources += self._actors(child)
            elif child.dep == "prep" and child.lemma.lower() in ("between", "among", "by"):
                for obj in self.children.get(child.i, []):
                    if obj.dep == "pobj":
                        sources += self._actors(obj)
                between = child.lemma.lower() != "by"
            elif child.dep in ("amod", "compound", "nmod") and child.i not in used:
                sources += self._actors(child)
            elif child.dep == "prep" and child.lemma.lower() == "from" and pattern.code[:2] in GIVEN_ROOTS:
                # "criticism from Brazil", "a request from Niger": what is said or given comes
                # from its doer, not from a place it leaves.
                sources += [a for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                            for a in self._actors(obj)]
            elif child.dep == "prep" and child.lemma.lower() == "of" and pattern.code[:2] in OWN_FORCE_ROOTS:
                # "the deployment of Indian troops": the forces deployed or withdrawn are their side's.
                sources += [a for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                            for a in self._actors(obj) if (a.sector or "")[:3] in OWN_FORCE_SECTORS]
        # "the invasion of Ukraine", "the expulsion of diplomats": the "of" object of a noun of
        # coercion or force is who suffers it; of a meeting or a visit it is who takes part.
        prepositions = TARGET_PREPOSITIONS - ({"of"} if pattern.code[:2] not in FORCE_ROOTS else set())
        if pattern.code[:2] in GIVEN_ROOTS:
            prepositions = prepositions - {"from"}
        if not between:
            for child in children:
                if child.dep == "prep" and child.lemma.lower() in prepositions:
                    for obj in self.children.get(child.i, []):
                        if obj.dep == "pobj" and not (child.lemma.lower() in WHERE_PREPOSITIONS
                                                      and self._is_place(obj)):
                            targets += self._actors(obj)
        governor = self._governor(noun)
        if not self._nominal_licensed(noun, governor, between) and not (
                sources and noun.dep in ("nsubj", "nsubjpass") and governor is not None):
            # "The arrest of two journalists by Russian police was confirmed": an event noun that
            # names its own doer is the event, whatever the verb it is the subject of.
            return None
        if governor is not None and not sources:
            if noun.dep in ("nsubj", "nsubjpass"):
                pass
            else:
                subjects = [c for c in self.children.get(governor.i, []) if c.dep in SUBJECTS]
                sources = self._actors(subjects[0]) if subjects else self._inherited_subject(governor)
                agents = [c for c in self.children.get(governor.i, []) if c.dep == "agent"]
                for agent in agents:
                    for obj in self.children.get(agent.i, []):
                        if obj.dep == "pobj":
                            sources = self._actors(obj)
        if governor is not None and not targets and governor.lemma.lower() in LIGHT_VERBS:
            targets = [t for t in self._prepositional_targets(governor, set(used)) if t not in sources]
        if governor is not None and not targets and governor.lemma.lower() in HARM_VERBS \
                and (self.tokens[noun.head].dep == "prep" or noun.dep == "nsubj"):
            # "soldiers were killed in a drone strike by X": the harmed are the strike's targets.
            targets = [t for child in self.children.get(governor.i, [])
                       if child.dep in PASSIVE_SUBJECTS | {"dobj"}
                       for t in self._actors(child) if t not in sources]
        if between and len(sources) >= 2 and not targets:
            return Found(pattern=pattern, trigger=used, sources=unique_actors(sources), targets=[],
                          anchor=noun.i, nominal=True, between=True)
        return Found(pattern=pattern, trigger=used, sources=unique_actors(sources),
                      targets=unique_actors([t for t in targets if t not in sources]), anchor=noun.i,
                      nominal=True)

    def _nominal_licensed(self, noun: Token, governor: Token | None, between: bool) -> bool:
        """An event noun is an event of its own only where the text presents it as one: done by
        someone ("held talks", "launched an attack"), happening ("talks commenced"), between
        parties, or intended ("the possibility of meetings")."""
        if between:
            return True
        if noun.dep == "ROOT" or noun.head == noun.i:
            return True
        head = self.tokens[noun.head]
        if head.lemma.lower() in ("of", "for") and head.head != head.i:
            owner = self.tokens[head.head]
            if owner.lemma.lower() in INTENT_NOUNS:
                return True
            if head.lemma.lower() == "of" and owner.lemma.lower() in EPISODE_NOUNS:
                # "joined the new round of talks": the round stands for the talks.
                return self._nominal_licensed(owner, governor, between)
        if governor is None:
            return False
        lemma = governor.lemma.lower()
        if head.dep == "prep" and head.lemma.lower() in ("in", "by", "during", "after", "from") \
                and lemma in HARM_VERBS:
            return True
        if noun.dep in ("nsubj", "nsubjpass"):
            return lemma in HAPPENING_VERBS or (noun.dep == "nsubj" and lemma in HARM_VERBS)
        if noun.dep == "dobj" and noun.head == governor.i:
            return lemma in LIGHT_VERBS or lemma in INTENT or (
                noun.lemma.lower() in CALLS and lemma in VOICING)
        return False

    def _harm_by_attack(self, verb: Token) -> bool:
        """"A missile strike on Odesa killed five people": the harm is told by the verb, the
        event by its subject, an attack noun."""
        if verb.lemma.lower() not in HARM_VERBS:
            return False
        return any(child.dep == "nsubj" and self._sector(child) is None and any(
            pattern.code[:2] in ASSAULT_ROOTS
            for pattern in self.lexicon.nouns.get(child.lemma.lower(), []))
            for child in self.children.get(verb.i, []))

    def _under_fire(self, verb: Token, consumed: set[int]) -> Found | None:
        """"Peacekeepers came under fire from Georgian forces": the attack is aimed at the
        subject, by whoever the "from" phrase names."""
        if verb.lemma.lower() != "come":
            return None
        for child in self.children.get(verb.i, []):
            if child.dep != "prep" or child.lemma.lower() != "under":
                continue
            for noun in self.children.get(child.i, []):
                if noun.dep != "pobj" or noun.lemma.lower() not in UNDER_FIRE:
                    continue
                patterns = self.lexicon.nouns.get(noun.lemma.lower(), [])
                pattern = next((p for p in patterns if p.code[:2] in ASSAULT_ROOTS), None) or Pattern(
                    code=FIRE_CODE, kind="noun", trigger=noun.lemma.lower(), words=(), origin="under fire")
                subjects = [c for c in self.children.get(verb.i, []) if c.dep in SUBJECTS]
                targets = self._actors(subjects[0]) if subjects else []
                sources = self._from_actors(verb) + self._from_actors(noun)
                consumed.update((verb.i, noun.i))
                return Found(pattern=pattern, trigger=[verb.i, child.i, noun.i],
                              sources=[a for a in sources if a not in targets], targets=targets,
                              anchor=verb.i)
        return None

    def _prevented(self, verb: Token) -> bool:
        """"barred warships from returning": what is prevented does not happen."""
        if verb.dep != "pcomp" or verb.head == verb.i:
            return False
        preposition = self.tokens[verb.head]
        return preposition.lemma.lower() == "from" and preposition.head != preposition.i \
            and self.tokens[preposition.head].lemma.lower() in PREVENTING

    def _turned_down(self, word: Token) -> bool:
        """"rejected calls for a ceasefire", "dismissed demands for a withdrawal", "turned down
        a proposal for a truce", "declined an offer to mediate": what others call for or offer,
        turned down by the subject, is no act or intent of the subject's."""
        if word.head == word.i:
            return False
        if word.dep == "pobj":
            preposition = self.tokens[word.head]
            if preposition.lemma.lower() not in ("for", "of") or preposition.head == preposition.i:
                return False
            call = self.tokens[preposition.head]
        elif word.dep in ("acl", "relcl") and word.pos in ("VERB", "AUX") and any(
                c.dep == "aux" and c.lemma.lower() == "to" for c in self.children.get(word.i, [])):
            call = self.tokens[word.head]
        else:
            return False
        if call.lemma.lower() not in CALLS or call.dep != "dobj" or call.head == call.i:
            return False
        verb = self.tokens[call.head]
        return verb.lemma.lower() in DENYING | TURNING_DOWN or (
            verb.lemma.lower() == "turn" and any(c.dep == "prt" and c.lemma.lower() == "down"
                                                 for c in self.children.get(verb.i, [])))

    def _request(self, verb: Token, match: tuple[Pattern, list[int]] | None,
                 consumed: set[int]) -> Found | None:
        """"Congress asked Obama to help Iran": an appeal to the one asked; what they are asked
        to do is not their act, so the clause is taken up by the appeal."""
        if verb.lemma.lower() not in REQUEST_VERBS:
            return None
        children = self.children.get(verb.i, [])
        clause = next((c for c in children if c.dep in ("xcomp", "ccomp") and c.pos in ("VERB", "AUX")
                       and not any(g.dep in SUBJECTS for g in self.children.get(c.i, []))), None)
        objects = [actor for c in children if c.dep in ("dobj", "dative") for actor in self._actors(c)]
        if clause is None and not objects:
            # "wants Gondor to withdraw": the parser often makes the one asked the subject of a
            # to-infinitive clause rather than the object of the asking.
            for candidate in children:
                parts = self.children.get(candidate.i, [])
                if candidate.dep == "ccomp" and candidate.pos in ("VERB", "AUX") and any(
                        p.dep == "aux" and p.lemma.lower() == "to" for p in parts):
                    asked = [a for p in parts if p.dep in SUBJECTS for a in self._actors(p)]
                    if asked:
                        clause, objects = candidate, asked
                        break
        if clause is None or not objects:
            return None
        if match is not None and match[0].code[:2] == APPEAL_ROOT and match[0].words:
            pattern, used = match
        else:
            pattern = Pattern(code=APPEAL_CODE, kind="verb", trigger=verb.lemma.lower(), words=(),
                              origin="request")
            used = [verb.i]
        consumed.update(used)
        consumed.update(t.i for t in [clause] + self._phrase(clause) if t.pos in ("VERB", "AUX"))
        subjects = [c for c in children if c.dep in SUBJECTS]
        sources = self._actors(subjects[0]) if subjects else self._inherited_subject(verb)
        return Found(pattern=pattern, trigger=used, sources=sources,
                      targets=others(unique_actors(objects), sources), anchor=verb.i)

    def _accusations(self, found: list[Found]) -> tuple[list[Found], set[int]]:
        """"Gondor said Mordor had attacked Ithilien": a speaker who reports another party's
        violence accuses that party (CAMEO 112), as PETRARCH codes it; "Mordor admitted it had
        raided Ithilien" is a claim of responsibility (015). Returns the new events and the anchors of the
        reported deeds they take up."""
        accusations: list[Found] = []
        told: set[int] = set()
        seen: set[tuple[int, str, str]] = set()
        for event in found:
            if event.pattern.code[:2] not in VIOLENT_ROOTS or not event.sources:
                continue
            if self._conditions(self.tokens[event.anchor]):
                # "said the navy might fire on X boats if ...": force held out on a condition is
                # a threat (coded with the deed), not a report of force used.
                continue
            speech = next((verb for verb, relation in self._clause_chain(self.tokens[event.anchor])[:3]
                           if relation == "ccomp" and verb.lemma.lower() in SPEECH | CLAIMING | {"accuse"}
                           and verb.i < event.anchor), None)
            if speech is None:
                continue
            subjects = [c for c in self.children.get(speech.i, []) if c.dep in SUBJECTS]
            speakers = self._actors(subjects[0]) if subjects else []
            if not speakers:
                continue
            speaker_countries = {a.country or a.code for a in speakers}
            # A state's own unnamed forces ("officials said the army had shelled ...") are not
            # accused by it.
            state = all(self._state_side(a) for a in speakers)
            accused = [a for a in event.sources
                       if not a.resolved_pronoun and (a.country or a.code) not in speaker_countries
                       and not (state and self._unnamed_force(a))]
            if accused:
                code = ACCUSE_AGGRESSION if event.pattern.code[:2] in ("18", "19", "20") else ACCUSE_CODE
                sides = accused
                origin = "accusation"
            elif speech.lemma.lower() in CLAIMING and event.targets:
                # The speaker tells of its own deed: a claim of responsibility for it.
                code, sides, origin = CLAIM_CODE, event.targets, "claim"
            else:
                continue
            if len(accused) == len(event.sources) or origin == "claim":
                told.add(event.anchor)
            sides = [a for a in sides if (speech.i, code, a.identity) not in seen]
            seen.update((speech.i, code, a.identity) for a in sides)
            if not sides:
                continue
            pattern = Pattern(code=code, kind="verb", trigger=speech.lemma.lower(), words=(),
                              origin=origin)
            accusations.append(Found(pattern=pattern, trigger=[speech.i], sources=speakers,
                                      targets=sides, anchor=speech.i,
                                      extra_evidence=list(event.trigger)))
        return accusations, told

    @staticmethod
    def _unnamed_force(actor: Actor) -> bool:
        """Whether an actor is an army, navy, police or other force with no country named."""
        return actor.type == "agent" and actor.country is None \
            and (actor.sector or "")[:3] in OWN_FORCE_SECTORS

    @staticmethod
    def _state_side(actor: Actor) -> bool:
        """Whether an actor speaks for a state: a country, its government, army, police, courts."""
        return actor.type == "country" or (actor.sector or "")[:3] in AUTHORITIES | OWN_FORCE_SECTORS

    def _speaker_country(self, verb: Token) -> str | None:
        """The one country of the state side that says what a verb tells ("Thai officials said
        the army had ..."), from the first verb of speech above it."""
        for head, relation in self._clause_chain(verb)[:3]:
            if relation == "ccomp" and head.lemma.lower() in SPEECH and head.i < verb.i:
                subjects = [c for c in self.children.get(head.i, []) if c.dep in SUBJECTS]
                speakers = self._actors(subjects[0]) if subjects else []
                countries = {a.country for a in speakers if a.country and self._state_side(a)}
                return countries.pop() if len(countries) == 1 else None
        return None

    def _conditions(self, verb: Token) -> list[Token]:
        """The "if" or "unless" clauses of a verb or of the verbs it hangs from, a few steps up."""
        clauses: list[Token] = []
        current = verb
        for _ in range(CONDITION_DEPTH):
            clauses += [clause for clause in self.children.get(current.i, [])
                        if clause.dep == "advcl" and any(
                            mark.dep == "mark" and mark.lemma.lower() in CONDITION_MARKS
                            for mark in self.children.get(clause.i, []))]
            if current.head == current.i:
                break
            current = self.tokens[current.head]
        return clauses

    def _refusal(self, verb: Token) -> Found | None:
        """"Lavrov reiterated that a ceasefire was not an option": a rejection by the speaker."""
        if verb.lemma.lower() not in SPEECH:
            return None
        for clause in self.children.get(verb.i, []):
            if clause.dep != "ccomp":
                continue
            parts = self.children.get(clause.i, [])
            negated = any(p.dep == "neg" or p.lemma.lower() in NEGATIONS for p in parts)
            predicates = [p for p in parts if p.dep in ("attr", "acomp")]
            refused = any(p.lemma.lower() in UNACCEPTABLE for p in predicates) or (
                negated and any(p.lemma.lower() in REFUSED_OPTIONS for p in predicates))
            if clause.lemma.lower() == "be" and refused:
                subjects = [c for c in self.children.get(verb.i, []) if c.dep in SUBJECTS]
                sources = self._actors(subjects[0]) if subjects else []
                pattern = Pattern(code=REJECT_CODE, kind="verb", trigger=verb.lemma.lower(),
                                  words=(), origin="refusal")
                evidence = [clause.i] + [p.i for p in predicates]
                return Found(pattern=pattern, trigger=[verb.i], sources=sources, targets=[],
                              anchor=verb.i, extra_evidence=evidence)
        return None
