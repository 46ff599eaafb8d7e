"""Whether an article tells a narrative at all (the presence head) and how that decides
"Other"; the shipped model loads every head it was saved with.

The texts below were written for these tests, and the expectations were fixed before the code
they test was run (issue 12)."""

from __future__ import annotations

import numpy as np

from newsgraph.framing.features import GENRE_STYLE_SIZE, GenreStyle
from newsgraph.framing.model import FramingModel, decode_narratives
from newsgraph.framing.narratives import likelier_domain, presence_features
from newsgraph.framing.techniques import load_technique_cues

COARSE = ["URW: Discrediting Ukraine", "URW: Praise of Russia", "CC: Downplaying climate change",
          "CC: Criticism of climate policies", "Other"]
FINE = ["URW: Discrediting Ukraine: Other", "URW: Praise of Russia: Other",
        "CC: Downplaying climate change: Other", "CC: Criticism of climate policies: Other"]
PARENTS = {label: label.rsplit(": ", 1)[0] for label in FINE}

RANT = (
    "The great climate swindle must end now\n\n"
    "They lie to you every single day, and the so-called experts are nothing but puppets of "
    "the globalist elite!\n"
    "Wake up: this absurd, disastrous war on cars will destroy our nation, our jobs and our "
    "freedom forever.\n"
    "Why should ordinary families pay for the fantasies of corrupt bureaucrats? Enough is enough!\n")

REPORT = (
    "Council approves new cycle lanes on two roads\n\n"
    "The city council voted on Tuesday to add cycle lanes to Mill Road and Station Street, a "
    "spokesman for the council said.\n"
    "Work is due to start in March and take about six weeks, according to the plans published "
    "with the decision.\n"
    "The lanes will cost 1.2 million pounds, most of it from a regional transport fund.\n")


def test_below_the_presence_threshold_an_article_tells_no_narrative() -> None:
    coarse = np.array([0.8, 0.1, 0.0, 0.0, 0.0], dtype=np.float32)
    fine = np.array([0.5, 0.1, 0.0, 0.0], dtype=np.float32)
    options = {"coarse_threshold": 0.3, "fine_threshold": 0.3}
    said = decode_narratives(coarse, fine, COARSE, FINE, PARENTS, **options)
    assert said[0] == ["URW: Discrediting Ukraine"]
    assert decode_narratives(coarse, fine, COARSE, FINE, PARENTS, presence=0.2,
                             presence_threshold=0.5, **options) == (["Other"], ["Other"])
    assert decode_narratives(coarse, fine, COARSE, FINE, PARENTS, presence=0.7,
                             presence_threshold=0.5, **options) == said


def test_the_likelier_domain_ignores_the_gates_none() -> None:
    coarse = np.array([0.9, 0.1, 0.2, 0.3, 0.0], dtype=np.float32)
    assert likelier_domain(COARSE, coarse, np.array([0.2, 0.3, 0.5], dtype=np.float32)) == "CC"
    assert likelier_domain(COARSE, coarse, np.array([0.4, 0.1, 0.5], dtype=np.float32)) == "URW"
    assert likelier_domain(COARSE, coarse, None) == "URW"


def test_presence_features_read_the_domain_scores_the_style_and_the_cues() -> None:
    style, cues = GenreStyle.load(), load_technique_cues()
    coarse = np.array([0.9, 0.1, 0.2, 0.3, 0.0], dtype=np.float32)
    gate = np.array([0.1, 0.8, 0.1], dtype=np.float32)
    rant = presence_features(coarse, COARSE, gate, RANT, style, cues)
    report = presence_features(coarse, COARSE, gate, REPORT, style, cues)
    assert rant.shape == report.shape and rant.dtype == np.float32
    assert rant.shape[0] > 2 + GENRE_STYLE_SIZE
    assert np.isclose(rant[0], 0.3) and np.isclose(rant[1], 0.5)
    cue_block = slice(2 + GENRE_STYLE_SIZE, None)
    assert float(rant[cue_block].sum()) > float(report[cue_block].sum())


def test_the_shipped_model_loads_its_domain_gate() -> None:
    model = FramingModel.load()
    assert "domain" in model.heads
    assert model.heads["domain"].labels == ["URW", "CC", "none"]


def test_the_shipped_model_decides_other_with_its_presence_head() -> None:
    head = FramingModel.load().heads["narrative_presence"]
    assert head.labels == ["narrative"]
    assert 0.0 < head.threshold < 1.0
