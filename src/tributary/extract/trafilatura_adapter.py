"""trafilatura behind three functions: the only module that imports it.

trafilatura finds a page's main content by scoring its tree and falls back to its own ports of
readability and jusText when the first pass finds too little. We ask it for HTML (so headings,
lists, quotes, images and links survive) and for the page's metadata; errors it raises are
mapped to ``ParseError``.

It is imported at the first extraction, not with this module: with what it loads (htmldate,
courlan, jusText) it takes about 27 MB, which an update whose feeds all carry their full text
never needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from tributary.errors import ParseError

# htmldate's output format with the time and offset, so "published" keeps more than the day.
_DATE_PARAMS: dict[str, Any] = {
    "extensive_search": False,  # no guessing from copyright lines and loose text
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


@cache
def _trafilatura() -> ModuleType:
    import trafilatura

    return trafilatura


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    author: str | None
    date: str | None  # ISO 8601 as htmldate formats it, with an offset when the page gave one


def body_html(page: str, url: str | None, *, favor_precision: bool = False) -> str | None:
    """The main content as an HTML document (``<html><body>…``), or None when none is found."""
    try:
        found: str | None = _trafilatura().extract(
            page,
            url=url,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=True,
            favor_precision=favor_precision,
            with_metadata=False,
        )
    except Exception as exc:  # trafilatura documents no exception types of its own
        raise ParseError(f"trafilatura failed: {exc}") from exc
    return found


def metadata(page: str, url: str | None) -> Metadata:
    """Title, author and publication date as trafilatura reads them (meta tags, JSON-LD...)."""
    try:
        doc = _trafilatura().extract_metadata(page, default_url=url, date_config=_DATE_PARAMS)
    except Exception as exc:  # as above
        raise ParseError(f"trafilatura failed: {exc}") from exc
    if doc is None:
        return Metadata(None, None, None)
    return Metadata(doc.title or None, doc.author or None, doc.date or None)


def plain_trafilatura(page: bytes | str) -> str:
    """trafilatura as the benchmark runs it (``extract(html, include_comments=False)``, no
    URL): the baseline column of ``tributary eval extraction``."""
    try:
        found: str | None = _trafilatura().extract(page, include_comments=False)
    except Exception:  # the baseline scores an empty answer, as the benchmark would
        return ""
    return found or ""
