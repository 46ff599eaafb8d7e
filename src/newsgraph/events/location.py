"""Location: where an event took place, from the places of its clause and sentence."""

from __future__ import annotations

from typing import Any

from newsgraph.events.parsed import ParsedArticle
from newsgraph.events.records import Found
from newsgraph.events.vocabulary import BEARINGS, OTHER_TIMES, PLACE_PARTS, PLACE_PREPOSITIONS
from newsgraph.schema import Entity, Mention, Sentence, Token


class PlaceReader(ParsedArticle):
    """Reads where a found event took place, and the country its unnamed actors belong to."""

    def _home(self, found: Found, sentence: Sentence) -> str | None:
        """The country of the place where an event happens, when the sentence says so: a place
        attached to the event, or one after "in", "at" or "near"."""
        where = self._location_entity(found, sentence, set())
        if where is None or not where[0].country:
            return None
        place, how = where
        if how == "attached" or (how == "sentence" and any(
                mention.sentence == sentence.index and self._after_place_preposition(mention)
                for mention in place.mentions)):
            return place.country
        return None

    def _location(self, found: Found, sentence: Sentence,
                  used: set[str]) -> dict[str, Any] | None:
        place = self._location_entity(found, sentence, used)
        return place_record(place[0], place[1]) if place is not None else None

    def _location_entity(self, found: Found, sentence: Sentence,
                         used: set[str]) -> tuple[Entity, str] | None:
        anchors = [found.anchor] + [verb.i for verb, rel in self._clause_chain(self.tokens[found.anchor])[:1]
                                    if rel in ("dobj", "nsubj", "nsubjpass") and found.nominal]
        # "bombed targets in southern Lebanon": the place may hang from the object.
        anchors += [child.i for anchor in list(anchors) for child in self.children.get(anchor, [])
                    if child.dep == "dobj"]
        # "called for a truce in Sudan": the place may hang from a word of the pattern.
        anchors += [i for i in found.trigger if i not in anchors]
        for anchor in anchors:
            for child in self.children.get(anchor, []):
                if child.dep == "prep" and child.lemma.lower() in PLACE_PREPOSITIONS:
                    for obj in self.children.get(child.i, []):
                        place = self._place_under(obj)
                        if place is not None and place.id not in used:
                            return place, "attached"
        # "attend the Beijing Olympics": a place naming the object says where the action is.
        for child in self.children.get(found.anchor, []):
            if child.dep == "dobj" and self.actor_at.get(child.i) is None:
                place = next((self.place_at[modifier.i] for modifier in self.children.get(child.i, [])
                              if modifier.dep == "compound" and modifier.i in self.place_at), None)
                if place is not None and place.id not in used:
                    return place, "attached"
        fallback: Entity | None = None
        occasion = self._occasion(self.tokens[found.anchor])
        for mention, entity in self.mentions:
            if mention.sentence != sentence.index or entity.type not in ("place", "country"):
                continue
            if entity.type == "country" and not self._after_place_preposition(mention):
                continue
            head = self._phrase_head(mention.start, ("compound", "amod"))
            if head is not None and self._occasion(head) != occasion:
                # "met in Riyadh, the first talks since Moscow invaded Ukraine": a place of
                # one clause is not where the event of another clause happened.
                continue
            if entity.id in used:
                fallback = fallback or (entity if entity.type == "place" else None)
                continue
            return entity, "sentence"
        return (fallback, "actor") if fallback is not None else None

    def _occasion(self, token: Token) -> int:
        """The clause a token belongs to, as the index of its head. A relative clause, and a
        clause or phrase of another time ("since Moscow invaded", "after the war"), tell of an
        occasion of their own; a participle adjunct ("met in Vienna, discussing trade") does not."""
        for _ in range(len(self.tokens)):
            if token.head == token.i or token.dep == "relcl" \
                    or (token.dep == "prep" and token.lemma.lower() in OTHER_TIMES) \
                    or (token.dep == "advcl" and any(
                        child.dep in ("mark", "prep") and child.lemma.lower() in OTHER_TIMES
                        for child in self.children.get(token.i, []))):
                return token.i
            token = self.tokens[token.head]
        return token.i

    def _event_venue(self, place: Entity, sentence: Sentence) -> bool:
        """Whether a place is named as where an event noun happens ("talks in Vienna", "the
        summit in Lisbon"): a venue, not the one the action is aimed at."""
        for mention in place.mentions:
            token = self._phrase_head(mention.start, ("compound", "amod"))
            if mention.sentence != sentence.index or token is None:
                continue
            if token.dep != "pobj" or token.head == token.i:
                continue
            preposition = self.tokens[token.head]
            if preposition.lemma.lower() not in PLACE_PREPOSITIONS or preposition.head == preposition.i:
                continue
            owner = self.tokens[preposition.head]
            if owner.pos in ("NOUN", "PROPN") and (owner.lemma.lower() in self.lexicon.nouns
                                                   or owner.text.lower() in self.lexicon.nouns):
                return True
        return False

    def _after_place_preposition(self, mention: Mention) -> bool:
        token = self._phrase_head(mention.start, ("compound", "amod"))
        if token is None:
            return False
        return token.dep == "pobj" and self.tokens[token.head].lemma.lower() in PLACE_PREPOSITIONS

    def _place_under(self, token: Token) -> Entity | None:
        if token.i in self.place_at:
            return self.place_at[token.i]
        actor = self.actor_at.get(token.i)
        if actor is not None and actor.type == "country" and actor.entity:
            return next((e for e in self.entities if e.id == actor.entity), None)
        for child in self.children.get(token.i, []):
            if child.dep in ("compound", "appos", "conj", "prep", "pobj") and child.i in self.place_at:
                return self.place_at[child.i]
            if child.dep == "prep" and child.lemma.lower() in ("in", "near") \
                    and token.i not in self.actor_at and token.pos == "NOUN":
                # "at a market in Mogadishu": a spot inside a place is in that place.
                inner = next((self.place_at[obj.i] for obj in self.children.get(child.i, [])
                              if obj.dep == "pobj" and obj.i in self.place_at), None)
                if inner is not None:
                    return inner
            if child.dep == "prep" and child.lemma.lower() == "of" \
                    and token.lemma.lower() in BEARINGS | PLACE_PARTS:
                # "in the east of the Gaza Strip", "on the outskirts of Kherson"
                for obj in self.children.get(child.i, []):
                    if obj.dep == "pobj" and obj.i in self.place_at:
                        return self.place_at[obj.i]
        return None


def place_record(entity: Entity, how: str) -> dict[str, Any]:
    """An event's location as stored: the place, its country, coordinates and how it was chosen."""
    geo = entity.geo
    return {"entity": entity.id, "name": geo.name if geo else entity.name,
            "country": (geo.country if geo else None) or entity.country,
            "lat": geo.lat if geo else None, "lon": geo.lon if geo else None,
            "feature": geo.feature if geo else entity.type, "how": how}
