"""The bundled demo: invented news outlets served over HTTP on 127.0.0.1, and a config for them.

    with start_demo_server() as server:
        Path("tributary.toml").write_text(demo_config(server.url))
        ...  # the normal update pipeline and site, offline

Eight sources, one per feed style (WordPress RSS, Atom with xml:base, JSON Feed, an
excerpt-only feed with full article pages, a video-only feed, a syndicator, RSS 1.0 found
through a home page, and a feed that always fails), about a hundred posts over the last ten
days, filed under five topic desks.
"""

from __future__ import annotations

from tributary.demo.config import demo_config
from tributary.demo.server import DemoServer, start_demo_server

__all__ = ["DemoServer", "demo_config", "start_demo_server"]
