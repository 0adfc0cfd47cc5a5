"""A scraped item (one JSON object: news-please's fields, or a Scrapy feed's) -> ParsedPage.

news-please writes `url`, `title`, `date_publish`, `maintext`, `source_domain`; Scrapy feeds name their fields as
their spiders do, so the common alternatives are read too. An item carrying only the page's HTML is read as HTML.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from schemas.document import ParsedPage
from tasks.parsing.body import PARAGRAPH_SEPARATOR
from tasks.parsing.dates import find_date
from tasks.parsing.errors import PageRejected
from tasks.parsing.html import is_article, paragraphs_of, parse_html

TEXT_FIELDS = ("maintext", "text", "content", "body", "article", "article_text")
HTML_FIELDS = ("html", "raw_html", "content_html", "body_html")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date_publish", "date_published", "published_at", "published", "pubdate", "date")
OUTLET_FIELDS = ("source_domain", "site_name", "sitename", "outlet", "publisher", "source")
URL_FIELDS = ("url", "link", "canonical_url")


def item_from_json(raw: bytes) -> dict[str, Any]:
    """One JSON object, or PageRejected saying what is wrong with it."""
    try:
        item = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PageRejected(f"invalid JSON item: {error}") from None
    if not isinstance(item, dict):
        raise PageRejected(f"a JSON item must be an object, not {type(item).__name__}")
    return item


def item_url(item: dict[str, Any]) -> str | None:
    return _first_text(item, URL_FIELDS)


def parse_item(item: dict[str, Any]) -> ParsedPage:
    """Headline, outlet, date and article text of a scraped item, or raise PageRejected."""
    url = item_url(item)
    text = _first_text(item, TEXT_FIELDS)
    if text is None:
        html = _first_text(item, HTML_FIELDS)
        if html is None:
            raise PageRejected(f"a JSON item without article text (none of {', '.join(TEXT_FIELDS + HTML_FIELDS)})")
        page = parse_html(html, url)
        return page.model_copy(update=_metadata(item, url, fallback=page))
    paragraphs = paragraphs_of(text)
    if not is_article(paragraphs):
        raise PageRejected("no article text in the JSON item")
    return ParsedPage(body_text=PARAGRAPH_SEPARATOR.join(paragraphs), **_metadata(item, url))


def _metadata(item: dict[str, Any], url: str | None, fallback: ParsedPage | None = None) -> dict[str, Any]:
    """The item's own title, outlet and date win over what its HTML says."""
    return {
        "title": _first_text(item, TITLE_FIELDS) or (fallback.title if fallback else None),
        "outlet": _first_text(item, OUTLET_FIELDS) or (fallback.outlet if fallback else None),
        "published_on": _item_date(item) or (fallback.published_on if fallback else None),
        "url": url,
    }


def _first_text(item: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    for field in fields:
        value = item.get(field)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split()) if field not in TEXT_FIELDS + HTML_FIELDS else value
    return None


def _item_date(item: dict[str, Any]) -> date | None:
    value = _first_text(item, DATE_FIELDS)
    found = find_date(value) if value else None
    return found.published_on if found else None
