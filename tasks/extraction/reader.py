"""Reading documents: every paragraph of a batch parsed in one ``nlp.pipe`` pass, then each page read on its own.

``extract_document`` is the one-page shortcut.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.tokens import Doc

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.extraction import EXTRACTOR_VERSION
from tasks.extraction.nlp import BATCH_SIZE, get_nlp
from tasks.extraction.pipeline import article_sentences, read_document
from tasks.extraction.registry import DocumentActors
from tasks.extraction.segments import Sentence, split_paragraphs

logger = logging.getLogger(__name__)


def extract_documents(documents: Sequence[Document]) -> list[DocumentMentions]:
    """Mentions of every document, in the order given."""
    return read_parsed(documents, _parse(documents))


def read_parsed(documents: Sequence[Document], parsed: Sequence[Sequence[Doc]]) -> list[DocumentMentions]:
    """The rules' part: mentions of documents whose paragraphs spaCy has parsed (one list of Docs per document)."""
    sentences = [article_sentences(paragraphs) for paragraphs in parsed]
    # Each page is read on its own: what a page yields must not depend on which pages share its batch, or a
    # re-run in other batches would change rows. A surname alone ("Putin") is matched to a full name across
    # pages in SQL (sql/staging/mention_actors.sql).
    registries = [DocumentActors(page) for page in sentences]
    return [
        _read_safely(document, page, registry)
        for document, page, registry in zip(documents, sentences, registries, strict=True)
    ]


def extract_document(document: Document) -> DocumentMentions:
    return extract_documents([document])[0]


def _parse(documents: Sequence[Document]) -> list[list[Doc]]:
    paragraphs_per_document = [split_paragraphs(document.body_text) for document in documents]
    flat = [paragraph for paragraphs in paragraphs_per_document for paragraph in paragraphs]
    parsed = iter(get_nlp().pipe(flat, batch_size=BATCH_SIZE))
    return [[next(parsed) for _ in paragraphs] for paragraphs in paragraphs_per_document]


def _read_safely(document: Document, sentences: list[Sentence], registry: DocumentActors) -> DocumentMentions:
    """One odd page must not stop a run over thousands: it yields no mentions and a logged error."""
    try:
        return read_document(document, sentences, registry, EXTRACTOR_VERSION)
    except Exception:
        logger.exception("extraction failed for document %s (%s)", document.document_id, document.file_name)
        return DocumentMentions(document_id=document.document_id, extractor_version=EXTRACTOR_VERSION)
