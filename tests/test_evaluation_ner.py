"""The CoNLL-2003 evaluation: IOB1 reading, span mapping and scoring, on hand-made data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.evaluation.ner import (
    LabelledSpan,
    data_file,
    evaluate_ner,
    format_scores,
    iob1_chunks,
    model_spans,
    newsgraph_spans,
    read_conll,
    score,
    to_article,
)
from newsgraph.schema import Analysis, Article, Entity, Mention, NamedSpan, Parse
from newsgraph.settings import Settings

# Two documents. In the first, two people touch ("Mara Quist" then "Ivo Brandt"), so the
# second starts with B-PER; an ORG runs straight into a LOC; a MISC must not be scored.
CONLL = """\
-DOCSTART- -X- -X- O

Mara NNP I-NP I-PER
Quist NNP I-NP I-PER
Ivo NNP I-NP B-PER
Brandt NNP I-NP I-PER
met VBD I-VP O
in IN I-PP O
Lisbon NNP I-NP I-LOC
. . O O

Velmont NNP I-NP I-ORG
Farms NNP I-NP I-ORG
Portugal NNP I-NP I-LOC
sells VBZ I-VP O
Alentejo NNP I-NP I-MISC
cork NN I-NP O
to TO I-PP O
Oslo NNP I-NP I-LOC

-DOCSTART- -X- -X- O

Harbour NNP I-NP I-ORG
Board NNP I-NP I-ORG
closed VBD I-VP O
. . O O
"""


@pytest.fixture()
def conll_file(tmp_path: Path) -> Path:
    path = tmp_path / "eng.testb"
    path.write_text(CONLL, encoding="utf-8")
    return path


def _texts(path: Path) -> list[list[tuple[str, str]]]:
    return [[(document.text[span.start:span.end], span.label) for span in document.entities]
            for document in read_conll(path)]


def test_iob1_chunks_split_touching_entities_at_b() -> None:
    tags = ["I-PER", "I-PER", "B-PER", "I-PER", "O", "I-LOC"]
    assert iob1_chunks(tags) == [(0, 2, "PER"), (2, 4, "PER"), (5, 6, "LOC")]


def test_iob1_chunks_split_on_change_of_type_and_read_iob2() -> None:
    assert iob1_chunks(["I-ORG", "I-ORG", "I-LOC"]) == [(0, 2, "ORG"), (2, 3, "LOC")]
    assert iob1_chunks(["B-ORG", "I-ORG", "O", "B-LOC"]) == [(0, 2, "ORG"), (3, 4, "LOC")]
    assert iob1_chunks(["O", "O"]) == []


def test_read_conll_rebuilds_text_and_character_spans(conll_file: Path) -> None:
    documents = read_conll(conll_file)
    assert len(documents) == 2
    first = documents[0]
    assert first.text == ("Mara Quist Ivo Brandt met in Lisbon .\n"
                          "Velmont Farms Portugal sells Alentejo cork to Oslo")
    assert first.sentences == 2
    assert len(first.tokens) == 16
    assert all(first.text[start:end] for start, end in first.tokens)
    assert _texts(conll_file) == [
        [("Mara Quist", "PER"), ("Ivo Brandt", "PER"), ("Lisbon", "LOC"),
         ("Velmont Farms", "ORG"), ("Portugal", "LOC"), ("Alentejo", "MISC"), ("Oslo", "LOC")],
        [("Harbour Board", "ORG")],
    ]
    assert documents[0].entities[0] == LabelledSpan(0, 10, "PER")


def test_read_conll_limit_and_file_without_docstart(tmp_path: Path, conll_file: Path) -> None:
    assert len(read_conll(conll_file, limit=1)) == 1
    bare = tmp_path / "bare.txt"
    bare.write_text("Oslo NNP I-NP I-LOC\nwaits VBZ I-VP O\n", encoding="utf-8")
    [document] = read_conll(bare)
    assert document.text == "Oslo waits"
    assert document.entities == [LabelledSpan(0, 4, "LOC")]


def test_read_conll_names_the_line_of_a_bad_tag(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Oslo NNP I-NP I-LOC\nwaits VBZ I-VP X-LOC\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.txt:2:"):
        read_conll(path)


def test_data_file_accepts_folder_or_file_and_explains_a_missing_one(
        tmp_path: Path, conll_file: Path) -> None:
    assert data_file(tmp_path) == conll_file
    assert data_file(conll_file) == conll_file
    with pytest.raises(NewsgraphError, match="evaluation data not found; pass --data"):
        data_file(tmp_path / "missing")
    with pytest.raises(NewsgraphError, match="evaluation data not found"):
        evaluate_ner(tmp_path / "missing", Settings())


def test_eval_ner_command_explains_missing_data(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from newsgraph.cli import main
    from newsgraph.errors import ExitCode

    code = main(["eval", "ner", "--data", str(tmp_path / "nowhere")])
    assert code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "'--data'" in err and "does not exist" in err


def test_to_article_ids_by_text_hash(conll_file: Path) -> None:
    document = read_conll(conll_file)[1]
    article = to_article(document, "eng.testb#2")
    assert article.text == "Harbour Board closed ."
    assert article.id == hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:16]
    assert article.origin == "eng.testb#2" and article.headings == []


def test_score_arithmetic_on_hand_made_predictions() -> None:
    gold = [
        [LabelledSpan(0, 4, "PER"), LabelledSpan(10, 16, "LOC"), LabelledSpan(20, 25, "ORG"),
         LabelledSpan(30, 35, "MISC")],
        [LabelledSpan(0, 6, "LOC")],
    ]
    predicted = [
        [LabelledSpan(0, 4, "PER"),        # correct
         LabelledSpan(10, 15, "LOC"),      # wrong boundary
         LabelledSpan(20, 25, "LOC"),      # right span, wrong type
         LabelledSpan(30, 35, "MISC"),     # not scored
         LabelledSpan(0, 4, "PER")],       # predicted twice: counts once
        [LabelledSpan(0, 6, "LOC"),        # correct
         LabelledSpan(0, 4, "PER")],       # right span of the other document: wrong here
    ]
    scores = score(gold, predicted)
    assert scores["PER"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667,
                             "correct": 1, "predicted": 2, "gold": 1}
    assert scores["LOC"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4,
                             "correct": 1, "predicted": 3, "gold": 2}
    assert scores["ORG"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                             "correct": 0, "predicted": 0, "gold": 1}
    assert scores["micro"] == {"precision": 0.4, "recall": 0.5, "f1": 0.4444,
                               "correct": 2, "predicted": 5, "gold": 4}


def test_score_needs_one_prediction_list_per_document() -> None:
    with pytest.raises(ValueError):
        score([[LabelledSpan(0, 1, "PER")]], [])


def test_model_spans_map_spacy_labels() -> None:
    named = [NamedSpan(0, 2, 0, 10, "PERSON", "Mara Quist"),
             NamedSpan(2, 3, 11, 17, "GPE", "Lisbon"),
             NamedSpan(3, 4, 18, 22, "FAC", "Pier"),
             NamedSpan(4, 5, 23, 28, "NORP", "Dutch"),
             NamedSpan(5, 6, 29, 33, "ORG", "Acme"),
             NamedSpan(6, 7, 34, 38, "DATE", "1996")]
    parse = Parse(tokens=[], sentences=[], named=named)
    assert model_spans(parse) == [LabelledSpan(0, 10, "PER"), LabelledSpan(11, 17, "LOC"),
                                  LabelledSpan(18, 22, "LOC"), LabelledSpan(29, 33, "ORG")]


def test_newsgraph_spans_keep_names_and_drop_titles_and_demonyms() -> None:
    def mention(start: int, end: int, label: str) -> Mention:
        return Mention(start=start, end=end, text="x" * (end - start), sentence=0, label=label)

    entities = [
        Entity(id="e1", name="Mara Quist", type="person",
               mentions=[mention(0, 10, "PERSON"), mention(40, 53, "TITLE"), mention(60, 65, "ORG")]),
        Entity(id="e2", name="Portugal", type="country",
               mentions=[mention(70, 78, "GPE"), mention(80, 90, "NORP"), mention(91, 95, "ORG")]),
        Entity(id="e3", name="Lisbon", type="place",
               mentions=[mention(100, 106, "FAC"), mention(141, 147, "DATELINE")]),
        Entity(id="e4", name="Velmont Farms", type="organisation",
               mentions=[mention(110, 123, "ORG")]),
        Entity(id="e5", name="Portuguese", type="group", mentions=[mention(130, 140, "NORP")]),
    ]
    analysis = Analysis(article=Article(id="a", text=""), entities=entities)
    assert newsgraph_spans(analysis) == [
        LabelledSpan(0, 10, "PER"), LabelledSpan(60, 65, "PER"), LabelledSpan(70, 78, "LOC"),
        LabelledSpan(100, 106, "LOC"), LabelledSpan(141, 147, "LOC"),
        LabelledSpan(110, 123, "ORG")]


def test_format_scores_shows_every_system_and_type() -> None:
    figures = score([[LabelledSpan(0, 4, "PER")]], [[LabelledSpan(0, 4, "PER")]])
    text = format_scores({
        "data": "/x/eng.testb", "documents": 1, "tokens": 3,
        "gold_entities": {"PER": 1, "LOC": 0, "ORG": 0, "MISC": 0},
        "model": "en_core_web_md-3.7.1", "stages": ["newsgraph.entities.v1"],
        "seconds": {"load": 1.0, "model": 0.5, "newsgraph": 0.5, "total": 2.0},
        "systems": {"model": figures, "newsgraph": figures}})
    assert "eng.testb: 1 documents" in text
    assert text.count(" micro ") == 2
    assert "model      PER     1.000  1.000  1.000" in text


@pytest.mark.slow
def test_eval_ner_command_runs_both_systems(tmp_path: Path, conll_file: Path) -> None:
    from click.testing import CliRunner

    from newsgraph.cli import cli

    result = CliRunner().invoke(cli, ["eval", "ner", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["documents"] == 2
    assert scores["gold_entities"] == {"PER": 2, "LOC": 3, "ORG": 2, "MISC": 1}
    assert set(scores["systems"]) == {"model", "newsgraph"}
    for figures in scores["systems"].values():
        assert figures["micro"]["gold"] == 7
        assert 0.0 <= figures["micro"]["f1"] <= 1.0
