"""Online story clustering: each new post joins the best story in its time window or starts one.

PURE. The same code runs in the pipeline (stories loaded from and written back to storage)
and in ``tributary eval clustering`` (a stream of posts in publication order).

A story keeps the sums of its members' term and entity vectors (text.py). A new post's
vectors are first weighed against the week's news (``Clusterer.weigh``: a word that many
stories in the window share counts less), then the post is scored against each candidate
story as

    score = (0.8 * cos(post.terms, story.terms) + 0.2 * cos(post.entities, story.entities))
            * exp(-gap / 5 days)

where each cosine is a sum over shared words whose every term is capped (``word_cap``: one
shared name, such as a city two unrelated stories happen in, is weak evidence) and ``gap`` is
how far the post's time lies outside the story's first..last seen. The post joins the best
story when the score reaches ``threshold``, else it starts a story of its own.

The settings were chosen on tests/data/clustering/events.jsonl (468 posts in 79 events of our
own, with look-alike events; bench/bench_clustering.py prints the comparison with an online
TF-IDF centroid baseline); test_stories.py pins the F1 they reach there.
Candidates come from an inverted index over each story's heaviest terms, holding only the
stories seen within ``window`` of the newest post: the work per post is bounded by the
stories in its time window that share a salient word with it, never by the archive.

A story's id is the id of the post that started it, so it never changes as posts join.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tributary.stories.text import Features, Vector, normalize

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Settings:
    terms: float = 0.8  # weight of the words' cosine
    entities: float = 0.2  # weight of the named things' cosine
    decay_days: float = 5.0  # the score falls by 1/e for each this many days outside the story
    window_days: float = 7.0  # stories quiet for longer are no longer candidates
    threshold: float = 0.08
    story_terms: int = 300  # terms kept in a story's sums (the heaviest)
    index_terms: int = 40  # a story's heaviest terms that find it as a candidate
    probe_terms: int = 24  # a post's heaviest terms used to look candidates up
    max_candidates: int = 30  # stories scored per post, those sharing most heavy words
    spread_floor: float = 0.1  # the least a word found in every story of the window keeps
    use_spread: bool = True
    # The most one word adds to a cosine: one shared name (a city in two unrelated stories)
    # is weak evidence; an event's reports share many words.
    word_cap: float = 0.08


@dataclass(slots=True)
class Story:
    """A story's state: what the clustering needs, and what storage keeps of it."""

    id: str
    terms: Vector  # sums of the members' unit vectors
    entities: Vector
    size: int
    first: datetime
    last: datetime
    title: str
    title_terms: Vector  # the headline chosen as the title, scored again as the story grows
    title_score: float = 0.0
    _terms_norm: float = field(default=0.0, repr=False)
    _entities_norm: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._renorm()

    def _renorm(self) -> None:
        self._terms_norm = math.sqrt(sum(v * v for v in self.terms.values()))
        self._entities_norm = math.sqrt(sum(v * v for v in self.entities.values()))

    def cosine_terms(self, vector: Mapping[str, float], cap: float = 1.0) -> float:
        return capped_cosine(vector, self.terms, self._terms_norm, cap)

    def cosine_entities(self, vector: Mapping[str, float], cap: float = 1.0) -> float:
        return capped_cosine(vector, self.entities, self._entities_norm, cap)

    def gap_days(self, when: datetime) -> float:
        if when < self.first:
            return (self.first - when).total_seconds() / DAY
        if when > self.last:
            return (when - self.last).total_seconds() / DAY
        return 0.0


@dataclass(frozen=True, slots=True)
class Assignment:
    story: Story
    created: bool
    score: float  # the winning score (0.0 for a new story)


class Clusterer:
    """Stories in a sliding time window and the index that finds a post's candidates."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.stories: dict[str, Story] = {}
        self._index: dict[str, set[str]] = {}
        self._indexed: dict[str, tuple[str, ...]] = {}
        self._expiry: list[tuple[datetime, str]] = []  # (last seen, story id), a min-heap
        self._newest: datetime | None = None
        # In how many of the window's stories each word occurs: a word many stories share
        # (a city in the news all week, "police") tells stories apart less (``weigh``).
        self._spread: dict[str, int] = {}
        self._vocabulary: dict[str, tuple[str, ...]] = {}

    # -- the window ------------------------------------------------------------------------
    def load(self, story: Story) -> None:
        """Add (or replace) a story known from elsewhere, e.g. read from storage."""
        self._forget(story.id)
        self.stories[story.id] = story
        self._reindex(story)

    def advance(self, now: datetime) -> None:
        """Move the window's end to ``now``: stories quiet since before its start leave it."""
        if self._newest is None or now > self._newest:
            self._newest = now
        start = self._newest - timedelta(days=self.settings.window_days)
        while self._expiry and self._expiry[0][0] < start:
            last, story_id = heapq.heappop(self._expiry)
            story = self.stories.get(story_id)
            if story is not None and story.last == last:
                self._forget(story_id)

    def _forget(self, story_id: str) -> None:
        self.stories.pop(story_id, None)
        self._count_words(story_id, ())
        for term in self._indexed.pop(story_id, ()):
            ids = self._index.get(term)
            if ids is not None:
                ids.discard(story_id)
                if not ids:
                    del self._index[term]

    def _reindex(self, story: Story) -> None:
        for term in self._indexed.pop(story.id, ()):
            ids = self._index.get(term)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self._index[term]
        self._count_words(story.id, tuple(story.terms))
        keys = tuple(_heaviest(story.terms, self.settings.index_terms))
        for term in keys:
            self._index.setdefault(term, set()).add(story.id)
        self._indexed[story.id] = keys
        heapq.heappush(self._expiry, (story.last, story.id))

    def _count_words(self, story_id: str, words: tuple[str, ...]) -> None:
        spread = self._spread
        for word in self._vocabulary.pop(story_id, ()):
            left = spread[word] - 1
            if left:
                spread[word] = left
            else:
                del spread[word]
        if words:
            self._vocabulary[story_id] = words
            for word in words:
                spread[word] = spread.get(word, 0) + 1

    def weigh(self, post: Features) -> Features:
        """The post's vectors with each word weighed down by how many of the window's
        stories hold it: ``log((S + 1) / (s + 1)) / log(S + 1)`` for a word in ``s`` of the
        ``S`` stories (1 for a word no story has), at least ``spread_floor``. English rarity
        says what is rare in general; this says what is common in this week's news."""
        total = len(self._vocabulary)
        if not self.settings.use_spread or total < 2:
            return post
        scale = math.log(total + 1)
        floor = self.settings.spread_floor
        factors = {
            word: max(floor, math.log((total + 1) / (self._spread.get(word, 0) + 1)) / scale)
            for word in post.terms
        }
        terms = normalize({w: v * factors[w] for w, v in post.terms.items()})
        entities = normalize({w: v * factors.get(w, 1.0) for w, v in post.entities.items()})
        return Features(terms, entities)

    # -- scoring ---------------------------------------------------------------------------
    def candidates(self, post: Features) -> list[Story]:
        """The stories sharing the most of the post's heaviest words (at most
        ``max_candidates``, so a week of look-alike posts still costs a bounded time)."""
        hits: Counter[str] = Counter()
        for term in _heaviest(post.terms, self.settings.probe_terms):
            hits.update(self._index.get(term, ()))
        if len(hits) > self.settings.max_candidates:
            chosen = sorted(hits, key=lambda i: (-hits[i], i))[: self.settings.max_candidates]
        else:
            chosen = sorted(hits)
        return [self.stories[i] for i in chosen]

    def score(self, post: Features, published: datetime, story: Story) -> float:
        s = self.settings
        gap = story.gap_days(published)
        if gap > s.window_days:
            return 0.0
        words = story.cosine_terms(post.terms, s.word_cap)
        if post.entities:
            named = story.cosine_entities(post.entities, s.word_cap)
            similarity = s.terms * words + s.entities * named
        else:  # nothing named: the words alone decide
            similarity = words
        return similarity * math.exp(-gap / s.decay_days)

    def best(self, post: Features, published: datetime) -> tuple[Story, float] | None:
        scored = [(self.score(post, published, story), story) for story in self.candidates(post)]
        if not scored:
            return None
        top, story = max(scored, key=lambda pair: (pair[0], -pair[1].size, pair[1].id))
        return (story, top) if top >= self.settings.threshold else None

    # -- assigning -------------------------------------------------------------------------
    def assign(self, post_id: str, title: str, post: Features, published: datetime) -> Assignment:
        """Put the post into its best story, or start one with the post's id."""
        self.advance(published)
        post = self.weigh(post)
        found = self.best(post, published)
        if found is None:
            story = new_story(post_id, title, post, published, self.settings)
            self.load(story)
            return Assignment(story, created=True, score=0.0)
        story, score = found
        join(story, title, post, published, self.settings)
        self._reindex(story)
        return Assignment(story, created=False, score=score)


def new_story(
    story_id: str, title: str, post: Features, published: datetime, settings: Settings
) -> Story:
    return Story(
        id=story_id,
        terms=dict(post.terms),
        entities=dict(post.entities),
        size=1,
        first=published,
        last=published,
        title=title,
        title_terms=dict(post.terms),
        title_score=1.0,
    )


def join(story: Story, title: str, post: Features, published: datetime, settings: Settings) -> None:
    """Add a post to ``story``: its sums, size and times, and perhaps its title."""
    story.terms = _prune(_add(story.terms, post.terms), settings.story_terms)
    story.entities = _prune(_add(story.entities, post.entities), settings.story_terms)
    story.size += 1
    story.first = min(story.first, published)
    story.last = max(story.last, published)
    story._renorm()
    # The title: the member headline closest to the story's centre, as the centre moves.
    story.title_score = story.cosine_terms(story.title_terms)
    candidate = story.cosine_terms(post.terms)
    if candidate > story.title_score and title.strip():
        story.title, story.title_terms, story.title_score = title, dict(post.terms), candidate


def capped_cosine(
    vector: Mapping[str, float], total: Mapping[str, float], norm: float, cap: float
) -> float:
    """The cosine of a unit ``vector`` with ``total`` (of norm ``norm``), each word's share
    of it at most ``cap``."""
    if not norm:
        return 0.0
    if len(vector) > len(total):
        pairs = ((v, vector.get(k)) for k, v in total.items())
    else:
        pairs = ((v, total.get(k)) for k, v in vector.items())
    return sum(min(cap, a * b / norm) for a, b in pairs if b)


def _add(total: Mapping[str, float], vector: Mapping[str, float]) -> Vector:
    merged = dict(total)
    for key, value in vector.items():
        merged[key] = merged.get(key, 0.0) + value
    return merged


def _prune(vector: Vector, keep: int) -> Vector:
    if len(vector) <= keep:
        return vector
    return {k: vector[k] for k in _heaviest(vector, keep)}


def _heaviest(vector: Mapping[str, float], count: int) -> Iterable[str]:
    if len(vector) <= count:
        return vector.keys()
    return heapq.nlargest(count, vector, key=vector.__getitem__)
