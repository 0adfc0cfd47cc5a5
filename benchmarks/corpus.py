"""A realistic, seeded corpus: the seed pages' chrome and paragraphs recombined, with other leaders, places and dates.

Every page is built from one seed page's layout (navigation, ticker, byline, footer: what the parser must strip),
a headline, a date written the way that site writes dates, and 3-14 article paragraphs drawn from all seed pages.
The people, countries, capitals and outlets of the seed pages are swapped for others from the lists below, so
that pages differ the way a real crawl's pages do. Page ``i`` of seed ``s`` depends on ``(s, i)`` only: a corpus
of 1,000 pages is the first 1,000 pages of a corpus of 50,000, and pages 1,000-1,099 are "100 new pages".
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tasks.parsing import decode_page, parse_page

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PARAGRAPH_SEPARATOR = "\n\n"
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2025, 12, 31)
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 14


@dataclass(frozen=True)
class Country:
    name: str
    adjective: str
    capital: str
    leader: str

    @property
    def surname(self) -> str:
        return self.leader.split()[-1]


COUNTRIES = (
    Country("Brazil", "Brazilian", "Brasilia", "Ana Ribeiro"),
    Country("Kenya", "Kenyan", "Nairobi", "Daniel Mwangi"),
    Country("Norway", "Norwegian", "Oslo", "Ingrid Holm"),
    Country("Vietnam", "Vietnamese", "Hanoi", "Tran Van Long"),
    Country("Egypt", "Egyptian", "Cairo", "Omar Haddad"),
    Country("Indonesia", "Indonesian", "Jakarta", "Sri Wahyuni"),
    Country("Chile", "Chilean", "Santiago", "Tomas Ruiz"),
    Country("Poland", "Polish", "Warsaw", "Jan Kowalski"),
    Country("Ghana", "Ghanaian", "Accra", "Kwame Mensah"),
    Country("Kazakhstan", "Kazakh", "Astana", "Nurlan Abenov"),
    Country("Portugal", "Portuguese", "Lisbon", "Lucia Ferreira"),
    Country("Mongolia", "Mongolian", "Ulaanbaatar", "Bat-Erdene Gansukh"),
    Country("Peru", "Peruvian", "Lima", "Rafael Duarte"),
    Country("Bulgaria", "Bulgarian", "Sofia", "Sofia Petrova"),
    Country("Nigeria", "Nigerian", "Abuja", "Amara Okafor"),
    Country("Laos", "Lao", "Vientiane", "Somsak Phommachan"),
    Country("Finland", "Finnish", "Helsinki", "Lars Eriksen"),
    Country("Cuba", "Cuban", "Havana", "Elena Castillo"),
    Country("Japan", "Japanese", "Tokyo", "Mei Tanaka"),
    Country("Germany", "German", "Berlin", "Jonas Weber"),
)
OFFICIALS = (
    "Maria Lindqvist",
    "Ahmed Nasser",
    "Chen Wei",
    "Paulo Mendes",
    "Aisha Bello",
    "Viktor Orlov",
    "Hana Novak",
    "Samuel Okoro",
    "Lin Yue",
    "Pedro Alves",
)
OUTLETS = (
    "Harbour Post",
    "Capital Herald",
    "Northern Ledger",
    "Daily Envoy",
    "Meridian News",
    "Atlas Wire",
    "Continental Times",
    "Eastern Observer",
)
HEADLINES = (
    "{a} sends message to {b}",
    "{a_adj} President {a} congratulates {b} on anniversary",
    "{a} and {b} exchange messages on ties between {a_country} and {b_country}",
    "{b} receives letter from {a}",
    "{a} meets {b} in {a_capital}, vows closer cooperation",
    "{a_country} ready to deepen relations with {b_country}, says {a}",
)


@dataclass(frozen=True)
class Cast:
    """Who a generated page is about: the seed pages' China, North Korea and Russia become these three."""

    first: Country
    second: Country
    third: Country
    fourth_leader: str
    officials: tuple[str, ...]
    outlet: str

    def replacements(self) -> dict[str, str]:
        first, second, third = self.first, self.second, self.third
        return {
            # Outlets first: "Xi Jinping Information" is a site's name, not a person.
            "Xi Jinping Information": self.outlet,
            "Al Mayadeen English": self.outlet,
            "Al Mayadeen": self.outlet,
            "newsx": self.outlet,
            "Xi Jinping": first.leader,
            "Jinping": first.surname,
            "Xi": first.surname,
            "People’s Republic of China": first.name,
            "People's Republic of China": first.name,
            "China": first.name,
            "Chinese language": first.adjective,
            "Chinese": first.adjective,
            "Beijing": first.capital,
            "Kim Jong Un": second.leader,
            "Kim Jong-un": second.leader,
            "Kim": second.surname,
            "Democratic People’s Republic of Korea": second.name,
            "Democratic People's Republic of Korea": second.name,
            "DPRK": second.name,
            "North Korean": second.adjective,
            "North Korea": second.name,
            "South Korea": "South Korea",
            "Korean peninsula": "region",
            "Korean Peninsula": "region",
            "Korean": second.adjective,
            "Korea": second.name,
            "Pyongyang": second.capital,
            "Vladimir Putin": third.leader,
            "Putin": third.surname,
            "Russian": third.adjective,
            "Russia": third.name,
            "Moscow": third.capital,
            "Donald Trump": self.fourth_leader,
            "Trump": self.fourth_leader.split()[-1],
            **dict(zip(("Song Tao", "Ri Ryong-nam", "Wang Yi", "Cai Qi", "Mao Ning"), self.officials, strict=True)),
        }


SWAPPED = sorted(Cast(*COUNTRIES[:3], "A B", OFFICIALS[:5], "O").replacements(), key=len, reverse=True)
SWAPPED_WORDS = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in SWAPPED) + r")(?!\w)")
SLOT_NAMES = {word: f"k{number}" for number, word in enumerate(SWAPPED)}


@dataclass(frozen=True)
class DateStyle:
    """A date as one site writes it in its byline: the pattern to find and how to write the page's own date."""

    pattern: re.Pattern[str]
    render: str


DATE_STYLES = (
    DateStyle(re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b"), "{d.day} {d:%b} {d.year}"),
    DateStyle(re.compile(r"\b\d{1,2} [A-Z][a-z]+, \d{4}\b"), "{d.day} {d:%B}, {d.year}"),
    DateStyle(re.compile(r"\b\d{2}/\d{2}/\d{4}\b"), "{d:%d/%m/%Y}"),
    DateStyle(re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "{d:%Y-%m-%d}"),
    DateStyle(re.compile(r"\b[A-Z][a-z]+ \d{2}, \d{4}"), "{d:%B %d, %Y}"),
    DateStyle(re.compile(r"\b[A-Z][a-z]{2} \d{2}, \d{4}"), "{d:%b %d, %Y}"),
)


def compile_template(text: str, with_dates: bool = False) -> str:
    """The text as a str.format template: a slot for every swapped word (and date), so a page is one format call."""
    template = text.replace("{", "{{").replace("}", "}}")
    if with_dates:
        for number, style in enumerate(DATE_STYLES):
            template = style.pattern.sub(f"{{d{number}}}", template)
    return SWAPPED_WORDS.sub(lambda match: "{" + SLOT_NAMES[match.group(0)] + "}", template)


def slot_values(cast: Cast, day: date) -> dict[str, str]:
    values = {SLOT_NAMES[word]: replacement for word, replacement in cast.replacements().items()}
    values.update((f"d{number}", style.render.format(d=day)) for number, style in enumerate(DATE_STYLES))
    return values


@dataclass(frozen=True)
class Layout:
    """One seed page cut around its article: the lines above the headline, between it and the text, and below."""

    head: str
    byline: str
    tail: str
    title: str


def _line_index(lines: list[str], needle: str, start: int = 0, reverse: bool = False) -> int:
    indices = range(len(lines) - 1, start - 1, -1) if reverse else range(start, len(lines))
    probe = " ".join(needle.split())[:40]
    for index in indices:
        if probe and probe in " ".join(lines[index].split()):
            return index
    raise ValueError(f"line not found: {probe!r}")


def cut_layout(text: str) -> tuple[Layout, list[str]]:
    """The seed page's layout and its article paragraphs, as the real parser reads them."""
    page = parse_page(text)
    paragraphs = page.body_text.split(PARAGRAPH_SEPARATOR)
    lines = text.split("\n")
    first = _line_index(lines, paragraphs[0])
    last = _line_index(lines, paragraphs[-1], first, reverse=True)
    if page.title:
        title_index = _line_index(lines, page.title)
        head, byline = lines[:title_index], lines[title_index + 1 : first]
    else:  # a page with no headline: one goes above its date line
        head, byline = [], lines[:first]
    if page.published_on is None:  # a page with no date: the byline gets one
        byline = [*byline[:1], "September 05, 2025", *byline[1:]]
    layout = Layout("\n".join(head), "\n".join(byline), "\n".join(lines[last + 1 :]), page.title or "")
    return layout, paragraphs


@dataclass(frozen=True)
class SeedMaterial:
    """The seed pages' layouts and paragraphs, compiled to templates (see ``compile_template``)."""

    layouts: tuple[Layout, ...]
    paragraphs: tuple[str, ...]


def load_seed_material(seed_dir: Path = SEEDS) -> SeedMaterial:
    layouts: list[Layout] = []
    paragraphs: list[str] = []
    for path in sorted(seed_dir.iterdir()):
        text, _ = decode_page(path.read_bytes())
        layout, page_paragraphs = cut_layout(text)
        layouts.append(
            Layout(
                head=compile_template(layout.head, with_dates=True),
                byline=compile_template(layout.byline, with_dates=True),
                tail=compile_template(layout.tail),
                title=compile_template(layout.title),
            )
        )
        paragraphs += [compile_template(paragraph) for paragraph in page_paragraphs]
    return SeedMaterial(tuple(layouts), tuple(paragraphs))


@dataclass(frozen=True)
class GeneratedPage:
    index: int
    relative_path: str
    text: str


def random_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def random_cast(rng: random.Random) -> Cast:
    first, second, third, fourth = rng.sample(COUNTRIES, 4)
    return Cast(first, second, third, fourth.leader, tuple(rng.sample(OFFICIALS, 5)), rng.choice(OUTLETS))


def headline(rng: random.Random, cast: Cast, layout: Layout, values: dict[str, str]) -> str:
    if layout.title and rng.random() < 0.5:
        return layout.title.format_map(values)
    first, second = cast.first, cast.second
    return rng.choice(HEADLINES).format(
        a=first.leader,
        b=second.leader,
        a_adj=first.adjective,
        a_country=first.name,
        b_country=second.name,
        a_capital=first.capital,
    )


def outlet_slug(outlet: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")


def page_text(rng: random.Random, material: SeedMaterial, number: int, cast: Cast, day: date) -> str:
    layout = rng.choice(material.layouts)
    values = slot_values(cast, day)
    count = min(rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS), len(material.paragraphs))
    body = PARAGRAPH_SEPARATOR.join(p.format_map(values) for p in rng.sample(material.paragraphs, count))
    parts = [
        layout.head.format_map(values),
        headline(rng, cast, layout, values),
        layout.byline.format_map(values),
        body,
        layout.tail.format_map(values),
        # The page's address, as scrapers keep it: it also makes every page's content unique.
        f"Share: https://{outlet_slug(cast.outlet)}.example/{day:%Y/%m}/article-{number}",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def generate_page(material: SeedMaterial, seed: int, index: int) -> GeneratedPage:
    """Page ``index`` of the corpus of ``seed``: the same inputs give the same page, byte for byte."""
    rng = random.Random(f"legation-benchmark:{seed}:{index}")
    cast, day = random_cast(rng), random_day(rng)
    text = page_text(rng, material, index, cast, day)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return GeneratedPage(index, f"{outlet_slug(cast.outlet)}/{day:%Y}/{day:%m}/{index:06d}_{digest}.txt", text)


def generate_pages(seed: int, start: int, count: int, material: SeedMaterial | None = None) -> Iterator[GeneratedPage]:
    material = material or load_seed_material()
    for index in range(start, start + count):
        yield generate_page(material, seed, index)


def write_corpus(folder: Path, count: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Write pages ``start .. start + count - 1`` under ``folder`` (nested outlet/year/month folders)."""
    written: list[Path] = []
    made: set[Path] = set()
    for page in generate_pages(seed, start, count):
        path = folder / page.relative_path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(page.text, encoding="utf-8")
        written.append(path)
    return written
