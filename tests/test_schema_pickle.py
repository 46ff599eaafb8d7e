"""Records pickle field by field (executors send every analysis back pickled): round trips are equal."""

import copy
import dataclasses
import pickle

import pytest

from newsgraph.schema import (Analysis, Article, Draft, Entity, Geo, Mention, NamedSpan, Parse,
                              Sentence, Skip, Span, Token)


def _draft() -> Draft:
    text = "Ministers from Chile met in Lima. They talked."
    article = Article(id="a1", text=text, title="Talks", headings=[Span(0, 9, "Ministers")],
                      boilerplate=["Share this"], duplicate_of="a0", origin="talks.txt")
    tokens = [Token(0, 0, 9, "Ministers", "minister", "NOUN", "NNS", "nsubj", 3, 0),
              Token(1, 10, 14, "from", "from", "ADP", "IN", "prep", 0, 0),
              Token(2, 15, 20, "Chile", "Chile", "PROPN", "NNP", "pobj", 1, 0, "B", "GPE"),
              Token(3, 21, 24, "met", "meet", "VERB", "VBD", "ROOT", 3, 0)]
    sentences = [Sentence(0, 0, 33, 0, 4), Sentence(1, 34, 46, 4, 4, kind="heading")]
    parse = Parse(tokens, sentences, [NamedSpan(2, 3, 15, 20, "GPE", "Chile")], model="m")
    place = Entity(id="e1", name="Lima", type="place",
                   mentions=[Mention(28, 32, "Lima", 0, label="GPE", code=None, confidence=0.75)],
                   country="PER", aliases=["Lima city"],
                   geo=Geo("Lima", "PER", -12.04, -77.03, geonameid=3936456, population=7737002),
                   evidence=[Span(28, 32, "Lima")], confidence=0.5, salience=0.25)
    analysis = Analysis(article=article, sentences=sentences, entities=[place],
                        events=[{"cameo": "040", "evidence": [{"start": 0, "end": 3}]}],
                        genre={"label": "report"}, pipeline={"stage": "v1"})
    return Draft(article=article, analysis=analysis, parse=parse)


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_every_record_survives_a_pickle_round_trip_equal(protocol: int) -> None:
    draft = _draft()
    back = pickle.loads(pickle.dumps(draft, protocol=protocol))
    assert back == draft
    assert back.analysis.to_dict() == draft.analysis.to_dict()
    assert back.analysis.article is back.article  # a shared record stays shared
    skip = Skip("x.bin", "not text", language=None, readable=True)
    assert pickle.loads(pickle.dumps(skip, protocol=protocol)) == skip


def test_records_pickle_as_a_call_with_their_fields_and_frozen_ones_stay_frozen() -> None:
    span = Span(1, 4, "abc")
    assert span.__reduce__() == (Span, (1, 4, "abc"))
    back = pickle.loads(pickle.dumps(span))
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.start = 2  # type: ignore[misc]
    entity = _draft().analysis.entities[0]
    kind, values = entity.__reduce__()
    assert kind is Entity and values == tuple(getattr(entity, f.name)
                                              for f in dataclasses.fields(Entity))


def test_copies_are_equal_and_deep_copies_share_nothing_mutable() -> None:
    draft = _draft()
    assert copy.copy(draft) == draft
    deep = copy.deepcopy(draft)
    assert deep == draft
    deep.analysis.entities[0].aliases.append("another")
    assert draft.analysis.entities[0].aliases == ["Lima city"]
