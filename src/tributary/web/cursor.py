"""The opaque pagination cursor: urlsafe base64 of "published|id" of the last post shown.

A cursor names a position, not an offset, so "Older posts" never repeats or skips a post
when newer ones arrive between two requests.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from tributary.publish.post_json import as_utc
from tributary.storage import PostCursor
from tributary.types import Post


class BadCursor(ValueError):
    """The cursor was not one we made."""


def cursor_after(post: Post) -> PostCursor:
    """The position just past ``post`` in a newest-first list."""
    return PostCursor(as_utc(post.published), post.id)


def encode_cursor(post: Post) -> str:
    raw = f"{as_utc(post.published).isoformat()}|{post.id}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str) -> PostCursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")
        when, post_id = raw.split("|", 1)
        published = datetime.fromisoformat(when)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor(f"not a valid cursor: {text[:40]!r}") from exc
    if published.tzinfo is None or not post_id:
        raise BadCursor(f"not a valid cursor: {text[:40]!r}")
    return PostCursor(as_utc(published), post_id)
