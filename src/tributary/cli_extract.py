"""``tributary extract`` and ``tributary eval extraction``: the full-text extraction, by hand.

``extract`` runs the pipeline's own ``extract_article`` on saved pages and URLs, so an editor
can see what a source's pages give. A URL typed on the command line is trusted like a
configured source: it is fetched under the configured ``[fetch]`` limits (the defaults when
there is no configuration file) with private addresses allowed, since the user chose it.
A missing file is an argument error (exit 2, nothing printed); a URL that cannot be fetched
is reported on stderr while the other inputs are printed, and the exit status is 1.

``eval`` is a group of measurements on gold sets; ``eval extraction DIR`` scores our
extraction and plain trafilatura side by side on ``NAME.html`` + ``NAME.txt`` pairs.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Protocol

import typer

from tributary.config import Config, FetchConfig
from tributary.errors import ConfigError, FetchError
from tributary.extract import Article, extract_article
from tributary.extract.evaluate import Counts, Score, overall, page_counts, page_score
from tributary.extract.trafilatura_adapter import plain_trafilatura
from tributary.fetch import Fetcher

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


class _State(Protocol):
    config_path: Path

    def config(self) -> Config: ...


@dataclass(frozen=True, slots=True)
class _Page:
    input: str
    body: bytes
    url: str
    content_type: str | None = None


def extract(
    ctx: typer.Context,
    inputs: Annotated[
        list[str], typer.Argument(metavar="PATH_OR_URL...", help="Saved pages or URLs.")
    ],
    as_json: JsonOption = False,
) -> None:
    """The full-text extraction on saved pages or URLs."""
    urls = [i for i in inputs if i.startswith(("http://", "https://"))]
    for name in inputs:
        if name not in urls and not Path(name).is_file():
            raise ConfigError(f"{name}: no such file")
    fetched, failures = asyncio.run(_fetch_all(urls, _fetch_config(ctx.obj))) if urls else ({}, {})
    failed = False
    for name in inputs:
        page = fetched.get(name) if name in urls else _read(name)
        if page is None:
            typer.echo(f"tributary: error: {name}: {failures.get(name, 'unreadable')}", err=True)
            failed = True
            continue
        article = extract_article(page.body, page.url, content_type=page.content_type)
        if article is None:
            typer.echo(f"tributary: {name}: no article text found", err=True)
        typer.echo(_as_json(name, article) if as_json else _as_text(name, article))
    if failed:
        raise SystemExit(1)  # click returns typer.Exit codes in non-standalone mode


def _fetch_config(state: _State | None) -> FetchConfig:
    base = state.config().fetch if state and state.config_path.exists() else FetchConfig()
    return replace(base, allow_private_addresses=True)


def _read(name: str) -> _Page | None:
    path = Path(name)
    try:
        return _Page(name, path.read_bytes(), path.resolve().as_uri())
    except OSError:
        return None


async def _fetch_all(
    urls: list[str], config: FetchConfig
) -> tuple[dict[str, _Page], dict[str, str]]:
    pages: dict[str, _Page] = {}
    failures: dict[str, str] = {}
    async with Fetcher(config) as fetcher:
        for url in urls:
            try:
                response = await fetcher.fetch_page(url)
            except FetchError as exc:
                failures[url] = str(exc)
                continue
            pages[url] = _Page(url, response.body, response.url, response.content_type)
    return pages, failures


def _published(article: Article | None) -> str | None:
    if article is None or article.published is None:
        return None
    return article.published.strftime("%Y-%m-%dT%H:%M:%SZ")


def _as_json(name: str, article: Article | None) -> str:
    found = {
        "input": name,
        "title": article.title if article else None,
        "author": article.author if article else None,
        "published": _published(article),
        "text": article.text if article else "",
        "html": article.html if article else "",
    }
    return json.dumps(found, ensure_ascii=False)


def _as_text(name: str, article: Article | None) -> str:
    if article is None:
        return f"==> {name} <==\n(no article text found)\n"
    lines = [
        f"==> {name} <==",
        f"Title: {article.title or '-'}",
        f"Author: {article.author or '-'}",
        f"Published: {_published(article) or '-'}",
    ]
    if article.canonical_url:
        lines.append(f"Canonical: {article.canonical_url}")
    return "\n".join([*lines, "", article.text, ""])


# -- eval ---------------------------------------------------------------------------------------
eval_app = typer.Typer(
    name="eval",
    help="Measure extraction (and other fuzzy steps) on gold sets.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@dataclass(frozen=True, slots=True)
class _Scored:
    name: str
    ours: Counts
    baseline: Counts
    ours_score: Score
    baseline_score: Score


@eval_app.command("extraction")
def eval_extraction(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="NAME.html + NAME.txt pairs.")],
    as_json: JsonOption = False,
) -> None:
    """Token-shingle precision, recall and F1 of our extraction and of plain trafilatura."""
    pairs = _pairs(directory)
    scored = [_score(html, gold) for html, gold in pairs]
    ours = overall([s.ours for s in scored])
    baseline = overall([s.baseline for s in scored])
    if as_json:
        typer.echo(json.dumps(_report(scored, ours, baseline), indent=2))
    else:
        typer.echo(_table(scored, ours, baseline))


def _pairs(directory: Path) -> list[tuple[Path, Path]]:
    if not directory.is_dir():
        raise ConfigError(f"{directory}: not a directory")
    pairs = [(html, html.with_suffix(".txt")) for html in sorted(directory.glob("*.html"))]
    pairs = [(html, gold) for html, gold in pairs if gold.is_file()]
    if not pairs:
        raise ConfigError(f"{directory}: no NAME.html + NAME.txt pairs")
    return pairs


def _score(html: Path, gold_path: Path) -> _Scored:
    page, gold = html.read_bytes(), gold_path.read_text(encoding="utf-8", errors="replace")
    url = html.resolve().as_uri()
    article = extract_article(page, url)
    ours = article.text if article else ""
    baseline = plain_trafilatura(page)
    return _Scored(html.stem, page_counts(gold, ours), page_counts(gold, baseline),
                   page_score(gold, ours), page_score(gold, baseline))  # fmt: skip


def _figures(score: Score) -> dict[str, float]:
    return {"precision": round(score.precision, 4), "recall": round(score.recall, 4),
            "f1": round(score.f1, 4)}  # fmt: skip


def _report(scored: list[_Scored], ours: Score, baseline: Score) -> dict[str, Any]:
    pages = {s.name: {**_figures(s.ours_score), "baseline": _figures(s.baseline_score)}
             for s in scored}  # fmt: skip
    return {**_figures(ours), "baseline": _figures(baseline), "pages": pages}


def _table(scored: list[_Scored], ours: Score, baseline: Score) -> str:
    width = max(len("overall"), *(len(s.name) for s in scored))
    columns = f"{'ours P':>6} {'R':>6} {'F1':>6}   {'trafilatura P':>13} {'R':>6} {'F1':>6}"
    header = f"{'page':<{width}}  {columns}"
    rows = [header, "-" * len(header)]
    rows += [_row(s.name, s.ours_score, s.baseline_score, width) for s in scored]
    rows += ["-" * len(header), _row("overall", ours, baseline, width)]
    return "\n".join(rows)


def _row(name: str, ours: Score, baseline: Score, width: int) -> str:
    return (f"{name:<{width}}  {ours.precision:6.3f} {ours.recall:6.3f} {ours.f1:6.3f}   "
            f"{baseline.precision:13.3f} {baseline.recall:6.3f} {baseline.f1:6.3f}")  # fmt: skip
