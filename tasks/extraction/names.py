"""Names as pages write them: the words of a name and what is not part of it (titles, honorifics, offices),
the spans where the text names a person even when the NER missed it, and one spelling per name.

No page state here: ``registry.py`` keeps who the page introduced, ``actors.py`` resolves a sentence's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from tasks.extraction.gazetteer import (
    fold,
    state_named,
    state_of_demonym,
)
from tasks.extraction.lexicon import words
from tasks.extraction.segments import Sentence

# Words that may precede or follow a name but are never part of it.
TITLE_WORDS = words("titles")


KOREAN_SURNAMES = frozenset(
    "kim ri lee yi pak park choe choi jo cho jang jong kang han yun yoon mun moon o oh ryu son sin shin hwang hyon "
    "kwon ju ko go nam ro roh chae jon jeon song".split()
)


# Lower-case words inside names: "Pieter van Dijk", "Mohammed bin Salman".
NAME_PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "der", "den", "bin", "al", "el", "le", "la", "di", "du", "dos", "ibn", "y"}
)


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
    while start < end and is_title_token(tokens[start]):
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


def is_title_token(token: Token) -> bool:
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
    if ent.label_ == "PERSON" or not looks_like_person_name(ent):
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
        if looks_like_person_name(rest):
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


def looks_like_person_name(ent: Span) -> bool:
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
        and not is_title_token(previous)
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
            end = ent.end if looks_like_person_name(ent) else first
        words = doc[first:end]
        if len(words) >= 2 and not any(t.ent_type_ == "PERSON" for t in words):
            found.append(Span(doc, words.start, words.end, label="PERSON"))
    return found


_TITLE_PHRASE_TOKENS = 12


def _ends_a_title_phrase(token: Token) -> bool:
    """ "Minister of Foreign Affairs of the Islamic Republic of Iran [Hossein Amirabdollahian]": a state closing an
    office's phrase introduces the office-holder's name, whatever the NER made of it."""
    doc = token.doc
    # cheap tests first: this runs on every token of every sentence
    if token.pos_ != "PROPN" or token.i + 1 >= len(doc) or not doc[token.i + 1].is_title:
        return False
    ends_institution = token.ent_type_ in ("ORG", "GPE") and doc[token.i + 1].ent_iob_ != "I"
    if not ends_institution and state_named(token.text) is None:
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


def is_name_word(word: str) -> bool:
    """Capitalized, or a particle: "Pieter van Dijk", "Bashar al-Assad"."""
    return word[:1].isupper() or word in NAME_PARTICLES or word.split("-")[-1][:1].isupper()


@lru_cache(maxsize=8192)
def name_parts(name: str) -> frozenset[str]:
    """ "Bashar al-Assad" -> {"bashar", "al", "assad", "al-assad"}: "Assad" alone must find him. Cached: the
    registry compares every mention with every person of the page."""
    words = fold(name).split()
    return frozenset({*words, *(part for word in words for part in word.split("-") if part)})


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
