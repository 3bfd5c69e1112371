"""The fetcher against a real local HTTP server, and its pure helpers on their own."""

from __future__ import annotations

import asyncio
import gzip
import random
import socket
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, TypeVar

import pytest

from httpserver import (
    InFlight,
    LocalServer,
    Reply,
    broken,
    conditional,
    dropped,
    endless,
    fail_then,
    rate_limited,
    redirect,
)
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
from tributary.fetch import Fetcher, client, find_feed_link, find_feed_links, is_html_page
from tributary.fetch.addresses import refusal_reason
from tributary.fetch.policy import (
    backoff_delay,
    format_size,
    parse_max_age,
    parse_retry_after,
)
from tributary.types import FetchResponse

T = TypeVar("T")

# Description: a minimal RSS feed of an invented outlet.
# Expect: served as the feed in most tests below.
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>The Lantern Gazette</title>'
    b"<item><title>Harbour bridge reopens</title></item></channel></rss>"
)
RSS = "application/rss+xml"
CONFIG = FetchConfig(
    allow_private_addresses=True, timeout=5.0, connect_timeout=2.0, retries=0, max_size=200_000
)


class Sleeps:
    """A fake ``sleep`` that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def run(
    call: Callable[[Fetcher], Awaitable[T]],
    config: FetchConfig = CONFIG,
    sleeps: Sleeps | None = None,
    seed: int = 7,
) -> T:
    async def main() -> T:
        sleep = sleeps if sleeps is not None else Sleeps()
        async with Fetcher(config, sleep=sleep, rng=random.Random(seed)) as fetcher:
            return await call(fetcher)

    return asyncio.run(main())


def feed(
    url: str, config: FetchConfig = CONFIG, sleeps: Sleeps | None = None, **kwargs: Any
) -> FetchResponse:
    return run(lambda f: f.fetch_feed(url, **kwargs), config, sleeps)


def page(url: str, config: FetchConfig = CONFIG) -> FetchResponse:
    return run(lambda f: f.fetch_page(url), config)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- plain fetches and headers ------------------------------------------------------------


def test_fetch_returns_body_and_response_headers(http_server: LocalServer) -> None:
    headers = {"Cache-Control": "public, max-age=600", "Retry-After": "120"}
    http_server.route("/feed.xml", FEED, content_type=RSS, headers=headers)
    response = feed(http_server.url("/feed.xml"))
    assert (response.status, response.body, response.content_type) == (200, FEED, RSS)
    assert (response.max_age, response.retry_after) == (600, 120.0)
    assert response.url == http_server.url("/feed.xml")
    assert (response.permanent_url, response.discovered_url) == (None, None)


def test_sends_user_agent_and_feed_accept_header(http_server: LocalServer) -> None:
    http_server.route("/feed.xml", FEED, content_type=RSS)
    feed(http_server.url("/feed.xml"), replace(CONFIG, user_agent="Tributary-test/1"))
    (request,) = http_server.requests
    assert request.headers["User-Agent"] == "Tributary-test/1"
    assert request.headers["Accept"].startswith("application/rss+xml")
    assert "gzip" in request.headers["Accept-Encoding"]


def test_conditional_get_answers_304(http_server: LocalServer) -> None:
    etag, modified = '"v1"', "Tue, 20 May 2025 12:00:00 GMT"
    http_server.route("/feed.xml", handler=conditional(FEED, etag=etag, last_modified=modified))
    first = feed(http_server.url("/feed.xml"))
    second = feed(http_server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.etag, first.last_modified) == (200, etag, modified)
    assert (second.status, second.body, second.etag, second.last_modified) == (
        304, b"", etag, modified,
    )  # fmt: skip
    sent = http_server.requests[1].headers
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == (etag, modified)
    assert "if-none-match" not in http_server.requests[0].headers


def test_304_without_validators_keeps_the_ones_sent(http_server: LocalServer) -> None:
    http_server.route("/feed.xml", status=304)
    response = feed(http_server.url("/feed.xml"), etag='"old"', last_modified="yesterday")
    assert (response.status, response.etag, response.last_modified) == (304, '"old"', "yesterday")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_compressed_bodies_are_decoded(http_server: LocalServer, encoding: str) -> None:
    http_server.route("/feed.xml", FEED, content_type=RSS, encoding=encoding)
    assert feed(http_server.url("/feed.xml")).body == FEED
    assert http_server.requests[0].headers["Accept-Encoding"]


def test_streamed_compressed_body_is_decoded(http_server: LocalServer) -> None:
    chunks = [FEED[:40], FEED[40:]]
    http_server.route("/feed.xml", handler=lambda r: Reply(body=iter(chunks), encoding="gzip"))
    assert feed(http_server.url("/feed.xml")).body == FEED


# -- redirects ----------------------------------------------------------------------------

REDIRECT_CHAINS = [
    pytest.param([301], True, id="301-permanent"),
    pytest.param([308], True, id="308-permanent"),
    pytest.param([302], False, id="302-temporary"),
    pytest.param([307], False, id="307-temporary"),
    pytest.param([303], False, id="303-see-other"),
    pytest.param([301, 308, 301], True, id="all-permanent"),
    pytest.param([301, 302, 301], False, id="one-temporary-hop"),
]


@pytest.mark.parametrize(("statuses", "permanent"), REDIRECT_CHAINS)
def test_redirects_set_permanent_url_only_when_every_hop_is_permanent(
    http_server: LocalServer, statuses: list[int], permanent: bool
) -> None:
    http_server.route("/feed.xml", FEED, content_type=RSS)
    for index, status in enumerate(statuses):
        target = f"/hop{index + 1}" if index + 1 < len(statuses) else "/feed.xml"
        http_server.route(f"/hop{index}", handler=redirect(target, status))
    response = feed(http_server.url("/hop0"))
    assert (response.status, response.body, response.url) == (
        200,
        FEED,
        http_server.url("/feed.xml"),
    )
    assert response.permanent_url == (http_server.url("/feed.xml") if permanent else None)


def test_five_redirects_are_followed(http_server: LocalServer) -> None:
    http_server.route("/feed.xml", FEED, content_type=RSS)
    for index in range(5):
        target = f"/hop{index + 1}" if index < 4 else "/feed.xml"
        http_server.route(f"/hop{index}", handler=redirect(target, 302))
    assert feed(http_server.url("/hop0")).body == FEED


def test_more_than_five_redirects_are_refused(http_server: LocalServer) -> None:
    for index in range(7):
        http_server.route(f"/hop{index}", handler=redirect(f"/hop{index + 1}", 302))
    with pytest.raises(TooManyRedirects, match=r"^too many redirects \(more than 5\)$"):
        feed(http_server.url("/hop0"))
    assert len(http_server.requests) == 6


def test_redirect_loop_is_detected(http_server: LocalServer) -> None:
    http_server.route("/a", handler=redirect("/b", 302))
    http_server.route("/b", handler=redirect(http_server.url("/a#top"), 301))
    with pytest.raises(TooManyRedirects, match=r"^redirect loop at http://127\.0\.0\.1"):
        feed(http_server.url("/a"))
    assert len(http_server.requests) == 2


def test_redirect_to_another_scheme_is_refused(http_server: LocalServer) -> None:
    http_server.route("/a", handler=redirect("file:///etc/passwd", 302))
    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        feed(http_server.url("/a"))


# -- error statuses and retries -----------------------------------------------------------

SOON = "an HTTP date five minutes from the request"  # made when the test runs, not at import


@pytest.mark.parametrize(
    ("status", "retry_after", "low", "high"),
    [
        pytest.param(429, "120", 120, 120, id="429-seconds"),
        pytest.param(429, SOON, 200, 301, id="429-http-date"),
        pytest.param(503, "30", 30, 30, id="503-seconds"),
    ],
)
def test_rate_limits_are_not_retried_inline(
    http_server: LocalServer, status: int, retry_after: str, low: float, high: float
) -> None:
    if retry_after == SOON:
        retry_after = format_datetime(datetime.now(UTC) + timedelta(seconds=300), usegmt=True)
    http_server.route("/feed.xml", handler=rate_limited(retry_after, status))
    sleeps = Sleeps()
    with pytest.raises(HTTPStatusError) as caught:
        feed(http_server.url("/feed.xml"), replace(CONFIG, retries=2), sleeps)
    assert caught.value.status == status
    assert caught.value.retry_after is not None
    assert low <= caught.value.retry_after <= high
    assert (len(http_server.requests), sleeps.calls) == (1, [])


@pytest.mark.parametrize(
    ("status", "message"),
    [
        pytest.param(404, "HTTP 404 Not Found", id="404"),
        pytest.param(410, "HTTP 410 Gone", id="410"),
        pytest.param(403, "HTTP 403 Forbidden", id="403"),
    ],
)
def test_client_errors_raise_status_errors(
    http_server: LocalServer, status: int, message: str
) -> None:
    http_server.route("/feed.xml", b"nope", status=status)
    with pytest.raises(HTTPStatusError, match=f"^{message}$") as caught:
        feed(http_server.url("/feed.xml"), replace(CONFIG, retries=2))
    assert caught.value.status == status
    assert len(http_server.requests) == 1


def test_server_errors_are_retried_with_jittered_backoff(http_server: LocalServer) -> None:
    http_server.route("/feed.xml", handler=fail_then(2, Reply(body=FEED, content_type=RSS)))
    sleeps = Sleeps()
    url = http_server.url("/feed.xml")
    response = run(lambda f: f.fetch_feed(url), replace(CONFIG, retries=2), sleeps, seed=3)
    expected = random.Random(3)
    assert response.body == FEED
    assert len(http_server.requests) == 3
    assert sleeps.calls == [expected.uniform(0, 0.5), expected.uniform(0, 1.0)]


def test_server_errors_give_up_after_the_configured_retries(http_server: LocalServer) -> None:
    http_server.route("/feed.xml", b"down", status=502)
    sleeps = Sleeps()
    with pytest.raises(HTTPStatusError, match=r"^HTTP 502 Bad Gateway$"):
        feed(http_server.url("/feed.xml"), replace(CONFIG, retries=3), sleeps)
    assert len(http_server.requests) == 4
    assert len(sleeps.calls) == 3
    assert all(0 <= s <= bound for s, bound in zip(sleeps.calls, [0.5, 1, 2], strict=True))


def test_time_out_names_the_limit(http_server: LocalServer) -> None:
    http_server.route("/slow", FEED, delay=10)
    with pytest.raises(FetchTimeout, match=r"^timed out after 0.3s$") as caught:
        feed(http_server.url("/slow"), replace(CONFIG, timeout=0.3))
    assert caught.value.status is None


def test_time_outs_are_retried(http_server: LocalServer) -> None:
    http_server.route("/slow", FEED, delay=10)
    sleeps = Sleeps()
    with pytest.raises(FetchTimeout):
        feed(http_server.url("/slow"), replace(CONFIG, timeout=0.5, retries=1), sleeps)
    assert len(sleeps.calls) == 1
    assert http_server.wait_for_requests(2) == 2


def test_connection_refused_has_no_status() -> None:
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    with pytest.raises(FetchError, match=r"^connection refused: 127\.0\.0\.1:") as caught:
        feed(url)
    assert caught.value.status is None


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        pytest.param(broken(), "^broken response body", id="cut-body"),
        pytest.param(dropped(), "^server closed the connection", id="no-answer"),
    ],
)
def test_broken_connections_are_fetch_errors(
    http_server: LocalServer, handler: Callable[..., Reply], message: str
) -> None:
    http_server.route("/feed.xml", handler=handler)
    sleeps = Sleeps()
    with pytest.raises(FetchError, match=message) as caught:
        feed(http_server.url("/feed.xml"), replace(CONFIG, retries=1), sleeps)
    assert len(sleeps.calls) == 1  # retried once (aiohttp itself may resend a GET, RFC 9112 §9.3.1)
    assert type(caught.value) is FetchError


# -- size cap -----------------------------------------------------------------------------

CAP = CONFIG.max_size


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        pytest.param(b"x" * (CAP + 1), {}, id="plain-content-length"),
        pytest.param(gzip.compress(b"\0" * CAP * 20), {"Content-Encoding": "gzip"}, id="gzip-bomb"),
    ],
)
def test_bodies_over_the_cap_are_refused(
    http_server: LocalServer, body: bytes, headers: dict[str, str]
) -> None:
    http_server.route("/big", body, content_type=RSS, headers=headers)
    with pytest.raises(ResponseTooLarge, match=r"^response larger than 195.3 KB$") as caught:
        feed(http_server.url("/big"), replace(CONFIG, retries=2))
    assert caught.value.status == 200
    assert len(http_server.requests) == 1  # not retried


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_endless_bodies_are_cut_off(http_server: LocalServer, encoding: str | None) -> None:
    stream = endless()
    http_server.route("/endless", handler=lambda r: replace(stream(r), encoding=encoding))
    with pytest.raises(ResponseTooLarge):
        feed(http_server.url("/endless"))


def test_body_exactly_at_the_cap_is_accepted(http_server: LocalServer) -> None:
    http_server.route("/big", b"x" * CAP, content_type=RSS, encoding="gzip")
    assert len(feed(http_server.url("/big")).body) == CAP


# -- feed discovery -----------------------------------------------------------------------

# Description: the home page of an invented outlet naming its feed with a relative href.
# Expect: the fetcher follows the link to /feeds/main.xml.
HOME = b"""<!DOCTYPE html><html><head><title>The Lantern Gazette</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Latest" href="feeds/main.xml">
</head><body><p>News from the harbour town.</body></html>"""


def test_html_page_leads_to_its_feed(http_server: LocalServer) -> None:
    http_server.route("/news/", HOME, content_type="text/html; charset=utf-8")
    http_server.route("/news/feeds/main.xml", FEED, content_type=RSS)
    response = feed(http_server.url("/news/"))
    assert (response.body, response.url) == (FEED, http_server.url("/news/feeds/main.xml"))
    assert response.discovered_url == http_server.url("/news/feeds/main.xml")


def test_discovered_feed_that_moves_reports_its_final_url(http_server: LocalServer) -> None:
    http_server.route("/news/", HOME, content_type="text/html")
    http_server.route("/news/feeds/main.xml", handler=redirect("/rss", 301))
    http_server.route("/rss", FEED, content_type=RSS)
    assert feed(http_server.url("/news/")).discovered_url == http_server.url("/rss")


def test_html_page_without_feed_link_is_a_parse_error(http_server: LocalServer) -> None:
    http_server.route("/", b"<html><body>Nothing to see</body></html>", content_type="text/html")
    with pytest.raises(ParseError, match=r"is an HTML page without a feed link$"):
        feed(http_server.url("/"))


def test_feed_served_as_html_is_not_treated_as_a_page(http_server: LocalServer) -> None:
    http_server.route("/feed", FEED, content_type="text/html")
    response = feed(http_server.url("/feed"))
    assert (response.body, response.discovered_url) == (FEED, None)


# -- address policy -----------------------------------------------------------------------

STRICT = replace(CONFIG, allow_private_addresses=False)


def test_configured_private_source_is_fetched(http_server: LocalServer) -> None:
    http_server.route("/feed.xml", FEED, content_type=RSS)
    assert feed(http_server.url("/feed.xml"), STRICT).body == FEED


def test_feed_named_by_configured_page_is_fetched(http_server: LocalServer) -> None:
    http_server.route("/news/", HOME, content_type="text/html")
    http_server.route("/news/feeds/main.xml", FEED, content_type=RSS)
    assert feed(http_server.url("/news/"), STRICT).body == FEED


@pytest.mark.parametrize(
    ("config", "refused"),
    [pytest.param(STRICT, True, id="private-refused"), pytest.param(CONFIG, False, id="allowed")],
)
def test_redirect_to_private_address(
    http_server: LocalServer, config: FetchConfig, refused: bool
) -> None:
    http_server.route("/feed.xml", FEED, content_type=RSS)
    http_server.route("/old", handler=redirect(http_server.url("/feed.xml"), 301))
    if refused:
        with pytest.raises(AddressRefused, match=r"^refused private address 127\.0\.0\.1 "):
            feed(http_server.url("/old"), config)
        assert len(http_server.requests) == 1
    else:
        assert feed(http_server.url("/old"), config).body == FEED


@pytest.mark.parametrize(
    ("config", "refused"),
    [pytest.param(STRICT, True, id="private-refused"), pytest.param(CONFIG, False, id="allowed")],
)
def test_page_on_private_address(
    http_server: LocalServer, config: FetchConfig, refused: bool
) -> None:
    http_server.route("/article", b"<html>story</html>", content_type="text/html")
    if refused:
        with pytest.raises(AddressRefused, match=r"refused private address 127\.0\.0\.1"):
            page(http_server.url("/article"), config)
        assert http_server.requests == []
    else:
        assert page(http_server.url("/article"), config).body == b"<html>story</html>"


def test_host_name_resolving_to_loopback_is_refused(http_server: LocalServer) -> None:
    with pytest.raises(AddressRefused, match=r"(loopback)"):
        page(f"http://localhost:{http_server.port}/article", STRICT)


def test_connections_for_untrusted_urls_resolve_to_public_addresses_only(
    http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a host that answered the address check with a public address and the
    connection's own lookup with a private one. With the check made blind, the pool for
    untrusted URLs must still refuse to connect."""

    async def answered_public(url: str) -> None:
        return None

    monkeypatch.setattr(client, "_check_address", answered_public)
    http_server.route("/article", b"<html>story</html>", content_type="text/html")
    with pytest.raises(AddressRefused, match=r"refused private address 127\.0\.0\.1 \(loopback\)"):
        page(f"http://localhost:{http_server.port}/article", STRICT)
    assert http_server.requests == []
    # A configured source on the same host still goes through the other pool.
    http_server.route("/feed.xml", FEED, content_type=RSS)
    assert feed(f"http://localhost:{http_server.port}/feed.xml", STRICT).body == FEED


def test_page_with_unsupported_scheme_is_refused() -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme 'ftp'"):
        page("ftp://files.example/a.txt")


# -- connection limits --------------------------------------------------------------------


def test_per_host_connection_limit_is_honoured(http_server: LocalServer) -> None:
    tracker = InFlight(Reply(body=FEED, content_type=RSS), hold=0.2)
    http_server.route("/slow", handler=tracker)
    url = http_server.url("/slow")

    async def six(fetcher: Fetcher) -> list[FetchResponse]:
        return await asyncio.gather(*(fetcher.fetch_feed(f"{url}?n={n}") for n in range(6)))

    responses = run(six, replace(CONFIG, per_host=2))
    assert [r.body for r in responses] == [FEED] * 6
    assert tracker.peak == 2


# -- pure helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-global"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:8.8.8.8", None),
        ("64:ff9b::7f00:1", "loopback"),
        ("64:ff9b::808:808", None),
        ("2002:c0a8:101::1", "private"),
        ("not an address", "invalid"),
    ],
)
def test_address_classification(address: str, reason: str | None) -> None:
    assert refusal_reason(address) == reason


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(HOME, "http://site.example/news/feeds/main.xml", id="relative-href"),
        pytest.param(
            b'<head><base href="/b/"><link rel="alternate" type="application/atom+xml" '
            b'href="atom.xml">',
            "http://site.example/b/atom.xml",
            id="base-href",
        ),
        pytest.param(
            b"<html><head><link rel=alternate type=application/json href=/wp-json/page/2>"
            b"<link rel='Alternate  home' type='application/feed+json' href='/feed.json'><p>",
            "http://site.example/feed.json",
            id="json-feed-beats-plain-json",
        ),
        pytest.param(
            b'<link rel="alternate" type="application/rss+xml; charset=utf-8" '
            b'href="https://other.example/rss">',
            "https://other.example/rss",
            id="type-parameters-and-absolute",
        ),
        pytest.param(
            b'<div><link rel="alternate" type="application/rss+xml" href="javascript:x()">',
            None,
            id="script-href-ignored",
        ),
        pytest.param(
            b'<link rel="alternate" hreflang="fr" type="text/html" href="/fr/">',
            None,
            id="translation-is-not-a-feed",
        ),
        pytest.param(b"<html><head><title>Broken <b></head", None, id="broken-no-link"),
        # urljoin raised ValueError on these, and the source failed with an internal error.
        pytest.param(
            b'<link rel="alternate" type="application/rss+xml" href="http://[::1/rss">'
            b'<link rel="alternate" type="application/atom+xml" href="/atom.xml">',
            "http://site.example/atom.xml",
            id="unparsable-href-skipped",
        ),
        pytest.param(
            b'<base href="http://[::1/"><link rel="alternate" type="application/rss+xml" '
            b'href="rss.xml">',
            "http://site.example/news/rss.xml",
            id="unparsable-base-ignored",
        ),
    ],
)
def test_find_feed_link(html: bytes, expected: str | None) -> None:
    assert find_feed_link(html, "http://site.example/news/") == expected


def test_find_feed_links_keeps_document_order() -> None:
    html = (b'<link rel="alternate" type="application/rss+xml" href="/a">'
            b'<link rel="alternate" type="application/atom+xml" href="/b">')  # fmt: skip
    assert find_feed_links(html, "http://s.example/") == [
        "http://s.example/a",
        "http://s.example/b",
    ]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        pytest.param(HOME, "text/html", True, id="page"),
        pytest.param(HOME, None, True, id="page-unlabelled"),
        pytest.param(b"\xef\xbb\xbf <!-- hi --><html>", "application/xml", True, id="bom-comment"),
        pytest.param(FEED, "text/html", False, id="rss-labelled-html"),
        pytest.param(b'<feed xmlns="http://www.w3.org/2005/Atom">', "text/html", False, id="atom"),
        pytest.param(
            b'{"version": "https://jsonfeed.org/version/1.1"}', "text/html", False, id="json-feed"
        ),
        pytest.param(b"<body>hello</body>", "text/html; charset=utf-8", True, id="fragment"),
        pytest.param(FEED, RSS, False, id="feed"),
    ],
)
def test_is_html_page(body: bytes, content_type: str | None, expected: bool) -> None:
    assert is_html_page(body, content_type) is expected


NOW = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("Tue, 20 May 2025 12:05:00 GMT", 300.0),
        ("Tue, 20 May 2025 11:00:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("max-age=300", 300), ("public, max-age=\"60\"", 60), ("s-maxage=5", None),
     ("no-cache", None), (None, None)],
)  # fmt: skip
def test_parse_max_age(value: str | None, expected: int | None) -> None:
    assert parse_max_age(value) == expected


@pytest.mark.parametrize(
    ("size", "text"),
    [(10 * 1024**2, "10 MB"), (1536, "1.5 KB"), (512, "512 bytes"), (2 * 1024**3, "2 GB")],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_backoff_is_full_jitter_under_a_cap() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(attempt, rng) for attempt in range(10) for _ in range(20)]
    bounds = [min(8.0, 0.5 * 2**attempt) for attempt in range(10) for _ in range(20)]
    assert all(0 <= d <= b for d, b in zip(delays, bounds, strict=True))
