import json
from pathlib import Path

import jsonschema

from newsgraph.api import analysis_schema
from newsgraph.schema import Analysis, Article, Entity, Geo, Mention, Sentence, Span

DOCS_SCHEMA = Path(__file__).parent.parent / "docs" / "analysis.schema.json"


def _analysis() -> Analysis:
    text = "Diplomats met in Istanbul on Monday."
    article = Article(id="0123456789abcdef", text=text, title="A meeting", published="2025-02-27",
                      headings=[Span(0, 9, "Diplomats")])
    place = Entity(id="e1", name="Istanbul", type="place",
                   mentions=[Mention(start=17, end=25, text="Istanbul", sentence=0, label="GPE")],
                   country="TUR", geo=Geo(name="Istanbul", country="TUR", lat=41.01, lon=28.95),
                   evidence=[Span(17, 25, "Istanbul")], confidence=0.9)
    return Analysis(article=article, sentences=[Sentence(0, 0, len(text), 0, 7)], entities=[place],
                    events=[{"cameo": "040", "evidence": [{"start": 0, "end": 9, "text": "Diplomats"}],
                             "confidence": 0.5}])


def test_the_published_schema_is_the_one_the_package_ships() -> None:
    assert json.loads(DOCS_SCHEMA.read_text(encoding="utf-8")) == analysis_schema()


def test_an_analysis_validates_and_round_trips_through_json() -> None:
    analysis = _analysis()
    data = json.loads(json.dumps(analysis.to_dict()))
    jsonschema.validate(data, analysis_schema())
    assert Analysis.from_dict(data).to_dict() == analysis.to_dict()


def test_the_schema_rejects_an_entity_without_mentions() -> None:
    data = _analysis().to_dict()
    data["entities"][0]["mentions"] = []
    errors = list(jsonschema.Draft202012Validator(analysis_schema()).iter_errors(data))
    assert errors


def test_the_schema_requires_evidence_on_later_sections() -> None:
    data = _analysis().to_dict()
    del data["events"][0]["evidence"]
    errors = list(jsonschema.Draft202012Validator(analysis_schema()).iter_errors(data))
    assert any("evidence" in error.message for error in errors)


def test_tone_carries_its_label_value_and_gdelt_word_tone() -> None:
    data = _analysis().to_dict()
    data["tone"] = {"label": "negative", "value": -0.4, "confidence": 0.6, "evidence": [],
                    "basis": {"method": "events", "components": {}},
                    "gdelt": {"tone": -2.5, "positive": 1.0, "negative": 3.5, "polarity": 4.5,
                              "words": 120}}
    jsonschema.validate(data, analysis_schema())
    data["tone"]["label"] = "cheerful"
    del data["tone"]["gdelt"]["words"]
    errors = list(jsonschema.Draft202012Validator(analysis_schema()).iter_errors(data))
    messages = [detail.message for error in errors for detail in error.context or []]
    assert any("cheerful" in message for message in messages)
    assert any("'words'" in message for message in messages)


def test_events_say_which_detector_found_them_and_whether_the_target_is_inferred() -> None:
    data = _analysis().to_dict()
    data["events"][0].update({"detector": "learned", "target_inferred": True})
    jsonschema.validate(data, analysis_schema())
    data["events"][0]["detector"] = "guessed"
    assert list(jsonschema.Draft202012Validator(analysis_schema()).iter_errors(data))
