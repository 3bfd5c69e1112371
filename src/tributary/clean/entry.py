"""One feed entry made ready to store, its steps in a fixed order (miniflux's processor order,
with the sanitizer last: "the sanitizer should always run at the end to make sure unsafe HTML
is filtered out"):

    canonical URL -> plain-text title and author -> pick the body -> resolve relative URLs
    -> attribution (read the credit line before it goes) -> the source's strip rules and
    boilerplate -> SANITIZE -> text, content kind, summary -> identity key, content hash

``with_full_text`` runs the same steps again on an article page's extracted body, keeping the
entry's identity and content hash (see there why).

The sanitizer is the last step that touches the HTML; the content kind is read from the text
that is stored, so it is computed from the sanitized body (a body whose only "text" was script
or an iframe's fallback is media, not an article).

Nothing here reads a clock: ``now`` stands in for the date of an undated entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from tributary.clean.attribution import Origin, find_origin, may_credit
from tributary.clean.boilerplate import remove_boilerplate
from tributary.clean.dom import Fragment
from tributary.clean.sanitize import sanitize_html
from tributary.clean.strip import StripRule
from tributary.clean.text import html_to_text, plain_text, summarize
from tributary.clean.urls import canonical_url, is_http_url, joined_url
from tributary.types import CleanEntry, ContentKind, Enclosure, EntryData

SUMMARY_LIMIT = 400
TITLE_FALLBACK_LIMIT = 80
UNTITLED = "(untitled)"
# A description with less text than this, and no full content beside it, is an excerpt.
EXCERPT_MAX_CHARS = 600
_KEY_HASH_CHARS = 32


@dataclass(frozen=True, slots=True)
class _Body:
    """A body after the pre-sanitizer steps."""

    html: str
    truncated: bool
    has_media: bool
    origin: Origin


def _utc(value: datetime) -> datetime:
    """Aware datetimes in UTC; a naive one is taken to be UTC already."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _iso(value: datetime | None) -> str | None:
    return _utc(value).isoformat() if value else None


def _prepare_body(markup: str | None, base: str | None, strip: Sequence[StripRule] = ()) -> _Body:
    """Resolve URLs, read the attribution, remove boilerplate: everything before sanitizing."""
    fragment = Fragment(markup)
    fragment.unwrap("noscript")  # lazy-loading plugins put the real <img> in <noscript>
    fragment.resolve_urls(base)
    fragment.drop_tracking_pixels()
    origin = find_origin(fragment.to_html()) if may_credit(markup) else Origin()
    truncated = remove_boilerplate(fragment, article_url=base, strip=strip)
    return _Body(fragment.to_html(), truncated, fragment.has_media(), origin)


def _pick_body(entry: EntryData) -> tuple[str | None, bool]:
    """The richest body the feed gave, and whether it was full content (not a description)."""
    if entry.content_html and entry.content_html.strip():
        return entry.content_html, True
    return entry.summary_html, False


def _content_kind(
    text: str, body: _Body, *, from_content: bool, enclosures: tuple[Enclosure, ...]
) -> ContentKind:
    if not text:
        return "media" if enclosures or body.has_media else "excerpt"
    if body.truncated or (not from_content and len(text) < EXCERPT_MAX_CHARS):
        return "excerpt"
    return "full"


def _tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Plain-text tags, first spelling kept when two differ only in case."""
    seen: dict[str, str] = {}
    for tag in tags:
        text = plain_text(tag)
        if text:
            seen.setdefault(text.casefold(), text)
    return tuple(seen.values())


def _enclosures(enclosures: tuple[Enclosure, ...], base: str | None) -> tuple[Enclosure, ...]:
    """http(s) enclosures only (pages link to them), each URL once."""
    kept: dict[str, Enclosure] = {}
    for enclosure in enclosures:
        url = joined_url(base, enclosure.url.strip())
        if url and is_http_url(url) and url not in kept:
            kept[url] = Enclosure(url, enclosure.type, enclosure.length, enclosure.medium)
    return tuple(kept.values())


def _same_name(a: str | None, b: str | None) -> bool:
    """Two names of one outlet: case, spacing and a leading "The" aside."""

    def key(name: str) -> str:
        folded = " ".join(name.casefold().split())
        return folded.removeprefix("the ")

    return bool(a and b) and key(a or "") == key(b or "")


def _origin(entry: EntryData, body: Origin, author: str | None, source_name: str) -> Origin:
    """The feed's ``<source>`` wins for the outlet; the credit line names the author.

    Some feeds put their own title in ``<source>``: that names no other outlet. An author
    that is the origin's outlet ("... and was authored by Coastal Wire") is no person.
    """
    outlet = plain_text(entry.origin_outlet) or None
    if _same_name(outlet, source_name):
        outlet = None
    outlet = outlet or body.outlet
    if outlet is None:
        return Origin()
    person = body.author or author
    return Origin(outlet, None if _same_name(person, outlet) else person)


def _person(author: str | None, *outlets: str | None) -> str | None:
    """The entry's author unless it is an outlet's name (the feed's own, or the origin's):
    feeds without bylines put the outlet in ``<author>``/``dc:creator``, and an outlet is
    not a person."""
    return None if any(_same_name(author, outlet) for outlet in outlets) else author


def identity_key(guid: str | None, url: str | None, title: str, published: datetime | None) -> str:
    """ "guid:…", else "url:…" (canonical), else a hash of the title and the feed's own date."""
    if guid:
        return f"guid:{guid}"
    if url:
        return f"url:{url}"
    seed = f"{title}\n{_iso(published) or ''}"
    return "hash:" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:_KEY_HASH_CHARS]


def content_hash(entry: CleanEntry, *, dated: bool) -> str:
    """A digest of every stored field, so that any change shows as a changed entry.

    An undated entry's dates come from ``now``; they are left out so that the same entry does
    not look changed on every poll.
    """
    fields: dict[str, object] = {
        "title": entry.title,
        "url": entry.url,
        "author": entry.author,
        "content_html": entry.content_html,
        "content_kind": entry.content_kind,
        "summary": entry.summary,
        "tags": list(entry.tags),
        "enclosures": [[e.url, e.type, e.length, e.medium] for e in entry.enclosures],
        "origin": [entry.origin_outlet, entry.origin_author],
    }
    if dated:
        fields["published"] = _iso(entry.published)
        fields["updated"] = _iso(entry.updated)
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _summary(entry: EntryData, content_text: str, from_content: bool, base: str | None) -> str:
    """The feed's description when it has one beside full content, else the body's start."""
    if from_content and entry.summary_html and entry.summary_html.strip():
        described = html_to_text(sanitize_html(_prepare_body(entry.summary_html, base).html, base))
        if described:
            return summarize(described, SUMMARY_LIMIT)
    return summarize(content_text, SUMMARY_LIMIT)


def clean_entry(
    entry: EntryData, *, source_name: str, now: datetime, strip: Sequence[StripRule] = ()
) -> CleanEntry:
    """``entry`` cleaned; ``now`` dates it when the feed did not; ``strip`` holds the source's
    own boilerplate rules."""
    url = canonical_url(entry.url)
    base = entry.url.strip() if entry.url and is_http_url(entry.url) else None
    author = _person(plain_text(entry.author) or None, source_name, plain_text(entry.origin_outlet))
    markup, from_content = _pick_body(entry)
    body = _prepare_body(markup, base, strip)
    content_html = sanitize_html(body.html, base)
    content_text = html_to_text(content_html)
    enclosures = _enclosures(entry.enclosures, base)
    kind = _content_kind(content_text, body, from_content=from_content, enclosures=enclosures)
    title = plain_text(entry.title) or summarize(content_text, TITLE_FALLBACK_LIMIT) or UNTITLED
    origin = _origin(entry, body.origin, author, source_name)
    author = _person(author, origin.outlet) or _person(origin.author, source_name)
    published = _utc(entry.published or entry.updated or now)
    guid = entry.guid.strip() if entry.guid and entry.guid.strip() else None
    clean = CleanEntry(
        key=identity_key(guid, url, title, entry.published),
        content_hash="",
        guid=guid,
        url=url,
        title=title,
        author=author,
        published=published,
        updated=_utc(entry.updated) if entry.updated else published,
        summary=_summary(entry, content_text, from_content, base),
        content_html=content_html,
        content_text=content_text,
        content_kind=kind,
        tags=_tags(entry.tags),
        enclosures=enclosures,
        origin_outlet=origin.outlet,
        origin_author=origin.author,
    )
    dated = entry.published is not None or entry.updated is not None
    return replace(clean, content_hash=content_hash(clean, dated=dated))


@dataclass(frozen=True, slots=True)
class FullText:
    """What ``with_full_text`` needs of an extracted page."""

    html: str  # the article body, unsanitized
    page_url: str  # where the page came from, after redirects
    url: str | None = None  # the post's URL when the page's canonical link replaces it
    author: str | None = None


def with_full_text(
    clean: CleanEntry,
    entry: EntryData,
    page: FullText,
    *,
    source_name: str,
    now: datetime,
    strip: Sequence[StripRule] = (),
) -> CleanEntry:
    """``clean`` with the body an article page held, cleaned by the same steps (boilerplate,
    attribution, sanitizer last), as a post of kind "full".

    The identity key and the content hash stay the feed entry's. The hash is what tells a
    changed entry on the next poll, and the next poll sees only the feed: a hash of the page
    would differ from it every time, and every entry would be refetched and rewritten. So the
    hash describes the feed's entry, and the stored body may be richer than what it hashes.
    """
    fragment = Fragment(page.html)
    fragment.resolve_urls(page.page_url)  # the page's own links are relative to the page
    fuller = replace(
        entry,
        content_html=fragment.to_html(),
        summary_html=entry.summary_html or _pick_body(entry)[0],  # the feed's text as summary
        author=entry.author or page.author,
    )
    redone = clean_entry(fuller, source_name=source_name, now=now, strip=strip)
    return replace(
        redone,
        key=clean.key,
        content_hash=clean.content_hash,
        url=page.url or clean.url,
        content_kind="full",
        origin_outlet=redone.origin_outlet or clean.origin_outlet,
        origin_author=redone.origin_author or clean.origin_author,
        author=redone.author or clean.author,
    )
