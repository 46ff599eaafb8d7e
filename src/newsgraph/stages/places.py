"""Places: place entities geocoded offline, disambiguated by the countries the article is about."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from newsgraph.gazetteer import Gazetteer, shared_gazetteer
from newsgraph.schema import Draft, Entity
from newsgraph.stages import Stage, register

CONFIDENCE_UNRESOLVED = 0.5
# Below this, an entity rests on the NER model alone, not on the knowledge file.
CONFIDENCE_KNOWN = 0.9


@register("newsgraph.places.v1")
class PlaceStage(Stage):
    """Gives place entities coordinates and a country, and countries a point on the map."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None

    def setup(self) -> None:
        if self.gazetteer is None:
            self.gazetteer = shared_gazetteer()

    def __call__(self, drafts: list[Draft]) -> list[Draft]:
        self.setup()
        assert self.gazetteer is not None
        for draft in drafts:
            entities = draft.analysis.entities
            context = _context_countries(entities)
            for entity in entities:
                if entity.type == "country" and entity.country:
                    entity.geo = self.gazetteer.country_geo(entity.country)
                elif entity.type == "place":
                    self._locate(entity, context)
                elif self._mistyped_place(entity, context):
                    entity.type = "place"
                    self._locate(entity, context)
        return drafts

    def _mistyped_place(self, entity: Entity, context: list[str]) -> bool:
        """A one-word "person", "group" or "organisation" that only the NER model vouches for and
        that names a place in one of the article's countries ("struck Kramatorsk, Sloviansk")."""
        assert self.gazetteer is not None
        if entity.type not in ("person", "group", "organisation") or entity.office or entity.code:
            return False
        if entity.confidence >= CONFIDENCE_KNOWN:
            return False
        if any(len(mention.text.split()) > 1 for mention in entity.mentions):
            return False
        geo = self.gazetteer.resolve(entity.name, context_countries=context)
        return geo is not None and geo.country in context

    def _locate(self, entity: Entity, context: list[str]) -> None:
        assert self.gazetteer is not None
        prefer = "USA" if "USA" in context else None
        geo = self.gazetteer.resolve(entity.name, context_countries=context, prefer_capital_of=prefer)
        if geo is None:
            entity.confidence = min(entity.confidence, CONFIDENCE_UNRESOLVED)
            return
        entity.geo = geo
        entity.country = geo.country
        if geo.name.startswith("The ") and geo.name[4:] == entity.name:
            entity.name = geo.name
        entity.mentions = [replace(mention, code=None) for mention in entity.mentions]


def _context_countries(entities: list[Entity]) -> list[str]:
    """The article's countries, the most mentioned first."""
    counts: Counter[str] = Counter()
    for entity in entities:
        if entity.country and entity.type != "place":
            counts[entity.country] += len(entity.mentions)
    return [country for country, _ in counts.most_common()]
