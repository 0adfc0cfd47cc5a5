"""Resolving a sentence's words to actors: names, surnames, offices ("the Chinese President", "the AU chief"),
pronouns, governments and institutions, with the page's registry (registry.py) and the discourse so far.

Within a document a partial mention resolves to the full name introduced on the page; across pages, a bare
surname resolves to the one full name the corpus knows (sql/staging/mention_actors.sql).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

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
from tasks.extraction.names import entity_spans
from tasks.extraction.registry import (
    DIPLOMATIC_ROLES,
    INSTITUTION_STATES,
    ROLE_KEYS,
    DocumentActors,
    canonical_org_name,
    deputy_of,
    state_actor,
)
from tasks.extraction.segments import Sentence

# Offices named by the office when the page never names the holder (annotation guide: "a Kremlin aide" -> "Kremlin").
VOICE_OF_INSTITUTION_ROLES = frozenset({"aide", "spokesperson"})


# Common nouns that stand for a state's government when a state modifies them: "the Chinese government".
STATE_VOICES = frozenset({"government", "administration", "authorities", "leadership", "side"})


PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})


ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "LOC", "FAC"})


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
        if deputy_of(token):
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
