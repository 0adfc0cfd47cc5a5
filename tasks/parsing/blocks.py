"""Line ranges that several steps need to agree on: ticker blocks and the header region above the article."""

from __future__ import annotations

import re

from tasks.parsing.lines import SectionKind, is_bullet, is_prose, section_kind, word_count

# The first paragraph this long is article text; title, byline and date are looked for above it.
ARTICLE_TEXT_WORDS = 35
# A sentence this long is article text rather than a menu entry or a teaser headline.
MIN_LEDE_WORDS = 15
MAX_HEADER_LINES = 400
MIN_FLASH_RUN_LINES = 3
MAX_FLASH_WORDS = ARTICLE_TEXT_WORDS  # a longer line would already count as the article's first paragraph
MIN_CREDITED_SHARE = 0.75
FLASH_CREDIT = re.compile(r"^[A-Z][^:.!?]{1,60}:\s+\S")


def end_of_block(lines: list[str], index: int) -> int:
    """Index just past the run of non-blank lines starting at (or after blank lines at) ``index``."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def ticker_line_indices(lines: list[str]) -> set[int]:
    """Lines of news tickers: a "BREAKING" header and the flashes under it, or a run of "Source: flash" lines.

    Headerless runs are only looked for above the article text, where tickers sit: inside an article the same
    shape is a press-conference transcript ("Reporter: ...", "Spokesperson: ..."), which is content.
    """
    ticker_indices = _headed_ticker_indices(lines)
    article_start = header_end(lines, ticker_indices)
    index = 0
    while index < article_start:
        if not lines[index].strip() or index in ticker_indices:
            index += 1
            continue
        run_end = _end_of_plain_run(lines, index)
        if _is_flash_run(lines[index:run_end]):
            ticker_indices.update(range(index, run_end))
        index = max(run_end, index + 1)
    return ticker_indices


def _headed_ticker_indices(lines: list[str]) -> set[int]:
    ticker_indices: set[int] = set()
    index = 0
    while index < len(lines):
        if lines[index].strip() and section_kind(lines[index]) is SectionKind.TICKER:
            block_end = end_of_block(lines, index + 1)
            ticker_indices.update(range(index, block_end))
            index = block_end
        else:
            index += 1
    return ticker_indices


def _end_of_plain_run(lines: list[str], index: int) -> int:
    """Index past the adjacent lines from ``index`` that are neither blank, bullets nor section headers."""
    while index < len(lines) and lines[index].strip() and not is_bullet(lines[index]):
        if section_kind(lines[index]) is not None:
            break
        index += 1
    return index


def _is_flash_run(block: list[str]) -> bool:
    """Several one-line flashes in a row, each credited "Correspondent in Gaza: ...", with no blank lines between."""
    if len(block) < MIN_FLASH_RUN_LINES or any(word_count(line) >= MAX_FLASH_WORDS for line in block):
        return False
    if any(line.rstrip().endswith("?") for line in block):
        return False  # questions and answers: a transcript, not a ticker
    credited = sum(1 for line in block if FLASH_CREDIT.match(line.strip()))
    return credited >= MIN_CREDITED_SHARE * len(block)


def header_end(lines: list[str], ticker_indices: set[int]) -> int:
    """Where the search for headline, byline and date stops: the first long article paragraph, or a "Most Read"
    style section once some article text has been seen (its teasers have headlines and dates of their own).
    Ticker flashes do not count as article text; the scan is capped to stay cheap on huge pages.
    """
    limit = min(len(lines), MAX_HEADER_LINES)
    seen_article_text = False
    for index in range(limit):
        line = lines[index].strip()
        if index in ticker_indices or not line:
            continue
        if seen_article_text and section_kind(line) is SectionKind.TERMINAL:
            return index
        words = word_count(line)
        if words >= ARTICLE_TEXT_WORDS and is_prose(line):
            return index
        seen_article_text = seen_article_text or (words >= MIN_LEDE_WORDS and is_prose(line))
    return limit


def previous_non_blank(lines: list[str], index: int) -> int | None:
    index -= 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    return index if index >= 0 else None


def next_non_blank(lines: list[str], index: int) -> int | None:
    index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index if index < len(lines) else None
