"""A real HTTP/1.1 server on 127.0.0.1, in a background thread, for every test that fetches.

    server.route("/feed.xml", body=b"<rss>...</rss>", content_type="application/rss+xml")
    server.route("/old", handler=redirect("/feed.xml", status=301))
    server.url("/feed.xml")        -> "http://127.0.0.1:PORT/feed.xml"
    server.requests                -> [Request(method, path, headers), ...] in arrival order

A route answers with fixed values or with ``handler(request) -> Reply``; the helpers below
build handlers for the misbehaviour a fetcher must survive: conditional GET, redirects,
delays, compressed bodies, endless bodies, 429/503 with Retry-After, failures before a
success, broken and dropped connections, and a tracker of simultaneous requests.

It is ``http.server.ThreadingHTTPServer`` (one thread per connection, keep-alive on), so the
raw bytes on the wire are under the test's control. ``reset()`` forgets routes and requests
and wakes every delayed reply, so one server can serve a whole session.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import brotli


class Headers(Mapping[str, str]):
    """Request headers; names are case-insensitive (``headers["if-none-match"]``)."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self._items = {name.lower(): value for name, value in items}

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


class Request(NamedTuple):
    method: str
    path: str  # with its query string
    headers: Headers


@dataclass
class Reply:
    """What a route answers.

    ``body`` as bytes is sent with a Content-Length (unless ``headers`` set one: declaring
    more than is sent makes a broken body); as an iterable of chunks it is streamed with
    chunked transfer coding. ``encoding`` ("gzip", "deflate", "br") compresses the body and
    sets Content-Encoding. ``delay`` waits before answering. ``drop`` closes the connection
    without answering; ``close`` closes it after answering.
    """

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    encoding: str | None = None
    delay: float = 0.0
    drop: bool = False
    close: bool = False


Handler = Callable[[Request], Reply]


class LocalServer:
    """The server; start() once, reset() between tests, stop() at the end."""

    def __init__(self) -> None:
        self._httpd = _Server(("127.0.0.1", 0), _RequestHandler)
        self._httpd.owner = self
        self._lock = threading.Lock()
        self._routes: dict[str, Handler] = {}
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.requests: list[Request] = []

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._wake.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def reset(self) -> None:
        """Forget routes and requests; wake replies still waiting out a delay."""
        with self._lock:
            self._routes.clear()
            self.requests.clear()
            self._wake.set()
            self._wake = threading.Event()

    def route(
        self,
        path: str,
        body: bytes = b"",
        *,
        status: int = 200,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        encoding: str | None = None,
        delay: float = 0.0,
        handler: Handler | None = None,
    ) -> None:
        """Answer requests for ``path`` (the query string is ignored when matching)."""
        if handler is None:
            fixed = dict(headers or {})

            def handler(request: Request) -> Reply:
                return Reply(status, body, dict(fixed), content_type, encoding, delay)

        with self._lock:
            self._routes[path] = handler

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> int:
        """How many requests arrived, waiting up to ``timeout`` seconds for ``count`` of them.

        A client that gave up (a time-out) may have sent its request before the server's
        thread read it: on a loaded machine, that thread reads it after the client returns.
        """
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return len(self.requests)

    def requests_to(self, path: str) -> list[Request]:
        """The requests received for ``path`` (query strings ignored)."""
        return [r for r in list(self.requests) if urlsplit(r.path).path == path]

    # -- called from the server's threads ---------------------------------------------------
    def _dispatch(self, request: Request) -> tuple[Reply, threading.Event]:
        with self._lock:
            self.requests.append(request)
            handler = self._routes.get(urlsplit(request.path).path)
            wake = self._wake
        if handler is None:
            return Reply(404, b"Not Found", content_type="text/plain"), wake
        return handler(request), wake


# -- handlers for misbehaviour --------------------------------------------------------------


def redirect(target: str, status: int = 301) -> Handler:
    """Redirect to ``target`` (a path or an absolute URL)."""
    return lambda request: Reply(status, b"", {"Location": target})


def conditional(
    body: bytes,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    content_type: str = "application/rss+xml",
) -> Handler:
    """Answer 304 when the request's If-None-Match or If-Modified-Since matches, else 200."""
    validators = {"ETag": etag, "Last-Modified": last_modified}
    headers = {name: value for name, value in validators.items() if value}

    def handler(request: Request) -> Reply:
        matched = (etag and request.headers.get("if-none-match") == etag) or (
            last_modified and request.headers.get("if-modified-since") == last_modified
        )
        if matched:
            return Reply(304, b"", dict(headers))
        return Reply(200, body, dict(headers), content_type)

    return handler


def rate_limited(retry_after: str, status: int = 429) -> Handler:
    """429 (or 503) with a Retry-After of seconds or an HTTP-date."""
    return lambda request: Reply(status, b"slow down", {"Retry-After": retry_after}, "text/plain")


def fail_then(failures: int, reply: Reply, status: int = 500) -> Handler:
    """Answer ``status`` to the first ``failures`` requests, then ``reply``."""
    count = _Counter()

    def handler(request: Request) -> Reply:
        if count.next() <= failures:
            return Reply(status, b"server error", content_type="text/plain")
        return reply

    return handler


def endless(chunk: bytes = b"x" * 65536, limit: int = 1 << 30) -> Handler:
    """A body that streams ``chunk`` until the client hangs up (or ``limit`` bytes)."""

    def chunks() -> Iterator[bytes]:
        sent = 0
        while sent < limit:
            sent += len(chunk)
            yield chunk

    return lambda request: Reply(200, chunks(), content_type="application/rss+xml")


def broken(prefix: bytes = b"<rss><channel><title>Cut", declared: int = 100_000) -> Handler:
    """Declare ``declared`` bytes, send ``prefix`` and close: a connection broken mid-body."""
    return lambda request: Reply(
        200, prefix, {"Content-Length": str(declared)}, "application/rss+xml", close=True
    )


def dropped() -> Handler:
    """Close the connection without answering."""
    return lambda request: Reply(drop=True)


class InFlight:
    """A handler that holds each request ``hold`` seconds and records the most held at once."""

    def __init__(self, reply: Reply, hold: float = 0.2) -> None:
        self._reply = reply
        self._hold = hold
        self._lock = threading.Lock()
        self._current = 0
        self.peak = 0

    def __call__(self, request: Request) -> Reply:
        with self._lock:
            self._current += 1
            self.peak = max(self.peak, self._current)
        try:
            time.sleep(self._hold)
        finally:
            with self._lock:
                self._current -= 1
        return self._reply


def compress(body: bytes, encoding: str) -> bytes:
    """``body`` in a Content-Encoding: gzip, deflate (zlib-wrapped, RFC 9110 §8.4.1.2) or br."""
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    if encoding == "br":
        return bytes(brotli.compress(body))
    raise ValueError(f"unknown encoding {encoding!r}")


class _Counter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def next(self) -> int:
        with self._lock:
            self._value += 1
            return self._value


# -- the server -----------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up on purpose in these tests (size caps, time-outs): stay quiet."""


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so per-host connection limits show
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log line."""

    def _serve(self) -> None:
        request = Request(self.command, self.path, Headers(self.headers.items()))
        reply, wake = self.server.owner._dispatch(request)
        if reply.delay and wake.wait(reply.delay):  # reset() woke us: the test is over
            reply = Reply(drop=True)
        if reply.drop:
            self.close_connection = True
            return
        if isinstance(reply.body, bytes):
            self._send_bytes(reply)
        else:
            self._send_chunked(reply, reply.body)
        if reply.close:
            self.close_connection = True

    def _start(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        if reply.encoding:
            self.send_header("Content-Encoding", reply.encoding)
        for name, value in reply.headers.items():
            self.send_header(name, value)

    def _send_bytes(self, reply: Reply) -> None:
        assert isinstance(reply.body, bytes)
        body = compress(reply.body, reply.encoding) if reply.encoding else reply.body
        self._start(reply)
        no_body = reply.status in (204, 304) or 100 <= reply.status < 200
        declared = {name.lower() for name in reply.headers}
        if not no_body and "content-length" not in declared:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not no_body and self.command != "HEAD":
            self.wfile.write(body)

    def _send_chunked(self, reply: Reply, chunks: Iterable[bytes]) -> None:
        self._start(reply)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        squeeze = _streaming_compressor(reply.encoding)
        try:
            for chunk in chunks:
                data = squeeze(chunk)
                if data:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client hung up, as a size cap does
            self.close_connection = True


def _streaming_compressor(encoding: str | None) -> Callable[[bytes], bytes]:
    if encoding is None:
        return lambda data: data
    if encoding == "br":
        compressor = brotli.Compressor()
        return lambda data: bytes(compressor.process(data) + compressor.flush())
    wbits = 31 if encoding == "gzip" else 15
    zcompressor = zlib.compressobj(wbits=wbits)
    return lambda data: zcompressor.compress(data) + zcompressor.flush(zlib.Z_SYNC_FLUSH)
