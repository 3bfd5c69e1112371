"""A saved or fetched page's bytes decoded to text.

Order: a byte-order mark; then UTF-8 when the bytes are valid UTF-8; then the charset of the
Content-Type header, then a ``<meta charset>`` or ``<meta http-equiv>`` in the first 2 KB;
else UTF-8 with U+FFFD for what does not decode. Valid UTF-8 goes before the declarations
because saved pages are re-encoded to UTF-8 with their old ``<meta charset>`` left in place,
and servers default their header to ISO-8859-1 for UTF-8 pages; text in a legacy charset that
happens to be valid UTF-8 is vanishingly rare once it has a non-ASCII letter.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))  # fmt: skip
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEADER = re.compile(r"""charset\s*=\s*["']?([^\s;"']+)""", re.IGNORECASE)
_SNIFF_BYTES = 2048
# The WHATWG Encoding Standard decodes these labels as windows-1252: pages that say
# "iso-8859-1" use its curly quotes and euro sign in the 0x80-0x9F range.
_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1",
                              "us-ascii", "ascii", "iso-ir-100", "cp819"})  # fmt: skip


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value."""
    match = _HEADER.search(content_type or "")
    return match.group(1) if match else None


def _known(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return None


def decode_page(page: bytes | str, content_type: str | None = None) -> str:
    """``page`` as text; a ``str`` is returned as it is."""
    if isinstance(page, str):
        return page
    for bom, name in _BOMS:
        if page.startswith(bom):
            return page[len(bom) :].decode(name, errors="replace")
    declared = _known(charset_of(content_type))
    if declared is not None and declared.startswith(("utf-16", "utf-32")):
        return page.decode(declared, errors="replace")  # NULs and all, it would pass as UTF-8
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared is None:
        meta = _META.search(page[:_SNIFF_BYTES])
        declared = _known(meta.group(1).decode("ascii") if meta else None)
        if declared is not None and declared.startswith("utf-16"):
            declared = "utf-8"  # a meta tag readable as ASCII is not UTF-16: the page lies
    return page.decode(declared or "utf-8", errors="replace")
