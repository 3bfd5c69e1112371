"""De-duplication and story assignment per new post, as the archive grows (issues 5 and 7).

    .venv/bin/python bench/bench_stories.py [--sizes 10000,100000,1000000] [--new 2000]
                                            [--database postgresql://USER@HOST:PORT/DB]
                                            [--recent 5000] [--keep] [--analyze]

For each archive size N, in a fresh database (a SQLite file under bench/out/, or the
PostgreSQL database --database names, dropped and created anew for each size; its name must
contain "bench"):

1. Fill. Texts of ~150 words made of invented words only: filler drawn from 40,000 invented
   words (none in wordfreq's English list) cut into sentences, and per event 2-3 invented
   names (3 mentions each) and 3-4 keywords (2 each). The clustering gives every word
   wordfreq does not know the same weight, so the filler's Zipf exponent is a gentle 0.8:
   steeper, its commonest words would be every post's heaviest and find every story.
   An event is reported by 1-8 of 60 invented outlets in their own words, within hours of
   each other; about 5 % of posts are near-duplicate copies of a report by another outlet
   (a footer added, an excerpt, a few words edited, or the same link), some naming the
   original outlet as their origin.
   - The newest RECENT posts (default 5,000, at most N/2) span the last 8 days (the 7-day
     clustering window and a day more) and go in through the real ``Storage.save_feed``, one
     feed per outlet and half hour, so their fingerprints, duplicate groups, search index,
     category links and stories are what the pipeline makes. They are the same posts at
     every N, so the clustering's window holds the same stories at every N.
   - The N - RECENT older posts are spread over the two years before them and bulk-inserted
     straight into the tables in chunks of 5,000 (SQLite: the driver's executemany;
     PostgreSQL: COPY), made by one worker process while this one inserts: the real
     ``fingerprint()`` (lead key, MinHash, post_bands rows), duplicate links, category links
     and one ``stories`` row per event (its clustering state approximated from the event's
     words: it is never read, every such story lying outside the window). The secondary
     indexes of posts and post_bands are dropped for the load and made again after it.
     Search index: on SQLite each chunk's primaries go in through the backend's ``index``
     (what ``save_feed`` calls), in the chunk's transaction; ``Storage.reindex`` is no way
     to do it there, its batch query (``id > ? AND duplicate_of IS NULL ORDER BY id``) being
     planned on SQLite without statistics as a walk of ix_posts_duplicate_of and a sort of
     every primary, for each batch of 2,000. On PostgreSQL ``Storage.reindex`` builds it
     (GIN indexes once, after the load), and the database is ANALYZEd after the load, as
     autovacuum would. SQLite is not ANALYZEd (Tributary never does) unless --analyze.
2. Measure. NEW posts (default 2,000) go through ``Storage.save_feed`` in feeds of 50 entries
   from one outlet, ten minutes apart, each entry with its signals (``entry_signals``:
   fingerprint and story features, which the pipeline computes in its digest workers; their
   cost is shown apart, not in the save): half reports of new events, 30 % further reports of
   events of the last 36 hours, 20 % near-duplicate copies of stored reports from another
   outlet (60 % recent, 40 % older). Timed per post: the whole save, and the time inside
   ``storage.dedupe.match``, ``storage.dedupe.settle`` and ``StoryKeeper.assign`` (wrapped by
   patching those module and class attributes for the run); counted: the stored posts that
   share an LSH band with a new post (``_band_candidates``) and the stories the clustering
   scores for each post it assigns (``Clusterer.candidates``). Also checked: how many planted
   copies ``match`` found (and how many non-copies it merged), how many further reports
   joined a story and how many new events wrongly did. Then, once: the time a process
   starting now takes to load the window's stories (``StoryKeeper``'s first sync).
3. Print the Markdown tables: cost per new post, what the posts came to, and the fill (its
   parts, the database's size on disk, the stories in the window).
"""

from __future__ import annotations

import argparse
import bisect
import functools
import hashlib
import itertools
import json
import math
import multiprocessing
import random
import statistics
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import wordfreq
from sqlalchemy import Connection, Engine, Table, create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from tributary.dedupe import fingerprint
from tributary.signals import entry_signals
from tributary.storage import CategorySpec, SourceSpec, SqlStorage, open_storage, search
from tributary.storage import dedupe as dedupe_sql
from tributary.storage.convert import post_id_for
from tributary.storage.engine import database_url, make_engine
from tributary.storage.search import IndexRow
from tributary.storage.story_state import StoryInput, StoryKeeper
from tributary.storage.tables import (
    categories,
    post_bands,
    post_categories,
    posts,
    stories,
)
from tributary.stories.cluster import Clusterer
from tributary.types import CleanEntry, ContentKind, FetchOutcome, FiledEntry

P = ParamSpec("P")
R = TypeVar("R")

VOCABULARY = 40_000
ZIPF = 0.8
NAMES = 60_000
SOURCES = 60
CATEGORIES = ("harbour", "council", "markets", "weather", "sport", "culture")
NOW = datetime(2026, 11, 1, tzinfo=UTC)
SPAN = timedelta(days=730)
RECENT_SPAN = timedelta(days=8)  # the clustering's 7-day window and a day more
REPORTS = (1, 2, 3, 4, 5, 6, 8)  # outlets reporting one event, with these weights:
REPORT_WEIGHTS = (55, 20, 10, 6, 4, 3, 2)
COPY_SHARE = 0.05  # of all posts
COPY_KINDS = ("footer", "excerpt", "edited", "url")
COPY_WEIGHTS = (30, 20, 35, 15)
WORDS = (135, 165)
FILL_BATCH = 5_000  # posts per bulk transaction
ROUND = timedelta(minutes=30)  # the recent posts: one feed per outlet and half hour
FEED = 50  # entries per measured feed
FEED_STEP = timedelta(minutes=10)
FOLLOW_UP = timedelta(hours=36)  # how far back a further report's event may lie
MIX = (("unique", 50), ("report", 30), ("copy", 20))
OLD_RESERVOIR = 1_000
SAMPLE_PER_CHUNK = 20
CHUNKS_AHEAD = 2  # made and waiting to be inserted, at most
SEED = 20261125
SQLITE_FILL_CACHE_KIB = 2 * 2**20  # the fill's own connection only
# fmt: off
SYLLABLES = ("ka", "ro", "mi", "ten", "sul", "var", "do", "pre", "lin", "gor", "ash", "bel",
             "tu", "nor", "eki", "sam", "ul", "dra", "fen", "oz", "pa", "rin", "cho", "vel")
NAME_PARTS = (("Ar", "Bel", "Cor", "Dun", "Es", "Fal", "Gri", "Hal", "Iv", "Jor", "Kes", "Lum",
               "Mor", "Nal", "Or", "Pel", "Quen", "Ros", "Sar", "Tol", "Ub", "Val", "Wen",
               "Yar", "Zel", "Brev", "Ctor", "Drin", "Ferr", "Glo"),
              ("a", "e", "i", "o", "u", "ae", "ei", "ou"),
              ("n", "k", "s", "v", "r", "th", "nd", "l", "m", "x", "st", "rr"),
              ("", "a", "o", "in", "ek", "is", "ura", "ett", "ely", "ov"))
# fmt: on
OUT = Path(__file__).resolve().parent / "out"


# -- invented texts -----------------------------------------------------------------------


@dataclass(slots=True)
class Event:
    names: tuple[str, ...]
    keywords: tuple[str, ...]
    category: str
    when: datetime
    story_id: str | None = None  # the first report's id (old events only)


@dataclass(slots=True)
class Outlet:
    name: str
    url: str
    host: str
    source_id: int = 0


@dataclass(slots=True)
class Article:
    id: str
    outlet: Outlet
    key: str
    url: str
    title: str
    text: str
    published: datetime
    event: Event
    kind: str  # "report", "copy" (near-duplicate of ``original``), "unique" (measured)
    original: Article | None = None
    origin_outlet: str | None = None
    content_kind: ContentKind = "full"


class Writer:
    """Invented words, names and outlets, and the texts made of them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        known = wordfreq.get_frequency_dict("en", wordlist="best")
        words: set[str] = set()
        while len(words) < VOCABULARY:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in known:
                words.add(word)
        self.words = sorted(words, key=lambda w: (len(w), w))  # short words are common
        # An urn where the word of rank r lies about (VOCABULARY / r) ** ZIPF times: drawing
        # from it uniformly is Zipf-like sampling, and much faster than weighted choices.
        self.urn = [w for r, w in enumerate(self.words, 1)
                    for _ in range(round((VOCABULARY / r) ** ZIPF))]  # fmt: skip
        names: set[str] = set()
        while len(names) < NAMES:
            parts = [rng.choice(options) for options in NAME_PARTS]
            if rng.random() < 0.5:
                parts.insert(2, rng.choice(NAME_PARTS[1]) + rng.choice(NAME_PARTS[2]))
            name = "".join(parts)
            if name.lower() not in known:
                names.add(name)
        self.names = sorted(names)
        self.serial = itertools.count()
        self.outlets = [self._outlet(i) for i in range(SOURCES)]

    def _outlet(self, index: int) -> Outlet:
        name = f"{self.names[index * 7]} {self.words[500 + index].capitalize()}"
        host = f"{self.words[500 + index]}-{index}.example"
        return Outlet(name, f"https://{host}/feed", host)

    def filler(self, count: int) -> list[str]:
        return self.rng.choices(self.urn, k=count)

    def event(self, when: datetime) -> Event:
        names = tuple(self.rng.sample(self.names, self.rng.randint(2, 3)))
        picks = self.rng.sample(range(300, 20_000), self.rng.randint(3, 4))
        keywords = tuple(self.words[i] for i in picks)
        return Event(names, keywords, self.rng.choice(CATEGORIES), when)

    def report(self, event: Event) -> tuple[str, str]:
        """A title and ~150 words about ``event``, in words of its own."""
        rng = self.rng
        tokens = self.filler(rng.randint(*WORDS))
        mentions = [n for n in event.names for _ in range(3)]
        mentions += [k for k in event.keywords for _ in range(2)]
        for mention in mentions:  # in the lead, where the clustering looks
            tokens.insert(rng.randrange(0, 110), mention)
        title_words = [event.names[0], *rng.sample(event.keywords, 2), *self.filler(4)]
        rng.shuffle(title_words)
        return _sentence(title_words).removesuffix("."), self._sentences(tokens)

    def _sentences(self, tokens: list[str]) -> str:
        out, start = [], 0
        while start < len(tokens):
            length = self.rng.randint(9, 17)
            out.append(_sentence(tokens[start : start + length]))
            start += length
        return " ".join(out)

    def article(
        self, outlet: Outlet, event: Event, published: datetime, kind: str = "report"
    ) -> Article:
        title, body = self.report(event)
        return self._make(outlet, title, body, published, event, kind)

    def copy(self, original: Article, outlet: Outlet, published: datetime) -> Article:
        """A near-duplicate of ``original`` published by ``outlet``."""
        rng = self.rng
        how = rng.choices(COPY_KINDS, COPY_WEIGHTS)[0]
        title, body = original.title, original.text
        kind: ContentKind = "full"
        footer = _sentence([*self.filler(7), *outlet.name.split()])
        if how in ("footer", "url"):
            body = f"{body} {footer}"
        elif how == "excerpt":
            body = " ".join(body.split()[:60]) + " ..."
            kind = "excerpt"
        else:  # a few words edited, one of them in the lead: the lead key differs
            tokens = body.split()
            for i in {rng.randrange(0, 30), *rng.sample(range(len(tokens)), 4)}:
                tokens[i] = self.filler(1)[0] + (tokens[i][-1] if tokens[i][-1] == "." else "")
            body = " ".join(tokens)
            heading = title.split()
            heading[-1] = self.filler(1)[0]
            title = " ".join(heading)
        made = self._make(outlet, title, body, published, original.event, "copy")
        made.original = original
        made.content_kind = kind
        if how == "url":
            made.url = original.url
        if rng.random() < 0.4:
            made.origin_outlet = original.outlet.name
        return made

    def _make(
        self, outlet: Outlet, title: str, body: str, published: datetime, event: Event, kind: str
    ) -> Article:
        n = next(self.serial)
        key = f"guid:{outlet.host}-{n}"
        slug = "-".join(title.lower().split()[:3])
        url = f"https://{outlet.host}/{published:%Y/%m}/{slug}-{n}"
        post_id = post_id_for(outlet.url, key)
        return Article(post_id, outlet, key, url, title, body, published, event, kind)


def _sentence(words: Sequence[str]) -> str:
    joined = " ".join(words)
    return joined[:1].upper() + joined[1:] + "."


def events_between(
    writer: Writer, first: datetime, last: datetime, count: int, until: datetime
) -> Iterator[tuple[Event, list[Article]]]:
    """``count`` posts about events spread evenly over [first, last): each event with its
    reports (hours apart, by different outlets) and the copies some of them get; what would
    be published at ``until`` or later is left out."""
    rng = writer.rng
    made = 0
    while made < count:
        event = writer.event(first + (last - first) * (made / count))
        reporters = rng.sample(writer.outlets, rng.choices(REPORTS, REPORT_WEIGHTS)[0])
        items: list[Article] = []
        for i, outlet in enumerate(reporters):
            delay = rng.uniform(0, 1) if i == 0 else min(30.0, rng.expovariate(1 / 5))
            items.append(writer.article(outlet, event, event.when + timedelta(hours=delay)))
        for report in list(items):
            if rng.random() < COPY_SHARE / (1 - COPY_SHARE):
                outlet = rng.choice([o for o in writer.outlets if o.url != report.outlet.url])
                later = report.published + timedelta(hours=rng.uniform(0.5, 5))
                items.append(writer.copy(report, outlet, later))
        items = [a for a in items if a.published < until][: count - made]
        if items:
            made += len(items)
            yield event, items


# -- rows, entries, feeds ------------------------------------------------------------------


def post_row(article: Article, duplicate_of: str | None, story_id: str | None) -> dict[str, Any]:
    fp = fingerprint(article.url, article.text)
    return {
        "id": article.id, "source_id": article.outlet.source_id, "key": article.key,
        "guid": article.key.removeprefix("guid:"), "url": article.url, "title": article.title,
        "author": None, "published": article.published, "updated": article.published,
        "first_seen": article.published + timedelta(minutes=10),
        "summary": article.text[:400], "content_html": f"<p>{article.text}</p>",
        "content_text": article.text, "content_kind": article.content_kind, "tags": "[]",
        "enclosures": "[]", "origin_outlet": article.origin_outlet, "origin_author": None,
        "content_hash": _hash(article), "duplicate_of": duplicate_of, "story_id": story_id,
        "lead_key": fp.lead_key, "minhash": fp.minhash,
        "filed": json.dumps([article.event.category]), "_bands": set(fp.bands),
    }  # fmt: skip


def _hash(article: Article) -> str:
    return hashlib.sha256(f"{article.title}\n{article.text}".encode()).hexdigest()


def story_row(event: Event, reports: Sequence[Article]) -> dict[str, Any]:
    """An old event's story. Its state is approximated (the lead's distinct words, equal
    weights): a story this old is outside the window and never read back."""
    first = min(reports, key=lambda a: (a.published, a.id))
    last = max(a.published for a in reports)
    lead = list(dict.fromkeys(first.text.lower().replace(".", "").split()[:60]))
    terms = {w: round(1 / math.sqrt(len(lead)), 5) for w in lead}
    entities = {n.lower(): round(1 / math.sqrt(len(event.names)), 5) for n in event.names}
    state = {"terms": terms, "entities": entities, "title_terms": terms, "title_score": 1.0}
    return {
        "id": first.id, "title": first.title, "first_seen": first.published, "last_seen": last,
        "size": len(reports), "state": json.dumps(state, separators=(",", ":")),
        "updated_at": last + timedelta(minutes=10),
    }  # fmt: skip


def filed(article: Article) -> FiledEntry:
    """The entry as the pipeline hands it to storage: with its signals (fingerprint, story
    features), which the pipeline computes in its digest workers, beside cleaning."""
    entry = CleanEntry(
        key=article.key,
        content_hash=_hash(article),
        guid=article.key.removeprefix("guid:"),
        url=article.url,
        title=article.title,
        author=None,
        published=article.published,
        updated=article.published,
        summary=article.text[:400],
        content_html=f"<p>{article.text}</p>",
        content_text=article.text,
        content_kind=article.content_kind,
        origin_outlet=article.origin_outlet,
    )
    return FiledEntry(entry, (article.event.category,), entry_signals(entry))


def outcome(outlet: Outlet, fetched_at: datetime) -> FetchOutcome:
    return FetchOutcome(
        source_id=outlet.source_id,
        fetched_at=fetched_at,
        next_check=fetched_at + ROUND,
        status=200,
        error=None,
        error_count=0,
        duration_ms=80,
        feed_title=outlet.name,
    )


def feeds(articles: Sequence[Article]) -> Iterator[tuple[datetime, Outlet, list[Article]]]:
    """The recent posts as the pipeline would meet them: every half hour, one feed per outlet
    with what it published since (oldest first, at most FEED entries a feed)."""
    rounds: dict[tuple[datetime, str], list[Article]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: (a.published, a.id)):
        seconds = ROUND.total_seconds()
        end = datetime.fromtimestamp(
            math.ceil(article.published.timestamp() / seconds) * seconds, UTC
        )
        rounds[(end, article.outlet.url)].append(article)
    for (end, _), items in sorted(rounds.items(), key=lambda kv: (kv[0][0], kv[1][0].published)):
        for start in range(0, len(items), FEED):
            yield end, items[start].outlet, items[start : start + FEED]


# -- filling the archive --------------------------------------------------------------------


@dataclass(slots=True)
class Fill:
    wall: float = 0.0  # all of the fill
    bulk: float = 0.0  # wall time of the bulk load: generation (a worker) overlaps inserting
    generate: float = 0.0  # the worker's time: texts, fingerprints, rows
    insert: float = 0.0  # the inserting process's time in the tables
    indexes: float = 0.0  # creating the secondary indexes after the bulk load
    search_index: float = 0.0  # SQLite: chunk by chunk in the bulk load; PostgreSQL: reindex
    recent: float = 0.0  # the recent posts through save_feed
    recent_posts: int = 0
    old_sample: list[Article] = field(default_factory=list)
    recent_articles: list[Article] = field(default_factory=list)
    recent_events: list[Event] = field(default_factory=list)


def setup_sources(storage: SqlStorage, writer: Writer) -> dict[str, int]:
    specs = [SourceSpec(o.url, o.name, "auto", None, ()) for o in writer.outlets]
    storage.sync_sources(specs, NOW - SPAN)
    storage.sync_categories([CategorySpec(c, c.title()) for c in CATEGORIES], "bench")
    ids = {s.url: s.id for s in storage.list_sources()}
    _number(writer, ids)
    return ids


def _number(writer: Writer, source_ids: dict[str, int]) -> None:
    for outlet in writer.outlets:
        outlet.source_id = source_ids[outlet.url]


@dataclass(slots=True)
class Chunk:
    """FILL_BATCH old posts as rows for the tables, made in the worker process."""

    posts: list[dict[str, Any]]
    stories: list[dict[str, Any]]
    links: list[dict[str, Any]]
    bands: list[tuple[int, str]]
    search: list[IndexRow]  # the primaries, as the search index takes them
    sample: list[Article]  # a few reports, to be copied by measured posts
    seconds: float


_WORKER: Writer | None = None


def _start_worker(source_ids: dict[str, int]) -> None:
    global _WORKER
    _WORKER = Writer(random.Random(SEED))
    _number(_WORKER, source_ids)


def make_chunk(task: tuple[int, datetime, datetime, int]) -> Chunk:
    """Chunk ``index``: ``count`` posts about events spread over [first, last)."""
    index, first, last, count = task
    started = time.perf_counter()
    writer = _WORKER
    assert writer is not None
    writer.rng, writer.serial = random.Random(index), itertools.count(10**10 + index * 10**7)
    rows: list[dict[str, Any]] = []
    story_rows: list[dict[str, Any]] = []
    reports: list[Article] = []
    for event, items in events_between(writer, first, last, count, last + FOLLOW_UP):
        mine = [a for a in items if a.kind == "report"]
        reports.extend(mine)
        story = story_row(event, mine)
        story_rows.append(story)
        for article in items:
            root = article.original.id if article.original is not None else None
            rows.append(post_row(article, root, story["id"]))
    bands = [(band, row["id"]) for row in rows for band in row.pop("_bands")]
    links = [{"post_id": r["id"], "category_slug": json.loads(r["filed"])[0],
              "published": r["published"]} for r in rows if r["duplicate_of"] is None]  # fmt: skip
    names = {o.source_id: o.name for o in writer.outlets}
    search_rows = [IndexRow(r["id"], r["title"], r["content_text"], "", "", names[r["source_id"]])
                   for r in rows if r["duplicate_of"] is None]  # fmt: skip
    sample = writer.rng.sample(reports, min(len(reports), SAMPLE_PER_CHUNK))
    return Chunk(rows, story_rows, links, bands, search_rows, sample, time.perf_counter() - started)


def fill_old(
    url: str,
    source_ids: dict[str, int],
    count: int,
    end: datetime,
    fill: Fill,
    *,
    search_in_chunks: bool = True,
) -> None:
    """Bulk-insert ``count`` posts about events of the SPAN before ``end`` (less FOLLOW_UP,
    so that their last reports come before ``end``). One worker process makes the rows
    while this one inserts them, each chunk in its own transaction; the secondary indexes
    of posts and post_bands are dropped meanwhile and made again at the end. With
    ``search_in_chunks`` false, SQLite's search index is left to the caller (bench_site.py
    builds it with ``Storage.reindex``)."""
    started = time.perf_counter()
    parts = math.ceil(count / FILL_BATCH)
    first, last = end - SPAN, end - FOLLOW_UP
    tasks = [(i, first + (last - first) * (i / parts), first + (last - first) * ((i + 1) / parts),
              min(FILL_BATCH, count - i * FILL_BATCH)) for i in range(parts)]  # fmt: skip
    engine = make_engine(database_url(url))
    inserted = 0
    secondary = [index for table in (posts, post_bands) for index in table.indexes]
    try:
        with engine.begin() as conn:
            for index in secondary:
                index.drop(conn)
        with multiprocessing.get_context("spawn").Pool(
            1, initializer=_start_worker, initargs=(source_ids,)
        ) as pool:
            ahead: deque[AsyncResult[Chunk]] = deque()
            for task in [*tasks, None]:
                if task is not None:
                    ahead.append(pool.apply_async(make_chunk, (task,)))
                while ahead and (task is None or len(ahead) > CHUNKS_AHEAD):
                    chunk = ahead.popleft().get()
                    fill.generate += chunk.seconds
                    fill.old_sample.extend(chunk.sample)
                    inserted += len(chunk.posts)
                    insert_chunk(engine, chunk, fill, search_in_chunks)
                    print(f"\r  bulk: {inserted:,} posts", end="", file=sys.stderr)
        print(file=sys.stderr)
        mark = time.perf_counter()
        with engine.begin() as conn:
            for index in secondary:
                index.create(conn)
        fill.indexes = time.perf_counter() - mark
        mark = time.perf_counter()
        with engine.begin() as conn:
            for slug in CATEGORIES:
                total = select(func.count()).where(post_categories.c.category_slug == slug)
                count_now = conn.execute(total).scalar_one()
                conn.execute(update(categories).where(categories.c.slug == slug)
                             .values(post_count=count_now))  # fmt: skip
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("ANALYZE")  # as autovacuum would, after a load this big
        fill.insert += time.perf_counter() - mark
    finally:
        engine.dispose()
    fill.old_sample = random.Random(3).sample(
        fill.old_sample, min(OLD_RESERVOIR, len(fill.old_sample))
    )
    fill.bulk = time.perf_counter() - started


def insert_chunk(engine: Engine, chunk: Chunk, fill: Fill, search_in_chunks: bool = True) -> None:
    """One chunk, one transaction. On SQLite (with ``search_in_chunks``) the chunk's
    primaries go into the search index here too, through the same backend call ``save_feed``
    makes: as an archive grows, with FTS5 merging its segments as it goes.
    (``Storage.reindex`` is no way to do it there: see the module's docstring.)"""
    started = time.perf_counter()
    with engine.begin() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_FILL_CACHE_KIB}")
        bulk(conn, posts, chunk.posts)
        bulk(conn, stories, chunk.stories)
        bulk(conn, post_categories, chunk.links)
        bulk(conn, post_bands, [{"band": b, "post_id": p} for b, p in chunk.bands])
        mark = time.perf_counter()
        if sqlite and search_in_chunks:
            search.backend_for(conn).index(conn, chunk.search)
        indexing = time.perf_counter() - mark
    fill.search_index += indexing
    fill.insert += time.perf_counter() - started - indexing


def bulk(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table`` past SQLAlchemy's per-row work: COPY on PostgreSQL,
    the driver's executemany on SQLite (values converted by the columns' own types)."""
    if not rows:
        return
    names = list(rows[0])
    raw = conn.connection.driver_connection
    assert raw is not None
    columns = ", ".join(f'"{n}"' for n in names)
    if conn.dialect.name == "postgresql":
        statement = f"COPY {table.name} ({columns}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[n] for n in names])
        return
    convert = [table.c[n].type.bind_processor(conn.dialect) for n in names]
    values = [
        tuple(
            v if f is None else f(v) for v, f in zip((row[n] for n in names), convert, strict=True)
        )
        for row in rows
    ]
    marks = ", ".join("?" for _ in names)
    raw.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values)


def fill_recent(storage: SqlStorage, writer: Writer, count: int, fill: Fill) -> None:
    """The newest ``count`` posts, over the last RECENT_SPAN, through ``save_feed``."""
    articles: list[Article] = []
    for event, items in events_between(writer, NOW - RECENT_SPAN, NOW, count, NOW):
        fill.recent_events.append(event)
        articles.extend(items)
    fill.recent_articles = articles
    started = time.perf_counter()
    done = 0
    for fetched_at, outlet, items in feeds(articles):
        storage.save_feed(outcome(outlet, fetched_at), [filed(a) for a in items], fetched_at)
        done += len(items)
        if done % 500 < len(items):
            print(f"\r  save_feed: {done:,} recent posts", end="", file=sys.stderr)
    print(file=sys.stderr)
    fill.recent = time.perf_counter() - started
    fill.recent_posts = done


# -- measuring -------------------------------------------------------------------------------


@dataclass(slots=True)
class Probe:
    """Time spent in, and what was counted by, the patched functions."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    counts: Counter[str] = field(default_factory=Counter)
    matched: set[str] = field(default_factory=set)  # fresh posts ``match`` found copies of
    stories: dict[str, bool] = field(default_factory=dict)  # assigned post -> joined a story

    def timed(self, name: str, function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started

        return wrapper

    def patches(self) -> list[tuple[Any, str, Any]]:
        match, settle = dedupe_sql.match, dedupe_sql.settle
        band_candidates, assign = dedupe_sql._band_candidates, StoryKeeper.assign
        candidates = Clusterer.candidates

        # storage/dedupe.py is being reworked: ``match`` gives a dict of roots or a
        # ``Matches`` holding them, ``_band_candidates`` the candidates or (candidates, full
        # bands); the counting takes either and passes the result on untouched.
        def counted_match(conn: Connection, fresh: Sequence[dedupe_sql.Fresh]) -> Any:
            found: Any = match(conn, fresh)
            self.matched.update(getattr(found, "roots", found))
            return found

        def counted_bands(conn: Connection, fresh: Sequence[dedupe_sql.Fresh]) -> Any:
            found: Any = band_candidates(conn, fresh)
            banded = found[0] if isinstance(found, tuple) else found
            self.counts["fresh"] += len(fresh)
            self.counts["lsh"] += sum(len(v) for v in banded.values())
            return found

        def counted_assign(
            keeper: StoryKeeper, conn: Connection, items: Sequence[StoryInput], now: datetime
        ) -> dict[str, str]:
            assigned = assign(keeper, conn, items, now)
            for item in items:
                self.stories[item.post_id] = assigned[item.post_id] != item.post_id
            return assigned

        def counted_candidates(clusterer: Clusterer, post: Any) -> list[Any]:
            found = candidates(clusterer, post)
            self.counts["probes"] += 1
            self.counts["story candidates"] += len(found)
            return found

        return [
            (dedupe_sql, "match", self.timed("match", counted_match)),
            (dedupe_sql, "settle", self.timed("settle", settle)),
            (dedupe_sql, "_band_candidates", counted_bands),
            (StoryKeeper, "assign", self.timed("stories", counted_assign)),
            (Clusterer, "candidates", counted_candidates),
        ]


@contextmanager
def patched(probe: Probe) -> Iterator[None]:
    patches = probe.patches()
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    try:
        for owner, name, wrapper in patches:
            setattr(owner, name, wrapper)
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def plan_new(
    writer: Writer, fill: Fill, count: int
) -> list[tuple[datetime, Outlet, list[Article]]]:
    """The measured feeds: FEED entries each, from one outlet, FEED_STEP apart."""
    rng = writer.rng
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    events = sorted(fill.recent_events, key=lambda e: e.when)
    recent = [a for a in fill.recent_articles if a.kind == "report"]
    old = [a for a in fill.old_sample if a.kind == "report"]
    batches = []
    for b in range(math.ceil(count / FEED)):
        now = NOW + FEED_STEP * (b + 1)
        outlet = rng.choice(writer.outlets)
        size = min(FEED, count - b * FEED)
        times = sorted(now - FEED_STEP * rng.random() for _ in range(size))
        items = []
        for published in times:
            kind = rng.choices(kinds, weights)[0]
            if kind == "copy":
                pool = old if old and rng.random() < 0.4 else recent
                original = rng.choice([a for a in pool if a.outlet.url != outlet.url])
                items.append(writer.copy(original, outlet, published))
                continue
            lately = events[bisect.bisect_left([e.when for e in events], now - FOLLOW_UP) :]
            if kind == "report" and lately:
                items.append(writer.article(outlet, rng.choice(lately), published, "report"))
                continue
            event = writer.event(published)
            events.append(event)
            items.append(writer.article(outlet, event, published, "unique"))
        batches.append((now, outlet, items))
    return batches


@dataclass(slots=True)
class Result:
    size: int
    database: str
    posts: int
    save_ms: list[float]  # per post, one value per feed
    signals_ms: float  # per post, in the pipeline's digest workers (not in the save)
    seconds: dict[str, float]
    counts: Counter[str]
    quality: dict[str, tuple[int, int]]  # what -> (as planned, of)
    fill: Fill
    bytes_on_disk: int
    window_stories: int
    window_load_ms: float

    def per_post(self, name: str) -> float:
        return self.seconds.get(name, 0.0) * 1000 / self.posts


def measure(storage: SqlStorage, writer: Writer, fill: Fill, count: int) -> Result:
    plan = plan_new(writer, fill, count)
    probe = Probe()
    save_ms: list[float] = []
    signals = 0.0
    with patched(probe):
        for now, outlet, items in plan:
            started = time.perf_counter()
            entries = [filed(a) for a in items]
            signals += time.perf_counter() - started
            started = time.perf_counter()
            storage.save_feed(outcome(outlet, now), entries, now)
            save_ms.append((time.perf_counter() - started) * 1000 / len(items))
    new = [a for _, _, items in plan for a in items]
    copies = [a for a in new if a.kind == "copy"]
    others = [a for a in new if a.kind != "copy"]
    reports = [a for a in new if a.kind == "report"]
    unique = [a for a in new if a.kind == "unique"]
    quality = {
        "copies found": (sum(a.id in probe.matched for a in copies), len(copies)),
        "non-copies merged": (sum(a.id in probe.matched for a in others), len(others)),
        "reports joined a story": (
            sum(probe.stories.get(a.id, False) for a in reports),
            len(reports),
        ),
        "new events joined a story": (
            sum(probe.stories.get(a.id, False) for a in unique),
            len(unique),
        ),
    }
    stories_in_window, load_ms = window_load(storage, plan[-1][0])
    return Result(
        size=0,
        database=storage.engine.dialect.name,
        posts=len(new),
        save_ms=save_ms,
        signals_ms=signals * 1000 / len(new),
        seconds=dict(probe.seconds),
        counts=probe.counts,
        quality=quality,
        fill=fill,
        bytes_on_disk=0,
        window_stories=stories_in_window,
        window_load_ms=load_ms,
    )


def window_load(storage: SqlStorage, now: datetime) -> tuple[int, float]:
    """What a process starting now pays once: loading the window's stories into memory."""
    keeper = StoryKeeper()
    with storage.engine.connect() as conn:
        started = time.perf_counter()
        keeper._sync(conn, now)
        elapsed = (time.perf_counter() - started) * 1000
    return len(keeper.clusterer.stories), elapsed


def size_on_disk(storage: SqlStorage, url: str) -> int:
    with storage.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            query = text("SELECT pg_database_size(current_database())")
            return int(conn.execute(query).scalar_one())
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*"))


# -- databases and the run ------------------------------------------------------------------


@contextmanager
def fresh_database(database: str | None, size: int, keep: bool) -> Iterator[str]:
    """A URL to an empty database, removed afterwards unless ``keep``."""
    if database is None:
        OUT.mkdir(exist_ok=True)
        path = OUT / f"stories-{size}.db"
        for leftover in OUT.glob(f"{path.name}*"):
            leftover.unlink()
        yield f"sqlite:///{path}"
        if not keep:
            for leftover in OUT.glob(f"{path.name}*"):
                leftover.unlink()
        return
    url = database_url(database)
    name = url.database or ""
    if "bench" not in name:
        raise SystemExit(f"--database: the database is dropped and created, so its name must "
                         f"contain 'bench' (got {name!r})")  # fmt: skip
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield database
        if not keep:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def run(size: int, args: argparse.Namespace) -> Result:
    recent = min(args.recent, size // 2)
    with fresh_database(args.database, size, args.keep) as url:
        storage = open_storage(url)
        assert isinstance(storage, SqlStorage)
        try:
            writer = Writer(random.Random(SEED))
            source_ids = setup_sources(storage, writer)
            fill = Fill()
            started = time.perf_counter()
            fill_old(url, source_ids, size - recent, NOW - RECENT_SPAN, fill)
            with storage.engine.begin() as conn:
                sqlite = conn.dialect.name == "sqlite"
                if sqlite and args.analyze:
                    conn.exec_driver_sql("ANALYZE")
            if not sqlite:  # GIN indexes built once, after the load, by Tributary's rebuild
                mark = time.perf_counter()
                storage.reindex()
                fill.search_index = time.perf_counter() - mark
            # The recent posts and the measured ones are the same at every size.
            writer.rng, writer.serial = random.Random(5), itertools.count(10**9)
            fill_recent(storage, writer, recent, fill)
            fill.wall = time.perf_counter() - started
            stored = storage.count_posts()
            result = measure(storage, writer, fill, args.new)
            result.size = stored
            result.bytes_on_disk = size_on_disk(storage, url)
        finally:
            storage.close()
    return result


def report(results: Sequence[Result]) -> None:
    print("\n| archive | DB | save / post (ms) | p95 feed | dedupe match | settle | stories "
          "| other | LSH candidates / post | story candidates / post "
          "| signals, in digest workers (ms) |")  # fmt: skip
    print("|--------:|----|-----------------:|---------:|-------------:|-------:|--------:"
          "|------:|----------------------:|------------------------:"
          "|--------------------------------:|")  # fmt: skip
    for r in results:
        save = statistics.fmean(r.save_ms)
        p95 = sorted(r.save_ms)[min(len(r.save_ms) - 1, int(0.95 * len(r.save_ms)))]
        parts = [r.per_post(n) for n in ("match", "settle", "stories")]
        lsh = r.counts["lsh"] / max(1, r.counts["fresh"])
        story = r.counts["story candidates"] / max(1, r.counts["probes"])
        print(f"| {r.size:,} | {r.database} | {save:.2f} | {p95:.2f} | {parts[0]:.2f} "
              f"| {parts[1]:.2f} | {parts[2]:.2f} | {save - sum(parts):.2f} | {lsh:.2f} "
              f"| {story:.1f} | {r.signals_ms:.2f} |")  # fmt: skip
    print("\nWhat the measured posts came to (as planned / of):")
    for r in results:
        shown = ", ".join(f"{k} {a}/{b}" for k, (a, b) in r.quality.items())
        print(f"- {r.size:,} {r.database}: {shown}")
    print("\n| archive | DB | fill (s) | bulk load (s) | texts + fingerprints (worker) "
          "| inserting | secondary indexes | search index | recent via save_feed, s (ms/post) "
          "| size on disk | window: stories, load (ms) |")  # fmt: skip
    print("|--------:|----|---------:|--------------:|------------------------------:"
          "|----------:|------------------:|-------------:|----------------------------------:"
          "|-------------:|---------------------------:|")  # fmt: skip
    for r in results:
        f = r.fill
        per = f.recent * 1000 / max(1, f.recent_posts)
        print(f"| {r.size:,} | {r.database} | {f.wall:.0f} | {f.bulk:.0f} | {f.generate:.0f} "
              f"| {f.insert:.0f} | {f.indexes:.0f} | {f.search_index:.0f} "
              f"| {f.recent:.0f} ({per:.2f}) | {r.bytes_on_disk / 2**20:,.0f} MiB "
              f"| {r.window_stories:,}, {r.window_load_ms:.0f} |")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="archive sizes, comma-separated")  # fmt: skip
    parser.add_argument("--database", help="postgresql://USER@HOST:PORT/DB (default: SQLite)")
    parser.add_argument("--new", type=int, default=2000, help="new posts measured per size")
    parser.add_argument("--recent", type=int, default=5000,
                        help="newest posts stored through save_feed")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep each database")
    parser.add_argument("--analyze", action="store_true",
                        help="SQLite: keep ANALYZE's statistics for the measurement")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    kind = make_url(args.database).get_backend_name() if args.database else "sqlite"
    results = []
    for size in sizes:
        print(f"{kind}: {size:,} posts stored, {args.new:,} new", file=sys.stderr, flush=True)
        started = time.perf_counter()
        results.append(run(size, args))
        print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    report(results)


if __name__ == "__main__":
    main()
