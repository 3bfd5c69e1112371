"""Search on the site: the page, the API and a feed of any search.

    /search?q=&category=&source=&since=&until=&page=     the page: form, hits with
                                                          snippets, pages of PAGE_SIZE
    /api/search?q=&category=&source=&since=&until=&limit=&offset=
                                                          {"posts": [post + "snippet"],
                                                           "total", "next_offset"}
    /search/feed.{atom,rss,json}?q=&...                   the newest FEED_SIZE matches

``source`` is a source's slug or name; ``since`` and ``until`` are dates (YYYY, YYYY-MM or
YYYY-MM-DD, both days included). A query that does not parse is shown with a caret under
the position (page) or answered 400 with the position (API, feeds); a search that finds
nothing says so and offers the same search without each filter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi import Query as Param
from markupsafe import Markup

from tributary.categorize import Query
from tributary.categorize.dates import DateError, date_range
from tributary.categorize.search import parse_search
from tributary.errors import QuerySyntaxError
from tributary.publish import post_to_json, render_atom, render_json_feed, render_rss
from tributary.publish.meta import FeedMeta
from tributary.publish.pages import last_changed
from tributary.publish.site import (
    FEED_FORMATS,
    FEED_LABELS,
    FEED_MEDIA_TYPES,
    FeedFormat,
    FeedLink,
    live_links,
)
from tributary.storage import SearchPage
from tributary.web.api import JSON, json_body
from tributary.web.caching import API_MAX_AGE, cached_response
from tributary.web.errors import ApiError, PageError
from tributary.web.pages import HTML
from tributary.web.templating import Frame
from tributary.web.views import FEED_SIZE, PAGE_SIZE, Site

MAX_LIMIT = 100
# Past any archive; a larger offset would overflow the database's 64-bit integers (a 500).
MAX_OFFSET = 1_000_000_000
_RENDERERS = {"atom": render_atom, "rss": render_rss, "json": render_json_feed}


@dataclass(frozen=True, slots=True)
class Ask:
    """A search as asked: the text of each parameter, for links that keep or drop them."""

    q: str = ""
    category: str = ""
    source: str = ""
    since: str = ""
    until: str = ""

    def query_string(self, **changes: str) -> str:
        """The URL query of this search with ``changes``; empty parameters left out."""
        fields = {"q": self.q, "category": self.category, "source": self.source,
                  "since": self.since, "until": self.until, **changes}  # fmt: skip
        return urlencode({k: v for k, v in fields.items() if v})


@dataclass(frozen=True, slots=True)
class Resolved:
    query: Query
    category: str | None
    source_id: int | None
    since: datetime | None
    until: datetime | None


class BadSearch(ValueError):
    def __init__(self, message: str, syntax: QuerySyntaxError | None = None) -> None:
        super().__init__(message)
        self.syntax = syntax


def resolve(site: Site, ask: Ask) -> Resolved:
    """Check every parameter; ``BadSearch`` names the first that is wrong."""
    try:
        query = parse_search(ask.q)
    except QuerySyntaxError as exc:
        raise BadSearch(str(exc), exc) from exc
    if ask.category and site.category(ask.category) is None:
        raise BadSearch(f"no category with the slug {ask.category!r}")
    source_id = None
    if ask.source:
        found = site.storage.get_source_by_slug(ask.source) or next(
            (s for s in site.storage.list_sources() if s.name.casefold() == ask.source.casefold()),
            None,
        )
        if found is None:
            raise BadSearch(f"no source named {ask.source!r}")
        source_id = found.id
    since = _day(ask.since, "since", end=False)
    until = _day(ask.until, "until", end=True)
    return Resolved(query, ask.category or None, source_id, since, until)


def _day(value: str, name: str, *, end: bool) -> datetime | None:
    if not value:
        return None
    try:
        start, stop = date_range(value)
    except DateError as exc:
        raise BadSearch(f"{name}: {exc.message}, not {value!r}") from exc
    return stop if end else start


def run(
    site: Site, found: Resolved, *, limit: int, offset: int, newest: bool = False
) -> SearchPage:
    return site.storage.search(
        found.query,
        now=datetime.now(UTC),
        category=found.category,
        source_id=found.source_id,
        since=found.since,
        until=found.until,
        limit=limit,
        offset=offset,
        newest=newest,
    )


# -- the page -------------------------------------------------------------------------------


def search_page(site: Site, ask: Ask, page: int) -> tuple[bytes, datetime | None]:
    context: dict[str, Any] = {"ask": ask, "hits": [], "total": 0, "error": None,
                               "page_number": page, "previous_url": None, "next_url": None,
                               "without": _without(site, ask)}  # fmt: skip
    changed = None
    if ask.q.strip():
        try:
            found = resolve(site, ask)
        except BadSearch as exc:
            context["error"] = _error_context(exc, ask)
        else:
            result = run(site, found, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
            context.update(_results(ask, result, page))
            changed = last_changed(hit.post for hit in result.hits)
    title = f"{ask.q} · Search" if ask.q.strip() else "Search"
    feeds = [] if context["error"] else _feeds(ask)  # a search that does not parse has no feed
    frame = Frame(site.title, site.storage.category_counts(), live_links(), feeds)
    body = site.renderer.render("search.html", frame, **context, heading=title)
    return body.encode("utf-8"), changed


def _results(ask: Ask, result: SearchPage, page: int) -> dict[str, Any]:
    hits = [replace(hit, snippet=Markup(hit.snippet)) for hit in result.hits]  # built escaped
    more = page * PAGE_SIZE < result.total
    return {
        "hits": hits,
        "total": result.total,
        "previous_url": f"?{ask.query_string(page=str(page - 1))}" if page > 1 else None,
        "next_url": f"?{ask.query_string(page=str(page + 1))}" if more else None,
    }


def _error_context(exc: BadSearch, ask: Ask) -> dict[str, Any]:
    syntax = exc.syntax
    if syntax is None:
        return {"message": str(exc), "position": None}
    caret = " " * (syntax.position - 1) + "^"
    return {"message": syntax.message, "position": syntax.position, "query": ask.q,
            "caret": caret}  # fmt: skip


def _without(site: Site, ask: Ask) -> list[tuple[str, str]]:
    """(label, link) for the same search without each filter in use."""
    names = {c.slug: c.name for c in site.storage.category_counts()}
    offers = [
        ("category", f"the category “{names.get(ask.category, ask.category)}”"),
        ("source", f"the source “{ask.source}”"),
        ("since", f"the start date {ask.since}"),
        ("until", f"the end date {ask.until}"),
    ]
    return [(label, f"?{ask.query_string(**{name: ''})}")
            for name, label in offers if getattr(ask, name)]  # fmt: skip


def _feeds(ask: Ask) -> list[FeedLink]:
    if not ask.q.strip():
        return []
    return [
        FeedLink(
            fmt,
            f"search/feed.{fmt}?{ask.query_string()}",
            FEED_MEDIA_TYPES[fmt],
            f"Search “{ask.q}” ({FEED_LABELS[fmt]})",
        )
        for fmt in FEED_FORMATS
    ]


# -- feeds ----------------------------------------------------------------------------------


def search_feed(site: Site, ask: Ask, fmt: FeedFormat, found: Resolved) -> bytes:
    posts = [hit.post for hit in run(site, found, limit=FEED_SIZE, offset=0, newest=True).hits]
    base = site.config.site.base_url.rstrip("/")
    qs = ask.query_string()
    urls = {f: f"{base}/search/feed.{f}?{qs}" for f in FEED_FORMATS}
    meta = FeedMeta(
        title=f"Search “{ask.q}” · {site.title}",
        page_url=f"{base}/search?{qs}",
        feed_url=urls[fmt],
        base_url=base,
        atom_url=urls["atom"],
        rss_url=urls["rss"],
        json_url=urls["json"],
    )
    return _RENDERERS[fmt](meta, posts)


# -- routes ---------------------------------------------------------------------------------

QueryText = Annotated[str, Param(description="The search, in the query language.")]
Filter = Annotated[str, Param()]


def search_routes(site: Site) -> APIRouter:
    router = APIRouter()

    @router.api_route("/search", methods=["GET", "HEAD"], include_in_schema=False)
    def page(request: Request, q: str = "", category: str = "", source: str = "",
             since: str = "", until: str = "", page: int = 1) -> Response:  # fmt: skip
        ask = Ask(q, category, source, since, until)
        body, changed = search_page(site, ask, min(max(page, 1), MAX_OFFSET // PAGE_SIZE))
        return cached_response(request, body, HTML, last_modified=changed)

    @router.api_route("/search/feed.{fmt}", methods=["GET", "HEAD"], include_in_schema=False)
    def feed(request: Request, fmt: str, q: str = "", category: str = "", source: str = "",
             since: str = "", until: str = "") -> Response:  # fmt: skip
        kind = next((f for f in FEED_FORMATS if f == fmt), None)
        if kind is None:
            raise PageError(
                404, "Page not found", f"There is no feed.{fmt}: try atom, rss or json."
            )
        ask = Ask(q, category, source, since, until)
        try:
            found = resolve(site, ask)
        except BadSearch as exc:
            raise PageError(400, "Bad search", f"This search cannot run: {exc}.") from exc
        body = search_feed(site, ask, kind, found)
        media_type = f"{FEED_MEDIA_TYPES[kind]}; charset=utf-8"
        return cached_response(request, body, media_type)

    @router.get("/api/search", tags=["api"])
    def api(request: Request, q: QueryText, category: str = "", source: str = "",
            since: str = "", until: str = "",
            limit: Annotated[int, Param(ge=1, le=MAX_LIMIT)] = PAGE_SIZE,
            offset: Annotated[int, Param(ge=0, le=MAX_OFFSET)] = 0) -> Response:  # fmt: skip
        """Posts matching ``q`` best first, each with ``snippet`` (HTML: the matching passage
        escaped, matches in ``<mark>``); ``total`` matches in all; pass ``next_offset`` back
        as ``offset`` for the next page. A query that does not parse: 400 with the position."""
        try:
            found = resolve(site, Ask(q, category, source, since, until))
        except BadSearch as exc:
            raise ApiError(400, str(exc)) from exc
        result = run(site, found, limit=limit, offset=offset)
        following = offset + len(result.hits)
        body = {
            "posts": [{**post_to_json(h.post), "snippet": h.snippet} for h in result.hits],
            "total": result.total,
            "next_offset": following if following < result.total else None,
        }
        changed = last_changed(hit.post for hit in result.hits)
        return cached_response(request, json_body(body), JSON, last_modified=changed,
                               max_age=API_MAX_AGE)  # fmt: skip

    return router
