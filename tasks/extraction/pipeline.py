"""Reading one document's sentences in order and assembling its mentions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from spacy.tokens import Doc

from schemas.document import Document
from schemas.mentions import DocumentMentions, MeetingMention, MessageMention, StatementMention
from tasks.extraction.actors import SentenceActors
from tasks.extraction.context import DocumentState, SentenceContext, in_main_clause, subjects_of
from tasks.extraction.dates import find_dates, is_bracketed, is_possessive
from tasks.extraction.dedupe import dedupe_meetings, dedupe_messages, dedupe_statements
from tasks.extraction.meetings import extract_meetings
from tasks.extraction.messages import MESSAGE_NOUNS, extract_messages
from tasks.extraction.registry import DocumentActors
from tasks.extraction.segments import Sentence, dateline_date_text, sentences_of
from tasks.extraction.statements import (
    SPEECH_VERBS,
    continued_quotation,
    extract_statements,
    speakers_of_message_content,
)
from tasks.extraction.transcripts import Transcript

# A sentence about a speech, a briefing or an interview is no longer the message's content.
_NEW_SETTING = re.compile(
    r"\b(speech|address|press conference|briefing|interview|told reporters|rally|remarks|news conference)\b",
    re.IGNORECASE,
)
# Events in the first sentences with no day of their own are the article's news, dated by the first day the lead
# names, else the dateline, else the publication (annotation practice: a report of "a message sent" with no other
# date is dated by its publication).
LEAD_SENTENCES = 2
# Words placing a sentence's events at another time than the article's news.
_OTHER_TIME = re.compile(
    r"\b(previously|formerly|ago|since|in the past|last (?:week|month|year)|next (?:week|month|year)|"
    r"upcoming|(?:is|are|was|were) (?:scheduled|expected|set|due) to|plans? to|planned to)\b",
    re.IGNORECASE,
)
# Any day will do to tell a vague time ("last year": no day) from a day ("last Friday").
_ANY_DAY = date(2000, 1, 5)


def article_sentences(paragraphs: Sequence[Doc]) -> list[Sentence]:
    """The sentences of the article: page chrome that reached the parser is left out."""
    return [s for s in sentences_of(paragraphs) if not s.is_chrome]


def read_document(
    document: Document, sentences: Sequence[Sentence], registry: DocumentActors, version: str
) -> DocumentMentions:
    state = DocumentState(published_on=document.published_on, actors=registry)
    meetings: list[MeetingMention] = []
    statements: list[StatementMention] = []
    lead_day = (
        _lead_day(sentences[:LEAD_SENTENCES], document.published_on) or _dateline_day(document) or document.published_on
    )
    lead = {s.index for s in sentences[:LEAD_SENTENCES]}
    day_context: dict[int, date | None] = {}
    current_day = lead_day
    transcript = Transcript(sentences, registry, f"{document.title or ''}\n{document.body_text}")
    for sentence in sentences:
        statements.extend(transcript.answers(sentence))
        other_time = refers_to_other_time(sentence)
        own_day = sentence_day(sentence, document.published_on, main_clause_only=sentence.index not in lead)
        if own_day is not None and not other_time:
            current_day = own_day
        day_context[sentence.index] = None if other_time else current_day
        context = SentenceContext(sentence=sentence, actors=SentenceActors(sentence, registry), state=state)
        found = extract_messages(context)
        if found.day_for_earlier is not None:
            _date_earlier_messages(state, found.day_for_earlier)
        state.messages.extend(found.messages)
        sentence_meetings = extract_meetings(context) + found.meetings
        if sentence_meetings or _NEW_SETTING.search(sentence.text):
            state.message_voices = set()
        reported = found.voices | speakers_of_message_content(context)
        voices = state.message_voices | reported
        meetings.extend(sentence_meetings)
        said = [] if transcript.asking else extract_statements(context, voices)
        if not said and not reported:
            continued = continued_quotation(context, statements[-1] if statements else None)
            said = [continued] if continued is not None and continued.speaker.name not in voices else []
        statements.extend(said)
        _update_discourse(context, state, reported, voices)
    return DocumentMentions(
        document_id=document.document_id,
        extractor_version=version,
        messages=[_default_day(m, "sent_on", day_context) for m in dedupe_messages(state.messages)],
        meetings=[_default_day(m, "held_on", day_context) for m in dedupe_meetings(meetings)],
        statements=[_default_day(s, "stated_on", day_context) for s in dedupe_statements(statements)],
    )


def _lead_day(lead: Sequence[Sentence], published_on: date | None) -> date | None:
    """The first day the lead names outside quotations: the day of the news the article opens with."""
    for sentence in lead:
        day = sentence_day(sentence, published_on)
        if day is not None:
            return day
    return None


def _dateline_day(document: Document) -> date | None:
    """The day in a wire story's dateline: the lead's events happened then, often the day before publication."""
    text = dateline_date_text(document.body_text)
    if text is None or document.published_on is None:
        return None
    found = find_dates(text, document.published_on)
    return found[0].day if found else None


Mention = TypeVar("Mention", MessageMention, MeetingMention, StatementMention)


def _default_day(mention: Mention, field: str, day_context: dict[int, date | None]) -> Mention:
    """An undated event happened on the article's current day: the last day named before it, else the lead's day;
    an event whose sentence points to another time ("in 2019", "had met", "will meet") stays undated."""
    day = day_context.get(mention.sentence_index)
    if getattr(mention, field) is None and day is not None:
        return mention.model_copy(update={field: day})
    return mention


def sentence_day(sentence: Sentence, published_on: date | None, main_clause_only: bool = False) -> date | None:
    """The first day a sentence names outside quotations (in its main clause only, for the date context after the
    lead: "the summit in Astana on June 8" does not move the article's day)."""
    text = sentence.span.text
    offset = sentence.span.start_char
    quotes = [(s - offset, e - offset) for s, e in sentence.quotes]
    for expression in find_dates(text, published_on):
        token = sentence.span.char_span(expression.start, expression.end, alignment_mode="expand")
        if token is not None and any(a.dep_ == "ccomp" for a in [token[0], *token[0].ancestors]):
            continue  # "said the request came on Saturday": the day of what was said
        if main_clause_only and token is not None and not in_main_clause(sentence, token[0]):
            continue  # "the summit in Astana on June 8", "said the request came on Saturday"
        if (
            expression.day is not None
            and not is_possessive(text, expression)
            and not any(s <= expression.start < e for s, e in quotes)
            and not is_bracketed(text, expression)
        ):
            return expression.day
    return None


def refers_to_other_time(sentence: Sentence) -> bool:
    """The sentence places its events at another time than the article's news: a vague time ("last year",
    "in 2019", "earlier this month"), "previously", "since ...", a pluperfect ("had met") or a future ("will meet").
    Words inside quotations or inside what is reported ("said Russia will ...") do not count."""
    span = sentence.span
    text = span.text
    # "this year", "this week" include the news' day; "in 2019", "last month", "earlier this year" do not
    starts = [e.start for e in find_dates(text, _ANY_DAY) if e.day is None and not text[e.start :].startswith("this ")]
    starts += [m.start() for m in _OTHER_TIME.finditer(text)]
    for start in starts:
        token = span.char_span(start, start + 1, alignment_mode="expand")
        if token is None or (token[0].lower_ == "since" and token[0].dep_ == "mark"):
            continue  # "since some measures may be necessary": because, not a time
        if in_main_clause(sentence, token[0]):
            return True
    for token in sentence.tokens:
        if token.dep_ != "aux" or not in_main_clause(sentence, token):
            continue
        if token.lower_ in ("had", "'d") and token.head.tag_ == "VBN":
            return True
        if token.lower_ in ("will", "'ll", "shall") and token.head.pos_ == "VERB":
            return True
    return False


def _date_earlier_messages(state: DocumentState, day: date) -> None:
    state.messages[:] = [m if m.sent_on is not None else m.model_copy(update={"sent_on": day}) for m in state.messages]


def _update_discourse(context: SentenceContext, state: DocumentState, reported: set[str], voices: set[str]) -> None:
    """Remember the subject for "he", the persons named together for "the pair", and whose message goes on."""
    for token in context.sentence.tokens:
        if token.dep_ in ("nsubj", "nsubjpass") and not context.in_quote(token) and token.lower_ not in ("he", "she"):
            actor = context.actors.actor(token)
            if actor is not None and actor.actor_type == "person":
                state.actors.last_person = actor
                break
    persons = context.persons_in_sentence()
    if len(persons) >= 2:
        state.last_group = persons
    # The message's content goes on while the sentences keep reporting its sender's words.
    speakers = {s for s in voices if _speaks_here(context, s)}
    state.message_voices = reported | speakers | (voices if _refers_to_a_message(context) else set())


def _refers_to_a_message(context: SentenceContext) -> bool:
    """ "the message reads", "the letter added": the sentence still reports the message."""
    return any(
        t.dep_ in ("nsubj", "nsubjpass") and (t.lower_ in MESSAGE_NOUNS or t.lemma_ in MESSAGE_NOUNS)
        for t in context.sentence.tokens
        if not context.in_quote(t)
    )


def _speaks_here(context: SentenceContext, name: str) -> bool:
    for verb in context.sentence.tokens:
        if verb.lemma_ in SPEECH_VERBS and verb.pos_ in ("VERB", "AUX"):
            for subject in subjects_of(verb):
                actor = context.actors.actor(subject)
                if actor is not None and actor.name == name:
                    return True
    return False
