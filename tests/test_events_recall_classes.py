"""Round 3 of classes of coding error, aimed at recall and PLOVER type on news not read here.

Every sentence here was written for newsgraph on 2026-12-07, with its expected PLOVER type and
(source country, target country) frozen before the change it tests was made; none is taken from
a scored set. A class is one kind of miss seen on the development sets (fresh sets 1-3, GSR) or
one part of the CAMEO and PLOVER codebooks that the lexicon did not read; "*" as the expected
target means the sentence tests the type and source only.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.events.fresh import predicted_type_triples, predicted_types
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Article

PUBLISHED = "2026-12-07"
Case = tuple[str, str, str, str]
ANY_TARGET = "*"


def _events(pipeline: Pipeline, text: str) -> list[dict[str, Any]]:
    return pipeline.analyse([Article(id="recall-class", text=text, published=PUBLISHED)])[0].events


def _described(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(e["cameo"], e["trigger"], (e.get("plover") or {}).get("event"), e.get("detector"))
            for e in events]


def _case_id(case: Any) -> str:
    return str(case[0][:40]) if isinstance(case, tuple) else str(case)


def _check(pipeline: Pipeline, case: Case) -> None:
    text, kind, source, target = case
    events = _events(pipeline, text)
    assert kind in predicted_types(events), _described(events)
    triples = predicted_type_triples(events)
    if target == ANY_TARGET:
        assert any(s == source and k == kind for s, _, k in triples), (sorted(triples), _described(events))
    else:
        assert (source, target, kind) in triples, (sorted(triples), _described(events))


# --- A. PLOVER's own codebook where the 2021 CAMEO table reads a code otherwise ---------------
# PLOVER's codebook (its event and mode definitions) puts sanctions, embargoes and asset freezes
# under SANCTION ("curtail ... commercial or material exchanges"), a resignation under RETREAT
# (mode resign), a conviction or sentence under SANCTION (mode convict), and a country's
# withdrawal from an organisation or treaty under SANCTION (mode withdraw). The 2021 CAMEO table
# gives COERCE, CONCEDE, ACCUSE and RETREAT for the CAMEO codes of these acts.
CODEBOOK_READINGS: list[Any] = [
    ("Australia imposed financial sanctions on four Myanmar generals.", "SANCTION", "AUS", "MMR"),
    ("Japan froze the assets of two Russian shipping companies.", "SANCTION", "JPN", "RUS"),
    ("The United States slapped an embargo on Nicaraguan gold.", "SANCTION", "USA", "NIC"),
    ("Ghana's finance minister resigned on Friday after a row over fuel subsidies.",
     "RETREAT", "GHA", ANY_TARGET),
    ("The Dutch foreign minister stepped down over the government's Gaza policy.",
     "RETREAT", "NLD", ANY_TARGET),
    ("A court in Lagos sentenced a British businessman to five years in prison for fraud.",
     "SANCTION", "NGA", "GBR"),
    ("Hungary announced its withdrawal from the International Criminal Court.", "SANCTION", "HUN", "IGO"),
    pytest.param(("Venezuela pulled out of the Organization of American States.", "SANCTION", "VEN", "IGO"),
                 id="pulled out of the OAS",
                 marks=pytest.mark.xfail(strict=True, reason="the argument reader (actors' side) does not "
                                         "reach an 'of' phrase under the particle of 'pull out', so the "
                                         "organisation left is no target")),
]
# Controls: withdrawing forces from a place stays a retreat, arresting stays coercion.
CODEBOOK_CONTROLS: list[Case] = [
    ("Russian troops withdrew from the Ukrainian town of Kupiansk.", "RETREAT", "RUS", "UKR"),
    ("Bangladeshi police arrested two opposition leaders in Dhaka.", "COERCE", "BGD", ANY_TARGET),
]


@pytest.mark.parametrize("case", CODEBOOK_READINGS + CODEBOOK_CONTROLS, ids=_case_id)
def test_plover_codebook_reading_of_sanctions_resignations_convictions(pipeline: Pipeline,
                                                                        case: Case) -> None:
    _check(pipeline, case)


# --- B. A crowd told by its number is the protest's doer ---------------------------------------
# "Thousands of people marched", "Hundreds rallied": a protest (CAMEO 14) whose doer is a crowd
# named only by its size or as people, residents or citizens is done by unnamed civilians, who
# belong to the country where it happens. The lexicon read the verb and dropped the event, having
# no actor. A rally at home keeps no target (tests/test_events.py), so the target is not checked.
CROWD_PROTESTS: list[Any] = [
    ("Thousands of people marched through Nairobi on Sunday against a new finance bill.",
     "PROTEST", "KEN", ANY_TARGET),
    ("Hundreds rallied outside parliament in Tbilisi to demand new elections.", "PROTEST", "GEO", ANY_TARGET),
    ("Tens of thousands of people demonstrated in Buenos Aires against cuts to university funding.",
     "PROTEST", "ARG", ANY_TARGET),
    ("Several hundred residents protested in Dakar over power cuts.", "PROTEST", "SEN", ANY_TARGET),
    ("Large crowds marched through central Lima demanding the president's resignation.",
     "PROTEST", "PER", ANY_TARGET),
    # Failed until class H (hyphenated words) below: the tokenizer splits "sit-in".
    ("Hundreds of people staged a sit-in outside the health ministry in Rabat.", "PROTEST", "MAR", ANY_TARGET),
]
CROWDS_WITHOUT_PROTEST = [
    "Thousands of people watched the final in Madrid.",
    "Hundreds of residents were evacuated from their homes in Valencia after the floods.",
]


@pytest.mark.parametrize("case", CROWD_PROTESTS, ids=_case_id)
def test_a_crowd_told_by_its_number_protests(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)


@pytest.mark.parametrize("text", CROWDS_WITHOUT_PROTEST)
def test_a_crowd_that_does_not_protest_is_given_no_protest(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert "PROTEST" not in predicted_types(events), _described(events)


# --- C. Codebook breadth: words a reporter uses for CAMEO codes the lexicon did not read ------
# Walking the CAMEO codes against the lexicon: a call by telephone (041), consenting (030),
# standing behind a party (051), berating or faulting (111), throwing out an appeal (120), a
# strike told as walking off the job (143), setting fire (destruction, 1712, which the riot rule
# makes a riot only when protesters do it), hacking (COERCE), and ground seized by force (192,
# capture; what is seized from people stays 171).
CODEBOOK_BREADTH: list[Any] = [
    ("The Turkish president spoke by telephone with his Iraqi counterpart on Thursday.",
     "CONSULT", "TUR", "IRQ"),
    ("Mali's junta consented to an African Union observer mission for the vote.", "AGREE", "MLI", "IGO"),
    ("Germany's chancellor said Berlin stands behind Poland in its dispute with Belarus.",
     "SUPPORT", "DEU", "POL"),
    ("Israel's foreign minister berated the Irish ambassador over Dublin's recognition of Palestine.",
     "ACCUSE", "ISR", "IRL"),
    ("A court in Kampala threw out the opposition leader's petition against the election result.",
     "REJECT", "UGA", ANY_TARGET),
    pytest.param(("Dock workers in Durban walked off the job over unpaid wages.", "PROTEST", "ZAF", ANY_TARGET),
                 id="walked off the job",
                 marks=pytest.mark.xfail(strict=True, reason="the actor reader takes 'Durban' for an "
                                         "organisation with no country and drops the workers")),
    ("Myanmar soldiers set fire to houses in three villages in Sagaing.", "ASSAULT", "MMR", ANY_TARGET),
    ("North Korea hacked the computer networks of a South Korean shipbuilder.", "COERCE", "PRK", "KOR"),
    pytest.param(("Azerbaijani forces seized three villages in the Lachin corridor.", "ASSAULT", "AZE", ANY_TARGET),
                 id="seized three villages",
                 marks=pytest.mark.xfail(strict=True, reason="ground seized is now capture (192), but the "
                                         "2021 table reads 192 as COERCE (seize) and PLOVER's codebook "
                                         "names no other type for it; ASSAULT was expected before")),
]
BREADTH_CONTROLS: list[Case] = [
    ("Belgian police seized two tonnes of cocaine in the port of Antwerp.", "COERCE", "BEL", ANY_TARGET),
    ("Protesters set fire to tyres outside the parliament in Nairobi.", "PROTEST", "KEN", ANY_TARGET),
]


@pytest.mark.parametrize("case", CODEBOOK_BREADTH + BREADTH_CONTROLS, ids=_case_id)
def test_codebook_words_the_lexicon_lacked(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)


# --- D. An event noun that names its own doer is an event wherever it stands ------------------
# "The arrest of two journalists by Russian police was confirmed", "A request from Niger ... was
# sent", "Japan's pledge ... was welcomed": news reports a known act as the subject of another
# verb (confirmed, reported, welcomed, dominated). An event noun was read only as the object of a
# light verb or the subject of a verb of happening; one that names who did it (a possessive, a
# "by" phrase, a "from" phrase for what is said or given) is the event. Nouns for requests,
# commitments and offers are added.
NAMED_DOERS: list[Any] = [
    ("The arrest of two Estonian journalists by Russian police was confirmed by their employer.",
     "COERCE", "RUS", "EST"),
    ("A request from Niger for emergency food aid was sent to the World Food Programme.",
     "REQUEST", "NER", ANY_TARGET),
    ("Harsh criticism from Brazil's president of the American tariffs dominated the summit.",
     "ACCUSE", "BRA", ANY_TARGET),
    ("The deployment of Indian troops to the Chinese border was reported by local media.",
     "MOBILIZE", "IND", ANY_TARGET),
    ("Japan's pledge of 2 billion dollars for Ukraine's reconstruction was welcomed in Kyiv.",
     "AGREE", "JPN", ANY_TARGET),
    ("Ghana's commitment to send troops to the regional force was praised by its neighbours.",
     "AGREE", "GHA", ANY_TARGET),
    ("An offer by Qatar to mediate between the two sides was accepted on Monday.", "AGREE", "QAT", ANY_TARGET),
]
NO_DOER_NAMED = [
    "Criticism of the new stadium has grown in recent weeks.",
    "The arrest was a shock to the small town, neighbours said.",
]


@pytest.mark.parametrize("case", NAMED_DOERS, ids=_case_id)
def test_an_event_noun_naming_its_doer_is_an_event(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)


@pytest.mark.parametrize("text", NO_DOER_NAMED)
def test_an_event_noun_with_no_doer_stays_no_event(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert not predicted_types(events), _described(events)


# --- E. A participle or gerund clause acts with its main clause's doer -----------------------
# "After meeting the emir, Iran's president ...", "... said the plan was dead, rejecting a
# proposal from Germany": a clause with no subject of its own (a gerund after "after", "before",
# "by", "while", or a participle hanging on a clause whose subject is no actor) is done by the
# nearest actor subject above it. Such events were dropped for want of a source.
INHERITED_DOERS: list[Any] = [
    ("After meeting the Qatari emir in Doha, Iran's president praised the emirate's mediation.",
     "CONSULT", "IRN", "QAT"),
    ("The Hungarian prime minister told reporters that the plan was dead, rejecting a proposal from "
     "Germany for migrant quotas.", "REJECT", "HUN", "DEU"),
    pytest.param(("By expelling the French ambassador, Niger's junta signalled a final break with Paris.",
                  "SANCTION", "NER", "FRA"), id="by expelling",
                 marks=pytest.mark.xfail(strict=True, reason="the parser hangs 'Niger's junta' on the "
                                         "ambassador as an apposition, so the main clause has no subject")),
    ("Colombia's president said the border would stay shut, accusing Venezuela of sheltering rebels.",
     "ACCUSE", "COL", "VEN"),
    ("While visiting Hanoi, the Australian prime minister signed a maritime security pact with Vietnam.",
     "CONSULT", "AUS", "VNM"),
]
NO_DOER_TO_INHERIT = [
    "The ministry said prices were rising, citing higher fuel costs.",
]


@pytest.mark.parametrize("case", INHERITED_DOERS, ids=_case_id)
def test_a_participle_clause_acts_with_the_main_doer(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)


@pytest.mark.parametrize("text", NO_DOER_TO_INHERIT)
def test_a_participle_with_nothing_to_inherit_stays_no_event(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert not predicted_types(events), _described(events)


# --- F. What a party is asked, urged or told to do has not happened ---------------------------
# "called on Russia to release the sailors", "demanded that Britain return the islands",
# "rejected Russia's demand that it withdraw": the request, demand or rejection is the event; the
# act it names (the clause under the verb of asking, or under a demand noun) has not been done,
# and was coded as done (RETREAT, ASSAULT) beside the request.
ASKED_NOT_DONE: list[tuple[str, str, str, str, str]] = [
    ("Finland called on Russia to release the detained Finnish sailors.", "REQUEST", "FIN", "RUS", "RETREAT"),
    ("Lebanon urged Israel to withdraw from five hilltops in the south.", "REQUEST", "LBN", "ISR", "RETREAT"),
    ("Mexico demanded that the United States return the seized cargo.", "REQUEST", "MEX", "USA", "RETREAT"),
    ("The Philippines asked China to stop firing water cannon at its boats.", "REQUEST", "PHL", "CHN", "ASSAULT"),
    ("Ukraine rejected Russia's demand that it withdraw from four regions.", "REJECT", "UKR", "RUS", "RETREAT"),
    ("Peru appealed to Bolivia to reopen the border crossing at Desaguadero.", "REQUEST", "PER", "BOL", "RETREAT"),
]
DONE_AS_ASKED: list[tuple[str, str]] = [
    ("Russia released the Finnish sailors after Finland called for their release.", "RETREAT"),
    ("Israel withdrew from two hilltops in the south, as Lebanon had demanded.", "RETREAT"),
]


@pytest.mark.parametrize("case", ASKED_NOT_DONE, ids=_case_id)
def test_what_a_party_is_asked_to_do_has_not_happened(pipeline: Pipeline,
                                                       case: tuple[str, str, str, str, str]) -> None:
    text, kind, source, target, not_done = case
    _check(pipeline, (text, kind, source, target))
    events = _events(pipeline, text)
    assert not_done not in predicted_types(events), _described(events)


@pytest.mark.parametrize("case", DONE_AS_ASKED, ids=_case_id)
def test_what_was_done_as_asked_stays_done(pipeline: Pipeline, case: tuple[str, str]) -> None:
    text, kind = case
    events = _events(pipeline, text)
    assert kind in predicted_types(events), _described(events)


# --- G. Welcoming another party's decision, move or step approves it -------------------------
# "welcomed Ethiopia's decision to reopen the border": PLOVER's SUPPORT covers approving another's
# policy or action. The lexicon read "welcome" as an optimistic remark (013, no PLOVER type), or,
# with a fronted "In a statement", as hosting someone "in" a place. Welcoming a visitor stays hosting.
WELCOMED_EVENT = pytest.mark.xfail(strict=True, reason="a welcomed event noun (ceasefire, release) stays the "
                                   "event it names, as UD-PETRARCH codes 'welcomed the resumption of ties' "
                                   "(050); taking it as approval cost 10 UD records")
WELCOMED_DECISIONS: list[Any] = [
    ("Kenya's foreign ministry welcomed Ethiopia's decision to reopen the border.", "SUPPORT", "KEN", "ETH"),
    pytest.param(("The African Union welcomed the ceasefire announced by Sudan's army.", "SUPPORT", "IGO", ANY_TARGET),
                 id="welcomed the ceasefire", marks=WELCOMED_EVENT),
    ("Japan welcomed South Korea's move to restore export privileges.", "SUPPORT", "JPN", "KOR"),
    pytest.param(("Germany's government welcomed the release of two German aid workers by Mali's junta.",
                  "SUPPORT", "DEU", ANY_TARGET), id="welcomed the release", marks=WELCOMED_EVENT),
    ("In a statement, Brazil welcomed Argentina's commitment to the trade pact.", "SUPPORT", "BRA", "ARG"),
]


@pytest.mark.parametrize("case", WELCOMED_DECISIONS, ids=_case_id)
def test_welcoming_a_decision_approves_it(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)
    assert "CONSULT" not in predicted_types(_events(pipeline, case[0]))


def test_welcoming_a_visitor_is_still_hosting(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The Saudi crown prince welcomed the French president in Riyadh.")
    assert "CONSULT" in predicted_types(events), _described(events)


# --- H. Hyphenated words of the lexicon ------------------------------------------------------
# The tokenizer splits "test-fired", "sit-in", "re-established" and "build-up" into three
# tokens, so the lexicon's hyphenated patterns (test-fire, sit-in, re-establish, build-up,
# cease-fire, de-escalate) never fitted: "test-fired a missile" was read as firing one (ASSAULT).
HYPHENATED: list[Any] = [
    ("Iran test-fired a new ballistic missile from a launch site in Semnan province.",
     "MOBILIZE", "IRN", ANY_TARGET, "ASSAULT"),
    pytest.param(("North Korea test-fired two cruise missiles into the Yellow Sea on Sunday.",
                  "MOBILIZE", "PRK", ANY_TARGET, "ASSAULT"), id="test-fired two cruise missiles",
                 marks=pytest.mark.xfail(strict=True, reason="the parser makes 'missiles' the root and "
                                         "'test-fired' its adjective, so there is no verb to read")),
    ("Teachers held a sit-in at the education ministry in Accra over unpaid allowances.",
     "PROTEST", "GHA", ANY_TARGET, ""),
    ("Eritrea and Ethiopia re-established diplomatic relations after two decades.", "SUPPORT", "ERI", "ETH", ""),
    ("Russia's military build-up near the Latvian border alarmed officials in Riga.",
     "MOBILIZE", "RUS", ANY_TARGET, ""),
]


@pytest.mark.parametrize("case", HYPHENATED, ids=_case_id)
def test_hyphenated_lexicon_words_fit_split_tokens(pipeline: Pipeline,
                                                   case: tuple[str, str, str, str, str]) -> None:
    text, kind, source, target, not_this = case
    _check(pipeline, (text, kind, source, target))
    if not_this:
        assert not_this not in predicted_types(_events(pipeline, text))


# --- I. Civilians gathering, rallying against, blocking or occupying protest -------------------
# "Farmers blocked the highway", "Protesters gathered outside the embassy", "Students occupied the
# rector's office": done by unarmed civilians (protesters, farmers, students, residents), a
# gathering, a rally against something, a blockade or an occupation is a protest (PLOVER PROTEST:
# demonstration, obstruction), not a meeting, a veto, an opposition campaign or a seizure of ground.
CIVILIAN_PROTESTS: list[Any] = [
    ("Hundreds of farmers blocked the main highway into Warsaw with tractors.", "PROTEST", "POL", ANY_TARGET),
    ("Protesters gathered outside the Russian embassy in Vilnius to condemn the strikes on Kyiv.",
     "PROTEST", "LTU", ANY_TARGET),
    ("Students rallied against tuition increases in Santiago.", "PROTEST", "CHL", ANY_TARGET),
    ("Students occupied the rector's office at the university in Belgrade.", "PROTEST", "SRB", ANY_TARGET),
    ("Farmers blockaded the port of Marseille over new fishing quotas.", "PROTEST", "FRA", ANY_TARGET),
    ("Residents gathered in front of the town hall in Bilbao to demand cleaner water.",
     "PROTEST", "ESP", ANY_TARGET),
]
NOT_CIVILIAN_PROTESTS = [
    "Police blocked the road to the airport in Nairobi.",
    "Rebels occupied the town of Bunia in eastern Congo.",
    "Student leaders met the education minister in Lima.",
]


@pytest.mark.parametrize("case", CIVILIAN_PROTESTS, ids=_case_id)
def test_civilians_gathering_blocking_or_occupying_protest(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)


@pytest.mark.parametrize("text", NOT_CIVILIAN_PROTESTS)
def test_police_rebels_or_a_meeting_are_no_protest(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert "PROTEST" not in predicted_types(events), _described(events)


# --- J. Leaving an organisation, or forces leaving a place ----------------------------------
# "left ECOWAS", "exited the WHO": a state leaving an international body reduces relations with
# it (PLOVER SANCTION, withdraw); "the last French soldiers left their base": forces leaving a
# place withdraw (RETREAT). "Leave" had no pattern, being too common alone (left for Paris, left
# thousands homeless), so it counts only with an organisation as its object or forces as its subject.
LEAVING: list[Any] = [
    ("Nicaragua left the Organization of American States in November.", "SANCTION", "NIC", "IGO"),
    ("Argentina exited the World Health Organization in March.", "SANCTION", "ARG", "IGO"),
    ("The last Russian troops left the Armenian base at Gyumri.", "RETREAT", "RUS", ANY_TARGET),
    ("American soldiers left their bases in Niger in August.", "RETREAT", "USA", ANY_TARGET),
    pytest.param(("Italian peacekeepers left southern Lebanon after twenty years.", "RETREAT", "ITA", ANY_TARGET),
                 id="peacekeepers left", marks=pytest.mark.xfail(
                     strict=True, reason="peacekeepers are sector IGO in the shared agents list "
                     "(knowledge), not a force sector, so they are not read as forces leaving")),
]
LEAVING_NOTHING = [
    "The Kenyan president left Nairobi for a summit in Addis Ababa.",
    "The floods left thousands of people homeless in Pakistan.",
]


@pytest.mark.parametrize("case", LEAVING, ids=_case_id)
def test_leaving_an_organisation_or_forces_leaving_a_place(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)


@pytest.mark.parametrize("text", LEAVING_NOTHING)
def test_other_leaving_is_no_withdrawal(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert not {"RETREAT", "SANCTION"} & predicted_types(events), _described(events)
