"""The live site in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

The seeded site (fixtures_site.seed_site): 25 Ukraine posts (two pages) and, in Gaza, an
excerpt, a media post with a javascript: enclosure, and a hostile post (script title,
attribute-breaking author, javascript: link). Every page must render its posts and run no
script at all: the site ships none, so any <script>, inline handler or dialog is an injection.

`make test` installs Chromium; `playwright install` cannot download browsers here. Without
Chromium these tests skip, except under CI (CI=true), where they fail.
Screenshots land in test-output/screenshots/ (light and dark, desktop and phone) for a person
to look at; the tests check only what a machine can: no sideways scrolling, a dark page in
dark mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures_site import (
    HOSTILE_AUTHOR,
    HOSTILE_TITLE,
    RunningSite,
    config_in,
    seed_site,
    start_site,
)
from tributary.storage import open_storage
from tributary.types import Post

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
MISSING_HINT = ("run `make test` (it installs Debian's Chromium) or `apt-get install chromium`; "
                "the Python package comes with `pip install -e '.[dev]'`")  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
ATTRIBUTION = "This post was originally published on"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ACTION_TIMEOUT_MS = 10_000  # a guard against a hung page, not a timing assertion

# Every attribute whose value could run code or leave the page, read in the browser.
_INJECTIONS_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'poster', 'srcdoc'].includes(name)
          && (value.startsWith('javascript:') || value.startsWith('data:text/html')))
        found.push(`${el.tagName} ${name}=${attr.value}`);
    }
  }
  return found;
}"""


def _unavailable(reason: str) -> None:
    message = f"browser tests need {reason}: {MISSING_HINT}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


# -- fixtures: one site and one browser for the module ----------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSite]:
    """The seeded site, read-only here, so one server serves every test of the module."""
    directory = tmp_path_factory.mktemp("browser-site")
    storage = open_storage(f"sqlite:///{directory / 'site.db'}")
    try:
        sources = seed_site(storage)
        with start_site(storage, config_in(directory)) as (url, config):
            yield RunningSite(url, config, storage, sources)
    finally:
        storage.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package")
    with sync_playwright() as playwright:
        # launch() gives each run a fresh temporary profile and deletes it afterwards.
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            chromium_sandbox=False,
            args=CHROMIUM_ARGS,
        )
        try:
            yield launched
        finally:
            launched.close()


class Tab:
    """A page in a fresh context that records every dialog, script error and foreign request."""

    def __init__(self, browser: Any, site_url: str, **context: Any) -> None:
        self.site_url = site_url
        self.context = browser.new_context(**context)
        self.context.set_default_timeout(ACTION_TIMEOUT_MS)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.context.route("**/*", self._only_our_site)
        self.page = self.context.new_page()
        self.page.on("dialog", self._on_dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message!r} on {self.page.url}")
        dialog.dismiss()

    def _only_our_site(self, route: Any) -> None:
        """The tests run offline: anything but our server (an article's media) is refused."""
        url = route.request.url
        if url.startswith(self.site_url + "/"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, path: str) -> Any:
        response = self.page.goto(self.site_url + path)
        assert response is not None, path
        assert response.status == 200, (path, response.status)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any, site: RunningSite) -> Iterator[Tab]:
    opened = Tab(browser, site.url, viewport=DESKTOP)
    try:
        yield opened
        assert opened.dialogs == [], "a page opened a dialog"
        assert opened.errors == [], "a page ran script that failed"
    finally:
        opened.close()


# -- helpers ---------------------------------------------------------------------------------


def shown_titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("article.post .post-title").all_inner_texts()]


def shown_times(page: Any) -> list[str]:
    return page.locator("article.post .post-meta time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))"
    )


def assert_each_post_attributed(page: Any, expected: int) -> None:
    articles = page.locator("article.post")
    assert articles.count() == expected
    for article in articles.all():
        footer = article.locator(".post-attribution")
        assert footer.is_visible()
        assert ATTRIBUTION in footer.inner_text()
        assert footer.locator("a").count() >= 1  # "… on {source}" links to the source


def assert_runs_nothing(page: Any) -> None:
    """No script element, inline handler or javascript: link: the site ships no script."""
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.outerHTML)")
    assert scripts == [], f"{page.url} holds script elements"
    assert page.evaluate(_INJECTIONS_JS) == [], f"{page.url} holds code in attributes"


def site_paths(site: RunningSite, tab: Tab) -> list[str]:
    """Front, every category page and its older pages, every source page, every post page."""
    paths = ["/"]
    for category in site.storage.category_counts():
        paths.extend(pages_of(tab, f"/category/{category.slug}/"))
    for source in site.storage.list_sources():
        paths.extend(pages_of(tab, f"/source/{source.slug}/"))
    paths.extend(f"/post/{post.id}/" for post in site.storage.list_posts(limit=1000))
    return paths


def pages_of(tab: Tab, first: str) -> list[str]:
    """A listing's pages, found by following its "Older posts" links."""
    found, path = [], first
    for _ in range(100):
        page = tab.open(path)
        found.append(path)
        older = page.locator("nav.pagination a[rel=next]")
        if older.count() == 0:
            return found
        path = _relative(tab.site_url, page, older.get_attribute("href"))
    raise AssertionError(f"{first}: more than 100 pages")


def _relative(site_url: str, page: Any, href: str | None) -> str:
    assert href is not None
    absolute = page.evaluate("href => new URL(href, document.baseURI).href", href)
    assert absolute.startswith(site_url + "/"), absolute
    return absolute[len(site_url) :]


def hostile(post: Post) -> bool:
    return (
        post.title == HOSTILE_TITLE
        or "javascript:" in (post.url or "")
        or any("javascript:" in e.url for e in post.enclosures)
    )


# -- tests -----------------------------------------------------------------------------------


def test_the_dialog_trap_catches_an_alert(browser: Any, site: RunningSite) -> None:
    """The no-dialog checks below would pass vacuously if dialogs went unrecorded."""
    trap = Tab(browser, site.url)
    try:
        trap.page.set_content("<p>trap</p><script>alert('caught')</script>")
        assert trap.dialogs == ["alert: 'caught' on about:blank"]
    finally:
        trap.close()


def test_front_page_shows_each_categorys_latest_posts(tab: Tab, site: RunningSite) -> None:
    page = tab.open("/")
    expected = [
        post.title
        for category in site.storage.category_counts()
        for post in site.storage.list_posts(category=category.slug, limit=5)
    ]
    assert shown_titles(page) == expected
    for title in expected:
        assert page.get_by_role("link", name=title, exact=True).first.is_visible()
    assert_each_post_attributed(page, len(expected))


@pytest.mark.parametrize("slug", ["ukraine", "gaza"], ids=["ukraine", "gaza"])
def test_category_page_shows_its_posts_attributed(tab: Tab, site: RunningSite, slug: str) -> None:
    page = tab.open(f"/category/{slug}/")
    expected = [post.title for post in site.storage.list_posts(category=slug, limit=20)]
    assert shown_titles(page) == expected
    assert_each_post_attributed(page, len(expected))


def test_hostile_text_is_shown_as_text(tab: Tab) -> None:
    page = tab.open("/category/gaza/")
    assert page.get_by_role("heading", name=HOSTILE_TITLE, exact=True).is_visible()
    assert page.get_by_text(f"by {HOSTILE_AUTHOR}", exact=True).is_visible()
    assert page.locator("img[src=x]").count() == 0


def test_older_posts_leads_to_older_different_posts(tab: Tab) -> None:
    page = tab.open("/category/ukraine/")
    first_titles, first_times = shown_titles(page), shown_times(page)
    assert len(first_titles) == 20
    page.get_by_role("link", name="Older posts", exact=True).click()
    page.wait_for_url(re.compile(r"/category/ukraine/\?cursor="))
    second_titles, second_times = shown_titles(page), shown_times(page)
    assert len(second_titles) == 5
    assert not set(first_titles) & set(second_titles)
    assert max(second_times) < min(first_times)  # ISO 8601 UTC: text order is time order
    assert page.get_by_role("link", name="Older posts", exact=True).count() == 0
    assert_each_post_attributed(page, 5)


def test_a_post_page_opens_from_its_listing(tab: Tab, site: RunningSite) -> None:
    newest = site.storage.list_posts(category="ukraine", limit=1)[0]
    page = tab.open("/category/ukraine/")
    page.locator("article.post").first.locator("a.post-permalink").click()
    page.wait_for_url(f"{site.url}/post/{newest.id}/")
    assert page.locator("h1.post-title").inner_text().strip() == newest.title
    assert_each_post_attributed(page, 1)


def test_no_page_runs_script_or_opens_a_dialog(tab: Tab, site: RunningSite) -> None:
    paths = site_paths(site, tab)
    hostile_ids = [p.id for p in site.storage.list_posts(limit=1000) if hostile(p)]
    assert len(hostile_ids) == 2  # the hostile post and the javascript: enclosure
    assert all(f"/post/{post_id}/" in paths for post_id in hostile_ids)
    for path in paths:
        assert_runs_nothing(tab.open(path))
    assert tab.dialogs == []
    assert tab.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("device", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)], ids=["desktop", "phone"])  # fmt: skip
def test_screenshots_fit_the_screen(
    browser: Any, site: RunningSite, device: str, viewport: dict[str, int], scheme: str
) -> None:
    """Full-page shots for a person to review; no page scrolls sideways, dark mode is dark."""
    phone = device == "phone"
    shot = Tab(browser, site.url, viewport=viewport, color_scheme=scheme, is_mobile=phone,
               has_touch=phone, device_scale_factor=2 if phone else 1)  # fmt: skip
    hostile_post = next(
        p for p in site.storage.list_posts(category="gaza") if p.title == HOSTILE_TITLE
    )
    pages = {"front": "/", "category": "/category/gaza/", "older": None,
             "post": f"/post/{hostile_post.id}/", "source": f"/source/{hostile_post.source.slug}/"}  # fmt: skip
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in pages.items():
            page = tab_page(shot, path)
            page.screenshot(path=SCREENSHOTS / f"{name}-{device}-{scheme}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} scrolls sideways on a {device}"
            assert is_dark(page) == (scheme == "dark"), f"{name} ignores the {scheme} scheme"
        assert shot.dialogs == []
    finally:
        shot.close()


def tab_page(tab: Tab, path: str | None) -> Any:
    """``path``, or for None the second page of Ukraine (the pager links both ways)."""
    if path is not None:
        return tab.open(path)
    page = tab.open("/category/ukraine/")
    page.get_by_role("link", name="Older posts", exact=True).click()
    page.wait_for_url(re.compile(r"\?cursor="))
    return page


def is_dark(page: Any) -> bool:
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128
