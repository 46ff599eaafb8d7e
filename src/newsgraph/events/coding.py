"""Coding: each found event as CAMEO and PLOVER codes with its actors, modality, place, date and evidence."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from newsgraph.errors import Messages
from newsgraph.events.cameo import QUAD_CLASSES, EventCode
from newsgraph.events.extraction import ClauseReader
from newsgraph.events.learned import LEARNED, learned_events
from newsgraph.events.location import PlaceReader, place_record
from newsgraph.events.modality import ModalityReader
from newsgraph.events.records import Actor, Found
from newsgraph.events.vocabulary import (AIMED_PREPOSITIONS, ARMS_AID_CODE, DEPLOY_CODE,
                                         DESTINATION_PREPOSITIONS, ARMED_SECTORS, ASSAULT_ROOTS, AUTHORITIES,
                                         BEARINGS, BOUNDARY_NOUNS, BOUNDARY_PREPOSITIONS, CALLING_ROOTS,
                                         CONFIDENCE_BASE, CONFIDENCE_CEILING, CONFIDENCE_NOMINAL,
                                         CONFIDENCE_PER_ACTOR, CONFIDENCE_PER_WORD, CONFIDENCE_PRONOUN,
                                         DEMAND_NOUNS,
                                         DEMAND_OWNER_PREPOSITIONS, THREAT_ROOT,
                                         EXCHANGE_WORDS, EXPULSION, FORCE_ROOTS, INTENT_CODES,
                                         INTENT_RECODING, JUDICIAL_HANDOVER, LEAVING_CODES,
                                         LEFT_ORGANISATION_CODE, LEFT_PREPOSITIONS, ORGANISATION_PREFIX,
                                         OWN_FORCE_ROOTS, CIVILIANS, CROWD_NOUNS, PROTEST_ROOT,
                                         CIVILIAN_PROTEST_CODES, CIVILIAN_SECTORS, GATHERING_VERBS,
                                         OBSTRUCTION, STATE_BLOCKADE,
                                         OWN_FORCE_SECTORS, PLACE_PREPOSITIONS, PROTEST_CROWDS,
                                         REFUSAL_CODES, RIOT_CODES, SHARED_ROOTS, SPEECH, SUBJECTS,
                                         TOPIC_VERBS, UNSHARED_CODES, VIOLENT_ROOTS, WITHDRAWAL)
from newsgraph.schema import Entity, Sentence, Token


class Coder(ClauseReader, ModalityReader, PlaceReader):
    """Codes the events of one parsed article."""

    def events(self) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        for sentence in self.parse.sentences:
            if sentence.kind != "sentence":
                continue
            size = sentence.last_token - sentence.first_token
            if size > self.max_tokens:
                self.skipped.append(Messages.EVENTS_SENTENCE_SKIPPED.format(
                    sentence=sentence.index, tokens=size, limit=self.max_tokens))
                continue
            coded: list[dict[str, Any]] = []
            adjunct: list[dict[str, Any]] = []
            for found in self._found(sentence):
                emitted = self._emit(found, sentence)
                if self.require == "dyad" and self._in_adjunct(found.anchor):
                    adjunct.extend(emitted)
                else:
                    coded.extend(emitted)
            # PETRARCH's coders code a sentence's main events; an event in an adverbial,
            # relative or participial clause counts only when the main clause has none.
            coded = coded or adjunct
            events.extend(without_echoes(coded))
        for number, event in enumerate(events, 1):
            event["id"] = f"ev{number}"
        return events

    def _found(self, sentence: Sentence) -> list[Found]:
        """The lexicon's events of a sentence, the detector's, or both (``events.detector``)."""
        found = self._sentence(sentence) if self.detector_mode != "learned" else []
        if self.detector is not None and self.detector_mode != "lexicon":
            found += learned_events(self, sentence, found, self.detector,
                                    threshold=self.detector_threshold)
        return found

    def _emit(self, found: Found, sentence: Sentence) -> list[dict[str, Any]]:
        sources, targets = found.sources, found.targets
        sources = self._one_per_country([a for a in sources if a.code or a.country])
        targets = self._one_per_country([self._capital_government(a, found.pattern.code)
                                         for a in targets if a.code or a.country])
        if not targets:
            targets = self._demand_owners(found, {a.identity for a in sources})
        if self.require != "dyad" and sources and all(self._unnamed_force(a) for a in sources):
            # "Thai officials said the army had shelled ...": the speaker's own forces.
            country = self._speaker_country(self.tokens[found.anchor])
            if country is not None:
                sources = [replace(a, country=country, code=country + (a.sector or ""),
                                   confidence=a.confidence * 0.8) for a in sources]
        if found.pattern.code[:2] in OWN_FORCE_ROOTS:
            # "agreed to withdraw troops", "deployed soldiers": forces with no owner named,
            # moved by the subject, are its own, not a party.
            # "put its troops on alert", "pulled its soldiers back": the source's own forces too.
            doers = {a.country for a in sources if a.country} | {a.identity for a in sources}
            targets = [t for t in targets if not (
                (t.sector or "")[:3] in OWN_FORCE_SECTORS
                and ((t.type == "agent" and t.country is None) or t.country in doers
                     or t.identity in doers))]
        homeless = self.require != "dyad" and any(self._homeless(a) for a in sources + targets)
        home = self._home(found, sentence) if homeless else None
        if homeless and home is None:
            # "The junta rejected talks with the opposition": facing a country's own
            # authorities, unnamed opposition, police or students are that country's.
            home = self._authority_country(sources, targets)
        if home is not None:
            # "Police dispersed farmers in Nairobi": unnamed police, farmers, students or
            # protesters acting in a country are that country's, with less confidence.
            # PETRARCH leaves them without a country, so the comparison mode does too.
            sources = [self._at_home(a, home) for a in sources]
            if not found.pattern.code.startswith((EXPULSION, JUDICIAL_HANDOVER)):
                # Those expelled, deported or extradited are no people of the country doing it.
                targets = [self._at_home(a, home) for a in targets]
        if not sources and targets and self.require == "dyad" \
                and found.pattern.code[:2] in VIOLENT_ROOTS:
            # PETRARCH reads "soldiers of Rohan were killed in Gondor" as Gondor's deed: with no
            # doer named, the country where foreigners were harmed stands in.
            where = self._location_entity(found, sentence, {a.entity for a in targets if a.entity})
            if where is not None and where[1] == "attached" and where[0].country \
                    and all(t.country and t.country != where[0].country for t in targets):
                sources = [self._place_actor(where[0], sentence, confidence=0.5)]
        if not sources and found.pattern.code[:2] == PROTEST_ROOT and self.require != "dyad":
            # "Thousands of people marched", "Hundreds rallied": a crowd told by its number is
            # unnamed civilians, who belong where they protest.
            crowd = self._crowd(found)
            if crowd is not None:
                sources = [crowd]
                home = self._home(found, sentence) or self._authority_country(sources, targets)
                if home is not None:
                    sources = [self._at_home(crowd, home)]
        if not sources and (self.require != "any" or not targets):
            return []
        code = self.codebook.nearest(found.pattern.code)
        if code is None:
            return []
        if code.code.startswith("182") and any((t.sector or "") in ARMED_SECTORS for t in targets):
            # CAMEO's assault (18) is unconventional violence; killing or wounding soldiers or
            # fighters is fighting with military force (19).
            code = self.codebook.get("190") or code
        elif code.code in RIOT_CODES and sources and all(self._protesters(a) for a in sources):
            # "Protesters stormed the parliament", "demolished a building": a protest's violence
            # is a riot (145), though weapons of war ("launched missiles") stay what they are.
            code = self.codebook.get("145") or code
        elif code.code == ARMS_AID_CODE and not targets and self._sent_to_a_place(found):
            # "sent fighter jets to the eastern Mediterranean": arms sent to a place, with no
            # party to receive them, are forces deployed (154), not military aid.
            code = self.codebook.get(DEPLOY_CODE) or code
        elif code.code.startswith(LEAVING_CODES) and targets \
                and all((t.code or "").startswith(ORGANISATION_PREFIX) for t in targets):
            # "pulled out of the OAS", "announced its withdrawal from the ICC": a country leaving
            # an organisation or treaty body reduces relations with it (PLOVER's SANCTION,
            # mode withdraw), no forces retreat.
            code = self.codebook.get(LEFT_ORGANISATION_CODE) or code
        elif code.code[:3] in CIVILIAN_PROTEST_CODES and sources and all(self._civilians(a) for a in sources) \
                and (code.code[:3] != "040" or found.pattern.trigger in GATHERING_VERBS):
            # "Farmers blocked the port", "protesters gathered outside the embassy", "students
            # occupied the rector's office": unarmed civilians gathering, rallying against,
            # blocking or occupying protest (demonstration, obstruction).
            code = self.codebook.get(CIVILIAN_PROTEST_CODES[code.code[:3]]) or code
        elif code.code.startswith(OBSTRUCTION) and sources and all(
                (a.sector or "")[:3] in AUTHORITIES | OWN_FORCE_SECTORS for a in sources):
            # "Police blocked the road to the airport": a state's side closing a way restricts
            # movement (191); a blockade is a protest only when civilians raise it.
            code = self.codebook.get(STATE_BLOCKADE) or code
        elif code.code == "183" and any((a.sector or "").startswith("MIL") or a.type == "country"
                                        for a in sources):
            # 183 is non-military bombing; an army's or a state's bombing is aerial weapons (195).
            code = self.codebook.get("195") or code
        shared = (code.root in SHARED_ROOTS and code.code[:3] not in UNSHARED_CODES) \
            or found.pattern.mutual or found.each_other or self._exchange(found)
        pairs: list[tuple[Actor | None, Actor | None, bool]] = []
        # "held talks with Y" is shared; "X met with Y", told with X as the doer, is X's act.
        # "held talks with Y" names the shared event with a light verb, as the noun does.
        nominal = found.nominal or any(word in self.lexicon.nouns for word in found.pattern.words)
        with_target = nominal and any(self._introduced_by(t, "with") for t in targets)
        mutual = found.between or (found.pattern.mutual and (with_target or not targets))
        if shared and len({source.country for source in sources}) >= 2:
            # "American and Russian delegations met in the Saudi capital": parties of several
            # countries meeting somewhere act with each other; the place is the venue.
            targets = [target for target in targets
                       if not (target.type in ("country", "place")
                               and self._introduced_by(target, PLACE_PREPOSITIONS))]
        if not targets and len(sources) >= 2 and (shared or self._shared_object(found)):
            # "Gondor and Osgiliath renewed ties", "X and Y postponed their meeting": parties
            # named together, with no one else, cooperate with each other.
            mutual = True
        if mutual and len(sources) >= 2 and not targets:
            for left in range(len(sources)):
                for right in range(left + 1, len(sources)):
                    pairs.append((sources[left], sources[right], True))
        else:
            no_actor: list[Actor | None] = [None]
            for source in sources or no_actor:
                for target in targets or no_actor:
                    if source is not None and target is not None and source.identity == target.identity:
                        continue
                    pairs.append((source, target, mutual and source is not None and target is not None))
        if not pairs:
            return []
        negated, modality, intent_word = self._modality(found)
        action = code
        # "The meeting did not take place" did not happen; no one is said to have refused it.
        happening = found.nominal and self.tokens[found.anchor].dep in ("nsubj", "nsubjpass")
        if negated and code.quad_class <= 2 and not self._denied(found) and not happening:
            code = self._recode(code.code, REFUSAL_CODES) or code
        elif modality == "intended" and intent_word in INTENT_RECODING:
            code = self._recode(code.code, INTENT_CODES) or code
        elif modality in ("future", "hypothetical") and (self._own_announcement(found) or (
                action.root in FORCE_ROOTS and self._conditions(self.tokens[found.anchor]))):
            # Force held out on a condition ("could use force if ..."), whoever tells it, is a threat.
            # "Gondor said it would release the detainees": CAMEO codes a party's statement of
            # what it will do as an intent (03x, or 13x for violence), not as the act.
            code = self._recode(code.code, INTENT_CODES) or code
        date = self._date(found, sentence, future=modality in ("future", "intended")
                          or (modality in ("factual", "reported") and self._scheduled(found)))
        if modality in ("factual", "reported") and self._ahead(date["date"]):
            # "flies to Beijing next week": dated after the report, it has not happened yet.
            modality = "future"
        sentence_span = _span(self.text, sentence.start, sentence.end)
        trigger_tokens = sorted(found.trigger)
        trigger_text = " ".join(self.tokens[i].text for i in trigger_tokens)
        results = []
        if all(target is None for _, target, _ in pairs):
            # CAMEO codes the country where an undirected action happens as its target:
            # "protested in Beijing", "conducting exercises in Alaska"; the venue of an event
            # noun ("talks in Vienna") is only where it happens, unless going there is the
            # event (a visit, hosting, attending a summit).
            where = self._location_entity(found, sentence, {a.entity for a in sources if a.entity})
            # Cooperation done somewhere ("signed an agreement in Geneva") is not aimed at it.
            # An appeal or a demand for something somewhere ("a truce in Sudan") is aimed at
            # that country, even where the thing called for is an event noun with a venue.
            if where is not None and where[1] == "attached" and where[0].country \
                    and (action.code[:3] in UNSHARED_CODES or action.root in CALLING_ROOTS or (
                        action.root not in SHARED_ROOTS and not self._event_venue(where[0], sentence))):
                place, _ = where
                target_actor = self._place_actor(place, sentence, confidence=0.6)
                placed: list[tuple[Actor | None, Actor | None, bool]] = [
                    (source, target_actor, False) for source, _, _ in pairs
                    if source is None or source.country != place.country]
                # "Georgians rallied in Tbilisi": at home the place is no other party, and the
                # action stays without a target.
                pairs = placed or pairs
        strict = self.require != "dyad"
        if all(target is None for _, target, _ in pairs) and not (strict and action.root in SHARED_ROOTS):
            # PETRARCH takes the first actor after the verb: "attend a summit on the unrest in
            # Iran" is aimed at Iran, "struck a depot near the Syrian city of Homs" at Syria.
            # Only a country named inside what is acted on counts, not the doer's own; outside
            # PETRARCH's mode, nor the venue of an event noun ("a meeting in Lisbon"), a place a
            # bearing is taken from ("north of Lima"), or the place of a shared action.
            inner = self._object_country(found, {a.entity for a in sources if a.entity}, strict=strict)
            if inner is None and action.root not in SHARED_ROOTS:
                # "massed troops near the Finnish frontier", "its border with Serbia": forces
                # moved to a border face the country beyond it.
                inner = self._boundary_country(found, {a.country for a in sources if a.country})
            if inner is None and (action.root in FORCE_ROOTS or action.root == THREAT_ROOT):
                # "would use force if Ethiopia kept filling the dam": force held out on a
                # condition is aimed at the party whose conduct the condition names.
                inner = self._condition_party(found, {a.country for a in sources if a.country})
            if inner is not None:
                pairs = [(source, inner, False) for source, _, _ in pairs
                         if source is None or source.country != inner.country] or pairs
        if self.require == "dyad":
            # PETRARCH's convention: an event needs both a source and a target.
            pairs = [pair for pair in pairs if pair[0] is not None and pair[1] is not None]
            if not pairs:
                return []
        own = len(pairs)
        reciprocal = self.codebook.get(found.pattern.reciprocal) if found.pattern.reciprocal else None
        if reciprocal is not None:
            # "flew to Edoras": a visit by the source is a visit hosted by the target.
            pairs += [(target, source, False) for source, target, is_mutual in list(pairs)
                      if source is not None and target is not None and not is_mutual]
        for number, (source, target, is_mutual) in enumerate(pairs):
            event_code = reciprocal if reciprocal is not None and number >= own else code
            used = {a.entity for a in (source, target) if a is not None and a.entity}
            location = self._location(found, sentence, used)
            confidence = CONFIDENCE_BASE + CONFIDENCE_PER_WORD * min(2, found.pattern.specificity)
            for actor in (source, target):
                if actor is not None:
                    confidence += CONFIDENCE_PER_ACTOR * actor.confidence
                    if actor.resolved_pronoun:
                        confidence -= CONFIDENCE_PRONOUN
            if found.nominal:
                confidence -= CONFIDENCE_NOMINAL
            if found.detector_confidence is not None:
                # A learned event: the detector's probability for its type, which is calibrated
                # (see docs/models/events.md), stands for the whole event.
                confidence = found.detector_confidence
            evidence = [sentence_span] + [_span(self.text, self.tokens[i].start, self.tokens[i].end)
                                          for i in trigger_tokens + found.extra_evidence]
            evidence += [_span(self.text, a.start, a.end) for a in (source, target) if a is not None]
            plover = event_code.plover
            event: dict[str, Any] = {
                "id": "",
                "key": "",
                "sentence": sentence.index,
                "source": source.as_dict() if source else None,
                "target": target.as_dict() if target else None,
                "mutual": is_mutual,
                "cameo": event_code.code,
                "cameo_name": event_code.name,
                "action": action.code if number < own else event_code.code,
                "root": event_code.root,
                "base": event_code.base,
                "quad_class": event_code.quad_class,
                "quad_class_name": QUAD_CLASSES[event_code.quad_class],
                "goldstein": event_code.goldstein,
                "plover": {"event": plover.event, "mode": plover.mode, "context": plover.context}
                if plover else None,
                "location": location,
                **date,
                "negated": negated,
                "modality": modality,
                "factual": modality == "factual" and not negated,
                "trigger": trigger_text,
                "nominal": found.nominal,
                "detector": "learned" if found.pattern.origin == LEARNED else "lexicon",
                "target_inferred": found.inferred_target and target is not None,
                "evidence": _dedupe_spans(evidence),
                "confidence": round(max(0.05, min(CONFIDENCE_CEILING, confidence)), 3),
            }
            event["key"] = event_key(event)
            results.append(event)
        return results

    def _crowd(self, found: Found) -> Actor | None:
        """The unnamed civilians of a crowd that is the subject of a protest ("thousands of people",
        "hundreds", "large crowds"), or none."""
        verb = self.tokens[found.anchor]
        if found.nominal and verb.dep == "dobj":
            verb = self.tokens[verb.head]  # "staged a sit-in": the light verb's subject
        if verb.dep == "conj" and not any(c.dep in SUBJECTS for c in self.children.get(verb.i, [])):
            verb = self.tokens[verb.head]
        for child in self.children.get(verb.i, []):
            if child.dep not in SUBJECTS or child.i in self.actor_at:
                continue
            counted = self._counted(child)
            words = {child.lemma.lower(), (counted or child).lemma.lower()}
            if words & CROWD_NOUNS:
                return Actor(name=self._text(child), code=CIVILIANS, country=None,
                             sector=CIVILIANS, entity=None, start=child.start, end=child.end,
                             confidence=0.6)
        return None

    def _demand_owners(self, found: Found, taken: set[str]) -> list[Actor]:
        """Whoever made the demand, call or pressure an event acts on ("bowed to opposition
        demands", "accepted the doctors' demands", "gave in to pressure from traders"): the one
        yielded to or turned down. Unnamed people are given a country later, as any target."""
        heads = [self.tokens[found.anchor]] + [self.tokens[i] for i in found.trigger if i != found.anchor]
        nouns = [child for head in heads for child in self.children.get(head.i, [])
                 if child.dep == "dobj"]
        nouns += [grandchild for head in heads for child in self.children.get(head.i, [])
                  if child.dep == "prep" and child.lemma.lower() == "to"
                  for grandchild in self.children.get(child.i, []) if grandchild.dep == "pobj"]
        owners: list[Actor] = []
        for noun in nouns:
            if noun.lemma.lower() not in DEMAND_NOUNS:
                continue
            for child in self.children.get(noun.i, []):
                if child.dep in ("poss", "compound", "amod", "nmod"):
                    owners += self._actors(child)
                elif child.dep == "prep" and child.lemma.lower() in DEMAND_OWNER_PREPOSITIONS:
                    owners += [actor for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                               for actor in self._actors(obj)]
        return [actor for actor in owners if actor.identity not in taken and (actor.code or actor.country)]

    def _sent_to_a_place(self, found: Found) -> bool:
        """Whether what an event sends goes "to" or "towards" somewhere named (the phrase may
        hang from the verb or from what is sent)."""
        heads = [found.anchor] + [child.i for child in self.children.get(found.anchor, [])
                                  if child.dep == "dobj"]
        return any(child.dep in ("prep", "dative") and child.lemma.lower() in DESTINATION_PREPOSITIONS
                   and any(obj.dep == "pobj" for obj in self.children.get(child.i, []))
                   for head in heads for child in self.children.get(head, []))

    def _condition_party(self, found: Found, own: set[str]) -> Actor | None:
        """The subject of an "if" or "unless" clause of the event's verb or of a verb it hangs
        from, when it is a party of another country than the doer's."""
        for clause in self._conditions(self.tokens[found.anchor]):
            for subject in self.children.get(clause.i, []):
                if subject.dep in SUBJECTS or subject.dep == "nsubjpass":
                    for actor in self._actors(subject):
                        if actor.country and actor.country not in own:
                            return actor
        return None

    def _own_announcement(self, found: Found) -> bool:
        """Whether the event is reported by its own source: "X said it would ..."."""
        for verb, relation in self._clause_chain(self.tokens[found.anchor])[:4]:
            if relation in ("xcomp", "conj", "aux"):
                continue
            if relation != "ccomp" or verb.lemma.lower() not in SPEECH:
                return False
            speakers = [a for c in self.children.get(verb.i, []) if c.dep in SUBJECTS
                        for a in self._actors(c)]
            identities = {a.identity for a in speakers} | {a.country for a in speakers if a.country}
            return bool(speakers) and all(
                a.identity in identities or (a.resolved_pronoun and a.country in identities)
                for a in found.sources)
        return False

    def _one_per_country(self, targets: list[Actor]) -> list[Actor]:
        """"bombed a district of Gondor's capital Minas Tirith" is one attack on Gondor: a place that only
        repeats the country of another target of the same phrase is not a second target; places
        named side by side ("Pelargir and Dol Amroth") stay separate targets."""
        kept: list[Actor] = []
        for actor in targets:
            repeated = actor.country is not None and actor.code == actor.country and any(
                other.country == actor.country for other in kept) and not self._coordinated(actor)
            if repeated:
                continue
            if actor.country is not None and not self._coordinated(actor):
                # A bare place named first gives way to a fuller actor of the same country.
                kept = [other for other in kept if not (
                    other.code == other.country == actor.country and actor.code != actor.country
                    and not self._coordinated(other))]
            kept.append(actor)
        return kept

    def _coordinated(self, actor: Actor) -> bool:
        token = self._phrase_head(actor.start, ("compound", "amod", "poss"))
        if token is None:
            return False
        return token.dep == "conj" or any(child.dep == "conj" for child in self.children.get(token.i, []))

    def _shared_object(self, found: Found) -> bool:
        """Whether the action's object is an event the subjects share: "postponed their meeting"."""
        for child in self.children.get(found.anchor, []):
            if child.dep == "dobj" and child.lemma.lower() in self.lexicon.nouns and any(
                    grandchild.dep == "poss" and grandchild.lemma.lower() in ("their", "they")
                    for grandchild in self.children.get(child.i, [])):
                return True
        return False

    def _exchange(self, found: Found) -> bool:
        """Whether the action is an exchange, done by each party to the other: "swapped prisoners"."""
        return any(self.tokens[i].lemma.lower() in EXCHANGE_WORDS for i in found.trigger)

    def _recode(self, code: str, table: dict[str, str]) -> EventCode | None:
        for key in (code, code[:3], code[:2]):
            if key in table:
                return self.codebook.get(table[key])
        return None

    def _object_country(self, found: Found, used: set[str], *, strict: bool = False) -> Actor | None:
        """The first country named inside the phrase of what an event acts on: the verb's
        direct object, or the "on", "against", "at" or "into" phrase of its trigger words
        ("carried out strikes on power plants across western Ukraine")."""
        anchor = self.tokens[found.anchor]
        if anchor.lemma.lower() in TOPIC_VERBS:
            return None
        heads = [anchor] + [self.tokens[i] for i in found.trigger if i != anchor.i]
        # A withdrawal is aimed at the country it leaves: "pulled back from positions inside X".
        aimed = AIMED_PREPOSITIONS | (LEFT_PREPOSITIONS if found.pattern.code.startswith(WITHDRAWAL)
                                      else frozenset())
        starts = [child for head in heads for child in self.children.get(head.i, [])
                  if (child.dep == "dobj" and head.i == anchor.i)
                  or (child.dep == "prep" and child.lemma.lower() in aimed)
                  or (child.dep == "pobj" and head.i != anchor.i and head.lemma.lower() in aimed)]
        for child in starts:
            stack, inside = [child], []
            while stack:
                current = stack.pop()
                inside.append(current)
                stack.extend(grandchild for grandchild in self.children.get(current.i, [])
                             if not (strict and self._venue_or_bearing(current, grandchild)))
            for token in sorted(inside, key=lambda t: t.i):
                actor = self.actor_at.get(token.i)
                if actor is not None and actor.type in ("country", "place") and actor.country \
                        and actor.entity not in used:
                    return actor
        return None

    def _boundary_country(self, found: Found, own: set[str]) -> Actor | None:
        """The country beyond a border, frontier or coast that an act goes to: named on the
        boundary ("the Guyanese frontier", "Taiwan's coast") or after "with" ("its border with
        Poland"), and not the doer's own."""
        anchor = self.tokens[found.anchor]
        heads = [anchor] + [c for c in self.children.get(anchor.i, []) if c.dep == "advmod"]
        for head in heads:
            for preposition in self.children.get(head.i, []):
                if preposition.dep != "prep" or preposition.lemma.lower() not in BOUNDARY_PREPOSITIONS:
                    continue
                for boundary in self.children.get(preposition.i, []):
                    if boundary.dep != "pobj" or boundary.lemma.lower() not in BOUNDARY_NOUNS:
                        continue
                    named: list[Actor] = []
                    for child in self.children.get(boundary.i, []):
                        if child.dep in ("amod", "compound", "poss", "nmod") and child.i in self.actor_at:
                            named.append(self.actor_at[child.i])
                        elif child.dep == "prep" and child.lemma.lower() in ("with", "of"):
                            named += [actor for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                                      for actor in self._actors(obj)]
                    beyond = [a for a in named if a.country and a.country not in own]
                    if beyond:
                        actor = beyond[0]
                        return replace(actor, code=actor.country, sector=None, type="country") \
                            if actor.type not in ("country", "place") else actor
        return None

    def _venue_or_bearing(self, owner: Token, child: Token) -> bool:
        """Whether a phrase under ``owner`` says where rather than to whom: the place phrase of
        an event noun ("a meeting in Lisbon") or what follows a bearing ("north of Lima"). Where
        force is used ("strikes across western Ukraine") is where it is aimed."""
        if owner.lemma.lower() in BEARINGS:
            return True
        if child.dep != "prep" or child.lemma.lower() not in PLACE_PREPOSITIONS or owner.pos != "NOUN":
            return False
        nouns = self.lexicon.nouns
        patterns = nouns.get(owner.lemma.lower(), []) + nouns.get(owner.text.lower(), [])
        return bool(patterns) and not any(pattern.code[:2] in FORCE_ROOTS for pattern in patterns)

    def _civilians(self, actor: Actor) -> bool:
        """Whether an actor is unarmed civilians: protesters, or unnamed farmers, students,
        workers, residents."""
        return self._protesters(actor) or (
            actor.type in ("agent", "group") and (actor.sector or "")[:3] in CIVILIAN_SECTORS)

    @staticmethod
    def _protesters(actor: Actor) -> bool:
        """Whether an actor is a crowd of protesters ("demonstrators", "Georgian protesters")."""
        return actor.type in ("agent", "group") and any(
            word in actor.name.lower() for word in PROTEST_CROWDS)

    @staticmethod
    def _place_actor(place: Entity, sentence: Sentence, *, confidence: float) -> Actor:
        """A place standing in as an event's party, at its mention in the sentence."""
        mention = next((m for m in place.mentions if m.sentence == sentence.index), place.mentions[0])
        return Actor(name=place.name, code=place.country, country=place.country, sector=None,
                     entity=place.id, start=mention.start, end=mention.end, type="place",
                     confidence=confidence)

    @staticmethod
    def _authority_country(sources: list[Actor], targets: list[Actor]) -> str | None:
        """The one country whose government, police, courts or parliament take part on one
        side while a home-sector agent without a country is on the other."""
        for side, other in ((sources, targets), (targets, sources)):
            countries = {a.country for a in side if a.country and (a.sector or "GOV")[:3] in AUTHORITIES}
            if len(countries) == 1 and any(a.country is None and a.sector != "REB" for a in other):
                return countries.pop()
        return None


def event_key(event: dict[str, Any]) -> str:
    """The key that makes reports of one event one event: actors, root code, day and place.

    A shared action ("X and Y met") has the same key whichever actor is named first.
    """
    def actor(side: dict[str, Any] | None) -> str:
        if not side:
            return "-"
        return str(side.get("code") or side.get("name") or "-")

    left, right = actor(event.get("source")), actor(event.get("target"))
    if event.get("mutual"):
        left, right = sorted((left, right))
    location = event.get("location") or {}
    place = str(location.get("name") or location.get("country") or "-")
    day = str(event.get("date") or "-")
    parts = [left, right, str(event.get("root") or "-"), day, place,
             "neg" if event.get("negated") else str(event.get("modality") or "factual")]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def without_echoes(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop an event that another of the sentence tells more fully: the same source and root,
    but no target ("met with Assad to discuss ..." is one meeting, not a meeting and a talk)."""
    def side(event: dict[str, Any], name: str) -> str | None:
        value = event.get(name)
        return str(value.get("code") or value.get("name")) if value else None

    kept = []
    told: set[tuple[Any, ...]] = set()
    for event in events:
        # "The US commander, General X, held talks": a title and a name are one party.
        telling = (side(event, "source"), side(event, "target"), event.get("cameo"),
                   event.get("trigger"))
        # "killed twelve rebels in clashes": one fight told by a verb and a noun.
        fight = (side(event, "source"), side(event, "target"), str(event.get("root")), "force") \
            if str(event.get("root")) in ASSAULT_ROOTS else None
        if telling in told or fight in told:
            continue
        told.add(telling)
        if fight is not None:
            told.add(fight)
        if event.get("target") is None and any(
                other is not event and other.get("target") is not None
                and side(other, "source") == side(event, "source")
                and other.get("root") == event.get("root") for other in events):
            continue
        kept.append(event)
    return kept


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _dedupe_spans(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[int, int]] = set()
    kept = []
    for span in spans:
        key = (span["start"], span["end"])
        if key not in seen:
            seen.add(key)
            kept.append(span)
    return kept
