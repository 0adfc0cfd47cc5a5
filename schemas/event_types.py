"""The kinds of diplomatic event the warehouse holds, listed once.

The load, the run summary, the report and the scoring loop read this list; adding a kind (phone calls, say) starts
here, with its mention model in ``schemas/mentions.py``, its rules in ``tasks/extraction/`` and its fact table in
``sql/marts/``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    name: str
    mentions_field: str  # the DocumentMentions field that holds this kind's mentions
    date_field: str  # the mention's day
    fact_table: str  # the mart analysts query


EVENT_TYPES = (
    EventType("message", "messages", "sent_on", "marts.fct_messages"),
    EventType("meeting", "meetings", "held_on", "marts.fct_meetings"),
    EventType("statement", "statements", "stated_on", "marts.fct_statements"),
)
EVENT_TYPE_NAMES = tuple(event_type.name for event_type in EVENT_TYPES)
