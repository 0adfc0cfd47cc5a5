"""Reading one document's sentences in order and assembling its mentions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from spacy.tokens import Doc

from schemas.document import Document
from schemas.mentions import DocumentMentions, MeetingMention, MessageMention, StatementMention
from tasks.extraction.actors import DocumentActors, SentenceActors
from tasks.extraction.context import DocumentState, SentenceContext, subjects_of
from tasks.extraction.dates import find_dates
from tasks.extraction.dedupe import dedupe_meetings, dedupe_messages, dedupe_statements
from tasks.extraction.meetings import extract_meetings
from tasks.extraction.messages import MESSAGE_NOUNS, extract_messages
from tasks.extraction.segments import Sentence, dateline_date_text, sentences_of
from tasks.extraction.statements import SPEECH_VERBS, extract_statements, speakers_of_message_content

# A sentence about a speech, a briefing or an interview is no longer the message's content.
_NEW_SETTING = re.compile(
    r"\b(speech|address|press conference|briefing|interview|told reporters|rally|remarks|news conference)\b",
    re.IGNORECASE,
)
# Events in the first sentences with no day of their own are the article's news, dated by the first day the lead
# names, else the dateline, else the publication (annotation practice: a report of "a message sent" with no other
# date is dated by its publication).
LEAD_SENTENCES = 2


def article_sentences(paragraphs: Sequence[Doc]) -> list[Sentence]:
    """The sentences of the article: page chrome that reached the parser is left out."""
    return [s for s in sentences_of(paragraphs) if not s.is_chrome]


def read_document(
    document: Document, sentences: Sequence[Sentence], registry: DocumentActors, version: str
) -> DocumentMentions:
    state = DocumentState(published_on=document.published_on, actors=registry)
    meetings: list[MeetingMention] = []
    statements: list[StatementMention] = []
    for sentence in sentences:
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
        statements.extend(extract_statements(context, voices))
        _update_discourse(context, state, reported, voices)
    lead = {s.index for s in sentences[:LEAD_SENTENCES]}
    lead_day = (
        _lead_day(sentences[:LEAD_SENTENCES], document.published_on) or _dateline_day(document) or document.published_on
    )
    return DocumentMentions(
        document_id=document.document_id,
        extractor_version=version,
        messages=[_default_day(m, "sent_on", lead, lead_day) for m in dedupe_messages(state.messages)],
        meetings=[_default_day(m, "held_on", lead, lead_day) for m in dedupe_meetings(meetings)],
        statements=[_default_day(s, "stated_on", lead, lead_day) for s in dedupe_statements(statements)],
    )


def _lead_day(lead: Sequence[Sentence], published_on: date | None) -> date | None:
    """The first day the lead names outside quotations: the day of the news the article opens with."""
    for sentence in lead:
        text = sentence.span.text
        offset = sentence.span.start_char
        quotes = [(s - offset, e - offset) for s, e in sentence.quotes]
        for expression in find_dates(text, published_on):
            if expression.day is not None and not any(s <= expression.start < e for s, e in quotes):
                return expression.day
    return None


def _dateline_day(document: Document) -> date | None:
    """The day in a wire story's dateline: the lead's events happened then, often the day before publication."""
    text = dateline_date_text(document.body_text)
    if text is None or document.published_on is None:
        return None
    found = find_dates(text, document.published_on)
    return found[0].day if found else None


Mention = TypeVar("Mention", MessageMention, MeetingMention, StatementMention)


def _default_day(mention: Mention, field: str, lead: set[int], lead_day: date | None) -> Mention:
    """An undated event of the lead happened on the lead's day; elsewhere an undated event stays undated."""
    if mention.sentence_index in lead and getattr(mention, field) is None and lead_day is not None:
        return mention.model_copy(update={field: lead_day})
    return mention


def _date_earlier_messages(state: DocumentState, day: date) -> None:
    state.messages[:] = [m if m.sent_on is not None else m.model_copy(update={"sent_on": day}) for m in state.messages]


def _update_discourse(context: SentenceContext, state: DocumentState, reported: set[str], voices: set[str]) -> None:
    """Remember the subject for "he", the persons named together for "the pair", and whose message goes on."""
    span = context.sentence.span
    for token in span:
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
        for t in context.sentence.span
        if not context.in_quote(t)
    )


def _speaks_here(context: SentenceContext, name: str) -> bool:
    for verb in context.sentence.span:
        if verb.lemma_ in SPEECH_VERBS and verb.pos_ in ("VERB", "AUX"):
            for subject in subjects_of(verb):
                actor = context.actors.actor(subject)
                if actor is not None and actor.name == name:
                    return True
    return False
