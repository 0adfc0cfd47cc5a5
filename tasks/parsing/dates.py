"""Finding a calendar date inside a short line of page text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

MONTH_NUMBERS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH = (
    r"(?<![a-z])(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
DAY = r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
YEAR = r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)"

# Named groups say which number is which; numeric day/month order is settled in _date_from_match.
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{YEAR}[-/.](?P<month_number>\d{{1,2}})[-/.](?P<day>\d{{1,2}})(?!\d)", re.IGNORECASE),
    re.compile(rf"(?<!\d)(?P<first>\d{{1,2}})[/.-](?P<second>\d{{1,2}})[/.-]{YEAR}", re.IGNORECASE),
    re.compile(rf"{DAY}\s*(?:of\s+)?{MONTH}\s*,?\s*{YEAR}", re.IGNORECASE),
    re.compile(rf"{MONTH}\s*{DAY}\s*,?\s*{YEAR}", re.IGNORECASE),
)
TIME_OF_DAY = re.compile(
    r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|[a-z]{2,4}t))?", re.IGNORECASE
)

# Only labelled lines are handed to dateparser, so its slow import and fuzzy guessing stay rare.
DATEPARSER_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
}
MAX_DATEPARSER_INPUT = 60


@dataclass(frozen=True)
class DateMatch:
    """A date found in a line, and where in the line it was."""

    published_on: date
    start: int
    end: int


def find_date(line: str) -> DateMatch | None:
    """The earliest well-formed date in the line, if any."""
    matches = [match for pattern in DATE_PATTERNS for match in pattern.finditer(line)]
    for match in sorted(matches, key=lambda found: found.start()):
        found_date = _date_from_match(match)
        if found_date is not None:
            return DateMatch(found_date, match.start(), match.end())
    return None


def line_without_dates(line: str) -> str:
    """The line with its dates and times of day cut out, to see what else it says."""
    for pattern in DATE_PATTERNS:
        line = pattern.sub(" ", line)
    return TIME_OF_DAY.sub(" ", line)


def parse_date_loosely(text: str) -> date | None:
    """Last resort for a labelled date line in a form the patterns miss (e.g. other languages)."""
    text = text.strip()[:MAX_DATEPARSER_INPUT]
    if not any(char.isdigit() for char in text):
        return None
    parsed = _dateparser_parse()(text, settings=DATEPARSER_SETTINGS)
    return parsed.date() if parsed is not None else None


@cache
def _dateparser_parse() -> Any:
    # Imported here: a 1-3 s import, paid only by pages that need it.
    import dateparser

    return dateparser.parse


def _date_from_match(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month") is not None:
        month = MONTH_NUMBERS[groups["month"][:3].lower()]
        day = int(groups["day"])
    elif groups.get("month_number") is not None:
        month, day = int(groups["month_number"]), int(groups["day"])
    else:
        month, day = _day_first_unless_impossible(int(groups["first"]), int(groups["second"]))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_first_unless_impossible(first: int, second: int) -> tuple[int, int]:
    """Numeric dates are read day-first (23/03/2021); 03/23/2021 can only be month-first."""
    if second > 12 >= first:
        return first, second
    return second, first
