"""Messages: letters, verbal messages, congratulations, greetings, condolences, thanks, replies, telegrams."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from schemas.mentions import Actor, MeetingMention, MessageKind, MessageMention
from tasks.extraction.context import SentenceContext, prep_objects, resolve_all, subjects_of, with_conjuncts
from tasks.extraction.lexicon import mapping, words
from tasks.extraction.registry import ROLE_KEYS

MESSAGE_NOUNS: dict[str, MessageKind] = mapping("message_nouns")
# Modifiers that make a kind more specific: "congratulatory message", "verbal message", "message of condolence".
KIND_MODIFIERS: dict[str, MessageKind] = mapping("kind_modifiers")
SEND_VERBS = words("send_verbs")
# What is sent when greetings are exchanged at a distance.
SENT_THINGS = frozenset({"message", "letter", "cable", "telegram", "card", "note", "missive"})
# Verbs by which an envoy passes on in person what a leader sent: the envoy also meets the recipient.
IN_PERSON_VERBS = frozenset({"convey", "deliver", "hand", "relay", "pass"})
# Nouns that are only a message when something is sent, never as the object of "express" alone.
EXPRESSIBLE_ONLY = frozenset({"gratitude", "sympathy", "sympathies", "regards", "wishes", "thanks"})
REPLY_VERBS = frozenset({"reply", "respond", "answer"})
CONGRATULATE_VERBS = frozenset({"congratulate", "felicitate"})
OCCASION_HEADS = frozenset(
    {
        "anniversary",
        "congress",
        "day",
        "birthday",
        "occasion",
        "election",
        "re-election",
        "victory",
        "holiday",
        "year",
        "festival",
        "inauguration",
        "success",
        "founding",
        "foundation",
        "independence",
        "death",
        "passing",
        "earthquake",
        "attack",
        "disaster",
        "appointment",
        "plenum",
        "session",
        "celebration",
    }
)


@dataclass
class SentenceMessages:
    """The messages a sentence reports, and what it says about messages already reported."""

    messages: list[MessageMention] = field(default_factory=list)
    meetings: list[MeetingMention] = field(default_factory=list)
    # Senders whose message this sentence reports or refers to ("in his letter", "the message said").
    voices: set[str] = field(default_factory=set)
    # A day given for messages reported before ("The messages were delivered on Monday").
    day_for_earlier: date | None = None


def extract_messages(context: SentenceContext) -> SentenceMessages:
    result = SentenceMessages()
    for token in context.sentence.tokens:
        # a quotation's words are the speaker's, but 'send his "sincere greetings" to Xi' quotes only the object
        if context.in_quote(token) and (context.in_quote(token.head) or token.head is token):
            continue
        if token.lemma_ in CONGRATULATE_VERBS and token.pos_ == "VERB":
            _from_congratulate_verb(context, token, result)
        elif token.lower_ in MESSAGE_NOUNS or (token.lemma_ in MESSAGE_NOUNS and token.pos_ == "NOUN"):
            _from_message_noun(context, token, result)
        elif token.lemma_ == "write" and prep_objects(token, ("to",)):
            _add(context, result, token, subjects_of(token), prep_objects(token, ("to",)), "letter", token)
    return result


def _from_congratulate_verb(context: SentenceContext, verb: Token, result: SentenceMessages) -> None:
    if verb.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return  # "one of the first countries to congratulate Cuba": what kind of country, not a message sent
    recipients = [t for c in verb.children if c.dep_ in ("dobj", "dative") for t in with_conjuncts(c)]
    # "congratulated the First Secretary, A, and the President, B, on ...": every person named between the verb
    # and the occasion (the parser hangs the later names anywhere)
    if recipients:
        occasion = min((c.i for c in verb.children if c.dep_ == "prep" and c.i > verb.i), default=verb.right_edge.i)
        named = [t for t in context.sentence.tokens if verb.i < t.i < occasion and _names_a_person(context, t)]
        recipients += [t for t in named if t not in recipients]
    if recipients and all(t.tag_ == "NNS" and t.pos_ == "NOUN" for t in recipients):
        return  # "congratulated the ambassadors on their new roles": said to a group in the room, not sent
    senders = _on_behalf_of(context, verb) or subjects_of(verb)
    _add(context, result, verb, senders, recipients, "congratulatory_message", verb)


ENVOY_WORDS = frozenset({"ambassador", "envoy", "emissary", "delegation", "representative", "consul"})


def _on_behalf_of(context: SentenceContext, verb: Token) -> list[Token]:
    """ "The Ambassador congratulated the President on behalf of the Saudi government": an envoy speaks for the
    state, which sends; a leader acting "on behalf of the government and people" sends himself."""
    subjects = subjects_of(verb)
    if not any(t.lower_ in ENVOY_WORDS or any(c.lower_ in ENVOY_WORDS for c in t.children) for t in subjects):
        return []
    behalf = [b for b in prep_objects(verb, ("on",)) if b.lower_ == "behalf"]
    principals = [o for b in behalf for o in prep_objects(b, ("of",))]
    return [o for o in principals if (a := context.actors.actor(o)) is not None and a.actor_type in ("person", "state")]


def _from_message_noun(context: SentenceContext, noun: Token, result: SentenceMessages) -> None:
    kind = _kind_of(noun)
    head = noun.head
    owner = _owner(context, noun)
    thank = _thanking_verb(noun)
    if thank is not None:
        # "A thanked B for his message": B sent it to A
        thanked = [c for c in thank.children if c.dep_ == "dobj"]
        _add(context, result, noun, thanked, subjects_of(thank), kind, thank)
        return
    if head.dep_ == "prep" and head.lower_ == "to" and head.head.lemma_ in REPLY_VERBS and owner:
        # "A replied to B's letter": B wrote to A, and A answered B
        repliers = subjects_of(head.head)
        _add(context, result, noun, owner, repliers, kind, head.head)
        _add(context, result, noun, repliers, owner, "reply", head.head)
        return
    if head.lemma_ == "exchange" or (head.dep_ == "prep" and head.head.lemma_ == "exchange"):
        _from_exchange(context, noun, head if head.lemma_ == "exchange" else head.head, kind, result)
        return
    if noun.dep_ == "dobj" and head.lemma_ in SEND_VERBS and any(t.lower_ == "respectively" for t in head.subtree):
        # "A and B conveyed their congratulations to their counterparts, C and D, respectively": A to C, B to D
        senders = context.persons_in_sentence(before=head)
        recipients = [p for p in context.persons_in_sentence() if p not in senders]
        if len(senders) == len(recipients) >= 2:
            for sender, recipient in zip(senders, recipients, strict=True):
                _append(context, result, noun, sender, recipient, kind, head)
            return
    if noun.dep_ == "dobj" and head.lemma_ in SEND_VERBS and _asked_to_pass_on(head):
        # "Kim asked Zhao to send his greetings to Xi": Kim's message, which Zhao is to carry; Kim is there in
        # person, so what he says next is no message's content
        asker, voices = head.head, set(result.voices)
        _add(context, result, noun, subjects_of(asker), _recipients(noun) or _recipients(head), "verbal_message", head)
        result.voices = voices
        return
    if noun.dep_ == "dobj" and head.lemma_ in SEND_VERBS:
        if head.lemma_ == "express" and noun.lower_ in EXPRESSIBLE_ONLY and not prep_objects(noun, ("to",)):
            return
        if not owner and head.lemma_ in IN_PERSON_VERBS:
            # "conveyed a verbal message from President X": X sent it, the envoy brings it
            owner = [t for t in prep_objects(head, ("from",)) + prep_objects(noun, ("from",)) if _is_person(context, t)]
        senders = owner or _on_behalf_of(context, head) or subjects_of(head)
        recipients = _recipients(noun) or _recipients(head) or _host_of_envoy(head)
        if owner and head.lemma_ in IN_PERSON_VERBS:
            # an envoy passing on a leader's words in person; a letter handed over stays a letter
            kind = kind if kind == "letter" else "verbal_message"
            _envoy_meeting(context, head, recipients, result)
        _add(context, result, noun, senders, recipients, kind, head)
        return
    if noun.dep_ == "dobj" and head.lemma_ == "receive":
        _add(
            context,
            result,
            noun,
            prep_objects(noun, ("from",)) or prep_objects(head, ("from",)) or _from_in_of_phrase(noun),
            subjects_of(head),
            kind,
            head,
        )
        return
    if noun.dep_ in ("nsubjpass",) and head.lemma_ in SEND_VERBS:
        agents = prep_objects(head, ("by",))
        if owner or not agents:
            _add(context, result, noun, owner, _recipients(noun) or _recipients(head), kind, head)
        _note_reference(context, noun, result)
        return
    if owner:
        # "Kim's congratulations", "in his message": the possessor sent it.
        _add(context, result, noun, owner, _recipients(noun), kind, noun)
        return
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        governor = head.head
        if governor.pos_ in ("VERB", "AUX"):
            recipients = _recipients(noun) or [r for c in noun.children if c.dep_ == "acl" for r in _recipients(c)]
            if governor.lemma_ in CONGRATULATE_VERBS and kind == "message":
                kind = "congratulatory_message"
            _add(context, result, noun, subjects_of(governor), recipients, kind, governor)
            return
    _note_reference(context, noun, result)


def _names_a_person(context: SentenceContext, token: Token) -> bool:
    """The head of a person's name (not a word inside it)."""
    return token.pos_ == "PROPN" and token.dep_ != "compound" and _is_person(context, token)


def _is_person(context: SentenceContext, token: Token) -> bool:
    actor = context.actors.actor(token)
    return actor is not None and actor.actor_type == "person"


def _from_in_of_phrase(noun: Token) -> list[Token]:
    """ "a message of thanks from X": the parser hangs "from X" on the kind word."""
    return [
        t
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        for t in prep_objects(o, ("from",))
    ]


def _host_of_envoy(verb: Token) -> list[Token]:
    """ "A received B, who conveyed a message": the message went to A, who received its bearer."""
    if verb.dep_ != "relcl":
        return []
    bearer = verb.head
    governor = bearer.head
    if bearer.dep_ == "dobj" and governor.lemma_ in ("receive", "meet", "welcome", "host"):
        return subjects_of(governor)
    return []


def _thanking_verb(noun: Token) -> Token | None:
    """The "thank" of "thanked B for his message", whether the parser hung "for" on the verb or on B."""
    head = noun.head
    if head.dep_ != "prep" or head.lower_ != "for":
        return None
    for candidate in (head.head, head.head.head):
        if candidate.lemma_ == "thank" and candidate.pos_ == "VERB":
            return candidate
    return None


def _owner(context: SentenceContext, noun: Token) -> list[Token]:
    """Who a message belongs to: "Kim's letter", "his message", "the greetings of King Salman"."""
    owner = [c for c in noun.children if c.dep_ == "poss"]
    if not owner and noun.dep_ == "compound":
        owner = [c for c in noun.head.children if c.dep_ == "poss"]
    if not owner:
        of_objects = prep_objects(noun, ("of", "from"))
        owner = [
            t for t in of_objects if (actor := context.actors.actor(t)) is not None and actor.actor_type == "person"
        ]
    return owner


def _from_exchange(
    context: SentenceContext, noun: Token, exchange: Token, kind: MessageKind, result: SentenceMessages
) -> None:
    """ "an exchange of messages with B" / "A and B exchanged letters": one message each way. Greetings exchanged
    with nothing sent ("exchanged greetings during the summit") were said face to face: no message."""
    others = prep_objects(exchange, ("with",)) + prep_objects(noun, ("with",))
    clause = exchange if exchange.pos_ == "VERB" else exchange.head.head if exchange.dep_ == "pobj" else exchange.head
    parties = resolve_all(context, subjects_of(clause) + others)
    if len(parties) < 2:
        # a misparsed "A and B exchanged ...": the people named around the exchange are its parties
        parties = [*parties, *(p for p in context.persons_in_sentence() if p not in parties)]
    if any(p.actor_type == "person" for p in parties):
        parties = [p for p in parties if p.actor_type == "person"]
    if noun.lemma_ in ("greeting", "greetings") and not any(
        t.lemma_ in SENT_THINGS for t in context.sentence.tokens if t.i != noun.i
    ):
        _meeting(context, exchange, parties, result)
        return
    for sender in parties:
        for recipient in parties:
            if sender != recipient:
                _append(context, result, noun, sender, recipient, kind if kind != "reply" else "message", None)


# "asked Zhao to send", "requested the envoy to convey": the one who asks is the sender.
ASKING_VERBS = frozenset({"ask", "request", "entrust", "instruct", "invite"})


def _asked_to_pass_on(verb: Token) -> bool:
    return (
        verb.dep_ == "xcomp" and verb.head.lemma_ in ASKING_VERBS and any(c.dep_ == "dobj" for c in verb.head.children)
    )


def _kind_of(noun: Token) -> MessageKind:
    kind = MESSAGE_NOUNS.get(noun.lower_) or MESSAGE_NOUNS.get(noun.lemma_, "message")
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.lower_ in KIND_MODIFIERS:
            return KIND_MODIFIERS[child.lower_]
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.lower_ in KIND_MODIFIERS:
                    return KIND_MODIFIERS[obj.lower_]
    return kind


def _recipients(token: Token) -> list[Token]:
    found = prep_objects(token, ("to",))
    found += [t for c in token.children if c.dep_ in ("dative", "iobj") for t in with_conjuncts(c)]
    return [t for t in found if t.lower_ not in MESSAGE_NOUNS]


def _envoy_meeting(context: SentenceContext, verb: Token, recipients: list[Token], result: SentenceMessages) -> None:
    _meeting(context, verb, [*resolve_all(context, subjects_of(verb)), *resolve_all(context, recipients)], result)


def _meeting(context: SentenceContext, verb: Token, parties: list[Actor], result: SentenceMessages) -> None:
    """The people among the parties met: an envoy and the host, or leaders greeting each other in person."""
    participants = [a for a in parties if a.actor_type == "person"]
    if len(participants) >= 2:
        day, _ = context.day_near(verb)
        result.meetings.append(
            MeetingMention(
                evidence=context.evidence,
                sentence_index=context.sentence.index,
                participants=participants,
                held_on=day,
            )
        )


def _note_reference(context: SentenceContext, noun: Token, result: SentenceMessages) -> None:
    """A message already reported ("The messages were delivered ... on Monday") may give its day."""
    if any(c.dep_ == "det" and c.lower_ in ("the", "these", "this", "those") for c in noun.children):
        day, _ = context.day_near(noun)
        if day is not None:
            result.day_for_earlier = day


def _add(
    context: SentenceContext,
    result: SentenceMessages,
    noun: Token,
    sender_tokens: list[Token],
    recipient_tokens: list[Token],
    kind: MessageKind,
    anchor: Token,
) -> None:
    senders = [a for a in resolve_all(context, sender_tokens) if not context.state.actors.is_source(a)]
    recipients = resolve_all(context, recipient_tokens)
    if len(recipients) > 1 and any(r.actor_type == "person" for r in recipients):
        # "to Kim and the Workers' Party of Korea": the leader is the addressee; the party is his.
        recipients = [r for r in recipients if r.actor_type == "person"]
    if senders and not recipients and (not recipient_tokens or any(t.lower_ in ROLE_KEYS for t in recipient_tokens)):
        # no addressee written ("in his message", "Kim's congratulations"), or only an office the page never tied
        # to a name ("to the leader of North Korea"): it went to the page's other party
        recipients = [r for r in (_counterpart(context, senders[0]),) if r is not None]
    for sender in senders[:1]:
        result.voices.add(sender.name)
        for recipient in recipients:
            _append(context, result, noun, sender, recipient, kind, anchor)


def _append(
    context: SentenceContext,
    result: SentenceMessages,
    noun: Token,
    sender: Actor,
    recipient: Actor,
    kind: MessageKind,
    anchor: Token | None,
) -> None:
    if sender.name == recipient.name:
        return
    day, _ = context.day_near(anchor if anchor is not None else noun)
    result.voices.add(sender.name)
    result.messages.append(
        MessageMention(
            evidence=context.evidence,
            sentence_index=context.sentence.index,
            sender=sender,
            recipient=recipient,
            message_kind=kind,
            occasion=_occasion(noun, anchor),
            sent_on=day,
        )
    )


def _counterpart(context: SentenceContext, sender: Actor) -> Actor | None:
    """The other party of the latest message involving the sender: a reply goes back the way a message came."""
    for message in reversed(context.state.messages):
        if message.recipient.name == sender.name:
            return message.sender
        if message.sender.name == sender.name:
            return message.recipient
    return None


def _occasion(noun: Token, anchor: Token | None) -> str | None:
    """What a message was sent for: "on the 75th anniversary of ...", "for the founding anniversary of ..."."""
    for token in (noun, anchor):
        if token is None:
            continue
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "for", "over", "upon"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and (obj.lemma_ in OCCASION_HEADS or obj.lower_ == "occasion"):
                        span = obj.doc[obj.left_edge.i : obj.right_edge.i + 1]
                        text = span.text.strip(" ,.")
                        return text.removeprefix("the occasion of ").removeprefix("the ") or None
    return None
