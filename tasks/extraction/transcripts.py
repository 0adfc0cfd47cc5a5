"""Briefing and interview transcripts: "MR PRICE: It is a policy that we are reviewing." is a statement by the
speaker the label names, and so are the paragraphs after it until the next label."""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemas.mentions import Actor, StatementMention
from tasks.extraction.names import HONORIFIC_ABBREVIATIONS, TITLE_WORDS
from tasks.extraction.registry import ROLE_KEYS, DocumentActors
from tasks.extraction.segments import QUESTION_LABEL, Sentence, label_length, speaker_label


def is_question(label: str | None) -> bool:
    return label == QUESTION_LABEL


def speaker_of_label(label: str, registry: DocumentActors, page_text: str) -> Actor | None:
    """The person a label names: a name the page introduced ("MR PRICE" -> Ned Price, even in its header lines),
    an office its holder ("THE PRESIDENT", "Minister"), or a full name written out ("Sergey Lavrov")."""
    name_words = [
        w
        for w in label.split()
        if w.lower().rstrip(".") not in TITLE_WORDS and w not in HONORIFIC_ABBREVIATIONS and w.lower() != "the"
    ]
    if name_words:
        partial = " ".join(w.capitalize() if w.isupper() else w for w in name_words)
        actor = registry.person(partial)
        if len(name_words) >= 2 or any(actor.name == record.name for record in registry.people.values()):
            return actor
        full = _full_name_in(page_text, partial)
        return Actor(name=full, actor_type="person") if full else None
    roles = [ROLE_KEYS[w.lower()] for w in label.split() if w.lower() in ROLE_KEYS]
    for role in roles:
        holder = registry.person_in_role(role, None)
        if holder is not None:
            return holder
    return None


def transcript_labels(sentences: Sequence[Sentence]) -> dict[int, str]:
    """Paragraph index -> speaker label, on a page that is a transcript (two labelled paragraphs or more)."""
    labels: dict[int, str] = {}
    for sentence in sentences:
        if sentence.paragraph not in labels:
            label = speaker_label(sentence.paragraph_text)
            if label is not None:
                labels[sentence.paragraph] = label
    return labels if len(labels) >= 2 else {}


def answer(sentence: Sentence, speaker: Actor) -> StatementMention:
    """The paragraph a speaker says, as one statement quoting it (without its label)."""
    text = sentence.paragraph_text[label_length(sentence.paragraph_text) :].strip()
    return StatementMention(
        evidence=sentence.text, sentence_index=sentence.index, speaker=speaker, quote=text or None, text=None
    )


def _full_name_in(page_text: str, surname: str) -> str | None:
    """ "Mr. Ned Price, Department Spokesperson:" in a header line gives "Price" its given name."""
    pattern = re.compile(rf"\b([A-Z][a-z]+(?: [A-Z]\.)?) {re.escape(surname)}\b")
    for match in pattern.finditer(page_text):
        given = match.group(1)
        if given.lower() not in TITLE_WORDS and given != "The":
            return f"{given} {surname}"
    return None


class Transcript:
    """Who speaks in the paragraph being read, on a page that is a transcript (else nobody, ever)."""

    def __init__(self, sentences: Sequence[Sentence], registry: DocumentActors, page_text: str) -> None:
        self.labels = transcript_labels(sentences)
        self.registry = registry
        self.page_text = page_text
        self.answering: Actor | None = None
        self.asking = False  # a journalist's question: what it says others said is no statement
        self._read: set[int] = set()

    def answers(self, sentence: Sentence) -> list[StatementMention]:
        """The statement a paragraph's first sentence opens: the labelled speaker's, or the one answering still."""
        if not self.labels or sentence.paragraph in self._read:
            return []
        self._read.add(sentence.paragraph)
        label = self.labels.get(sentence.paragraph)
        if label is not None:
            self.asking = is_question(label)
            self.answering = None if self.asking else speaker_of_label(label, self.registry, self.page_text)
        return [answer(sentence, self.answering)] if self.answering is not None else []
