"""The public face: the site, its feeds and the JSON API (FastAPI), and the static export.

app        create_app(config, storage) -> FastAPI
pages, feeds, api   the routes, by domain; views renders what pages and export share
caching    ETag / Last-Modified / Cache-Control and 304s
templating Jinja2 (autoescaped) and the templates/ and static/ folders
serve      serve_site: uvicorn inside the caller's event loop
export     export_site: every page and feed as static files
"""

from __future__ import annotations

from tributary.web.app import create_app
from tributary.web.export import export_site
from tributary.web.serve import serve_site

__all__ = ["create_app", "export_site", "serve_site"]
