"""Raw page bytes -> text: encoding detection, binary and garbage rejection, normalization."""

from __future__ import annotations

import codecs
import unicodedata

from tasks.parsing.errors import PageRejected

# Detection only ever looks at this much of the page, so a 20 MB page costs no more to classify than a small one.
SAMPLE_SIZE = 64 * 1024

# Files that start like this are never text, whatever bytes follow.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 office file"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
)

# Checked longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 control bytes that never occur in a text page (tab, newlines, form feed and ESC are left out).
CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
MAX_CONTROL_BYTE_SHARE = 0.02

# Unicode categories that mean "this is not readable text": controls, private use, unassigned, surrogates.
GARBAGE_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
ALLOWED_CONTROL_CHARS = frozenset("\t\n\r\f")
MAX_GARBAGE_SHARE = 0.10

# UTF-8 with a few broken bytes (a truncated scrape) stays UTF-8 if valid multi-byte characters clearly dominate.
MIN_VALID_PER_INVALID_UTF8 = 5

NEWLINE_VARIANTS = ("\r\n", "\r", "\u2028", "\u2029", "\x85")


def decode_page(raw: bytes) -> tuple[str, str]:
    """Decode a saved page into (text, encoding name), or raise PageRejected."""
    if not raw.strip():
        raise PageRejected("empty file")
    text, encoding = _decode_with_detected_encoding(raw)
    _reject_garbage(text)
    text = _normalize(text)
    if not text.strip():
        raise PageRejected("empty file")
    return text, encoding


def _decode_with_detected_encoding(raw: bytes) -> tuple[str, str]:
    bom_encoding = _encoding_from_bom(raw)
    if bom_encoding is not None:
        return _decode_strict(raw, bom_encoding), bom_encoding
    _reject_binary_signature(raw)
    utf16_encoding = _sniff_bomless_utf16(raw[:SAMPLE_SIZE])
    if utf16_encoding is not None:
        return _decode_strict(raw, utf16_encoding), utf16_encoding
    if b"\x00" in raw:
        raise PageRejected("binary content (NUL bytes)")
    _reject_control_bytes(raw[:SAMPLE_SIZE])
    return _decode_single_byte_or_utf8(raw)


def _encoding_from_bom(raw: bytes) -> str | None:
    for bom, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(bom):
            return encoding
    return None


def _reject_binary_signature(raw: bytes) -> None:
    for signature, kind in BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise PageRejected(f"binary content ({kind})")


def _sniff_bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text puts a NUL in every other byte, on one side only."""
    sample = sample[: len(sample) - len(sample) % 2]
    code_units = len(sample) // 2
    if code_units < 2:
        return None
    nuls_at_even = sample[0::2].count(0)
    nuls_at_odd = sample[1::2].count(0)
    if nuls_at_odd > 0.3 * code_units and nuls_at_even < 0.05 * code_units:
        return "utf-16-le"
    if nuls_at_even > 0.3 * code_units and nuls_at_odd < 0.05 * code_units:
        return "utf-16-be"
    return None


def _decode_strict(raw: bytes, encoding: str) -> str:
    if encoding.startswith("utf-16"):
        raw = raw[: len(raw) - len(raw) % 2]  # a scrape cut mid code unit loses one byte, not the page
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise PageRejected(f"undecodable text (invalid {encoding})") from error


def _reject_control_bytes(sample: bytes) -> None:
    control_count = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if control_count > MAX_CONTROL_BYTE_SHARE * len(sample):
        raise PageRejected("binary content (control bytes)")


def _decode_single_byte_or_utf8(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient_utf8 = raw.decode("utf-8", errors="replace")
    invalid_count = lenient_utf8.count("\ufffd")
    valid_non_ascii_count = len(lenient_utf8) - len(lenient_utf8.encode("ascii", errors="ignore")) - invalid_count
    if valid_non_ascii_count >= MIN_VALID_PER_INVALID_UTF8 * invalid_count:
        return lenient_utf8, "utf-8"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise PageRejected("undecodable text (neither UTF-8, UTF-16 nor cp1252)") from error


def _reject_garbage(text: str) -> None:
    sample = text[:SAMPLE_SIZE]
    if not sample:
        return
    garbage_count = sum(
        1
        for char in sample
        if char not in ALLOWED_CONTROL_CHARS and (char == "\ufffd" or unicodedata.category(char) in GARBAGE_CATEGORIES)
    )
    if garbage_count > MAX_GARBAGE_SHARE * len(sample):
        raise PageRejected("undecodable text (mostly control or garbage characters)")


def _normalize(text: str) -> str:
    text = text.removeprefix("\ufeff")
    for newline in NEWLINE_VARIANTS:
        if newline in text:
            text = text.replace(newline, "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
