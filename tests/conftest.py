"""Shared fixtures live in plugin modules, one per concern.

Tests never touch the internet: every name a test resolves must be local, so a fixture that
links to a made-up host fails at once instead of asking a DNS server.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

pytest_plugins = ["fixtures_db", "fixtures_http", "fixtures_site"]

_real_getaddrinfo = socket.getaddrinfo


def _local(host: Any) -> bool:
    if host is None or host in ("localhost", "localhost.localdomain", b"localhost"):
        return True
    try:
        return ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host).is_loopback
    except ValueError:
        return False


def _local_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not _local(host):
        raise socket.gaierror(socket.EAI_NONAME, f"tests resolve local names only, not {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _local_getaddrinfo)
