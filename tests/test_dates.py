"""Date expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.dates import parse_published, resolve

THURSDAY = dt.date(2025, 2, 27)


@pytest.mark.parametrize("text, future, expected, precision", [
    ("on Wednesday", False, "2025-02-26", "day"),
    ("Thursday", False, "2025-02-27", "day"),
    ("on Friday", True, "2025-02-28", "day"),
    ("next Monday", False, "2025-03-03", "day"),
    ("yesterday", False, "2025-02-26", "day"),
    ("last week", False, "2025-02-17", "week"),
    ("in February", False, "2025-02", "month"),
    ("in March", False, "2024-03", "month"),
    ("in March", True, "2025-03", "month"),
    ("March 3", False, "2024-03-03", "day"),
    ("Feb. 18", False, "2025-02-18", "day"),
    ("18 February 2022", False, "2022-02-18", "day"),
    ("2024", False, "2024", "year"),
    ("three years ago", False, "2022", "year"),
    ("next month", False, "2025-03", "month"),
    ("2025-01-05", False, "2025-01-05", "day"),
])
def test_expressions_resolve(text: str, future: bool, expected: str, precision: str) -> None:
    resolved = resolve(text, THURSDAY, future=future)
    assert resolved is not None
    assert (resolved.iso(), resolved.precision) == (expected, precision)


@pytest.mark.parametrize("text", ["the past decade", "recently", "February 30 2025"])
def test_what_cannot_be_resolved_stays_unknown(text: str) -> None:
    assert resolve(text, THURSDAY) is None


def test_relative_expressions_need_a_publication_date() -> None:
    assert resolve("on Wednesday", None) is None
    assert resolve("18 February 2022", None) is not None
    assert parse_published("2025-02-27T10:00:00Z") == THURSDAY
    assert parse_published("yesterday") is None
