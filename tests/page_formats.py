"""The seed articles as scrapers deliver pages: an HTML page, news-please's JSON item, a web-archive record.

Each is built from what the text parser read out of a seed file (headline, outlet, date, paragraphs), wrapped in
the page chrome a site adds (menus, a sidebar, a footer), so that a reader that keeps the chrome or loses a
paragraph yields other events than the seed file does.
"""

from __future__ import annotations

import html
import io
import json
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from schemas.document import ParsedPage
from tasks.parsing import decode_page, parse_page
from tests.conftest import REPO

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def seed_page(seed: Path) -> ParsedPage:
    text, _ = decode_page(seed.read_bytes())
    return parse_page(text)


def page_url(seed: Path) -> str:
    return f"https://news.example.org/world/{seed.stem}.html"


def html_page(page: ParsedPage) -> str:
    title = html.escape(page.title or "")
    outlet = html.escape(page.outlet or "")
    published = f"{page.published_on.isoformat()}T09:00:00+00:00" if page.published_on else ""
    paragraphs = "\n".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in page.body_text.split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{published}"></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
{paragraphs}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather</a></li></ul></aside>
<footer><p>Copyright 2021 {outlet}. All rights reserved.</p><p><a href="/privacy">Privacy</a></p></footer>
</body></html>
"""


def news_please_item(seed: Path, page: ParsedPage) -> dict:
    """The fields news-please writes for an article."""
    return {
        "url": page_url(seed),
        "source_domain": page.outlet,
        "title": page.title,
        "date_publish": f"{page.published_on.isoformat()} 09:00:00" if page.published_on else None,
        "maintext": page.body_text.replace("\n\n", "\n"),
        "language": "en",
        "authors": [],
    }


def write_html(seed: Path, folder: Path) -> Path:
    path = folder / f"{seed.stem}.html"
    path.write_text(html_page(seed_page(seed)), encoding="utf-8")
    return path


def write_json_lines(seeds: list[Path], path: Path) -> Path:
    lines = [json.dumps(news_please_item(seed, seed_page(seed)), ensure_ascii=False) for seed in seeds]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_archive(seeds: list[Path], path: Path, with_other_records: bool = True) -> Path:
    """A gzipped WARC as a crawler writes it: per page a request and a response; an image and a warcinfo record
    beside them, which are not pages."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        if with_other_records:
            writer.write_record(writer.create_warcinfo_record(path.name, {"software": "legation tests"}))
        for seed in seeds:
            url = page_url(seed)
            if with_other_records:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            body = html_page(seed_page(seed)).encode("utf-8")
            writer.write_record(response_record(writer, url, body, "text/html; charset=utf-8"))
            if with_other_records:
                picture = b"\x89PNG\r\n\x1a\n" + bytes(64)
                writer.write_record(response_record(writer, url.replace(".html", ".png"), picture, "image/png"))
    return path


def response_record(writer: WARCWriter, url: str, body: bytes, content_type: str):
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url + content_type)}>"
    return writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Record-ID": record_id}
    )
