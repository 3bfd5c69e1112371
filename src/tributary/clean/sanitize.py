"""The HTML sanitizer: the last step before a body is stored, and the only module importing nh3.

nh3 (Rust's ammonia, built on the html5ever parser that browsers' HTML5 rules describe) parses
the fragment the way a browser would and re-serializes only what an allow-list names, so that
what is stored can be inserted into our pages unescaped.

Decisions:
- Tags: text structure, lists, quotes, code, tables, headings, images and figures (with
  ``picture``/``source``), and ``audio``/``video`` (always with ``controls``, never ``autoplay``:
  a feed's media stays playable, but nothing plays by itself). ``div`` and ``span`` stay, bare,
  because feeds nest paragraphs in them. No ``iframe``, ``object``, ``embed``, ``form``, ``svg``
  or ``math``: they are either active content or a known mutation-XSS surface.
- Attributes: a handful per tag, none global: no ``style``, ``class``, ``id`` or ``on*``.
- URLs (``href``, ``src``, ``poster``): http, https and mailto only; relative ones are resolved
  against ``base_url`` and dropped when there is none (they would resolve against our site).
  ``srcset`` is not a URL attribute to ammonia, so each candidate is checked here.
- Links get ``rel="noopener noreferrer nofollow"``: the linked sites are not ours to endorse.
- The *content* of script, style and similar elements is removed with the element, not left
  behind as visible text.

nh3 raises nothing for any input (only for a bad configuration, which would be our bug), so
there is no foreign error to map here.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "audio", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "li", "ol", "p", "picture", "pre", "q", "s", "small", "source", "span", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
        "video",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "title", "width", "height", "srcset"}),
    "source": frozenset({"src", "srcset", "type", "media"}),
    "video": frozenset({"src", "poster", "width", "height"}),
    "audio": frozenset({"src"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "time": frozenset({"datetime"}),
    "ol": frozenset({"start"}),
}
# Elements removed together with everything inside them.
CLEAN_CONTENT_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "title", "textarea", "select", "iframe",
        "object", "embed", "svg", "math", "head", "frameset", "noembed", "noframes", "xmp",
    }
)  # fmt: skip
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
_NUMERIC_ATTRIBUTES = frozenset({"width", "height", "colspan", "rowspan", "start"})
_MEDIA_CONTROLS = {"video": {"controls": "controls"}, "audio": {"controls": "controls"}}


def _resolver(base_url: str | None) -> Callable[[str], str | None]:
    """The rewrite for relative URLs: joined to ``base_url``, or dropped without one."""

    def resolve(url: str) -> str | None:
        url = url.strip()
        if not base_url:
            # A scheme-relative "//host/path" names its host; assume https, as browsers would
            # on our https pages.
            return "https:" + url if url.startswith("//") and len(url) > 2 else None
        try:
            absolute = urljoin(base_url, url)
            scheme = urlsplit(absolute).scheme.lower()
        except ValueError:
            return None
        return absolute if scheme in URL_SCHEMES else None

    return resolve


def _safe_srcset(value: str, resolve: Callable[[str], str | None]) -> str | None:
    """A ``srcset`` ("url 2x, url 640w") keeping only candidates with an http(s) URL."""
    kept = []
    for candidate in value.split(","):
        parts = candidate.split()
        if not parts:
            continue
        url = parts[0]
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
        absolute = url if scheme else resolve(url)
        if absolute and urlsplit(absolute).scheme.lower() in ("http", "https"):
            kept.append(" ".join([absolute, *parts[1:2]]))
    return ", ".join(kept) or None


def _attribute_filter(
    resolve: Callable[[str], str | None],
) -> Callable[[str, str, str], str | None]:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "srcset":
            return _safe_srcset(value, resolve)
        if attribute in _NUMERIC_ATTRIBUTES:
            digits = value.strip()
            return digits if digits.isdigit() else None
        return value

    return keep


def sanitize_html(html: str, base_url: str | None) -> str:
    """``html`` reduced to the allow-list, URLs made absolute against ``base_url``."""
    if not html or not html.strip():
        return ""
    resolve = _resolver(base_url)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter(resolve),
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        url_relative=resolve,
        set_tag_attribute_values=_MEDIA_CONTROLS,
    ).strip()
