"""The site and API as one FastAPI application, reading through ``Storage`` only.

    /                         front page          pages.py
    /category|source|post|story/…  HTML pages     pages.py
    …/feed.atom|rss|json      published feeds     feeds.py
    /search, /api/search      search and its feeds search.py
    /api/…, /openapi.json     JSON API            api.py
    /static/…                 our stylesheet

Endpoints are plain ``def``: FastAPI runs them in its thread pool, where the synchronous
storage calls may block without stalling the event loop (or a scheduler sharing it).
Swagger UI and ReDoc are off: they load their assets from a CDN.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tributary import __version__
from tributary.config import Config
from tributary.storage import Storage
from tributary.web.api import api_routes
from tributary.web.errors import install_error_handlers
from tributary.web.feeds import feed_routes
from tributary.web.pages import page_routes
from tributary.web.search import search_routes
from tributary.web.templating import STATIC
from tributary.web.views import Site


def create_app(config: Config, storage: Storage) -> FastAPI:
    site = Site(config, storage)
    app = FastAPI(
        title=f"{config.site.title} API",
        description="Posts filed by category, as Tributary publishes them.",
        version=__version__,
        docs_url=None,
        redoc_url=None,
    )
    app.include_router(api_routes(site))
    app.include_router(feed_routes(site))
    app.include_router(page_routes(site))
    app.include_router(search_routes(site))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_handlers(app, site)
    return app
