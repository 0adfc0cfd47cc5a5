"""Statements: direct quotations and indirect speech attributed to a named actor."""

from __future__ import annotations

import re

from spacy.tokens import Token

from schemas.mentions import Actor, StatementMention
from tasks.extraction.context import SentenceContext, prep_objects, subjects_of
from tasks.extraction.lexicon import mapping, words

SPEECH_VERBS = words("speech_verbs")
# The nouns of messages: what is said "in the letter" is the message's, not a statement (the same lexicon as
# messages.py reads; the two rule families do not import each other).
MESSAGE_NOUNS = mapping("message_nouns")
# Verbs that need a particle or an object to mean speech: "called on", "pointed out".
NEEDS_PARTICLE = {"call": ("on", "for", "upon"), "point": ("out",)}
# Verbs that report speech only with the clause said: "detailed that the talks covered ...", not "a speech
# detailing China's policies" or "Russian agencies reported".
NEEDS_CLAUSE = frozenset({"detail", "report", "post", "recall"})
# "tell", "inform": the object is whom it was said to.
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "brief", "address", "urge", "warn"})
COMPLEMENT_DEPS = ("ccomp", "xcomp", "dobj", "prep", "advcl", "obj", "attr", "oprd")
MAX_TEXT_TOKENS = 45


def extract_statements(context: SentenceContext, message_voices: set[str]) -> list[StatementMention]:
    """Statements of a sentence; what a message's sender is reported to say in it is the message, not a statement."""
    verbs_by_speaker: dict[str, tuple[Actor, list[Token]]] = {}
    for verb in context.sentence.tokens:
        if not _is_speech_verb(verb) or context.in_quote(verb) or _in_time_clause(verb) or _not_yet_said(verb):
            continue
        if _in_message(verb) or any(
            c.dep_ in ("dobj", "pobj") and _is_message_noun(c) for c in [*verb.children, *_prep_children(verb)]
        ):
            continue
        speaker = _speaker(context, verb)
        if speaker is not None:
            verbs_by_speaker.setdefault(speaker.name, (speaker, []))[1].append(verb)
    found: list[StatementMention] = []
    for name, (speaker, verbs) in verbs_by_speaker.items():
        if name in message_voices:
            continue
        quote = _quote(context)
        text = _indirect_text(context, verbs)
        if quote or text:
            found.append(_statement(context, verbs[0], speaker, quote, text))
    attributed = _according_to(context, set(verbs_by_speaker) | message_voices)
    return found + ([attributed] if attributed is not None else [])


def continued_quotation(context: SentenceContext, previous: StatementMention | None) -> StatementMention | None:
    """'"A," Hipkins said. "B."': a paragraph that is a quotation and nothing else goes on with the speaker of the
    quotation just before it (the news convention for a long quote)."""
    if previous is None or not previous.quote or previous.sentence_index != context.sentence.index - 1:
        return None
    text = context.sentence.text
    quote = _quote(context)
    if not quote or text[:1] not in '"“' or len(quote) < _WHOLE_QUOTE_SHARE * len(text):
        return None
    return previous.model_copy(
        update={"quote": quote, "text": None, "evidence": context.evidence, "sentence_index": context.sentence.index}
    )


# A sentence that is this much quotation is a quotation and nothing else.
_WHOLE_QUOTE_SHARE = 0.8


def _according_to(context: SentenceContext, excluded: set[str]) -> StatementMention | None:
    """ "..., according to Peskov": what the sentence says is the named source's statement (outlets excepted).
    A sentence reporting an action ("had a telephone conversation", "signed a memorandum") or the words of a
    message ("the letter said, according to ...") is no statement of its source."""
    if _reports_an_action(context) or _message_speaks(context):
        return None
    for token in context.sentence.tokens:
        if token.lower_ != "according" or context.in_quote(token):
            continue
        for obj in prep_objects(token, ("to",)):
            speaker = context.actors.actor(obj)
            if speaker is None or speaker.name in excluded or context.state.actors.is_source(speaker):
                continue
            if speaker.actor_type != "person" and _STATISTIC.search(context.sentence.text):
                continue  # "exports reached 4.1 billion USD, according to the ministry": data, not an utterance
            span = context.sentence.span
            before = span.doc[span.start : token.left_edge.i]
            after = span.doc[token.right_edge.i + 1 : span.end]
            text = max(before.text, after.text, key=len).strip(" ,.;:")
            return _statement(context, token, speaker, _quote(context), text or None)
    return None


def _statement(
    context: SentenceContext, verb: Token, speaker: Actor, quote: str | None, text: str | None
) -> StatementMention:
    day = context.day_of_main_clause(verb)
    return StatementMention(
        evidence=context.evidence,
        sentence_index=context.sentence.index,
        speaker=speaker,
        addressee=_addressee(context, verb, speaker),
        stated_on=day,
        quote=quote,
        text=text,
    )


def speakers_of_message_content(context: SentenceContext) -> set[str]:
    """Who the sentence reports as saying something "in the message/letter", or as the message's voice."""
    voices: set[str] = set()
    for verb in context.sentence.tokens:
        if _is_speech_verb(verb) and _in_message(verb):
            speaker = _speaker(context, verb)
            if speaker is not None:
                voices.add(speaker.name)
    return voices


def _is_speech_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_ not in SPEECH_VERBS:
        return False
    if token.lemma_ in NEEDS_CLAUSE:
        return any(c.dep_ == "ccomp" for c in token.children)
    particles = NEEDS_PARTICLE.get(token.lemma_)
    if particles is None:
        return True
    return any(c.lower_ in particles for c in token.children if c.dep_ in ("prt", "prep"))


def _in_message(verb: Token) -> bool:
    """ "Kim in the message noted", "wrote Xi in his letter", "the message said": content of a message."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for child in [*verb.children, *(c for s in subjects for c in s.children)]:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("in", "through", "via")
            and any(_is_message_noun(obj) for obj in child.children)
        ):
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and _is_message_noun(child):
            return True
    return False


def _prep_children(verb: Token) -> list[Token]:
    return [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children]


def _is_message_noun(token: Token) -> bool:
    return token.lower_ in MESSAGE_NOUNS or token.lemma_ in MESSAGE_NOUNS


def _speaker(context: SentenceContext, verb: Token) -> Actor | None:
    subjects = _speaker_tokens(verb)
    if not subjects:
        return None
    subject = subjects[0]
    if _is_message_noun(subject):
        return None
    actor = context.actors.actor(subject)
    if actor is None or context.state.actors.is_source(actor):
        return None
    return actor


def _speaker_tokens(verb: Token) -> list[Token]:
    """Who says it: the verb's subject, except where a participle goes on with someone's words ("Ramaphosa said
    South Africa looks forward ..., adding that ...": Ramaphosa adds) or an outlet quotes someone ("Xinhua quoted
    the Prime Minister as saying ...": the Prime Minister says)."""
    if verb.tag_ == "VBG":
        for ancestor in verb.ancestors:
            if ancestor.dep_ == "pcomp" or ancestor.lemma_ == "as":
                continue
            if ancestor.lemma_ == "quote":
                return [c for c in ancestor.children if c.dep_ in ("dobj", "nsubjpass")]
            if ancestor.dep_ == "ccomp" and _is_speech_verb(ancestor.head):
                return subjects_of(ancestor.head)
    return subjects_of(verb)


def _quote(context: SentenceContext) -> str | None:
    quotes = [q.strip(" ,") for q in context.sentence.quote_texts()]
    quotes = [q for q in quotes if len(q.split()) >= 1]
    if not quotes:
        return None
    return max(quotes, key=len)


def _indirect_text(context: SentenceContext, verbs: list[Token]) -> str | None:
    """A short verbatim span of what was said: the speaker's verbs and their complements, quotation marks kept."""
    # "..., Xinhua quoted the Prime Minister as saying": the words hang on "quoted"
    quoting = [a for verb in verbs if verb.tag_ == "VBG" for a in verb.ancestors if a.lemma_ == "quote"][:1]
    complements = [
        c
        for verb in [*verbs, *quoting]
        for c in verb.children
        if c.dep_ in COMPLEMENT_DEPS and not context.in_quote(c) and not _is_setting(c)
    ]
    start = verbs[0].i
    if complements:
        # "..., said Wang": what was said may come before its speaker
        start = min(start, *(c.left_edge.i for c in complements))
        end = max(c.right_edge.i for c in complements)
    elif any(t.dep_ == "mark" and t.lower_ == "that" for v in verbs for t in v.subtree):
        # "told reporters after the talks that ...": the parser hung the clause on the setting
        end = max(v.right_edge.i for v in verbs)
    else:
        return None
    doc = verbs[0].doc
    span = doc[start : min(end + 1, start + MAX_TEXT_TOKENS)]
    text = span.text.strip(" ,;:.")
    words = [t for t in span if not t.is_punct]
    if len(words) < 3:
        return None
    return text


# "told reporters following the talks", "added, without giving details": when and how, not what.
SETTING_PREPOSITIONS = frozenset(
    {"in", "at", "during", "on", "to", "before", "after", "while", "following", "without", "ahead", "amid", "upon"}
)
SETTING_NOUNS = frozenset({"conference", "reporter", "journalist", "briefing", "press", "media", "audience", "crowd"})


def _is_setting(token: Token) -> bool:
    """ "at a briefing", "told reporters", "told a news conference": where it was said, not what."""
    if token.dep_ in ("prep", "advcl") and token.lower_ in SETTING_PREPOSITIONS:
        return True
    return token.dep_ == "dobj" and token.lemma_ in SETTING_NOUNS


def _addressee(context: SentenceContext, verb: Token, speaker: Actor) -> Actor | None:
    candidates: list[Token] = []
    current = verb
    for _ in range(3):
        if current.lemma_ in ADDRESSEE_VERBS:
            candidates += [c for c in current.children if c.dep_ in ("dobj", "dative", "iobj")]
        candidates += prep_objects(current, ("to",))
        if current.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or current.head is current:
            break
        current = current.head
    for token in candidates:
        actor = context.actors.actor(token)
        if actor is not None and actor.name != speaker.name:
            return actor
    return None


# Subordinators of a clause that only times the main event: "shortly after the commission announced the results".
TIME_MARKERS = frozenset({"after", "before", "when", "once", "until", "since", "as", "while"})
# Verbs of doing, not saying: a sentence built on them reports an action, even "according to" someone.
ACTION_VERBS = frozenset(
    {"have", "hold", "sign", "meet", "send", "visit", "receive", "attend", "travel", "arrive", "leave", "phone", "host"}
)
CALL_WORDS = frozenset({"phone", "telephone", "call", "conversation", "videoconference"})


_STATISTIC = re.compile(r"\d[\d.,]*\s*(?:%|percent|per cent|billion|million|USD|US\$|\$|tons|tonnes)", re.IGNORECASE)
# "is set to announce", "is expected to say", "will tell": words not said yet.
NOT_YET = frozenset({"set", "expect", "due", "likely", "plan", "schedule", "going", "poise"})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "would"})
NOT_SAID = frozenset({"decline", "refuse", "fail"})


def _not_yet_said(verb: Token) -> bool:
    """Not said (yet): "will tell", "is set to announce", "declined to comment"."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_ in NOT_YET | NOT_SAID


def _in_time_clause(verb: Token) -> bool:
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_MARKERS for c in verb.children)


def _reports_an_action(context: SentenceContext) -> bool:
    """The sentence's main verb is a deed ("Putin had a telephone conversation ..."), or it reports a call."""
    span = context.sentence.span
    root = span.root
    if root.lemma_ in ACTION_VERBS and root.pos_ in ("VERB", "AUX"):
        return True
    nouns_and_verbs = (t for t in context.sentence.tokens if t.pos_ in ("NOUN", "VERB"))
    return any(t.lower_ in CALL_WORDS and not context.in_quote(t) for t in nouns_and_verbs)


def _message_speaks(context: SentenceContext) -> bool:
    """ "the letter said": the words are the message's."""
    return any(
        _is_speech_verb(verb) and any(c.dep_ == "nsubj" and _is_message_noun(c) for c in verb.children)
        for verb in context.sentence.tokens
    )
