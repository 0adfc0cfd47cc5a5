"""decode_page: encodings, normalization, and the pages it refuses."""

from __future__ import annotations

import codecs
import random
import time

import pytest

from tasks.parsing import PageRejected, decode_page

SAMPLE_TEXT = "“Smart quotes” in a café cost 5 €.\nKim Jong Un sent a message."


@pytest.mark.parametrize(
    ("raw", "expected_encoding"),
    [
        pytest.param(SAMPLE_TEXT.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SAMPLE_TEXT.encode("utf-8"), "utf-8-sig", id="utf-8 with BOM"),
        pytest.param(SAMPLE_TEXT.encode("utf-16"), "utf-16", id="utf-16 with native BOM"),
        pytest.param(codecs.BOM_UTF16_LE + SAMPLE_TEXT.encode("utf-16-le"), "utf-16", id="utf-16-le with BOM"),
        pytest.param(codecs.BOM_UTF16_BE + SAMPLE_TEXT.encode("utf-16-be"), "utf-16", id="utf-16-be with BOM"),
        pytest.param(SAMPLE_TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le without BOM"),
        pytest.param(SAMPLE_TEXT.encode("utf-16-be"), "utf-16-be", id="utf-16-be without BOM"),
        pytest.param(SAMPLE_TEXT.encode("cp1252"), "cp1252", id="cp1252"),
    ],
)
def test_decodes_each_supported_encoding(raw: bytes, expected_encoding: str) -> None:
    text, encoding = decode_page(raw)

    assert text == SAMPLE_TEXT
    assert encoding == expected_encoding
    assert not text.startswith("\ufeff")


def test_cp1252_smart_quotes_accent_and_euro_come_out_as_characters() -> None:
    raw = b"\x93Hello\x94 caf\xe9 \x805 \x96 done"

    text, encoding = decode_page(raw)

    assert (text, encoding) == ("“Hello” café €5 – done", "cp1252")


def test_newlines_are_normalized_to_line_feeds() -> None:
    text, _ = decode_page(b"first\r\nsecond\rthird\n")

    assert text == "first\nsecond\nthird\n"


def test_text_is_nfc_normalized() -> None:
    decomposed = "Cafe\u0301 in Pyongyang"

    text, _ = decode_page(decomposed.encode("utf-8"))

    assert text == "Café in Pyongyang"
    assert len(text) == len(decomposed) - 1


def test_utf8_with_one_truncated_character_stays_utf8() -> None:
    raw = ("Déjà vu in Séoul, “quoted” — " * 20).encode("utf-8") + "é".encode()[:1]

    text, encoding = decode_page(raw)

    assert encoding == "utf-8"
    assert text.startswith("Déjà vu in Séoul")


def test_decoding_is_deterministic() -> None:
    raw = SAMPLE_TEXT.encode("cp1252")

    assert decode_page(raw) == decode_page(raw)


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \n\t  \r\n", " \n ".encode("utf-16"), codecs.BOM_UTF8],
    ids=["no bytes", "ascii whitespace", "utf-16 whitespace", "bom only"],
)
def test_empty_pages_are_rejected(raw: bytes) -> None:
    with pytest.raises(PageRejected) as rejected:
        decode_page(raw)

    assert rejected.value.reason == "empty file"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(64), id="zip"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", id="pdf"),
        pytest.param(random.Random(7).randbytes(8192), id="random bytes"),
        pytest.param(b"An ordinary line\x00with a NUL byte in it, then more text here.", id="nul in text"),
        pytest.param(b"\x01\x02\x03\x04\x05\x06 text " * 200, id="control bytes"),
    ],
)
def test_binary_pages_are_rejected_as_binary(raw: bytes) -> None:
    with pytest.raises(PageRejected) as rejected:
        decode_page(raw)

    assert "binary" in rejected.value.reason


def test_bytes_valid_in_no_supported_encoding_are_rejected_as_undecodable() -> None:
    # 0x81 and 0x8D are undefined in cp1252 and these sequences are not UTF-8 either.
    raw = b"Some text \x81\x8d\xc0\xaf more text \x81\x90 end" * 10

    with pytest.raises(PageRejected) as rejected:
        decode_page(raw)

    assert "undecodable" in rejected.value.reason


def test_text_that_decodes_to_mostly_garbage_is_rejected() -> None:
    raw = "".join(chr(code_point) for code_point in range(0xE000, 0xE400)).encode("utf-8")  # private use area

    with pytest.raises(PageRejected) as rejected:
        decode_page(raw)

    assert "undecodable" in rejected.value.reason


def test_page_rejected_is_a_value_error_with_a_reason() -> None:
    with pytest.raises(ValueError, match="empty file"):
        decode_page(b"")


def test_twenty_megabyte_page_decodes_quickly() -> None:
    raw = ("A paragraph of article text that says something, “quoted”. " * 8 + "\n\n").encode("utf-8")
    raw = raw * (20_000_000 // len(raw) + 1)

    started = time.perf_counter()
    text, encoding = decode_page(raw)
    elapsed = time.perf_counter() - started

    assert encoding == "utf-8"
    assert len(text) > 18_000_000
    assert elapsed < 2.0
