"""Full text from article pages: the main content of a saved or fetched page.

PURE: takes the page's bytes and URL, returns an ``Article`` or None; trafilatura is imported
only in ``trafilatura_adapter.py``, lxml only in ``dom.py``.

The steps, each kept because it raised the score of ``tributary eval extraction``:

    decode        charset.py: BOM, Content-Type, <meta>, else UTF-8
    candidates    trafilatura on the page as it came, and on the page pre-cleaned (dom.py)
    choose        choose.py: the cleaned candidate when it is the raw one minus chrome
    post-clean    the repeated headline, a byline, link-only lines ("Read also: …") and pull
                  quotes out, figure captions restored; then tributary.clean's boilerplate rules
    metadata      title, author and date as trafilatura reads them (the page's Open Graph or
                  schema.org time first, for the time of day); published in UTC
    none          fewer than MIN_WORDS words, or candidates that are mostly link text
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tributary.clean.boilerplate import clean_html
from tributary.errors import ParseError
from tributary.extract import trafilatura_adapter as engine
from tributary.extract.charset import decode_page
from tributary.extract.choose import choose
from tributary.extract.dom import Body, Page
from tributary.xmlchars import xml_text

__all__ = ["Article", "extract_article", "parse_published"]

MIN_WORDS = 10  # fewer is a caption or a menu, never the article a feed pointed to
MAX_LINK_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Article:
    """What extraction found on one page."""

    title: str | None
    author: str | None
    published: datetime | None
    text: str  # plain text of ``html``, paragraphs separated by blank lines
    html: str  # the article body as (unsanitized) HTML: paragraphs, headings, lists, quotes,
    #            figures with captions, links
    canonical_url: str | None  # the page's <link rel="canonical">, absolute


def extract_article(
    page: bytes | str, url: str, *, content_type: str | None = None
) -> Article | None:
    """The article on ``page`` (fetched from ``url``), or None when it holds no text."""
    markup = xml_text(decode_page(page, content_type), " ")  # lxml refuses a control character
    parsed = Page(markup)
    if not parsed.ok:
        return None
    try:
        meta = engine.metadata(markup, url)
        body = _best_body(markup, parsed, url)
    except ParseError:
        return None
    if body is None:
        return None
    body.drop_headline(meta.title)
    body.drop_byline(meta.author)
    body.drop_link_lines()
    body.drop_repeated_passages()
    body.restore_captions(parsed.captions(url), url)
    html, _ = clean_html(body.html())
    final = Body(f"<html><body>{html}</body></html>")
    text = final.text()
    if len(text.split()) < MIN_WORDS:
        return None
    return Article(
        title=meta.title,
        author=meta.author,
        published=_published(parsed.published_hint(), meta.date),
        text=text,
        html=final.html(),
        canonical_url=parsed.canonical_url(url),
    )


def _best_body(markup: str, parsed: Page, url: str) -> Body | None:
    precleaned = parsed.precleaned()
    candidates = {
        "raw": _candidate(engine.body_html(markup, url)),
        "cleaned": _candidate(engine.body_html(precleaned, url) if precleaned else None),
    }
    texts = {name: body.text() if body else "" for name, body in candidates.items()}
    return candidates[choose(texts["raw"], texts["cleaned"])]


def _candidate(markup: str | None) -> Body | None:
    """A body worth comparing: not empty, and not mostly link text (a menu, a headline list)."""
    body = Body(markup) if markup else None
    return body if body is not None and body.link_share() <= MAX_LINK_SHARE else None


def _published(hint: str | None, found: str | None) -> datetime | None:
    """The page's own machine-readable time when it has a time of day, else the date found."""
    stated = parse_published(hint)
    if stated is not None and "T" in (hint or ""):
        return stated
    return parse_published(found) or stated


def parse_published(value: str | None) -> datetime | None:
    """An ISO 8601 date or time as an aware UTC datetime; a time without offset is UTC."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)
