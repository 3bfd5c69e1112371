"""Stories on the site: the story line under each listed post and the story page's parts.

A page that lists posts asks storage for the summaries of all their stories at once
(``story_summaries``: one call per page, never one per post), and each post card then says
which story it belongs to and how many other outlets covered it. The story page shows who
reported first (every source's report, copies included, earliest first) and the articles
grouped by outlet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tributary.storage import Coverage, Storage, StorySummary
from tributary.types import Post

NO_STORIES: Mapping[str, StorySummary] = {}


def summaries_for(storage: Storage, posts: Iterable[Post]) -> Mapping[str, StorySummary]:
    """The summaries of the stories of ``posts``, by story id, read in one call."""
    ids = list(dict.fromkeys(post.story_id for post in posts if post.story_id))
    return storage.story_summaries(ids) if ids else NO_STORIES


def other_outlets(summary: StorySummary, source_name: str) -> int:
    """How many distinct outlets besides ``source_name`` reported the story."""
    return len(set(summary.sources) - {source_name})


def other_outlets_text(count: int) -> str:
    """ "and 1 other outlet", "and 3 other outlets"; "" when no other outlet reported it."""
    if count <= 0:
        return ""
    return f"and {count} other outlet{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class OutletGroup:
    """One outlet's articles in a story, earliest first."""

    name: str
    slug: str
    posts: list[Post]


def group_by_outlet(posts: Sequence[Post]) -> list[OutletGroup]:
    """``posts`` (earliest first) grouped by source, outlets in the order they first reported."""
    groups: dict[int, OutletGroup] = {}
    for post in posts:
        group = groups.get(post.source_id)
        if group is None:
            group = groups[post.source_id] = OutletGroup(post.source.name, post.source.slug, [])
        group.posts.append(post)
    return list(groups.values())


def first_reports(coverage: Sequence[Coverage]) -> list[Coverage]:
    """Each source's first report of the story, earliest first: the "who reported first"
    timeline (a source that filed twice is listed once, at its first report)."""
    seen: dict[str, Coverage] = {}
    for report in coverage:
        seen.setdefault(report.source_slug, report)
    return list(seen.values())
