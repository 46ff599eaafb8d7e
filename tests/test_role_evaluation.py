"""Role evaluation helpers: grouped folds, the majority baseline and bootstrap scoring."""

import numpy as np

from newsgraph.framing.datasets import RoleMention
from newsgraph.framing.role_evaluation import (RoleData, domain_of, grouped_folds, majority,
                                               scored, topic_groups)


def _mention(article: str, main: str, fine: str) -> RoleMention:
    return RoleMention(article, "X", 0, 1, main, (fine,))


def test_grouped_folds_keep_each_group_whole_and_cover_every_row() -> None:
    groups = ["a", "a", "b", "c", "c", "c", "d", "e", "e", "f"]
    folds = grouped_folds(groups, folds=3)
    rows = sorted(int(i) for fold in folds for i in fold)
    assert rows == list(range(len(groups)))
    for fold in folds:
        inside = {groups[i] for i in fold}
        assert all(groups[i] not in inside for other in folds if other is not fold for i in other)


def test_the_majority_baseline_takes_the_commonest_main_role_and_its_commonest_fine_role() -> None:
    train = [_mention("a", "Antagonist", "Tyrant"), _mention("a", "Antagonist", "Spy"),
             _mention("b", "Antagonist", "Tyrant"), _mention("b", "Innocent", "Victim")]
    assert majority(train, 2) == [("Antagonist", ["Tyrant"])] * 2


def test_perfect_predictions_score_one_with_a_closed_interval() -> None:
    mentions = [_mention("a", "Antagonist", "Tyrant"), _mention("b", "Innocent", "Victim")]
    data = RoleData(mentions, np.zeros((2, 1), np.float32), np.zeros((2, 1), np.float32),
                    ["a", "b"], ["URW", "CC"], ["t0", "t1"])
    result = scored(data, [("Antagonist", ["Tyrant"]), ("Innocent", ["Victim"])], samples=20)
    assert result["exact_match_ratio"] == 1.0 and result["main_role_accuracy"] == 1.0
    assert result["intervals"]["exact_match_ratio"] == [1.0, 1.0]


def test_topics_are_found_within_each_domain() -> None:
    assert domain_of("EN_CC_100002.txt") == "CC" and domain_of("EN_UA_1.txt") == "URW"
    means = {f"EN_UA_{i}.txt": np.array([1.0, 0.0 + i * 0.01], np.float32) for i in range(3)}
    means.update({f"EN_CC_{i}.txt": np.array([0.0, 1.0], np.float32) for i in range(2)})
    groups = topic_groups(means, per_domain=2)
    assert all(groups[k].startswith("URW-") for k in means if "_UA_" in k)
    assert all(groups[k].startswith("CC-") for k in means if "_CC_" in k)
