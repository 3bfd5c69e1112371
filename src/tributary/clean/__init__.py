"""PURE: feed entries made ready to store.

urls.py         canonical article URLs (tracking parameters out)
text.py         plain text from HTML; titles; summaries
dom.py          the parsed-tree view the pre-sanitizer steps edit (the one lxml import)
attribution.py  "This content originally appeared on X and was authored by Y."
boilerplate.py  feed boilerplate rules ("The post … appeared first on …", "[…]", share
                buttons, tracking pixels)
strip.py        a source's own rules ("css:SELECTOR", "re:REGEX"), checked with the config
fulltext.py     which entries are worth an article page, and whether its text replaces theirs
sanitize.py     the allow-list sanitizer, run last (the one nh3 import)
entry.py        clean_entry: the steps above in their fixed order; with_full_text: the same
                steps on an article page's body, keeping the feed entry's identity and hash
"""

from __future__ import annotations

from tributary.clean.attribution import Origin, find_origin
from tributary.clean.boilerplate import clean_html, remove_boilerplate
from tributary.clean.entry import clean_entry, content_hash, identity_key
from tributary.clean.sanitize import sanitize_html
from tributary.clean.text import html_to_text, plain_text, summarize
from tributary.clean.urls import canonical_url, is_http_url

__all__ = [
    "Origin",
    "canonical_url",
    "clean_entry",
    "clean_html",
    "content_hash",
    "find_origin",
    "html_to_text",
    "identity_key",
    "is_http_url",
    "plain_text",
    "remove_boilerplate",
    "sanitize_html",
    "summarize",
]
