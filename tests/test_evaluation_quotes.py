import json
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.evaluation.quotes import (GoldAttribution, evaluate_quotes, format_scores, read_ann,
                                         read_polnear, score)
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Article

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
TEXT = "The mayor said the bridge would reopen. Traffic was light, police said."
# Hand-written standoff in PolNeAR's form, with a discontinuous span and lines to skip.
ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 38\tthe bridge would reopen\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "#1\tAnnotatorNotes T1\ta note\n"
    "T5\tContent 40 47;48 58\tTraffic was light\n"
    "T6\tSource 60 66\tpolice\n"
    "T7\tCue 67 71\tsaid\n"
    "E2\tCue:T7 Source:T6 Content:T5 Attribution:T4\n"
)


def test_standoff_lines_become_attributions() -> None:
    found = read_ann(ANN)
    assert found[0] == GoldAttribution(source=((0, 9),), cue=((10, 14),), content=((15, 38),))
    assert found[1].content == ((40, 47), (48, 58)) and found[1].source == ((60, 66),)


def test_a_perfect_prediction_scores_100_and_a_partial_one_less(pipeline: Pipeline) -> None:
    gold = read_ann(ANN)
    parse = pipeline.backbone.parse([Article(id="0" * 16, text=TEXT)])[0]
    perfect = score([gold], [gold], [parse])
    assert all(perfect[key]["exact"]["f1"] == 100.0 for key in perfect)
    shifted = GoldAttribution(source=((4, 9),), cue=((10, 14),), content=((15, 38),))
    partial = score([gold], [[shifted]], [parse])
    assert partial["source"]["exact"]["f1"] == 0.0 and partial["source"]["token"]["precision"] == 100.0
    assert partial["cue"]["exact"]["precision"] == 100.0 and partial["cue"]["exact"]["recall"] == 50.0
    assert partial["attribution"]["exact"]["f1"] == 0.0 and partial["attribution"]["token"]["correct"] == 1


def test_a_missing_data_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="evaluation data not found"):
        read_polnear(tmp_path, "dev")


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="PolNeAR is not in ../shared/data")
def test_the_rules_on_a_slice_of_polnear_dev_stay_above_their_floor(pipeline: Pipeline) -> None:
    report = evaluate_quotes(POLNEAR, "dev", pipeline.settings, limit=6)
    scores = report["extractors"]["rules"]["scores"]
    # Floors well under the full-dev figures in docs/benchmarks.md (a slice varies).
    assert scores["cue"]["exact"]["f1"] > 35 and scores["source"]["exact"]["f1"] > 35
    assert scores["content"]["token"]["f1"] > 35
    assert "BiLSTM-CRF" in format_scores(report)


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="PolNeAR is not in ../shared/data")
def test_train_and_eval_quotes_from_the_command_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pycrfsuite")
    from newsgraph.cli import main

    output = tmp_path / "crf.json"
    code = main(["train", "quotes", "--data", str(POLNEAR), "--limit", "3", "--iterations", "5",
                 "-o", str(output)])
    assert code == 0 and output.stat().st_size > 0
    assert main(["train", "quotes", "--data", str(POLNEAR), "-o", str(output)]) == 2  # exists, no --force
    capsys.readouterr()
    code = main(["eval", "quotes", "--data", str(POLNEAR), "--split", "dev", "--limit", "2", "--json"])
    import json

    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["articles"] == 2 and "rules" in report["extractors"]


def test_the_sentence_measure_cuts_spans_at_sentence_ends_as_the_anchors_do(
        pipeline: Pipeline) -> None:
    text = "The mayor said the bridge would reopen. It was safe. Traffic was light."
    parse = pipeline.backbone.parse([Article(id="0" * 16, text=text)])[0]
    gold = [GoldAttribution(source=((0, 9),), cue=((10, 14),), content=((15, 51),))]
    first_sentence_only = [GoldAttribution(source=((0, 9),), cue=((10, 14),), content=((15, 39),))]
    scores = score([gold], [first_sentence_only], [parse])
    assert scores["content"]["exact"]["f1"] == 0.0
    # Gold content is two runs (one per sentence); the prediction matches the first.
    assert scores["content"]["sentence"]["correct"] == 1
    assert scores["content"]["sentence"]["gold"] == 2
    assert scores["content"]["sentence"]["precision"] == 100.0


def test_a_crf_trained_on_a_hand_made_corpus_loads_and_tags(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              pipeline: Pipeline) -> None:
    pytest.importorskip("pycrfsuite")
    from newsgraph.cli import main
    from newsgraph.stages.quote_tagger import QuoteTagger
    from newsgraph.stages.quotes import CueLexicon

    (tmp_path / "train" / "text").mkdir(parents=True)
    (tmp_path / "train" / "attributions").mkdir()
    for number in range(4):
        (tmp_path / "train" / "text" / f"a{number}.txt").write_text(TEXT, encoding="utf-8")
        (tmp_path / "train" / "attributions" / f"a{number}_x.ann").write_text(ANN, encoding="utf-8")
    output = tmp_path / "crf.json"
    code = main(["train", "quotes", "--data", str(tmp_path), "--iterations", "20", "--c1", "0.01",
                 "-o", str(output)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["articles"] == 4 and report["c1"] == 0.01
    tagger = QuoteTagger.load(CueLexicon.load(), output)
    assert tagger is not None
    parse = pipeline.backbone.parse([Article(id="0" * 16, text=TEXT)])[0]
    tags = tagger.tag(parse, TEXT)
    assert "B-cue" in tags and "B-source" in tags
