"""Conditional GET for our pages, feeds and API (RFC 9110 section 13, RFC 9111).

    ETag            a strong validator: a hash of the body we would send
    Last-Modified   when the listed posts last changed (or the source was last fetched)
    If-None-Match   wins over If-Modified-Since when both are sent (RFC 9110 13.2.2)
    -> 304 Not Modified with the same validators and Cache-Control, and no body

Feed readers poll our feeds the way we poll theirs; answering 304 spares both sides.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response

from tributary.publish.post_json import as_utc

PAGE_MAX_AGE = 60
API_MAX_AGE = 10


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(dt: datetime) -> str:
    return format_datetime(as_utc(dt).replace(microsecond=0), usegmt=True)


def _etag_matches(header: str, etag: str) -> bool:
    """RFC 9110 13.1.2: weak comparison, a list of tags or ``*``."""
    candidates = [tag.strip() for tag in header.split(",")]
    return "*" in candidates or etag in [tag.removeprefix("W/") for tag in candidates]


def _not_modified_since(header: str, last_modified: datetime | None) -> bool:
    if last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False  # RFC 9110 13.1.3: an invalid date is ignored
    if since.tzinfo is None:
        return False
    # HTTP dates have whole seconds: compare at that precision.
    return as_utc(last_modified).replace(microsecond=0) <= as_utc(since)


def is_fresh(request: Request, etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy is current, by the request's conditional headers."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    if_modified_since = request.headers.get("if-modified-since")
    return if_modified_since is not None and _not_modified_since(if_modified_since, last_modified)


def cached_response(
    request: Request,
    body: bytes,
    media_type: str,
    *,
    last_modified: datetime | None = None,
    max_age: int = PAGE_MAX_AGE,
    status_code: int = 200,
) -> Response:
    """``body`` with validators and Cache-Control, or 304 when the client's copy is current."""
    etag = etag_for(body)
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    if status_code == 200 and is_fresh(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=headers)
