"""Events as one document reports them, before they are merged into facts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ActorType = Literal["person", "state", "organization"]
MessageKind = Literal[
    "letter",
    "verbal_message",
    "congratulatory_message",
    "greetings",
    "condolences",
    "thanks",
    "reply",
    "message",
]


class Actor(BaseModel):
    """An actor under its canonical name (see the annotation guide)."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    actor_type: ActorType | None = None
    country_code: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3.")


class Evidence(BaseModel):
    """Where in the document an event was read."""

    model_config = ConfigDict(frozen=True)

    evidence: str = Field(min_length=1, description="The sentence the event was read from.")
    sentence_index: int = Field(ge=0, description="Index of that sentence in the document's body.")


class MessageMention(Evidence):
    sender: Actor
    recipient: Actor
    message_kind: MessageKind = "message"
    occasion: str | None = None
    sent_on: date | None = None


class MeetingMention(Evidence):
    participants: list[Actor] = Field(min_length=2)
    held_on: date | None = None
    location: str | None = None


class StatementMention(Evidence):
    speaker: Actor
    addressee: Actor | None = None
    stated_on: date | None = None
    quote: str | None = Field(None, description="The directly quoted words, verbatim.")
    text: str | None = Field(None, description="For indirect speech, a short verbatim span of what was said.")


class DocumentMentions(BaseModel):
    """Everything the extractor read from one document."""

    document_id: str
    extractor_version: str
    messages: list[MessageMention] = Field(default_factory=list)
    meetings: list[MeetingMention] = Field(default_factory=list)
    statements: list[StatementMention] = Field(default_factory=list)


class Handoff(BaseModel):
    """A folder the flow and its extraction workers share: a worker writes a big chunk's rows there as Parquet and
    returns the paths, so the rows cross no pipe and the flow loads them with DuckDB's own reader."""

    folder: str
    run_id: str = Field(
        description="Written in the folder's `run` file: a worker that reads another value, or none, "
        "is on a machine that does not share the folder, and returns its rows instead."
    )


class MentionFiles(BaseModel):
    """A chunk's rows of raw.mentions and raw.mention_actors, as Parquet files in the run's handoff folder."""

    mentions_path: str
    actors_path: str


class ExtractedChunk(BaseModel):
    """What extraction returns for a chunk of documents: their mentions, or (handed off) the files of their rows."""

    document_ids: list[str]
    mentions: list[DocumentMentions] = Field(default_factory=list)
    files: MentionFiles | None = None
    counts: dict[str, int] = Field(default_factory=dict, description="Mentions read, by event type.")
