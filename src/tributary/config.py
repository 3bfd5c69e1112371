"""The typed configuration, loaded once from ``tributary.toml`` and passed explicitly.

Every problem is a ``ConfigError`` whose message is one line naming the file, the table and
the key, so ``tributary`` can print it and exit with status 2 before anything is written.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tributary.categorize import Query, parse_query
from tributary.clean.strip import StripRule, parse_strip_rule
from tributary.errors import ConfigError, QuerySyntaxError
from tributary.opml import read_opml
from tributary.slugs import slugify
from tributary.types import FulltextMode

DEFAULT_CONFIG = "tributary.toml"
DEFAULT_DATABASE_NAME = "tributary.db"

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)
_DURATION_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# Longer than any interval or timeout means; dates a year ahead stay far from datetime's limit.
MAX_DURATION_S = 366 * 86400
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "b": 1, "kb": 1024, "kib": 1024, "mb": 1024**2, "mib": 1024**2, "gb": 1024**3, "gib": 1024**3,
}  # fmt: skip
_FULLTEXT: tuple[FulltextMode, ...] = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "Tributary"
    base_url: str = "http://127.0.0.1:8000"
    opml: Path | None = None


@dataclass(frozen=True, slots=True)
class FetchConfig:
    allow_private_addresses: bool = False
    concurrency: int = 50
    per_host: int = 2
    timeout: float = 30.0  # seconds, headers and body together
    connect_timeout: float = 10.0
    max_size: int = 10 * 1024**2  # bytes, after decompression
    retries: int = 2  # extra attempts on time-outs and 5xx
    user_agent: str = "Tributary/0.1 (+https://github.com/tributary-news/tributary)"


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    # Worker processes that parse and clean fetched feeds; 0 or 1 does it in the updating
    # process itself (tests, small setups). The default uses every core.
    processes: int = field(default_factory=lambda: os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class SourceConfig:
    url: str
    name: str | None = None
    fulltext: FulltextMode = "auto"
    interval: int | None = None  # seconds
    tags: tuple[str, ...] = ()
    strip: tuple[StripRule, ...] = ()  # the source's own boilerplate rules, checked


@dataclass(frozen=True, slots=True)
class CategoryConfig:
    name: str
    slug: str
    query: Query | None
    query_text: str | None
    source_tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    site: SiteConfig = field(default_factory=SiteConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    sources: tuple[SourceConfig, ...] = ()
    categories: tuple[CategoryConfig, ...] = ()

    @property
    def default_database_url(self) -> str:
        return f"sqlite:///{self.path.resolve().parent / DEFAULT_DATABASE_NAME}"


def parse_duration(value: object, where: str) -> float:
    """``"30s"``, ``"30m"``, ``"1h30m"``, ``"2d"`` or a number of seconds."""
    if isinstance(value, bool):
        raise ConfigError(f'{where}: expected a duration such as "30m", got {value!r}')
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and re.fullmatch(rf"(?:\s*{_DURATION.pattern}\s*)+", value, re.I):
        seconds = sum(float(n) * _DURATION_UNITS[u.lower()] for n, u in _DURATION.findall(value))
    else:
        raise ConfigError(f'{where}: expected a duration such as "30m", got {value!r}')
    if not seconds > 0:  # nan too
        raise ConfigError(f"{where}: the duration must be positive, got {value!r}")
    if seconds > MAX_DURATION_S:
        raise ConfigError(f"{where}: the duration must be at most 366 days, got {value!r}")
    return seconds


def parse_size(value: object, where: str) -> int:
    """``"10MB"``, ``"512KB"`` or a number of bytes (KB and MB are powers of 1024)."""
    match = _SIZE.match(value) if isinstance(value, str) else None
    scaled = float(match[1]) * _SIZE_UNITS[(match[2] or "b").lower()] if match else math.nan
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif math.isfinite(scaled):  # not a number of 400 digits
        size = int(scaled)
    else:
        raise ConfigError(f'{where}: expected a size such as "10MB", got {value!r}')
    if size <= 0:
        raise ConfigError(f"{where}: the size must be positive, got {value!r}")
    return size


def load_config(path: Path) -> Config:
    """Read and check ``path``; raise ConfigError with one precise line on any problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return build_config(raw, path)


def build_config(raw: Mapping[str, Any], path: Path) -> Config:
    name = path.name
    _no_unknown(raw, {"site", "fetch", "pipeline", "sources", "categories"}, name)
    site = _site(_table(raw, "site", name), path)
    fetch = _fetch(_table(raw, "fetch", name), name)
    pipeline = _pipeline(_table(raw, "pipeline", name), name)
    sources = [_source(item, i, name) for i, item in enumerate(_array(raw, "sources", name), 1)]
    if site.opml is not None:
        sources.extend(_opml_sources(site.opml, {s.url for s in sources}, name))
    _no_duplicates([s.url for s in sources], f"{name}: [[sources]]", "url")
    categories = [
        _category(item, i, name) for i, item in enumerate(_array(raw, "categories", name), 1)
    ]
    _no_duplicates([c.slug for c in categories], f"{name}: [[categories]]", "slug")
    return Config(path, site, fetch, pipeline, tuple(sources), tuple(categories))


def _site(table: Mapping[str, Any], path: Path) -> SiteConfig:
    where = f"{path.name}: [site]"
    _no_unknown(table, {"title", "base_url", "opml"}, where)
    default = SiteConfig()
    base_url = _get(table, "base_url", str, where, default.base_url).rstrip("/")
    _check_http_url(base_url, f"{where} base_url")
    opml = _get(table, "opml", str, where, "")
    return SiteConfig(
        title=_get(table, "title", str, where, default.title),
        base_url=base_url,
        opml=(path.parent / opml) if opml else None,
    )


def _fetch(table: Mapping[str, Any], name: str) -> FetchConfig:
    where = f"{name}: [fetch]"
    keys = {"allow_private_addresses", "concurrency", "per_host", "timeout", "connect_timeout",
            "max_size", "retries", "user_agent"}  # fmt: skip
    _no_unknown(table, keys, where)
    d = FetchConfig()

    def duration(key: str, default: float) -> float:
        return parse_duration(table[key], f"{where} {key}") if key in table else default

    config = FetchConfig(
        allow_private_addresses=_get(table, "allow_private_addresses", bool, where, False),
        concurrency=_positive(_get(table, "concurrency", int, where, d.concurrency), where),
        per_host=_positive(_get(table, "per_host", int, where, d.per_host), where),
        timeout=duration("timeout", d.timeout),
        connect_timeout=duration("connect_timeout", d.connect_timeout),
        max_size=parse_size(table["max_size"], f"{where} max_size")
        if "max_size" in table
        else d.max_size,
        retries=_get(table, "retries", int, where, d.retries),
        user_agent=_get(table, "user_agent", str, where, d.user_agent),
    )
    if config.retries < 0:
        raise ConfigError(f"{where} retries: must be 0 or more, got {config.retries}")
    return config


def _pipeline(table: Mapping[str, Any], name: str) -> PipelineConfig:
    where = f"{name}: [pipeline]"
    _no_unknown(table, {"processes"}, where)
    processes = _get(table, "processes", int, where, PipelineConfig().processes)
    if processes < 0:
        raise ConfigError(f"{where} processes: must be 0 or more, got {processes}")
    return PipelineConfig(processes)


def _source(item: object, index: int, name: str) -> SourceConfig:
    where = f"{name}: [[sources]] #{index}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a table")
    _no_unknown(item, {"url", "name", "fulltext", "interval", "tags", "strip"}, where)
    if "url" not in item:
        raise ConfigError(f"{where}: missing required key 'url'")
    url = _get(item, "url", str, where, "").strip()
    _check_http_url(url, f"{where} url")
    fulltext = _get(item, "fulltext", str, where, "auto")
    if fulltext not in _FULLTEXT:
        raise ConfigError(f"{where} fulltext: expected auto, always or never, got {fulltext!r}")
    interval = item.get("interval")
    return SourceConfig(
        url=url,
        name=_get(item, "name", str, where, "").strip() or None,
        fulltext=fulltext,
        interval=None if interval is None else int(parse_duration(interval, f"{where} interval")),
        tags=_string_list(item, "tags", where),
        strip=_strip_rules(item, f"{where} ({url})"),
    )


def _strip_rules(item: Mapping[str, Any], where: str) -> tuple[StripRule, ...]:
    """``strip = ["css:SELECTOR", "re:REGEX"]``, each compiled now so a bad one stops us here."""
    rules: list[StripRule] = []
    for written in _string_list(item, "strip", where):
        try:
            rules.append(parse_strip_rule(written))
        except ValueError as exc:
            raise ConfigError(f"{where} strip: {written!r}: {exc}") from exc
    return tuple(rules)


def _category(item: object, index: int, name: str) -> CategoryConfig:
    where = f"{name}: [[categories]] #{index}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a table")
    _no_unknown(item, {"name", "slug", "query", "source_tags"}, where)
    title = _get(item, "name", str, where, "").strip()
    if not title:
        raise ConfigError(f"{where}: missing required key 'name'")
    where = f"{name}: [[categories]] {title!r}"
    slug = _get(item, "slug", str, where, "") or slugify(title)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise ConfigError(f"{where} slug: use lowercase letters, digits and '-', got {slug!r}")
    # Not stripped: error positions count in the query as written.
    written = _get(item, "query", str, where, "")
    text = written if written.strip() else None
    source_tags = _string_list(item, "source_tags", where)
    if text is None and not source_tags:
        raise ConfigError(f"{where}: give a 'query', 'source_tags' or both")
    try:
        query = parse_query(text) if text is not None else None
    except QuerySyntaxError as exc:
        raise ConfigError(f"{where} query: {exc}") from exc
    return CategoryConfig(title, slug, query, text, source_tags)


def _opml_sources(path: Path, known: set[str], name: str) -> list[SourceConfig]:
    try:
        outlines = read_opml(path.read_bytes())
    except OSError as exc:
        raise ConfigError(f"{name}: [site] opml: cannot read {path}: {exc}") from exc
    except ValueError as exc:
        raise ConfigError(f"{name}: [site] opml: {path.name}: {exc}") from exc
    found: list[SourceConfig] = []
    for outline in outlines:
        if outline.url in known or not _is_http_url(outline.url):
            continue  # a list from another reader may hold anything
        known.add(outline.url)
        found.append(SourceConfig(url=outline.url, name=outline.title, tags=outline.tags))
    return found


T = TypeVar("T")


def _get(table: Mapping[str, Any], key: str, kind: type[T], where: str, default: T) -> T:
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where} {key}: expected {_kind_name(kind)}, got {value!r}")
    return value


def _kind_name(kind: type) -> str:
    return {str: "a string", int: "an integer", bool: "true or false"}.get(kind, kind.__name__)


def _positive(value: int, where: str) -> int:
    if value < 1:
        raise ConfigError(f"{where}: connection limits must be at least 1, got {value}")
    return value


def _string_list(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} {key}: expected a list of strings, got {value!r}")
    return tuple(v.strip() for v in value if v.strip())


def _table(raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: [{key}] must be a table")
    return value


def _array(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


def _no_unknown(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            raise ConfigError(f"{where}: unknown key {key!r} (expected one of "
                              f"{', '.join(sorted(allowed))})")  # fmt: skip


def _no_duplicates(values: list[str], where: str, key: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ConfigError(f"{where}: two entries share the {key} {value!r}")
        seen.add(value)


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is no number or too large
    except ValueError:  # also an unbalanced IPv6 bracket, "http://[::1"
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _check_http_url(url: str, where: str) -> None:
    if not _is_http_url(url):
        raise ConfigError(f"{where}: expected an http(s) URL, got {url!r}")
