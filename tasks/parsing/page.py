"""Decoded page text -> ParsedPage."""

from __future__ import annotations

import re

from schemas.document import ParsedPage
from tasks.parsing.blocks import ticker_line_indices
from tasks.parsing.body import PARAGRAPH_SEPARATOR, extract_paragraphs, unwrap_hard_wrapped_lines
from tasks.parsing.errors import PageRejected
from tasks.parsing.header import MEDIA_WORDS, read_header
from tasks.parsing.lines import word_count

# Below this, what survived chrome removal is a stray blurb (a footer's "X is a news channel."), not an article.
MIN_PARAGRAPH_WORDS = 10
MIN_BODY_WORDS = 20
MAX_BLURB_WORDS = 30
NO_ARTICLE_TEXT = "no article text left after removing page chrome"


# Archived pages may open with the crawl's date label on the article's first line: " date 2023-10-26 : Prime
# Minister ...". The label is a date line of its own; what follows it is the article's first paragraph.
_LEADING_DATE_LABEL = re.compile(r"^\s*(date \d{4}-\d{2}(?:-\d{2})?)\s*:?\s+(?=\S)")


def parse_page(text: str) -> ParsedPage:
    """Read headline, outlet, date and article text out of a decoded page, or raise PageRejected."""
    text = _LEADING_DATE_LABEL.sub(lambda match: match.group(1) + "\n\n", text, count=1)
    lines = unwrap_hard_wrapped_lines(text.split("\n"))
    ticker_indices = ticker_line_indices(lines)
    header = read_header(lines, ticker_indices)
    body_start = header.title_index + 1 if header.title_index is not None else 0
    paragraphs = extract_paragraphs(lines, body_start, header.title, ticker_indices)
    if header.outlet:
        paragraphs = [paragraph for paragraph in paragraphs if not _is_outlet_blurb(paragraph, header.outlet)]
    if not _is_article(paragraphs):
        raise PageRejected(NO_ARTICLE_TEXT)
    return ParsedPage(
        title=" ".join(header.title.split()) if header.title else None,
        outlet=header.outlet,
        published_on=header.published_on,
        body_text=PARAGRAPH_SEPARATOR.join(paragraphs),
    )


def _is_outlet_blurb(paragraph: str, outlet: str) -> bool:
    """The footer's self-description: "Al Mayadeen is an Arab Independent Media Satellite Channel."

    It must start with the outlet's name and call itself a medium: "Xi Jinping is ..." on a site called
    "Xi Jinping Information" is article text.
    """
    if word_count(paragraph) > MAX_BLURB_WORDS:
        return False
    name = re.escape(" ".join(outlet.split()[:2]))
    if re.match(rf"{name}\b[^.]{{0,40}}?\s(?:is|was|are)\s(?:a|an|the)\b", paragraph, re.IGNORECASE) is None:
        return False
    return not MEDIA_WORDS.isdisjoint(re.findall(r"\w+", paragraph.lower()))


def _is_article(paragraphs: list[str]) -> bool:
    words_per_paragraph = [word_count(paragraph) for paragraph in paragraphs]
    return (
        any(words >= MIN_PARAGRAPH_WORDS for words in words_per_paragraph) or sum(words_per_paragraph) >= MIN_BODY_WORDS
    )
