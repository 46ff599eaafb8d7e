"""Tests for near-duplicate detection."""

from __future__ import annotations

import pytest

from newsgraph.deduplication import NearDuplicates
from newsgraph.errors import ConfigError
from newsgraph.settings import DedupSettings

ORIGINAL = (
    "The town council of Harbourside voted on Wednesday evening to approve a new ferry link "
    "between the old quay and the island of Marrow, ending two years of argument over its cost. "
    "Councillors said the boats would start running in the spring, weather permitting. "
    "The contract goes out to tender next month, and the council expects to choose an operator "
    "before the summer holidays begin. The harbour master, Tomas Reyes, said the first sailings "
    "were planned for April and that a long-term timetable would follow once the crews had been "
    "hired and trained. Residents on the island welcomed the vote but said the proposed fares "
    "were still too high for families who cross every day to work or to school. The council "
    "promised to review fares every year and to let children under five travel free. "
    "Fishermen who use the old quay asked for a separate berth so that their boats would not "
    "have to wait for the ferry to leave before unloading their catch in the mornings.")
SYNDICATED = ORIGINAL.replace(
    "Councillors said the boats would start running in the spring, weather permitting.",
    "According to councillors, the first boats could be in service by late spring.")
DIFFERENT = (
    "Police closed the coastal road on Tuesday after a storm brought down trees and power lines "
    "across the county, and forecasters warned that more wind was on the way. Crews worked "
    "through the night to clear the fallen trunks, and most homes had their electricity back "
    "by Wednesday afternoon. The county council said the road would reopen once engineers had "
    "checked a retaining wall that was damaged by the waves. Schools in three villages stayed "
    "closed because buses could not reach them, and a care home was supplied by a generator "
    "lent by a farm nearby.")


@pytest.fixture
def index() -> NearDuplicates:
    return NearDuplicates.from_settings(DedupSettings())


def test_a_syndicated_copy_with_a_changed_sentence_is_found(index: NearDuplicates) -> None:
    assert SYNDICATED != ORIGINAL
    index.add("original", index.signature(ORIGINAL))
    assert index.find(index.signature(SYNDICATED)) == "original"


def test_a_different_article_is_not_found(index: NearDuplicates) -> None:
    index.add("original", index.signature(ORIGINAL))
    assert index.find(index.signature(DIFFERENT)) is None


def test_candidates_below_the_threshold_are_not_returned() -> None:
    strict = NearDuplicates(threshold=0.95)
    strict.add("original", strict.signature(ORIGINAL))
    assert strict.find(strict.signature(SYNDICATED)) is None
    assert strict.find(strict.signature(ORIGINAL)) == "original"


def test_case_and_punctuation_do_not_matter(index: NearDuplicates) -> None:
    index.add("original", index.signature(ORIGINAL))
    assert index.find(index.signature(ORIGINAL.upper().replace(",", ""))) == "original"


def test_the_first_added_match_is_returned(index: NearDuplicates) -> None:
    index.add("different", index.signature(DIFFERENT))
    index.add("first", index.signature(ORIGINAL))
    index.add("second", index.signature(SYNDICATED))
    index.add("first", index.signature(DIFFERENT))
    assert len(index) == 3
    assert index.find(index.signature(ORIGINAL)) == "first"
    assert index.find(index.signature(DIFFERENT)) == "different"


def test_signatures_are_deterministic_bytes() -> None:
    first = NearDuplicates(threshold=0.8, num_perm=64, shingle=3)
    second = NearDuplicates(threshold=0.8, num_perm=64, shingle=3)
    signature = first.signature(ORIGINAL)
    assert isinstance(signature, bytes)
    assert signature == second.signature(ORIGINAL)
    second.add("stored", signature)
    assert second.find(first.signature(ORIGINAL)) == "stored"


@pytest.mark.parametrize("text", ["Ferry approved", "Ferry!", ""])
def test_texts_shorter_than_a_shingle_still_work(index: NearDuplicates, text: str) -> None:
    index.add("short", index.signature(text))
    assert index.find(index.signature(text)) == "short"
    assert index.find(index.signature(ORIGINAL)) is None


def test_options_come_from_settings() -> None:
    index = NearDuplicates.from_settings(DedupSettings(threshold=0.5, num_perm=32, shingle=2))
    assert (index.threshold, index.num_perm, index.shingle) == (0.5, 32, 2)


@pytest.mark.parametrize("options", [
    {"threshold": 0.0}, {"threshold": 1.5}, {"num_perm": 1}, {"shingle": 0}])
def test_bad_options_are_configuration_errors(options: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match="dedup"):
        NearDuplicates(**options)  # type: ignore[arg-type]


def test_a_signature_of_another_size_is_refused(index: NearDuplicates) -> None:
    other = NearDuplicates(num_perm=64)
    with pytest.raises(ConfigError, match="64 permutations, not 128"):
        index.add("other", other.signature(ORIGINAL))
