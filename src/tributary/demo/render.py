"""PURE renderers of the demo feeds: entries -> RSS 2.0, Atom 1.0, JSON Feed 1.1, RSS 1.0 bytes.

Each outlet's feed carries the quirks of the software it imitates (WordPress's CDATA and
"appeared first on" footer, Atom's nested xml:base, an excerpt-only feed, Media RSS video
items, a syndicator's attribution line, RDF's item sequence), so the demo walks every parser
path. Text is escaped with ``xml.sax.saxutils`` and ``json``; nothing here does I/O.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from tributary.demo.model import Entry, Outlet, Style

_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
_EXCERPT_WORDS = 32


def render_feed(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> bytes:
    """The outlet's feed document; ``entries`` newest first."""
    renderer = _RENDERERS.get(outlet.style)
    if renderer is None:
        raise ValueError(f"outlet {outlet.key!r} has no feed ({outlet.style})")
    return renderer(outlet, entries, base_url).encode("utf-8")


def body_html(entry: Entry) -> str:
    """The article body as HTML paragraphs, with its illustration when it has one."""
    parts = []
    if entry.image_url:
        parts.append(_figure(entry.image_url, entry.image_caption or ""))
    parts.extend(f"<p>{escape(p)}</p>" for p in entry.paragraphs)
    return "\n".join(parts)


def excerpt(entry: Entry, words: int = _EXCERPT_WORDS) -> str:
    """The first ``words`` words of the text, plain, ending in an ellipsis when cut."""
    all_words = " ".join(entry.paragraphs).split()
    cut = " ".join(all_words[:words])
    return cut + "\u2026" if len(all_words) > words else cut


def cdata(text: str) -> str:
    """A CDATA section; "]]>" inside is split across two sections (XML 1.0 section 2.7)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _figure(src: str, caption: str, *, xhtml: bool = False) -> str:
    end = "/>" if xhtml else ">"
    return (
        f'<figure><img src={quoteattr(src)} alt={quoteattr(caption)} width="800" '
        f'height="450"{end}<figcaption>{escape(caption)}</figcaption></figure>'
    )


def _newest(entries: Sequence[Entry], field: str) -> str:
    return str(getattr(entries[0], field)) if entries else ""


# --- WordPress: RSS 2.0 ------------------------------------------------------------------


def _wordpress_footer(entry: Entry, home: str) -> str:
    # The footer that Yoast SEO adds to every item: boilerplate that cleaning must remove.
    return (
        f"<p>The post <a href={quoteattr(entry.url)}>{escape(entry.title)}</a> appeared first "
        f"on <a href={quoteattr(home)}>{escape(entry.outlet.name)}</a>.</p>"
    )


def _wordpress_item(entry: Entry, home: str) -> str:
    footer = _wordpress_footer(entry, home)
    categories = "".join(f"\t\t<category>{cdata(t)}</category>\n" for t in entry.tags)
    return (
        "\t<item>\n"
        f"\t\t<title>{escape(entry.title)}</title>\n"
        f"\t\t<link>{escape(entry.url)}</link>\n"
        f"\t\t<comments>{escape(entry.url)}#respond</comments>\n"
        f"\t\t<dc:creator>{cdata(entry.author)}</dc:creator>\n"
        f"\t\t<pubDate>{entry.published_rfc822}</pubDate>\n"
        f"{categories}"
        f'\t\t<guid isPermaLink="false">{escape(entry.guid)}</guid>\n'
        f"\t\t<description>{cdata(escape(excerpt(entry)) + ' [&#8230;]' + footer)}</description>\n"
        f"\t\t<content:encoded>{cdata(body_html(entry) + chr(10) + footer)}</content:encoded>\n"
        f"\t\t<wfw:commentRss>{escape(entry.url)}feed/</wfw:commentRss>\n"
        "\t\t<slash:comments>0</slash:comments>\n"
        "\t</item>\n"
    )


def _wordpress(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> str:
    home = base_url + outlet.home_path
    items = "".join(_wordpress_item(e, home) for e in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        f"\t<title>{escape(outlet.name)}</title>\n"
        f'\t<atom:link href={quoteattr(base_url + outlet.feed_path)} rel="self" '
        'type="application/rss+xml" />\n'
        f"\t<link>{escape(home)}</link>\n"
        f"\t<description>{escape(outlet.description)}</description>\n"
        f"\t<lastBuildDate>{_newest(entries, 'published_rfc822')}</lastBuildDate>\n"
        "\t<language>en-US</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.5.3</generator>\n"
        f"{items}</channel>\n</rss>\n"
    )


# --- Atom 1.0 with xml:base (RFC 4287 section 2; XML Base) --------------------------------


def _atom_entry(index: int, entry: Entry, outlet: Outlet) -> str:
    # Every other entry sets its own xml:base, which nests inside the feed's: its links and
    # the relative image source resolve one level deeper.
    nested = index % 2 == 1
    base_attr = f' xml:base="{outlet.article_dir}"' if nested else ""
    link = f"{entry.slug}/" if nested else f"{outlet.article_dir}{entry.slug}/"
    up = "../../" if nested else "../"
    categories = "".join(
        f"    <category term={quoteattr(t)} label={quoteattr(t)}/>\n" for t in entry.tags
    )
    return (
        f"  <entry{base_attr}>\n"
        f'    <title type="html">{escape(escape(entry.title))}</title>\n'
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>\n'
        f"    <id>{escape(entry.guid)}</id>\n"
        f"    <published>{entry.published_iso}</published>\n"
        f"    <updated>{entry.published_iso}</updated>\n"
        f"    <author><name>{escape(entry.author)}</name></author>\n"
        f"{categories}"
        f'    <summary type="text">{escape(excerpt(entry))}</summary>\n'
        f"{_atom_content(entry, up, xhtml=nested)}"
        "  </entry>\n"
    )


def _atom_content(entry: Entry, up: str, *, xhtml: bool) -> str:
    relative_image = entry.image_url and f"{up}img/{entry.outlet.key}/{entry.slug}.svg"
    caption = entry.image_caption or ""
    parts = [_figure(relative_image, caption, xhtml=xhtml)] if relative_image else []
    parts.extend(f"<p>{escape(p)}</p>" for p in entry.paragraphs)
    if xhtml:  # RFC 4287 section 4.1.3: inline XHTML inside one div
        inner = "".join(parts)
        return (
            '    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
            f"{inner}</div></content>\n"
        )
    return f'    <content type="html">{escape(chr(10).join(parts))}</content>\n'


def _atom(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> str:
    body = "".join(_atom_entry(i, e, outlet) for i, e in enumerate(entries))
    feed_name = outlet.feed_path.rsplit("/", 1)[-1]
    return (
        _XML_DECL + f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" '
        f"xml:base={quoteattr(base_url + outlet.home_path)}>\n"
        f"  <title>{escape(outlet.name)}</title>\n"
        f"  <subtitle>{escape(outlet.description)}</subtitle>\n"
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(feed_name)}/>\n'
        '  <link rel="alternate" type="text/html" href="./"/>\n'
        f"  <id>tag:{outlet.domain},2024:feed</id>\n"
        f"  <updated>{_newest(entries, 'published_iso')}</updated>\n"
        '  <generator uri="https://example.org/quillpress" version="2.1">Quillpress</generator>\n'
        f"{body}</feed>\n"
    )


# --- JSON Feed 1.1 ------------------------------------------------------------------------


def _json_item(entry: Entry, base_url: str) -> dict[str, object]:
    item: dict[str, object] = {
        "id": entry.guid,
        "url": entry.url,
        "title": entry.title,
        # JSON Feed 1.1: relative URLs in content_html resolve against the feed's URLs.
        "content_html": body_html(entry).replace(f'src="{base_url}/', 'src="/'),
        "summary": excerpt(entry),
        "date_published": entry.published_iso,
        "date_modified": entry.published_iso,
        "authors": [{"name": entry.author}],
        "tags": list(entry.tags),
        "language": "en-US",
    }
    if entry.image_url:
        item["image"] = entry.image_url
    return item


def _json_feed(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> str:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "home_page_url": base_url + outlet.home_path,
        "feed_url": base_url + outlet.feed_path,
        "description": outlet.description,
        "language": "en-US",
        "authors": [{"name": f"The {outlet.name} newsroom"}],
        "items": [_json_item(e, base_url) for e in entries],
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


# --- plain RSS 2.0: excerpt-only, video-only, syndicator ----------------------------------


def _rss(outlet: Outlet, base_url: str, items: str, namespaces: str = "") -> str:
    return (
        _XML_DECL + f'<rss version="2.0"{namespaces}>\n<channel>\n'
        f"  <title>{escape(outlet.name)}</title>\n"
        f"  <link>{escape(base_url + outlet.home_path)}</link>\n"
        f"  <description>{escape(outlet.description)}</description>\n"
        "  <language>en</language>\n  <ttl>30</ttl>\n"
        f"{items}</channel>\n</rss>\n"
    )


def _rss_common(entry: Entry) -> str:
    categories = "".join(f"    <category>{escape(t)}</category>\n" for t in entry.tags)
    return (
        f"    <title>{escape(entry.title)}</title>\n"
        f"    <link>{escape(entry.url)}</link>\n"
        f'    <guid isPermaLink="false">{escape(entry.guid)}</guid>\n'
        f"    <pubDate>{entry.published_rfc822}</pubDate>\n"
        f"{categories}"
    )


def _excerpt_item(entry: Entry) -> str:
    # Only a teaser: the article itself is on the page the link points at.
    teaser = (
        f"<p>{escape(excerpt(entry, 40))}</p> <p><a href={quoteattr(entry.url)} "
        'class="more-link">Continue reading\u2026</a></p>'
    )
    email = f"desk@{entry.outlet.domain}"
    return (
        "  <item>\n"
        f"{_rss_common(entry)}"
        f"    <author>{escape(email)} ({escape(entry.author)})</author>\n"
        f"    <description>{escape(teaser)}</description>\n"
        "  </item>\n"
    )


def _excerpt(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> str:
    return _rss(outlet, base_url, "".join(_excerpt_item(e) for e in entries))


def _video_item(index: int, entry: Entry) -> str:
    video, thumb = entry.video_url or "", entry.thumbnail_url or ""
    # Some video sites send both an RSS enclosure and Media RSS, some only Media RSS.
    length = entry.duration * 250_000  # bytes, roughly 2 Mbit/s
    enclosure = (
        f'    <enclosure url={quoteattr(video)} type="video/mp4" length="{length}"/>\n'
        if index % 2 == 0
        else ""
    )
    return (
        "  <item>\n"
        f"{_rss_common(entry)}"
        f"{enclosure}"
        f'    <media:content url={quoteattr(video)} type="video/mp4" medium="video" '
        f'duration="{entry.duration}">\n'
        f"      <media:title>{escape(entry.title)}</media:title>\n"
        f'      <media:thumbnail url={quoteattr(thumb)} width="640" height="360"/>\n'
        "    </media:content>\n"
        "  </item>\n"
    )


def _video(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> str:
    items = "".join(_video_item(i, e) for i, e in enumerate(entries))
    return _rss(outlet, base_url, items, ' xmlns:media="http://search.yahoo.com/mrss/"')


def attribution_line(entry: Entry, original_url: str | None) -> str:
    """The syndicator's closing line naming where the piece first ran and who wrote it."""
    outlet, author = entry.origin or (entry.outlet.name, entry.author)
    named = escape(outlet)
    if original_url:
        named = f"<a href={quoteattr(original_url)}>{named}</a>"
    return (
        f"<p><em>This content originally appeared on {named} and was authored by "
        f"{escape(author)}.</em></p>"
    )


def _syndicator_item(entry: Entry, originals: dict[str, tuple[str, str]]) -> str:
    # originals: slug -> (original article URL, original feed URL) for copies of demo outlets
    original_url, original_feed = originals.get(entry.slug, (None, None))
    source = ""
    if entry.origin and original_feed:  # RSS 2.0 <source>: the channel the item came from
        source = f"    <source url={quoteattr(original_feed)}>{escape(entry.origin[0])}</source>\n"
    body = body_html(entry) + "\n" + attribution_line(entry, original_url)
    return (
        "  <item>\n"
        f"{_rss_common(entry)}"
        f"    <dc:creator>{escape(entry.author)}</dc:creator>\n"
        f"    <description>{escape(excerpt(entry))}</description>\n"
        f"    <content:encoded>{cdata(body)}</content:encoded>\n"
        f"{source}"
        "  </item>\n"
    )


def render_syndicator(
    outlet: Outlet,
    entries: Sequence[Entry],
    base_url: str,
    originals: dict[str, tuple[str, str]],
) -> bytes:
    """The syndicator's feed; ``originals`` maps a copy's slug to its original's URLs."""
    items = "".join(_syndicator_item(e, originals) for e in entries)
    namespaces = (
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    )
    return _rss(outlet, base_url, items, namespaces).encode("utf-8")


# --- RSS 1.0 (RDF Site Summary) -----------------------------------------------------------


def _rdf_item(entry: Entry) -> str:
    subjects = "".join(f"    <dc:subject>{escape(t)}</dc:subject>\n" for t in entry.tags)
    return (
        f"  <item rdf:about={quoteattr(entry.url)}>\n"
        f"    <title>{escape(entry.title)}</title>\n"
        f"    <link>{escape(entry.url)}</link>\n"
        f"    <description>{escape(excerpt(entry))}</description>\n"
        f"    <content:encoded>{cdata(body_html(entry))}</content:encoded>\n"
        f"    <dc:identifier>{escape(entry.guid)}</dc:identifier>\n"
        f"    <dc:creator>{escape(entry.author)}</dc:creator>\n"
        f"    <dc:date>{entry.published_iso}</dc:date>\n"
        f"{subjects}"
        "  </item>\n"
    )


def _rdf(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> str:
    sequence = "".join(f"        <rdf:li rdf:resource={quoteattr(e.url)}/>\n" for e in entries)
    return (
        _XML_DECL + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        '         xmlns="http://purl.org/rss/1.0/"\n'
        '         xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '         xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f"  <channel rdf:about={quoteattr(base_url + outlet.feed_path)}>\n"
        f"    <title>{escape(outlet.name)}</title>\n"
        f"    <link>{escape(base_url + outlet.home_path)}</link>\n"
        f"    <description>{escape(outlet.description)}</description>\n"
        f"    <dc:date>{_newest(entries, 'published_iso')}</dc:date>\n"
        "    <dc:language>en</dc:language>\n"
        f"    <items>\n      <rdf:Seq>\n{sequence}      </rdf:Seq>\n    </items>\n"
        "  </channel>\n" + "".join(_rdf_item(e) for e in entries) + "</rdf:RDF>\n"
    )


_Renderer = Callable[[Outlet, Sequence[Entry], str], str]
_RENDERERS: dict[Style, _Renderer] = {
    "wordpress": _wordpress,
    "atom": _atom,
    "jsonfeed": _json_feed,
    "excerpt": _excerpt,
    "video": _video,
    "rdf": _rdf,
}
