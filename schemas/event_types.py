"""The kinds of diplomatic event the warehouse holds, listed once.

The load, the run summary, the audits, the report and the scoring loop read this list; adding a kind (phone calls,
say) starts here, with its mention model in ``schemas/mentions.py``, its rules in ``tasks/extraction/`` and its fact
table in ``sql/marts/``. The report models in ``sql/reports/`` still name the three kinds themselves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    name: str
    mentions_field: str  # the DocumentMentions field that holds this kind's mentions
    fact_table: str  # the mart analysts query
    fact_key: str  # its key column, the event_id of marts.bridge_event_documents


EVENT_TYPES = (
    EventType("message", "messages", "marts.fct_messages", "message_id"),
    EventType("meeting", "meetings", "marts.fct_meetings", "meeting_id"),
    EventType("statement", "statements", "marts.fct_statements", "statement_id"),
)
EVENT_TYPE_NAMES = tuple(event_type.name for event_type in EVENT_TYPES)
