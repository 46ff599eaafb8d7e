"""Classes of coding error first seen in the demo (issue 15), each checked on sentences of our own.

Expectations were written before the fixes ran: a rank word used as an adjective, a world region
without coordinates, an event given the place of another clause, and a deed told only to describe
a thing, with no one it was done to.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.api import analyze
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis

PUBLISHED = "2024-06-12"


def _analyse(pipeline: Pipeline, text: str) -> Analysis:
    return analyze(text, title="Test", published=PUBLISHED, pipeline=pipeline)


def _named(analysis: Analysis, words: str) -> list[Any]:
    return [entity for entity in analysis.entities if words.lower() in entity.name.lower()]


# --- "general" after an office or before another noun is an adjective, not the rank -------------

ADJECTIVAL_GENERAL = [
    ("The American consul general in Istanbul met Turkish officials on Monday.", "consul general"),
    ("Kenya's inspector general of police visited Mombasa on Tuesday.", "inspector general"),
    ("The French director general of the agency resigned on Friday.", "director general"),
    ("The UN General Assembly adopted a resolution on Gaza on Tuesday.", "General Assembly"),
    ("General Motors said it would cut jobs at its plant in Mexico.", "General Motors"),
]


@pytest.mark.parametrize(("text", "words"), ADJECTIVAL_GENERAL)
def test_general_as_an_adjective_is_no_military_rank(pipeline: Pipeline, text: str,
                                                     words: str) -> None:
    analysis = _analyse(pipeline, text)
    assert all(entity.sector != "MIL" and not (entity.code or "").endswith("MIL")
               for entity in _named(analysis, words))


@pytest.mark.xfail(strict=True, reason="a demonym before a GOV title is coded as the country "
                   "(United States, USAGOV), so no entity is named 'consul general'; the sector "
                   "is right, the expected name was not")
def test_an_office_before_general_gives_the_sector(pipeline: Pipeline) -> None:
    analysis = _analyse(pipeline, "The American consul general in Istanbul met Turkish officials.")
    found = _named(analysis, "consul general")
    assert found and found[0].country == "USA" and found[0].sector == "GOV"


@pytest.mark.parametrize("text", [
    "A Russian general said the offensive would continue through the summer.",
    "The Ukrainian General Staff said on Sunday that two drones were shot down.",
])
def test_general_as_the_rank_or_the_staff_stays_military(pipeline: Pipeline, text: str) -> None:
    analysis = _analyse(pipeline, text)
    assert any(entity.sector == "MIL" for entity in analysis.entities)


# --- a continent or world region is a place with coordinates -------------------------------------

@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    ("Exports to North America fell in May, the ministry in Lima said.", "North America",
     (10, 75), (-170, -50)),
    ("Gas prices in Europe rose sharply after the pipeline was shut.", "Europe", (35, 72), (-25, 60)),
    ("Growth in Southeast Asia slowed, the Manila-based bank said.", "Southeast Asia",
     (-11, 25), (90, 145)),
    ("Troops from South America joined the exercise near Lisbon on Monday.", "South America",
     (-56, 13), (-82, -34)),
])
def test_a_continent_or_world_region_has_coordinates(pipeline: Pipeline, text: str, name: str,
                                                     lat: tuple[float, float],
                                                     lon: tuple[float, float]) -> None:
    analysis = _analyse(pipeline, text)
    places = [entity for entity in _named(analysis, name) if entity.type == "place"]
    assert places, [(e.name, e.type) for e in analysis.entities]
    geo = places[0].geo
    assert geo is not None and geo.lat is not None and geo.lon is not None
    assert lat[0] <= geo.lat <= lat[1] and lon[0] <= geo.lon <= lon[1]


# --- an event in a clause of its own does not take another clause's place ------------------------

OTHER_CLAUSE = [
    ("ANKARA, May 2 - Turkish and Russian envoys held talks in Ankara on Friday, the first since "
     "Russia attacked Ukraine in 2022.", "attacked", "Ankara"),
    ("NAIROBI, March 3 - Kenyan and Somali officials met in the Kenyan capital on Monday, their "
     "first talks since Somalia expelled Kenya's ambassador in 2019.", "expelled", "Nairobi"),
    ("Diplomats from Chile and Peru gathered in Geneva on Friday, a year after Peru recalled its "
     "ambassador from Chile.", "recalled", "Geneva"),
    ("Officials of both countries met in Doha on Sunday, their first meeting since Iraqi forces "
     "invaded Kuwait in 1990.", "invaded", "Doha"),
]


@pytest.mark.parametrize(("text", "trigger", "elsewhere"), OTHER_CLAUSE)
def test_an_event_of_a_since_or_after_clause_is_not_where_the_meeting_is(
        pipeline: Pipeline, text: str, trigger: str, elsewhere: str) -> None:
    events = _analyse(pipeline, text).events
    for event in events:
        if event["trigger"].startswith(trigger):
            assert (event["location"] or {}).get("name") != elsewhere


def test_the_meeting_itself_keeps_its_place(pipeline: Pipeline) -> None:
    text = OTHER_CLAUSE[0][0]
    events = _analyse(pipeline, text).events
    meetings = [e for e in events if e["root"] == "04"]
    assert meetings and all((e["location"] or {}).get("name") == "Ankara" for e in meetings)


# --- a participle that describes a thing is background, not a coded deed ---------------------------

DESCRIBED = [
    ("Moscow wants back the two estates seized by the United States in 2016.", "USA"),
    ("The talks covered the villages captured by Azerbaijani forces in 2020.", "AZE"),
    ("Officials discussed the tankers detained by Iran last year.", "IRN"),
    ("The minister toured the bridges destroyed by Russian missiles in 2023.", "RUS"),
]


@pytest.mark.parametrize(("text", "country"), DESCRIBED)
def test_a_deed_told_to_describe_a_thing_has_no_event_without_a_target(
        pipeline: Pipeline, text: str, country: str) -> None:
    events = _analyse(pipeline, text).events
    assert not [e for e in events if e["source"] and e["source"]["country"] == country
                and e["target"] is None and e["root"] in ("17", "18", "19", "20")]


def test_the_same_deed_told_as_a_deed_is_coded(pipeline: Pipeline) -> None:
    events = _analyse(pipeline, "The United States seized two Russian estates in 2016.").events
    assert [e for e in events if e["source"] and e["source"]["country"] == "USA"
            and e["root"] == "17"]


# --- a pronoun that points back at the source's own side is not the one acted on -------------
# "thanked partners for their support": when the object names no actor, the "for" phrase's
# possessive resolves to the speaker's own country; the speaker does not thank itself.

SELF_BY_PRONOUN = [
    ("The Estonian prime minister thanked partners for their support on Monday.", "EST"),
    ("The Moldovan foreign minister praised donors for their generosity on Tuesday.", "MDA"),
    ("Chile's president thanked neighbours for their help after the floods.", "CHL"),
]


@pytest.mark.parametrize(("text", "country"), SELF_BY_PRONOUN)
def test_a_pronoun_back_at_the_source_is_no_target(pipeline: Pipeline, text: str,
                                                   country: str) -> None:
    events = _analyse(pipeline, text).events
    assert events, "the praise or thanks is still an event"
    for event in events:
        target = event["target"] or {}
        assert target.get("country") != country, event


def test_a_pronoun_for_another_country_stays_the_target(pipeline: Pipeline) -> None:
    events = _analyse(pipeline, "Ukraine thanked the United States for its support on Monday.").events
    assert any((event["target"] or {}).get("country") == "USA" for event in events)


def test_an_object_pronoun_back_at_the_source_is_no_target(pipeline: Pipeline) -> None:
    text = "The Latvian foreign minister met donors and asked them to send more ammunition."
    events = _analyse(pipeline, text).events
    assert any(event["trigger"] == "asked" for event in events)
    assert all((event["target"] or {}).get("country") != "LVA" for event in events)
