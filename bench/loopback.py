"""The loopback server the benchmarks share: their routes on HOSTS addresses, and /stats.

Every address of 127/8 reaches this machine on Linux, so serving on 127.0.0.1 ..
127.0.0.HOSTS lets a client's per-host limit act as it would on the web. ``run_loopback``
blocks (start it in a separate process); ``server_stats`` asks it, over GET /stats, for the
counts its handlers kept in ``stats``, and resets them.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from multiprocessing.synchronize import Event

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.Response]]


def run_loopback(
    routes: Mapping[str, Handler], stats: dict[str, int], hosts: int, port: int, ready: Event
) -> None:
    """Serve ``routes`` (path -> GET handler) and /stats on ``hosts`` addresses; sets
    ``ready`` once every address listens, then serves until the process ends."""

    async def report(request: web.Request) -> web.Response:
        counts = dict(stats)
        stats.update(dict.fromkeys(stats, 0))
        return web.json_response(counts)

    async def main() -> None:
        app = web.Application()
        for path, handler in routes.items():
            app.router.add_get(path, handler)
        app.router.add_get("/stats", report)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for h in range(1, hosts + 1):
            await web.TCPSite(runner, f"127.0.0.{h}", port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def server_stats(port: int) -> dict[str, int]:
    """The counts since the last call (the server resets them)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=30) as response:
        counts: dict[str, int] = json.load(response)
    return counts
