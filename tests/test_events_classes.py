"""Classes of coding error, each checked on sentences written for it before the code changed.

Every sentence here was written for newsgraph on 2026-12-07, with its expected PLOVER type and
(source country, target country) frozen before the change it tests was made; none is taken from
a scored set. A class is one kind of miss seen on the development sets (a whole construction or
a whole group of verbs), not one record.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.api import analyze
from newsgraph.events.fresh import predicted_type_triples, predicted_types
from newsgraph.pipeline import Pipeline

PUBLISHED = "2026-12-07"
Case = tuple[str, str, str, str]

APPEALS: list[Case] = [
    # Appeals (CAMEO 02: urge, call on, appeal to, ask, implore, plead) are PLOVER requests.
    ("Kenya urged Uganda to reopen the border crossing at Busia.", "REQUEST", "KEN", "UGA"),
    ("The Peruvian foreign minister called on Chile to return the seized fishing boats.",
     "REQUEST", "PER", "CHL"),
    ("Jordan appealed to Germany for help with the cost of hosting refugees.", "REQUEST", "JOR", "DEU"),
    ("Serbia asked Hungary to extradite a former police chief.", "REQUEST", "SRB", "HUN"),
    ("Mongolian officials implored Russia to restore gas supplies before the winter.",
     "REQUEST", "MNG", "RUS"),
    ("The Danish prime minister pleaded with Norway to reconsider the fishing ban.",
     "REQUEST", "DNK", "NOR"),
]


def _events(pipeline: Pipeline, text: str) -> list[dict[str, Any]]:
    return analyze(text, title="", published=PUBLISHED, pipeline=pipeline).events


def _check(pipeline: Pipeline, case: Case) -> None:
    text, kind, source, target = case
    events = _events(pipeline, text)
    described = [(e["cameo"], e["trigger"], (e.get("plover") or {}).get("event")) for e in events]
    assert kind in predicted_types(events), described
    assert (source, target, kind) in predicted_type_triples(events), (
        sorted(predicted_type_triples(events)), described)


@pytest.mark.parametrize("case", APPEALS, ids=[case[0][:40] for case in APPEALS])
def test_appeals_are_requests(pipeline: Pipeline, case: Case) -> None:
    _check(pipeline, case)
