"""What one line of a scraped page looks like: prose, headline, bullet, byline, date line or a chrome header.

A scraper's text dump keeps one HTML block per line, so lines are the unit everything else works on.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

from tasks.parsing.dates import find_date, line_without_dates, parse_date_loosely

BULLET_CHARS = frozenset("•·▪▫◦‣⁃●○■□►▶»›*-–—")
BULLET_MARKER = re.compile(r"^\s*[•·▪▫◦‣⁃●○■□►▶»›*\-–—]\s+")
# Sentence punctuation, then any closing quotes or brackets: `... he said.”` ends a sentence, `‘reckless’` does not.
SENTENCE_END = re.compile(r"(?:[.!?…:;]|\.\.\.)['\"”’)\]»]*$")
# Where an image caption ends on its credit: "... in 2019 (KCNA)", "... (AP Photo/John Doe)".
CAPTION_CREDIT = re.compile(
    r"\((?:[^()]{0,40}(?:photo|image|file|credit|courtesy)[^()]{0,40}|[A-Z][\w.&/' -]{0,30})\)$"
)
CAPTION_PREFIX = re.compile(
    r"^(?:photo|image|picture|pictured|file photo|caption|credit|illustration)\s*(?:credit)?\s*[:|/–—-]", re.IGNORECASE
)
YEAR_HINT = re.compile(r"(?:19|20)\d\d")
EMAIL_ONLY = re.compile(r"^\S+@\S+\.\w+$")
URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# Prose-shaped chrome: "Follow us on Telegram for the latest news." and the like.
CALL_TO_ACTION = re.compile(
    r"^(?:follow us|subscribe to|sign up (?:for|to)|click here|download (?:our|the) app|join our|get the latest|"
    r"thank you for reading|support our journalism|(?:an? )?(?:earlier|previous) version of this)",
    re.IGNORECASE,
)
MAX_CALL_TO_ACTION_WORDS = 25
READING_TIME = re.compile(r"^\d+\s*min(?:ute)?s?\.?\s*read$|^reading time\b", re.IGNORECASE)

BYLINE = re.compile(
    r"^(?:by|written by|reported by|posted by|edited by|authors?|reporter|correspondent|sources?|"
    r"compiled by|text by|editor|editing by)\b\s*:?\s*\S",
    re.IGNORECASE,
)
# A byline's second line names a role or a desk, not a person: "Staff writers", "QNA/Doha", "AFP/Paris".
ROLE_CREDIT = re.compile(
    r"^(?:(?:our |special )?(?:staff|special) (?:writers?|reporters?|correspondents?)|staff|"
    r"[A-Z][A-Za-z]{1,15}(?:\s*/\s*[A-Z][\w-]{1,20}(?: [A-Z][\w-]{1,20})?){1,2})$",
    re.IGNORECASE,
)
# Pipe-separated metadata: "Source: Xinhua | 2017-05-27 03:41:18 | Editor: Jane Doe".
FIELD_SEPARATOR = re.compile(r"\s*\|\s*")
# A breadcrumb trail: "Home > Press and Media > Spokesperson's Remarks".
BREADCRUMB_SEPARATOR = re.compile(r"\s[>»›/]\s")
# Menu entries on one line, two or more spaces or " | " apart: "Home  World  Business  Sport".
MENU_SEPARATOR = re.compile(r"\s{2,}|\s\|\s")
MIN_MENU_ITEMS = 4
MAX_MENU_ITEM_WORDS = 3
DATE_LABEL = re.compile(
    r"^(?P<label>date|dated|published(?: on| at)?|posted(?: on| at)?|first published(?: on)?|"
    r"(?:last )?updated(?: on| at)?|last modified|released|issued)\b\s*[:\-–]?\s*",
    re.IGNORECASE,
)

MAX_HEADLINE_WORDS = 30
MAX_HEADLINE_CHARS = 300
MAX_BYLINE_WORDS = 10
MAX_DATE_LINE_OTHER_WORDS = 4
MAX_LABEL_TO_DATE_CHARS = 60
MAX_DATE_LINE_CHARS = 160
# "Tuesday, 16 October 2022 11:07 GMT | Staff" is about as wordy as an unlabelled date line gets.
MAX_DATE_LINE_WORDS = 12
MAX_LOOSE_DATE_LINE_WORDS = 12
MAX_HEADER_WORDS = 8
MAX_HEADER_CHARS = 120
MAX_PREFIXED_CHROME_WORDS = 30
# A line this long is article text even without final punctuation (scrapes cut paragraphs mid-sentence).
LONG_PARAGRAPH_WORDS = 25
MIN_PROSE_WORDS = 4
MAX_COUNTED_CHARS = 4000
# Headers, bylines, captions and link lead-ins are all shorter than this; longer lines skip those checks.
MAX_SHORT_LINE_CHARS = 400


class SectionKind(Enum):
    """How a chrome header line affects what follows it."""

    TERMINAL = "terminal"  # everything after it is chrome: "Most Read", "More From ...", footers
    BOX = "box"  # an inline teaser box; the article resumes at the next real paragraph: "Related News"
    TICKER = "ticker"  # a block of one-line news flashes until the next blank line: "BREAKING"


def _alternation(*phrases: str) -> str:
    return "|".join(phrases)


TERMINAL_HEADERS = re.compile(
    _alternation(
        r"more (?:from|articles|stories|news|videos|on this|in|like this|to read|by)\b.*",
        r"most (?:read|popular|viewed|shared|watched|commented|recent)\b.*",
        r"(?:read|up|watch) next",
        r"what to read next",
        r"(?:next|previous) (?:article|story|post)",
        r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)\b.*",
        r"also on\b.*",
        r"(?:recommended|suggested) (?:for you|reading|articles|videos|posts)",
        r"(?:trending|popular|top) (?:now|news|stories|articles|posts|videos)",
        r"trending|popular",
        r"editor'?s'? (?:picks?|choice)",
        r"coverage",
        r"(?:\d+ )?comments?",
        r"(?:leave|post|add|write) a (?:comment|reply)",
        r"join the (?:conversation|discussion)",
        r"tags?|topics|related topics|filed under\b.*",
        r"about (?:the )?authors?|about us|contact us|privacy(?: policy)?|terms(?: of (?:use|service))?|cookie policy",
        r".*\ball rights reserved\b.*",
        r"(?:copyright|©)\b.*|©.*",
        r"source link|supply hyperlink|source hyperlink|original source",
        r"subscribe\b.*|newsletter\b.*|sign up\b.*|follow us\b.*",
        r"get (?:the|our) app|download (?:the|our) app",
    ),
    re.IGNORECASE,
)
BOX_HEADERS = re.compile(
    _alternation(
        r"related",
        r"related (?:news|articles|stories|posts|content|coverage|reading|links|videos)",
        r"see also|also see|also read|read also|recommended|recommended stories|beneficial tales",
        r"(?:list|listing) of \w+ (?:items|objects)\b.*",
    ),
    re.IGNORECASE,
)
TICKER_HEADERS = re.compile(
    _alternation(
        r"breaking|breaking news|just in|urgent|news ?flash|flash",
        r"latest|latest news|latest updates|live|live updates|news ticker|ticker|headlines|top headlines",
    ),
    re.IGNORECASE,
)
# Lines that introduce a link elsewhere rather than article text: "ALSO READ: ...", "Read more: ...".
PREFIXED_CHROME = re.compile(
    r"^(?:also read|read also|read more|read|see also|also see|related|recommended|watch|listen|click here|"
    r"more|advertisement|sponsored|tags?|topics|filed under|follow us|subscribe|"
    r"latest|breaking(?: news)?|just in|ticker|news ?flash|trending(?: now)?)\s*[:|–—>»]",
    re.IGNORECASE,
)
WHOLE_LINE_CHROME = re.compile(
    _alternation(
        r"advertisements?|sponsored(?: content)?|scroll to continue(?: with content)?|continue reading",
        r"skip to (?:main )?content|menu|search|home|tweet|e-?mail|print|whatsapp|facebook|twitter|x",
        # Share buttons often sit between byline and text, so they are dropped as lines, not as a section.
        r"share(?: this| this article| this story| this post| on \w+| via \w+)?",
        r"linkedin|telegram|reddit|copy link|link copied|close|back to top|load more|show more|view all|see all|all",
        r"listen(?: to (?:this )?article)?|loading\W*",
    ),
    re.IGNORECASE,
)


HEADER_FIRST_WORDS = frozenset(
    [
        "more",
        "most",
        "read",
        "up",
        "watch",
        "what",
        "next",
        "previous",
        "you",
        "also",
        "recommended",
        "suggested",
        "trending",
        "popular",
        "top",
        "editor's",
        "editors'",
        "editors",
        "coverage",
        "comment",
        "comments",
        "leave",
        "post",
        "add",
        "write",
        "join",
        "share",
        "tags",
        "tag",
        "topics",
        "related",
        "filed",
        "about",
        "contact",
        "privacy",
        "terms",
        "cookie",
        "source",
        "supply",
        "original",
        "subscribe",
        "newsletter",
        "sign",
        "follow",
        "get",
        "download",
        "breaking",
        "just",
        "urgent",
        "news",
        "newsflash",
        "flash",
        "latest",
        "live",
        "ticker",
        "headlines",
        "see",
        "beneficial",
        "list",
        "listing",
        "copyright",
        "©",
    ]
)


def strip_bullet(line: str) -> str:
    stripped = line.strip()
    if stripped[:1] not in BULLET_CHARS:
        return stripped
    return BULLET_MARKER.sub("", stripped, count=1).strip()


def is_bullet(line: str) -> bool:
    return BULLET_MARKER.match(line) is not None


def word_count(line: str) -> int:
    """Words in the line, counted only as far as any threshold here needs (a 20 MB line must stay cheap)."""
    return len(line[:MAX_COUNTED_CHARS].split())


def header_key(line: str) -> str:
    """A line as a chrome header would be compared: no bullet, no trailing colon, one space, straight quotes."""
    key = strip_bullet(line).replace("’", "'").rstrip(" :").lower()
    return " ".join(key.split()) if "  " in key or "\t" in key or "\xa0" in key else key


def ends_sentence(line: str) -> bool:
    return SENTENCE_END.search(line[-12:].rstrip()) is not None


def is_prose(line: str) -> bool:
    """Article text: a sentence with final punctuation, or a long run of words."""
    words = word_count(line)
    return words >= LONG_PARAGRAPH_WORDS or (words >= MIN_PROSE_WORDS and ends_sentence(line))


def section_kind(line: str) -> SectionKind | None:
    """Whether the line is a chrome section header, and which kind."""
    if len(line) > MAX_HEADER_CHARS:
        return None
    stripped = strip_bullet(line)
    if not stripped or not _may_be_header(stripped):
        return None
    key = header_key(stripped)
    if len(key.split()) > MAX_HEADER_WORDS or ends_sentence(key):
        return None
    if TICKER_HEADERS.fullmatch(key):
        return SectionKind.TICKER
    if BOX_HEADERS.fullmatch(key):
        return SectionKind.BOX
    if TERMINAL_HEADERS.fullmatch(key):
        return SectionKind.TERMINAL
    return None


def _may_be_header(stripped: str) -> bool:
    """Cheap pre-check: every header in the vocabulary starts with one of a few words (or is a copyright line)."""
    first_word = stripped.split(None, 1)[0].lower().replace("’", "'").rstrip(":")
    return first_word in HEADER_FIRST_WORDS or first_word[:1].isdigit() or "©" in stripped or "eserved" in stripped


def is_chrome_line(line: str) -> bool:
    """A single line of chrome: link lead-ins, share buttons, reading times, captions, lone e-mails or URLs."""
    if len(line) > MAX_SHORT_LINE_CHARS:
        return False
    stripped = strip_bullet(line)
    if not stripped:
        return False
    if PREFIXED_CHROME.match(stripped) and word_count(stripped) <= MAX_PREFIXED_CHROME_WORDS:
        return True
    if WHOLE_LINE_CHROME.fullmatch(header_key(stripped)):
        return True
    if EMAIL_ONLY.match(stripped) or URL_ONLY.match(stripped) or READING_TIME.match(stripped):
        return True
    if CALL_TO_ACTION.match(stripped) and word_count(stripped) <= MAX_CALL_TO_ACTION_WORDS:
        return True
    return is_navigation(stripped) or is_caption(stripped)


def is_navigation(line: str) -> bool:
    """A breadcrumb trail or a one-line menu: several short items with separators and no sentence."""
    if ends_sentence(line):
        return False
    if len(BREADCRUMB_SEPARATOR.findall(line)) >= 2:
        return True
    items = [item for item in MENU_SEPARATOR.split(line) if item.strip()]
    return len(items) >= MIN_MENU_ITEMS and all(word_count(item) <= MAX_MENU_ITEM_WORDS for item in items)


def is_caption(line: str) -> bool:
    """An image caption: a credit in brackets at the end and no sentence punctuation, or a "Photo:" lead-in."""
    if CAPTION_PREFIX.match(line):
        return True
    return not ends_sentence(line) and CAPTION_CREDIT.search(line[-80:]) is not None and word_count(line) <= 40


def is_byline(line: str) -> bool:
    stripped = strip_bullet(line)
    if EMAIL_ONLY.match(stripped) or ROLE_CREDIT.match(stripped):
        return True
    return (
        BYLINE.match(stripped) is not None and word_count(stripped) <= MAX_BYLINE_WORDS and not ends_sentence(stripped)
    )


def labelled_date(line: str) -> tuple[str, date] | None:
    """(label, date) for a "Date: 23/03/2021" or "Published 16 Oct 2022" line; None if it is not one."""
    stripped = strip_bullet(line)
    label_match = DATE_LABEL.match(stripped)
    if label_match is None or not YEAR_HINT.search(stripped):
        return None
    found = find_date(stripped[label_match.end() : label_match.end() + MAX_LABEL_TO_DATE_CHARS])
    if found is None:
        return None
    return " ".join(label_match.group("label").lower().split()), found.published_on


def loosely_labelled_date(line: str) -> tuple[str, date] | None:
    """A labelled date the patterns cannot read ("Published: 5 janvier 2020") goes to dateparser."""
    stripped = strip_bullet(line)
    label_match = DATE_LABEL.match(stripped)
    if label_match is None or word_count(stripped) > MAX_LOOSE_DATE_LINE_WORDS:
        return None
    published_on = parse_date_loosely(stripped[label_match.end() :])
    if published_on is None:
        return None
    return " ".join(label_match.group("label").lower().split()), published_on


def is_date_line(line: str) -> bool:
    """A line that is essentially a date (and maybe a time, a label or a few words such as a bureau name)."""
    stripped = strip_bullet(line)
    if len(stripped) > MAX_DATE_LINE_CHARS or not YEAR_HINT.search(stripped):
        return False
    if word_count(stripped) > MAX_DATE_LINE_WORDS and DATE_LABEL.match(stripped) is None:
        return False
    if find_date(stripped) is None:
        return False
    if "|" in stripped and any(
        is_date_line(field) for field in FIELD_SEPARATOR.split(stripped) if field and field != stripped
    ):
        return True
    other_words = re.sub(r"[^\w\s]", " ", line_without_dates(stripped)).split()
    return len(other_words) <= MAX_DATE_LINE_OTHER_WORDS or labelled_date(stripped) is not None


def is_meta_line(line: str) -> bool:
    """Byline-block material around a headline: bylines, date lines, reading times, author e-mails."""
    if len(line) > MAX_SHORT_LINE_CHARS:
        return False
    stripped = strip_bullet(line)
    if not stripped:
        return False
    return (
        is_byline(stripped)
        or is_date_line(stripped)
        or _has_date_label_and_year(stripped)
        or READING_TIME.match(stripped) is not None
    )


def _has_date_label_and_year(stripped: str) -> bool:
    """A labelled line such as "Published: 5 janvier 2020" is a date line even when the patterns cannot read it."""
    label_match = DATE_LABEL.match(stripped)
    if label_match is None or word_count(stripped) > MAX_LOOSE_DATE_LINE_WORDS:
        return False
    # "Date set for 2024 summit" is a headline: a date label is followed by a colon or by the date's digits.
    followed_like_a_label = ":" in label_match.group(0) or stripped[label_match.end() : label_match.end() + 1].isdigit()
    return followed_like_a_label and YEAR_HINT.search(stripped, label_match.end()) is not None


def is_headline_shaped(line: str) -> bool:
    """Short, capitalised, no final full stop, not a bullet, byline, date or chrome line."""
    if is_bullet(line) or len(line) > MAX_SHORT_LINE_CHARS:
        return False
    stripped = line.strip()
    words = word_count(stripped)
    if not 2 <= words <= MAX_HEADLINE_WORDS or len(stripped) > MAX_HEADLINE_CHARS:
        return False
    # '... partner to Fiji."': a quoted paragraph ends in a stop inside its closing quotation mark
    if stripped.rstrip("\"”’'").endswith((".", ",", ";", ":")) or not any(char.isupper() for char in stripped):
        return False
    if sum(char.isalpha() for char in stripped) < len(stripped) / 2:
        return False
    return not (is_meta_line(stripped) or section_kind(stripped) is not None or is_chrome_line(stripped))
