"""Cutting a body into sentences, finding quotations, and dropping page chrome that slipped through."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from tasks.extraction.gazetteer import state_named, state_of_capital
from tasks.extraction.lexicon import words

# Double quotation marks, straight or curly; scraped pages often get the curl direction wrong, so any two in a
# row delimit a quotation.
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")
# A sentence ends with a stop, or with a closing quotation mark right after one; headlines end with neither.
_ENDS_LIKE_A_SENTENCE = re.compile(r"([.!?…:]|[.!?,…][\"”’'])\)?$")
# Section markers that introduce links, never article text.
_CHROME_PREFIXES = re.compile(
    r"^\s*(also read|read more|read also|related( news| stories| articles)?|recommended( stories)?|"
    r"most read|more from|see also|watch|share this|source|date)\b\s*[:|-]?",
    re.IGNORECASE,
)
_MIN_TOKENS = 5
# A stop followed by a new sentence: a line that ends oddly may still hold whole sentences before its end.
_SENTENCE_INSIDE = re.compile(r"[.!?][\"”’']?\s+[\"“‘A-Z]")


@dataclass
class Sentence:
    """One sentence of a body, with the quotations that touch it."""

    index: int
    span: Span
    paragraph: int
    paragraph_text: str  # kept: a Doc rebuilds its text on every access
    quotes: list[tuple[int, int]] = field(default_factory=list)  # char offsets in the paragraph's Doc
    ents: list[Span] = field(default_factory=list)  # the NER's entities inside the sentence
    is_chrome: bool = False

    @property
    def text(self) -> str:
        return self.span.text.strip()

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, made once: spaCy makes a new Token object on every iteration of a Span, and the
        rules iterate each sentence dozens of times."""
        return list(self.span)

    @cached_property
    def _quoted(self) -> frozenset[int]:
        """Indices (in the paragraph's Doc) of the tokens that start inside a quotation of this sentence."""
        if not self.quotes:
            return frozenset()
        starts = self.span.doc.to_array(IDX).tolist()
        return frozenset(i for i, idx in enumerate(starts) if any(start < idx < end for start, end in self.quotes))

    def in_quote(self, token: Token) -> bool:
        return token.i in self._quoted

    def quote_texts(self) -> list[str]:
        """The quotations overlapping this sentence, verbatim and whole even when they run over several sentences."""
        text = self.paragraph_text
        return [text[start + 1 : end].strip() for start, end in self.quotes if text[start + 1 : end].strip()]


# "MOSCOW, Sept. 18 (Xinhua) -- " opens a wire story; it is not part of the first sentence's grammar.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?),?\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?)?\s*"
    r"(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*(?:--|[-–—]|(?<=\)))\s+"
)


# Datelines as outlets write them: "Ankara, IRNA – ", "New Delhi: ", "KUWAIT: ", "Doha, Qatar: ",
# "Seoul [South Korea], May 12 (ANI/Global Economic): ", "MOSCOW, August 14. /TASS/. ", "Wellington, June 6 : ".
_MONTH_DAY = r"[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?"
PLACE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,2})(?: \[[^\]]{1,30}\])?"
    r"(?:,\s*(?P<country>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=\s*[:,]))?"
    rf"(?:,?\s*(?P<date>{_MONTH_DAY})\.?)?"
    r"(?:,?\s*(?:\((?P<agency>[^)]{2,40})\)|/(?P<slashed>[A-Za-z ]{2,20})/\.?|(?P<caps>[A-Z]{2,8})(?=\s*[-–—])))?"
    r"\s*(?:--|[-–—:])?\s+(?=[A-Z\"“])"
)


# "REPORT.AZ/ Azerbaijani foreign minister ...": an outlet's name in capitals and a slash.
OUTLET_SLASH = re.compile(r"^[A-Z][A-Z.]{2,20}/\s+(?=[A-Z])")


def strip_dateline(line: str) -> str:
    line = OUTLET_SLASH.sub("", line, count=1)
    match = DATELINE.match(line)
    if match and (match.group("date") or match.group("agency")):
        return line[match.end() :]
    match = _place_dateline(line)
    return line[match.end() :] if match else line


def dateline_date_text(body_text: str) -> str | None:
    """The date written in a wire story's dateline ("Sept. 18"), if the body opens with one."""
    for line in body_text.splitlines()[:12]:
        match = DATELINE.match(line.strip()) or _place_dateline(line.strip())
        if match and match.group("date"):
            return match.group("date")
    return None


def _place_dateline(line: str) -> re.Match[str] | None:
    """A dateline needs a separator or an agency or a date after a place that is one: a capital, a state, or a
    place in capitals; "New Delhi is ..." is a sentence."""
    match = PLACE_DATELINE.match(line)
    if match is None:
        return None
    place = match.group("place")
    marked = match.group("date") or match.group("agency") or match.group("slashed") or match.group("caps")
    separated = line[: match.end()].rstrip().endswith((":", "-", "–", "—", "."))
    if state_of_capital(place) or state_named(place):
        return match if marked or separated else None
    # a place in capitals the gazetteer does not know ("TEHRAN" does, "MR PRICE:" is a transcript's speaker)
    return match if place.isupper() and marked else None


# "in Beijing.Wang said": scrapers that drop paragraph breaks glue a sentence to the next one. A lower-case word (or
# a closing bracket or quotation mark) before the stop and a capitalized word after it tell a sentence end from
# "U.S.", "a.m." or "Xinhua.net".
_GLUED_SENTENCES = re.compile(r"(?<=[a-z\)\]”\"'’]{2}[.!?])(?=[A-Z“\"][a-z])|(?<=[a-z]{2}[.!?][”\"’])(?=[A-Z][a-z])")


def unglue_sentences(line: str) -> str:
    return _GLUED_SENTENCES.sub(" ", line)


def split_paragraphs(body_text: str) -> list[str]:
    """Lines are the units: pages put every headline, ticker item and paragraph on a line of its own.

    Lines that cannot hold a sentence of the article (menus, headlines, link lists) are dropped before parsing:
    on a scraped page they are most of the lines, and parsing them is most of the time.
    """
    lines = (unglue_sentences(strip_dateline(line.strip())) for line in body_text.splitlines())
    return [line for line in lines if _may_hold_article_text(line)]


def _may_hold_article_text(line: str) -> bool:
    if len(line.split()) < _MIN_TOKENS or _CHROME_PREFIXES.match(line):
        return False
    return bool(_ENDS_LIKE_A_SENTENCE.search(line) or _SENTENCE_INSIDE.search(line))


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) char offsets of the quotation marks, paired in order of appearance."""
    marks = [match.start() for match in _QUOTE_MARKS.finditer(text)]
    if len(marks) % 2:
        # a quotation running on into the next paragraph is left open at the end of this one
        marks.append(len(text))
    return [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


def _repair_splits(doc: Doc, spans: list[tuple[int, int]]) -> list[Span]:
    """spaCy cuts long quotations into several sentences, and sometimes cuts a sentence at an odd name; a quotation
    and its attribution must stay together, and so must a sentence that did not end where it was cut."""
    sentences = list(doc.sents)
    merged: list[Span] = []
    for sent in sentences:
        boundary = sent.start_char
        inside_quote = any(start < boundary < end for start, end in spans)
        attributes_quote = merged and merged[-1].text.strip()[-1:] in '"”' and _is_attribution(sent)
        if merged and (inside_quote or attributes_quote or not _ENDS_LIKE_A_SENTENCE.search(merged[-1].text.strip())):
            merged[-1] = doc[merged[-1].start : sent.end]
        else:
            merged.append(sent)
    return merged


_ATTRIBUTION_TOKENS = 12


def _is_attribution(sentence: Span) -> bool:
    """ "MEA spokesperson Arindam Bagchi tweeted.": a short clause whose speech verb has no complement of its own
    names the speaker of the quotation before it."""
    root = sentence.root
    return (
        len(sentence) <= _ATTRIBUTION_TOKENS
        and root.lemma_ in words("speech_verbs")
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children)
    )


# A transcript's speaker label: one to four capitalized words and a colon ("MR PRICE:", "Sergey Lavrov:").
_SPEAKER_LABEL = re.compile(r"^(?P<label>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*:\s+(?=\S)")
QUESTION_LABEL = "?"


def speaker_label(paragraph: str) -> str | None:
    """The label opening a transcript paragraph, QUESTION_LABEL for a question's, None when there is none."""
    match = _SPEAKER_LABEL.match(paragraph)
    if match is None:
        return None
    label = match.group("label")
    if label.lower().rstrip(".") in words("question_labels"):
        return QUESTION_LABEL
    return label


def label_length(paragraph: str) -> int:
    """Characters of the label and its colon: the quotation starts after them."""
    match = _SPEAKER_LABEL.match(paragraph)
    return match.end() if match else 0


def _names_a_speaker(paragraph: Doc, paragraph_text: str) -> bool:
    """ "MR PRICE:", "H.E. Kun:", "Sergey Lavrov:" name who speaks; "Politics:" or "BREAKING:" do not."""
    label = speaker_label(paragraph_text)
    if label is None or label == QUESTION_LABEL:
        return label is not None
    if {w.lower().rstrip(".") for w in label.split()} & words("titles"):
        return True
    end = label_length(paragraph_text)
    return any(e.label_ == "PERSON" and e.end_char <= end for e in paragraph.ents)


_CUT_OFF_MIN_TOKENS = 8


def _cut_off_tail(sentence: Span) -> bool:
    """ "... said Wang. He said China will continue to promote the goa": a stored page cut off mid-sentence
    still has article text in its last sentence, after whole sentences of the same paragraph."""
    paragraph = sentence.doc
    return (
        sentence.end == len(paragraph)
        and sentence.start > 0
        and len(sentence) >= _CUT_OFF_MIN_TOKENS
        and _ENDS_LIKE_A_SENTENCE.search(paragraph[: sentence.start].text.strip()) is not None
        and any(t.pos_ in ("VERB", "AUX") for t in sentence)
    )


def is_chrome(sentence: Span, paragraph: Doc, paragraph_text: str) -> bool:
    """Headlines, tickers, link lists and captions: no finite verb, no closing punctuation, or a marker prefix."""
    text = sentence.text.strip()
    if len([t for t in sentence if not t.is_punct]) < _MIN_TOKENS:
        return True
    if not _ENDS_LIKE_A_SENTENCE.search(text) and not _cut_off_tail(sentence):
        return True
    if _CHROME_PREFIXES.match(paragraph_text):
        return True
    if _names_a_speaker(paragraph, paragraph_text):
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in sentence):
        return True
    return _is_ticker_line(paragraph)


def _is_ticker_line(paragraph: Doc) -> bool:
    """'Outlet correspondent: something happened.' A short verbless label before a colon opens a ticker item."""
    for token in paragraph[:8]:
        if token.text == ":":
            label = paragraph[: token.i]
            return token.i > 0 and not any(t.pos_ in ("VERB", "AUX") or t.is_quote for t in label)
    return False


def sentences_of(docs: Sequence[Doc]) -> list[Sentence]:
    """The sentences of a body's paragraphs, numbered through the whole body."""
    result: list[Sentence] = []
    for paragraph_index, doc in enumerate(docs):
        text = doc.text
        spans = quote_spans(text)
        # doc.ents and Span.ents walk the whole paragraph: read them once, then hand each sentence its own
        entities = list(doc.ents)
        for span in _repair_splits(doc, spans):
            quotes = [(s, e) for s, e in spans if s < span.end_char and e > span.start_char]
            result.append(
                Sentence(
                    index=len(result),
                    span=span,
                    paragraph=paragraph_index,
                    paragraph_text=text,
                    quotes=quotes,
                    ents=[e for e in entities if e.start >= span.start and e.end <= span.end],
                    is_chrome=is_chrome(span, doc, text),
                )
            )
    return result
