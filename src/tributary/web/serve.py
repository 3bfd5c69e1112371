"""Serve the site with uvicorn inside the running event loop: the one module importing uvicorn.

``run`` and ``demo`` await ``serve_site`` beside the scheduler in one ``asyncio.gather``,
sharing one stop Event. Signals belong to the caller: uvicorn's own SIGINT capture is
switched off, so Ctrl-C stops the scheduler and the server through the Event, together.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable, Iterator

import uvicorn
from starlette.types import ASGIApp

from tributary.errors import TributaryError

GRACEFUL_SHUTDOWN_SECONDS = 5


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """The caller owns signal handling; see the module docstring."""
        yield


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening-ready socket, so a busy port is one clear error before anything starts."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise TributaryError(f"cannot serve the site on {host}:{port}: {exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise TributaryError(f"cannot serve the site on {host}:{port}: {exc.strerror}") from exc
    return sock


def site_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


async def serve_site(
    app: ASGIApp,
    host: str,
    port: int,
    stop: asyncio.Event,
    on_ready: Callable[[str], None] | None = None,
    *,
    sock: socket.socket | None = None,
) -> None:
    """Serve ``app`` until ``stop`` is set; ``on_ready`` gets the address once it listens.

    Pass ``sock`` (from ``bind_socket``) to bind before other work starts; port 0 picks a
    free port, which ``on_ready`` then names.
    """
    sock = sock or bind_socket(host, port)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    server = _Server(config)
    serving = asyncio.ensure_future(server.serve(sockets=[sock]))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await _until_started(server, serving)
        if on_ready is not None and server.started:
            on_ready(site_url(sock))
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
        server.should_exit = True
        await serving
    finally:
        stopping.cancel()
        if not serving.done():
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError):
                await serving
        sock.close()


async def _until_started(server: uvicorn.Server, serving: asyncio.Future[None]) -> None:
    while not server.started and not serving.done():
        await asyncio.sleep(0.02)
    if serving.done():
        serving.result()  # a startup failure surfaces here
