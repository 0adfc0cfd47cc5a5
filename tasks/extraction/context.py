"""What the rule families share: one sentence with its actors and dates, and the state of the page read so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from schemas.mentions import Actor, MessageMention
from tasks.extraction.actors import SentenceActors
from tasks.extraction.dates import date_near
from tasks.extraction.registry import DocumentActors
from tasks.extraction.segments import Sentence

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# "the pair met", "their meeting", "both leaders": a group named just before.
GROUP_WORDS = frozenset({"pair", "two", "both", "they", "them", "their", "trio", "three", "sides", "leaders", "duo"})


@dataclass
class DocumentState:
    """What the page has said so far, for resolving what a sentence leaves implicit."""

    published_on: date | None
    actors: DocumentActors
    messages: list[MessageMention] = field(default_factory=list)
    # Senders whose message the previous sentences were reporting: their "he said" is the message's content.
    message_voices: set[str] = field(default_factory=set)
    # The persons named together most recently, for "the pair" or "their meeting" with nobody named before.
    last_group: list[Actor] = field(default_factory=list)


@dataclass
class SentenceContext:
    sentence: Sentence
    actors: SentenceActors
    state: DocumentState

    @property
    def evidence(self) -> str:
        return self.sentence.text

    def in_quote(self, token: Token) -> bool:
        return self.sentence.in_quote(token)

    def day_near(self, token: Token) -> tuple[date | None, bool]:
        """The day named nearest to a token, outside quotations; and whether the sentence names any time at all."""
        span = self.sentence.span
        offset = token.idx - span.start_char
        quotes = [(s - span.start_char, e - span.start_char) for s, e in self.sentence.quotes]
        return date_near(span.text, offset, self.state.published_on, quotes)

    def day_of_main_clause(self, token: Token) -> date | None:
        """The day named nearest to a token outside the reported clause: "said the request came on Saturday" is
        not said on Saturday. None when no day is named there."""
        span = self.sentence.span
        offset = token.idx - span.start_char
        excluded = [(s - span.start_char, e - span.start_char) for s, e in self.sentence.quotes]
        for t in self.sentence.tokens:
            if any(a.dep_ == "ccomp" for a in [t, *t.ancestors]):
                excluded.append((t.idx - span.start_char, t.idx - span.start_char + len(t.text)))
        day, _ = date_near(span.text, offset, self.state.published_on, excluded)
        return day

    def persons_in_sentence(self, before: Token | None = None) -> list[Actor]:
        """Distinct persons named in the sentence (outside quotations), optionally only before a token."""
        found: list[Actor] = []
        for token in self.sentence.tokens:
            if before is not None and token.i >= before.i:
                break
            if self.in_quote(token) or token.pos_ not in ("PROPN",):
                continue
            if token.dep_ == "compound" and token.head.pos_ == "PROPN":
                continue  # the head of the name stands for the whole name
            actor = self.actors.actor(token)
            if actor is not None and actor.actor_type == "person" and actor not in found:
                found.append(actor)
        return found


# Clauses whose time is not the sentence's event's: reported speech, clauses on a noun, appositions.
_SUBORDINATE_DEPS = frozenset({"ccomp", "parataxis", "acl", "relcl", "appos"})


def in_main_clause(sentence: Sentence, token: Token) -> bool:
    """Outside quotations, outside a reported clause ("said that ...") and not on a noun ("his trip in March")."""
    if sentence.in_quote(token):
        return False
    for node in [token, *token.ancestors]:
        if node.dep_ in _SUBORDINATE_DEPS:
            return False
        if node.dep_ in ("prep", "npadvmod", "advmod") and node.head.pos_ in ("NOUN", "PROPN"):
            return False
    return True


def with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def subjects_of(verb: Token, max_climb: int = 3) -> list[Token]:
    """The subject tokens of a verb, climbing to the governing verb for participles and infinitives ("saying")."""
    current = verb
    for _ in range(max_climb + 1):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects and current.dep_ == "relcl" and subjects[0].lower_ in RELATIVE_PRONOUNS:
            return with_conjuncts(current.head)  # "Kim, who in response asked Zhao ...": Kim asked
        if subjects:
            return [t for s in subjects for t in with_conjuncts(s)]
        agents = [p for c in current.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents and current.tag_ == "VBN" and current.dep_ in ("acl", "relcl"):
            return [t for a in agents for t in with_conjuncts(a)]
        if current.dep_ in ("ROOT",) or current.head is current:
            break
        current = current.head
    return []


def prep_objects(token: Token, prepositions: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions hanging from a token, with their conjuncts: "with A and B" -> [A, B]."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in prepositions:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    # a misparse often hangs the name under the next noun: "with [Kim Jong-un, ...] of Korea"
                    found.extend(c for c in obj.children if c.dep_ == "nmod" and c.pos_ == "PROPN")
                    found.extend(with_conjuncts(obj))
    return found


def resolve_all(context: SentenceContext, tokens: list[Token]) -> list[Actor]:
    """Actors for tokens, in order, without repeats; group words expand to the persons named before them."""
    result: list[Actor] = []
    for token in tokens:
        if context.in_quote(token):
            continue
        if token.lower_ in GROUP_WORDS or any(c.lower_ in GROUP_WORDS for c in token.children if c.dep_ != "prep"):
            actors = group_before(context, token)
        else:
            actor = context.actors.actor(token)
            actors = [actor] if actor is not None else []
        for actor in actors:
            if actor not in result:
                result.append(actor)
    return result


def group_before(context: SentenceContext, token: Token) -> list[Actor]:
    """The persons a group word ("the pair", "their") refers to: those named before it, else the last group."""
    before = context.persons_in_sentence(before=token)
    if len(before) >= 2:
        return before
    everyone = context.persons_in_sentence()
    if len(everyone) >= 2:
        return everyone
    return list(context.state.last_group)
