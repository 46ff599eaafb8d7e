"""The events stage: actors, codes, modality, place, date and evidence read from the parse."""

from __future__ import annotations

import dataclasses
from typing import Any

import jsonschema
import pytest

from newsgraph.api import analysis_schema, analyze
from newsgraph.errors import ConfigError
from newsgraph.events import EventStage, event_key
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article
from newsgraph.settings import load_settings

PUBLISHED = "2025-02-27"  # a Thursday


def _events(pipeline: Pipeline, text: str, published: str = PUBLISHED) -> list[dict[str, Any]]:
    return _run(pipeline, text, published).events


def _run(pipeline: Pipeline, text: str, published: str = PUBLISHED) -> Analysis:
    return analyze(text, title="Test", published=published, pipeline=pipeline)


def _only(events: list[dict[str, Any]], cameo_prefix: str) -> dict[str, Any]:
    found = [event for event in events if event["cameo"].startswith(cameo_prefix)]
    assert found, f"no {cameo_prefix} event in {[(e['cameo'], e['trigger']) for e in events]}"
    return found[0]


def test_talks_between_two_delegations_are_one_shared_negotiation(pipeline: Pipeline) -> None:
    text = "Talks between American and Russian delegations have commenced in Istanbul."
    event = _only(_events(pipeline, text), "046")
    assert {event["source"]["country"], event["target"]["country"]} == {"USA", "RUS"}
    assert event["mutual"] is True
    assert (event["quad_class"], event["goldstein"], event["plover"]["event"]) == (1, 7.0, "CONSULT")
    assert event["location"]["name"] == "Istanbul" and event["location"]["country"] == "TUR"
    assert (event["date"], event["date_source"]) == (PUBLISHED, "article")
    assert event["modality"] == "factual" and event["factual"] is True


def test_a_statement_that_an_option_is_not_one_is_a_rejection(pipeline: Pipeline) -> None:
    text = ("Lavrov reiterated that a ceasefire along the current front lines was not an option.")
    event = _only(_events(pipeline, text), "12")
    assert event["source"]["code"] == "RUSGOV"
    assert event["quad_class"] == 3 and event["plover"]["event"] == "REJECT"


def test_announcing_the_possibility_of_meetings_is_an_intent_not_a_meeting(pipeline: Pipeline) -> None:
    text = ("Trump had previously announced the possibility of further meetings with Putin "
            "in Saudi Arabia.")
    events = _events(pipeline, text)
    assert not [e for e in events if e["cameo"].startswith("04")]
    event = _only(events, "036")
    assert event["modality"] == "intended" and event["factual"] is False
    assert event["action"].startswith("04")
    assert event["source"]["country"] == "USA"


def test_the_passive_voice_swaps_subject_and_agent(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Russian troops were attacked by Ukrainian drones near Kursk."), "19")
    assert event["source"]["country"] == "UKR" and event["target"]["country"] == "RUS"


def test_negated_cooperation_is_coded_as_a_rejection_and_marked(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Hungary did not agree to the new sanctions package."), "12")
    assert event["negated"] is True and event["factual"] is False
    assert event["action"].startswith("03")


@pytest.mark.parametrize("text, modality", [
    ("Turkey said that Syrian rebels had attacked its border posts.", "reported"),
    ("Germany will send more air-defence systems to Ukraine.", "future"),
    ("South Korea could impose tariffs on Chinese steel.", "hypothetical"),
    ("Israel released two prisoners on Wednesday, Palestinian officials said.", "reported"),
])
def test_modality_is_read_from_the_clause(pipeline: Pipeline, text: str, modality: str) -> None:
    # A speaker's accusation ("Turkey said that rebels attacked") is an act of its own.
    events = [event for event in _events(pipeline, text) if event["root"] != "11"]
    assert events, text
    assert {event["modality"] for event in events} == {modality}
    assert not any(event["factual"] for event in events)


def test_a_pronoun_takes_the_nearest_fitting_antecedent(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Turkey closed the crossing. Syrian rebels said they would attack its posts.")
    attack = _only(events, "13")  # the threat; the closing may be a learned event of its own
    assert attack["target"] is not None and attack["target"]["country"] == "TUR"


def test_coordinated_subjects_of_a_shared_action_pair_up(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The United States, Russia and Switzerland met in Geneva yesterday.")
    pairs = {frozenset((e["source"]["country"], e["target"]["country"]))
             for e in events if e["cameo"].startswith("04")}
    assert pairs == {frozenset({"USA", "RUS"}), frozenset({"USA", "CHE"}), frozenset({"RUS", "CHE"})}
    assert all(e["date"] == "2025-02-26" and e["date_source"] == "text" for e in events)


@pytest.mark.parametrize("text, date", [
    ("Poland expelled three Belarusian diplomats on Monday.", "2025-02-24"),
    ("Poland expelled three Belarusian diplomats last week.", "2025-02-17"),
    ("Poland expelled three Belarusian diplomats in January.", "2025-01"),
])
def test_relative_dates_resolve_against_the_publication_date(pipeline: Pipeline, text: str,
                                                             date: str) -> None:
    assert {event["date"] for event in _events(pipeline, text)} == {date}


def test_without_a_publication_date_the_day_stays_unknown(pipeline: Pipeline) -> None:
    article = Article(id="no-date", text="Poland expelled three Belarusian diplomats on Monday.")
    event = pipeline.analyse([article])[0].events[0]
    assert event["date"] is None and event["date_text"] == "Monday"


def test_evidence_points_at_the_sentence_trigger_and_actors(pipeline: Pipeline) -> None:
    analysis = _run(pipeline, "The weather was mild. China accused Japan of provocations near the islands.")
    event = _only(analysis.events, "112")
    text = analysis.article.text
    for span in event["evidence"]:
        assert text[span["start"]:span["end"]] == span["text"]
    assert event["evidence"][0]["text"].startswith("China accused Japan")
    assert "accused" in {span["text"] for span in event["evidence"]}
    assert 0 < event["confidence"] <= 1
    jsonschema.validate(analysis.to_dict(), analysis_schema())


def test_a_text_without_actors_or_actions_has_no_events(pipeline: Pipeline) -> None:
    assert _events(pipeline, "The weather was mild across the region this morning, forecasters noted.") == []


def test_a_sentence_over_the_limit_is_skipped_with_a_record() -> None:
    # Reading cuts unpunctuated runs of over 1,000 characters, so the limit is lowered to reach it.
    limited = Pipeline(load_settings(overrides=["events.max_tokens=40"]))
    limited.setup()
    long_sentence = "Russia attacked Ukraine " + ", ".join(["and then again"] * 20) + "."
    stage = EventStage(max_tokens=40)
    analysis = _run(limited, long_sentence)
    assert analysis.events == []
    assert "over the limit of 40" in analysis.pipeline.get(f"{stage.name}:skipped", "")


def test_reports_of_one_event_share_a_key_whichever_side_is_named_first() -> None:
    base = {"source": {"code": "USA"}, "target": {"code": "RUS"}, "root": "04", "mutual": True,
            "date": "2025-02-18", "location": {"name": "Riyadh"}, "modality": "factual"}
    swapped = {**base, "source": {"code": "RUS"}, "target": {"code": "USA"}}
    assert event_key(base) == event_key(swapped)
    assert event_key(base) != event_key({**base, "date": "2025-02-19"})
    assert event_key(base) != event_key({**base, "modality": "intended"})


def test_an_unknown_requirement_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="events.require"):
        EventStage(require="everything")


def test_what_is_received_from_someone_was_given_by_them(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Ukraine received a large loan from the IMF on Monday."), "071")
    assert event["source"]["code"].startswith("IGO") and event["target"]["country"] == "UKR"


def test_a_target_is_found_through_the_noun_an_of_phrase_names(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Germany welcomed the resumption of diplomatic ties with Iran.")
    assert any(event["source"]["country"] == "DEU" and (event.get("target") or {}).get("country") == "IRN"
               for event in events)


def test_parties_and_legislatures_resolve_to_their_country(pipeline: Pipeline) -> None:
    analysis = _run(pipeline, "The Bundestag and the Bharatiya Janata Party met.")
    codes = {entity.code for entity in analysis.entities}
    assert {"DEULEG", "INDPTY"} <= codes


def test_parties_named_together_cooperate_with_each_other(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Egypt and Jordan agreed that the border dispute should go to arbitration.")
    assert events and all(e["mutual"] for e in events)
    assert {frozenset((e["source"]["country"], e["target"]["country"])) for e in events} == {
        frozenset(("EGY", "JOR"))}


def test_a_copular_adjective_lends_its_subject(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Chile is ready to restore diplomatic ties with Peru."), "05")
    assert (event["source"]["country"], event["target"]["country"]) == ("CHL", "PER")


def test_a_clause_with_its_own_subject_borrows_no_source(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Chile restored ties with Peru years after crowds attacked its embassy.")
    assert [e for e in events if e["root"] == "19" and e["source"]] == []


def test_asking_someone_to_act_is_an_appeal_to_them(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Norway asked Sweden to close the border crossing.")
    appeal = _only(events, "02")
    assert (appeal["source"]["country"], appeal["target"]["country"]) == ("NOR", "SWE")
    assert not [e for e in events if e["source"] and e["source"]["country"] == "SWE"]


def test_condemning_a_deed_targets_its_doer(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Mexico condemned an attack by Colombian soldiers."), "11")
    assert event["target"]["country"] == "COL" and event["target"]["sector"] == "MIL"


def test_agents_in_several_countries_are_one_actor_each(pipeline: Pipeline) -> None:
    event_countries = {e["source"]["code"] for e in _events(
        pipeline, "Lawmakers in Chile and Peru welcomed the resumption of talks with Bolivia.")
        if e["source"]}
    assert {"CHLLEG", "PERLEG"} <= event_countries


def test_a_breakaway_region_acts_for_its_country(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Officials said on Monday that Transnistria rejected the plan of Ukraine.")
    event = _only(events, "12")
    assert event["source"]["country"] == "MDA"


@pytest.fixture(scope="module")
def petrarch_mode() -> Pipeline:
    """A pipeline coding as PETRARCH does: an event needs a source and a target."""
    settings = load_settings()
    built = Pipeline(dataclasses.replace(settings, events=dataclasses.replace(settings.events,
                                                                              require="dyad")))
    built.setup()
    return built


def _triples(events: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {((e["source"] or {}).get("country") or "---", (e["target"] or {}).get("country") or "---",
             e["root"]) for e in events}


def test_a_party_telling_of_its_own_attack_claims_responsibility(pipeline: Pipeline) -> None:
    claim = _only(_events(pipeline, "Ukraine admitted on Sunday it had shelled Russia."), "015")
    assert (claim["source"]["country"], claim["target"]["country"]) == ("UKR", "RUS")


def test_in_petrarch_mode_a_reported_deed_is_taken_up_by_the_accusation(
        petrarch_mode: Pipeline) -> None:
    events = _events(petrarch_mode, "Jordan said two shells were fired at it from Syria overnight.")
    assert _triples(events) == {("JOR", "SYR", "11")}


def test_the_one_asked_may_be_parsed_as_the_subject_of_the_clause(pipeline: Pipeline) -> None:
    appeal = _only(_events(pipeline, "Germany wants Poland to expel the Belarusian diplomats."), "02")
    assert (appeal["source"]["country"], appeal["target"]["country"]) == ("DEU", "POL")


def test_talks_held_with_someone_are_shared(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French foreign minister held talks with Japan's prime minister.")
    assert _only(events, "046")["mutual"]


def test_a_place_repeating_the_country_of_the_target_is_not_a_second_target(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, "Militants bombed a district of Nigeria's largest city Lagos on Sunday.")
    assert [e["target"]["country"] for e in events if e["trigger"] == "bombed"] == ["NGA"]


def test_a_statement_about_an_incident_is_aimed_where_it_happened(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Canada offered condolences over the bombing in Istanbul."), "018")
    assert (event["source"]["country"], event["target"]["country"]) == ("CAN", "TUR")


def test_a_target_may_hang_from_the_object_noun_of_the_pattern(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "The British government advised against any travel to Mali on Friday."), "16")
    assert event["target"]["country"] == "MLI"


def test_a_party_announcing_its_own_future_act_expresses_an_intent(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Japan said it would send aid to Ukraine."), "03")
    assert (event["source"]["country"], event["target"]["country"]) == ("JPN", "UKR")


def test_a_report_speaks_for_the_country_where_it_was_issued(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "A report published in Kenya accused Uganda of arming rebels."), "11")
    assert (event["source"]["country"], event["target"]["country"]) == ("KEN", "UGA")


def _pairs(events: list[dict[str, Any]], root: str) -> set[tuple[str | None, str | None, bool]]:
    return {((e["source"] or {}).get("country"), (e["target"] or {}).get("country"), e["mutual"])
            for e in events if e["root"] == root}


def test_a_participle_adjunct_takes_the_subject_of_its_clause(pipeline: Pipeline) -> None:
    text = ("French and German envoys spent the afternoon in Vienna on Monday, discussing how "
            "to revive the grain deal.")
    event = _only(_events(pipeline, text), "04")
    assert {event["source"]["country"], event["target"]["country"]} == {"FRA", "DEU"}
    assert event["mutual"] is True and event["trigger"] == "discussing"
    assert event["location"]["name"] == "Vienna"
    assert event["date"] == "2025-02-24"


def test_an_agent_noun_that_is_the_topic_of_talks_is_no_party(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Russian and US diplomats discussed the consulates in Istanbul.")
    assert _pairs(events, "04") == {("RUS", "USA", True)} or _pairs(events, "04") == {("USA", "RUS", True)}
    # A named country after "with" is still the partner of the talk.
    event = _only(_events(pipeline, "The Dutch foreign minister discussed Ukrainian refugees "
                                    "with Belgium on Friday."), "04")
    assert (event["source"]["country"], event["target"]["country"]) == ("NLD", "BEL")


def test_the_object_of_a_meeting_stays_its_partner(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Polish and Lithuanian ministers met the visiting delegations in Riga.")
    assert {source for source, _, _ in _pairs(events, "04")} == {"POL", "LTU"}
    assert not any(mutual for _, _, mutual in _pairs(events, "04"))


def test_coordinated_subjects_blaming_each_other_accuse_each_other(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Armenia and Azerbaijan blamed each other for the shelling."), "11")
    assert {event["source"]["country"], event["target"]["country"]} == {"ARM", "AZE"}
    assert event["mutual"] is True


def test_an_exchange_between_two_parties_is_shared(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "India and Pakistan swapped prisoners at the border on Monday."),
                  "08")
    assert {event["source"]["country"], event["target"]["country"]} == {"IND", "PAK"}
    assert event["mutual"] is True


def test_mediators_named_together_do_not_mediate_between_themselves(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Chile and Peru brokered a truce between the two militias last week.")
    assert events and not any(e["mutual"] for e in events if e["cameo"].startswith("045"))


def test_failing_or_declining_to_act_is_not_the_act(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "The rebels failed to capture the airport, Malian officials said."),
                  "19")
    assert event["negated"] is True and event["factual"] is False
    event = _only(_events(pipeline, "Serbia declined to join the talks in Geneva on Monday."), "12")
    assert event["negated"] is True and event["action"].startswith("04")


def test_a_demand_is_aimed_at_the_subject_of_what_is_demanded(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Canadian negotiators demanded that Mexico lift the new tariffs."),
                  "10")
    assert (event["source"]["country"], event["target"]["country"]) == ("CAN", "MEX")


@pytest.mark.parametrize("text", [
    "Chilean officials said the freed detainees were receiving medical care in Argentina.",
    "The ministry added that Peru had not received any formal request from Bolivia.",
    "The shipment had gone more than a week without any connection to the port in Greece.",
    "The delegation was headed by a senior diplomat who serves as adviser to the Polish president.",
])
def test_words_deep_in_a_phrase_or_a_thing_received_make_no_visit(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert not [e for e in events if e["cameo"][:3] in ("042", "043", "125")], events


def test_the_place_of_a_dateline_is_no_actor(pipeline: Pipeline) -> None:
    text = "LIMA - Chilean troops and Peruvian police patrolled the border on Monday after a raid."
    actors = {(e["source"] or {}).get("name") for e in _events(pipeline, text)}
    assert "Lima" not in actors and "LIMA" not in actors
    text = "QUITO - Colombian and Ecuadorean ministers met in the border town on Tuesday."
    events = _events(pipeline, text)
    assert _pairs(events, "04") and all(source in ("COL", "ECU") for source, _, _ in _pairs(events, "04"))


def test_approving_a_package_of_sanctions_imposes_them(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Canada approved a new package of sanctions against Belarus on Monday."),
                  "16")
    assert event["cameo"] == "163"
    assert (event["source"]["country"], event["target"]["country"]) == ("CAN", "BLR")


@pytest.mark.parametrize("text", [
    "The ceremony took place in stages on the border between Chile and Peru.",
    "Analysts said Bolivia appeared to be trying to show progress before the vote.",
    "The Peruvian army kept pressing in the northern provinces of the country.",
])
def test_vague_verbs_are_not_events_of_force_or_arrest(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert not [e for e in events if e["root"] in ("10", "17", "19")], events


@pytest.mark.parametrize("text", [
    "Chile's eastern neighbours pledged new aid to Peru on Monday.",
    "The allies of Chile criticised the decision to close the border with Peru.",
])
def test_a_possessor_of_a_relational_noun_is_not_the_actor(pipeline: Pipeline, text: str) -> None:
    sources = {(e["source"] or {}).get("country") for e in _events(pipeline, text)}
    assert "CHL" not in sources


def test_a_pronoun_continuing_a_thing_does_not_reach_back_to_a_country(pipeline: Pipeline) -> None:
    text = ("The package raises tariffs on steel imported from Peru and adds a levy that will "
            "rise each year. It also imposes a ban on exports of copper.")
    assert not [e for e in _events(pipeline, text) if e["root"] == "16"]
    text = "Peru raised tariffs on steel on Monday. It also imposed a ban on exports of copper."
    event = _only(_events(pipeline, text), "16")
    assert event["source"]["country"] == "PER"


@pytest.mark.parametrize("text", [
    "Chile has declined to join the talks in Vienna.",
    "Chile declined to hold a meeting in Lisbon.",
    "Chile refused to join the negotiations in Quito.",
])
def test_the_venue_of_an_event_noun_is_no_target(pipeline: Pipeline, text: str) -> None:
    event = _only(_events(pipeline, text), "12")
    assert event["source"]["country"] == "CHL" and event["target"] is None
    assert event["location"] is not None


def test_declining_to_join_a_round_of_talks_rejects_the_talks(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Bolivia declined to join the new round of talks.")
    assert [e["cameo"] for e in events] == ["125"]
    assert events[0]["source"]["country"] == "BOL" and events[0]["negated"] is True


@pytest.mark.parametrize("text", [
    "Chile supports the idea of a common market.",
    "The officials acknowledged the difficulty of the task.",
])
def test_bare_support_or_acknowledge_needs_a_party_or_a_clause(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert not [e for e in events if e["cameo"] in ("070", "015")], events


def test_support_for_a_party_and_an_acknowledged_deed_are_still_events(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Chile supported Peru throughout the crisis."), "07")
    assert (event["source"]["country"], event["target"]["country"]) == ("CHL", "PER")
    events = _events(pipeline, "Chile acknowledged that its troops had fired on protesters.")
    assert _only(events, "015")["source"]["country"] == "CHL"


def test_critics_of_a_national_body_are_of_its_country(pipeline: Pipeline) -> None:
    text = "Critics of the Peruvian Congress staged a protest outside the building."
    event = _only(_events(pipeline, text), "14")
    assert event["source"]["country"] == "PER" and event["source"]["code"] == "PER"


def test_parties_of_two_countries_meeting_somewhere_meet_each_other(pipeline: Pipeline) -> None:
    met = _events(pipeline, "Chilean and Peruvian envoys met in the Bolivian capital on Monday.")
    pairs = {(e["source"]["country"], e["target"]["country"]) for e in met if e["target"]}
    assert pairs and pairs <= {("CHL", "PER"), ("PER", "CHL")}
    struck = _events(pipeline, "Chilean jets bombed depots in the Bolivian capital on Monday.")
    assert any(e["target"] and e["target"]["country"] == "BOL" for e in struck)


def test_the_of_object_of_a_noun_of_force_is_its_target(pipeline: Pipeline) -> None:
    invaded = _events(pipeline, "Chile launched its invasion of Peru in March.")
    assert any(e["source"]["country"] == "CHL" and e["target"] and e["target"]["country"] == "PER"
               for e in invaded)


def test_in_petrarch_mode_an_adjunct_clause_counts_only_without_a_main_event(
        petrarch_mode: Pipeline, pipeline: Pipeline) -> None:
    text = ("Chile held talks with Peru on Friday, three days after Bolivia accused Argentina "
            "of closing the border.")
    assert _triples(_events(petrarch_mode, text)) == {("CHL", "PER", "04")}
    # The product keeps every event.
    assert ("BOL", "ARG", "11") in _triples(_events(pipeline, text))
    alone = "The delay came after Bolivia accused Argentina of closing the border."
    assert _triples(_events(petrarch_mode, alone)) == {("BOL", "ARG", "11")}


def test_an_event_named_after_its_host_city_is_held_there(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The Chilean president will attend the Lima Olympics next month.")
    event = _only(events, "04")
    assert event["location"]["country"] == "PER"


def test_a_bearing_from_a_place_says_where_not_to_whom(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Chile launched an air strike against a rebel camp north of Lima.")
    strike = _only(events, "19")
    assert strike["target"] is None or strike["target"]["country"] != "PER"
    assert strike["location"]["name"] == "Lima"


def test_a_gerund_parsed_as_a_participle_after_killed_in_is_the_attack(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Two farmers were killed in Chilean tank shelling in the north of Lima.")
    shelling = _only(events, "19")
    assert shelling["source"]["country"] == "CHL"
    assert shelling["location"]["name"] == "Lima"


def test_visitors_received_from_a_country_belong_to_it(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Chilean protesters received ministers from the Peruvian government.")
    hosting = _only(events, "043")
    assert hosting["target"]["code"] == "PERGOV"


def test_they_after_a_coordinated_subject_stands_for_every_member(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Chile and Peru said on Monday that they would attack Bolivia.")
    threats = [e for e in events if e["cameo"].startswith("13")]
    assert {e["source"]["country"] for e in threats} == {"CHL", "PER"}
    assert {e["target"]["country"] for e in threats} == {"BOL"}


def test_a_rally_at_home_is_aimed_at_home(pipeline: Pipeline) -> None:
    # PLOVER's convention (issue 11, third round): a protest with no one named is aimed at the
    # protesters' own country, inferred; the place stays where it happened.
    rally = _only(_events(pipeline, "Thousands of Chileans rallied in Santiago on Sunday."), "14")
    assert rally["source"]["country"] == "CHL"
    assert rally["target"]["country"] == "CHL" and rally["target_inferred"]
    assert rally["location"]["name"] == "Santiago"


def test_killing_soldiers_is_fighting_and_a_mishap_has_no_doer(pipeline: Pipeline) -> None:
    fight = _only(_events(pipeline, "Chilean troops killed six Peruvian soldiers near the border on Monday."), "1")
    assert fight["cameo"].startswith("19")
    civilians = _only(_events(pipeline, "Chilean troops killed six Peruvian farmers near the border on Monday."), "18")
    assert civilians["source"]["country"] == "CHL"
    crash = _events(pipeline, "Nine passengers were killed by the Chilean airline's crash near Lima on Monday.")
    assert all((e["source"] or {}).get("country") != "CHL" for e in crash)


def test_ordering_an_investigation_demands_one(pipeline: Pipeline) -> None:
    order = _only(_events(pipeline, "The president of Chile ordered an investigation into Peru's conduct."), "10")
    assert order["cameo"] == "101"


def test_in_petrarch_mode_reported_strikes_told_as_nouns_are_accusations(
        petrarch_mode: Pipeline) -> None:
    events = _events(petrarch_mode, "Chile said six people were killed in an air strike by Peruvian forces.")
    assert ("CHL", "PER", "11") in _triples(events)


def test_in_petrarch_mode_a_country_inside_the_object_is_the_target(petrarch_mode: Pipeline) -> None:
    events = _events(petrarch_mode, "The president of Chile will attend a conference on the drought in Peru.")
    assert ("CHL", "PER", "04") in _triples(events)


def test_in_petrarch_mode_foreigners_harmed_somewhere_are_harmed_by_that_country(
        petrarch_mode: Pipeline, pipeline: Pipeline) -> None:
    text = "Twelve Chilean soldiers were killed in Peru on Monday."
    assert _triples(_events(petrarch_mode, text)) == {("PER", "CHL", "19")}
    assert all(e["source"] is None or e["source"]["country"] != "PER" for e in _events(pipeline, text))


def test_it_can_stand_for_one_armed_body_and_a_country_lends_only_its_country(
        pipeline: Pipeline) -> None:
    strike = _only(_events(pipeline, "The Chilean army said on Monday that it had shelled Peru."), "19")
    assert strike["source"]["code"] == "CHLMIL"
    retaken = _only(_events(pipeline, "Peru's army retook the airport in Lima on Friday."), "19")
    assert retaken["source"]["code"] == "PERMIL"


def test_blocking_crossings_obstructs_passage(pipeline: Pipeline) -> None:
    blockade = _only(_events(pipeline, "Chilean truckers blocked border crossings with Peru on Monday."), "14")
    assert blockade["cameo"] == "144"


def test_a_threat_to_act_is_coded_as_the_threat(pipeline: Pipeline) -> None:
    threat = _only(_events(pipeline, "Chile threatened to shell Peru on Monday."), "13")
    assert threat["cameo"] == "1384"
    cut = _only(_events(pipeline, "Chile threatened to cut aid to Bolivia on Monday."), "13")
    assert cut["cameo"] == "1311"


def test_an_army_bombing_uses_aerial_weapons_and_fighters_killed_are_fought(pipeline: Pipeline) -> None:
    raid = _only(_events(pipeline, "Chilean warplanes bombed rebel positions in Peru overnight."), "19")
    assert raid["cameo"] == "195"
    fight = _only(_events(pipeline, "Chilean troops killed twelve militants near Arica on Tuesday."), "19")
    assert fight["cameo"] == "190"


def test_troops_sent_somewhere_are_the_senders_own(pipeline: Pipeline) -> None:
    moved = _only(_events(pipeline, "The president of Chile ordered troops to the Peruvian border."), "15")
    assert (moved["cameo"], moved["target"]["country"]) == ("154", "PER")


def test_recalling_ones_own_envoy_is_aimed_at_the_host(pipeline: Pipeline) -> None:
    recall = _only(_events(pipeline, "Chile recalled its ambassador to Peru over the fishing dispute."), "16")
    assert (recall["cameo"], recall["target"]["country"]) == ("161", "PER")


def test_a_led_coalition_acts_for_its_leader_and_protesters_riot(pipeline: Pipeline) -> None:
    raid = _only(_events(pipeline, "The Chilean-led coalition carried out air strikes on Peru."), "19")
    assert raid["source"]["country"] == "CHL"
    storm = _only(_events(pipeline, "Protesters stormed the parliament building in Lima."), "14")
    assert storm["cameo"] == "145"
    filed = _only(_events(pipeline, "Chile filed a diplomatic protest against Peru on Monday."), "11")
    assert filed["cameo"] == "114"


def test_a_denied_deed_is_marked_denied_not_turned_into_a_refusal(pipeline: Pipeline) -> None:
    attack = _only(_events(pipeline, "Chile denied that its troops had attacked Peru on Monday."), "19")
    assert (attack["negated"], attack["modality"]) == (True, "reported")
    aid = _only(_events(pipeline, "Chile denied that it had sent weapons to Bolivia last year."), "07")
    assert aid["negated"] is True


def test_a_cause_after_over_is_no_second_target_and_trading_fire_is_fighting(
        pipeline: Pipeline) -> None:
    cut = [e for e in _events(pipeline, "Chile severed diplomatic ties with Peru over the Bolivian crisis.")
           if e["cameo"].startswith("16")]
    assert {e["target"]["country"] for e in cut} == {"PER"}
    fire = _only(_events(pipeline, "Chile and Peru traded fire along their disputed border."), "19")
    assert fire["cameo"] == "193"


def test_a_purpose_clause_is_the_subjects_and_ground_is_taken_from_its_holder(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, "Chile summoned the Peruvian ambassador to protest against the arrests.")
    assert all((e["source"] or {}).get("country") == "CHL" for e in events)
    taken = _only(_events(pipeline, "Chilean troops retook the town of Arica from Peru."), "19")
    assert (taken["cameo"], taken["target"]["country"]) == ("192", "PER")
    asylum = _only(_events(pipeline, "Chile granted asylum to a Peruvian journalist."), "07")
    assert asylum["cameo"] == "075"


def test_cooperation_somewhere_is_not_aimed_at_the_place_and_armies_demolish_property(
        pipeline: Pipeline) -> None:
    signed = _only(_events(pipeline, "Bolivia's rival factions signed a truce agreement in Lima."), "05")
    assert signed["target"] is None
    demolished = _only(_events(pipeline, "Chilean forces demolished two houses in Peru on Monday."), "17")
    assert demolished["cameo"] == "1712"
    rioted = _only(_events(pipeline, "The Chilean embassy was demolished by Peruvian protesters."), "14")
    assert rioted["cameo"] == "145"


def test_unnamed_police_and_farmers_belong_to_the_country_they_act_in(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Riot police detained dozens of students in Dhaka on Monday."), "17")
    assert (event["source"]["code"], event["target"]["code"]) == ("BGDCOP", "BGDEDU")
    rally = _only(_events(pipeline, "Hundreds of farmers protested outside parliament in Nairobi."), "14")
    assert rally["source"]["code"] == "KENAGR"


def test_travellers_and_the_petrarch_mode_keep_unnamed_actors_without_a_country(
        pipeline: Pipeline, petrarch_mode: Pipeline) -> None:
    arrest = _only(_events(pipeline, "Police in Lagos arrested three tourists."), "17")
    assert arrest["source"]["code"] == "NGACOP" and arrest["target"]["country"] is None
    clash = _only(_events(petrarch_mode, "Students clashed with riot police in Dhaka on Monday."), "1")
    assert (clash["source"]["code"], clash["source"]["country"]) == ("EDU", None)


def test_a_listed_phrase_beats_its_last_word_and_a_capital_agent_noun_is_no_name(
        pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Georgian police officers arrested an opposition leader."), "17")
    assert event["source"]["code"] == "GEOCOP"
    assert event["source"]["name"] == "Georgian police officers"
    raid = _only(_events(pipeline, "Rebels attacked an army post in northern Mali."), "19")
    assert raid["source"]["code"] == "MLIREB"


def test_a_country_owning_land_is_no_government_and_a_state_bombing_is_aerial(
        pipeline: Pipeline) -> None:
    strike = _only(_events(pipeline, "Ukrainian drones hit a fuel depot in Russia's Bryansk region."), "19")
    assert (strike["source"]["code"], strike["target"]["code"]) == ("UKRMIL", "RUS")
    bombing = _only(_events(pipeline, "Russia bombed the city of Sumy overnight."), "19")
    assert bombing["cameo"] == "195"


@pytest.mark.parametrize("text", [
    "The announcement comes two days before the chancellor flies to Warsaw.",
    "Macron travels to Berlin next week for talks with Scholz.",
])
def test_a_deed_still_ahead_of_the_report_is_future(pipeline: Pipeline, text: str) -> None:
    event = _only(_events(pipeline, text), "04")
    assert event["modality"] == "future" and event["factual"] is False


def test_a_deed_dated_before_the_report_stays_factual(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Macron travelled to Berlin last week for talks with Scholz."), "04")
    assert event["modality"] == "factual"


def test_turning_down_calls_for_a_truce_is_no_truce(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The Kremlin dismissed calls for a Christmas truce on Tuesday.")
    assert [e["cameo"][:2] for e in events] == ["12"]


@pytest.mark.parametrize("text, code", [
    ("Spain renewed calls for a ceasefire in Lebanon.", "107"),
    ("Brazil echoed calls for the release of the detained aid workers.", "0253"),
    ("Qatar made an appeal for peace talks between Sudan and Chad.", "026"),
    ("The African Union appealed for calm in Mozambique.", "0256"),
])
def test_voicing_a_call_for_something_is_calling_for_it(pipeline: Pipeline, text: str,
                                                        code: str) -> None:
    events = _events(pipeline, text)
    assert [e["cameo"] for e in events] == [code]
    assert events[0]["factual"] is True


def test_it_in_a_reported_clause_is_the_body_that_reports(pipeline: Pipeline) -> None:
    text = "Poland's army said it had shot down three Belarusian drones on Sunday."
    event = _only(_events(pipeline, text), "19")
    assert (event["source"]["code"], event["target"]["code"]) == ("POLMIL", "BLRMIL")
    assert event["modality"] == "reported"


def test_an_attack_that_harms_is_one_event_told_by_its_noun(pipeline: Pipeline) -> None:
    events = _events(pipeline, "A Turkish drone strike on Qamishli killed four Kurdish fighters.")
    assert len(events) == 1
    assert events[0]["cameo"][:2] == "19" and events[0]["source"]["country"] == "TUR"


def test_a_tank_is_military_but_a_think_tank_is_not(pipeline: Pipeline) -> None:
    events = _events(pipeline, "A Polish think tank criticised the government in Warsaw.")
    assert _only(events, "11")["source"]["code"] == "POLNGO"
    strike = _only(_events(pipeline, "Israeli tanks shelled the outskirts of Rafah on Monday."), "19")
    assert strike["source"]["code"] == "ISRMIL"


def test_trading_accusations_is_shared_and_vowing_revenge_threatens(pipeline: Pipeline) -> None:
    trade = _only(_events(pipeline, "Kenya and Uganda traded accusations over the fishing dispute."), "112")
    assert trade["mutual"] is True
    vow = _only(_events(pipeline, "The militia's commander vowed revenge against Chad on Friday."), "13")
    assert vow["cameo"] == "138" and vow["target"]["country"] == "TCD"


def test_a_report_and_a_place_on_the_verb_reach_an_attack_told_by_a_noun(pipeline: Pipeline) -> None:
    text = "According to local medics, Turkish strikes killed six people in Kobani on Sunday."
    event = _only(_events(pipeline, text), "19")
    assert event["modality"] == "reported"
    assert event["target"]["country"] == "SYR" and event["location"]["country"] == "SYR"


def test_troops_of_two_countries_clashing_fight_each_other(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Eritrean and Ethiopian soldiers clashed near the border town."), "19")
    assert {event["source"]["code"], event["target"]["code"]} == {"ERIMIL", "ETHMIL"}
    assert event["mutual"] is True


def test_a_meeting_that_did_not_take_place_is_negated_not_refused(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "The planned summit between Kagame and Tshisekedi did not take place."), "04")
    assert event["negated"] is True and event["factual"] is False


def test_unnamed_opponents_facing_a_countrys_authorities_are_its_own(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Belarusian authorities jailed four opposition activists."), "17")
    assert event["target"]["code"] == "BLROPP"
    raid = _only(_events(pipeline, "Malian soldiers attacked rebels on Tuesday morning."), "19")
    assert raid["target"]["country"] is None


def test_a_call_for_a_truce_somewhere_is_aimed_at_that_country(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Canada called for a ceasefire in Haiti on Friday."), "10")
    assert event["target"]["country"] == "HTI"


def test_a_weapon_with_no_owner_named_is_no_actor(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The port of Izmail was hit by drones overnight, officials said.")
    assert all(e["source"] is None or e["source"]["code"] != "MIL" for e in events)
    owned = _only(_events(pipeline, "Russian drones hit the port of Izmail overnight."), "19")
    assert owned["source"]["code"] == "RUSMIL"


def test_a_present_tense_visit_on_a_weekday_is_scheduled(pipeline: Pipeline) -> None:
    ahead = _only(_events(pipeline, "Olaf Scholz visits Lithuania on Monday, his office said."), "04")
    assert (ahead["date"], ahead["modality"]) == ("2025-03-03", "future")
    past = _only(_events(pipeline, "Olaf Scholz visited Lithuania on Monday, his office said."), "04")
    assert (past["date"], past["modality"]) == ("2025-02-24", "reported")


def test_buying_arms_from_a_country_is_military_cooperation(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Morocco bought combat drones from Turkey last year."), "06")
    assert (event["cameo"], event["source"]["country"], event["target"]["country"]) == ("062", "MAR", "TUR")


def test_forces_sent_into_a_place_are_deployed_and_ones_own_troops_are_no_party(
        pipeline: Pipeline) -> None:
    into = _only(_events(pipeline, "Armenia sent troops into the disputed enclave on Sunday."), "15")
    assert into["cameo"] == "154"
    pullback = _events(pipeline, "Peru and Ecuador agreed to withdraw troops from the border zone.")
    assert pullback and all(e["target"] is None for e in pullback)


def test_a_hyphenated_leader_is_no_dateline_and_welcoming_to_a_capital_hosts(pipeline: Pipeline) -> None:
    led = _only(_events(pipeline, "UN-led peacekeepers attacked rebel camps near Bunia, the mission said."), "19")
    assert led["source"]["code"].startswith("IGOUNO")
    hosted = _only(_events(pipeline, "Lula welcomed the Chilean president to Brasilia on Tuesday."), "04")
    assert hosted["cameo"] == "043" and hosted["target"]["country"] == "CHL"


@pytest.mark.parametrize("text, code, target", [
    ("Mali revoked its defence agreement with France on Monday.", "160", "FRA"),
    ("Georgia froze its participation in the alliance's programme with Russia.", "160", None),
    ("Hungary lifted its veto on Finland's membership of the alliance.", "080", "FIN"),
])
def test_revoking_pacts_freezing_membership_and_lifting_vetoes(pipeline: Pipeline, text: str,
                                                               code: str, target: str | None) -> None:
    event = _only(_events(pipeline, text), code[:2])
    assert event["cameo"] == code
    if target is not None:
        assert event["target"]["country"] == target


def test_a_suicide_bomber_is_an_attacker_at_a_spot_inside_a_city(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Suicide bombers killed nine people at a bus station in Kano."), "18")
    assert event["source"]["code"] == "UAF" and event["target"]["country"] == "NGA"


def test_a_warning_aimed_at_no_one_is_no_threat_and_deportees_are_no_locals(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Inflation could rise again this year, the central bank warned.")
    assert not [e for e in events if e["cameo"].startswith("13")]
    aimed = _only(_events(pipeline, "Japan warned China against further incursions."), "13")
    assert aimed["target"]["country"] == "CHN"
    deported = _only(_events(pipeline, "Police in Athens deported twelve activists on Friday."), "17")
    assert deported["source"]["code"] == "GRCCOP" and deported["target"]["country"] is None


def test_a_capital_a_political_act_is_aimed_at_is_its_government(pipeline: Pipeline) -> None:
    accused = _only(_events(pipeline, "Baku accused Yerevan of shelling its positions."), "11")
    assert accused["target"]["code"] == "ARMGOV"
    struck = _only(_events(pipeline, "Russian missiles struck Kyiv on Thursday night."), "19")
    assert struck["target"]["code"] == "UKR"


def test_an_office_title_before_a_noun_gives_its_sector(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Chad's army chief visited Niger on Monday."), "04")
    assert (event["source"]["code"], event["source"]["name"]) == ("TCDMIL", "Chad army chief")


def test_handing_over_is_returning_and_one_fight_told_twice_is_one(pipeline: Pipeline) -> None:
    handed = _only(_events(pipeline, "Armenia handed over 30 prisoners to Azerbaijan on Monday."), "08")
    assert handed["target"]["country"] == "AZE"
    fights = [e for e in _events(pipeline, "Malian soldiers killed nine rebels in clashes near Gao.")
              if e["root"] == "19"]
    assert len(fights) == 1


def test_approving_a_law_endorses_no_one_but_approving_a_bid_does(pipeline: Pipeline) -> None:
    assert not _events(pipeline, "Moldova's parliament approved a law on the state language.")
    event = _only(_events(pipeline, "Hungary approved Sweden's bid to join the alliance."), "05")
    assert event["target"]["country"] == "SWE"


def test_coming_under_fire_is_an_attack_on_the_subject(pipeline: Pipeline) -> None:
    event = _only(_events(pipeline, "Indian troops came under fire from Pakistani soldiers on Friday."), "19")
    assert (event["source"]["country"], event["target"]["country"]) == ("PAK", "IND")


def test_what_is_barred_does_not_happen(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Turkey barred Greek ships from returning to the disputed waters.")
    assert not [e for e in events if e["cameo"].startswith("08")]
