"""Reading the day an event happened from its sentence, resolved against the article's own date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {
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
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b")),
    ("numeric", re.compile(r"\b(?P<day>\d{1,2})[/.](?P<mon>\d{1,2})[/.](?P<year>\d{4})\b")),
    (
        "month_day",
        re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL}\b(?:,?\s+(?P<year>\d{{4}})\b)?", re.IGNORECASE),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+(?P<year>\d{{4}})\b)?", re.IGNORECASE
        ),
    ),
    # "started his first day in office on the 10th": a day of the article's month (Korean and Japanese wires)
    # ("on the 10th anniversary" is no day)
    ("day_of_month", re.compile(r"\bon the (?P<day>[12]?\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Za-z])")),
    (
        "weekday",
        re.compile(r"\b(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<word>the day before yesterday|yesterday|today|tonight|tomorrow|"
            r"this (?:morning|afternoon|evening))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "vague",
        re.compile(
            r"\b(?:(?:last|past|next|this|earlier this|later this)\s+(?:week|month|year|weekend)|recent(?:ly| years)?|"
            r"(?:in|since|of)\s+(?:19|20)\d{2}|(?:early|late|mid)[- ][a-z]+)",
            re.IGNORECASE,
        ),
    ),
)
_RELATIVE_DAYS = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
# A month-day without a year that would fall this far after the article is from the year before.
_FUTURE_SLACK = timedelta(days=7)


@dataclass(frozen=True)
class DateExpression:
    """A date expression in a text: where it is, and the day it names (None when it names no single day)."""

    start: int
    end: int
    day: date | None


def find_dates(text: str, published_on: date | None) -> list[DateExpression]:
    """Every date expression in a text, resolved to a day where the text and the article's date allow it."""
    found: list[DateExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(DateExpression(match.start(), match.end(), _resolve(kind, match, published_on)))
    return sorted(found, key=lambda expression: expression.start)


def _resolve(kind: str, match: re.Match[str], published_on: date | None) -> date | None:
    groups = match.groupdict()
    if kind == "iso":
        return _safe_date(int(groups["year"]), int(groups["mon"]), int(groups["day"]))
    if kind == "numeric":
        day, month = int(groups["day"]), int(groups["mon"])
        if month > 12 >= day:  # US order, month first
            day, month = month, day
        return _safe_date(int(groups["year"]), month, day)
    if kind in ("month_day", "day_month"):
        month = _MONTHS[groups["month"].lower()[:3]]
        return _month_day(month, int(groups["day"]), groups.get("year"), published_on)
    if kind == "day_of_month":
        return _day_of_month(int(groups["day"]), published_on)
    if kind == "weekday":
        return _weekday(groups["weekday"].lower(), (groups.get("rel") or "").lower(), published_on)
    if kind == "relative" and published_on is not None:
        word = groups["word"].lower()
        return published_on + timedelta(days=_RELATIVE_DAYS.get(word, 0))
    return None


def _day_of_month(day: int, published_on: date | None) -> date | None:
    """The latest such day on or before the article (a day after it is the month before's)."""
    if published_on is None:
        return None
    candidate = _safe_date(published_on.year, published_on.month, day)
    if candidate is None or candidate > published_on:
        previous = published_on.replace(day=1) - timedelta(days=1)
        candidate = _safe_date(previous.year, previous.month, day)
    return candidate


def _month_day(month: int, day: int, year: str | None, published_on: date | None) -> date | None:
    if year:
        return _safe_date(int(year), month, day)
    if published_on is None:
        return None
    candidate = _safe_date(published_on.year, month, day)
    if candidate is not None and candidate > published_on + _FUTURE_SLACK:
        candidate = _safe_date(published_on.year - 1, month, day)
    return candidate


def _weekday(name: str, relation: str, published_on: date | None) -> date | None:
    """ "on Friday" is the latest Friday on or before the article's date; "next Friday" the first one after."""
    if published_on is None:
        return None
    target = _WEEKDAYS.index(name)
    if relation in ("next", "coming"):
        return published_on + timedelta(days=(target - published_on.weekday()) % 7 or 7)
    back = (published_on.weekday() - target) % 7
    if relation in ("last", "past") and back == 0:
        back = 7
    return published_on - timedelta(days=back)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_near(
    text: str, offset: int, published_on: date | None, excluded: list[tuple[int, int]] | None = None
) -> tuple[date | None, bool]:
    """The day named nearest to a char offset of a text, and whether any date expression was there at all.

    Expressions inside ``excluded`` spans (quotations) are ignored: a date in a quotation is not the event's.
    """
    expressions = [
        e
        for e in find_dates(text, published_on)
        if not any(s <= e.start < end for s, end in excluded or [])
        and not is_possessive(text, e)
        and not is_bracketed(text, e)
    ]
    if not expressions:
        return None, False
    dated = [e for e in expressions if e.day is not None]
    if not dated:
        return None, True
    nearest = min(dated, key=lambda e: min(abs(e.start - offset), abs(e.end - offset)))
    return nearest.day, True


def is_possessive(text: str, expression: DateExpression) -> bool:
    """ "Saturday's quake": the day names when something else happened, not the event of the sentence."""
    return text[expression.end : expression.end + 2] in ("'s", "\u2019s")


def is_bracketed(text: str, expression: DateExpression) -> bool:
    """ "on the 76th anniversary of the WPK (October 10, 1945)": a bracketed date is an aside, not the event's."""
    return text[: expression.start].rstrip().endswith("(") and text[expression.end :].lstrip().startswith(")")
