"""The article's paragraphs: everything from the headline down, minus page chrome."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tasks.parsing.blocks import ARTICLE_TEXT_WORDS
from tasks.parsing.lines import (
    SectionKind,
    ends_sentence,
    is_bullet,
    is_chrome_line,
    is_meta_line,
    is_prose,
    section_kind,
    word_count,
)

PARAGRAPH_SEPARATOR = "\n\n"
# Teaser boxes hold headlines and one-line blurbs; the article resumes at a paragraph at least this long.
MIN_WORDS_TO_LEAVE_BOX = 15
MIN_WORDS_TO_LEAVE_SIDEBAR = ARTICLE_TEXT_WORDS
TRUNCATION_MARKS = ("...", "…")
# A lower-case line longer than this is wrapped text; shorter ones may be a byline or a share button.
MAX_CHROME_CONTINUATION_WORDS = 8


@dataclass
class BodyState:
    """What the walk down the page has collected so far."""

    paragraphs: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    # Words a paragraph needs to end the chrome box being skipped; 0 when not inside one.
    words_to_leave_box: int = 0


def extract_paragraphs(lines: list[str], start: int, title: str | None, ticker_indices: set[int]) -> list[str]:
    """Article paragraphs from line ``start`` on, in order, without chrome, ticker flashes or repeats."""
    state = BodyState()
    if title:
        state.seen.add(title)
    index = start
    while index < len(lines):
        line = lines[index]
        if index in ticker_indices or not line.strip():
            index += 1
            continue
        kind = section_kind(line)
        if kind is SectionKind.TERMINAL and state.paragraphs:
            break
        if kind is not None:
            _open_box(kind, state)
        elif is_bullet(line):
            index = _end_of_bullet_item(lines, index)
            continue
        else:
            _take_line(line.strip(), state)
        index += 1
    return state.paragraphs


def _open_box(kind: SectionKind, state: BodyState) -> None:
    if kind is SectionKind.TERMINAL:
        # "Most Read" above any article text is a sidebar, not the end of the article; its blurbs can be
        # whole sentences, so only a paragraph as long as an article's own ends it.
        state.words_to_leave_box = max(state.words_to_leave_box, MIN_WORDS_TO_LEAVE_SIDEBAR)
    else:
        state.words_to_leave_box = max(state.words_to_leave_box, MIN_WORDS_TO_LEAVE_BOX)


def unwrap_hard_wrapped_lines(lines: list[str]) -> list[str]:
    """Rejoin hard-wrapped paragraphs: a line that stops mid-sentence, then a line that starts lower-case."""
    return list(_unwrapped(lines))


def _unwrapped(lines: list[str]) -> Iterator[str]:
    # Parts are joined once per paragraph: growing one string line by line would be quadratic on a huge page.
    parts: list[str] = []
    for line in lines:
        if parts and _continues(parts[-1], line):
            parts.append(line.strip())
            continue
        if parts:
            yield _joined(parts)
        parts = [line]
    if parts:
        yield _joined(parts)


def _joined(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return " ".join([parts[0].rstrip(), *parts[1:]])


def _continues(previous: str, line: str) -> bool:
    stripped = line.strip()
    if not stripped or not previous.strip() or is_bullet(previous) or is_bullet(line):
        return False
    if not stripped[0].islower() or ends_sentence(previous.rstrip()) or word_count(previous) < 3:
        return False
    if word_count(stripped) > MAX_CHROME_CONTINUATION_WORDS:
        return True
    # "updated 2 hours ago" under a headline is a byline, not the rest of the headline.
    return not (is_meta_line(stripped) or is_chrome_line(stripped) or section_kind(stripped) is not None)


def _end_of_bullet_item(lines: list[str], index: int) -> int:
    """Skip a bullet and the lines indented under it (an image caption under a gallery link, for instance)."""
    bullet_indent = _indent(lines[index])
    index += 1
    while index < len(lines) and lines[index].strip() and _indent(lines[index]) > bullet_indent:
        index += 1
    return index


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _take_line(line: str, state: BodyState) -> None:
    if state.words_to_leave_box:
        if not _leaves_box(line, state.words_to_leave_box):
            return
        state.words_to_leave_box = 0
    # Cheapest tests first: a 20 MB page is mostly walked through here.
    if line in state.seen or not is_prose(line) or is_chrome_line(line) or is_meta_line(line):
        return
    state.seen.add(line)
    state.paragraphs.append(line)


def _leaves_box(line: str, min_words: int) -> bool:
    return is_prose(line) and word_count(line) >= min_words and not line.endswith(TRUNCATION_MARKS)
