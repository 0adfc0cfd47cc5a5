"""Meetings: talks, summits, audiences, receptions, meetings on the sidelines."""

from __future__ import annotations

from spacy.tokens import Token

from schemas.mentions import Actor, MeetingMention
from tasks.extraction.context import SentenceContext, prep_objects, resolve_all, subjects_of, with_conjuncts
from tasks.extraction.gazetteer import state_named
from tasks.extraction.lexicon import words

MEETING_VERBS = words("meeting_verbs")
MEETING_NOUNS = words("meeting_nouns")
# "held talks", "had a meeting": the verb carries the participants, the noun the event.
HOLD_VERBS = frozenset({"hold", "have", "conduct", "host", "attend", "chair", "pay"})
# Calls and video links are not physical meetings.
REMOTE_MARKERS = frozenset({"phone", "telephone", "video", "videoconference", "virtual", "virtually", "online", "call"})
# Things one receives or hosts that are not people.
NOT_GUESTS = frozenset({"letter", "message", "call", "award", "reception", "event", "dinner", "banquet"})


def extract_meetings(context: SentenceContext) -> list[MeetingMention]:
    if any(_is_remote_marker(t) for t in context.sentence.tokens if not context.in_quote(t)):
        return []
    found: list[MeetingMention] = []
    for token in context.sentence.tokens:
        if context.in_quote(token):
            continue
        participants: list[Actor] = []
        if token.pos_ in ("VERB", "AUX") and (token.lemma_ in MEETING_VERBS or _is_calling_on(context, token)):
            if not _took_place(token):
                continue
            participants = _verb_participants(context, token)
        elif token.pos_ == "VERB" and _presides_together(token):
            participants = resolve_all(context, subjects_of(token)) if _took_place(token) else []
        elif token.pos_ in ("NOUN", "PROPN", "VERB") and (token.lower_ in MEETING_NOUNS or _is_courtesy_call(token)):
            if _refers_back(token) or _is_topic(token) or _in_reported_clause(token) or _not_held_yet(token):
                continue
            participants = _noun_participants(context, token)
        participants = _keep_people(context, participants) if len(participants) >= 2 else []
        if len(participants) >= 2:
            day, _ = context.day_near(token)
            found.append(
                MeetingMention(
                    evidence=context.evidence,
                    sentence_index=context.sentence.index,
                    participants=participants,
                    held_on=day,
                    location=_location(context, token),
                )
            )
    return found


# Auxiliaries of a meeting that may not happen or did not: "could meet", "will meet", "did not meet".
NOT_HAPPENED_AUX = frozenset({"could", "might", "may", "will", "would", "should", "shall", "can", "must", "'ll"})


def _took_place(verb: Token) -> bool:
    """ "met" did happen; "could meet", "did not meet", "plans to meet" did not (yet)."""
    if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in NOT_HAPPENED_AUX) for c in verb.children):
        return False
    if verb.dep_ == "pcomp" and verb.head.lower_ == "to":
        return False  # "looked forward to welcoming him": not yet
    if verb.dep_ == "xcomp" and verb.head.lemma_ in ("able", "manage"):
        return True  # "was able to meet", "managed to meet": did meet
    return not (verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))


def _verb_participants(context: SentenceContext, verb: Token) -> list[Actor]:
    guests = [t for c in verb.children if c.dep_ == "dobj" for t in with_conjuncts(c)]
    if not guests and any(c.dep_ == "nsubjpass" for c in verb.children):
        # "he was received by Ambassador X": the subject is the guest, the agent the host
        guests = [t for c in verb.children if c.dep_ == "nsubjpass" for t in with_conjuncts(c)]
        if any(g.lemma_ in NOT_GUESTS for g in guests):
            return []
        return resolve_all(context, guests + prep_objects(verb, ("by",)))
    if verb.lemma_ in ("receive", "host", "welcome", "greet") and (
        not guests or any(g.lemma_ in NOT_GUESTS for g in guests)
    ):
        return []
    subjects = subjects_of(verb)
    hosts = prep_objects(verb, ("with", "by", "on") if verb.lemma_ == "call" else ("with", "by"))
    others = [_leader_of(context, guest) for guest in [*guests, *hosts]]
    return resolve_all(context, subjects + others)


# "Macron and Abiy presided over the signing", "the two leaders witnessed the signing ceremony": together, in person.
JOINT_VERBS = frozenset({"preside", "witness", "oversee"})
JOINT_OCCASIONS = frozenset({"signing", "ceremony", "exchange"})


def _presides_together(verb: Token) -> bool:
    if verb.lemma_ not in JOINT_VERBS:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"] + prep_objects(verb, ("over",))
    return any(o.lemma_ in JOINT_OCCASIONS or any(c.lemma_ in JOINT_OCCASIONS for c in o.children) for o in objects)


def _is_calling_on(context: SentenceContext, verb: Token) -> bool:
    """ "EAM called on the President-elect of Iran": a visit in person; "called on the parties to ..." is a plea."""
    if verb.lemma_ != "call" or any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return False
    hosts = prep_objects(verb, ("on", "upon"))
    return any(
        (actor := context.actors.actor(host)) is not None
        and actor.actor_type == "person"
        and not any(c.dep_ in ("acl", "relcl") and c.tag_ == "VB" for c in host.children)
        for host in hosts
    )


def _leader_of(context: SentenceContext, guest: Token) -> Token:
    """ "a delegation led by X", "the team of X": a group that is no actor is met in the person of its head."""
    if context.actors.actor(guest) is not None:
        return guest
    heads = prep_objects(guest, ("of",))
    heads += [o for c in guest.children if c.dep_ == "acl" for o in prep_objects(c, ("by",))]
    for token in heads:
        actor = context.actors.actor(token)
        if actor is not None and actor.actor_type == "person":
            return token
    return guest


def _noun_participants(context: SentenceContext, noun: Token) -> list[Actor]:
    if noun.tag_ == "NNS" and noun.lower_ in ("meetings", "summits", "encounters"):
        return []  # "his meetings with Kim in recent years": several, none in particular
    tokens = prep_objects(noun, ("between", "with", "among", "amongst") + (("on",) if _is_courtesy_call(noun) else ()))
    tokens = [_leader_of(context, token) for token in tokens]
    tokens += [c for c in noun.children if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "PRON", "NOUN")]
    head = noun.head
    if noun.dep_ == "dobj" and _is_courtesy_call(noun) and head.lemma_ in ("receive", "accept"):
        # "Anwar received a courtesy call from Jusuf Kalla"
        tokens += subjects_of(head) + prep_objects(noun, ("from", "by")) + prep_objects(head, ("from", "by"))
    elif _object_of_holding(noun):
        tokens += subjects_of(head) + [_leader_of(context, t) for t in prep_objects(head, ("with",))]
    elif noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "Kim said after (his) meeting with Xi": the clause's subject took part.
        tokens += subjects_of(head.head) + prep_objects(head.head, ("by",))
    elif noun.dep_ in ("nsubj",) and noun.pos_ == "VERB":
        tokens += subjects_of(noun)
    return resolve_all(context, tokens)


def _object_of_holding(noun: Token) -> bool:
    """ "held talks", "had a meeting": the noun is what the verb holds."""
    return noun.dep_ == "dobj" and noun.head.lemma_ in HOLD_VERBS


def _not_held_yet(noun: Token) -> bool:
    """ "will be holding its General Assembly", "hope to hold the trilateral talks": not (yet) held."""
    return _object_of_holding(noun) and not _took_place(noun.head)


def _in_reported_clause(noun: Token) -> bool:
    """ "Ri said the successful meeting between the leaders ...": a meeting a speaker talks about is not the news;
    "X has held a meeting with Y, the ministry said" is."""
    held = _object_of_holding(noun)
    # "reported that his talks with Choe were substantive": the speaker's own meeting
    own = any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in noun.children) and prep_objects(
        noun, ("with",)
    )
    return not held and not own and any(node.dep_ in ("ccomp", "parataxis") for node in noun.ancestors)


def _refers_back(noun: Token) -> bool:
    """ "During the meeting, they reviewed ...", "during the session of talks": the meeting already reported."""
    if any(c.dep_ in ("prep", "poss", "compound") for c in noun.children):
        return False
    phrase = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        phrase = noun.head.head  # "the session of talks"
    if phrase.dep_ != "pobj" or phrase.head.dep_ != "prep":
        return False
    if phrase.head.lower_ in ("during", "after", "following"):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in phrase.children)


# Nouns a meeting noun may hang on and still be the event: "on the sidelines of the summit".
FRAME_NOUNS = frozenset({"sidelines", "margins", "margin", "eve", "occasion", "course", "start", "end", "session"})


def _is_topic(noun: Token) -> bool:
    """ "a mechanism of political consultations", "a memorandum on talks": what a thing is about, not a meeting."""
    head = noun.head
    return (
        noun.dep_ == "pobj"
        and head.lower_ in ("of", "on", "for")
        and head.head.pos_ == "NOUN"
        and head.head.lower_ not in MEETING_NOUNS
        and head.head.lower_ not in FRAME_NOUNS
    )


def _is_courtesy_call(token: Token) -> bool:
    """ "paid a courtesy call on the President": a visit in person, not a telephone call."""
    return token.lower_ == "call" and any(c.lower_ == "courtesy" for c in token.children)


def _is_remote_marker(token: Token) -> bool:
    return token.lower_ in REMOTE_MARKERS and not _is_courtesy_call(token)


def _keep_people(context: SentenceContext, participants: list[Actor]) -> list[Actor]:
    """Leaders meet leaders: where two people are named, the states and parties around them are not participants."""
    participants = [p for p in participants if not context.state.actors.is_source(p)]
    people = [p for p in participants if p.actor_type == "person"]
    if len(people) >= 2:
        return people
    # "Kishida ... during the India-Japan summit": a person does not meet his own state
    own = {p.country_code for p in people if p.country_code}
    return [p for p in participants if p.actor_type == "person" or p.country_code not in own]


def _location(context: SentenceContext, trigger: Token) -> str | None:
    """The city the meeting was held in: a place after "in" or "at" that is not a country."""
    candidates = [
        ent
        for ent in context.actors.entities
        if ent.label_ == "GPE" and ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("in", "at")
    ]
    candidates = [ent for ent in candidates if state_named(ent.text) is None and not context.in_quote(ent[0])]
    if not candidates:
        return None
    nearest = min(candidates, key=lambda ent: abs(ent.start - trigger.i))
    return nearest.text.strip()
