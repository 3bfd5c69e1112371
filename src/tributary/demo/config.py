"""The demo's ``tributary.toml``: every demo outlet as a source, and five topic desks.

The categories show the query language at work: wildcards, phrases, OR, NOT, parentheses,
``title:`` and ``tag:`` prefixes, and ``source_tags`` that trust an outlet's own tagging.
"""

from __future__ import annotations

import json

from tributary.demo.content import OUTLETS

# (name, query, source_tags)
CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Ukraine",
        "ukrain* OR kyiv OR kiev OR kharkiv OR odesa OR kherson OR zaporizh* OR zelensk* "
        'OR "donbas" OR dnipro',
        (),
    ),
    (
        "Gaza",
        'gaza OR rafah OR "khan younis" OR "west bank" OR unrwa '
        "OR (israel* AND (ceasefire OR hostage*))",
        (),
    ),
    (
        "Climate",
        "(climate OR emission* OR drought* OR heatwave* OR flood* OR wildfire* OR glacier* "
        'OR "sea ice" OR cyclone* OR solar OR tag:environment) NOT title:quiz',
        (),
    ),
    (
        "Labor",
        '(union* OR strike* OR walkout* OR picket* OR "collective bargaining" OR wage* '
        'OR overtime) NOT ("drone strike" OR "drone strikes" OR "european union")',
        ("Labor", "Labour"),
    ),
    (
        "Press freedom",
        '"press freedom" OR "freedom of the press" OR censor* OR journalist* '
        "OR broadcaster* OR tag:media",
        ("Press Freedom", "Media freedom"),
    ),
)


def toml_string(text: str) -> str:
    """A TOML string: literal ('...') when it can be, else basic with JSON-style escapes."""
    if "'" not in text and "\n" not in text and text.isprintable():
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


def _source(server_url: str, index: int) -> str:
    outlet = OUTLETS[index]
    lines = ["[[sources]]", f"url = {toml_string(server_url + outlet.config_path)}"]
    if outlet.configured_by_home_page:
        lines[-1] += "  # the home page: its <link rel=alternate> names the feed"
    lines.append(f"name = {toml_string(outlet.name)}")
    if outlet.fulltext != "auto":
        lines.append(f"fulltext = {toml_string(outlet.fulltext)}")
    if outlet.style == "excerpt":
        lines.append("fulltext = 'auto'  # excerpts only: the article pages hold the text")
    if outlet.interval:
        lines.append(f"interval = {toml_string(outlet.interval)}")
    return "\n".join(lines)


def _category(name: str, query: str, source_tags: tuple[str, ...]) -> str:
    lines = ["[[categories]]", f"name = {toml_string(name)}", f"query = {toml_string(query)}"]
    if source_tags:
        tags = ", ".join(toml_string(tag) for tag in source_tags)
        lines.append(f"source_tags = [{tags}]")
    return "\n".join(lines)


def demo_config(server_url: str, *, site_url: str = "http://127.0.0.1:8000") -> str:
    """The TOML text of a complete ``tributary.toml`` over the demo server at ``server_url``."""
    server_url = server_url.rstrip("/")
    blocks = [
        "# Tributary's bundled demo: invented outlets served from this machine.",
        "[site]\n"
        f"title = {toml_string('Tributary demo desk')}\n"
        f"base_url = {toml_string(site_url.rstrip('/'))}",
        "[fetch]\nallow_private_addresses = true  # the demo outlets live on 127.0.0.1",
        *(_source(server_url, i) for i in range(len(OUTLETS))),
        *(_category(*category) for category in CATEGORIES),
    ]
    return "\n\n".join(blocks) + "\n"
