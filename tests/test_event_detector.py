"""The learned event detector: predicate phrases, shipped weights, the PLOVER->CAMEO table, training."""

from __future__ import annotations

from dataclasses import replace as dataclasses_replace
from pathlib import Path

import numpy as np
import pytest

from newsgraph.events.cameo import codebook
from newsgraph.events.detector import (NONE, PLOVER_TYPES, EventDetector, Predicate,
                                       sentence_predicates)
from newsgraph.events.learned import cameo_code, plover_to_cameo
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Article


def _predicates(pipeline: Pipeline, text: str) -> list[Predicate]:
    parse = pipeline.backbone.parse([Article(id="t", text=text)])[0]
    return [p for sentence in parse.sentences for p in sentence_predicates(parse.tokens, sentence)]


def test_every_plover_type_has_a_cameo_code_of_the_same_type() -> None:
    codes = codebook()
    for kind in PLOVER_TYPES:
        code = cameo_code(kind, "")
        assert code is not None, kind
        plover = codes[code].plover
        assert plover is not None and plover.event == kind, (kind, code)
    for (kind, _), code in plover_to_cameo().items():
        plover = codes[code].plover
        assert plover is not None and plover.event == kind, (kind, code)
    assert cameo_code(NONE, "") is None


def test_a_passive_verb_takes_its_subject_as_object(pipeline: Pipeline) -> None:
    found = _predicates(pipeline, "Two cargo ships were seized by the navy near the strait.")
    seize = next(p for p in found if p.phrase.startswith("seize"))
    assert seize.passive
    assert seize.phrase.startswith("seize cargo ship")
    assert "navy" not in seize.phrase  # the agent is an actor, not part of the action


def test_an_infinitive_is_folded_into_the_verb_above_it(pipeline: Pipeline) -> None:
    found = _predicates(pipeline, "The rebels threatened to blow up the dam.")
    assert [p.head for p in found] == ["threaten"]
    assert "to blow up dam" in found[0].phrase


def test_a_name_as_first_object_leaves_the_action_to_the_second(pipeline: Pipeline) -> None:
    found = _predicates(pipeline, "Moscow handed Kyiv a list of demands.")
    assert found[0].phrase.startswith("hand list")
    assert "kyiv" not in found[0].phrase


def test_negation_is_read_from_the_verb(pipeline: Pipeline) -> None:
    found = _predicates(pipeline, "The council did not approve the budget.")
    assert found[0].negated


def test_the_shipped_weights_give_a_type_and_a_probability_for_each_predicate(
        pipeline: Pipeline) -> None:
    detector = EventDetector()
    found = _predicates(pipeline, "Border guards shot two smugglers and the minister said "
                                  "the country would send blankets to the camps.")
    predictions = detector.predict(found)
    assert len(predictions) == len(found) >= 3
    for prediction in predictions:
        assert prediction.kind in PLOVER_TYPES + (NONE,)
        assert 0.0 < prediction.confidence <= 1.0
    assert detector.types is not None
    rows = np.zeros((1, detector.types.weights.shape[1]), dtype=np.float32)
    assert detector.types.probabilities(rows).sum() == pytest.approx(1.0, abs=1e-4)


def test_detectors_of_one_process_share_one_vectors_table() -> None:
    first, second = EventDetector(), EventDetector()
    first.setup()
    second.setup()
    assert first.vectors is not None and first.vectors is second.vectors


def test_a_missing_model_file_is_a_one_line_configuration_error() -> None:
    from newsgraph.errors import ConfigError

    with pytest.raises(ConfigError, match="not an event detector model"):
        EventDetector(model_file="/nonexistent/weights.npz").setup()


def test_the_stage_marks_what_found_each_event(pipeline: Pipeline) -> None:
    from newsgraph.events.evaluate import analyse_texts, event_pipeline

    text = ("Algerian troops bombarded rebel camps inside Mali on Sunday. "
            "Chad expelled the Sudanese ambassador.")
    for mode in ("lexicon", "both", "learned"):
        settings = pipeline.settings.replace(**{"events.detector": mode})
        events = analyse_texts(event_pipeline(settings), [("t", text, "2026-01-05")])[0].events
        assert events, mode
        assert {event["detector"] for event in events} <= (
            {"lexicon"} if mode == "lexicon" else {"learned"} if mode == "learned"
            else {"lexicon", "learned"})
        for event in events:
            assert event["target_inferred"] in (True, False)
            if event["target_inferred"]:
                assert event["target"] is not None
            if event["detector"] == "learned":
                assert event["plover"]["event"] in PLOVER_TYPES


def test_an_unknown_detector_setting_is_refused() -> None:
    from newsgraph.errors import ConfigError
    from newsgraph.events.stage import EventStage

    with pytest.raises(ConfigError, match="events.detector"):
        EventStage(detector="oracle")



def test_training_labels_come_from_the_cameo_to_plover_table() -> None:
    from newsgraph.events.train import label_of_code

    assert label_of_code("010") == (NONE, "")  # statements are no PLOVER event
    assert label_of_code("0253")[0] == "REQUEST"  # PLOVER folds appeals into REQUEST
    assert label_of_code("190")[0] == "ASSAULT"
    assert label_of_code("173") == ("COERCE", "arrest")


def test_a_lexicon_labels_a_predicate_by_its_most_specific_fitting_pattern() -> None:
    from newsgraph.events.lexicon import Lexicon, Pattern
    from newsgraph.events.train import lexicon_label

    own, other = Lexicon(), Lexicon()
    own.add(Pattern(code="120", kind="verb", trigger="turn", words=("down",)))
    own.add(Pattern(code="010", kind="verb", trigger="turn", words=()))
    other.add(Pattern(code="0871", kind="verb", trigger="declare", words=("truce",)))
    other.add(Pattern(code="010", kind="verb", trigger="declare", words=()))

    def item(phrase: str, head: str) -> Predicate:
        return Predicate(index=0, phrase=phrase, head=head, passive=False, negated=False)

    assert lexicon_label(item("turn down proposal", "turn down"), [own, other]) == ("REJECT", "")
    assert lexicon_label(item("turn to page", "turn"), [own, other]) == (NONE, "")
    assert lexicon_label(item("declare day truce", "declare"), [own, other]) == ("RETREAT", "ceasefire")
    # a bare verb of the second (weaker) lexicon labels nothing
    assert lexicon_label(item("declare victory", "declare"), [own, other]) is None


def test_training_without_the_data_folder_is_a_one_line_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from newsgraph.cli import main

    code = main(["train", "events", "--data", str(tmp_path / "missing"), "-o",
                 str(tmp_path / "weights.npz")])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "weights.npz").exists()
    (tmp_path / "weights.npz").write_bytes(b"x")
    code = main(["train", "events", "--data", str(tmp_path), "-o", str(tmp_path / "weights.npz")])
    assert code != 0 and "--force" in capsys.readouterr().err


def test_a_damaged_model_file_is_a_one_line_configuration_error(tmp_path: Path) -> None:
    from newsgraph.errors import ConfigError

    broken = tmp_path / "weights.npz"
    broken.write_bytes(b"not a numpy archive")
    with pytest.raises(ConfigError, match="not an event detector model"):
        EventDetector(model_file=str(broken)).setup()


def test_a_target_is_inferred_from_the_verbs_own_clause_only(pipeline: Pipeline) -> None:
    from newsgraph.events.coding import Coder
    from newsgraph.events.learned import inferred_target
    from newsgraph.events.stage import EventStage
    from newsgraph.schema import Analysis, Draft

    def coder_for(text: str) -> Coder:
        article = Article(id="t", text=text)
        parse = pipeline.backbone.parse([article])[0]
        drafts = [Draft(article=article, analysis=Analysis(article=article,
                                                           sentences=list(parse.sentences)),
                        parse=parse)]
        for stage in pipeline.stages:
            if stage.name in ("newsgraph.entities.v1", "newsgraph.places.v1"):
                drafts = stage(drafts)
        events = EventStage()
        events.setup()
        return Coder(events, drafts[0])

    coder = coder_for("Turkish drones pummelled a convoy inside Syria.")
    verb = next(t.i for t in coder.tokens if t.text == "pummelled")
    item = Predicate(index=verb, phrase="pummel convoy", head="pummel", passive=False, negated=False)
    sources = [coder.actor_at[i] for i in range(verb) if i in coder.actor_at]
    target = inferred_target(coder, item, sources)
    assert sources and target is not None and target.country == "SYR"
    # an actor of another clause is no one's inferred target
    coder = coder_for("Turkish drones pummelled a convoy, and officials in Syria complained.")
    verb = next(t.i for t in coder.tokens if t.text == "pummelled")
    sources = [coder.actor_at[i] for i in range(verb) if i in coder.actor_at]
    assert inferred_target(coder, dataclasses_replace(item, index=verb), sources) is None


def test_the_shipped_detector_reads_word_vectors_and_needs_no_sentence_encoder(
        pipeline: Pipeline) -> None:
    from newsgraph.events.features import width

    detector = EventDetector()
    detector.setup()
    assert detector.feature_set == "vectors"
    assert detector.embedder is None  # no MiniLM run per predicate: the fast profile's budget
    assert detector.types is not None
    assert detector.types.weights.shape[1] == width("vectors")
    found = _predicates(pipeline, "Rebels ambushed an army convoy near the border.")
    assert detector.predict(found)[0].kind in PLOVER_TYPES + (NONE,)
    assert detector.embedder is None


def test_word_vectors_put_related_verbs_closer_than_unrelated_ones() -> None:
    from newsgraph.events.features import WordVectors

    vectors = WordVectors()
    attack, assault, bake = (vectors.mean([word]) for word in ("attack", "assault", "bake"))
    assert float(attack @ assault) > float(attack @ bake) + 0.2
    assert float(np.linalg.norm(attack)) == pytest.approx(1.0, abs=1e-4)
    unknown = vectors.mean(["qzxvbnmw"])
    assert not unknown.any()  # an unknown word adds nothing rather than noise


def test_feature_rows_split_the_verb_from_the_rest_of_its_phrase() -> None:
    from newsgraph.events.features import (HASH_BUCKETS, VECTOR_DIMENSION, WordVectors,
                                           feature_rows, split_phrase, width)

    item = Predicate(index=0, phrase="call off strike at port", head="call off", passive=True,
                     negated=False)
    assert split_phrase(item) == ("call", ["off"], ["strike", "at", "port"])
    rows = feature_rows([item], "vectors", vectors=WordVectors())
    assert rows.shape == (1, width("vectors"))
    hashed = rows[0, 2 * VECTOR_DIMENSION:2 * VECTOR_DIMENSION + HASH_BUCKETS]
    assert 1 <= int(hashed.sum()) <= 7  # head, three words, three pairs (buckets may collide)
    assert rows[0, -2:].tolist() == [1.0, 0.0]  # passive, not negated


def test_a_model_whose_width_does_not_fit_its_feature_set_is_refused(tmp_path: Path) -> None:
    import json

    from newsgraph.errors import ConfigError

    path = tmp_path / "weights.npz"
    np.savez(path, card=np.array(json.dumps({"feature_set": "vectors", "mode_types": []})),
             type_weights=np.zeros((2, 10), dtype=np.float16),
             type_intercepts=np.zeros(2, dtype=np.float32),
             type_classes=np.array(["none", "ASSAULT"]))
    with pytest.raises(ConfigError, match="expected .* features, got 10"):
        EventDetector(model_file=str(path)).setup()


def test_a_detector_fitted_on_a_few_phrases_is_written_read_and_applied(tmp_path: Path) -> None:
    from newsgraph.events.train import Example, embed_examples, fit_detector

    verbs = {"ASSAULT": ["bomb", "shell", "attack", "ambush", "shoot"],
             "AID": ["donate", "supply", "deliver", "provide", "give"],
             NONE: ["say", "think", "publish", "report", "expect"]}
    examples = [Example(phrase=f"{verb} {noun}", head=verb, passive=False, negated=False,
                        kind=kind, mode="", group=f"verb:{verb}", origin="own")
                for kind, words in verbs.items() for verb in words
                for noun in ("village", "town", "camp")]
    rows = embed_examples(examples, "vectors")
    output = tmp_path / "weights.npz"
    card = fit_detector(examples, rows, output, feature_set="vectors", validate=False)
    assert card["feature_set"] == "vectors" and not output.with_name("weights.npz.partial.npz").exists()
    detector = EventDetector(model_file=str(output))
    unseen = [Predicate(index=0, phrase="bombard city", head="bombard", passive=False, negated=False),
              Predicate(index=0, phrase="announce result", head="announce", passive=False,
                        negated=False)]
    kinds = [prediction.kind for prediction in detector.predict(unseen)]
    assert kinds == ["ASSAULT", NONE]  # verbs it never saw, read through their vectors
