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
stories in its time window that share a salient word with it, never by the archive. A story
keeps only its ``story_terms`` heaviest words, and the window at most ``max_stories`` stories
(the quietest leave first), so its memory is bounded too.

A story's id is the id of the post that started it, so it never changes as posts join.
"""

from __future__ import annotations

import heapq
import math
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import takewhile

from tributary.stories.text import Features, Vector, normalize

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Settings:
    terms: float = 0.8  # weight of the words' cosine
    entities: float = 0.2  # weight of the named things' cosine
    decay_days: float = 5.0  # the score falls by 1/e for each this many days outside the story
    window_days: float = 7.0  # stories quiet for longer are no longer candidates
    threshold: float = 0.08
    # Terms kept in a story's sums (the heaviest): 64 score as well as 300 did on our
    # labelled stream (F1 0.932 against 0.926) in a fifth of the memory.
    story_terms: int = 64
    index_terms: int = 16  # a story's heaviest terms that find it as a candidate
    # The most stories the window holds in memory (about 4 KB each, so 100 MB); past it the
    # stories quiet longest leave first, as they would when the window moves on. A desk of
    # thousands of feeds starts more stories in a week than this: the rest of the week's
    # stories then stay stored but take no new posts.
    max_stories: int = 25_000
    probe_terms: int = 24  # a post's heaviest terms used to look candidates up
    max_candidates: int = 12  # stories scored per post, those sharing most heavy words
    spread_floor: float = 0.1  # the least a word found in every story of the window keeps
    use_spread: bool = True
    # The most one word adds to a cosine: one shared name (a city in two unrelated stories)
    # is weak evidence; an event's reports share many words.
    word_cap: float = 0.08


@dataclass(frozen=True, slots=True)
class Sparse:
    """A story's vector kept small: its heaviest words (interned, so the week's stories share
    one copy of each) with their weights, heaviest first, and its norm."""

    keys: tuple[str, ...]
    values: array[float]  # float32: stored rounded to 5 digits anyway
    norm: float

    @classmethod
    def of(cls, vector: Mapping[str, float], keep: int) -> Sparse:
        top = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
        values = array("f", (v for _, v in top))
        norm = math.sqrt(math.fsum(v * v for v in values))
        return cls(tuple(sys.intern(k) for k, _ in top), values, norm)

    def items(self) -> Iterator[tuple[str, float]]:
        return zip(self.keys, self.values, strict=True)

    def as_dict(self) -> Vector:
        return dict(self.items())

    def __len__(self) -> int:
        return len(self.keys)


@dataclass(slots=True)
class Story:
    """A story's state: what the clustering needs, and what storage keeps of it."""

    id: str
    terms: Sparse  # sums of the members' unit vectors
    entities: Sparse
    size: int
    first: datetime
    last: datetime
    title: str
    title_terms: Sparse  # the headline chosen as the title, scored again as the story grows
    title_score: float = 0.0

    def cosine_terms(self, vector: Mapping[str, float], cap: float = 1.0) -> float:
        return capped_cosine(vector, self.terms, cap)

    def cosine_entities(self, vector: Mapping[str, float], cap: float = 1.0) -> float:
        return capped_cosine(vector, self.entities, cap)

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
        # term -> the stories it finds (lists: most terms find one or two stories, and a
        # list of one costs a third of a set of one).
        self._index: dict[str, list[str]] = {}
        self._indexed: dict[str, Sparse] = {}  # story id -> the terms it is indexed under
        self._expiry: list[tuple[datetime, str]] = []  # (last seen, story id), a min-heap
        self._newest: datetime | None = None
        # In how many of the window's stories each word occurs: a word many stories share
        # (a city in the news all week, "police") tells stories apart less (``weigh``).
        self._spread: dict[str, int] = {}
        self._vocabulary: dict[str, tuple[str, ...]] = {}

    # -- the window ------------------------------------------------------------------------
    def load(self, story: Story) -> None:
        """Add (or replace) a story known from elsewhere, e.g. read from storage."""
        self.stories[story.id] = story
        self._reindex(story)
        self._expire(self.settings.max_stories, None)

    def advance(self, now: datetime) -> None:
        """Move the window's end to ``now``: stories quiet since before its start leave it."""
        if self._newest is None or now > self._newest:
            self._newest = now
        self._expire(
            self.settings.max_stories, self._newest - timedelta(days=self.settings.window_days)
        )

    def _expire(self, most: int, start: datetime | None) -> None:
        """Stories last seen before ``start`` leave the window, and the quietest leave while
        it holds more than ``most``."""
        expiry = self._expiry
        while expiry and ((start is not None and expiry[0][0] < start) or len(self.stories) > most):
            last, story_id = heapq.heappop(expiry)
            story = self.stories.get(story_id)
            if story is not None and story.last == last:
                self._forget(story_id)
        if len(expiry) > 4 * len(self.stories) + 1024:  # entries of stories since moved on
            self._expiry = [(story.last, story.id) for story in self.stories.values()]
            heapq.heapify(self._expiry)

    def _forget(self, story_id: str) -> None:
        self.stories.pop(story_id, None)
        self._unindex(story_id)
        self._count_words(story_id, ())

    def _unindex(self, story_id: str) -> None:
        indexed = self._indexed.pop(story_id, None)
        for term in indexed.keys[: self.settings.index_terms] if indexed else ():
            ids = self._index.get(term)
            if ids is not None and story_id in ids:
                ids.remove(story_id)
                if not ids:
                    del self._index[term]

    def _reindex(self, story: Story) -> None:
        self._unindex(story.id)
        self._count_words(story.id, story.terms.keys)
        for term in story.terms.keys[: self.settings.index_terms]:
            self._index.setdefault(term, []).append(story.id)
        self._indexed[story.id] = story.terms
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
        floor, spread = self.settings.spread_floor, self._spread
        # = log((S + 1) / (s + 1)) / log(S + 1); a word in no story keeps its weight.
        factors = {
            word: max(floor, 1.0 - math.log(held + 1) / scale)
            for word in post.terms
            if (held := spread.get(word))
        }
        terms = normalize({w: v * factors.get(w, 1.0) for w, v in post.terms.items()})
        entities = normalize({w: v * factors.get(w, 1.0) for w, v in post.entities.items()})
        return Features(terms, entities)

    # -- scoring ---------------------------------------------------------------------------
    def candidates(self, post: Features) -> list[Story]:
        """The stories sharing the most of the post's heaviest words (at most
        ``max_candidates``, so a week of look-alike posts still costs a bounded time)."""
        hits: Counter[str] = Counter()
        for term in _heaviest(post.terms, self.settings.probe_terms):
            hits.update(self._index.get(term, ()))
        most = self.settings.max_candidates
        if len(hits) <= most:
            return [self.stories[i] for i in hits]
        # Those sharing the most words; among those sharing as many as the last one taken,
        # the smallest ids, so the choice never depends on the order stories were indexed.
        ranked = hits.most_common()  # by count only, sorted in C
        cut = ranked[most - 1][1]
        chosen = [i for i, count in ranked[:most] if count > cut]
        tied = sorted(i for i, count in takewhile(lambda pair: pair[1] >= cut, ranked)
                      if count == cut)  # fmt: skip
        chosen += tied[: most - len(chosen)]
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
    terms = Sparse.of(post.terms, settings.story_terms)
    return Story(
        id=story_id,
        terms=terms,
        entities=Sparse.of(post.entities, settings.story_terms),
        size=1,
        first=published,
        last=published,
        title=title,
        title_terms=terms,
        title_score=1.0,
    )


def join(story: Story, title: str, post: Features, published: datetime, settings: Settings) -> None:
    """Add a post to ``story``: its sums, size and times, and perhaps its title."""
    keep = settings.story_terms
    story.terms = Sparse.of(_add(story.terms.as_dict(), post.terms), keep)
    story.entities = Sparse.of(_add(story.entities.as_dict(), post.entities), keep)
    story.size += 1
    story.first = min(story.first, published)
    story.last = max(story.last, published)
    # The title: the member headline closest to the story's centre, as the centre moves.
    story.title_score = story.cosine_terms(story.title_terms.as_dict())
    candidate = story.cosine_terms(post.terms)
    if candidate > story.title_score and title.strip():
        story.title, story.title_terms = title, Sparse.of(post.terms, keep)
        story.title_score = candidate


def capped_cosine(vector: Mapping[str, float], total: Sparse, cap: float) -> float:
    """The cosine of a unit ``vector`` with ``total``, each word's share of it at most
    ``cap``. Only the shared words are visited (found by a set operation, in C), and they are
    summed with ``fsum``, so the result does not depend on the order they are visited in."""
    norm = total.norm
    common = vector.keys() & total.keys
    if not norm or not common:
        return 0.0
    keys, values, limit = total.keys, total.values, cap * norm
    return math.fsum(min(limit, values[keys.index(k)] * vector[k]) for k in common) / norm


def _add(total: Vector, vector: Mapping[str, float]) -> Vector:
    """``vector`` added into ``total`` (changed in place and returned)."""
    for key, value in vector.items():
        total[key] = total.get(key, 0.0) + value
    return total


def _heaviest(vector: Mapping[str, float], count: int) -> Iterable[str]:
    if len(vector) <= count:
        return vector.keys()
    return heapq.nlargest(count, vector, key=vector.__getitem__)
