"""The page's registry of actors: every person a page introduces by full name, with the offices and state written
beside the name, so that later partial mentions ("Xi", "the Chinese President") find the person; organizations and
states under one canonical name. Only states come from a reference table (gazetteer.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from schemas.mentions import Actor
from tasks.extraction.gazetteer import (
    country_code,
    demonym_of,
    fold,
    state_in_text,
    state_named,
    state_of_capital,
    state_of_demonym,
)
from tasks.extraction.lexicon import mapping
from tasks.extraction.names import (
    TITLE_WORDS,
    clean_name,
    entity_spans,
    is_name_word,
    is_title_token,
    looks_like_a_name,
    name_parts,
    normalize_person_name,
    span_text,
    strip_titles,
)
from tasks.extraction.segments import Sentence

# Role words that name an office-holder; mapped to one key so "chief" and "leader" find the same person.
ROLE_KEYS: dict[str, str] = mapping("role_keys")


# Offices whose holders a page may call "the Russian diplomat".
DIPLOMATIC_ROLES = frozenset({"foreign minister", "minister", "ambassador", "envoy", "spokesperson"})


# Offices that speak for a head of state: "the DPRK leader" may find a person introduced as its president.
HEAD_ROLE_KEYS = frozenset({"president", "leader", "premier", "secretary"})


# Institutions standing for a state's government.
INSTITUTION_STATES = {
    "kremlin": "Russia",
    "white house": "United States",
    "elysee": "France",
    "élysée": "France",
    "downing street": "United Kingdom",
    "blue house": "South Korea",
    "zhongnanhai": "China",
    "pentagon": "United States",
    "state department": "United States",
}


# News agencies and outlets report; they are sources, not speakers.
MEDIA_MARKERS = re.compile(
    r"news agency|newsagency|kcna|xinhua|tass|yonhap|ria novosti|interfax|reuters|associated press|\bafp\b|\bap\b|"
    r"state media|state television|\btv\b|television|broadcaster|newspaper|daily|times|post|cctv|rodong|sputnik|"
    r"\bbbc\b|\bcnn\b|al jazeera|al mayadeen|information company|news service",
    re.IGNORECASE,
)


@dataclass
class PersonRecord:
    """A person introduced on the page by a full name."""

    name: str
    country_code: str | None = None
    roles: set[str] = field(default_factory=set)


@dataclass
class BatchNames:
    """Full person names seen anywhere in a batch, so a page that says only "Putin" gets "Vladimir Putin"."""

    by_token: dict[str, list[str]] = field(default_factory=dict)

    def add(self, full_name: str) -> None:
        for token in full_name.lower().split():
            names = self.by_token.setdefault(token, [])
            if full_name not in names:
                names.append(full_name)

    def resolve(self, partial: str) -> str | None:
        candidates: list[str] | None = None
        for token in partial.lower().split():
            found = set(self.by_token.get(token, []))
            candidates = [n for n in (candidates if candidates is not None else found) if n in found]
        if candidates and len(set(candidates)) == 1:
            return candidates[0]
        return None


_OFFICE_PHRASE_TOKENS = 8


def _office_phrase_before(doc: Doc, start: int) -> list[Token]:
    """ "Chairperson of the African Union Commission [Moussa Faki Mahamat]": an office, then "of" and the body it
    belongs to, right before a name."""
    phrase: list[Token] = []
    index = start - 1
    while index >= 0 and start - index <= _OFFICE_PHRASE_TOKENS:
        token = doc[index]
        if token.lower_ in ROLE_KEYS:
            return [token, *phrase]
        if not (token.pos_ in ("PROPN", "DET", "ADP", "ADJ") or token.text == "(" or token.text == ")"):
            return []
        phrase.insert(0, token)
        index -= 1
    return []


def _likeliest(candidates: list[PersonRecord]) -> PersonRecord | None:
    """The person a partial name means: the first introduced ("Trudeau" is the Prime Minister, not his wife named
    later), in the fullest form the page gives that same person ("Miguel Diaz-Canel" -> "... Bermudez")."""
    if not candidates:
        return None
    first = candidates[0]
    same_person = [r for r in candidates if name_parts(first.name) <= name_parts(r.name)]
    return max(same_person, key=lambda r: len(r.name.split()))


class DocumentActors:
    """The actors of one document: who is who, and what each partial mention stands for."""

    def __init__(self, sentences: Sequence[Sentence], batch_names: BatchNames | None = None) -> None:
        self.batch_names = batch_names or BatchNames()
        self.people: dict[str, PersonRecord] = {}  # folded full name -> record, in order of introduction
        self.acronyms: dict[str, str] = {}  # folded acronym -> organization name
        self.source_orgs: set[str] = set()  # folded names of outlets the page cites as its sources
        self.last_person: Actor | None = None  # the person most recently named as a subject, for "he"
        for sentence in sentences:
            if not sentence.is_chrome:
                self._read_introductions(sentence)

    # --- building the registry -------------------------------------------------------------------------------

    def _read_introductions(self, sentence: Sentence) -> None:
        for ent in entity_spans(sentence):
            if ent.label_ == "PERSON":
                self._introduce_person(ent)
            elif ent.label_ == "ORG":
                self._read_acronym(ent)
        self._read_sources(sentence)

    def _introduce_person(self, ent: Span) -> None:
        name_tokens = strip_titles(list(ent))
        if not name_tokens:
            return
        name = normalize_person_name(span_text(name_tokens))
        if len(name.split()) < 2 or not all(is_name_word(word) for word in name.split()):
            return
        if state_named(name) or state_of_demonym(name):
            return
        record = self.people.setdefault(fold(name), PersonRecord(name=name))
        roles, state = self._roles_around(ent)
        record.roles |= roles
        if record.country_code is None and state:
            record.country_code = country_code(state)
        self.batch_names.add(name)

    def _roles_around(self, ent: Span) -> tuple[set[str], str | None]:
        """The offices and state written in front of a name or in apposition after it."""
        doc = ent.doc
        words: list[Token] = list(ent)
        start = ent.start
        while start > 0 and (doc[start - 1].text.lower() in TITLE_WORDS or is_title_token(doc[start - 1])):
            if doc[start - 1].text in (",", ".", "the"):
                break
            start -= 1
            words.insert(0, doc[start])
            if doc[start].is_sent_start:
                break
        if not any(t.lower_ in ROLE_KEYS for t in words):
            words[:0] = _office_phrase_before(doc, start)
        for child in ent.root.children:
            if child.dep_ == "appos" and child.i > ent.end - 1:
                words.extend(t for t in child.subtree)
        # "Spokesman for the Secretary-General Stéphane Dujarric": the office after "for" is someone else's
        for index, token in enumerate(words):
            if token.lower_ in ("for", "to") and token not in ent:
                words = [t for t in words[:index]] + [t for t in words if t in ent]
                break
        # titles inside the entity ("[Amir Sheikh Tamim ...]") are offices too; "Vice Minister" is a deputy minister
        roles = {
            ("deputy " if deputy_of(t) else "") + ROLE_KEYS[t.lower_]
            for t in words
            if t.lower_ in ROLE_KEYS and (t not in ent or t.lower_ in TITLE_WORDS)
        }
        if any(t.lower_ == "minister" for t in words) and any(t.lower_ == "foreign" for t in words):
            roles.add("foreign minister")
        if re.search(r"secretary\s*-?\s*general", " ".join(t.text for t in words), re.IGNORECASE):
            roles.add("secretary-general")
        return roles, state_in_text(" ".join(t.text for t in words if t not in ent))

    def _read_acronym(self, ent: Span) -> None:
        doc = ent.doc
        if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
            acronym = doc[ent.end + 1].text
            if acronym.isupper() and len(acronym) >= 2:
                self.acronyms[fold(acronym)] = clean_name(ent.text)

    def _read_sources(self, sentence: Sentence) -> None:
        """Outlets cited with "according to X" or "X reported" are sources of the page, not speakers."""
        organizations = [ent for ent in sentence.ents if ent.label_ == "ORG"]
        for token in sentence.tokens:
            cites = token.lower_ in ("according", "based", "per", "cited", "citing")
            reports = token.lemma_ == "report"
            for ent in organizations:
                cited_after = cites and 0 < ent.start - token.i <= 3  # "according to KCNA"
                reporting = reports and 0 <= token.i - ent.end <= 2  # "KCNA reported"
                if (cited_after or reporting) and not is_government_body(ent.text):
                    self.source_orgs.add(fold(ent.text))

    # --- resolving mentions ----------------------------------------------------------------------------------

    def person(self, partial: str) -> Actor:
        """The person a (possibly partial) name stands for on this page."""
        name = normalize_person_name(partial)
        tokens = name_parts(name)
        candidates = [r for r in self.people.values() if tokens <= name_parts(r.name)]
        record = _likeliest(candidates)
        if record is not None:
            return Actor(name=record.name, actor_type="person", country_code=record.country_code)
        return Actor(name=self.batch_names.resolve(name) or name, actor_type="person")

    def is_known_person_token(self, token: Token) -> bool:
        lowered = fold(normalize_person_name(token.text))
        return any(lowered in name_parts(p.name) for p in self.people.values())

    def person_in_role(self, role: str, state: str | None) -> Actor | None:
        """ "the Chinese President" -> the person the page introduced as China's president."""
        code = country_code(state) if state else None
        for exact in (True, False):
            for record in self.people.values():
                if code and record.country_code != code:
                    continue
                if (role in record.roles) if exact else (role in HEAD_ROLE_KEYS and record.roles & HEAD_ROLE_KEYS):
                    return Actor(name=record.name, actor_type="person", country_code=record.country_code)
            if not code:
                break
        return None

    def only_person_in_roles(self, roles: frozenset[str], state: str) -> Actor | None:
        """The one person of a state the page introduced in one of these offices; None if none or several."""
        code = country_code(state)
        # a diplomat whose country the page did not write beside the name may be the one meant
        found = [r for r in self.people.values() if r.country_code in (code, None) and r.roles & roles]
        if len(found) != 1 or found[0].country_code != code:
            return None
        return Actor(name=found[0].name, actor_type="person", country_code=code)

    def is_source(self, actor: Actor) -> bool:
        """News agencies and outlets the page cites: they report, they do not speak."""
        return actor.actor_type == "organization" and (
            fold(actor.name) in self.source_orgs or MEDIA_MARKERS.search(actor.name) is not None
        )

    def actor_of_entity(self, ent: Span, as_actor: bool = True) -> Actor | None:
        """The actor an entity names. Capitals count as their state only when they act (``as_actor``)."""
        text = clean_name(ent.text)
        if not text:
            return None
        state = state_named(text) or (state_of_demonym(text) if ent.label_ == "NORP" else None)
        if state is None and fold(text) in self.acronyms:
            text = self.acronyms[fold(text)]
            state = state_named(text)
        if state:
            return state_actor(state)
        institution = INSTITUTION_STATES.get(fold(text))
        if institution:
            return Actor(name=text, actor_type="organization", country_code=country_code(institution))
        if ent.label_ != "PERSON" and self._names_known_person(text):
            return self.person(text)  # "a letter from [Biden] to [Yoon]": the NER took the names for places
        if ent.label_ == "GPE":
            capital_of = state_of_capital(text)
            return state_actor(capital_of) if capital_of and as_actor else None
        if ent.label_ == "PERSON" or self._names_known_person(text):
            name_tokens = strip_titles(list(ent))
            if not name_tokens:
                return None
            return self.person(span_text(name_tokens))
        if ent.label_ == "ORG" and looks_like_a_name(text) and MEDIA_MARKERS.search(text) is None:
            return self.person(text)  # "[Esteban Lazo]" labelled an organization: a name is a person's
        if ent.label_ == "ORG":
            name = canonical_org_name(text)
            return Actor(name=name, actor_type="organization", country_code=country_code_in(name))
        return None

    def _names_known_person(self, text: str) -> bool:
        tokens = name_parts(normalize_person_name(text))
        return bool(tokens) and any(tokens <= name_parts(p.name) for p in self.people.values())


_BODY_SYNONYMS = (
    (re.compile(r"\bMinistry of Foreign Affairs\b", re.IGNORECASE), "Foreign Ministry"),
    (re.compile(r"\bMinistry of (Defen[cs]e)\b", re.IGNORECASE), "Defense Ministry"),
    (re.compile(r"\bDefence Ministry\b", re.IGNORECASE), "Defense Ministry"),
)


_STATE_BODY = re.compile(r"(ministry|embassy|government|parliament|office|party|council|army|navy|military)", re.I)


def canonical_org_name(text: str) -> str:
    """One name per body across pages: "China's Foreign Ministry", "the Ministry of Foreign Affairs of China" and
    "Chinese Foreign Ministry" are all "Chinese Foreign Ministry"."""
    for pattern, replacement in _BODY_SYNONYMS:
        text = pattern.sub(replacement, text)
    possessive = re.match(r"^(?P<state>.+?)'s (?P<body>.+)$", text)
    of_state = re.match(r"^(?P<body>.+?) of (the )?(?P<state>[^,]+)$", text)
    for match in (possessive, of_state):
        if match and _STATE_BODY.search(match.group("body")):
            state = state_named(match.group("state"))
            demonym = demonym_of(state) if state else None
            if demonym:
                return f"{demonym} {match.group('body')}"
    return text


def is_government_body(text: str) -> bool:
    """A ministry, office or party cited as a source still speaks for itself ("according to the Kremlin")."""
    return bool(_STATE_BODY.search(text)) or fold(clean_name(text)) in INSTITUTION_STATES


def state_actor(state: str) -> Actor:
    return Actor(name=state, actor_type="state", country_code=country_code(state))


def country_code_in(text: str) -> str | None:
    state = state_in_text(text)
    return country_code(state) if state else None


DEPUTY_WORDS = frozenset({"deputy", "vice", "vice-"})


def deputy_of(token: Token) -> bool:
    """ "Deputy Prime Minister", "Vice President": the word names a deputy's office."""
    doc = token.doc
    return any(doc[i].lower_ in DEPUTY_WORDS for i in range(max(token.i - 2, 0), token.i))
