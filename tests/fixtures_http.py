"""HTTP fixtures: one local server for the session, reset before each test that asks for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from httpserver import LocalServer


@pytest.fixture(scope="session")
def _local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def http_server(_local_server: LocalServer) -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 with no routes and an empty request log."""
    _local_server.reset()
    yield _local_server
    _local_server.reset()
