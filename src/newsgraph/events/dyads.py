"""Dyads: each coded event's pair of actors completed in PLOVER's conventions (acts at home, the
visitor of a visit, meetings shared by both parties).

PETRARCH's comparison mode (``events.require = "dyad"``) is left as PETRARCH codes: these
conventions are PLOVER's, and the GSR gold does not follow them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from newsgraph.events.coding import Coder, event_key
from newsgraph.events.records import Actor, Found
from newsgraph.events.vocabulary import (AUTHORITIES, BEARINGS, EXPULSION, JUDICIAL_HANDOVER, PASSIVE_SUBJECTS,
                                         PLACE_PREPOSITIONS, SUBJECTS, TRAVELLERS)
from newsgraph.schema import Sentence, Token

PROTEST: Final = "PROTEST"
HOME_TYPES: Final = frozenset({"COERCE", "ASSAULT", "MOBILIZE", "RETREAT", "CONCEDE", "ACCUSE", "PROTEST"})
"""PLOVER types whose acts a state or its people often aim at their own country."""
AUTHORITY_HOME_TYPES: Final = frozenset({"COERCE", "RETREAT", "ACCUSE", "CONCEDE"})
"""Acts whose unnamed people acted on (those arrested, charged, freed or given in to) are the
doer's own when the doer is a state's authorities."""
AUTHORITY_HOME_CODES: Final = ("083", "172", "173", "175", "0841")
"""CAMEO acts a state's authorities do to their own people when no one else is named: reforms
and resignations yielded to, curfews, bans and shutdowns, arrests, repression, releases."""
PLACED_BY: Final = frozenset({"at", "in", "near", "from", "of", "around", "outside"})
"""Prepositions by which a noun says where the people it names are."""
PARTY_COUNTRIES: Final = frozenset({"IGO"})
"""Codes of bodies that are parties though they have no country."""
VISIT_HOSTED: Final = "043"
VISIT_MADE: Final = "042"
VISIT_CODES: Final = frozenset({"042", "043", "044"})
OUTSIDE_PHRASE: Final = frozenset({"conj", "cc", "advcl", "parataxis", "relcl", "punct"})
"""Clauses hanging from the event's word that tell of another act, not of what this one acts on."""


class DyadCoder(Coder):
    """Codes events as :class:`Coder` does, then completes their pairs of actors in PLOVER's
    conventions, outside PETRARCH's comparison mode."""

    def _emit(self, found: Found, sentence: Sentence) -> list[dict[str, Any]]:
        events = super()._emit(found, sentence)
        if self.require == "dyad" or not events:
            return events
        completed: list[dict[str, Any]] = []
        for event in events:
            event = self._own_state(found, self._party_inside(found, self._placed_source(found, event)))
            completed += self._visitor_first(self._shared_meeting(found, self._at_home_dyad(
                found, sentence, event)))
        return completed

    # --- unnamed people placed by their own phrase ---------------------------------------------

    def _placed_source(self, found: Found, event: dict[str, Any]) -> dict[str, Any]:
        """"Dock workers at the port of Rotterdam walked out": an unnamed doer with no country
        whose own phrase names a place ("at", "in", "near", "from", "of") belongs to that place's
        country."""
        source = event.get("source")
        if not source or source.get("country") or source.get("type") != "agent" \
                or self._traveller(str(source.get("name"))):
            return event
        for actor in found.sources:
            if actor.name != source.get("name") or actor.country:
                continue
            index = self.token_at_start.get(actor.start)
            country = self._place_under_phrase(self.tokens[index]) if index is not None else None
            if country is not None:
                event["source"] = {**source, "country": country, "code": country + (source.get("sector") or "")}
                return self._rekeyed(event)
        return event

    def _place_under_phrase(self, noun: Token) -> str | None:
        """The country of the first place named in a noun's own "at", "in", "near", "from" or
        "of" phrases, however deep ("workers at the port of Rotterdam")."""
        stack = [child for child in self.children.get(noun.i, [])
                 if child.dep == "prep" and child.lemma.lower() in PLACED_BY]
        seen = 0
        while stack and seen < 40:
            token = stack.pop(0)
            seen += 1
            place = self.place_at.get(token.i)
            if place is not None and place.country:
                return place.country
            stack += [child for child in self.children.get(token.i, [])
                      if child.dep in ("pobj", "prep", "compound", "appos")]
        return None

    # --- the party inside what is acted on ---------------------------------------------------

    def _party_inside(self, found: Found, event: dict[str, Any]) -> dict[str, Any]:
        """"pledged to help rebuild schools in the Ukrainian city of Kharkiv", "stood behind Togo's
        efforts": with no target read off the parse, the first party of another country named
        inside what the event acts on. Where the act is done ("signed an agreement in Lima",
        "declined to join talks in Vienna") is its venue, and a place a bearing is taken from
        ("north of Lima") says where, not to whom."""
        source, target = event.get("source"), event.get("target")
        if not source or not event.get("plover"):
            return event
        # "refused to hand the former minister over to Greece": an unnamed person with no
        # country gives way to the party named as where they go.
        if target is not None and (target.get("country") or target.get("type") != "agent"
                                   or (target.get("sector") or "")[:3] in ("MIL", "REB", "UAF")):
            return event
        own = source.get("country") or str(source.get("code") or "")[:3]
        # A protest at a foreign embassy, in a foreign capital, is aimed at that country.
        party = self._foreign_party(found, str(own), venues=event["plover"]["event"] != PROTEST)
        if party is None:
            return event
        event["target"] = party.as_dict()
        event["target_inferred"] = True
        return self._rekeyed(event)

    def _own_state(self, found: Found, event: dict[str, Any]) -> dict[str, Any]:
        """"Kenyan doctors' unions rejected the government's pay offer", "Peru's Congress
        censured the interior minister": a government, minister, court or parliament named
        without a country, acted on by a country's own courts, parliament, opposition, unions or
        prosecutors, is that country's. A state acting on "the government" means another's."""
        source, target = event.get("source"), event.get("target")
        if not source or not source.get("country") or self._state(source) or not event.get("plover"):
            return event
        own = str(source["country"])
        if target is not None:
            if target.get("country") or target.get("type") != "agent" \
                    or (target.get("sector") or "")[:3] not in AUTHORITIES:
                return event
            if not self._at_home_phrase(found, own):
                return event
            event["target"] = {**target, "country": own, "code": own + (target.get("sector") or "")}
            return self._rekeyed(event)
        if not self._at_home_phrase(found, own):
            return event
        for token in sorted(self._phrase_tokens(found), key=lambda t: t.i):
            sector = self._sector(token) if token.pos == "NOUN" and token.i not in found.trigger else None
            if sector and sector[:3] in AUTHORITIES and token.i not in self.actor_at:
                event["target"] = Actor(name=self._text(token), code=own + sector, country=own, sector=sector,
                                        entity=None, start=token.start, end=token.end,
                                        type="group").as_dict()
                event["target_inferred"] = True
                return self._rekeyed(event)
        return event

    @staticmethod
    def _state(side: dict[str, Any]) -> bool:
        """Whether a side is a state acting as such: a country, or its government."""
        return side.get("type") == "country" or (side.get("sector") or "").startswith("GOV")

    # --- acts at home -----------------------------------------------------------------------

    def _at_home_dyad(self, found: Found, sentence: Sentence, event: dict[str, Any]) -> dict[str, Any]:
        """"Kenyan doctors went on strike", "police detained journalists in Lahore": an act at
        home is aimed at the doer's own country; unnamed people acted on where it happens are of
        that place's country."""
        kind = (event.get("plover") or {}).get("event")
        if kind not in HOME_TYPES:
            return event
        source, target = event.get("source"), event.get("target")
        own = str(source["country"]) if source and source.get("country") else None
        # "rushed police to Manipur", "withdrew from the town of Walikale": a place of the
        # doer's own country in what the act goes to is where it happens.
        home = self._home(found, sentence) or (own if own and self._own_place(found, own) else None)
        if source and not own and home and (source.get("sector") or "")[:3] in AUTHORITIES \
                and source.get("type") == "agent":
            # "a curfew was imposed on Kathmandu by the local administration"
            own = home
            event["source"] = {**source, "country": home, "code": home + (source.get("sector") or "")}
        code = str(event.get("cameo") or "")
        if target is not None:
            if target.get("country") or target.get("type") != "agent" \
                    or code.startswith((EXPULSION, JUDICIAL_HANDOVER)):
                return event
            # "charged a former executive", "kidnapped students from a school in Kaduna"
            # With no place named, only protesters and a state's own authorities are taken to
            # act at home.
            # A state acting on "the government" acts on another's.
            at_home = kind == PROTEST or (kind in AUTHORITY_HOME_TYPES and self._authority(source)
                                          and (target.get("sector") or "")[:3] not in AUTHORITIES)
            country = home if home else own if own and at_home and self._at_home_phrase(found, own) else None
            if country is None or self._traveller(str(target.get("name"))):
                return event
            event["target"] = {**target, "country": country, "code": country + (target.get("sector") or "")}
            return self._rekeyed(event)
        if own is None:
            return event
        if home is not None and home != own:
            return event
        if kind != PROTEST and home is None and not (code.startswith(AUTHORITY_HOME_CODES) and self._authority(source)):
            return event
        if not self._at_home_phrase(found, own):
            return event
        named = self.knowledge.country_by_iso3(own)
        sector = "GOV" if kind == PROTEST else None
        event["target"] = Actor(name=named.name if named else own, code=own + (sector or ""),
                                country=own, sector=sector, entity=None, start=0, end=0,
                                type="country").as_dict()
        event["target_inferred"] = True
        return self._rekeyed(event)

    @staticmethod
    def _authority(source: dict[str, Any] | None) -> bool:
        """Whether a side is a state's own authorities: a government, police, courts or parliament
        (a country named alone acts as its government)."""
        if not source:
            return False
        return source.get("type") == "country" or (source.get("sector") or "")[:3] in AUTHORITIES

    @staticmethod
    def _traveller(name: str) -> bool:
        return any(word.removesuffix("s") in TRAVELLERS for word in name.lower().split())

    def _phrase_tokens(self, found: Found) -> list[Token]:
        """The tokens of what the event acts on: its word's phrase, less its subject and the
        clauses of other acts."""
        starts = {found.anchor, *found.trigger}
        stack = [self.tokens[i] for i in starts]
        seen: set[int] = set()
        inside: list[Token] = []
        while stack and len(inside) < 120:
            token = stack.pop()
            if token.i in seen:
                continue
            seen.add(token.i)
            inside.append(token)
            # The doer is not what it acts on; the subject of a clause it reports is.
            stack += [child for child in self.children.get(token.i, []) if child.dep not in OUTSIDE_PHRASE
                      and not (token.i in starts and child.dep in SUBJECTS | PASSIVE_SUBJECTS | {"agent"})]
        return inside

    def _at_home_phrase(self, found: Found, own: str) -> bool:
        """Whether what the event acts on names no party or place outside the doer's country
        (a sea or a place without a country is not at home)."""
        for token in self._phrase_tokens(found):
            actor = self.actor_at.get(token.i)
            if actor is not None and actor.country != own and (actor.country or actor.code):
                return False
            place = self.place_at.get(token.i)
            if place is not None and place.country != own:
                return False
        return True

    def _own_place(self, found: Found, own: str) -> bool:
        """Whether what the event acts on names a place of the doer's own country."""
        return any(self.place_at[token.i].country == own for token in self._phrase_tokens(found)
                   if token.i in self.place_at)

    def _foreign_party(self, found: Found, own: str, *, venues: bool = False) -> Actor | None:
        """The first party of another country (or an international body) named in what the
        event acts on or where it happens; with ``venues``, not a place where the act itself is
        done ("signed an agreement in Geneva")."""
        for token in sorted(self._phrase_tokens(found), key=lambda t: t.i):
            actor = self.actor_at.get(token.i)
            place = self.place_at.get(token.i)
            if actor is None and place is not None and place.country:
                # "to waters off the island of Lesbos": a place stands for its country.
                actor = Actor(name=place.name, code=place.country, country=place.country, sector=None,
                              entity=place.id, start=token.start, end=token.end, type="place",
                              confidence=0.6)
            if actor is None or token.i in found.trigger:
                continue
            country = actor.country or (actor.code or "")[:3]
            if country not in PARTY_COUNTRIES and not actor.country or country == own:
                continue
            if venues and actor.type in ("country", "place") and self._venue(found, token):
                continue
            return replace(actor, code=actor.country, sector=None, type="country") \
                if actor.type == "country" else actor
        return None

    def _venue(self, found: Found, token: Token) -> bool:
        """Whether a place is named after "in", "at" ... of the event's own words or of an event
        noun (where the act is done), or after a bearing ("north of Lima")."""
        head = self._phrase_head(token.start, ("compound", "amod", "poss", "conj"))
        if head is None or head.dep != "pobj" or head.head == head.i:
            return False
        preposition = self.tokens[head.head]
        if preposition.head == preposition.i:
            return False
        owner = self.tokens[preposition.head]
        if preposition.lemma.lower() == "of" and owner.lemma.lower() in BEARINGS:
            return True
        if preposition.lemma.lower() not in PLACE_PREPOSITIONS:
            return False
        return owner.i == found.anchor or owner.i in found.trigger \
            or owner.lemma.lower() in self.lexicon.nouns

    # --- visits and meetings --------------------------------------------------------------

    def _visitor_first(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """"Milei received the Israeli foreign minister": PLOVER's actor of a visit is the
        visitor. CAMEO's hosting record (043, host first) is kept without a PLOVER event, and the
        visit made (042, visitor first) carries it."""
        source, target = event.get("source"), event.get("target")
        if event.get("cameo") != VISIT_HOSTED or not source or not target or event.get("mutual") \
                or not event.get("plover"):
            return [event]
        made = self.codebook.get(VISIT_MADE)
        if made is None or made.plover is None:
            return [event]
        visit = {**event, "source": target, "target": source, "cameo": made.code,
                 "cameo_name": made.name, "action": made.code, "base": made.base,
                 "goldstein": made.goldstein,
                 "plover": {"event": made.plover.event, "mode": made.plover.mode,
                            "context": made.plover.context}}
        hosting = {**event, "plover": None}
        return [self._rekeyed(hosting), self._rekeyed(visit)]

    def _shared_meeting(self, found: Found, event: dict[str, Any]) -> dict[str, Any]:
        """"spoke by phone with the Brazilian president", "discussed security with her Togolese
        counterpart": in PLOVER a meeting or call with a party has both as actors."""
        target = event.get("target")
        if (event.get("plover") or {}).get("event") != "CONSULT" or event.get("mutual") \
                or not target or not event.get("source") or str(event.get("cameo")) in VISIT_CODES:
            return event
        inside = [self.actor_at[t.i] for t in self._phrase_tokens(found) if t.i in self.actor_at] \
            if event.get("target_inferred") else []
        if not any((actor.name == target.get("name") or (actor.country and actor.country == target.get("country")))
                   and self._met_with(actor) for actor in found.targets + inside):
            return event
        event["mutual"] = True
        return self._rekeyed(event)

    def _met_with(self, actor: Actor) -> bool:
        """Whether an actor's phrase hangs from "with", directly or inside a noun phrase ("with
        the leader of Chad")."""
        index = self.token_at_start.get(actor.start)
        if index is None:
            return False
        token = self.tokens[index]
        for _ in range(8):
            if token.head == token.i or token.pos in ("VERB", "AUX"):
                return False
            head = self.tokens[token.head]
            if token.dep == "pobj" and head.lemma.lower() == "with":
                return True
            if token.dep not in ("pobj", "prep", "compound", "amod", "poss", "nmod", "conj", "appos"):
                return False
            token = head
        return False

    @staticmethod
    def _rekeyed(event: dict[str, Any]) -> dict[str, Any]:
        event["key"] = event_key(event)
        return event
