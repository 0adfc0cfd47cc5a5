"""Deterministic test corpora: news pages recombined from the seed pages' paragraphs, and hostile files."""

from __future__ import annotations

import base64
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MIN_PARAGRAPH_WORDS = 20

LEADERS = (
    "Alicia Moreno",
    "Tomas Ruiz",
    "Amara Okafor",
    "Lars Eriksen",
    "Mei Tanaka",
    "Rafael Duarte",
    "Ingrid Holm",
    "Kwame Mensah",
    "Sofia Petrova",
    "Omar Haddad",
    "Lucia Ferreira",
    "Jonas Weber",
)
OUTLETS = ("Example Wire", "Harbour Post", "Capital Herald", "Northern Ledger", "Daily Envoy")
MONTHS = "January February March April May June July August September October November December".split()
# The people the seed pages are about; a generated page gives their words to other leaders, so that its events
# never merge with the seed pages' own events.
FIRST_LEADER = re.compile(r"\bXi Jinping\b|\bJinping\b|\bXi\b")
SECOND_LEADER = re.compile(r"\bKim Jong[ -][Uu]n\b|\bKim\b")
THIRD_LEADER = re.compile(
    r"\b(?:Vladimir Putin|Putin|Donald Trump|Trump|Song Tao|Ri Ryong-nam|Wang Yi|Cai Qi|Mao Ning|Kamala Harris|"
    r"Nancy Pelosi|Volker Turk|Sadyr Japarov)\b"
)


def seed_paragraphs() -> list[str]:
    """The article paragraphs of the seed pages: long lines ending a sentence (menus are short, teasers cut off)."""
    paragraphs = []
    for page in sorted(SEEDS.iterdir()):
        for line in page.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) >= MIN_PARAGRAPH_WORDS and line.endswith((".", "”", '"', "’")):
                paragraphs.append(line)
    return paragraphs


def news_page(rng: random.Random, paragraphs: list[str], number: int) -> str:
    """A plausible page: headline, byline with a date, 3-5 seed paragraphs about other leaders."""
    first, second, third = rng.sample(LEADERS, 3)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2008, 2013)  # years no seed page is about
    body = []
    for paragraph in rng.sample(paragraphs, rng.randint(3, 5)):
        paragraph = FIRST_LEADER.sub(first, paragraph)
        paragraph = SECOND_LEADER.sub(second, paragraph)
        body.append(THIRD_LEADER.sub(third, paragraph))
    headline = f"{first} and {second} exchange messages ({number})"
    byline = f"By {rng.choice(OUTLETS)} | {day} {month} {year}"
    return "\n\n".join([headline, byline, *body]) + "\n"


def write_news_pages(folder: Path, count: int, seed: int, start: int = 0) -> list[Path]:
    """count generated pages named page_<n>.txt (n from start); the same seed gives the same bytes."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(start, start + count):
        path = folder / f"page_{number:04d}.txt"
        path.write_text(news_page(rng, paragraphs, number), encoding="utf-8")
        written.append(path)
    return written


CHROME_ONLY_PAGE = """Al Mayadeen English

  • Ar
  • Es
  • x
Al Mayadeen English

Slogan

  • News
    • Politics
    • Economy
    • Sports
  • Articles
    • Opinion
    • Analysis
  • Videos
    • NewsFeed
  • Infographs
  • In Pictures
  • • LIVE
News
  • Politics
  • Economy
Related News

DPRK defies US, says nuclear state status 'permanently enshrined'

DPRK slams US-Japan-South Korea war games as 'reckless'

China 20th Communist Party Congress begins in Beijing

  • China
  • DPRK
  • US

Most Read

Hamas delegation survives Israeli assassination attempt in Qatar

  • Politics
  • 9 Sep 2025

American far-right activist shot dead during Utah speech

  • US & Canada
  • 11 Sep 2025

Read Next

All
Australia warned of deadly climate risks in landmark report
Environment

Al Mayadeen English

Al Mayadeen is an Arab Independent Media Satellite Channel.

All Rights Reserved

  • Privacy Policy
  • About Us
  • Contact Us
Android
iOS
"""
# Non-ASCII words a generated page carries, so that its UTF-8 has multi-byte characters to cut in half.
ACCENTED = "The envoys met in Genève and São Paulo, and the minister’s “cordial” reply followed in Zürich."


def accented_page(rng: random.Random, paragraphs: list[str], number: int) -> str:
    page = news_page(rng, paragraphs, number)
    head, _, rest = page.partition("\n\n")
    byline, _, body = rest.partition("\n\n")
    return f"{head}\n\n{byline}\n\n{ACCENTED}\n\n{body}\n{ACCENTED}\n"


def cut_multibyte(encoded: bytes, rng: random.Random, at_end: bool) -> bytes:
    """Drop the last byte of one multi-byte UTF-8 character: mid-file, or at the very end of a truncated file."""
    leads = [i for i, byte in enumerate(encoded) if byte >= 0xE0 and i + 2 < len(encoded)]
    if at_end:
        return encoded[: leads[-1] + 2]
    cut = rng.choice(leads[len(leads) // 4 : 3 * len(leads) // 4])
    return encoded[: cut + 2] + encoded[cut + 3 :]


def write_hostile_files(folder: Path, seed: int) -> dict[str, str]:
    """Hundreds of awkward files; returns each file's path (relative, '/'-separated) and its kind."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    files: dict[str, tuple[bytes, str]] = {}
    for n in range(200):
        suffix = rng.choice((".bin", ".txt", ""))
        files[f"random/bytes_{n:03d}{suffix}"] = (rng.randbytes(rng.randint(1, 6000)), "random bytes")
    for n in range(12):
        encoded = accented_page(rng, paragraphs, 1000 + n).encode("utf-8")
        files[f"truncated/mid_{n:02d}.txt"] = (cut_multibyte(encoded, rng, at_end=False), "utf-8 cut mid-file")
        encoded = accented_page(rng, paragraphs, 1100 + n).encode("utf-8")
        files[f"truncated/end_{n:02d}.txt"] = (cut_multibyte(encoded, rng, at_end=True), "utf-8 cut at the end")
    for n in range(16):
        encoded = bytearray(news_page(rng, paragraphs, 1200 + n).encode("utf-8"))
        for _ in range(rng.randint(1, 3)):
            encoded.insert(rng.randrange(1, len(encoded)), 0)
        files[f"nul/page_{n:02d}.txt"] = (bytes(encoded), "NUL bytes inside text")
    big = accented_page(rng, paragraphs, 1300)
    files["big/twenty_megabytes.txt"] = (((big + "\n") * (20_000_000 // len(big) + 1)).encode("utf-8"), "20 MB page")
    # 2 MB lines as scraped pages carry them: an inline image, an inline script's data, in the middle of an article.
    image = "data:image/png;base64," + base64.b64encode(rng.randbytes(1_500_000)).decode()
    script = "window.__DATA__=" + ",".join(f'{{"id":{i},"title":"item {i}"}}' for i in range(70_000))
    for name, line in (("inline_image", image), ("inline_script", script)):
        head, byline, body = news_page(rng, paragraphs, 1350).split("\n\n", 2)
        page = "\n\n".join([head, byline, line[:2_000_000], body])
        files[f"big/{name}.txt"] = (page.encode("utf-8"), "2 MB line")
    files["chrome_only.txt"] = (CHROME_ONLY_PAGE.encode("utf-8"), "only page chrome")
    same = news_page(rng, paragraphs, 1400).encode("utf-8")
    for n in range(30):
        files[f"same/name_{n:02d}.txt"] = (same, "same page under many names")
    for n in range(8):
        files[f"empty/empty_{n}.txt"] = (b"" if n % 2 == 0 else b" \n\n\t \r\n" * n, "empty")
    utf16 = ("utf-16", "utf-16-le", "utf-16-be")
    for n in range(9):
        text = accented_page(rng, paragraphs, 1500 + n)
        files[f"encodings/utf16_{n}.txt"] = (text.encode(utf16[n % 3]), "UTF-16")
    for n in range(9):
        text = accented_page(rng, paragraphs, 1600 + n).replace("Zürich", "Zürich for €5")
        files[f"encodings/cp1252_{n}.txt"] = (text.encode("cp1252"), "cp1252")
    for path, (content, _) in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    return {path: kind for path, (_, kind) in files.items()}
