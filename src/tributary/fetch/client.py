"""The HTTP client: the one module that imports aiohttp.

    fetch_feed(url) ─► _fetch ─► retries with back-off ─► _attempt (one deadline)
                         │                                   └─► _follow: redirect hops,
                         │                                        address check, _send
                         └─► an HTML page? find its feed link ─► _fetch(link)
    fetch_page(url) ─► _fetch (untrusted from the first hop)

aiohttp and socket exceptions are mapped here to tributary.errors, each with
``raise ... from exc``:

    TimeoutError (aiohttp's included)  -> FetchTimeout          retried
    aiohttp.ClientConnectorDNSError    -> FetchError            retried
    other aiohttp.ClientError          -> FetchError            retried
    body over max_size                 -> ResponseTooLarge
    > 5 redirects, or a loop           -> TooManyRedirects
    private address, untrusted URL     -> AddressRefused
    4xx / 5xx                          -> HTTPStatusError       5xx retried, except 503 with
                                                                Retry-After (as 429, no retry)
"""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import aiohttp

from tributary.config import FetchConfig
from tributary.errors import (
    AddressRefused,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ParseError,
    ResponseTooLarge,
    TooManyRedirects,
)
from tributary.fetch import policy
from tributary.fetch.addresses import refusal_reason
from tributary.fetch.discover import charset_of, find_feed_link, is_html_page
from tributary.types import FetchResponse

Sleep = Callable[[float], Awaitable[None]]

_CHUNK = 64 * 1024
_KEPT_HEADERS = ("location", "etag", "last-modified", "content-type", "cache-control",
                 "retry-after", "content-encoding")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Hop:
    """One answered request: a redirect, a 304 or a 2xx with its body."""

    url: str
    status: int
    headers: Mapping[str, str]  # the few in _KEPT_HEADERS, names in lower case
    body: bytes = b""


class _RefusedAddress(OSError):
    """Raised by the resolver of the public-only pool; mapped to AddressRefused."""


class _PublicOnlyResolver(aiohttp.abc.AbstractResolver):
    """Answers only public addresses. The address check before a request gives the clear
    message; this closes the gap between that lookup and the connection's own (a host whose
    DNS answer changes in between, "DNS rebinding", would otherwise reach a private address).
    """

    def __init__(self) -> None:
        self._inner = aiohttp.resolver.DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[aiohttp.abc.ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        public = [item for item in found if refusal_reason(item["host"]) is None]
        if not public:
            address = found[0]["host"] if found else host
            reason = refusal_reason(address) or "no address"
            raise _RefusedAddress(f"refused private address {address} ({reason}) for host {host}")
        return public

    async def close(self) -> None:
        await self._inner.close()


class Fetcher:
    """Fetches feeds and pages over one connection pool, within the configured limits.

    Use as ``async with Fetcher(config) as fetcher``. ``sleep`` and ``rng`` drive the retry
    back-off, so tests can record the waits instead of waiting.
    """

    def __init__(
        self,
        config: FetchConfig,
        *,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._config = config
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self._session: aiohttp.ClientSession | None = None
        self._public_session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        self._session = self._new_session(aiohttp.TCPConnector(
            limit=self._config.concurrency, limit_per_host=self._config.per_host
        ))  # fmt: skip
        if not self._config.allow_private_addresses:
            # Untrusted URLs get a pool of their own whose resolver sees only public
            # addresses, so no connection made for a configured (maybe private) source is
            # ever reused for them either.
            self._public_session = self._new_session(aiohttp.TCPConnector(
                limit=self._config.concurrency,
                limit_per_host=self._config.per_host,
                resolver=_PublicOnlyResolver(),
            ))  # fmt: skip
        return self

    def _new_session(self, connector: aiohttp.TCPConnector) -> aiohttp.ClientSession:
        config = self._config
        return aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(total=config.timeout, connect=config.connect_timeout),
            headers={"User-Agent": config.user_agent},
            cookie_jar=aiohttp.DummyCookieJar(),  # sources must not see each other's cookies
        )

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for session in (self._session, self._public_session):
            if session is not None:
                await session.close()
        self._session = self._public_session = None

    async def fetch_feed(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResponse:
        """Fetch a configured source URL (trusted: fetched even when its address is private;
        its redirects are not). A web page is followed to the feed it names."""
        headers = {"Accept": policy.ACCEPT_FEED}
        if etag:
            headers["If-None-Match"] = etag  # RFC 9110 §13.1.2
        if last_modified:
            headers["If-Modified-Since"] = last_modified  # RFC 9110 §13.1.3
        response, redirected = await self._fetch(url, headers, trusted=True)
        if response.status == 304:
            return replace(response, etag=response.etag or etag,
                           last_modified=response.last_modified or last_modified)  # fmt: skip
        if not is_html_page(response.body, response.content_type):
            return response
        return await self._discovered_feed(response, trusted=not redirected)

    async def fetch_page(self, url: str) -> FetchResponse:
        """Fetch a URL taken from feed content (an article page, an image): untrusted."""
        response, _ = await self._fetch(url, {"Accept": policy.ACCEPT_PAGE}, trusted=False)
        return response

    async def _discovered_feed(self, page: FetchResponse, *, trusted: bool) -> FetchResponse:
        """The feed that ``page`` names; trusted when the configured page itself named it."""
        link = find_feed_link(page.body, page.url, charset_of(page.content_type))
        if link is None:
            raise ParseError(f"{page.url} is an HTML page without a feed link")
        feed, _ = await self._fetch(link, {"Accept": policy.ACCEPT_FEED}, trusted=trusted)
        return replace(feed, discovered_url=feed.permanent_url or link)

    # -- retries and deadline ---------------------------------------------------------------
    async def _fetch(
        self, url: str, headers: Mapping[str, str], *, trusted: bool
    ) -> tuple[FetchResponse, bool]:
        """Fetch with ``config.retries`` extra attempts on transient failures."""
        attempt = 0
        while True:
            try:
                return await self._attempt(url, headers, trusted=trusted)
            except FetchError as exc:
                if attempt >= self._config.retries or not _retryable(exc):
                    raise
            await self._sleep(policy.backoff_delay(attempt, self._rng))
            attempt += 1

    async def _attempt(
        self, url: str, headers: Mapping[str, str], *, trusted: bool
    ) -> tuple[FetchResponse, bool]:
        """One try of the whole redirect chain, within ``config.timeout`` altogether."""
        limit = self._config.timeout
        try:
            async with asyncio.timeout(limit):
                return await self._follow(url, headers, trusted=trusted)
        except TimeoutError as exc:
            raise FetchTimeout(f"timed out after {policy.format_seconds(limit)}") from exc

    # -- redirects --------------------------------------------------------------------------
    async def _follow(
        self, url: str, headers: Mapping[str, str], *, trusted: bool
    ) -> tuple[FetchResponse, bool]:
        """Follow redirects by hand so every hop's scheme and address are checked."""
        seen = {policy.redirect_key(url)}
        permanent = True
        redirects = 0
        while True:
            _check_scheme(url)
            public_only = not trusted and not self._config.allow_private_addresses
            if public_only:
                await _check_address(url)
            hop = await self._send(url, headers, public_only=public_only)
            if hop.status not in policy.REDIRECT_STATUSES:
                moved = permanent and redirects > 0
                return _response(hop, permanent_url=hop.url if moved else None), redirects > 0
            url = urljoin(hop.url, hop.headers["location"])
            redirects += 1
            if redirects > policy.MAX_REDIRECTS:
                message = f"too many redirects (more than {policy.MAX_REDIRECTS})"
                raise TooManyRedirects(message, hop.status)
            if policy.redirect_key(url) in seen:
                raise TooManyRedirects(f"redirect loop at {url}", hop.status)
            seen.add(policy.redirect_key(url))
            permanent = permanent and hop.status in policy.PERMANENT_REDIRECTS
            trusted = False  # a redirect target was not configured by anyone

    # -- one request ------------------------------------------------------------------------
    async def _send(self, url: str, headers: Mapping[str, str], *, public_only: bool) -> _Hop:
        session = self._public_session if public_only else self._session
        if session is None:
            raise RuntimeError("use Fetcher as `async with Fetcher(config) as fetcher`")
        try:
            async with session.get(url, headers=headers, allow_redirects=False) as resp:
                return await self._answer(url, resp)
        except TimeoutError as exc:
            raise self._timeout(exc) from exc
        except aiohttp.ClientError as exc:
            raise _client_error(exc, url) from exc
        except ValueError as exc:  # yarl and IDNA reject some URLs only here
            raise FetchError(f"invalid URL {url}: {exc}") from exc

    async def _answer(self, url: str, resp: aiohttp.ClientResponse) -> _Hop:
        kept = {name: ", ".join(resp.headers.getall(name)) for name in _KEPT_HEADERS
                if name in resp.headers}  # fmt: skip
        status = resp.status
        if status in policy.REDIRECT_STATUSES and kept.get("location"):
            return _Hop(url, status, kept)
        if status == 304 or 200 <= status < 300:
            body = await self._read_body(resp) if status != 304 else b""
            return _Hop(url, status, kept, body)
        raise _status_error(status, resp.reason, kept)

    async def _read_body(self, resp: aiohttp.ClientResponse) -> bytes:
        """The decoded body, aborted as soon as it grows past ``max_size``."""
        cap = self._config.max_size
        too_large = ResponseTooLarge(f"response larger than {policy.format_size(cap)}",
                                     resp.status)  # fmt: skip
        encoding = resp.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding in ("", "identity") and (resp.content_length or 0) > cap:
            raise too_large  # Content-Length counts the decoded size only when uncompressed
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in resp.content.iter_chunked(_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise too_large
                chunks.append(chunk)
        except aiohttp.ClientPayloadError as exc:
            raise FetchError(f"broken response body: {_first_line(exc)}", resp.status) from exc
        return b"".join(chunks)

    def _timeout(self, exc: TimeoutError) -> FetchTimeout:
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            limit = policy.format_seconds(self._config.connect_timeout)
            return FetchTimeout(f"connecting timed out after {limit}")
        return FetchTimeout(f"timed out after {policy.format_seconds(self._config.timeout)}")


def _response(hop: _Hop, *, permanent_url: str | None) -> FetchResponse:
    headers = hop.headers
    return FetchResponse(
        url=hop.url,
        status=hop.status,
        body=hop.body,
        content_type=headers.get("content-type"),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        permanent_url=permanent_url,
        max_age=policy.parse_max_age(headers.get("cache-control")),
        retry_after=policy.parse_retry_after(headers.get("retry-after"), datetime.now(UTC)),
    )


def _status_error(status: int, reason: str | None, headers: Mapping[str, str]) -> HTTPStatusError:
    retry_after = policy.parse_retry_after(headers.get("retry-after"), datetime.now(UTC))
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    message = f"HTTP {status} {reason}".rstrip()
    if status in policy.REDIRECT_STATUSES:
        message += " without a Location header"
    if retry_after is not None:
        message += f" (retry after {policy.format_seconds(retry_after)})"
    return HTTPStatusError(message, status, retry_after=retry_after)


def _retryable(exc: FetchError) -> bool:
    """Time-outs, broken connections and 5xx are worth another try; 503 with Retry-After is
    not: the server said when to come back, and the scheduler honours it."""
    if isinstance(exc, HTTPStatusError):
        return (exc.status or 0) >= 500 and not (exc.status == 503 and exc.retry_after is not None)
    if isinstance(exc, FetchTimeout):
        return True
    return type(exc) is FetchError and isinstance(exc.__cause__, aiohttp.ClientError | OSError)


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {parts.scheme or '(none)'!r} in {url}")
    if not parts.hostname:
        raise FetchError(f"no host in URL {url}")


async def _check_address(url: str) -> None:
    """Refuse ``url`` when its host is, or resolves to, any non-public address."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"invalid port in URL {url}") from exc
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"DNS lookup failed for host {host}") from exc
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        reason = refusal_reason(address)
        if reason is not None:
            raise AddressRefused(f"refused private address {address} ({reason}) for {url}")


def _client_error(exc: aiohttp.ClientError, url: str) -> FetchError:
    host = urlsplit(url).hostname or url
    if isinstance(exc, aiohttp.ClientConnectorError) and isinstance(exc.os_error, _RefusedAddress):
        return AddressRefused(f"{exc.os_error.strerror or exc.os_error} ({url})")
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return FetchError(f"DNS lookup failed for host {host}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        if isinstance(exc.os_error, ConnectionRefusedError):
            return FetchError(f"connection refused: {exc.host}:{exc.port}")
        return FetchError(f"cannot connect to {exc.host}:{exc.port}: {_first_line(exc.os_error)}")
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return FetchError(f"server closed the connection: {url}")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return FetchError(f"broken response body: {_first_line(exc)}")
    if isinstance(exc, aiohttp.InvalidURL):
        return FetchError(f"invalid URL {url}")
    return FetchError(f"request failed: {_first_line(exc) or type(exc).__name__}")


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300]
