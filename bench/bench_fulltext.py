"""Full text: article pages per second through Tributary's extraction, against plain trafilatura.

    .venv/bin/python bench/bench_fulltext.py [--pages 500] [--rounds 3] [--no-update]
                                             [--hosts 10] [--port 18951]

Builds PAGES article pages of invented words (fixed seeds: the same arguments give the same
bytes), each on one of four news-site layouts: a header with navigation and a menu, an
<article> with headline, byline and time, 6 to 12 paragraphs of about 60 words (now and then
a link, an emphasis, a pull quote, a figure, a "Read also" box, a newsletter box or an ad
slot, as the layout has them), related links, a comment thread, a footer, inline styles and
scripts (and JSON-LD or Open Graph tags on some layouts).

In one process, on the same pages, CPU time (time.process_time), best of ROUNDS, the two
interleaved round by round:

- Tributary: ``tributary.extract.extract_article(body, url, content_type=...)`` on the page's
  bytes, the call the pipeline's full-text step (tributary/fulltext.py) makes on a fetched
  page: decoding, metadata, trafilatura on the page as it came and pre-cleaned, the choice
  between them, post-cleaning. (What the step does after it, the cleaning of the entry and
  the verdict, is not in this figure; the end-to-end run below has it.)
- trafilatura: ``trafilatura.extract(html)`` with its default settings (text output,
  include_comments=True, no URL) on the page decoded to ``str``; and again with
  include_comments=False (the baseline of ``tributary eval extraction``), as the comment
  threads are most of the difference in words.

Then how comparable the texts are: the mean words each extracted; on how many pages each got
the article body (at least 90% of the article's paragraphs found whole, whitespace aside);
on how many comment-thread or related-links text leaked in.

Unless --no-update: the end-to-end path. An aiohttp server in a separate process serves the
pages and PAGES/50 RSS feeds of 50 entries whose descriptions are excerpts ("[…]") linking
to them, each feed and its pages on one of HOSTS loopback addresses. `tributary update` runs
in a fresh process on a fresh SQLite file twice: with ``fulltext = "never"`` (feeds only) and
with ``fulltext = "always"``; pages/s is PAGES over the wall time of the "always" run, and
the "extra per page" columns are the differences of the two runs' wall and CPU times over
PAGES: what a page costs on top of its entry.
Posts stored with the page's text (content_kind "full") and their mean words are read from
the database. CPU is user + sys of the tool and every process it started.

Prints Markdown tables, and the load average (other work on the machine stretches wall time;
process time less so).
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from multiprocessing.synchronize import Event
from pathlib import Path

from loopback import run_loopback, server_stats
from wordpress_feeds import SYLLABLES, invented_words

BIN = Path(sys.executable).parent
LAYOUTS = ("classic", "schema", "magazine", "blog")
SECTIONS = ["Harbour", "Council", "Courts", "Labour", "Elections", "Coast", "Schools", "Budget",
            "Weather", "Sport", "Culture", "Opinion"]  # fmt: skip
FOOTER_LINKS = ("About us", "Contact", "Privacy policy", "Cookie settings", "Terms", "Advertise",
                "Careers", "Corrections")  # fmt: skip
CONTENT_TYPE = "text/html; charset=utf-8"
ENTRIES_PER_FEED = 50


# ---------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One generated page and what it should yield."""

    url: str
    title: str
    excerpt: str  # the feed's description: the lead's first words and "[…]"
    paragraphs: tuple[str, ...]  # the article's paragraphs as plain text
    noise: tuple[str, ...]  # comment and related-link texts: not the article
    body: bytes
    published: datetime


class Words:
    """Invented words (wordpress_feeds' syllables), drawn with a skew like a language's."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        common = invented_words(rng, 80, (1, 2))  # short and frequent, like "the"
        rare = invented_words(rng, 6000, (2, 2, 3, 4))
        self.vocabulary = common + rare
        # a Zipf-like skew: word k is drawn about 1/(k+2) as often as the first
        self.weights = list(_cumulative([1 / (k + 2) for k in range(len(self.vocabulary))]))
        self.drawn: list[str] = []

    def word(self) -> str:
        if not self.drawn:
            self.drawn = self.rng.choices(self.vocabulary, cum_weights=self.weights, k=20_000)
        return self.drawn.pop()

    def words(self, count: int) -> list[str]:
        return [self.word() for _ in range(count)]

    def sentence(self, count: int) -> str:
        words = self.words(count)
        if count > 8 and self.rng.random() < 0.4:
            words[self.rng.randrange(2, count - 2)] += ","
        return " ".join(words).capitalize() + self.rng.choice(".....?!")

    def paragraph(self, target: int = 60) -> str:
        sentences, total = [], 0
        while total < target - 6:
            count = min(self.rng.randint(7, 19), max(target - total, 5))
            sentences.append(self.sentence(count))
            total += count
        return " ".join(sentences)

    def name(self) -> str:
        return f"{self.word().capitalize()}{self.rng.choice(SYLLABLES)} " + (
            f"{self.rng.choice(SYLLABLES).capitalize()}{self.word()}"
        )

    def title(self) -> str:
        return " ".join(self.words(self.rng.randint(6, 11))).capitalize()


def _cumulative(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return out


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _marked_up(rng: random.Random, text: str, site: str) -> str:
    """A paragraph's text as HTML: now and then a link or an emphasis around a few words."""
    words = [_esc(w) for w in text.split(" ")]
    if len(words) > 12 and rng.random() < 0.5:
        i = rng.randrange(1, len(words) - 4)
        slug = "-".join(re.sub(r"\W", "", w) for w in text.split(" ")[i : i + 3]).lower()
        words[i] = f'<a href="{site}/topic/{slug}/">{words[i]}'
        words[i + 2] = f"{words[i + 2]}</a>"
    if len(words) > 12 and rng.random() < 0.3:
        i = rng.randrange(len(words) - 2)
        tag = rng.choice(("em", "strong", "b", "i"))
        words[i] = f"<{tag}>{words[i]}"
        words[i + 1] = f"{words[i + 1]}</{tag}>"
    return " ".join(words)


STYLE = """<style>
body{margin:0;font:16px/1.5 Georgia,serif;color:#222}.site-header{background:#103050}
.nav a{color:#fff;padding:0 .6em}.menu{display:none}.article p{margin:0 0 1em}
.related li{list-style:square}.comments{border-top:1px solid #ccc}.footer{font-size:12px}
@media (max-width:600px){.nav{display:none}.menu-toggle{display:block}}
</style>"""


def _script(rng: random.Random, n: int) -> str:
    choices = (
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        f"gtag('js',new Date());gtag('config','G-{n:08d}');",
        "(function(){var d=document,s=d.createElement('script');s.async=true;"
        f"s.src='https://cdn.example/ads.js?slot={n}';d.head.appendChild(s)}})();",
        "document.querySelectorAll('.menu-toggle').forEach(function(b){b.addEventListener("
        "'click',function(){document.body.classList.toggle('menu-open')})});",
        f"var __cfg={{page:{n},section:'news',paywall:false,consent:{{analytics:1,ads:0}}}};",
    )
    return f"<script>{rng.choice(choices)}</script>"


def _nav(rng: random.Random, w: Words, site: str, links: int) -> str:
    items = "".join(
        f'<li><a href="{site}/{s.lower()}/">{s}</a></li>'
        for s in rng.sample(SECTIONS, min(links, len(SECTIONS)))
    )
    return f"<ul>{items}</ul>"


def _menu(rng: random.Random, w: Words, site: str) -> str:
    groups = []
    for section in rng.sample(SECTIONS, 4):
        links = "".join(
            f'<li><a href="{site}/{section.lower()}/{w.word()}/">{w.word().capitalize()}</a></li>'
            for _ in range(rng.randint(4, 7))
        )
        groups.append(f"<li><span>{section}</span><ul>{links}</ul></li>")
    return f"<ul>{''.join(groups)}</ul>"


def _related(rng: random.Random, w: Words, site: str) -> tuple[str, list[str]]:
    titles = [w.title() for _ in range(rng.randint(4, 6))]
    items = "".join(
        f'<li><a href="{site}/2026/{rng.randint(1, 12):02d}/{i}-{t.split()[0].lower()}/">'
        f"{_esc(t)}</a></li>"
        for i, t in enumerate(titles)
    )
    return items, titles


def _comments(rng: random.Random, w: Words) -> list[tuple[str, str, str]]:
    """(author, date, text) for 3 to 8 comments."""
    comments = []
    for _ in range(rng.randint(3, 8)):
        when = f"{rng.randint(1, 28)} March 2026 at {rng.randint(0, 23)}:{rng.randint(0, 59):02d}"
        text = " ".join(w.sentence(rng.randint(6, 14)) for _ in range(rng.randint(1, 3)))
        comments.append((w.name(), when, text))
    return comments


def _footer(rng: random.Random, w: Words, site: str) -> str:
    links = " ".join(
        f'<a href="{site}/{x.lower().replace(" ", "-")}/">{x}</a>' for x in FOOTER_LINKS
    )
    return f"{links}<p>&copy; 2026 {_esc(w.title()[:30])}. All rights reserved.</p>"


def make_page(n: int, base: str, now: datetime, w: Words) -> PageSpec:
    """Page number N, served at BASE/page/N.html, on layout N % 4; W draws the words."""
    rng = w.rng
    layout = LAYOUTS[n % len(LAYOUTS)]
    site = f"https://outlet{n % 37}.example"
    url = f"{base}/page/{n}.html"
    title = w.title()
    author = w.name()
    published = (now - timedelta(minutes=7 * n + rng.randint(0, 6))).replace(microsecond=0)
    iso = published.isoformat()
    human = f"{published:%d %B %Y, %H:%M}"
    paragraphs = [w.paragraph(rng.randint(48, 72)) for _ in range(rng.randint(6, 12))]
    related_items, related_titles = _related(rng, w, site)
    comments = _comments(rng, w)
    noise = tuple(related_titles + [c[2] for c in comments])
    section = rng.choice(SECTIONS)
    description = " ".join(paragraphs[0].split()[:25])
    excerpt = " ".join(paragraphs[0].split()[:35]) + " [\u2026]"
    body_parts = [f"<p>{_marked_up(rng, p, site)}</p>" for p in paragraphs]
    head_extra = ""

    if layout == "classic":
        if len(body_parts) > 7:
            body_parts.insert(4, f'<div class="ad-slot" id="ad-mid-{n}">Advertisement</div>')
        comment_html = "".join(
            f'<li class="comment"><div class="comment-author">{_esc(a)}</div>'
            f'<div class="comment-meta">{d}</div><p>{_esc(t)}</p></li>'
            for a, d, t in comments
        )
        page = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_esc(title)} - '
            f"Outlet {n % 37}</title>{STYLE}{_script(rng, n)}</head><body>"
            f'<header class="site-header"><a class="logo" href="{site}/">Outlet {n % 37}</a>'
            f'<nav class="nav">{_nav(rng, w, site, 8)}</nav>'
            f'<button class="menu-toggle">Menu</button><div class="menu">{_menu(rng, w, site)}'
            "</div></header>"
            f'<main id="main"><article class="article"><h1>{_esc(title)}</h1>'
            f'<p class="byline">By <a href="{site}/author/{n}/">{_esc(author)}</a> | '
            f'<time datetime="{iso}">{human}</time></p>'
            f"{''.join(body_parts)}</article>"
            f'<aside class="related"><h2>Related</h2><ul>{related_items}</ul></aside>'
            f'<section class="comments" id="comments"><h2>{len(comments)} comments</h2>'
            f"<ol>{comment_html}</ol></section></main>"
            f'<footer class="footer">{_footer(rng, w, site)}</footer>{_script(rng, n + 1)}'
            "</body></html>"
        )
    elif layout == "schema":
        ld = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "datePublished": iso, "author": {"@type": "Person", "name": author},
            "publisher": {"@type": "Organization", "name": f"Outlet {n % 37}"},
        }  # fmt: skip
        head_extra = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        body_parts.insert(
            min(3, len(body_parts)),
            '<div class="newsletter-box"><h3>Get the morning briefing</h3><form><input '
            'type="email" placeholder="Your email"><button>Sign up</button></form></div>',
        )
        comment_html = "".join(
            f'<div class="comment-body"><strong>{_esc(a)}</strong> <span>{d}</span>'
            f"<p>{_esc(t)}</p></div>"
            for a, d, t in comments
        )
        share = "".join(f'<a class="share-{s}" href="#">{s}</a>' for s in ("Mail", "Print", "Copy"))
        page = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_esc(title)}'
            f'</title><meta name="description" content="{_esc(description)}">{head_extra}{STYLE}'
            f"{_script(rng, n)}{_script(rng, n + 2)}</head><body>"
            f'<div id="top-bar"><a href="{site}/subscribe/">Subscribe</a> '
            f'<a href="{site}/login/">Log in</a></div>'
            f'<header><nav class="primary-navigation">{_nav(rng, w, site, 10)}</nav></header>'
            f'<div id="mega-menu" class="menu">{_menu(rng, w, site)}</div>'
            '<div id="content"><article itemscope itemtype="https://schema.org/NewsArticle">'
            f'<div class="kicker">{section}</div><h1 itemprop="headline">{_esc(title)}</h1>'
            f'<div class="meta"><span itemprop="author">{_esc(author)}</span> '
            f'<time itemprop="datePublished" datetime="{iso}">{human}</time></div>'
            f'<div class="share-bar">{share}</div>'
            f'<div id="story-body" itemprop="articleBody">{"".join(body_parts)}</div>'
            f'</article><div class="sidebar"><h3>Most read</h3><ol>{related_items}</ol></div>'
            f'<div id="comments"><h3>Join the discussion</h3>{comment_html}</div></div>'
            f'<footer id="site-footer">{_footer(rng, w, site)}</footer></body></html>'
        )
    elif layout == "magazine":
        head_extra = (
            f'<meta property="og:title" content="{_esc(title)}">'
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="{iso}">'
            f'<meta name="author" content="{_esc(author)}">'
        )
        standfirst = w.sentence(rng.randint(14, 22))
        also = related_titles[0]
        body_parts.insert(
            min(2, len(body_parts)),
            f'<figure><img src="{site}/img/{n}.jpg" alt="" width="1200" height="800">'
            f"<figcaption>{_esc(w.sentence(9))}</figcaption></figure>",
        )
        body_parts.insert(
            min(5, len(body_parts)),
            f'<div class="read-also">Read also: <a href="{site}/also/{n}/">{_esc(also)}</a></div>',
        )
        if len(paragraphs) > 8:
            body_parts.insert(7, f"<blockquote><p>{_esc(paragraphs[2][:110])}</p></blockquote>")
        comment_html = "".join(
            f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
            f"<b>{_esc(a)}</b> <time>{d}</time></footer>"
            f'<div class="comment-content"><p>{_esc(t)}</p></div>'
            f'<a class="reply" href="#">Reply</a></article></li>'
            for a, d, t in comments
        )
        page = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_esc(title)} | Outlet '
            f'{n % 37} Magazine</title>{head_extra}{STYLE}</head><body class="single">'
            f'<div class="site"><header class="masthead"><div class="brand">Outlet {n % 37}'
            f'</div><nav class="menu-main">{_menu(rng, w, site)}</nav></header>'
            '<div class="layout"><main><article class="post">'
            f'<header class="entry-header"><span class="cat">{section}</span>'
            f'<h1 class="entry-title">{_esc(title)}</h1><p class="standfirst">'
            f'{_esc(standfirst)}</p><div class="author-box"><img src="{site}/a/{n}.png" alt="">'
            f'<span class="author-name">{_esc(author)}</span> <span class="date">{human}'
            f'</span></div></header><div class="entry-content">{"".join(body_parts)}</div>'
            f'<footer class="entry-footer"><span class="tags">Tags: {section}, '
            f"{_esc(w.word())}</span></footer></article>"
            f'<section id="comments" class="comments-area"><h2>Comments</h2>'
            f'<ol class="comment-list">{comment_html}</ol></section></main>'
            f'<aside class="widget-area"><section class="widget"><h2>You may also like</h2>'
            f"<ul>{related_items}</ul></section></aside></div>"
            f'<footer class="site-footer">{_footer(rng, w, site)}</footer></div>'
            f"{_script(rng, n)}{_script(rng, n + 3)}</body></html>"
        )
    else:  # blog
        if len(paragraphs) > 6:
            body_parts.insert(
                6, f'<blockquote class="pullquote">{_esc(paragraphs[1][:90])}</blockquote>'
            )
        comment_html = "".join(
            f'<div class="comment"><div class="who">{_esc(a)} said on {d}:</div>'
            f'<div class="what">{_esc(t)}</div></div>'
            for a, d, t in comments
        )
        page = (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f"<title>{_esc(title)}</title>{STYLE}{_script(rng, n)}</head><body>"
            f'<div class="wrap"><div id="header"><h3><a href="{site}/">A notebook from outlet '
            f"{n % 37}</a></h3><nav>{_nav(rng, w, site, 6)}</nav></div>"
            f'<div id="sidebar-menu" class="menu">{_menu(rng, w, site)}</div>'
            f'<article id="post-{n}"><h2 class="title">{_esc(title)}</h2>'
            f'<div class="meta">Posted by {_esc(author)} on {human} in '
            f'<a href="{site}/category/{section.lower()}/">{section}</a></div>'
            f'{"".join(body_parts)}<ul class="post-tags"><li>{_esc(w.word())}</li>'
            f"<li>{_esc(w.word())}</li></ul></article>"
            f'<div class="related-posts"><h4>Related posts</h4><ul>{related_items}</ul></div>'
            f'<div class="comments"><h4>{len(comments)} responses</h4>{comment_html}'
            '<form class="comment-form"><textarea></textarea><button>Post</button></form></div>'
            f'<div id="footer">{_footer(rng, w, site)}</div></div>'
            f"{_script(rng, n + 1)}{_script(rng, n + 2)}</body></html>"
        )
    return PageSpec(url, title, excerpt, tuple(paragraphs), noise, page.encode(), published)


def page_host(n: int, hosts: int) -> int:
    """Pages go 50 to a feed, and a feed and its pages to one loopback address."""
    return (n // ENTRIES_PER_FEED) % hosts + 1


def make_pages(count: int, hosts: int, port: int, now: datetime, seed: int = 11) -> list[PageSpec]:
    """The same pages in the benchmark process and in the server's."""
    w = Words(random.Random(seed))
    return [
        make_page(n, f"http://127.0.0.{page_host(n, hosts)}:{port}", now, w) for n in range(count)
    ]


# ---------------------------------------------------------------- in-process timing


def _flat(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@dataclass(frozen=True, slots=True)
class Quality:
    words: float  # mean words extracted
    body: int  # pages with >= 90% of the article's paragraphs found whole
    noise: int  # pages with comment or related-link text in the extraction
    empty: int  # pages with nothing extracted


def judge(pages: list[PageSpec], texts: list[str]) -> Quality:
    body = noise = empty = 0
    for page, text in zip(pages, texts, strict=True):
        flat = _flat(text)
        if not flat:
            empty += 1
            continue
        found = sum(_flat(p) in flat for p in page.paragraphs)
        body += found >= 0.9 * len(page.paragraphs)
        noise += any(_flat(x) in flat for x in page.noise)
    mean = statistics.fmean(len(t.split()) for t in texts) if texts else 0.0
    return Quality(mean, body, noise, empty)


def time_rounds(
    runners: dict[str, Callable[[], list[str]]], rounds: int
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Best process time of each runner over ROUNDS, interleaved; the texts of the last round."""
    best = {name: float("inf") for name in runners}
    texts: dict[str, list[str]] = {}
    for _ in range(rounds):
        for name, run in runners.items():
            start = time.process_time()
            texts[name] = run()
            best[name] = min(best[name], time.process_time() - start)
    return best, texts


def in_process(pages: list[PageSpec], rounds: int) -> None:
    import trafilatura

    from tributary.extract import extract_article

    def tributary_run() -> list[str]:
        out = []
        for p in pages:
            article = extract_article(p.body, p.url, content_type=CONTENT_TYPE)
            out.append(article.text if article is not None else "")
        return out

    decoded = [p.body.decode("utf-8") for p in pages]

    def trafilatura_run() -> list[str]:
        return [trafilatura.extract(h) or "" for h in decoded]

    def no_comments_run() -> list[str]:
        return [trafilatura.extract(h, include_comments=False) or "" for h in decoded]

    runners = {
        "Tributary extract_article": tributary_run,
        "trafilatura.extract": trafilatura_run,
        "trafilatura.extract, include_comments=False": no_comments_run,
    }
    best, texts = time_rounds(runners, rounds)
    n = len(pages)
    kb = statistics.fmean(len(p.body) for p in pages) / 1024
    paras = statistics.fmean(len(p.paragraphs) for p in pages)
    article_words = statistics.fmean(sum(len(x.split()) for x in p.paragraphs) for p in pages)
    print(f"\n{n} pages ({kb:.1f} KB, {paras:.1f} paragraphs, {article_words:.0f} article words "
          f"on average; layouts {', '.join(LAYOUTS)}), CPU time best of {rounds}, "
          f"load average {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    head = ("extraction", "CPU s", "pages/s", "ms/page", "mean words", "article body",
            "comments/related leaked", "empty")  # fmt: skip
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    for name in runners:
        q = judge(pages, texts[name])
        cells = (name, f"{best[name]:.2f}", f"{n / best[name]:.1f}", f"{best[name] / n * 1000:.2f}",
                 f"{q.words:.0f}", f"{q.body}/{n}", f"{q.noise}/{n}", f"{q.empty}")  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    t, p = best["Tributary extract_article"], best["trafilatura.extract"]
    print(f"| Tributary/trafilatura | {t / p:.2f} | {p / t:.2f} | {t / p:.2f} | | | | |")
    print()
    for layout in LAYOUTS:
        idx = [i for i in range(n) if LAYOUTS[i % len(LAYOUTS)] == layout]
        found = []
        for name in runners:
            q = judge([pages[i] for i in idx], [texts[name][i] for i in idx])
            found.append(f"{name} {q.words:.0f} words, body {q.body}/{len(idx)}, "
                         f"leaked {q.noise}, empty {q.empty}")  # fmt: skip
        print(f"- {layout}: " + "; ".join(found))


# ---------------------------------------------------------------- end to end


def make_feed(index: int, pages: list[PageSpec]) -> bytes:
    items = "".join(
        f"<item><title>{_esc(p.title)}</title><link>{p.url}</link>"
        f'<guid isPermaLink="true">{p.url}</guid>'
        f"<pubDate>{format_datetime(p.published, usegmt=True)}</pubDate>"
        f"<description>{_esc(p.excerpt)}</description></item>"
        for p in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Excerpts {index}</title><link>http://excerpts{index}.example/</link>"
        f"<description>Excerpts only</description>{items}</channel></rss>"
    ).encode()


def feed_count(pages: int) -> int:
    return (pages + ENTRIES_PER_FEED - 1) // ENTRIES_PER_FEED


def feed_url(index: int, hosts: int, port: int) -> str:
    return f"http://127.0.0.{page_host(index * ENTRIES_PER_FEED, hosts)}:{port}/feed/{index}.xml"


def serve(count: int, hosts: int, port: int, now: datetime, ready: Event) -> None:
    from aiohttp import web

    pages = make_pages(count, hosts, port, now)
    feeds = {
        i: make_feed(i, pages[i * ENTRIES_PER_FEED : (i + 1) * ENTRIES_PER_FEED])
        for i in range(feed_count(count))
    }
    stats = {"feeds": 0, "pages": 0}

    async def feed(request: web.Request) -> web.Response:
        stats["feeds"] += 1
        return web.Response(body=feeds[int(request.match_info["index"])],
                            content_type="application/rss+xml", charset="utf-8")  # fmt: skip

    async def page(request: web.Request) -> web.Response:
        stats["pages"] += 1
        return web.Response(body=pages[int(request.match_info["n"])].body,
                            headers={"Content-Type": CONTENT_TYPE})  # fmt: skip

    run_loopback({"/feed/{index}.xml": feed, "/page/{n}.html": page}, stats, hosts, port, ready)


def posts_stored(db: Path) -> tuple[int, int, float]:
    """Posts, posts holding the page's text, mean words of those."""
    conn = sqlite3.connect(db)
    try:
        total = int(conn.execute("SELECT count(*) FROM posts").fetchone()[0])
        texts = [r[0] for r in conn.execute(
            "SELECT content_text FROM posts WHERE content_kind = 'full'")]  # fmt: skip
    finally:
        conn.close()
    return total, len(texts), statistics.fmean(len(t.split()) for t in texts) if texts else 0.0


def end_to_end(count: int, hosts: int, port: int, now: datetime) -> None:
    from bench_peers import run_measured

    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve, args=(count, hosts, port, now, ready), daemon=True
    )
    server.start()
    if not ready.wait(600):
        sys.exit("the page server did not start")
    feeds = feed_count(count)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-fulltext-") as name:
            tmp = Path(name)
            for mode in ("never", "always"):
                config, db = tmp / f"{mode}.toml", tmp / f"{mode}.db"
                lines = ["[fetch]", "allow_private_addresses = true", "concurrency = 50",
                         "per_host = 2", ""]  # fmt: skip
                for i in range(feeds):
                    lines += ["[[sources]]", f'url = "{feed_url(i, hosts, port)}"',
                              f'fulltext = "{mode}"', ""]  # fmt: skip
                config.write_text("\n".join(lines))
                server_stats(port)
                cmd = [str(BIN / "tributary"), "--config", str(config), "--database",
                       f"sqlite:///{db}", "update"]  # fmt: skip
                figures, out, err = run_measured(cmd, tmp, f"update-{mode}")
                http = server_stats(port)
                total, full, words = posts_stored(db)
                summary = out.strip().splitlines()[0] if out.strip() else err.strip()[-300:]
                rows.append((mode, figures, http, total, full, words, summary,
                             os.getloadavg()[0]))  # fmt: skip
    finally:
        server.terminate()
        server.join()
    never = rows[0][1]
    print(f"\n`tributary update`: {feeds} feeds of {ENTRIES_PER_FEED} excerpts linking to "
          f"{count} pages on {min(hosts, feeds)} loopback hosts (per_host 2), fresh SQLite, "
          f"{os.cpu_count()} cores\n")  # fmt: skip
    head = ("fulltext", "pages fetched", "posts", "with page text", "mean words", "wall s",
            "CPU s", "pages/s", "extra wall/page ms", "extra CPU/page ms", "exit")  # fmt: skip
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    for mode, f, http, total, full, words, _, _ in rows:
        cpu = f["user"] + f["sys"]
        extra_wall = (f["wall"] - never["wall"]) / count * 1000
        extra_cpu = (cpu - never["user"] - never["sys"]) / count * 1000
        always = mode == "always"
        cells = (mode, f"{http['pages']}", f"{total}", f"{full}", f"{words:.0f}" if full else "-",
                 f"{f['wall']:.2f}", f"{cpu:.2f}", f"{count / f['wall']:.1f}" if always else "-",
                 f"{extra_wall:.1f}" if always else "-", f"{extra_cpu:.1f}" if always else "-",
                 f"{f['exit']}")  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    print()
    for mode, _, _, _, _, _, summary, load in rows:
        print(f"- {mode}: load average {load:.2f} at the end; {summary}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--port", type=int, default=18951)
    parser.add_argument("--no-update", action="store_true", help="skip `tributary update`")
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    pages = make_pages(args.pages, args.hosts, args.port, now)
    print(f"{args.pages} pages built in {time.perf_counter() - started:.1f} s", flush=True)
    in_process(pages, args.rounds)
    if not args.no_update:
        end_to_end(args.pages, args.hosts, args.port, now)


if __name__ == "__main__":
    main()
