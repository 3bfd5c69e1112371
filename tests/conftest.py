"""Shared fixtures live in plugin modules, one per concern."""

from __future__ import annotations

pytest_plugins = ["fixtures_db", "fixtures_http", "fixtures_site"]
