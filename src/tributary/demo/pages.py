"""PURE renderers of the demo's HTML: article pages, outlet home pages, the index, images.

The article pages look like a real news site's: navigation, a header, a cookie banner, the
article with its byline, a sidebar of most-read links, a newsletter box and a footer. That
clutter is the point: full-text extraction has to find the article body inside it.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from tributary.demo.model import Entry, Outlet
from tributary.demo.render import body_html

FEED_TYPES = {
    "wordpress": "application/rss+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
    "excerpt": "application/rss+xml",
    "video": "application/rss+xml",
    "syndicator": "application/rss+xml",
    # RSS 1.0 is application/rdf+xml on the wire, but sites announce it as RSS.
    "rdf": "application/rss+xml",
    "failing": "application/rss+xml",
}
_SECTIONS = ("World", "Politics", "Climate", "Labor", "Culture", "Opinion", "Podcasts")


def _page(title: str, head: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
    ).encode()


def _alternate(outlet: Outlet, base_url: str) -> str:
    return (
        f'<link rel="alternate" type="{FEED_TYPES[outlet.style]}" '
        f"title={quoteattr(outlet.name + ' feed')} href={quoteattr(base_url + outlet.feed_path)}>\n"
    )


def _masthead(outlet: Outlet) -> str:
    links = "".join(
        f'<li><a href="{outlet.home_path}section/{s.lower()}/">{s}</a></li>' for s in _SECTIONS
    )
    return (
        '<div class="cookie-banner" role="dialog">We use cookies to understand how our '
        "journalism is read. <button>Accept</button> <button>Settings</button></div>\n"
        f'<header class="site-header"><a class="logo" href="{outlet.home_path}">'
        f"{escape(outlet.name)}</a>\n"
        f'<p class="tagline">{escape(outlet.description)}</p>\n'
        f'<nav class="main-nav"><ul>{links}</ul></nav>\n'
        '<a class="donate" href="#donate">Support independent news</a></header>\n'
    )


def _footer(outlet: Outlet) -> str:
    return (
        '<footer class="site-footer"><nav><a href="#about">About us</a> | '
        '<a href="#ethics">Ethics policy</a> | <a href="#corrections">Corrections</a> | '
        '<a href="#privacy">Privacy</a> | <a href="#contact">Contact</a></nav>\n'
        f"<p>&#169; {escape(outlet.name)}. All rights reserved. Invented for the Tributary "
        "demo: every outlet, person and article here is fictional.</p></footer>\n"
    )


def _sidebar(outlet: Outlet, others: Sequence[Entry]) -> str:
    items = "".join(f'<li><a href="{o.url}">{escape(o.title)}</a></li>' for o in others[:5])
    return (
        '<aside class="sidebar"><section class="most-read"><h2>Most read</h2>'
        f"<ol>{items}</ol></section>\n"
        '<section class="newsletter"><h2>The morning briefing</h2><p>Get the day\'s '
        f"top stories from {escape(outlet.name)} in your inbox.</p>"
        '<form><input type="email" placeholder="Your email"><button>Sign up</button>'
        "</form></section>\n"
        '<section class="ad">Advertisement</section></aside>\n'
    )


def _json_ld(entry: Entry) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": entry.title,
        "datePublished": entry.published_iso,
        "author": {"@type": "Person", "name": entry.author or entry.outlet.name},
        "publisher": {"@type": "Organization", "name": entry.outlet.name},
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


def _article_head(entry: Entry, base_url: str) -> str:
    return (
        f'<link rel="canonical" href={quoteattr(entry.url)}>\n'
        f'<meta property="og:title" content={quoteattr(entry.title)}>\n'
        '<meta property="og:type" content="article">\n'
        f'<meta name="author" content={quoteattr(entry.author or entry.outlet.name)}>\n'
        f'<meta property="article:published_time" content="{entry.published_iso}">\n'
        f"{_alternate(entry.outlet, base_url)}{_json_ld(entry)}"
    )


def _article_body(entry: Entry, extra_html: str) -> str:
    if entry.video_url:
        body = (
            f'<video controls preload="none" poster={quoteattr(entry.thumbnail_url or "")}>'
            f'<source src={quoteattr(entry.video_url)} type="video/mp4"></video>\n'
        )
    else:
        body = body_html(entry) + "\n" + extra_html
    tags = "".join(f'<a rel="tag" href="#">{escape(t)}</a> ' for t in entry.tags)
    outlet_name = entry.outlet.name  # video items have no author of their own
    return (
        f'<article class="post"><header><h1 class="entry-title">{escape(entry.title)}</h1>\n'
        f'<p class="byline">By <span class="author">{escape(entry.author or outlet_name)}</span> | '
        f'<time datetime="{entry.published_iso}">{entry.published_rfc822}</time></p>'
        '</header>\n<div class="share">Share: <a href="#">Mastodon</a> <a href="#">Email</a> '
        '<a href="#">Print</a></div>\n'
        f'<div class="entry-content">\n{body}</div>\n'
        f'<footer class="entry-footer">Filed under: {tags}</footer></article>\n'
    )


def article_page(
    entry: Entry, others: Sequence[Entry], base_url: str, extra_html: str = ""
) -> bytes:
    """A full article page; ``others`` fill the sidebar, ``extra_html`` ends the body."""
    outlet = entry.outlet
    related = "".join(f'<li><a href="{o.url}">{escape(o.title)}</a></li>' for o in others[5:8])
    body = (
        f'{_masthead(outlet)}<div class="layout"><main>\n'
        f"{_article_body(entry, extra_html)}"
        f'<section class="related"><h2>Related coverage</h2><ul>{related}</ul></section>\n'
        '<section class="comments"><h2>Comments</h2><p>Comments are closed.</p></section>\n'
        f"</main>\n{_sidebar(outlet, others)}</div>\n{_footer(outlet)}"
    )
    return _page(f"{entry.title} | {outlet.name}", _article_head(entry, base_url), body)


def home_page(outlet: Outlet, entries: Sequence[Entry], base_url: str) -> bytes:
    """The outlet's front page; it names its feed in <link rel="alternate"> (RSS autodiscovery)."""
    headlines = "".join(
        f'<li><a href="{e.url}">{escape(e.title)}</a> <span class="by">'
        f"{escape(e.author)}</span></li>\n"
        for e in entries
    )
    body = (
        f"{_masthead(outlet)}<main><h1>Latest from {escape(outlet.name)}</h1>\n"
        f'<ul class="headlines">\n{headlines}</ul>\n'
        f'<p><a href="{outlet.feed_path}">Subscribe to our feed</a></p></main>\n'
        f"{_footer(outlet)}"
    )
    return _page(outlet.name, _alternate(outlet, base_url), body)


def index_page(outlets: Sequence[Outlet], base_url: str) -> bytes:
    """The demo server's own front page: the invented outlets and their feeds."""
    rows = "".join(
        f'<li><a href="{o.home_path}">{escape(o.name)}</a> ({o.style}): '
        f'<a href="{o.feed_path}">{escape(o.feed_path)}</a></li>\n'
        for o in outlets
    )
    body = (
        "<h1>Tributary demo outlets</h1>\n<p>Every outlet, person and article on this server "
        f"is invented for the demo.</p>\n<ul>\n{rows}</ul>\n"
    )
    return _page("Tributary demo outlets", "", body)


def placeholder_svg(label: str) -> bytes:
    """A small illustration: a colour derived from the label, and the label itself."""
    hue = zlib.crc32(label.encode("utf-8")) % 360
    text = escape(label if len(label) <= 60 else label[:59] + "\u2026")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" '
        'viewBox="0 0 800 450">'
        f'<rect width="800" height="450" fill="hsl({hue},45%,40%)"/>'
        '<text x="400" y="225" font-family="sans-serif" font-size="22" fill="#fff" '
        f'text-anchor="middle">{text}</text></svg>\n'
    ).encode()
