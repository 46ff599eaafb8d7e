"""Reading actors never loops: a pronoun whose antecedent is read through the pronoun's own phrase."""

from __future__ import annotations

import sys

import pytest

from newsgraph.api import analyze
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis

# Each sentence makes the actor reader walk in a circle: reading the subject reads its conjunct
# or apposition, whose possessive pronoun ("its", "their") sends the reader back to that subject
# to decide whether it is a thing or a party.
CIRCULAR = [
    "The committee and its staff met the Kenyan foreign minister in Nairobi on Monday.",
    "The bank and its lenders criticised the government of Ghana on Tuesday.",
    "The agency, its inspectors and their allies visited the Iranian nuclear plant on Friday.",
    "The consortium, its owners and its lawyers sued the Brazilian state oil company in May.",
    "The council and its members, who met in Vienna, urged Austria to act.",
]


@pytest.mark.parametrize("text", CIRCULAR)
def test_a_pronoun_that_leads_back_to_its_own_phrase_ends(pipeline: Pipeline, text: str) -> None:
    analysis = analyze(text, published="2024-03-04", pipeline=pipeline)
    assert isinstance(analysis, Analysis)
    assert all(event["sentence"] == 0 for event in analysis.events)


def test_the_circle_does_not_cost_the_named_parties(pipeline: Pipeline) -> None:
    analysis = analyze("Germany's government and its ministers criticised Poland on Tuesday.",
                       published="2024-03-04", pipeline=pipeline)
    pairs = {(event["source"]["country"] if event["source"] else None,
              event["target"]["country"] if event["target"] else None) for event in analysis.events}
    assert ("DEU", "POL") in pairs


def test_actor_reading_stays_shallow_on_a_long_chain_of_conjuncts(pipeline: Pipeline) -> None:
    # Thirty coordinated bodies, each with its own possessive: the reader's nesting is bounded,
    # so it needs nowhere near Python's recursion limit.
    parties = ", ".join(f"the board{i} and its staff{i}" for i in range(30))
    text = f"{parties.capitalize()} met the Kenyan foreign minister in Nairobi on Monday."
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        analysis = analyze(text, published="2024-03-04", pipeline=pipeline)
    finally:
        sys.setrecursionlimit(limit)
    assert isinstance(analysis, Analysis)
