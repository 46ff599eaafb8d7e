"""The fresh framing set and its scorer: the frozen file loads with known labels, and the
metrics, the SemEval "Other" convention and the role matching give hand-computed figures."""

from collections import Counter
from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.framing.fresh_evaluation import (FramingPrediction, FreshArticle, GoldRole,
                                                PredictedRole, gold_span, load_fresh_set,
                                                match_role, prediction_of, score_fresh,
                                                score_roles, semeval_labels)
from newsgraph.framing.taxonomies import builtin
from newsgraph.schema import Analysis, Article, Entity, Mention

FRESH = Path(__file__).parent / "data" / "framing_fresh.yaml"


def test_the_frozen_set_loads_and_every_label_is_in_the_taxonomies() -> None:
    articles = load_fresh_set(FRESH)
    assert len(articles) == 40
    assert len({article.id for article in articles}) == 40
    assert Counter(a.genre for a in articles) == {"reporting": 16, "opinion": 14, "satire": 10}
    assert Counter(a.domain for a in articles) == {"URW": 16, "CC": 14, "none": 10}
    narratives = builtin("narratives")
    coarse = {label.name for label in narratives.labels}
    fine = {label.name for label in narratives.fine}
    frames = {label.name for label in builtin("frames").labels}
    roles = builtin("roles")
    for article in articles:
        assert 180 <= len(article.text.split()) <= 400, article.id
        if article.narratives == ("Other",):
            assert article.subnarratives == ()
        else:
            assert set(article.narratives) <= coarse and set(article.subnarratives) <= fine
            assert all(label.startswith(article.domain + ": ") for label in article.narratives)
            for label in article.narratives:  # each narrative has a subnarrative of its own
                assert any(sub.startswith(label + ": ") for sub in article.subnarratives)
        assert article.domain != "none" or article.narratives == ("Other",)
        assert 1 <= len(article.frames) <= 3 and set(article.frames) <= frames
        assert 1 <= len(article.roles) <= 3
        for role in article.roles:
            children = {child.name for child in roles.children[role.main]}
            assert role.fine and set(role.fine) <= children
            assert gold_span(article.text, role.mention) is not None


def test_a_label_outside_the_taxonomy_is_refused_with_the_file_named(tmp_path: Path) -> None:
    bad = FRESH.read_text(encoding="utf-8").replace("frames: [Economic, Security_and_defense]",
                                                    "frames: [Economy]", 1)
    path = tmp_path / "fresh.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match="fresh.yaml.*Economy"):
        load_fresh_set(path)


def test_semeval_labels_turn_nothing_into_other_and_add_the_other_child() -> None:
    assert semeval_labels([], []) == (["Other"], ["Other"])
    assert semeval_labels(["Other"], []) == (["Other"], ["Other"])
    assert semeval_labels(["CC: A", "CC: B"], ["CC: A: x"]) == (
        ["CC: A", "CC: B"], ["CC: A: x", "CC: B: Other"])


def test_gold_span_is_the_first_whole_word_occurrence() -> None:
    text = "Russian troops left. Russia said so. Russia again."
    assert gold_span(text, "Russia") == (21, 27)
    assert gold_span(text, "Moscow") is None


def role(main: str, fine: tuple[str, ...], *mentions: tuple[int, int, str]) -> PredictedRole:
    return PredictedRole(main=main, fine=fine, mentions=mentions)


def test_a_role_matches_by_the_mention_that_covers_the_gold_span() -> None:
    text = "The European Commission met. The Commission said no."
    wide = role("Antagonist", ("Incompetent",), (4, 23, "European Commission"))
    narrow = role("Protagonist", ("Guardian",), (13, 23, "Commission"), (33, 43, "Commission"))
    assert match_role(text, "European Commission", [narrow, wide]) is wide
    # both cover "Commission" at 13-23: the shorter covering mention wins
    assert match_role(text, "Commission", [wide, narrow]) is narrow
    # a mention inside the gold string does not cover it, and no mention reads the same
    assert match_role(text, "The European Commission", [narrow]) is None


def test_a_role_matches_by_the_same_words_elsewhere_when_nothing_covers_the_first() -> None:
    text = "NATO met. Later nato spoke."
    later = role("Antagonist", ("Instigator",), (16, 20, "nato"))
    assert match_role(text, "NATO", [later]) is later


def test_a_role_matches_by_the_entitys_name_when_its_mention_is_shorter() -> None:
    text = "The Russian army retreated."
    army = PredictedRole(main="Antagonist", fine=("Incompetent",), mentions=((4, 11, "Russian"),),
                         name="Russian army")
    assert match_role(text, "Russian army", [army]) is army
    assert match_role(text, "army", [PredictedRole("Antagonist", (), ((4, 11, "Russian"),))]) is None


def article(id: str, genre: str, narratives: tuple[str, ...], subs: tuple[str, ...],
            frames: tuple[str, ...], roles: tuple[GoldRole, ...] = ()) -> FreshArticle:
    text = "Alpha met Beta in Gamma."
    return FreshArticle(id=id, title=id, text=text, genre=genre, domain="CC", narratives=narratives,
                        subnarratives=subs, frames=frames, roles=roles)


def prediction(genre: str, best: str, narratives: tuple[str, ...], subs: tuple[str, ...],
               frames: tuple[str, ...], roles: tuple[PredictedRole, ...] = ()) -> FramingPrediction:
    return FramingPrediction(genre=genre, genre_best=best, narratives=narratives,
                             subnarratives=subs, frames=frames, roles=roles)


def test_score_fresh_on_three_hand_made_articles() -> None:
    gold = [article("a", "reporting", ("Other",), (), ("Economic",)),
            article("b", "opinion", ("CC: X",), ("CC: X: x",), ("Economic", "Political")),
            article("c", "satire", ("CC: X", "CC: Y"), ("CC: X: x", "CC: Y: Other"), ("Morality",))]
    predicted = [prediction("reporting", "reporting", (), (), ("Economic",)),
                 prediction("uncertain", "opinion", ("CC: X",), ("CC: X: y",), ("Political",)),
                 prediction("opinion", "opinion", ("CC: X",), ("CC: X: x",), ())]
    report = score_fresh(gold, predicted)
    genre = report["genre"]
    # reporting F1 1, opinion F1 2/3 (one right, one wrong), satire F1 0
    assert genre["macro_f1"]["value"] == pytest.approx((1 + 2 / 3 + 0) / 3, abs=1e-4)
    assert genre["accuracy"]["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert genre["per_class_f1"]["satire"]["value"] == 0.0
    assert genre["uncertain_share"]["value"] == pytest.approx(1 / 3, abs=1e-4)
    narratives = report["narratives"]
    # coarse per article: 1 (Other = Other), 1, 2*1/(2+1); fine: 1, 0, 2*1/(2+1)
    assert narratives["f1_samples_coarse"]["value"] == pytest.approx((1 + 1 + 2 / 3) / 3, abs=1e-4)
    assert narratives["f1_samples_fine"]["value"] == pytest.approx((1 + 0 + 2 / 3) / 3, abs=1e-4)
    assert narratives["other_share_predicted"]["value"] == pytest.approx(1 / 3, abs=1e-4)
    assert narratives["other_share_gold"] == pytest.approx(1 / 3, abs=1e-4)
    # frames: 2 true positives, 4 gold, 2 predicted
    assert report["frames"]["micro_f1"]["value"] == pytest.approx(2 * 2 / 6, abs=1e-4)
    for figure in (genre["macro_f1"], narratives["f1_samples_fine"], report["frames"]["micro_f1"]):
        assert figure["low"] <= figure["value"] <= figure["high"]


def test_score_roles_counts_an_unmatched_gold_role_as_wrong_and_gives_the_majority_guess() -> None:
    gold = [article("a", "opinion", ("Other",), (), ("Political",), roles=(
                GoldRole("Alpha", "Antagonist", ("Deceiver",)),
                GoldRole("Beta", "Antagonist", ("Instigator", "Tyrant")),
                GoldRole("Gamma", "Innocent", ("Victim",))))]
    predicted = [prediction("opinion", "opinion", (), (), (), roles=(
        role("Antagonist", ("Deceiver",), (0, 5, "Alpha")),
        role("Antagonist", ("Tyrant",), (10, 14, "Beta"))))]
    roles = score_roles(gold, predicted)
    assert roles["gold_roles"] == 3
    assert roles["matched_share"]["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert roles["main_role_accuracy"]["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert roles["main_role_accuracy_matched"] == 1.0
    assert roles["fine_exact_match"]["value"] == pytest.approx(1 / 3, abs=1e-4)
    assert roles["majority_main_role"] == "Antagonist"
    assert roles["majority_main_role_accuracy"]["value"] == pytest.approx(2 / 3, abs=1e-4)


def test_prediction_of_reads_an_analysis_in_the_gold_files_terms() -> None:
    text = "Alpha met Beta. Alpha left."
    alpha = Entity(id="e1", name="Alpha", type="person",
                   mentions=[Mention(0, 5, "Alpha", 0), Mention(16, 21, "Alpha", 1)])
    analysis = Analysis(
        article=Article(id="x", text=text), entities=[alpha],
        roles=[{"entity": "e1", "name": "Alpha", "main_role": "Protagonist", "fine_roles": ["Guardian"],
                "mention": {"start": 0, "end": 5, "text": "Alpha"}}],
        narratives=[{"label": "CC: X", "subnarratives": [{"label": "CC: X: y"}]}],
        frames=[{"label": "Political"}], genre={"label": "uncertain", "best": "satire"})
    predicted = prediction_of(analysis)
    assert (predicted.genre, predicted.genre_best) == ("uncertain", "satire")
    assert predicted.narratives == ("CC: X",) and predicted.subnarratives == ("CC: X: y",)
    assert predicted.frames == ("Political",)
    assert predicted.roles[0].mentions == ((0, 5, "Alpha"), (16, 21, "Alpha"))
    assert predicted.roles[0].name == "Alpha"
    assert match_role(text, "Alpha", predicted.roles) is predicted.roles[0]
