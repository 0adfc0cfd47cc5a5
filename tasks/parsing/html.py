"""An HTML page -> ParsedPage: trafilatura finds the article (boilerplate gone, paragraphs kept), its title and
site name; htmldate, through trafilatura, its publication date."""

from __future__ import annotations

import codecs
import re
from datetime import date
from urllib.parse import urlsplit

import trafilatura
from trafilatura.utils import detect_encoding

from schemas.document import ParsedPage
from tasks.parsing.body import PARAGRAPH_SEPARATOR
from tasks.parsing.errors import PageRejected
from tasks.parsing.lines import word_count

# The page's own date, never the crawl's: htmldate's original_date prefers the publication date over a
# modification date, and without extensive search it does not guess from dates that merely occur in the text.
DATE_SEARCH = {"original_date": True, "extensive_search": False}
MIN_ARTICLE_WORDS = 20
# Chinese, Japanese or Thai text has no spaces between words: there, letters tell an article from a stray caption.
MIN_ARTICLE_LETTERS = 100
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """A page saved as .txt, or without a suffix, may still be HTML: its first tag says so."""
    return _HTML_START.match(text[:4096]) is not None


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding): the charset the server or the page declares, else UTF-8, else trafilatura's guess."""
    meta = _DECLARED_CHARSET.search(raw[:4096])
    candidates = [declared, meta.group(1).decode("ascii") if meta else None, "utf-8", *detect_encoding(raw), "cp1252"]
    for candidate in candidates:
        try:
            encoding = codecs.lookup(candidate).name if candidate else None
            if encoding:
                return raw.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace"), "utf-8"


def parse_html(html: str, url: str | None = None) -> ParsedPage:
    """Read headline, site name, date and article text out of an HTML page, or raise PageRejected."""
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={**DATE_SEARCH, "url": url},
    )
    paragraphs = paragraphs_of(extracted.text if extracted else "")
    title = _clean(extracted.title) if extracted else None
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]  # the headline, which trafilatura keeps as the text's first line
    if not is_article(paragraphs):
        raise PageRejected("no article text in the HTML page")
    return ParsedPage(
        title=title,
        outlet=_clean(extracted.sitename) or _host(url),
        published_on=_iso_date(extracted.date),
        body_text=PARAGRAPH_SEPARATOR.join(paragraphs),
        url=url or _clean(extracted.url),
    )


def paragraphs_of(text: str) -> list[str]:
    """A reader's text, one paragraph a line, as paragraphs with their spaces tidied; blank lines dropped."""
    return [paragraph for paragraph in (" ".join(line.split()) for line in text.split("\n")) if paragraph]


def is_article(paragraphs: list[str]) -> bool:
    words = sum(word_count(paragraph) for paragraph in paragraphs)
    return (
        words >= MIN_ARTICLE_WORDS or sum(char.isalpha() for text in paragraphs for char in text) >= MIN_ARTICLE_LETTERS
    )


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
