"""A user's own narrative taxonomy: zero-shot labels at once, trained heads after
'newsgraph train framing --taxonomy'; every article here is written for these tests."""

import json
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.errors import ConfigError, ExitCode, InputError
from newsgraph.framing.datasets import taxonomy_documents
from newsgraph.framing.model import FramingModel
from newsgraph.framing.stage import FramingStage
from newsgraph.framing.taxonomies import load_taxonomy
from newsgraph.schema import Analysis, Article, Draft, Parse, Sentence

TAXONOMY = """\
name: energy-policy
kind: narratives
labels:
  - label: Renewables fail
    description: wind and solar power cannot keep the lights on and leave homes in the dark
    children:
      - label: Blackouts
        description: the power grid fails and towns lose electricity
      - label: Too costly
        description: subsidies for green power push up household energy bills
  - label: Nuclear is the answer
    description: nuclear power stations give steady clean electricity and more should be built
"""

ARTICLES = {
    "dark1.txt": "Town left in the dark\n\nResidents spent three nights without electricity after "
                 "the grid failed. Wind turbines stood still during a long calm spell.\n",
    "dark2.txt": "Power cut hits valley\n\nThousands of homes lost power on Monday. Engineers said "
                 "solar farms produced almost nothing under heavy snow.\n",
    "bills1.txt": "Bills climb again\n\nFamilies face higher energy bills this winter. The green "
                  "levy that pays for wind farm subsidies rose by a fifth.\n",
    "atom1.txt": "New reactor approved\n\nThe government approved a new nuclear power station on "
                 "the coast. Supporters said reactors run day and night without emissions.\n",
    "atom2.txt": "Reactor fleet to grow\n\nMinisters plan four more nuclear plants. Engineers "
                 "praised the steady output of the existing reactors.\n",
    "sport.txt": "Cup final tonight\n\nThe two teams meet at the national stadium. Tickets sold "
                 "out within an hour.\n",
}

ANNOTATIONS = ("dark1.txt\tRenewables fail\tRenewables fail: Blackouts\n"
               "dark2.txt\tRenewables fail\tRenewables fail: Blackouts\n"
               "bills1.txt\tRenewables fail\tRenewables fail: Too costly\n"
               "atom1.txt\tNuclear is the answer\t\n"
               "atom2.txt\tNuclear is the answer\t\n"
               "sport.txt\tOther\tOther\n")

NEW_ARTICLE = ("Lights out across the county\n\nA windless week left the grid short of power and "
               "several villages went dark. Residents said the turbines on the hill never moved.\n")


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The taxonomy file and a folder of labelled articles in the SemEval subtask-2 format."""
    root = tmp_path_factory.mktemp("energy")
    taxonomy = root / "energy.yaml"
    taxonomy.write_text(TAXONOMY, encoding="utf-8")
    data = root / "data"
    (data / "raw-documents").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (data / "raw-documents" / name).write_text(text, encoding="utf-8")
    (data / "subtask-2-annotations.txt").write_text(ANNOTATIONS, encoding="utf-8")
    return taxonomy, data


@pytest.fixture(scope="module")
def trained(labelled: tuple[Path, Path]) -> Path:
    """Heads trained for the taxonomy on the six articles (too few for cross-validation)."""
    taxonomy, data = labelled
    output = taxonomy.parent / "energy_model.npz"
    code = main(["-q", "train", "framing", "--taxonomy", str(taxonomy), "--data", str(data),
                 "-o", str(output)])
    assert code == ExitCode.OK
    return output


def _read(stage: FramingStage, text: str) -> Analysis:
    """Frame ``text`` with sentences split by the framing module (no spaCy parse needed)."""
    from newsgraph.framing.features import sentence_spans

    article = Article(id="0123456789abcdef", text=text)
    sentences = [Sentence(i, a, b, 0, 0, "sentence") for i, (a, b) in
                 enumerate(sentence_spans(text))]
    draft = Draft(article=article, analysis=Analysis(article=article),
                  parse=Parse(tokens=[], sentences=sentences, named=[]))
    stage([draft])
    return draft.analysis


def _energy(analysis: Analysis) -> list[dict[str, object]]:
    return [item for item in analysis.narratives if item.get("taxonomy") == "energy-policy"]


def test_a_user_taxonomy_gives_zero_shot_labels_with_scores_and_evidence(
        labelled: tuple[Path, Path]) -> None:
    stage = FramingStage(taxonomy_files=[str(labelled[0])])
    items = _energy(_read(stage, NEW_ARTICLE))
    assert [item["label"] for item in items] == ["Renewables fail"]
    item = items[0]
    assert item["method"] == "zero-shot" and 0 < item["confidence"] <= 1  # type: ignore[operator]
    evidence = item["evidence"]
    assert isinstance(evidence, list) and evidence
    assert NEW_ARTICLE[evidence[0]["start"]:evidence[0]["end"]] == evidence[0]["text"]
    assert [child["label"] for child in item["subnarratives"]] == [  # type: ignore[attr-defined]
        "Renewables fail: Blackouts"]


def test_training_writes_a_model_that_records_its_taxonomy(labelled: tuple[Path, Path],
                                                           trained: Path) -> None:
    model = FramingModel.load(trained)
    assert set(model.heads) == {"narratives", "subnarratives"}
    assert model.heads["narratives"].labels == ["Renewables fail", "Nuclear is the answer"]
    assert model.taxonomy is not None
    assert model.taxonomy["fingerprint"] == load_taxonomy(labelled[0]).fingerprint()
    assert model.info["thresholds_from"].startswith("defaults (6 articles")


def test_the_trained_model_is_used_and_changes_the_scores(labelled: tuple[Path, Path],
                                                          trained: Path) -> None:
    zero_shot = FramingStage(taxonomy_files=[str(labelled[0])], zero_shot_threshold=0.0)
    before = {item["label"]: item["score"] for item in _energy(_read(zero_shot, NEW_ARTICLE))}
    stage = FramingStage(taxonomy_files=[str(labelled[0])], model_file=str(trained))
    analysis = _read(stage, NEW_ARTICLE)
    items = _energy(analysis)
    assert items and items[0]["label"] == "Renewables fail" and items[0]["method"] == "trained"
    assert items[0]["score"] != before["Renewables fail"]
    assert analysis.genre is not None  # the packaged model still reads everything else
    nuclear = _energy(_read(stage, "Plan for reactors\n\nThe minister backed two new nuclear "
                                   "power stations. Reactors give steady power all year.\n"))
    assert [item["label"] for item in nuclear] == ["Nuclear is the answer"]


def test_a_model_refuses_a_taxonomy_it_was_not_trained_for(labelled: tuple[Path, Path],
                                                           trained: Path) -> None:
    changed = labelled[0].parent / "changed.yaml"
    changed.write_text(TAXONOMY.replace("label: Too costly", "label: Too dear"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        FramingStage(taxonomy_files=[str(changed)], model_file=str(trained)).setup()
    message = caught.value.message
    assert "\n" not in message and str(trained) in message and "'Renewables fail: Too dear'" in message
    with pytest.raises(ConfigError, match="framing.taxonomy_files"):
        FramingStage(model_file=str(trained)).setup()


def test_the_cli_refuses_a_taxonomy_model_without_its_taxonomy(labelled: tuple[Path, Path],
                                                              trained: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = labelled[1] / "raw-documents"
    code = main(["eval", "framing", "--input", str(folder), "--predictions",
                 str(labelled[0].parent / "out"), "--model", str(trained)])
    assert code == ExitCode.CONFIG
    assert "energy-policy" in capsys.readouterr().err


def test_predictions_for_a_user_taxonomy_come_in_the_subtask_2_format(
        labelled: tuple[Path, Path], trained: Path) -> None:
    out = labelled[0].parent / "predictions"
    code = main(["eval", "framing", "--input", str(labelled[1] / "raw-documents"),
                 "--predictions", str(out), "--model", str(trained), "--taxonomy",
                 str(labelled[0])])
    assert code == ExitCode.OK
    rows = [line.split("\t") for line in
            (out / "subtask-2-predictions.txt").read_text(encoding="utf-8").splitlines()]
    assert [row[0] for row in rows] == sorted(ARTICLES)
    known = {"Other", "Renewables fail", "Nuclear is the answer"}
    assert all(set(row[1].split(";")) <= known for row in rows)


def test_an_unknown_label_names_the_annotation_file_and_line(labelled: tuple[Path, Path],
                                                             tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "raw-documents").mkdir(parents=True)
    for name in ("dark1.txt", "atom1.txt"):
        (data / "raw-documents" / name).write_text(ARTICLES[name], encoding="utf-8")
    annotations = data / "subtask-2-annotations.txt"
    annotations.write_text("dark1.txt\tRenewables fail\tRenewables fail: Blackouts\n\n"
                           "atom1.txt\tNuclear is great\t\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        taxonomy_documents(data, load_taxonomy(labelled[0]))
    message = caught.value.message
    assert message.startswith(f"{annotations}:3: 'Nuclear is great' is not a narrative")
    assert "\n" not in message
    annotations.write_text("dark1.txt\tRenewables fail\tRenewables fail: Heatwaves\n",
                           encoding="utf-8")
    code = main(["train", "framing", "--taxonomy", str(labelled[0]), "--data", str(data),
                 "-o", str(tmp_path / "m.npz")])
    assert code == ExitCode.INPUT and not (tmp_path / "m.npz").exists()


def test_annotations_imply_parents_and_keep_other_alone(labelled: tuple[Path, Path]) -> None:
    documents = {d.id: d for d in taxonomy_documents(labelled[1], load_taxonomy(labelled[0]))}
    assert documents["dark1.txt"].narratives == ["Renewables fail"]
    assert documents["sport.txt"].narratives == ["Other"]
    assert documents["sport.txt"].subnarratives == ["Other"]
    assert documents["atom1.txt"].subnarratives == []


def test_a_taxonomy_fingerprint_ignores_layout_but_not_labels(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(TAXONOMY, encoding="utf-8")
    second.write_text("# the same labels, commented\n" + TAXONOMY, encoding="utf-8")
    assert load_taxonomy(first).fingerprint() == load_taxonomy(second).fingerprint()
    second.write_text(TAXONOMY.replace("more should be built", "more are needed"), encoding="utf-8")
    assert load_taxonomy(first).fingerprint() != load_taxonomy(second).fingerprint()


@pytest.mark.slow
def test_the_cli_analyses_with_a_user_taxonomy(labelled: tuple[Path, Path], trained: Path,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    stages = '["newsgraph.framing.v1"]'
    code = main(["--set", f"pipeline.stages={stages}", "--set",
                 f"framing.taxonomy_files={labelled[0]}", "--set", f"framing.model_file={trained}",
                 "analyze", str(article), "--format", "json"])
    assert code == ExitCode.OK
    narratives = json.loads(capsys.readouterr().out)["narratives"]
    assert any(item["taxonomy"] == "energy-policy" and item["method"] == "trained"
               for item in narratives)


def test_thresholds_come_from_cross_validation_given_enough_articles(
        labelled: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.framing import user_taxonomy as framing_taxonomy

    report = framing_taxonomy.evaluate_taxonomy(labelled[0], labelled[1], folds=2)
    assert report["articles"] == 6 and report["folds"] == 2
    for key in ("f1_samples_coarse", "f1_samples_fine", "zero_shot_f1_samples_coarse"):
        assert 0.0 <= report[key] <= 1.0
    monkeypatch.setattr(framing_taxonomy, "MIN_ARTICLES_FOR_CV", 4)
    result = framing_taxonomy.train_taxonomy(labelled[0], labelled[1], tmp_path / "cv.npz", folds=2)
    assert result["thresholds_from"] == "2-fold cross-validation"
    head = FramingModel.load(tmp_path / "cv.npz").heads["narratives"]
    assert head.threshold == result["thresholds"]["coarse"]
