"""The encoding feedparser would read a feed body in, decided without decoding it.

feedparser chooses an encoding from the BOM, the XML declaration, the HTTP charset and the
RFC 3023 rules, in its order. The fast path goes on only when that choice reads the body
exactly as UTF-8 would (UTF-8 itself, or an ASCII-compatible charset over a pure-ASCII body);
the body is then parsed as UTF-8 whatever its declaration says, as feedparser parses the UTF-8
it transcoded. The warning feedparser gives when it overrides a declaration is kept.
"""

from __future__ import annotations

import codecs
import importlib.util
import re

from tributary.parse.fallbacks import FastPathDeclined

_XML_DECLARATION_ENCODING = re.compile(rb"^<\?.*encoding=['\"](.*?)['\"].*\?>")
_XML_DECLARATION_VERSION = re.compile(rb"^<\?xml\s+version\s*=\s*(['\"])1\.0\1")
_APPLICATION_XML = (
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
)
_TEXT_XML = ("text/xml", "text/xml-external-parsed-entity")
# Codecs that decode pure ASCII exactly as UTF-8 does (codecs.lookup names).
_ASCII_SUPERSETS = frozenset(
    {"ascii", "utf-8", "iso8859-1", "iso8859-2", "iso8859-15", "cp1252", "cp1250"}
)
# feedparser asks chardet for a guess when the declared encodings fail, if it is installed.
_HAS_CHARDET = any(importlib.util.find_spec(name) for name in ("cchardet", "chardet"))
_GUESS = "(guess)"
_NON_UTF8_MARKS = (
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF32_LE,
    b"\xfe\xff",
    b"\xff\xfe",
    b"\x4c\x6f\xa7\x94",  # "<?xm" in EBCDIC
    b"\x00\x3c\x00\x3f",
    b"\x3c\x00\x3f\x00",
    b"\x00\x00\x00\x3c",
    b"\x3c\x00\x00\x00",
)


def _split_content_type(header: str) -> tuple[str, str]:
    """(media type, charset) as feedparser splits a Content-Type header (case kept)."""
    chunks = header.split(";")
    charset = ""
    for chunk in chunks[1:]:
        key, _, value = chunk.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return chunks[0].strip(), charset


def _declared_encodings(data: bytes, content_type: str | None) -> tuple[str, str]:
    """feedparser's (RFC 3023 encoding, XML declaration encoding) for this body and header."""
    match = _XML_DECLARATION_ENCODING.match(data)
    try:
        xml_encoding = match.group(1).decode("utf-8").lower() if match else ""
    except UnicodeDecodeError as exc:
        raise FastPathDeclined("encoding", "undecodable XML declaration") from exc
    media_type, http_encoding = _split_content_type(content_type or "")
    if media_type in _APPLICATION_XML or (
        media_type.startswith("application/") and media_type.endswith("+xml")
    ):
        declared = http_encoding or xml_encoding or "utf-8"
    elif (
        media_type in _TEXT_XML
        or (media_type.startswith("text/") and media_type.endswith("+xml"))
        or media_type.startswith("text/")
    ):
        declared = http_encoding or "us-ascii"
    elif not content_type:
        declared = xml_encoding or "iso-8859-1"
    else:
        declared = xml_encoding or "utf-8"
    return declared, xml_encoding


def choose_encoding(body: bytes, content_type: str | None) -> tuple[bytes, tuple[str, ...]]:
    """The bytes to parse as UTF-8 and feedparser's encoding warnings, or FastPathDeclined.

    feedparser tries, in order, the RFC 3023 encoding, the XML declaration's, the BOM's, a
    chardet guess (when chardet is installed), UTF-8, windows-1252 and iso-8859-2, keeping the
    first that decodes. The fast path follows that order and goes on only if the encoding kept
    reads the body as UTF-8 does, and the body is valid UTF-8 (else feedparser would go on
    to the next encodings).
    """
    if body.startswith(_NON_UTF8_MARKS):
        raise FastPathDeclined("encoding", "not UTF-8 (BOM or UTF-16/32/EBCDIC markers)")
    bom = ""
    data = body
    if body.startswith(codecs.BOM_UTF8):
        bom, data = "utf-8", body[3:]
    if re.match(rb"<\?xml\s", data) and not _XML_DECLARATION_VERSION.match(data):
        raise FastPathDeclined("xml", "XML declaration without version 1.0")
    declared, xml_encoding = _declared_encodings(data, content_type)
    ascii_only = data.isascii()
    tried: list[str] = []
    for candidate in (declared, xml_encoding, bom, _GUESS, "utf-8"):
        if candidate is _GUESS:
            if _HAS_CHARDET:
                raise FastPathDeclined("encoding", "feedparser would guess the encoding")
            continue
        if not candidate or candidate in tried:
            continue
        tried.append(candidate)
        try:
            codec = codecs.lookup(candidate).name
        except (LookupError, ValueError):  # ValueError: a NUL in the name
            continue  # feedparser skips an encoding Python does not know
        if codec == "ascii" and not ascii_only:
            continue  # does not decode: feedparser tries the next one
        if codec != "utf-8" and not (ascii_only and codec in _ASCII_SUPERSETS):
            raise FastPathDeclined("encoding", f"read as {candidate}, not as UTF-8")
        if not ascii_only:
            _check_utf8(data)
        if candidate == declared:
            return data, ()
        override = f"document declared as {declared}, but parsed as {candidate}"
        return data, (f"character encoding: {override}",)
    raise FastPathDeclined("encoding", "no encoding decodes the body")


def _check_utf8(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FastPathDeclined("encoding", "not valid UTF-8") from exc
