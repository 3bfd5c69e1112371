"""What the commands print: the update summary, progress, source tables and post lines.

Rich progress and tables on a terminal; plain lines when stdout/stderr are not terminals.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from tributary.pipeline import SourceResult, UpdateResult
from tributary.publish.post_json import format_time
from tributary.types import Post, Source


class UpdateProgress:
    """A progress bar on a terminal (stderr), one plain line per source otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> UpdateProgress:
        if sys.stderr.isatty():
            self._progress = Progress(
                TextColumn("Updating"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, result: SourceResult) -> None:
        self.done += 1
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, description=result.source.name)
        else:
            print(f"[{self.done}/{self.total}] {result_line(result)}", file=sys.stderr)


def result_line(result: SourceResult) -> str:
    name = result.source.name
    if result.outcome.error is not None:
        return f"failed  {name}: {result.outcome.error}"
    if result.not_modified:
        return f"ok      {name}: not modified"
    counts = result.counts
    return f"ok      {name}: {counts.new} new, {counts.updated} updated"


def summary(result: UpdateResult, paused: Sequence[Source]) -> str:
    """The closing report of ``update``: totals, then one line per failed source."""
    not_modified = sum(1 for r in result.results if r.not_modified)
    failed = result.failed
    lines = [
        f"Updated {len(result.results)} sources in {result.elapsed:.1f}s: "
        f"{result.total('new')} new posts, {result.total('updated')} updated, "
        f"{not_modified} not modified, {len(failed)} failed."
    ]
    for item in failed:
        outcome = item.outcome
        status = f"HTTP {outcome.status}, " if outcome.status else ""
        state = "paused" if outcome.paused else f"next try {format_time(outcome.next_check)}"
        lines.append(
            f"  failed: {item.source.name} ({item.source.feed_url}): {outcome.error} "
            f"[{status}{outcome.error_count} in a row, {state}]"
        )
    for source in paused:
        lines.append(f"  paused: {source.name} ({source.feed_url}): {source.last_error}")
    return "\n".join(lines)


def post_line(post: Post) -> str:
    categories = f"  [{', '.join(post.categories)}]" if post.categories else ""
    author = f" ({post.author})" if post.author else ""
    return (
        f"{format_time(post.published)}  {post.source.name}: {post.title}{author}{categories}\n"
        f"    {post.url or ''}"
    )


def source_to_json(source: Source) -> dict[str, object]:
    return {
        "name": source.name,
        "url": source.feed_url,
        "site_url": source.site_url,
        "posts": source.post_count,
        "last_fetch": _time(source.last_fetch),
        "status": source.last_status,
        "error_count": source.error_count,
        "last_error": source.last_error,
        "next_check": _time(source.next_check),
        "paused": source.paused,
    }


def print_sources(sources: Sequence[Source]) -> None:
    """A table on a terminal; tab-separated lines, one per source, for scripts and pipes."""
    header = ("name", "posts", "status", "last fetch", "next check", "error")
    rows = [_source_row(source) for source in sources]
    if not sys.stdout.isatty():
        for row in (header, *rows):
            print("\t".join(row))
        return
    table = Table(*header, box=None)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


def _source_row(source: Source) -> tuple[str, ...]:
    status = "paused" if source.paused else str(source.last_status or "-")
    error = source.last_error or ""
    if source.error_count:
        error = f"{error} ({source.error_count} in a row)"
    return (
        source.name,
        str(source.post_count),
        status,
        _time(source.last_fetch) or "never",
        _time(source.next_check) or "now",
        error,
    )


def _time(value: datetime | None) -> str | None:
    return format_time(value) if value is not None else None
