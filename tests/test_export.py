"""``export-site``: the whole site as static files whose links work from file:// too.

Every relative href and src of every exported page must name a file that exists; pages
link directory pages as .../index.html because a browser reading from disk does not add it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import lxml.html
import pytest

from fixtures_site import seed_site, site_config
from tributary.cli import main
from tributary.storage import Storage, open_storage
from tributary.types import Source
from tributary.web import export_site

BASE = "https://desk.example"


@pytest.fixture
def exported(tmp_path: Path) -> Iterator[tuple[Path, Storage, dict[str, Source]]]:
    storage = open_storage(f"sqlite:///{tmp_path / 'site.db'}")
    try:
        sources = seed_site(storage)
        out = tmp_path / "out"
        export_site(site_config(BASE, tmp_path / "tributary.toml"), storage, out)
        yield out, storage, sources
    finally:
        storage.close()


def links_of(page: Path) -> list[str]:
    document = lxml.html.fromstring(page.read_bytes())
    return [value for el in document.iter() if isinstance(el.tag, str)
            for name, value in el.attrib.items() if name in ("href", "src")]  # fmt: skip


def titles(page: Path) -> list[str]:
    document = lxml.html.fromstring(page.read_bytes())
    return [a.text_content() for a in document.xpath("//article//*[@class='post-title']/a")]


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "static/style.css",
        "feed.atom",
        "feed.rss",
        "feed.json",
        "category/ukraine/index.html",
        "category/ukraine/page-2/index.html",
        "category/gaza/index.html",
        "category/gaza/feed.atom",
        "category/gaza/feed.rss",
        "category/gaza/feed.json",
        "source/upland-courier/index.html",
        "source/harbour-gazette/page-2/index.html",
        "source/harbour-gazette/feed.json",
    ],
)
def test_export_writes_pages_feeds_and_css(
    exported: tuple[Path, Storage, dict[str, Source]], path: str
) -> None:
    out, _, _ = exported
    assert (out / path).is_file()


def test_export_writes_a_page_per_post(exported: tuple[Path, Storage, dict[str, Source]]) -> None:
    out, storage, _ = exported
    for post in storage.list_posts(limit=100):
        assert (out / "post" / post.id / "index.html").is_file()


def test_every_relative_link_resolves_to_a_file(
    exported: tuple[Path, Storage, dict[str, Source]],
) -> None:
    out, _, _ = exported
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            assert not link.startswith("/"), (page, link)  # root-relative breaks on file://
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page.relative_to(out), link)


def test_exported_pagination_covers_every_post_once(
    exported: tuple[Path, Storage, dict[str, Source]],
) -> None:
    out, _, _ = exported
    folder = out / "category" / "ukraine"
    seen = titles(folder / "index.html") + titles(folder / "page-2" / "index.html")
    assert len(seen) == len(set(seen)) == 25
    assert not (folder / "page-3").exists()


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_exported_feeds_link_absolutely_from_base_url(
    exported: tuple[Path, Storage, dict[str, Source]], fmt: str
) -> None:
    out, storage, _ = exported
    body = (out / "category" / "gaza" / f"feed.{fmt}").read_bytes()
    stored = storage.list_posts(category="gaza")
    if fmt == "json":
        document = json.loads(body)
        assert document["feed_url"] == f"{BASE}/category/gaza/feed.json"
        assert [i["id"] for i in document["items"]] == [f"{BASE}/post/{p.id}/" for p in stored]
        return
    parsed = feedparser.parse(body)
    assert not parsed.bozo
    assert [e.id for e in parsed.entries] == [f"{BASE}/post/{p.id}/" for p in stored]


def test_cli_export_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    storage = open_storage(database)
    try:
        seed_site(storage)
    finally:
        storage.close()
    config = tmp_path / "tributary.toml"
    config.write_text(
        '[site]\ntitle = "Riverbend Desk"\nbase_url = "https://desk.example"\n\n'
        '[[categories]]\nname = "Ukraine"\nsource_tags = ["Ukraine"]\n\n'
        '[[categories]]\nname = "Gaza"\nsource_tags = ["Gaza"]\n'
    )
    out = tmp_path / "site"
    main(["--config", str(config), "--database", database, "export-site", str(out)])
    assert (out / "category" / "gaza" / "index.html").is_file()
    assert str(out) in capsys.readouterr().out
