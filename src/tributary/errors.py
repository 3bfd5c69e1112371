"""Tributary's exceptions.

    TributaryError
    ├── ConfigError          the configuration or a command-line argument is wrong (exit 2)
    │   └── QuerySyntaxError a category query does not parse (position and expectation)
    ├── FetchError           one request failed; ``status`` holds the HTTP status when one came
    │   ├── FetchTimeout
    │   ├── ResponseTooLarge
    │   ├── TooManyRedirects
    │   ├── AddressRefused   a URL from feed content or a redirect points at a private address
    │   └── HTTPStatusError  a non-success HTTP status
    ├── ParseError           a body is not a feed at all
    └── StorageError         the database failed

Foreign exceptions (aiohttp, feedparser, SQLAlchemy) are mapped to the most specific of these
with ``raise ... from exc`` in the one adapter module that imports the library.
"""

from __future__ import annotations


class TributaryError(Exception):
    """Base of every error Tributary raises on purpose."""


class ConfigError(TributaryError):
    """The configuration file or a command-line argument is wrong."""


class QuerySyntaxError(ConfigError):
    """A category query does not parse."""

    def __init__(self, message: str, position: int, query: str) -> None:
        super().__init__(f"position {position}: {message}")
        self.message = message
        self.position = position
        self.query = query


class FetchError(TributaryError):
    """A request failed. ``status`` is the HTTP status when a response came, else None."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class FetchTimeout(FetchError):
    """The request took longer than the configured time limit."""


class ResponseTooLarge(FetchError):
    """The response body exceeded ``max_size`` (counted after decompression)."""


class TooManyRedirects(FetchError):
    """More than five redirects, or a redirect loop."""


class AddressRefused(FetchError):
    """The URL resolves to a loopback, private or link-local address and that is not allowed."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


class ParseError(TributaryError):
    """The body is not a feed that any parser can read."""


class StorageError(TributaryError):
    """The database failed."""
