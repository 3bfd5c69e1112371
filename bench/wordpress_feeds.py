"""Synthetic WordPress-style RSS 2.0 feeds: invented outlets, writers and stories.

Each feed is what a WordPress site serves at /feed/: RSS 2.0 with content:encoded bodies of
about 4 KB (paragraphs, a heading, a quote or a list, now and then a figure, links),
dc:creator, one to three <category>, a guid of the ?p= form, an excerpt as <description>.

What the text is made of matters to Tributary's story clustering (tributary.stories), which
weighs words by their rarity in English and finds a post's candidate stories through its
heaviest words. Two kinds of text:

- ``news`` (the default): English words drawn as often as English uses them (wordfreq's
  20,000 commonest, so "the" is everywhere and "tofu" rare), WORDS (below) now and
  then (the category queries look for them), and for each story two invented names and
  three invented terms, in the headline and the lead. About three posts, from different
  outlets, tell each story, so the clustering also has stories to build. Word salad, never
  anyone's sentences.
- ``invented``: every word drawn from 3,000 invented words (and WORDS). To the English word
  list every word is rare, as it is for a feed in another language, so each post shares
  heavy words with a good part of the stories in the clustering's window. Leads are taken
  whole from the shared paragraphs, so posts repeat each other's leads and Tributary merges
  about a third of them as copies.

Everything is built from fixed seeds: the same arguments give the same bytes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from itertools import accumulate
from multiprocessing.synchronize import Event

from loopback import run_loopback

# Words the benchmarks' category queries look for (bench_update, bench_peers); the posts
# carry them now and then.
WORDS = [
    "council", "harbour", "ministry", "river", "drought", "ceasefire", "election", "union",
    "wage", "strike", "court", "reporter", "archive", "border", "grain", "convoy", "clinic",
    "school", "budget", "protest", "treaty", "coast",
]  # fmt: skip
SYLLABLES = [
    "ka", "ro", "mi", "tel", "van", "su", "bri", "dor", "ash", "fen", "ol", "gra", "pim", "tu",
    "ses", "kel", "mo", "ra", "zin", "pal", "ver", "lu", "ostr", "ne", "quil", "bas", "tor",
    "hem", "ir", "cal", "dru", "fo", "ya", "wen", "sk", "ith", "mar", "po", "len", "gu", "ba",
    "rel", "tav", "oc", "hin", "ul"
]  # fmt: skip
SECTIONS = ["Harbour", "Council", "Courts", "Labour", "Elections", "Coast", "Schools", "Budget"]
TITLE_VERBS = ["backs", "rejects", "delays", "opens", "faces", "wins", "plans", "warns on"]
LEAD_SLOTS = (1, 6, 12, 19, 27, 36, 48, 61)  # where a story's names and terms go in the lead


def invented_words(rng: random.Random, count: int, syllables: tuple[int, ...]) -> list[str]:
    """COUNT distinct made-up words, each of one of the given numbers of syllables."""
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice(syllables))))
    return sorted(words)


@dataclass(frozen=True, slots=True)
class Corpus:
    """Paragraphs shared by every feed (cheap to assemble) and, for ``news``, the stories."""

    text: str
    paragraphs: list[str]
    stories: list[tuple[str, ...]]  # (Name, Name, term, term, term); empty for ``invented``

    @classmethod
    def build(cls, text: str, posts: int, seed: int = 7) -> Corpus:
        rng = random.Random(seed)
        if text == "invented":
            vocabulary = invented_words(rng, 3000, (2, 2, 3))
            draw = lambda: _invented_word(rng, vocabulary)  # noqa: E731
            return cls(text, [_paragraph(rng, draw) for _ in range(6000)], [])
        if text != "news":
            raise ValueError(f"unknown text kind {text!r}")
        draw = _english(rng)
        paragraphs = [_paragraph(rng, draw) for _ in range(6000)]
        names = invented_words(random.Random(seed + 1), 40_000, (2, 3))
        terms = invented_words(random.Random(seed + 2), 60_000, (3, 4))
        stories = [
            (*(rng.choice(names).capitalize() for _ in range(2)), *rng.sample(terms, 3))
            for _ in range(max(1, posts // 3))
        ]
        return cls(text, paragraphs, stories)


def _invented_word(rng: random.Random, vocabulary: list[str]) -> str:
    return rng.choice(WORDS) if rng.random() < 0.08 else rng.choice(vocabulary)


def _english(rng: random.Random) -> Callable[[], str]:
    """Draws English words as often as English uses them (wordfreq's 20,000 commonest), and
    now and then one of WORDS."""
    import wordfreq  # a Tributary dependency (its story clustering weighs words with it)

    words = [w for w in wordfreq.top_n_list("en", 20_000) if w.isalpha()]
    cumulative = list(accumulate(wordfreq.word_frequency(w, "en") for w in words))
    drawn: list[str] = []

    def draw() -> str:
        if not drawn:
            drawn.extend(rng.choices(words, cum_weights=cumulative, k=10_000))
        word = drawn.pop()
        return rng.choice(WORDS) if rng.random() < 0.05 else word

    return draw


def _paragraph(rng: random.Random, word: Callable[[], str]) -> str:
    """A paragraph of four to seven sentences (about 500 characters); ``word`` draws one."""
    sentences = []
    for _ in range(rng.randint(4, 7)):
        words = [word() for _ in range(rng.randint(8, 17))]
        words[0] = words[0].capitalize()
        sentences.append(" ".join(words) + rng.choice((".", ".", ".", "?", "!")))
    return " ".join(sentences)


def _body(rng: random.Random, corpus: Corpus, story: tuple[str, ...], site: str, n: int) -> str:
    """A post body of about 4 KB; the story's names and terms go into its lead."""
    pool = corpus.paragraphs
    paragraphs = rng.sample(pool, 7)
    parts = []
    for k, text in enumerate(paragraphs):
        words = text.split(" ")
        if k == 0 and story:
            for slot, extra in zip(LEAD_SLOTS, story + story[:3], strict=True):
                words[min(slot, len(words) - 1)] = extra
        tag = ("em", "strong")[k % 2]
        words[5] = f"<{tag}>{words[5]}</{tag}>"
        parts.append(f"<p>{' '.join(words)}</p>")
    words = parts[0][3:].split(" ")
    link = f'<a href="{site}/{2026 - n % 3}/{1 + n % 12:02d}/item-{n}/">'
    parts[0] = f"<p>{link}{' '.join(words[:2])}</a> {' '.join(words[2:])}"
    parts.insert(3, f"<h3>{rng.choice(pool)[:40].rsplit(' ', 1)[0]}</h3>")
    if n % 2:
        parts.insert(5, f"<blockquote><p>{rng.choice(pool)[:220]}</p></blockquote>")
    else:
        items = "".join(f"<li>{rng.choice(pool)[:70]}</li>" for _ in range(3))
        parts.insert(5, f"<ul>{items}</ul>")
    if n % 3 == 0:
        parts.insert(
            1,
            f'<figure class="wp-block-image size-large"><img src="{site}/wp-content/uploads/'
            f'{n}.jpg" alt="" width="1024" height="683"/><figcaption>'
            f"{rng.choice(pool)[:60]}</figcaption></figure>",
        )
    return "\n".join(parts)


def _title(rng: random.Random, corpus: Corpus, story: tuple[str, ...], n: int) -> str:
    if story:
        title = f"{story[0]} {rng.choice(TITLE_VERBS)} {story[2]} {WORDS[n % len(WORDS)]} plan"
    else:
        words = rng.choice(corpus.paragraphs).split()[:7]
        title = f"{' '.join(words).rstrip('.?!')} {WORDS[n % len(WORDS)]}"
    return f"Court hears {title[0].lower()}{title[1:]}" if n % 5 == 0 else title


def make_feed(index: int, entries: int, url: str, corpus: Corpus, now: datetime) -> bytes:
    """Feed number INDEX with ENTRIES entries, served at URL (its atom:link rel=self)."""
    rng = random.Random(index)
    site = f"https://outlet{index}.example"
    writers = [
        f"{rng.choice(SYLLABLES).capitalize()}{rng.choice(SYLLABLES)} "
        f"{rng.choice(SYLLABLES).capitalize()}{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}"
        for _ in range(6)
    ]
    items = []
    for j in range(entries):
        n = index * entries + j
        story = rng.choice(corpus.stories) if corpus.stories else ()
        body = _body(rng, corpus, story, site, n)
        when = now - timedelta(minutes=j * 97 + index % 60)
        link = f"{site}/{when:%Y/%m/%d}/item-{n}/"
        cats = "".join(
            f"<category><![CDATA[{c}]]></category>" for c in rng.sample(SECTIONS, rng.randint(1, 3))
        )
        excerpt = " ".join(body.split("</p>", 1)[0].split()[:45])
        items.append(
            f"<item><title>{_title(rng, corpus, story, n)}</title><link>{link}</link>"
            f"<comments>{link}#respond</comments>"
            f"<dc:creator><![CDATA[{rng.choice(writers)}]]></dc:creator>"
            f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>{cats}"
            f'<guid isPermaLink="false">{site}/?p={n}</guid>'
            f"<description><![CDATA[{excerpt} [&#8230;]</p>]]></description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<wfw:commentRss>{link}feed/</wfw:commentRss><slash:comments>{n % 7}</slash:comments>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
        'xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel>'
        f"<title>Outlet {index} Gazette</title>"
        f'<atom:link href="{url}" rel="self" type="application/rss+xml" />'
        f"<link>{site}</link><description>News from outlet {index}</description>"
        f"<lastBuildDate>{format_datetime(now, usegmt=True)}</lastBuildDate>"
        "<language>en-US</language><sy:updatePeriod>hourly</sy:updatePeriod>"
        "<sy:updateFrequency>1</sy:updateFrequency>"
        f"<generator>https://wordpress.org/?v=6.7.1</generator>{''.join(items)}</channel></rss>"
    ).encode()


def feed_url(index: int, hosts: int, port: int) -> str:
    """Where ``serve_feeds`` serves feed number INDEX: spread over HOSTS loopback addresses."""
    return f"http://127.0.0.{index % hosts + 1}:{port}/feed/{index}/"


def serve_feeds(feeds: int, entries: int, hosts: int, port: int, text: str, ready: Event) -> None:
    """Serve FEEDS feeds of ENTRIES entries at ``feed_url`` with ETag and Last-Modified (so a
    second pass gets 304s); /stats returns and resets the counts of 200s, 304s and bytes.
    Blocks: run it in a separate process, and wait for ``ready``."""
    from aiohttp import web

    now = datetime.now(UTC).replace(microsecond=0)
    corpus = Corpus.build(text, feeds * entries)
    bodies = {i: make_feed(i, entries, feed_url(i, hosts, port), corpus, now) for i in range(feeds)}
    etags = {i: '"' + hashlib.sha1(b).hexdigest() + '"' for i, b in bodies.items()}
    modified = format_datetime(now, usegmt=True)
    stats: dict[str, int] = {"200": 0, "304": 0, "bytes": 0}

    def not_modified(request: web.Request, etag: str) -> bool:
        if "If-None-Match" in request.headers:
            return etag in (t.strip() for t in request.headers["If-None-Match"].split(","))
        since = request.headers.get("If-Modified-Since")
        try:
            return since is not None and parsedate_to_datetime(since) >= now
        except (TypeError, ValueError):
            return False

    async def feed(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        headers = {"ETag": etags[index], "Last-Modified": modified}
        if not_modified(request, etags[index]):
            stats["304"] += 1
            return web.Response(status=304, headers=headers)
        stats["200"] += 1
        stats["bytes"] += len(bodies[index])
        return web.Response(
            body=bodies[index], content_type="application/rss+xml", charset="utf-8",
            headers=headers,
        )  # fmt: skip

    run_loopback({"/feed/{index}/": feed}, stats, hosts, port, ready)
