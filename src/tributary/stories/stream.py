"""A labelled stream of posts (JSON lines) fed through the online clustering, for
``tributary eval clustering``.

Each line is ``{"id", "title", "text", "published", "cluster"}`` (other keys are ignored).
Posts are fed in publication order (ties keep the file's order), exactly as the pipeline
feeds new posts: one ``Clusterer.assign`` each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tributary.errors import ConfigError
from tributary.stories.cluster import Clusterer, Settings
from tributary.stories.evaluate import ClusteringScore, score
from tributary.stories.text import features


@dataclass(frozen=True, slots=True)
class LabelledPost:
    id: str
    title: str
    text: str
    published: datetime
    cluster: str


def read_stream(path: Path) -> list[LabelledPost]:
    """The posts of a JSON-lines file; ConfigError naming the line for anything malformed."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text") from exc
    posts: list[LabelledPost] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        post = _post(line, f"{path}:{number}")
        if post.id in seen:
            raise ConfigError(f"{path}:{number}: duplicate id {post.id!r}")
        seen.add(post.id)
        posts.append(post)
    if not posts:
        raise ConfigError(f"{path}: no posts")
    return posts


def _post(line: str, where: str) -> LabelledPost:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}: not JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a JSON object")
    for key in ("id", "published", "cluster"):
        if data.get(key) is None:
            raise ConfigError(f"{where}: missing {key!r}")
    title, text = data.get("title") or "", data.get("text") or ""
    if not isinstance(title, str) or not isinstance(text, str):
        raise ConfigError(f"{where}: 'title' and 'text' must be strings")
    return LabelledPost(str(data["id"]), title, text, _when(data["published"], where),
                        str(data["cluster"]))  # fmt: skip


def _when(value: Any, where: str) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: 'published' must be an ISO 8601 time")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConfigError(f"{where}: 'published' is not an ISO 8601 time: {value!r}") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def cluster_stream(posts: list[LabelledPost], settings: Settings | None = None) -> dict[str, str]:
    """Each post's story id, feeding the posts in publication order."""
    clusterer = Clusterer(settings)
    order = sorted(range(len(posts)), key=lambda i: posts[i].published)
    assigned: dict[str, str] = {}
    for i in order:
        post = posts[i]
        done = clusterer.assign(post.id, post.title, features(post.title, post.text),
                                post.published)  # fmt: skip
        assigned[post.id] = done.story.id
    return assigned


def evaluate_stream(posts: list[LabelledPost], settings: Settings | None = None) -> ClusteringScore:
    predicted = cluster_stream(posts, settings)
    return score({p.id: p.cluster for p in posts}, predicted)
