"""The page and body trees extraction edits: the only module in extract/ importing lxml.

Before extraction (``Page``):
    canonical link   <link rel="canonical">, made absolute
    pre-cleaning     scripts, forms, navigation and elements whose class or id name them as
                     chrome (cookie banners, share bars, related lists, comments...) are cut,
                     except an element that holds the article (see ``_holds_article``);
                     tables used for layout become plain blocks; AMP's <amp-img> becomes <img>
    captions         figure captions by image URL, which trafilatura's HTML output drops
    published time   Open Graph / schema.org, which keep the time of day

After extraction (``Body``): the headline repeated at the top, a "By Name" line, link-only
"Read also" lines and passages repeated in a pull quote are removed; figures get their
captions back.
"""

from __future__ import annotations

import html
import re
from typing import Any

import lxml.etree
import lxml.html

from tributary.clean.text import collapse_whitespace, html_to_text
from tributary.clean.urls import joined_url

Element = Any  # lxml.html.HtmlElement; lxml ships no type information

_DROPPED_TAGS = ("script", "style", "noscript", "template", "form", "nav", "iframe",
                 "button", "select", "textarea", "input", "svg", "dialog")  # fmt: skip
# Words that sites put in the class or id of chrome, matched at the start of a class/id word
# ("comments-area", "sharedaddy", "newsletter_box"). Whole words only for the short ones.
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:cookie|consent|gdpr|banner|newsletter|related|share|sharing|social"
    r"|comment|subscri|promo|advert|sponsor|outbrain|taboola|breadcrumb|sidebar|widget"
    r"|most-?read|mostpopular|popular|trending|recommend|signup|sign-up|modal|popup"
    r"|navigation|navbar|menu|footer|byline|author-(?:info|bio|box)|tags?-?links"
    r"|(?:ads?|nav|tags|skip)(?=$|[\s_-]))",
    re.IGNORECASE,
)
_ARTICLE_XPATH = "//article|//main|//*[@itemprop='articleBody']|//*[@role='main']"
_HOLDS_SHARE = 0.4  # an element holding this share of the page's paragraph text is the article
_BLOCKS_IN_CELL = ("p", "div", "h1", "h2", "h3", "table", "ul", "ol")
_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
)
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
# Lazy-loading plugins put the real image in a data- attribute; extractors may take either.
_IMAGE_SOURCES = ("src", "data-src", "data-lazy-src", "data-original")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _parse_document(markup: str) -> Element | None:
    markup = _XML_DECLARATION.sub("", markup)  # lxml refuses str input with a declaration
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup)
    except (lxml.etree.LxmlError, ValueError):
        return None


def _join(base: str | None, value: str) -> str:
    joined = joined_url(base, value.strip())
    return value if joined is None else joined  # "http://[::1" stays as written


def _words(element: Element) -> str:
    return collapse_whitespace(element.text_content())


class Page:
    """A whole HTML page, parsed once."""

    def __init__(self, markup: str) -> None:
        self._root = _parse_document(markup)

    @property
    def ok(self) -> bool:
        return self._root is not None

    def canonical_url(self, base: str | None) -> str | None:
        """The page's ``<link rel="canonical">``, absolute; None without one (or not http)."""
        if self._root is None:
            return None
        for link in self._root.iter("link"):
            rels = (link.get("rel") or "").lower().split()
            href = (link.get("href") or "").strip()
            if "canonical" in rels and href:
                absolute = _join(base, href)
                return absolute if absolute.startswith(("http://", "https://")) else None
        return None

    def published_hint(self) -> str | None:
        """The publication time the page states for machines (Open Graph, schema.org), which
        keeps the time of day that date parsers sometimes drop."""
        if self._root is None:
            return None
        for query in _PUBLISHED_XPATHS:
            for value in self._root.xpath(query):
                if str(value).strip():
                    return str(value).strip()
        for script in self._root.xpath("//script[@type='application/ld+json']/text()"):
            match = _JSON_LD_PUBLISHED.search(str(script))
            if match:
                return match.group(1)
        return None

    def captions(self, base: str | None) -> dict[str, str]:
        """Figure captions as HTML, keyed by the absolute URL of the image they describe."""
        found: dict[str, str] = {}
        if self._root is None:
            return found
        for figure in self._root.iter("figure"):
            caption = next(figure.iter("figcaption"), None)
            if caption is None:
                continue
            for image in figure.iter("img"):
                for name in _IMAGE_SOURCES:
                    if image.get(name):
                        found.setdefault(_join(base, image.get(name)), _inner_html(caption))
        return found

    def precleaned(self) -> str | None:
        """The page without its chrome, serialized again for the extractor."""
        if self._root is None:
            return None
        root = lxml.html.document_fromstring(lxml.html.tostring(self._root, encoding="unicode"))
        _drop_tags(root)
        _drop_chrome(root)
        _unwrap_layout_tables(root)
        _amp_images(root)
        return str(lxml.html.tostring(root, encoding="unicode"))


def _inner_html(element: Element) -> str:
    parts = [html.escape(element.text or "", quote=False)]
    parts += (lxml.html.tostring(child, encoding="unicode") for child in element)
    return "".join(parts).strip()


def _drop_tags(root: Element) -> None:
    for node in list(root.iter(*_DROPPED_TAGS)):
        if node.getparent() is not None:
            node.drop_tree()
    for node in list(root.iter()):
        hidden = "display:none" in (node.get("style") or "").replace(" ", "").lower()
        if (hidden or node.get("hidden") is not None) and node.getparent() is not None:
            node.drop_tree()


def _paragraph_text(element: Element) -> int:
    return sum(len(_words(p)) for p in element.iter("p"))


def _drop_chrome(root: Element) -> None:
    body = root.find("body")
    if body is None:
        return
    total = _paragraph_text(body) or 1
    articles = set(root.xpath(_ARTICLE_XPATH))
    headlines = set(root.iter("h1"))
    for node in list(body.iterdescendants()):
        if not isinstance(node.tag, str) or node.getparent() is None:
            continue
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if not _CHROME.search(marks):
            continue
        if _holds_article(node, articles | headlines, total):
            continue
        node.drop_tree()


def _holds_article(node: Element, landmarks: set[Element], total: int) -> bool:
    """Never cut what holds the article: an <article>/<main>, the headline, or much of the
    page's paragraph text (a theme that calls its content column "main-sidebar-layout")."""
    if node in landmarks or any(d in landmarks for d in node.iterdescendants()):
        return True
    return _paragraph_text(node) >= _HOLDS_SHARE * total


def _unwrap_layout_tables(root: Element) -> None:
    """Tables whose cells hold paragraphs or headings are layout (old sites put the menu in one
    column and the story in the next): their cells become blocks so the menu can be told apart.
    Data tables, whose cells hold only inline content, stay tables."""
    for table in reversed(list(root.iter("table"))):
        cells = list(table.iter("td", "th"))
        if not any(next(cell.iter(*_BLOCKS_IN_CELL), None) is not None for cell in cells):
            continue
        for node in list(table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th")):
            if node is not table and node.tag in ("td", "th"):
                node.tag = "div"
            elif node is not table:
                node.drop_tag()
        table.tag = "div"
        for name in ("width", "border", "cellpadding", "cellspacing"):
            table.attrib.pop(name, None)


_LABEL = re.compile(r"^[^.!?]{0,40}:\s*")  # "Read also:", "More on this story:"
_LINK_LINE_WORDS = 30
_BYLINE = re.compile(r"(?i:by)\s+[A-Z\u00c0-\u00de]")
_BYLINE_WORDS = 10
_TOP_BLOCKS = 3  # blocks from the top where headlines and bylines are left
_KICKER_WORDS = 3
_LEAF_BLOCKS = ("p", "blockquote", "li", "h2", "h3", "h4", "div", "figcaption")
_REPEAT_WORDS = (
    6  # shorter passages ("Read more", a name) may well recur by chance  # blocks from the top
)
_LINK_SHARE = 0.8


def _amp_images(root: Element) -> None:
    """AMP's ``<amp-img>`` is an ``<img>`` to every reader; extractors only know the latter."""
    for node in list(root.iter("amp-img")):
        for child in list(node):  # the <noscript><img> fallback, when there is one
            node.remove(child)
        node.tag = "img"


class Body:
    """The extracted article body (trafilatura's HTML output), edited in place."""

    def __init__(self, markup: str) -> None:
        root = _parse_document(markup)
        body = root.find("body") if root is not None else None
        self._body = body if body is not None else lxml.html.fragment_fromstring("<div></div>")

    def text(self) -> str:
        """The body's text, paragraphs apart (figure captions included, as on the page)."""
        return html_to_text(lxml.html.tostring(self._body, encoding="unicode"))

    def html(self) -> str:
        return _inner_html(self._body)

    def link_share(self) -> float:
        """How much of the text sits in links: near 1 for menus and lists of headlines."""
        text = len(_words(self._body))
        return sum(len(_words(a)) for a in self._body.iter("a")) / text if text else 0.0

    def drop_headline(self, title: str | None) -> None:
        """The headline repeated at the top of the body (the post shows its title apart), with
        the short kicker lines above it ("Gallery", "Analysis")."""
        wanted = collapse_whitespace(title or "").casefold()
        top = self._top_blocks()
        for index, node in enumerate(top):
            if wanted and _words(node).casefold() == wanted:
                for above in top[:index]:
                    if len(_words(above).split()) <= _KICKER_WORDS:
                        above.drop_tree()
                node.drop_tree()
                return

    def drop_byline(self, author: str | None) -> None:
        """A "By Name, date" or "Name, date" line at the top: page furniture, not the story."""
        name = collapse_whitespace(author or "")
        for node in self._top_blocks():
            text = _words(node)
            named = _BYLINE.match(text) or (name and text.startswith(name))
            if named and len(text.split()) <= _BYLINE_WORDS:
                node.drop_tree()
                return

    def _top_blocks(self) -> list[Element]:
        """The first few blocks that hold text (where headlines and bylines are left)."""
        blocks = [n for n in self._body.iter("h1", "h2", "h3", "p", "div", "span")
                  if _words(n)]  # fmt: skip
        return blocks[:_TOP_BLOCKS]

    def drop_link_lines(self) -> None:
        """Paragraphs that are only a link, or a label and a link ("Read also: <a>…</a>"):
        pointers to other stories that sites put between the paragraphs of this one."""
        for node in list(self._body.iter("p")):
            text = _words(node)
            links = sum(len(_words(a)) for a in node.iter("a"))
            if not text or links == 0 or len(text.split()) > _LINK_LINE_WORDS:
                continue
            unlabelled = _LABEL.sub("", text, count=1)
            if links >= _LINK_SHARE * len(unlabelled):
                node.drop_tree()

    def drop_repeated_passages(self) -> None:
        """A short block whose text is repeated inside a longer one: a pull quote that lifts a
        sentence of the story into a box, or a summary restating the first paragraph."""
        blocks = [n for n in self._body.iter(*_LEAF_BLOCKS)
                  if next(n.iterdescendants(*_LEAF_BLOCKS), None) is None]  # fmt: skip
        texts = [_words(b) for b in blocks]
        for block, text in zip(blocks, texts, strict=True):
            words = len(text.split())
            if words < _REPEAT_WORDS or block.getparent() is None:
                continue
            if any(text in other and len(other) > len(text) for other in texts):
                block.drop_tree()

    def restore_captions(self, captions: dict[str, str], base: str | None) -> None:
        """Images that had a caption on the page get it back, as ``<figure>``/``<figcaption>``."""
        present = _words(self._body)
        for image in list(self._body.iter("img")):
            caption = captions.get(_join(base, image.get("src") or ""))
            parent = image.getparent()
            if caption is None or parent is None or parent.tag == "figure":
                continue
            fragment = lxml.html.fragment_fromstring(caption, create_parent="figcaption")
            if _words(fragment) in present:
                continue  # the extractor kept the caption as a paragraph already
            figure = lxml.html.Element("figure")
            parent.replace(image, figure)
            figure.tail, image.tail = image.tail, None
            figure.append(image)
            figure.append(fragment)
