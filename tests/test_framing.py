"""The framing stage, its taxonomies and its metrics; needs no ../shared data."""

import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from newsgraph.api import analysis_schema, analyze
from newsgraph.cli import main
from newsgraph.errors import ConfigError, ExitCode
from newsgraph.framing.datasets import RoleMention
from newsgraph.framing.features import Vocabulary, paragraph_tfidf, sentence_spans
from newsgraph.framing.metrics import f1_samples, macro_f1, micro_f1, role_scores
from newsgraph.framing.model import Head, decode_narratives
from newsgraph.framing.stage import FramingStage, explain
from newsgraph.framing.taxonomies import builtin, load_taxonomy
from newsgraph.framing.techniques import (TechniqueCues, article_word_counts, cue_features,
                                          load_technique_cues, paragraph_features, reads_cues,
                                          stack_techniques, technique_context)
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article, Draft, Parse, Sentence
from newsgraph.store import Store

ARTICLE = (
    "Kremlin fires missiles at Kyiv as the West dithers\n\n"
    "Russian forces launched a massive missile attack on Kyiv overnight, killing twelve civilians "
    "and destroying power stations, Ukrainian officials said on Tuesday.\n"
    "President Vladimir Putin claimed the strikes were a response to Western aggression, but "
    "European leaders condemned the brutal assault on innocent people.\n"
    "Critics warned that the war risks spiralling into a wider conflict with NATO, and that "
    "nuclear weapons could be used if the West sends more arms to Ukraine.\n"
    "Meanwhile Western sanctions are backfiring, driving up energy prices across Europe while "
    "Russia's economy keeps growing. They only hurt ordinary Europeans, and NATO provoked this "
    "war by expanding east.\n")


@pytest.fixture(scope="module")
def stage() -> FramingStage:
    built = FramingStage()
    built.setup()
    return built


def _draft(pipeline: Pipeline, text: str) -> Draft:
    article = Article(id="0123456789abcdef", text=text, title=None)
    parse = pipeline.backbone.parse([article])[0]
    draft = Draft(article=article, analysis=Analysis(article=article, sentences=list(parse.sentences)),
                  parse=parse)
    for other in pipeline.stages:
        other([draft])
    return draft


# --- taxonomies ---------------------------------------------------------------------------------


def test_the_built_in_taxonomies_have_the_semeval_labels() -> None:
    narratives = builtin("narratives")
    assert len(narratives.labels) == 21 and len(narratives.fine) == 93
    assert "URW: Discrediting Ukraine: Situation in Ukraine is hopeless" in {l.name for l in narratives.fine}
    roles = builtin("roles")
    assert [l.name for l in roles.labels] == ["Protagonist", "Antagonist", "Innocent"]
    assert len(roles.fine) == 22
    assert len(builtin("frames").labels) == 14 and len(builtin("techniques").labels) == 23
    assert all(label.description for label in (*narratives.labels, *narratives.fine))


@pytest.mark.parametrize("text, line, fragment", [
    ("name: t\nkind: narratives\nlabels:\n  - label: A\n    description: [unclosed\n", 6, "not valid YAML"),
    ("name: t\nkind: narratives\nlabels:\n  - label: A\n    description: a\n  - label: B\n", 6,
     "has no 'description'"),
    ("name: t\nkind: narratives\nlabels:\n  - label: A\n    descripton: a\n", 5, "unknown key 'descripton'"),
    ("name: t\nkind: narratives\nlabels:\n  - {label: A, description: a}\n  - {label: A, description: b}\n",
     5, "already defined at line 4"),
    ("name: t\nkind: moods\nlabels:\n  - {label: A, description: a}\n", 2, "'moods' (kind) is not known"),
    ("name: t\nkind: narratives\nlabels: []\n", 3, "'labels' is empty"),
])
def test_a_bad_user_taxonomy_names_file_and_line(tmp_path: Path, text: str, line: int,
                                                 fragment: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_taxonomy(path)
    assert raised.value.message.startswith(f"{path}:{line}: "), raised.value.message
    assert fragment in raised.value.message


def test_a_missing_taxonomy_file_says_where_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="framing.taxonomy_files"):
        load_taxonomy(tmp_path / "absent.yaml")


# --- metrics and decoding -----------------------------------------------------------------------


def test_the_official_metrics_on_small_cases() -> None:
    assert f1_samples([["A", "B"], ["Other"]], [["A"], ["Other"]]) == pytest.approx((2 / 3 + 1) / 2)
    assert micro_f1([["a", "b"], []], [["a"], ["c"]]) == pytest.approx(2 * 1 / (2 + 2))
    assert macro_f1(["x", "y", "y"], ["x", "y", "x"], ["x", "y"]) == pytest.approx((2 / 3 + 2 / 3) / 2)
    gold = [RoleMention("a", "Putin", 0, 5, "Antagonist", ("Instigator", "Tyrant")),
            RoleMention("a", "Kyiv", 9, 13, "Innocent", ("Victim",))]
    scores = role_scores(gold, [("Antagonist", ["Instigator"]), ("Innocent", ["Victim"])])
    assert scores["exact_match_ratio"] == 0.5 and scores["main_role_accuracy"] == 1.0
    assert scores["micro_precision"] == 1.0 and scores["micro_recall"] == pytest.approx(2 / 3)


def test_decoding_keeps_narratives_and_subnarratives_consistent() -> None:
    coarse_labels = ["URW: A", "URW: B", "CC: C"]
    fine_labels = ["URW: A: x", "URW: A: Other", "URW: B: y", "CC: C: z"]
    parents = {"URW: A: x": "URW: A", "URW: A: Other": "URW: A", "URW: B: y": "URW: B",
               "CC: C: z": "CC: C"}
    coarse = np.array([0.9, 0.1, 0.6], dtype=np.float32)
    fine = np.array([0.1, 0.2, 0.9, 0.9], dtype=np.float32)
    chosen, subs = decode_narratives(coarse, fine, coarse_labels, fine_labels, parents,
                                     coarse_threshold=0.5, fine_threshold=0.5)
    assert chosen == ["URW: A"]  # one domain; "URW: B: y" has no chosen parent
    assert subs == ["URW: A: Other"]
    nothing = decode_narratives(coarse * 0, fine, coarse_labels, fine_labels, parents,
                                coarse_threshold=0.5, fine_threshold=0.5)
    assert nothing == (["Other"], ["Other"])


def test_other_gate_comes_before_the_narrative_threshold() -> None:
    labels, fine_labels = ["URW: A", "URW: B"], ["URW: A: Other", "URW: B: Other"]
    parents = {"URW: A: Other": "URW: A", "URW: B: Other": "URW: B"}
    coarse = np.array([0.25, 0.1], dtype=np.float32)
    fine = np.zeros(2, dtype=np.float32)
    weak = decode_narratives(coarse, fine, labels, fine_labels, parents, coarse_threshold=0.05,
                             fine_threshold=0.5, other_threshold=0.3)
    assert weak == (["Other"], ["Other"])
    strong = decode_narratives(coarse, fine, labels, fine_labels, parents, coarse_threshold=0.05,
                               fine_threshold=0.5, other_threshold=0.2)
    assert strong[0] == ["URW: A", "URW: B"]  # past the gate, the low threshold keeps both


def test_technique_context_reads_paragraphs_in_their_article() -> None:
    scores = np.array([[0.9, 0.1], [0.2, 0.1], [0.1, 0.05]], dtype=np.float32)
    context = technique_context(scores)
    assert context.shape == (3, 6, 2)
    assert np.allclose(context[:, 2, 0], context[0, 0, 0])  # the article max, on every row
    weights = np.zeros((6, 2), dtype=np.float32)
    weights[0] = 1.0  # only the paragraph's own score: the stack gives it back unchanged
    identity = Head(["a", "b"], weights, np.zeros(2, np.float32), np.zeros(6, np.float32),
                    np.ones(6, np.float32))
    assert np.allclose(stack_techniques(scores, identity), scores, atol=1e-4)
    assert technique_context(scores[:0]).shape == (0, 6, 2)


def test_technique_cues_count_words_phrases_and_repetition() -> None:
    cues = load_technique_cues()
    names = list(cues.names)
    article = ("The plan is a disaster, a total disaster.\n"
               "Officials insist the plan works.\n"
               "This so-called plan is a disaster for every family!\n")
    counts = article_word_counts(article, cues)
    third = article.split("\n")[2]
    values = cue_features(third, cues, counts)
    assert values.shape == (cues.size,)
    assert values[names.index("doubt")] > 0  # "so-called", a phrase of two tokens
    assert values[names.index("absolutes")] > 0  # "every"
    assert values[names.index("fear")] > 0  # "disaster"
    assert values[names.index("nation")] == 0
    shape = values[len(names):]
    assert shape[3] > 0  # the exclamation mark
    assert shape[6] > 0  # "disaster" and "plan" come back from the other paragraphs
    alone = cue_features(third, cues, None)
    assert alone[len(names) + 6] == 0  # without the article nothing repeats


def test_paragraph_features_add_cues_only_when_asked() -> None:
    cues = load_technique_cues()
    vocabulary = Vocabulary.fit(["one plan here", "another plan there", "a plan again"], min_df=1)
    vectors = np.ones((1, 384), dtype=np.float32)
    plain = paragraph_features(vectors, "A plan.", vocabulary)
    with_cues = paragraph_features(vectors, "A plan.", vocabulary, cues)
    assert len(with_cues) == len(plain) + cues.size
    assert len(plain) == paragraph_tfidf(vocabulary).stop

    def head(size: int) -> Head:
        return Head(["a"], np.zeros((size, 1), np.float32), np.zeros(1, np.float32),
                    np.zeros(size, np.float32), np.ones(size, np.float32))

    assert not reads_cues(head(len(plain)), vocabulary)
    assert reads_cues(head(len(with_cues)), vocabulary)


@pytest.mark.parametrize("data", [None, {"cues": {"fear": "threat"}, "common_words": []},
                                  {"cues": ["fear"], "common_words": []}])
def test_a_bad_cue_file_says_what_is_wrong(data: object) -> None:
    with pytest.raises(ConfigError, match="technique cue file"):
        TechniqueCues.from_mapping(data, "cues.yaml")


def test_sentences_split_by_line_and_end_punctuation() -> None:
    text = "Title line\n\nFirst one. Second one? \"Third,\" he said.\n"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Title line", "First one.", "Second one?", "\"Third,\" he said."]


def test_an_explanation_has_at_most_80_words() -> None:
    text = explain("the war is lost", ["word " * 60, "more " * 60])
    assert len(text.split()) <= 81 and text.startswith("Dominant narrative: the war is lost. The article says:")


# --- the stage ----------------------------------------------------------------------------------


def test_an_article_shorter_than_one_sentence_gets_empty_framing(stage: FramingStage) -> None:
    article = Article(id="0123456789abcdef", text="Breaking")
    empty = Draft(article=article, analysis=Analysis(article=article),
                  parse=Parse(tokens=[], sentences=[], named=[]))
    heading = Draft(article=article, analysis=Analysis(article=article),
                    parse=Parse(tokens=[], sentences=[Sentence(0, 0, 8, 0, 1, "heading")], named=[]))
    for draft in stage([empty, heading]):
        analysis = draft.analysis
        assert analysis.narratives == [] and analysis.roles == [] and analysis.frames == []
        assert analysis.techniques == [] and analysis.genre is None and analysis.tone is None


@pytest.mark.slow
def test_the_stage_fills_every_section_with_evidence_and_confidence(pipeline: Pipeline,
                                                                     stage: FramingStage) -> None:
    draft = _draft(pipeline, ARTICLE)
    stage([draft])
    analysis = draft.analysis
    data = json.loads(json.dumps(analysis.to_dict()))
    jsonschema.validate(data, analysis_schema())
    assert analysis.genre is not None and analysis.genre["label"] in ("opinion", "reporting", "satire")
    assert analysis.tone is not None and -10 <= analysis.tone["value"] < 0
    assert analysis.roles and analysis.frames
    assert any(item["label"].startswith("URW:") for item in analysis.narratives)
    assert len(analysis.narratives[0]["explanation"].split()) <= 81
    sections = [*analysis.roles, *analysis.narratives, *analysis.frames, *analysis.techniques,
                analysis.genre, analysis.tone]
    for item in sections:
        assert 0 <= item["confidence"] <= 1
        for span in item["evidence"]:
            assert ARTICLE[span["start"]:span["end"]] == span["text"]
    for item in analysis.narratives:
        assert item["evidence"], item
        for child in item["subnarratives"]:
            assert child["label"].startswith(item["label"] + ": ")


@pytest.mark.slow
def test_a_user_taxonomy_gives_zero_shot_labels(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "energy.yaml"
    path.write_text("name: energy\nkind: narratives\nlabels:\n"
                    "  - label: Sanctions hurt Europe\n"
                    "    description: sanctions on Russia raise energy prices and harm Europe\n"
                    "  - label: Space tourism\n"
                    "    description: rockets carry paying tourists into orbit\n", encoding="utf-8")
    custom = FramingStage(taxonomy_files=[str(path)], zero_shot_threshold=0.4)
    draft = _draft(pipeline, ARTICLE)
    custom([draft])
    zero_shot = [item for item in draft.analysis.narratives if item.get("taxonomy") == "energy"]
    assert [item["label"] for item in zero_shot] == ["Sanctions hurt Europe"]
    assert "sanctions" in zero_shot[0]["evidence"][0]["text"].lower()


@pytest.mark.slow
def test_narratives_are_counted_by_source_and_month(pipeline: Pipeline, stage: FramingStage,
                                                    tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # This test is about counting, and the toy article is six sentences long: open the
    # trained "Other" gate (tuned on full-length articles) so that it gets narratives.
    assert stage.model is not None
    monkeypatch.setitem(stage.model.heads["narratives"].extra, "other", 0.0)
    path = tmp_path / "framing.duckdb"
    with Store(path) as store:
        for day, source in (("2025-03-03", "Daily"), ("2025-03-20", "Daily"), ("2025-04-01", "Weekly")):
            analysis = analyze(ARTICLE + f"Filed on {day}.\n", published=day, source=source,
                               pipeline=pipeline)
            draft = Draft(article=analysis.article, analysis=analysis,
                          parse=pipeline.backbone.parse([analysis.article])[0])
            stage([draft])
            store.write(draft.analysis)
    with Store(path, read_only=True) as store:
        rows = store.narrative_counts()
    assert rows and rows[0].month == "2025-03" and rows[0].source == "Daily" and rows[0].articles == 2
    assert {row.month for row in rows} == {"2025-03", "2025-04"}
    code = main(["--db", str(path), "narratives", "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    assert json.loads(out)[0]["articles"] == 2


# --- training and predictions -------------------------------------------------------------------


def test_a_head_reads_the_tfidf_block_as_it_is() -> None:
    from newsgraph.framing.training import fit_head

    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 6)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    head = fit_head(x, y, ["no", "yes"], c=1.0, softmax=True, plain=slice(4, 6), dense_weight=0.5)
    assert np.all(head.mean[4:] == 0.0) and np.all(head.scale[4:] == 1.0)
    assert head.scale[0] == pytest.approx(max(float(x[:, 0].std()), 0.02) / 0.5, rel=1e-4)
    assert (head.scores(x).argmax(axis=1) == y).mean() > 0.9


def test_a_bad_mention_line_names_file_and_line(tmp_path: Path) -> None:
    from newsgraph.errors import InputError
    from newsgraph.framing.commands import read_mentions

    mentions = tmp_path / "mentions.txt"
    mentions.write_text("a.txt\tKyiv\t10\t13\n\na.txt\tPutin\tten\t14\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_mentions(mentions)
    assert f"{mentions}:3:" in str(caught.value)


def test_predictions_for_a_folder_come_in_the_official_formats(tmp_path: Path) -> None:
    folder, out = tmp_path / "articles", tmp_path / "predictions"
    folder.mkdir()
    (folder / "article7.txt").write_text(ARTICLE, encoding="utf-8")
    start = ARTICLE.index("Vladimir Putin")
    mentions = tmp_path / "mentions.txt"
    mentions.write_text(f"article7.txt\tVladimir Putin\t{start}\t{start + 13}\n", encoding="utf-8")
    code = main(["eval", "framing", "--input", str(folder), "--predictions", str(out),
                 "--mentions", str(mentions)])
    assert code == ExitCode.OK
    narratives = (out / "subtask-2-predictions.txt").read_text(encoding="utf-8").splitlines()
    assert len(narratives) == 1 and narratives[0].startswith("article7.txt\t")
    role = (out / "subtask-1-predictions.txt").read_text(encoding="utf-8").split("\t")
    assert role[:4] == ["article7.txt", "Vladimir Putin", str(start), str(start + 13)]
    assert role[4] in {"Protagonist", "Antagonist", "Innocent"}
    genre = (out / "semeval2023-subtask-1-predictions.txt").read_text(encoding="utf-8").split("\t")
    assert genre[0] == "7" and genre[1].strip() in {"opinion", "reporting", "satire"}
    paragraphs = (out / "semeval2023-subtask-3-predictions.txt").read_text(encoding="utf-8")
    numbers = [int(line.split("\t")[1]) for line in paragraphs.splitlines()]
    assert numbers == [1, 3, 4, 5, 6]  # every non-empty line, numbered from 1
