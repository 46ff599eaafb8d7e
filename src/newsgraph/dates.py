"""Dates as news text states them ("on Wednesday", "last week", "in February"), resolved
against the publication date; what cannot be resolved stays unknown."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "week", "month", "year"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, 1)} | {"sept": 9}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "several": 3, "few": 3}
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
_AGO = re.compile(r"\b(\d+|[a-z]+) (day|week|month|year)s? ago\b")


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A calendar date and how precise the text was: a week, month or year starts on ``date``."""

    date: dt.date
    precision: Precision

    def iso(self) -> str:
        """YYYY-MM-DD for a day or week, YYYY-MM for a month, YYYY for a year."""
        if self.precision == "month":
            return self.date.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.date.year)
        return self.date.isoformat()


def parse_published(text: str | None) -> dt.date | None:
    """The publication day of an article's ``published`` field, or None."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def resolve(text: str, published: dt.date | None, *, future: bool = False) -> ResolvedDate | None:
    """Resolve a date expression; relative ones need ``published``. ``future`` says the verb
    looks ahead ("will meet on Friday"), so a bare weekday or month lies after publication."""
    lowered = " ".join(text.lower().replace(".", " ").replace(",", " ").split())
    iso = _ISO.search(lowered)
    if iso:
        try:
            return ResolvedDate(dt.date(int(iso[1]), int(iso[2]), int(iso[3])), "day")
        except ValueError:
            return None
    words = lowered.split()
    year_match = _YEAR.search(lowered)
    year = int(year_match[1]) if year_match else None
    month = next((_month(word) for word in words if _month(word)), None)
    if month is not None:
        day_match = _DAY.search(_YEAR.sub(" ", lowered))
        day = int(day_match[1]) if day_match else None
        if year is None:
            if published is None:
                return None
            year = published.year
            if "last" in words or (not future and (month, day or 1) > (published.month, published.day)):
                year -= 1 if not future else 0
            if "next" in words or (future and (month, day or 31) < (published.month, published.day)):
                year += 1
        try:
            if day is not None and 1 <= day <= 31:
                return ResolvedDate(dt.date(year, month, day), "day")
            return ResolvedDate(dt.date(year, month, 1), "month")
        except ValueError:
            return None
    if year is not None and not any(word in WEEKDAYS for word in words):
        if len(words) <= 3:
            return ResolvedDate(dt.date(year, 1, 1), "year")
        return None
    if published is None:
        return None
    return _relative(words, lowered, published, future)


def _relative(words: list[str], lowered: str, published: dt.date, future: bool) -> ResolvedDate | None:
    for word in words:
        if word in WEEKDAYS:
            target = WEEKDAYS.index(word)
            if "next" in words or (future and "last" not in words):
                days = (target - published.weekday()) % 7 or 7
                return ResolvedDate(published + dt.timedelta(days=days), "day")
            days = (published.weekday() - target) % 7
            if "last" in words and days == 0:
                days = 7
            return ResolvedDate(published - dt.timedelta(days=days), "day")
    if words in (["today"], ["tonight"]) or lowered in ("this morning", "this afternoon",
                                                         "this evening", "overnight", "earlier today"):
        return ResolvedDate(published, "day")
    if "yesterday" in words or lowered == "last night":
        return ResolvedDate(published - dt.timedelta(days=1), "day")
    if "tomorrow" in words:
        return ResolvedDate(published + dt.timedelta(days=1), "day")
    ago = _AGO.search(lowered)
    if ago:
        count = int(ago[1]) if ago[1].isdigit() else _NUMBERS.get(ago[1])
        if count is None:
            return None
        unit = ago[2]
        if unit == "day":
            return ResolvedDate(published - dt.timedelta(days=count), "day")
        if unit == "week":
            return _week(published - dt.timedelta(weeks=count))
        if unit == "month":
            return ResolvedDate(_add_months(published, -count).replace(day=1), "month")
        return ResolvedDate(dt.date(published.year - count, 1, 1), "year")
    shift = -1 if "last" in words or "previous" in words else 1 if "next" in words else 0
    if shift == 0 and not ({"this", "earlier", "later"} & set(words)):
        return None
    if "week" in words or "weekend" in words:
        return _week(published + dt.timedelta(weeks=shift))
    if "month" in words:
        return ResolvedDate(_add_months(published, shift).replace(day=1), "month")
    if "year" in words:
        return ResolvedDate(dt.date(published.year + shift, 1, 1), "year")
    return None


def _month(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS.index(word) + 1
    if word in ("may",):
        return 5
    return _MONTH_ABBREVIATIONS.get(word) if len(word) in (3, 4) else None


def _week(day: dt.date) -> ResolvedDate:
    return ResolvedDate(day - dt.timedelta(days=day.weekday()), "week")


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


__all__ = ["ResolvedDate", "parse_published", "resolve"]
