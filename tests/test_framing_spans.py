"""Where a persuasion technique is placed inside its sentence, and the span scorer; needs no
../shared data."""

import json
from collections import Counter

import jsonschema
import pytest

from newsgraph.api import analysis_schema
from newsgraph.errors import ConfigError
from newsgraph.framing.span_evaluation import LabelledSpan, overlap_scores
from newsgraph.framing.stage import FramingStage
from newsgraph.framing.techniques import (SentenceTokens, TechniqueCues, article_word_counts,
                                          load_technique_cues, technique_span)
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article, Draft

# (technique, sentence, words the span must cover)
CASES = [
    ("Loaded_Language", "The council passed an utterly disgraceful budget on Monday night.", "disgraceful"),
    ("Name_Calling-Labeling", "Local residents called the new developers greedy thugs at the meeting.", "thugs"),
    ("Doubt", "The so-called independent review was paid for by the company itself.", "so-called"),
    ("Flag_Waving", "The mayor said the bridge would make our nation proud again.", "nation"),
    ("Appeal_to_Fear-Prejudice", "Opponents say the new dam is a disaster waiting to happen.", "disaster"),
    ("Exaggeration-Minimisation", "The minister said the cuts were the worst decision in history.", "worst"),
    ("Causal_Oversimplification", "Prices rose in the spring because the bank printed money.", "because"),
    ("Appeal_to_Authority", "According to experts at the institute, the river is safe to swim in.", "experts"),
    ("Slogans", "Marchers chanted \"Hands off our parks\" outside the town hall all afternoon.", "Hands off"),
]


@pytest.fixture(scope="module")
def cues() -> TechniqueCues:
    return load_technique_cues()


def _sentence(pipeline: Pipeline, text: str) -> SentenceTokens:
    parse = pipeline.backbone.parse([Article(id="0123456789abcdef", text=text)])[0]
    sentence = parse.sentences[0]
    return SentenceTokens(text, parse.tokens, sentence.first_token, sentence.last_token)


@pytest.mark.parametrize("technique, text, cue", CASES)
def test_a_span_lies_inside_its_sentence_and_covers_the_cue(
        pipeline: Pipeline, cues: TechniqueCues, technique: str, text: str, cue: str) -> None:
    sentence = _sentence(pipeline, text)
    start, end = technique_span(technique, sentence, cues, article_word_counts(text, cues))
    assert sentence.start <= start < end <= sentence.end
    assert cue in text[start:end]
    assert text[start:end] == text[start:end].strip(" .,;:")


def test_word_level_spans_are_finer_than_the_sentence(pipeline: Pipeline, cues: TechniqueCues) -> None:
    text = CASES[0][1]
    start, end = technique_span("Loaded_Language", _sentence(pipeline, text), cues)
    assert text[start:end] == "utterly disgraceful budget"  # the intensifier with its head


def test_a_repeated_phrase_is_the_span_of_repetition(pipeline: Pipeline, cues: TechniqueCues) -> None:
    article = ("The tax hike will hurt families.\nEvery family pays for the tax hike in the end.\n"
               "They voted for the tax hike anyway.")
    parse = pipeline.backbone.parse([Article(id="0123456789abcdef", text=article)])[0]
    last = parse.sentences[-1]
    sentence = SentenceTokens(article, parse.tokens, last.first_token, last.last_token)
    start, end = technique_span("Repetition", sentence, cues, article_word_counts(article, cues))
    assert article[start:end] == "tax hike"


def test_without_a_cue_the_span_is_never_empty(pipeline: Pipeline, cues: TechniqueCues) -> None:
    text = "The committee met on Tuesday and agreed on the timetable, which starts in May."
    sentence = _sentence(pipeline, text)
    for technique in ("Loaded_Language", "Repetition", "Slogans", "Whataboutism", "Doubt"):
        start, end = technique_span(technique, sentence, cues, Counter())
        assert sentence.start <= start < end <= sentence.end and text[start:end].strip()


def test_a_bad_span_rule_names_the_cue_file() -> None:
    base = {"cues": {"fear": ["threat"]}, "common_words": []}
    for spans in ({"Doubt": {"level": "phrase", "cues": []}},
                  {"Doubt": {"level": "word", "cues": ["unknown"]}}, ["Doubt"]):
        with pytest.raises(ConfigError, match="cues.yaml: bad technique cue file"):
            TechniqueCues.from_mapping({**base, "spans": spans}, "cues.yaml")


def test_the_span_scorer_counts_partial_overlap_in_tokens() -> None:
    texts = {"a": "one two three four five six seven eight"}
    gold = [LabelledSpan("a", "Doubt", 4, 18)]  # two three four (3 tokens)
    predicted = [LabelledSpan("a", "Doubt", 8, 23),  # three four five: 2 of 3 tokens right
                 LabelledSpan("a", "Loaded_Language", 4, 18)]  # right place, other label
    scores = overlap_scores(gold, predicted, texts)
    assert scores["precision"] == pytest.approx((2 / 3 + 0) / 2, abs=1e-4)
    assert scores["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["f1"] == pytest.approx(2 * (1 / 3) * (2 / 3) / (1 / 3 + 2 / 3), abs=1e-4)
    assert overlap_scores(gold, gold, texts)["f1"] == 1.0
    assert overlap_scores(gold, [], texts)["f1"] == 0.0


@pytest.mark.slow
def test_technique_items_carry_a_finer_span_inside_their_evidence(pipeline: Pipeline) -> None:
    stage = FramingStage()
    stage.setup()
    text = ("Outrageous plan will destroy our nation, critics warn\n\n"
            "The so-called reform is an utterly disgraceful attack on every family in the country.\n"
            "These greedy thugs in the capital lie to us again and again, and nobody stops them.\n"
            "If we do not act now, our children will lose everything our founders built.\n")
    article = Article(id="0123456789abcdef", text=text)
    parse = pipeline.backbone.parse([article])[0]
    draft = Draft(article=article, analysis=Analysis(article=article, sentences=list(parse.sentences)),
                  parse=parse)
    stage([draft])
    items = draft.analysis.techniques
    assert items
    jsonschema.validate(json.loads(json.dumps(draft.analysis.to_dict())), analysis_schema())
    for item in items:
        span, (evidence,) = item["span"], item["evidence"]
        assert evidence["start"] <= span["start"] < span["end"] <= evidence["end"]
        assert text[span["start"]:span["end"]] == span["text"] and span["text"].strip()
