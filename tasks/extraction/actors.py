"""Recognising actors in the text and giving each its canonical name.

People, organizations and states are read from spaCy's entities and the parse; only states come from a reference
table (gazetteer.py). Within a document, partial mentions ("Xi", "Kim", "the Chinese President", "he") resolve to
the full name introduced on the page; across a batch, a bare surname resolves to the one full name the batch knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
from tasks.extraction.lexicon import words
from tasks.extraction.segments import Sentence

# Words that may precede or follow a name but are never part of it.
TITLE_WORDS = words("titles")
# Role words that name an office-holder; mapped to one key so "chief" and "leader" find the same person.
ROLE_KEYS: dict[str, str] = {
    "president": "president",
    "leader": "leader",
    "chief": "leader",
    "chairman": "leader",
    "chairwoman": "leader",
    "chairperson": "leader",
    "premier": "premier",
    "prime": "premier",
    "chancellor": "premier",
    "king": "leader",
    "emir": "leader",
    "amir": "leader",
    "sultan": "leader",
    "secretary": "secretary",
    "secretary-general": "secretary-general",
    "minister": "minister",
    "ambassador": "ambassador",
    "envoy": "envoy",
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "aide": "aide",
}
# Offices whose holders a page may call "the Russian diplomat".
DIPLOMATIC_ROLES = frozenset({"foreign minister", "minister", "ambassador", "envoy", "spokesperson"})
# Offices that speak for a head of state: "the DPRK leader" may find a person introduced as its president.
HEAD_ROLE_KEYS = frozenset({"president", "leader", "premier", "secretary"})
# Offices named by the office when the page never names the holder (annotation guide: "a Kremlin aide" -> "Kremlin").
VOICE_OF_INSTITUTION_ROLES = frozenset({"aide", "spokesperson"})
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
KOREAN_SURNAMES = frozenset(
    "kim ri lee yi pak park choe choi jo cho jang jong kang han yun yoon mun moon o oh ryu son sin shin hwang hyon "
    "kwon ju ko go nam ro roh chae jon jeon song".split()
)
# Common nouns that stand for a state's government when a state modifies them: "the Chinese government".
STATE_VOICES = frozenset({"government", "administration", "authorities", "leadership", "side"})
# Lower-case words inside names: "Pieter van Dijk", "Mohammed bin Salman".
NAME_PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "der", "den", "bin", "al", "el", "le", "la", "di", "du", "dos", "ibn", "y"}
)
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "LOC", "FAC"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def clean_text(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).split())


def normalize_person_name(raw: str) -> str:
    """Canonical spelling of a person's name: Korean given names de-hyphenated, case repaired, spaces collapsed."""
    words = clean_text(raw).strip(" ,.;:'\"-").split()
    result: list[str] = []
    for position, word in enumerate(words):
        if "-" in word and _is_korean_given_name(word, position, words):
            result.extend(part.capitalize() for part in word.split("-") if part)
        else:
            result.append(word)
    if all(w.islower() or w.isupper() for w in result) and any(len(w) > 3 for w in result):
        result = [w.capitalize() for w in result]
    if len(result) >= 3:
        # "Vladimir Vladimirovich Putin": the patronymic is not part of the canonical name
        result = [result[0], *(w for w in result[1:-1] if not _PATRONYMIC.search(w)), result[-1]]
    return " ".join(result)


_PATRONYMIC = re.compile(r"^[A-Z][a-z]+(?:ovich|evich|yevich|ovna|evna|yevna|ich)$")


def _is_korean_given_name(word: str, position: int, words: Sequence[str]) -> bool:
    """ "Jong-un" after "Kim", "Ryong-nam" after "Ri": Korean names are written without hyphens in the warehouse."""
    first, _, second = word.partition("-")
    if not first or not second or not first[0].isupper():
        return False
    return second.islower() or (position > 0 and words[0].lower() in KOREAN_SURNAMES)


def strip_titles(tokens: Sequence[Token]) -> list[Token]:
    """Titles, demonyms and state names in front of a name ("Chinese President Xi Jinping") are not the name."""
    start, end = 0, len(tokens)
    while start < end and _is_title_token(tokens[start]):
        start += 1
    if end - start == 1 and start > 0 and tokens[start - 1].text in NAME_HONORIFICS:
        start -= 1  # "Prime Minister [Sheikh] Hasina": a one-word name keeps the honorific it is known by
    while end > start and (tokens[end - 1].is_punct or tokens[end - 1].text.lower() in ("'s", "’s", "s")):
        end -= 1
    while end > start and tokens[end - 1].text.lower() in TITLE_WORDS:
        end -= 1
    # "[Commission Chairperson] Jean Ping": what stands before an office inside the span belongs to the office;
    # "Malcolm [Cardinal] Ranjith": a title inside a name is dropped
    kept = [t for t in tokens[start:end] if not _is_spaced_honorific(t)]
    for index in range(len(kept) - 2, -1, -1):
        # an office written inside the span cuts it; "Amir", "King" or "Prince" inside a name may be the name
        word = kept[index].text
        if word.lower() in TITLE_WORDS and word.lower() not in NAME_LIKE_TITLES and word not in NAME_HONORIFICS:
            before = kept[:index]
            if any(t.lower_ in INSTITUTION_WORDS or state_named(t.text) or state_of_demonym(t.text) for t in before):
                return kept[index + 1 :]
            return [*before, *kept[index + 1 :]]
    return kept


# Title words that are also given names or parts of names: "Mawlavi Amir Khan Muttaqi", "Prince Khalid".
NAME_LIKE_TITLES = NAME_PARTICLES | {"amir", "emir", "king", "prince", "princess", "queen", "sultan", "major", "lord"}
# Honorifics a person is known by when the page gives one word besides: "Sheikh Hasina".
NAME_HONORIFICS = frozenset({"Sheikh", "Sheikha"})
# Honorifics written in capitals before a name: "HH the Amir", "HE Foreign Minister ...".
HONORIFIC_ABBREVIATIONS = frozenset({"HH", "HE", "H.H.", "H.E.", "HRH", "HM"})


def _is_spaced_honorific(token: Token) -> bool:
    """ "H H Sheikh Tamim", "Philip H E Joseph Pierre": His Highness and His Excellency written as two letters."""
    doc = token.doc
    following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    preceding = doc[token.i - 1].text if token.i > 0 else ""
    return (token.text == "H" and following in ("H", "E")) or (token.text in ("H", "E") and preceding == "H")


def _is_title_token(token: Token) -> bool:
    lowered = token.text.lower()
    return (
        lowered in TITLE_WORDS
        or token.text in HONORIFIC_ABBREVIATIONS
        or _is_spaced_honorific(token)
        or lowered in ("the", "a", "an", "of", "and", ",", "-", "–")
        or state_of_demonym(token.text) is not None
        or state_named(token.text) is not None
        or token.is_punct
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
    same_person = [r for r in candidates if _name_parts(first.name) <= _name_parts(r.name)]
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
        if len(name.split()) < 2 or not all(_is_name_word(word) for word in name.split()):
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
        while start > 0 and (doc[start - 1].text.lower() in TITLE_WORDS or _is_title_token(doc[start - 1])):
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
            ("deputy " if _deputy_of(t) else "") + ROLE_KEYS[t.lower_]
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
                if (cited_after or reporting) and not _is_government_body(ent.text):
                    self.source_orgs.add(fold(ent.text))

    # --- resolving mentions ----------------------------------------------------------------------------------

    def person(self, partial: str) -> Actor:
        """The person a (possibly partial) name stands for on this page."""
        name = normalize_person_name(partial)
        tokens = _name_parts(name)
        candidates = [r for r in self.people.values() if tokens <= _name_parts(r.name)]
        record = _likeliest(candidates)
        if record is not None:
            return Actor(name=record.name, actor_type="person", country_code=record.country_code)
        return Actor(name=self.batch_names.resolve(name) or name, actor_type="person")

    def is_known_person_token(self, token: Token) -> bool:
        lowered = fold(normalize_person_name(token.text))
        return any(lowered in _name_parts(p.name) for p in self.people.values())

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
            return Actor(name=name, actor_type="organization", country_code=_code_in(name))
        return None

    def _names_known_person(self, text: str) -> bool:
        tokens = _name_parts(normalize_person_name(text))
        return bool(tokens) and any(tokens <= _name_parts(p.name) for p in self.people.values())


# Titles after which capitalized words are a person's name even when the NER misses it ("President To Lam").
NAME_INTRODUCING_TITLES = frozenset(
    {
        "president",
        "minister",
        "premier",
        "chairman",
        "king",
        "ambassador",
        "envoy",
        "counterpart",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "chancellor",
        "emir",
        "amir",
        "secretary",
        "leader",
        "chairperson",
        "chairwoman",
        "commissioner",
        "governor",
    }
)
_MAX_NAME_WORDS = 4


def entity_spans(sentence: Sentence) -> list[Span]:
    """The sentence's entities with person names repaired: the NER often stops a name one word short of the
    parser's head ("[Elena Vargas] Quispe") or splits it in two ("[Luc Peeters] [Janssens]")."""
    span = sentence.span
    titled = [Span(e.doc, e.start, e.end, label="PERSON") for e in sentence.ents if _is_titled_non_person(e)]
    titled += [p for e in sentence.ents if e.label_ != "PERSON" and (p := _person_after_state(e)) is not None]
    people = sorted(
        [*(e for e in sentence.ents if e.label_ == "PERSON"), *titled, *titled_names(span)], key=lambda e: e.start
    )
    repaired: list[Span] = []
    for person in people:
        end = person.end
        while end < span.end:
            if _continues_name(span.doc[end - 1], span.doc[end]):
                end += 1
            elif _hyphen_continues(span.doc, end, span.end):
                end += 2  # "Yoon Suk[-yeol]": the NER stops a hyphenated given name at the hyphen
            elif _particle_continues(span.doc, end, span.end):
                end += 2  # "Mohammed bin Abdulrahman [bin Jassim] Al Thani": a particle and a name after it
            else:
                break
        start = person.start
        while start > span.start and _begins_name(span.doc[start - 1], person):
            start -= 1  # "Mr [Luiz] Inácio Lula da Silva": the NER dropped the first given name
        if repaired and start <= repaired[-1].end:
            start = repaired[-1].start
            end = max(end, repaired[-1].end)
            repaired.pop()
        repaired.append(Span(span.doc, start, end, label="PERSON"))
    others = [e for e in sentence.ents if e.label_ != "PERSON" and not any(_overlap(e, p) for p in repaired)]
    return sorted([*repaired, *others], key=lambda e: e.start)


# Words that make a capitalized phrase an organization or a place rather than a person's name.
INSTITUTION_WORDS = frozenset(
    """
    party ministry committee council union agency association organization organisation bank news company group army
    forces government department office embassy university institute republic kingdom state states nations assembly
    congress parliament senate court commission federation front league movement service corporation fund
    house palace hall centre center building square airport hotel
    """.split()
)


def _is_titled_non_person(ent: Span) -> bool:
    """An entity the NER did not call a person but the text introduces as one: "President of Cuba, Miguel Díaz-Canel,"
    or "Minister Bruno Rodríguez" (accented names often come out as organizations)."""
    if ent.label_ == "PERSON" or not _looks_like_person_name(ent):
        return False
    doc = ent.doc
    after_title = ent.start > 0 and doc[ent.start - 1].lower_ in NAME_INTRODUCING_TITLES
    in_apposition = ent.root.dep_ == "appos" and ent.root.head.lower_ in NAME_INTRODUCING_TITLES
    titled_after = any(c.dep_ == "appos" and c.lower_ in NAME_INTRODUCING_TITLES for c in ent.root.children)
    return after_title or in_apposition or titled_after


def _person_after_state(ent: Span) -> Span | None:
    """ "Prime Minister of [Japan Kenji Sato]": the NER ran a state and the name after it into one entity."""
    for i in range(1, len(ent) - 1):
        if state_named(ent[i - 1].text) is None:
            continue
        rest = Span(ent.doc, ent.start + i, ent.end, label="PERSON")
        if _looks_like_person_name(rest):
            return rest
    return None


def looks_like_a_name(text: str) -> bool:
    """Two to four capitalized words, none of them an office, an institution or a state: "Esteban Lazo"."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
        and not any(w.lower() in TITLE_WORDS or w.lower() in INSTITUTION_WORDS for w in words)
        and state_named(text) is None
    )


def _looks_like_person_name(ent: Span) -> bool:
    return looks_like_a_name(" ".join(t.text for t in ent if t.text != "-")) and state_named(ent.text) is None


def _continues_name(last: Token, following: Token) -> bool:
    """The next word is still the name: a capitalized proper noun the last word of the name modifies."""
    if re.fullmatch(r"(?:al|el|bin|ibn)-[A-Z][a-z]+", following.text):
        return True  # "Abdullah bin Nasser bin Khalifa [al-Thani]"
    if following.pos_ != "PROPN" or not following.text[:1].isupper() or following.lower_ in TITLE_WORDS:
        return False
    if following.ent_type_ in ("", "PERSON"):
        return True
    # the NER sometimes calls a surname an organization; the parse still ends the name's compound chain on it
    return (
        last.dep_ == "compound"
        and last.head.i == following.i
        and following.dep_ != "compound"
        and state_named(following.text) is None
        and state_of_demonym(following.text) is None
    )


def _begins_name(previous: Token, person: Span) -> bool:
    """The word before a name is still the name: a capitalized proper noun compounded into it, no title, or the
    honorific a one-word name is known by ("Sheikh Hasina")."""
    if len(person) == 1 and previous.text in NAME_HONORIFICS:
        return True
    return (
        previous.pos_ == "PROPN"
        and previous.text[:1].isupper()
        and previous.text.isalpha()
        and previous.dep_ == "compound"
        and person.start <= previous.head.i < person.end
        and previous.ent_type_ in ("", "PERSON")
        and not _is_title_token(previous)
    )


def _particle_continues(doc: Doc, index: int, limit: int) -> bool:
    following = doc[index + 1] if index + 1 < limit else None
    return (
        following is not None
        and doc[index].text in NAME_PARTICLES | {"Al", "Bin", "bint", "Bint"}
        and following.pos_ == "PROPN"
        and following.text[:1].isupper()
        and following.lower_ not in TITLE_WORDS
        and state_named(following.text) is None
    )


def _hyphen_continues(doc: Doc, index: int, limit: int) -> bool:
    """The name goes on through a hyphen written without spaces: "Suk" "-" "yeol"."""
    return (
        index + 1 < limit
        and doc[index].text in ("-", "\u2010")
        and not doc[index - 1].whitespace_
        and not doc[index].whitespace_
        and doc[index + 1].is_alpha
        and doc[index + 1].ent_type_ in ("", "PERSON")
    )


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def titled_names(span: Span) -> list[Span]:
    """Names of two or more capitalized words right after a title ("Minister Ana Ruiz"), or after a title's state
    ("Foreign Minister of the Republic of Kazakhstan HE Beibut Atamkulov"), where the NER saw no person."""
    doc = span.doc
    found: list[Span] = []
    starts = [t.i + 1 for t in span if t.lower_ in NAME_INTRODUCING_TITLES]
    starts += [e.end for e in span.ents if e.label_ == "GPE" and _follows_title_of(e)]
    starts += [t.i + 1 for t in span if _ends_a_title_phrase(t)]
    for first in starts:
        title = first - 1
        # "President of Peru, Dina Boluarte", "Amb. Dina Mufti", "HE Beibut Atamkulov"
        while first < span.end and (doc[first].text in HONORIFIC_ABBREVIATIONS or doc[first].text in (",", ".")):
            first += 1
        end = first
        while (
            end < span.end
            and end - first < _MAX_NAME_WORDS
            and (_may_be_name_word(doc[end]) or _continues_titled_entity(doc, title, end))
        ):
            end += 1
        if end == first and first < span.end and doc[first].ent_iob_ == "B" and doc[first].ent_type_ == "ORG":
            # "Commission [Moussa Faki Mahamat]": a name the NER called an organization, right after the office
            ent = next(e for e in doc.ents if e.start == first)
            end = ent.end if _looks_like_person_name(ent) else first
        words = doc[first:end]
        if len(words) >= 2 and not any(t.ent_type_ == "PERSON" for t in words):
            found.append(Span(doc, words.start, words.end, label="PERSON"))
    return found


_TITLE_PHRASE_TOKENS = 12


def _ends_a_title_phrase(token: Token) -> bool:
    """ "Minister of Foreign Affairs of the Islamic Republic of Iran [Hossein Amirabdollahian]": a state closing an
    office's phrase introduces the office-holder's name, whatever the NER made of it."""
    doc = token.doc
    ends_institution = token.ent_type_ in ("ORG", "GPE") and (
        token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I"
    )
    if (state_named(token.text) is None and not ends_institution) or token.i + 1 >= len(doc):
        return False
    if not doc[token.i + 1].is_title:
        return False
    before = token.doc[max(token.i - _TITLE_PHRASE_TOKENS, token.sent.start) : token.i]
    return any(t.lower_ in NAME_INTRODUCING_TITLES for t in before) and any(t.lower_ == "of" for t in before)


def _continues_titled_entity(doc: Doc, title: int, index: int) -> bool:
    """ "[Foreign Ministry Spokesman Bahram Ghasemi]" as one organization: the words after the office in the same
    entity are the office-holder's name."""
    token = doc[index]
    return (
        token.ent_iob_ == "I"
        and doc[title].ent_type_ == token.ent_type_ == "ORG"
        and all(doc[i].ent_iob_ == "I" for i in range(title + 1, index + 1))
        and token.text[:1].isupper()
        and token.text.replace("-", "").isalpha()
        and token.lower_ not in TITLE_WORDS
    )


def _follows_title_of(ent: Span) -> bool:
    """ "Minister of [the Republic of Kazakhstan]": a state named as the country of a title before it."""
    doc = ent.doc
    i = ent.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in NAME_INTRODUCING_TITLES


def _may_be_name_word(token: Token) -> bool:
    text = token.text
    return (
        text[:1].isupper()
        and (text.replace("-", "").isalpha())
        and text.lower() not in TITLE_WORDS
        and token.ent_type_ not in ("GPE", "ORG", "DATE", "NORP", "LOC", "EVENT")
        and state_named(text) is None
    )


def _is_name_word(word: str) -> bool:
    """Capitalized, or a particle: "Pieter van Dijk", "Bashar al-Assad"."""
    return word[:1].isupper() or word in NAME_PARTICLES or word.split("-")[-1][:1].isupper()


def _name_parts(name: str) -> set[str]:
    """ "Bashar al-Assad" -> {"bashar", "al", "assad", "al-assad"}: "Assad" alone must find him."""
    words = fold(name).split()
    return {*words, *(part for word in words for part in word.split("-") if part)}


def span_text(tokens: Sequence[Token]) -> str:
    """The text of consecutive tokens as written ("Ryong-nam", not "Ryong - nam"); tokens with a gap between them
    (a title dropped from inside a name) are joined by spaces."""
    if tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return " ".join(token.text for token in tokens)
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def clean_name(text: str) -> str:
    text = clean_text(text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*'s$", "", text)
    return text.strip(" ,.;:'\"-–")


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


def _is_government_body(text: str) -> bool:
    """A ministry, office or party cited as a source still speaks for itself ("according to the Kremlin")."""
    return bool(_STATE_BODY.search(text)) or fold(clean_name(text)) in INSTITUTION_STATES


def state_actor(state: str) -> Actor:
    return Actor(name=state, actor_type="state", country_code=country_code(state))


def _code_in(text: str) -> str | None:
    state = state_in_text(text)
    return country_code(state) if state else None


class SentenceActors:
    """Resolves the tokens of one sentence to actors, with the page's registry and the discourse so far."""

    def __init__(self, sentence: Sentence, registry: DocumentActors) -> None:
        self.sentence = sentence
        self.registry = registry
        self.entities = entity_spans(sentence)
        self._entity_of: dict[int, Span] = {t.i: ent for ent in self.entities for t in ent}

    def actor(self, token: Token, as_actor: bool = True) -> Actor | None:
        """The actor a token (usually the head of a noun phrase) stands for, or None."""
        ent = self._entity_of.get(token.i)
        if ent is not None and ent.label_ in ACTOR_LABELS:
            found = self.registry.actor_of_entity(ent, as_actor=as_actor)
            if found is not None:
                return found
        named = self._named_in_apposition(token)
        if named is not None:
            return named
        # the tagger often calls an unfamiliar surname a common noun ("Hipkins said"): a capitalized word that is
        # part of a name the page introduced is that person wherever it stands
        if token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text[:1].isupper()):
            proper = self._proper_noun(token, as_actor)
            if proper is not None:
                return proper
        lowered = token.lower_
        if lowered in PRONOUNS_PERSON:
            return self._pronoun(token)
        if lowered in STATE_VOICES or lowered == "ministry":
            return self._government_body(token)
        if lowered in ROLE_KEYS or lowered in ("minister",):
            return self._office_holder(token)
        if lowered == "counterpart":
            return self._counterpart(token)
        if lowered == "diplomat":
            # "the Russian top diplomat": the foreign minister of that state; "the Russian diplomat": its one
            # diplomat on the page (a minister, an envoy, a spokesperson)
            state = state_in_text(" ".join(t.text for t in token.subtree if t.i < token.i))
            if any(c.lower_ in ("top", "chief") for c in token.children):
                return self.registry.person_in_role("foreign minister", state)
            definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)  # "a Danish diplomat": anyone
            return self.registry.only_person_in_roles(DIPLOMATIC_ROLES, state) if state and definite else None
        return None

    def _counterpart(self, token: Token) -> Actor | None:
        """ "his Kazakh counterpart": the person of that country the page names, in the possessor's office if any."""
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
        state = next((s for m in modifiers if (s := state_of_demonym(m.text) or state_named(m.text))), None)
        if state is None:
            return None
        code = country_code(state)
        owner_roles: set[str] = set()
        for child in token.children:
            if child.dep_ == "poss":
                owner = self.actor(child)
                record = self.registry.people.get(fold(owner.name)) if owner is not None else None
                owner_roles = record.roles if record is not None else set()
        people = [r for r in self.registry.people.values() if r.country_code == code]
        people.sort(key=lambda r: not (r.roles & owner_roles))
        if not people:
            return None
        return Actor(name=people[0].name, actor_type="person", country_code=code)

    def _named_in_apposition(self, token: Token) -> Actor | None:
        """ "his Chinese counterpart Wang Yi", "the envoy, Song Tao": the name beside a common noun is the actor."""
        if token.pos_ not in ("NOUN", "PROPN") or token.i in self._entity_of:
            return None
        for child in token.children:
            ent = self._entity_of.get(child.i)
            if child.dep_ in ("appos", "compound") and ent is not None and ent.label_ == "PERSON" and child.i > token.i:
                return self.registry.actor_of_entity(ent)
        return None

    def _proper_noun(self, token: Token, as_actor: bool) -> Actor | None:
        phrase = token.doc[token.left_edge.i : token.i + 1].text
        if re.search(r"secretary[- ]general$", phrase, re.IGNORECASE):
            return self._institution_voice(token, "secretary-general", list(token.subtree))
        compound = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < token.i]
        text = " ".join(t.text for t in [*compound, token])
        state = state_named(text) or state_named(token.text)
        if state:
            return state_actor(state)
        if fold(text) in self.registry.acronyms:
            return Actor(name=self.registry.acronyms[fold(text)], actor_type="organization")
        if self.registry.is_known_person_token(token):
            return self.registry.person(token.text)
        institution = INSTITUTION_STATES.get(fold(text))
        if institution:
            return Actor(name=text, actor_type="organization", country_code=country_code(institution))
        capital_of = state_of_capital(text)
        if capital_of and as_actor:
            return state_actor(capital_of)
        return None

    def _pronoun(self, token: Token) -> Actor | None:
        """ "he" is the person most recently named as a subject, in this sentence or before it."""
        for earlier in reversed(list(self.sentence.span.doc[self.sentence.span.start : token.i])):
            # only a main clause's subject: "Asked whether the minister would go, he said" is not the minister
            if (
                earlier.dep_ in ("nsubj", "nsubjpass")
                and earlier.lower_ not in PRONOUNS_PERSON
                and _in_main_clause(earlier)
            ):
                actor = self.actor(earlier)
                if actor is not None and actor.actor_type == "person":
                    return actor
        if token.lower_ == "his" and token.head.dep_ in ("pobj", "dobj"):
            # "In his message, Kim praised ...": the possessive points ahead to the clause's subject.
            subject = _clause_subject(token.head)
            if subject is not None and subject.lower_ not in PRONOUNS_PERSON:
                actor = self.actor(subject)
                if actor is not None and actor.actor_type == "person":
                    return actor
        return self.registry.last_person

    def _government_body(self, token: Token) -> Actor | None:
        """ "the Chinese government" -> China; "China's foreign ministry" -> "Chinese Foreign Ministry"."""
        modifiers = [c for c in token.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
        modifiers += [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children]
        state = next(
            (s for s in (state_named(m.text) or state_of_demonym(m.text) for m in modifiers) if s is not None), None
        )
        if state is None:
            return None
        if token.lower_ in STATE_VOICES:
            return state_actor(state)
        kinds = [m.text.capitalize() for m in modifiers if m.lower_ in ("foreign", "defense", "defence", "interior")]
        name = " ".join([demonym_of(state) or state, *kinds, "Ministry"])
        return Actor(name=canonical_org_name(name), actor_type="organization", country_code=country_code(state))

    def _office_holder(self, token: Token) -> Actor | None:
        """ "the Chinese President" -> the person of that office on the page; "a Kremlin aide" -> "Kremlin"."""
        for child in token.children:
            if child.dep_ in ("appos", "compound") and self._entity_of.get(child.i) is not None:
                ent = self._entity_of[child.i]
                if ent.label_ == "PERSON":
                    return self.registry.actor_of_entity(ent)
        modifiers = [t for t in token.subtree if t.i != token.i and t.i < token.i + 6]
        if _heads_the_un(token):
            return self._institution_voice(token, "secretary-general", [])
        named = self._person_closing_phrase(token)
        if named is not None:
            return named
        role = ROLE_KEYS.get(token.lower_, token.lower_)
        if role == "minister" and any(t.lower_ == "foreign" for t in modifiers):
            role = "foreign minister"
        if _deputy_of(token):
            role = f"deputy {role}"
        state = state_in_text(" ".join(t.text for t in modifiers))
        holder = self.registry.person_in_role(role, state)
        if holder is not None:
            return holder
        return self._institution_voice(token, role, modifiers)

    def _person_closing_phrase(self, token: Token) -> Actor | None:
        """ "Prime Minister of the Republic of India Narendra Modi": the name ending the office's phrase."""
        ent = self._entity_of.get(token.right_edge.i)
        if ent is not None and ent.label_ == "PERSON" and ent.start > token.i and ent.end - 1 == token.right_edge.i:
            return self.registry.actor_of_entity(ent)
        # "met with the Foreign Minister of the DPRK Ri Yong Ho": the parser often leaves the name outside the phrase
        following = token.right_edge.i + 1
        doc = token.doc
        while following < len(doc) and doc[following].text in (")", ","):
            following += 1
        ent = self._entity_of.get(following)
        if ent is not None and ent.label_ == "PERSON" and ent.start == following and token.i < ent.start:
            return self.registry.actor_of_entity(ent)
        return None

    def _institution_voice(self, token: Token, role: str, modifiers: Iterable[Token]) -> Actor | None:
        if role == "secretary-general":
            holder = self.registry.person_in_role(role, None)
            if holder is not None:
                return holder
            orgs = [
                t.text
                for t in modifiers
                if t.pos_ == "PROPN" and t.i < token.i and t.lower_ not in ("secretary", "general", "-")
            ]
            prefix = " ".join(orgs) if orgs else "UN"
            return Actor(name=f"{prefix} Secretary-General", actor_type="person")
        if role in VOICE_OF_INSTITUTION_ROLES:
            for modifier in modifiers:
                ent = self._entity_of.get(modifier.i)
                if ent is not None and ent.label_ in ("ORG", "GPE", "NORP"):
                    return self.registry.actor_of_entity(ent)
        return None


DEPUTY_WORDS = frozenset({"deputy", "vice", "vice-"})


def _deputy_of(token: Token) -> bool:
    """ "Deputy Prime Minister", "Vice President": the word names a deputy's office."""
    doc = token.doc
    return any(doc[i].lower_ in DEPUTY_WORDS for i in range(max(token.i - 2, 0), token.i))


UN_NAMES = frozenset({"un", "u.n.", "united nations"})


def _heads_the_un(token: Token) -> bool:
    """ "the U.N. chief", "the UN head": the Secretary-General ("the U.N. humanitarian chief" is someone else)."""
    if token.lower_ not in ("chief", "head", "leader"):
        return False
    modifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < token.i]
    names = {fold(" ".join(t.text for t in m.subtree)).replace("'s", "").strip() for m in modifiers}
    return bool(names & UN_NAMES) and len(modifiers) == 1


def _in_main_clause(token: Token) -> bool:
    head = token.head
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ == "ROOT"


def _clause_subject(token: Token) -> Token | None:
    """The subject of the clause a phrase hangs from."""
    head = token
    while head.dep_ not in ("ROOT",) and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None
