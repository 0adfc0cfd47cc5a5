"""The article's headline, outlet and date, read from the lines above its text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from tasks.parsing.blocks import MIN_LEDE_WORDS, header_end, next_non_blank, previous_non_blank
from tasks.parsing.dates import MONTH, MONTH_NUMBERS, find_date
from tasks.parsing.lines import (
    BYLINE,
    DATE_LABEL,
    MAX_SHORT_LINE_CHARS,
    SectionKind,
    is_bullet,
    is_chrome_line,
    is_date_line,
    is_headline_shaped,
    is_meta_line,
    is_prose,
    labelled_date,
    loosely_labelled_date,
    section_kind,
    strip_bullet,
    word_count,
)

# "Headline | Outlet" (the page's <title>): the part after the last pipe names the site when it is short.
TITLE_SEPARATOR = " | "
MAX_OUTLET_WORDS = 6
MIN_FALLBACK_TITLE_WORDS = 3
UPDATE_LABELS = frozenset({"updated", "updated on", "updated at", "last updated", "last updated on", "last modified"})
FOOTER_SCAN_LINES = 200
MAX_BOX_LINES = 30
DATELINE_SCAN_LINES = 5
# "MOSCOW, February 6. /TASS/." or "Havana, Aug 4 (Agency)": a place, then a month and day, and no year.
DATELINE = re.compile(
    rf"^[A-Z][\w .'-]{{1,30}},\s*{MONTH}\s+(?P<day>\d{{1,2}})(?!\d)(?!\s*,?\s*(?:19|20)\d\d)\.?\s*[(/]",
    re.IGNORECASE,
)
COPYRIGHT_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MASTHEAD_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
TRAILING_YEAR = re.compile(r"\s*,?\s*(?:19|20)\d\d$")
ALL_RIGHTS_RESERVED = re.compile(r"\ball rights reserved\b", re.IGNORECASE)
# "The Daily Ledger © 2023 All rights reserved." / "Daily Ledger - All rights reserved.": the name comes first.
LEADING_RIGHTS_HOLDER = re.compile(
    r"^(?P<outlet>[A-Z][\w&'’. -]{1,50}?)\s*(?:©|\(c\)|[-–|,]\s*all rights reserved\b)", re.IGNORECASE
)
MAX_BODY_DATE_SCAN_LINES = 2000

BUREAU_CREDIT = re.compile(
    r"\|\s*(?P<outlet>[^|]{2,40}?)\s+(?:bureau|desk|staff|web desk|news desk)\s*$", re.IGNORECASE
)
COPYRIGHT_CREDIT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?:by\s+)?"
    r"(?P<outlet>[A-Z][\w&'’. -]{1,50}?)\s*(?:[.,|]|\ball rights reserved\b|$)",
    re.IGNORECASE,
)
# Words that make a "By ..." credit a publication rather than a reporter.
MEDIA_WORDS = frozenset(
    [
        "news",
        "times",
        "post",
        "press",
        "agency",
        "tv",
        "television",
        "radio",
        "media",
        "daily",
        "herald",
        "tribune",
        "journal",
        "gazette",
        "network",
        "online",
        "channel",
        "english",
        "observer",
        "today",
        "express",
        "telegraph",
        "guardian",
        "mail",
        "wire",
        "review",
        "monitor",
        "chronicle",
        "globe",
        "bureau",
        "broadcasting",
        "information",
        "magazine",
        "weekly",
        "newspaper",
        "outlet",
        "website",
        "publication",
        "broadcaster",
        "satellite",
    ]
)


@dataclass(frozen=True)
class PageHeader:
    """What the lines above the article say about it; ``title_index`` is where the article begins."""

    title: str | None
    title_index: int | None
    outlet: str | None
    published_on: date | None


def read_header(lines: list[str], ticker_indices: set[int]) -> PageHeader:
    scan_end = header_end(lines, ticker_indices)
    title_index = _title_index(lines, scan_end, ticker_indices)
    title, title_outlet = split_outlet_suffix(lines[title_index].strip()) if title_index is not None else (None, None)
    published_on = _published_on(lines, scan_end, title_index, ticker_indices)
    outlet = title_outlet or _outlet(lines, scan_end, title_index)
    return PageHeader(title=title, title_index=title_index, outlet=outlet, published_on=published_on)


def split_outlet_suffix(line: str) -> tuple[str, str | None]:
    """("Headline", "Outlet") from "Headline | Section | Outlet"; the outlet is None when the tail is not short."""
    if TITLE_SEPARATOR not in line:
        return line, None
    parts = [part.strip() for part in line.split(TITLE_SEPARATOR)]
    headline, tail = parts[0], parts[-1]
    if headline and tail and word_count(tail) <= MAX_OUTLET_WORDS and word_count(headline) >= 2:
        return headline, tail
    return line, None


def _is_title_candidate(line: str) -> bool:
    headline, _ = split_outlet_suffix(line.strip())
    return is_headline_shaped(headline) and not is_meta_line(line)


def _title_index(lines: list[str], scan_end: int, ticker_indices: set[int]) -> int | None:
    above_byline = _title_above_byline(lines, scan_end, ticker_indices)
    if above_byline is not None:
        return above_byline
    return _title_above_lede(lines, scan_end, ticker_indices)


def _title_above_byline(lines: list[str], scan_end: int, ticker_indices: set[int]) -> int | None:
    """The headline sits right above the byline/date block; a one-sentence standfirst may sit in between.

    The last such block above the article text wins: a site banner over today's date ("The Daily Star" /
    "Tuesday, March 23, 2021") has the same shape but comes first.
    """
    title_index: int | None = None
    for index in range(scan_end):
        if index in ticker_indices or not is_meta_line(lines[index]):
            continue
        headline_index = _headline_above(lines, index, ticker_indices)
        if headline_index is not None:
            title_index = headline_index
    return title_index


def _headline_above(lines: list[str], meta_index: int, ticker_indices: set[int]) -> int | None:
    candidate = previous_non_blank(lines, meta_index)
    while candidate is not None and (
        is_meta_line(lines[candidate]) or is_chrome_line(lines[candidate]) or _in_chrome_box(lines, candidate)
    ):
        candidate = previous_non_blank(lines, candidate)
    if candidate is None or candidate in ticker_indices:
        return None
    if _is_title_candidate(lines[candidate]):
        return _above_standfirst(lines, candidate, ticker_indices)
    above_standfirst = previous_non_blank(lines, candidate)
    if (
        is_prose(lines[candidate].strip())
        and above_standfirst is not None
        and above_standfirst not in ticker_indices
        and _is_title_candidate(lines[above_standfirst])
    ):
        return above_standfirst
    return None


def _title_above_lede(lines: list[str], scan_end: int, ticker_indices: set[int]) -> int | None:
    """No byline block: take the first headline-shaped line whose next line (dates aside) is a real paragraph."""
    for index in range(scan_end):
        if index in ticker_indices or word_count(lines[index]) < MIN_FALLBACK_TITLE_WORDS:
            continue
        if not _is_title_candidate(lines[index]):
            continue
        following = next_non_blank(lines, index)
        while following is not None and is_meta_line(lines[following]):
            following = next_non_blank(lines, following)
        if following is not None and word_count(lines[following]) >= MIN_LEDE_WORDS and is_prose(lines[following]):
            return _above_standfirst(lines, index, ticker_indices)
    return None


def _above_standfirst(lines: list[str], index: int, ticker_indices: set[int]) -> int:
    """A headline-shaped line right under another one is the standfirst (summary) under that headline.

    Section labels, kickers and site names over a headline ("World", "G7 SUMMIT", "The Daily Ledger") are too
    short to count, and a line of "|"-separated items is a menu or a ticker, not a headline.
    """
    above = previous_non_blank(lines, index)
    if (
        above is not None
        and above not in ticker_indices
        and "|" not in lines[above]
        and word_count(lines[above]) > MAX_OUTLET_WORDS
        and _is_title_candidate(lines[above])
        and not _in_chrome_box(lines, above)
    ):
        return above
    return index


def _in_chrome_box(lines: list[str], index: int) -> bool:
    """Whether the line is a "Related Coverage" style header or one of the lines listed right under it."""
    stop = max(-1, index - MAX_BOX_LINES)
    while index > stop and lines[index].strip():
        if section_kind(lines[index]) in (SectionKind.TERMINAL, SectionKind.BOX):
            return True
        index -= 1
    return False


def _published_on(lines: list[str], scan_end: int, title_index: int | None, ticker_indices: set[int]) -> date | None:
    """The article's date, by how sure each kind of date line is to be the article's own."""
    header_indices = [index for index in range(scan_end) if index not in ticker_indices and lines[index].strip()]
    byline_block = _byline_block(lines, title_index)
    outside_chrome = _before_first_chrome_section(lines, header_indices)
    below_title = [index for index in header_indices if title_index is not None and index > title_index]
    finders: list[Callable[[], date | None]] = [
        # A republished article's own "Date:" line sits under its headline; a blog's "Posted on" sits above it.
        lambda: _first_labelled(lines, below_title, updates=False),
        lambda: _first_labelled(lines, header_indices, updates=False),
        lambda: _first_date_line(lines, byline_block),
        lambda: _first_labelled(lines, header_indices, updates=True),
        lambda: _first_labelled(lines, _body_indices_before_chrome(lines, scan_end), updates=False),
        lambda: _first_date_line(
            lines, [index for index in outside_chrome if title_index is None or index > title_index]
        ),
        lambda: _first_date_line(lines, outside_chrome),
        lambda: _first_loosely_labelled(lines, header_indices),
        lambda: _dateline_with_year(lines, title_index + 1 if title_index is not None else 0),
        lambda: _dateline_in_copyright_year(lines, title_index + 1 if title_index is not None else scan_end),
    ]
    for finder in finders:
        published_on = finder()
        if published_on is not None:
            return published_on
    return None


# "Addis Ababa, October 21, 2024 (FBC) – ...": a place, a comma, then the full date opening the article.
_PLACE_AND_COMMA = re.compile(r"^[A-Z][\w .'’-]{1,40},\s+")
_DATELINE_DATE_CHARS = 25


def _dateline_with_year(lines: list[str], start: int) -> date | None:
    """The date of a dateline that gives its year, for a page with no other date."""
    for index in range(start, min(len(lines), start + DATELINE_SCAN_LINES)):
        line = lines[index].strip()
        place = _PLACE_AND_COMMA.match(line)
        if place is None:
            continue
        found = find_date(line[: place.end() + _DATELINE_DATE_CHARS])
        if found is not None and found.start == place.end():
            return found.published_on
    return None


def _dateline_in_copyright_year(lines: list[str], start: int) -> date | None:
    """A wire dateline without a year ("MOSCOW, February 6 (Agency) -"), dated in the footer's copyright year."""
    for index in range(start, min(len(lines), start + DATELINE_SCAN_LINES)):
        dateline = DATELINE.match(lines[index].strip())
        if dateline is None:
            continue
        year = _copyright_year(lines)
        if year is None:
            return None
        try:
            return date(year, MONTH_NUMBERS[dateline.group("month")[:3].lower()], int(dateline.group("day")))
        except ValueError:
            return None
    return None


def _copyright_year(lines: list[str]) -> int | None:
    for line in reversed(lines[-FOOTER_SCAN_LINES:]):
        if "©" in line or "opyright" in line:
            years = COPYRIGHT_YEAR.findall(line)
            if years:
                return int(years[-1])
    return None


def _before_first_chrome_section(lines: list[str], indices: list[int]) -> list[int]:
    """Unbulleted lines above the first "Most Read"-style header: dates under one are teasers' dates."""
    kept: list[int] = []
    for index in indices:
        if section_kind(lines[index]) in (SectionKind.TERMINAL, SectionKind.BOX):
            break
        if not is_bullet(lines[index]):
            kept.append(index)
    return kept


def _byline_block(lines: list[str], title_index: int | None) -> list[int]:
    """Lines right under the headline that are bylines, dates or chrome, up to the first other line."""
    if title_index is None:
        return []
    block: list[int] = []
    index = next_non_blank(lines, title_index)
    while index is not None and (is_meta_line(lines[index]) or is_chrome_line(lines[index])):
        block.append(index)
        index = next_non_blank(lines, index)
    return block


def _first_labelled(lines: list[str], indices: list[int], *, updates: bool) -> date | None:
    for index in indices:
        labelled = labelled_date(lines[index])
        if labelled is not None and (labelled[0] in UPDATE_LABELS) == updates:
            return labelled[1]
    return None


def _first_loosely_labelled(lines: list[str], indices: list[int]) -> date | None:
    for index in indices:
        labelled = loosely_labelled_date(lines[index])
        if labelled is not None and labelled[0] not in UPDATE_LABELS:
            return labelled[1]
    return None


def _first_date_line(lines: list[str], indices: list[int]) -> date | None:
    for index in indices:
        if is_date_line(lines[index]):
            found = find_date(strip_bullet(lines[index]))
            if found is not None:
                return found.published_on
    return None


def _body_indices_before_chrome(lines: list[str], start: int) -> list[int]:
    """Some pages print "Published: ..." under the article; stop at the first terminal chrome section."""
    indices: list[int] = []
    for index in range(start, min(len(lines), start + MAX_BODY_DATE_SCAN_LINES)):
        stripped = lines[index].strip()
        if not stripped or len(stripped) > MAX_SHORT_LINE_CHARS:
            continue
        if section_kind(stripped) is SectionKind.TERMINAL:
            break
        if DATE_LABEL.match(strip_bullet(stripped)):
            indices.append(index)
    return indices


def _outlet(lines: list[str], scan_end: int, title_index: int | None) -> str | None:
    finders: list[Callable[[], str | None]] = [
        lambda: _repeated_site_name(lines, title_index if title_index is not None else scan_end),
        lambda: _masthead(lines, title_index if title_index is not None else scan_end),
        lambda: _media_byline(lines, scan_end),
        lambda: _bureau_credit(lines, scan_end),
        lambda: _copyright_holder(lines),
    ]
    for finder in finders:
        outlet = finder()
        if outlet:
            return outlet
    return None


def _repeated_site_name(lines: list[str], above: int) -> str | None:
    """A short name at the top of the page that the page repeats (header and footer logo text)."""
    line_counts = Counter(line.strip() for line in lines)
    for index in range(min(above, len(lines))):
        stripped = lines[index].strip()
        if not stripped or is_bullet(lines[index]) or line_counts[stripped] < 2:
            continue
        if not 1 <= word_count(stripped) <= MAX_OUTLET_WORDS or not stripped[0].isupper():
            continue
        if is_meta_line(stripped) or is_chrome_line(stripped) or section_kind(stripped) is not None:
            continue
        return stripped
    return None


def _masthead(lines: list[str], above: int) -> str | None:
    """The site's name on the page's first line ("Outlet", "Outlet | domain", "Outlet - tagline"), when the
    page names it again further down (a copyright line, a "(Outlet)" dateline, an editor's note).
    """
    for index in range(min(above, len(lines))):
        stripped = lines[index].strip()
        if not stripped or is_chrome_line(stripped):
            continue
        if is_bullet(lines[index]) or is_meta_line(stripped) or section_kind(stripped) is not None:
            return None
        name = MASTHEAD_SEPARATOR.split(stripped, maxsplit=1)[0].strip()
        if not 1 <= word_count(name) <= MAX_OUTLET_WORDS or not name[0].isupper():
            return None
        rest = "\n".join(lines[index + 1 :]).lower()
        return name if re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", rest) else None
    return None


def _media_byline(lines: list[str], scan_end: int) -> str | None:
    """A "By Al Mayadeen English" credit names the outlet; "By Jane Doe" names a reporter and is skipped."""
    for credit in _by_credits(lines, scan_end):
        if MEDIA_WORDS.intersection(credit.lower().split()):
            return credit
    return None


def _by_credits(lines: list[str], scan_end: int) -> Iterator[str]:
    """Each name in "By Anna Petrova, Moscow Times" or "By Kim Min-ji | The Korea Times"."""
    for index in range(scan_end):
        stripped = strip_bullet(lines[index])
        if BYLINE.match(stripped) and stripped.lower().startswith("by "):
            yield from (name for name in re.split(r"\s*[|,]\s*", stripped[3:].strip()) if name)


def _bureau_credit(lines: list[str], scan_end: int) -> str | None:
    """The outlet in a "11 October, 2020 | newsx bureau" credit: "newsx"."""
    for index in range(scan_end):
        credit = BUREAU_CREDIT.search(lines[index].strip())
        if credit is not None:
            return credit.group("outlet").strip()
    return None


def _copyright_holder(lines: list[str]) -> str | None:
    """The rights holder in the footer; a year or an "All rights reserved" is never part of an outlet's name."""
    for line in lines[-FOOTER_SCAN_LINES:]:
        lowered = line.lower()
        if "©" not in line and "opyright" not in line and "(c)" not in lowered and "rights reserved" not in lowered:
            continue
        stripped = line.strip()
        leading = LEADING_RIGHTS_HOLDER.match(stripped)
        credits = (
            [leading] if leading is not None and not leading.group("outlet").lower().startswith("copyright") else []
        )
        credits.append(COPYRIGHT_CREDIT.search(stripped))
        for credit in credits:
            if credit is None:
                continue
            outlet = TRAILING_YEAR.sub("", credit.group("outlet").strip(" .,-–|"))
            if outlet and word_count(outlet) <= MAX_OUTLET_WORDS and not ALL_RIGHTS_RESERVED.search(outlet):
                return outlet
    return None
