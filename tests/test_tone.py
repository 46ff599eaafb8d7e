"""Tone: failed outcomes read from the parse, the tone of hand-written articles, the cue file."""

from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.framing.tone import ToneCues, ToneReader, failed_outcomes, load_tone_cues
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article, Draft

# Expectations written before the tone code was run on these sentences.
FAILED = [
    "The ceasefire collapsed after two days of heavy fighting.",
    "There was no agreement on the release of prisoners.",
    "The delegations left Geneva without a deal.",
    "A truce is not an option, the minister said.",
    "The promised recovery never materialised.",
    "Negotiators failed to reach a settlement.",
    "Hopes for a breakthrough faded on Friday.",
    "The government rejected the peace plan.",
]
NOT_FAILED = [
    "The two sides signed a peace treaty on Monday.",
    "The truce held through the weekend.",
    "Russia did not reject the proposed deal.",
    "Aid reached the town on Tuesday.",
    "Talks will continue next week.",
]

ATTACKS = """Rebels attack border posts as commander threatens more

Rebel fighters attacked three border posts in the north of the country overnight, killing nine soldiers and wounding at least twenty, the army said.
Artillery shelled the nearby town of Ardan for several hours, destroying homes and a school.
The rebel commander threatened to strike the regional capital next unless the army withdrew.
The defence minister accused neighbouring states of arming the rebels and warned of retaliation.
Hundreds of families fled on foot towards the south.
"""

FAILED_PEACE = """Peace plan for the valley falls apart

A peace plan that mediators presented in March has collapsed, officials from both sides said on Sunday.
The promised withdrawal of troops from the valley never took place, and the truce that was meant to last a year broke down within weeks.
The interior minister said a new ceasefire was not an option while fighters remained in the villages.
Leaders had spoken warmly of peace and a new era of cooperation when the plan was signed.
Talks scheduled for next month have been cancelled.
"""


@pytest.fixture(scope="module")
def reader() -> ToneReader:
    built = ToneReader()
    built.setup()
    return built


def _found(pipeline: Pipeline, sentence: str) -> list[str]:
    parse = pipeline.backbone.parse([Article(id="s", text=sentence)])[0]
    return [f.outcome for f in failed_outcomes(parse, load_tone_cues())]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", FAILED)
def test_a_good_outcome_said_to_fail_is_found(pipeline: Pipeline, sentence: str) -> None:
    assert _found(pipeline, sentence), sentence


@pytest.mark.slow
@pytest.mark.parametrize("sentence", NOT_FAILED)
def test_a_good_outcome_that_happens_is_not_a_failure(pipeline: Pipeline, sentence: str) -> None:
    assert _found(pipeline, sentence) == [], sentence


def _tone(pipeline: Pipeline, reader: ToneReader, text: str) -> dict:
    title, _, body = text.partition("\n\n")
    article = Article(id="t", text=body, title=title)
    parse = pipeline.backbone.parse([article])[0]
    drafts = [Draft(article=article, analysis=Analysis(article=article,
                                                       sentences=list(parse.sentences)), parse=parse)]
    for stage in pipeline.stages:
        drafts = stage(drafts)
    return reader.read(drafts[0].analysis, parse)


@pytest.mark.slow
def test_an_article_about_attacks_and_threats_is_negative(pipeline: Pipeline,
                                                          reader: ToneReader) -> None:
    tone = _tone(pipeline, reader, ATTACKS)
    assert tone["label"] == "negative" and tone["value"] < 0
    assert tone["basis"]["components"]["events"]["count"] > 0
    assert tone["evidence"]


@pytest.mark.slow
def test_an_article_naming_peace_only_to_say_it_failed_is_not_positive(
        pipeline: Pipeline, reader: ToneReader) -> None:
    tone = _tone(pipeline, reader, FAILED_PEACE)
    assert tone["label"] != "positive" and tone["value"] <= 0
    assert tone["basis"]["components"]["failed_outcomes"]["count"] >= 2


def test_gdelt_tone_is_positive_minus_negative_share_of_words(reader: ToneReader) -> None:
    gdelt = reader.gdelt("good good bad word")
    assert gdelt["positive"] == 50.0 and gdelt["negative"] == 25.0
    assert gdelt["tone"] == 25.0 and gdelt["polarity"] == 75.0 and gdelt["words"] == 4


def test_a_broken_cue_file_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        ToneCues.from_yaml("outcomes: [peace]\nfailure_verbs: fail\n", "cues.yaml")
    assert str(error.value).startswith("cues.yaml:2:")
    with pytest.raises(ConfigError, match="negations"):
        ToneCues.from_yaml("outcomes: [a]\nfailure_verbs: [b]\nfailure_words: [c]\n"
                           "coming_about: [d]\n", "cues.yaml")
