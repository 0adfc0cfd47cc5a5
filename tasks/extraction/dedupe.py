"""One mention per event and page: the same message, meeting or statement told twice is kept once."""

from __future__ import annotations

from schemas.mentions import MeetingMention, MessageMention, StatementMention

_GENERIC_KIND = "message"


def dedupe_messages(messages: list[MessageMention]) -> list[MessageMention]:
    """Same sender and recipient on one page is one message, unless the page dates them differently."""
    kept: list[MessageMention] = []
    for message in messages:
        twin = next((k for k in kept if _same_message(k, message)), None)
        if twin is None:
            kept.append(message)
            continue
        kept[kept.index(twin)] = twin.model_copy(
            update={
                "sent_on": twin.sent_on or message.sent_on,
                "occasion": twin.occasion or message.occasion,
                "message_kind": message.message_kind if twin.message_kind == _GENERIC_KIND else twin.message_kind,
            }
        )
    return kept


def _same_message(a: MessageMention, b: MessageMention) -> bool:
    return (
        a.sender.name == b.sender.name
        and a.recipient.name == b.recipient.name
        and (a.sent_on is None or b.sent_on is None or a.sent_on == b.sent_on)
    )


def dedupe_meetings(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """Meetings of the same people on one page are one meeting unless dated differently."""
    kept: list[MeetingMention] = []
    for meeting in meetings:
        names = {p.name for p in meeting.participants}
        twin = next(
            (
                k
                for k in kept
                if {p.name for p in k.participants} == names
                and (k.held_on is None or meeting.held_on is None or k.held_on == meeting.held_on)
            ),
            None,
        )
        if twin is None:
            kept.append(meeting)
            continue
        kept[kept.index(twin)] = twin.model_copy(
            update={"held_on": twin.held_on or meeting.held_on, "location": twin.location or meeting.location}
        )
    return kept


def dedupe_statements(statements: list[StatementMention]) -> list[StatementMention]:
    """A statement repeated (same speaker, same quotation or same sentence) is kept once."""
    kept: list[StatementMention] = []
    for statement in statements:
        if any(_same_statement(k, statement) for k in kept):
            continue
        kept.append(statement)
    return kept


def _same_statement(a: StatementMention, b: StatementMention) -> bool:
    if a.speaker.name != b.speaker.name:
        return False
    if a.sentence_index == b.sentence_index:
        return True
    return bool(a.quote and b.quote and a.quote == b.quote)
