"""The article's headline, outlet and date, read from the lines above its text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from tasks.parsing.blocks import MIN_LEDE_WORDS, header_end, next_non_blank, previous_non_blank
from tasks.parsing.dates import find_date
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
    return is_headline_shaped(headline)


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
    while candidate is not None and is_meta_line(lines[candidate]):
        candidate = previous_non_blank(lines, candidate)
    if candidate is None or candidate in ticker_indices:
        return None
    if _is_title_candidate(lines[candidate]):
        return candidate
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
            return index
    return None


def _published_on(lines: list[str], scan_end: int, title_index: int | None, ticker_indices: set[int]) -> date | None:
    """The article's date, by how sure each kind of date line is to be the article's own."""
    header_indices = [index for index in range(scan_end) if index not in ticker_indices and lines[index].strip()]
    byline_block = _byline_block(lines, title_index)
    outside_chrome = _before_first_chrome_section(lines, header_indices)
    finders: list[Callable[[], date | None]] = [
        lambda: _first_labelled(lines, header_indices, updates=False),
        lambda: _first_date_line(lines, byline_block),
        lambda: _first_labelled(lines, header_indices, updates=True),
        lambda: _first_labelled(lines, _body_indices_before_chrome(lines, scan_end), updates=False),
        lambda: _first_date_line(
            lines, [index for index in outside_chrome if title_index is None or index > title_index]
        ),
        lambda: _first_date_line(lines, outside_chrome),
        lambda: _first_loosely_labelled(lines, header_indices),
    ]
    for finder in finders:
        published_on = finder()
        if published_on is not None:
            return published_on
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
    for line in lines[-FOOTER_SCAN_LINES:]:
        if "©" not in line and "opyright" not in line and "(c)" not in line.lower():
            continue
        credit = COPYRIGHT_CREDIT.search(line)
        if credit is not None and word_count(credit.group("outlet")) <= MAX_OUTLET_WORDS:
            return credit.group("outlet").strip(" .")
    return None
