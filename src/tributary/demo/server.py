"""The demo's HTTP server: the invented outlets' feeds, pages and images on 127.0.0.1.

Routes are built once from the content tables and the moment the server started; each body
is rendered when it is requested. Every 200 carries an ETag and a Last-Modified, and a
conditional request that matches gets 304 Not Modified (RFC 9110 section 13), so a second
``tributary update`` over the demo costs no bodies.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tributary.demo import content, pages, render
from tributary.demo.model import Entry, Outlet

CONTENT_TYPES = {
    "wordpress": "application/rss+xml; charset=UTF-8",
    "atom": "application/atom+xml; charset=utf-8",
    "jsonfeed": "application/feed+json; charset=utf-8",
    "excerpt": "application/rss+xml; charset=utf-8",
    "video": "application/rss+xml; charset=utf-8",
    "syndicator": "application/rss+xml; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
}
HTML = "text/html; charset=utf-8"
SVG = "image/svg+xml"
_ROBOTS = b"User-agent: *\nAllow: /\n"


@dataclass(frozen=True, slots=True)
class Resource:
    status: int
    content_type: str
    body: Callable[[], bytes]


Routes = dict[str, Resource]


def build_routes(base_url: str, now: datetime) -> Routes:
    """Every path the demo server answers, for content placed relative to ``now``."""
    routes: Routes = {
        "/": Resource(200, HTML, lambda: pages.index_page(content.OUTLETS, base_url)),
        "/robots.txt": Resource(200, "text/plain; charset=utf-8", lambda: _ROBOTS),
    }
    for outlet in content.OUTLETS:
        placed = content.entries(outlet, base_url, now)
        routes[outlet.home_path] = Resource(
            200, HTML, _bind(pages.home_page, outlet, placed, base_url)
        )
        if outlet.style == "failing":
            routes[outlet.feed_path] = Resource(500, HTML, lambda: b"<h1>500 Server Error</h1>")
            continue
        routes[outlet.feed_path] = Resource(
            200, CONTENT_TYPES[outlet.style], _feed(outlet, placed, base_url, now)
        )
        _add_articles(routes, outlet, placed, base_url, now)
    return routes


def _bind(function: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    return lambda: function(*args)


def _originals(placed: list[Entry], base_url: str, now: datetime) -> dict[str, tuple[str, str]]:
    """For each syndicated copy: its original's article URL and that outlet's feed URL."""
    found = {}
    for article in content.ARTICLES:
        original = content.original_of(article)
        if original and article.slug in {e.slug for e in placed}:
            source = content.outlet(original.outlet)
            found[article.slug] = (
                content.resolve(original, base_url, now).url,
                base_url + source.feed_path,
            )
    return found


def _feed(outlet: Outlet, placed: list[Entry], base_url: str, now: datetime) -> Callable[[], bytes]:
    if outlet.style == "syndicator":
        originals = _originals(placed, base_url, now)
        return _bind(render.render_syndicator, outlet, placed, base_url, originals)
    return _bind(render.render_feed, outlet, placed, base_url)


def _add_articles(
    routes: Routes, outlet: Outlet, placed: list[Entry], base_url: str, now: datetime
) -> None:
    originals = _originals(placed, base_url, now) if outlet.style == "syndicator" else {}
    for entry in placed:
        others = [e for e in placed if e is not entry]
        extra = ""
        if outlet.style == "syndicator":
            extra = render.attribution_line(entry, originals.get(entry.slug, (None,))[0])
        routes[outlet.article_path(entry.slug)] = Resource(
            200, HTML, _bind(pages.article_page, entry, others, base_url, extra)
        )
        if entry.image_url or entry.thumbnail_url:
            path = f"/img/{outlet.key}/{entry.slug}.svg"
            routes[path] = Resource(200, SVG, _bind(pages.placeholder_svg, entry.title))


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def not_modified(if_none_match: str | None, if_modified_since: str | None,
                 etag: str, last_modified: datetime) -> bool:  # fmt: skip
    """Whether a conditional GET matches (RFC 9110 sections 13.1.2, 13.1.3 and 13.2.2).

    If-None-Match wins when both are sent; its comparison is weak, so W/"x" matches "x".
    """
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):  # an unparsable date is ignored, as the RFC says
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified <= since


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, now: datetime) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.now = now
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.routes = build_routes(self.base_url, now)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet about clients that hang up (a fetcher that gave up on a retry or a time-out):
        the demo's console belongs to `tributary demo`."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the demo's console belongs to `tributary demo`."""

    def _answer(self, *, send_body: bool) -> None:
        path = urlsplit(self.path).path or "/"
        resource = self.server.routes.get(path)
        if resource is None and path + "/" in self.server.routes:
            self._send(HTTPStatus.MOVED_PERMANENTLY, HTML, b"", {"Location": path + "/"}, True)
            return
        if resource is None:
            self._send(HTTPStatus.NOT_FOUND, HTML, b"<h1>404 Not Found</h1>", {}, send_body)
            return
        body = resource.body()
        if resource.status != HTTPStatus.OK:
            self._send(resource.status, resource.content_type, body, {}, send_body)
            return
        etag = etag_of(body)
        validators = {"ETag": etag, "Last-Modified": format_datetime(self.server.now, True)}
        if not_modified(self.headers.get("If-None-Match"),
                        self.headers.get("If-Modified-Since"), etag, self.server.now):  # fmt: skip
            self._send(HTTPStatus.NOT_MODIFIED, None, b"", validators, False)
            return
        self._send(HTTPStatus.OK, resource.content_type, body, validators, send_body)

    def _send(self, status: int, content_type: str | None, body: bytes,
              headers: dict[str, str], send_body: bool) -> None:  # fmt: skip
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class DemoServer:
    """The demo outlets served on 127.0.0.1 from a daemon thread; a context manager.

    ``now`` (UTC, default: the moment of starting) anchors every article's date, so the
    demo always looks fresh while each run's feeds stay byte-for-byte stable.
    """

    def __init__(self, port: int = 0, *, now: datetime | None = None) -> None:
        moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self._httpd = _DemoHTTPServer(port, moment)
        self.url: str = self._httpd.base_url
        self.now: datetime = moment
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="tributary-demo-server", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_demo_server(port: int = 0, *, now: datetime | None = None) -> DemoServer:
    """Start the demo server on 127.0.0.1 (``port`` 0: any free port); see ``DemoServer.url``."""
    return DemoServer(port, now=now)
