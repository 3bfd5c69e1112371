"""HTML inside feeds, rewritten the way feedparser rewrites it, for the fast parser.

With ``resolve_relative_uris`` on, feedparser does not only make URLs absolute: it re-parses
every HTML text value with its SGML parser and writes it out again. Tags come out lowercased,
attributes lowercased, de-duplicated, sorted and double-quoted, void elements as ``<br />``
(their end tags dropped), unknown entities as ``&amp;name``, windows-1252 character references
as the real code point, and URL attributes joined to the element's base. ``reserialize`` gives
the same string for HTML made of the ordinary pieces (text, tags with well-formed attributes,
end tags, comments, entity and character references) and raises ``FastPathDeclined`` for
anything else (processing instructions, declarations, broken tags), so the adapter handles it.

It scans for tokens: text is copied as it is, lowercase tags without attributes and links
to plain absolute URLs (the bulk of a body) are skipped by the pattern itself, and only the
other tokens reach Python code; references are rewritten only in bodies that hold one that
changes. tests/test_parse_fast.py compares it with feedparser's resolver on generated and
random fragments.
"""

from __future__ import annotations

import html.entities
import re

from tributary.parse.fallbacks import FastPathDeclined
from tributary.parse.urljoins import safe_absolute_uri
from tributary.parse.values import CP1252

VOID_ELEMENTS = frozenset(
    {
        "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img",
        "input", "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# (element, attribute) pairs whose value feedparser resolves against the base.
URL_ATTRIBUTES = frozenset(
    {
        ("a", "href"), ("applet", "codebase"), ("area", "href"), ("audio", "src"),
        ("blockquote", "cite"), ("body", "background"), ("del", "cite"), ("form", "action"),
        ("frame", "longdesc"), ("frame", "src"), ("head", "profile"), ("iframe", "longdesc"),
        ("iframe", "src"), ("img", "longdesc"), ("img", "src"), ("img", "usemap"),
        ("input", "src"), ("input", "usemap"), ("ins", "cite"), ("link", "href"),
        ("object", "classid"), ("object", "codebase"), ("object", "data"), ("object", "usemap"),
        ("q", "cite"), ("script", "src"), ("source", "src"), ("video", "poster"),
        ("video", "src"),
    }
)  # fmt: skip
# The elements feedparser accepts as evidence that "plain text" is really HTML.
HTML_EVIDENCE_ELEMENTS = frozenset(
    {
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big",
        "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
        "colgroup", "command", "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog",
        "dir", "div", "dl", "dt", "em", "event-source", "fieldset", "figcaption", "figure",
        "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
        "img", "input", "ins", "kbd", "keygen", "label", "legend", "li", "m", "map", "menu",
        "meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option", "output",
        "p", "pre", "progress", "q", "s", "samp", "section", "select", "small", "sound",
        "source", "spacer", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
        "textarea", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video",
    }
)  # fmt: skip
XHTML_TYPE = "application/xhtml+xml"

_VOID = "|".join(sorted(VOID_ELEMENTS))
_NAME = r"[a-zA-Z][-_.:a-zA-Z0-9]*"
_ATTRIBUTE_NAME = r"[a-zA-Z_][-:.a-zA-Z_0-9]*"
# An unquoted value: a subset of what the SGML parser reads as one, ending where it ends.
_BARE_VALUE = r"[-a-zA-Z0-9./,:;+*%?!&$()_#=~@]+"
_ATTRIBUTE = rf"{_ATTRIBUTE_NAME}(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|{_BARE_VALUE}))?"
# A "<" that is not a plain lowercase start or end tag without attributes (those stay as they
# are). The pattern starts with a literal so that the regex engine finds candidates with a fast
# substring search. feedparser rewrites the whole string before parsing it ("<!x" becomes
# "&lt;!x", "<br/>" becomes "<br />", "&#39;" becomes "'"); those rewrites only ever touch
# the tokens below, so they are applied token by token instead of as passes over the text.
# <a href="..."> with a plain absolute http(s) URL comes out unchanged whatever the base (the
# join returns such a URL as it is): skipped too. No "&" (it would be escaped) or quotes.
_UNCHANGED_LINK = (
    r'a href="https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?'
    r"(?:/[A-Za-z0-9\-._~%!$()*+,=:@/]*)?(?:\?[A-Za-z0-9\-._~%!$()*+,=:@/?]+)?"
    r'(?:#[A-Za-z0-9\-._~%!$()*+,=:@/?#]+)?">'
)
_MARKUP = re.compile(
    rf"<(?!/?(?!(?:{_VOID})>)[a-z][-_.:a-z0-9]*>|{_UNCHANGED_LINK})"
    # The commonest shape, <a href="..."> or <img src="...">, read by one group each.
    r"(?:(?P<one_tag>[a-z]+) (?P<one_key>[a-z]+)=\"(?P<one_value>[^\"<>&]*)\">"
    rf"|(?P<start>{_NAME})(?P<attrs>(?:\s+{_ATTRIBUTE})*)\s*/?>"
    rf"|/(?P<end>{_NAME})\s*>"
    r"|!--(?P<comment>.*?)--\s*>"
    r"|(?P<bang>!)(?![dD][oO][cC][tT][yY][pP][eE]|--|\[)"
    r"|(?P<short>[^<>\s]+?\s*/>)"
    r"|(?=[a-zA-Z/!?>])(?P<bad>))",
    re.DOTALL,
)
# Character references that may change (windows-1252 range, hex), "&#39;" and "&#34;" (which
# feedparser turns into quotes before parsing) and named references other than the common
# ones that always stay as they are.
_REFERENCE = re.compile(
    r"&(?:#(?:(?P<quote>3[49]);|(?P<charref>0*1[2-5][0-9]|[xX][0-9a-fA-F]+);)"
    r"|(?!(?:amp|lt|gt|quot|apos|nbsp|hellip|mdash|ndash|rsquo|lsquo|rdquo|ldquo|copy);)"
    r"(?P<entity>[a-zA-Z][-.a-zA-Z0-9]*)(?:(?P<semi>;)|(?=[^a-zA-Z0-9])))"
)
# Double-quoted attributes only, the usual case, read in one call (one attribute: one match).
_ONE_QUOTED_ATTRIBUTE = re.compile(rf"\s+({_ATTRIBUTE_NAME})=\"([^\"<>&]*)\"")
_QUOTED_ATTRIBUTES = re.compile(rf"(?:\s+{_ATTRIBUTE_NAME}=\"[^\"<>&]*\")+")
_QUOTED_ATTRIBUTE = re.compile(rf"\s+({_ATTRIBUTE_NAME})=\"([^\"]*)\"")
_ATTRIBUTE_PARTS = re.compile(
    rf"\s+({_ATTRIBUTE_NAME})(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|({_BARE_VALUE})))?"
)
_UNTERMINATED_CHARREF = re.compile(r"&(?:([a-zA-Z][-.a-zA-Z0-9]*)|#([0-9]+))(;?)")
_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|\w+;)")
_KNOWN_ENTITIES = frozenset(html.entities.name2codepoint) | {"apos"}
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ANY_REFERENCE = re.compile(r"&#?\w+;")
_TAG_NAMES = re.compile(r"</?(\w+)")
_ENTITY_NAMES = re.compile(r"&(\w+);")
_HTML_ENTITY_DEFS = frozenset(html.entities.entitydefs)


def _terminate_charref(match: re.Match[str]) -> str:
    """The SGML parser's reading of a reference in an attribute value (a ";" is added to a
    decimal character reference that lacks one)."""
    if match.group(2):
        return f"&#{match.group(2)};"
    if match.group(3):
        return f"&{match.group(1)};"
    return f"&{match.group(1)}"


def _attribute_pairs(text: str) -> list[tuple[str, str]]:
    """(name, value) pairs as the SGML parser reads them: names lowercased, quotes removed, a
    bare name standing for itself."""
    one = _ONE_QUOTED_ATTRIBUTE.fullmatch(text)
    if one is not None:
        return [(one.group(1).lower(), one.group(2))]
    if _QUOTED_ATTRIBUTES.fullmatch(text):
        return [(name.lower(), value) for name, value in _QUOTED_ATTRIBUTE.findall(text)]
    pairs: list[tuple[str, str]] = []
    for match in _ATTRIBUTE_PARTS.finditer(text):
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), name)
        if "&" in value:
            value = _UNTERMINATED_CHARREF.sub(_terminate_charref, value)
        pairs.append((name.lower(), value))
    return pairs


def _escape_value(value: str) -> str:
    value = value.replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
    return _BARE_AMPERSAND.sub("&amp;", value) if "&" in value else value


def _start_tag(match: re.Match[str], base: str, xhtml: bool) -> str:
    name, attributes = match.group("start", "attrs")
    tag = name.lower()
    if not attributes and match.group().endswith("/>"):
        # feedparser first rewrites "<name/>" as "<name />" (void, exact case) or as
        # "<name></name>", then parses that.
        if name in VOID_ELEMENTS:
            return f"<{tag} />"
        if tag in VOID_ELEMENTS:
            return f"<{tag} />"
        return f"<{tag}></{tag}>"
    written = ""
    if attributes:
        pairs = _attribute_pairs(attributes)
        if len(pairs) > 1:
            # A repeated attribute keeps its last value; then sorted by name.
            pairs = sorted(dict(pairs).items())
        parts = []
        for key, value in pairs:
            if key in ("rel", "type") and value:
                value = value.lower()
            elif (tag, key) in URL_ATTRIBUTES:
                value = safe_absolute_uri(base, value.strip()) or value
            if "&" in value or '"' in value or "<" in value or ">" in value:
                value = _escape_value(value)
            parts.append(f' {key}="{value}"')
        written = "".join(parts)
    if tag in VOID_ELEMENTS:
        return f"<{tag}{written} />"
    if xhtml and match.group(0).endswith("/>"):
        return f"<{tag}{written}></{tag}>"
    return f"<{tag}{written}>"


def _charref(ref: str) -> str:
    ref = ref.lower()
    value = int(ref[1:], 16) if ref.startswith("x") else int(ref)
    if value in CP1252:
        return f"&#{hex(ord(CP1252[value]))[1:]};"
    return f"&#{ref};"


def _reference(match: re.Match[str]) -> str:
    entity = match.group("entity")
    if entity is not None:
        return f"&{entity};" if entity in _KNOWN_ENTITIES else f"&amp;{entity}"
    quote = match.group("quote")
    if quote is not None:
        return "'" if quote == "39" else '"'
    return _charref(match.group("charref"))


def _one_attribute(match: re.Match[str], base: str) -> str:
    """A lowercase tag with one plain double-quoted attribute (see ``_MARKUP``)."""
    tag, key, value = match.group("one_tag", "one_key", "one_value")
    if key in ("rel", "type"):
        value = value.lower()
    elif (tag, key) in URL_ATTRIBUTES:
        value = safe_absolute_uri(base, value.strip()) or value
        if '"' in value or "&" in value or "<" in value or ">" in value:
            value = _escape_value(value)
    if tag in VOID_ELEMENTS:
        return f'<{tag} {key}="{value}" />'
    return f'<{tag} {key}="{value}">'


def _decline(match: re.Match[str]) -> FastPathDeclined:
    return FastPathDeclined("markup", repr(match.string[match.start() : match.start() + 40]))


def _markup(match: re.Match[str], base: str, xhtml: bool) -> str:
    if match.group("one_tag") is not None:
        return _one_attribute(match, base)
    token = match.group()
    if "&#3" in token:  # feedparser turned "&#39;" and "&#34;" into quotes before parsing
        quoted = token.replace("&#39;", "'").replace("&#34;", '"')
        if quoted != token:
            match = _MARKUP.match(quoted)  # type: ignore[assignment]
            if match is None or match.end() != len(quoted) or match.group("start") is None:
                raise FastPathDeclined("markup", f"quote references in {token[:40]!r}")
    if match.group("start") is not None:
        return _start_tag(match, base, xhtml)
    end = match.group("end")
    if end is not None:
        end = end.lower()
        return "" if end in VOID_ELEMENTS else f"</{end}>"
    comment = match.group("comment")
    if comment is not None:
        if "<" in comment or "/>" in comment or "&#3" in comment:
            raise _decline(match)  # feedparser's rewrites would reach inside the comment
        return f"<!--{comment}-->"
    if match.group("bang") is not None:
        return "&lt;!"  # feedparser escapes "<!" that opens no comment or declaration
    raise _decline(match)


def _references(markup: str, start: int, end: int) -> str:
    """Text between two markup tokens (holding a "&"), its references rewritten. The character
    after it (the next token's "<") takes part in matching: it ends a reference ("&copy<")."""
    if end < len(markup):
        return _REFERENCE.sub(_reference, markup[start : end + 1])[:-1]
    return _REFERENCE.sub(_reference, markup[start:end])


def reserialize(
    markup: str, base: str, content_type: str, cache: dict[str, str] | None = None
) -> str:
    """``markup`` as feedparser's relative-URI resolver writes it out (see the module doc).

    ``cache`` remembers rewritten tags for one base and content type: bodies from one feed
    repeat the same tags (``<p class="...">``, ``<figure class="...">``) many times.
    """
    # Most bodies hold no reference that changes (&amp;, &#8217; stay): one search decides.
    rewrite = "&" in markup and _REFERENCE.search(markup) is not None
    if "<" not in markup:
        return _references(markup, 0, len(markup)) if rewrite else markup
    xhtml = content_type == XHTML_TYPE
    if cache is None:
        cache = {}
    pieces: list[str] = []
    position = 0
    for match in _MARKUP.finditer(markup):
        start = match.start()
        if start > position:
            text = markup[position:start]
            pieces.append(_references(markup, position, start) if rewrite and "&" in text else text)
        token = match.group()
        written = cache.get(token)
        if written is None:
            written = cache[token] = _markup(match, base, xhtml)
        pieces.append(written)
        position = match.end()
    if position == 0:
        return _references(markup, 0, len(markup)) if rewrite else markup
    text = markup[position:]
    pieces.append(_references(markup, position, len(markup)) if rewrite and "&" in text else text)
    return "".join(pieces)


def looks_like_html(text: str) -> bool:
    """feedparser's guess that a "plain text" RSS value is really HTML: a close tag or a
    reference, only elements from its list, and only named entities HTML defines."""
    if "<" not in text and "&" not in text:
        return False
    if not (_CLOSE_TAG.search(text) or _ANY_REFERENCE.search(text)):
        return False
    if any(tag.lower() not in HTML_EVIDENCE_ELEMENTS for tag in _TAG_NAMES.findall(text)):
        return False
    return all(name in _HTML_ENTITY_DEFS for name in _ENTITY_NAMES.findall(text))
