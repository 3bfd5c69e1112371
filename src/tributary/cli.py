"""The ``tributary`` command line: thin Typer commands over config, storage and the pipeline.

Errors in the configuration or in arguments print one line on stderr and exit with status 2
before anything is written; a storage failure prints one line and exits with status 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from tributary import cli_extract, cli_stories, heap
from tributary.categorize.dates import DateError, date_range
from tributary.categorize.search import parse_search
from tributary.config import DEFAULT_CONFIG, Config, load_config
from tributary.errors import ConfigError, QuerySyntaxError, StorageError, TributaryError
from tributary.opml import write_opml
from tributary.pipeline import Pipeline
from tributary.publish.post_json import post_to_json
from tributary.report import UpdateProgress, post_line, print_sources, source_to_json, summary
from tributary.runner import run_scheduler
from tributary.storage import Storage, open_storage

app = typer.Typer(
    name="tributary",
    help="Tributary: fetch many news feeds, clean every post, file it by category, publish.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("extract")(cli_extract.extract)
app.add_typer(cli_extract.eval_app, name="eval")  # `eval extraction`, and `eval clustering`
_ = cli_stories  # registers `eval clustering` on eval_app


HostOption = Annotated[str, typer.Option(help="Address to serve the site on.")]
PortOption = Annotated[int, typer.Option(help="Port to serve the site on (0: any free port).")]


@dataclass
class AppState:
    config_path: Path
    database: str | None
    _config: Config | None = field(default=None, repr=False)

    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def database_url(self) -> str:
        return self.database or self.config().default_database_url

    @contextlib.contextmanager
    def storage(self) -> Iterator[Storage]:
        storage = open_storage(self.database_url())
        try:
            yield storage
        finally:
            storage.close()


def _state(ctx: typer.Context) -> AppState:
    state = ctx.find_object(AppState)
    assert state is not None, "the main callback sets the state"
    return state


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[
        Path,
        typer.Option("--config", envvar="TRIBUTARY_CONFIG", help="The configuration file."),
    ] = Path(DEFAULT_CONFIG),
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            envvar="TRIBUTARY_DATABASE_URL",
            help="sqlite:///FILE or postgresql://... (default: a SQLite file beside the config).",
        ),
    ] = None,
) -> None:
    ctx.obj = AppState(config, database or None)


@app.command()
def update(ctx: typer.Context) -> None:
    """Fetch and process every source once, print a summary and exit."""
    state = _state(ctx)
    config = state.config()
    with state.storage() as storage:
        pipeline = Pipeline(config, storage)
        try:
            pipeline.prepare()
            sources = [s for s in storage.list_sources() if not s.paused]
            with UpdateProgress(len(sources)) as progress:
                result = asyncio.run(pipeline.update(sources, progress.advance))
        finally:
            pipeline.close()
        paused = [s for s in storage.list_sources() if s.paused]
    typer.echo(summary(result, paused))


@app.command()
def posts(
    ctx: typer.Context,
    category: Annotated[str | None, typer.Option(help="Only this category (slug).")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source (name or slug).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many posts at most.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print post objects as JSON.")] = False,
) -> None:
    """Posts, newest first."""
    with _state(ctx).storage() as storage:
        _check_category(storage, category)
        source_id = _source_id(storage, source)
        chosen = storage.list_posts(category=category, source_id=source_id, limit=limit)
    if as_json:
        typer.echo(json.dumps([post_to_json(p) for p in chosen], ensure_ascii=False, indent=2))
    else:
        for post in chosen:
            typer.echo(post_line(post))


def _check_category(storage: Storage, category: str | None) -> None:
    if category is not None and category not in {c.slug for c in storage.category_counts()}:
        raise ConfigError(f"--category: no category with the slug {category!r}")


def _source_id(storage: Storage, source: str | None) -> int | None:
    """The id of the source named ``source`` (its name, any case, or its slug)."""
    if source is None:
        return None
    wanted = source.casefold()
    found = [s for s in storage.list_sources() if wanted in (s.name.casefold(), s.slug)]
    if not found:
        raise ConfigError(f"--source: no source named {source!r}")
    return found[0].id


def _day_bound(option: str, value: str | None, end: bool) -> datetime | None:
    """``--since`` takes its date's first moment, ``--until`` its last (2025-05 is May)."""
    if value is None:
        return None
    try:
        start, stop = date_range(value)
    except DateError as exc:
        raise ConfigError(f"{option}: {exc.message}, not {value!r}") from None
    return stop if end else start


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to find, in the query language.")],
    category: Annotated[str | None, typer.Option(help="Only this category (slug).")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source (name or slug).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Published up to and including.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many posts at most.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print post objects as JSON.")] = False,
) -> None:
    """Full-text search, best first; --json adds each hit's "snippet" (HTML, <mark>ed)."""
    try:
        checked = parse_search(query)
    except QuerySyntaxError as exc:
        raise ConfigError(f"query {query!r}: {exc}") from None
    start, end = _day_bound("--since", since, False), _day_bound("--until", until, True)
    with _state(ctx).storage() as storage:
        _check_category(storage, category)
        source_id = _source_id(storage, source)
        page = storage.search(checked, now=datetime.now(UTC), category=category,
                              source_id=source_id, since=start, until=end, limit=limit)  # fmt: skip
    if as_json:
        found = [{**post_to_json(hit.post), "snippet": hit.snippet} for hit in page.hits]
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for hit in page.hits:
            typer.echo(post_line(hit.post))


@app.command()
def reindex(ctx: typer.Context) -> None:
    """Rebuild the full-text search index from the stored posts."""
    with _state(ctx).storage() as storage:
        count = storage.reindex()
    typer.echo(f"Indexed {count} posts for search.")


@app.command()
def sources(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Every source with its fetch state."""
    state = _state(ctx)
    if state.database is None or state.config_path.exists():
        _sync_sources(state)
    with state.storage() as storage:
        found = storage.list_sources()
    if as_json:
        typer.echo(json.dumps([source_to_json(s) for s in found], ensure_ascii=False, indent=2))
    else:
        print_sources(found)


@app.command("export-opml")
def export_opml(ctx: typer.Context) -> None:
    """The sources as OPML 2.0 on stdout."""
    state = _state(ctx)
    title = state.config().site.title if state.config_path.exists() else "Tributary"
    with state.storage() as storage:
        typer.echo(write_opml(storage.list_sources(), f"{title} subscriptions"), nl=False)


@app.command()
def worker(ctx: typer.Context) -> None:
    """Fetching and processing only; many may run at once against one PostgreSQL."""
    state = _state(ctx)
    config = state.config()
    with state.storage() as storage:
        pipeline = Pipeline(config, storage)
        try:
            pipeline.prepare()
            _run_until_interrupted(pipeline)
        finally:
            pipeline.close()


@app.command()
def run(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """The main job: poll every source on its schedule, process, and serve the site."""
    state = _state(ctx)
    config = state.config()
    with state.storage() as storage:
        pipeline = Pipeline(config, storage)
        try:
            sock = _bind(host, port)  # a busy port fails before any polling starts
            pipeline.prepare()
            typer.echo(f"Polling {len(config.sources)} sources; press Ctrl-C to stop.")
            _serve_until_interrupted(config, storage, sock, pipeline)
        finally:
            pipeline.close()


@app.command()
def serve(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """The site and API only, from the database as it is (no fetching)."""
    state = _state(ctx)
    config = state.config()
    with state.storage() as storage:
        _serve_until_interrupted(config, storage, _bind(host, port), None)


@app.command("export-site")
def export_site(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Where to write the site's files.")],
) -> None:
    """The whole site as static files (pages, feeds, CSS), Planet-style."""
    from tributary.web import export_site as write_site

    state = _state(ctx)
    config = state.config()
    with state.storage() as storage:
        written = write_site(config, storage, directory)
    typer.echo(f"Wrote {written} files to {directory}; open {directory / 'index.html'}")


@app.command()
def demo(
    port: PortOption = 8000,
    once: Annotated[
        bool, typer.Option("--once", help="Update once, print the summary and exit.")
    ] = False,
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Where to write the demo's configuration and database."),
    ] = None,
) -> None:
    """The main job on the bundled demo sources, offline, on SQLite; serves the site."""
    from tributary.demo import demo_config, start_demo_server

    workdir = directory or Path.cwd() / "tributary-demo"
    workdir.mkdir(parents=True, exist_ok=True)
    sock = None if once else _bind("127.0.0.1", port)  # a busy port fails before anything
    site_port = sock.getsockname()[1] if sock is not None else port
    with start_demo_server() as server:
        config_path = workdir / "tributary.toml"
        config_path.write_text(demo_config(server.url, site_url=f"http://127.0.0.1:{site_port}"))
        database = workdir / "tributary.db"
        database.unlink(missing_ok=True)
        config = load_config(config_path)
        typer.echo(f"Demo outlets served at {server.url}; configuration in {config_path}")
        with contextlib.closing(open_storage(f"sqlite:///{database}")) as storage:
            pipeline = Pipeline(config, storage)
            try:
                pipeline.prepare()
                sources = storage.list_sources()
                with UpdateProgress(len(sources)) as progress:
                    result = asyncio.run(pipeline.update(sources, progress.advance))
                typer.echo(summary(result, []))
                for count in storage.category_counts():
                    typer.echo(f"  {count.name}: {count.post_count} posts")
                if sock is not None:
                    _serve_until_interrupted(config, storage, sock, pipeline)
            finally:
                pipeline.close()


def _run_until_interrupted(pipeline: Pipeline) -> None:
    """Poll until Ctrl-C or SIGTERM; the batch in hand is finished and its leases released."""

    async def main() -> None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
        await run_scheduler(pipeline, stop)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def _bind(host: str, port: int) -> socket.socket:
    from tributary.web.serve import bind_socket

    return bind_socket(host, port)


def _serve_until_interrupted(
    config: Config, storage: Storage, sock: socket.socket, pipeline: Pipeline | None
) -> None:
    """Serve the site (and run the scheduler beside it) until Ctrl-C or SIGTERM.

    The first signal sets the shared stop Event, so the server and the scheduler finish
    cleanly together; a second Ctrl-C stops at once.
    """
    from tributary.web import create_app, serve_site

    app_ = create_app(config, storage)
    host, port = sock.getsockname()[:2]

    def announce(url: str) -> None:
        typer.echo(f"Serving the site at {url}")
        typer.echo("Press Ctrl-C to stop.")

    async def main() -> None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
        jobs = [serve_site(app_, host, port, stop, announce, sock=sock)]
        if pipeline is not None:
            jobs.append(run_scheduler(pipeline, stop))
        await asyncio.gather(*(_stopping_others(job, stop) for job in jobs))

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


async def _stopping_others(job: Coroutine[Any, Any, None], stop: asyncio.Event) -> None:
    """When one job ends (or fails), the others are told to stop too."""
    try:
        await job
    finally:
        stop.set()


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # the second Ctrl-C: do not wait for the current batch
        typer.echo("Stopping...", err=True)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not on every platform (Windows): Ctrl-C then arrives as KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, on_signal)


def _sync_sources(state: AppState) -> None:
    """Let ``sources`` list configured sources that were never fetched."""
    with state.storage() as storage:
        Pipeline(state.config(), storage).sync_sources()


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"tributary: error: {message}", err=True)
    raise SystemExit(code)


def _usage_message(exc: Exception) -> str:
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    return " ".join(str(message).split())


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line on stderr for every expected failure, never a traceback."""
    heap.tune()
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="tributary", standalone_mode=False)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        _fail("aborted", 130)
    except typer.TyperException as exc:  # Typer's bundled click: usage errors and the like
        _fail(_usage_message(exc), int(getattr(exc, "exit_code", 2)))
    except ConfigError as exc:
        _fail(str(exc), 2)
    except StorageError as exc:
        _fail(f"database: {exc}", 1)
    except TributaryError as exc:
        _fail(str(exc), 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        os._exit(0)  # stdout closed early (`tributary posts | head`): nothing left to say


if __name__ == "__main__":
    main(sys.argv[1:])
