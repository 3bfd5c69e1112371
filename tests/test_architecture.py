"""The boundaries of STYLE.md, checked by walking the source tree's syntax."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tributary"
PURE = ["parse", "clean", "categorize", "publish", "schedule.py", "slugs.py"]
IO_MODULES = {"tributary.storage", "tributary.fetch", "tributary.web", "tributary.pipeline",
              "tributary.cli", "aiohttp", "sqlalchemy", "requests", "httpx", "socket",
              "urllib.request"}  # fmt: skip
# Each third-party library lives behind one adapter module (or one package for a subsystem).
ADAPTERS = {
    "feedparser": {"parse/feedparser_adapter.py"},
    "feedparser_rs": {"parse/rust_feed.py"},
    "nh3": {"clean/sanitize.py"},
    "aiohttp": {"fetch/client.py"},
    "trafilatura": {"extract/trafilatura_adapter.py"},
}


def modules(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = SRC / part
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [p for p in found if p.exists()]


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


@pytest.mark.parametrize("path", modules(*PURE), ids=rel)
def test_pure_steps_do_no_io(path: Path) -> None:
    bad = {
        name
        for name in imports(path)
        for io in IO_MODULES
        if name == io or name.startswith(io + ".")
    }
    assert not bad, f"{rel(path)} is a pure step but imports {sorted(bad)}"


@pytest.mark.parametrize("path", modules(*PURE), ids=rel)
def test_pure_steps_take_now_as_an_argument(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for call in ("datetime.now(", "datetime.utcnow(", "time.time(", "date.today("):
        assert call not in source, f"{rel(path)} reads the clock ({call}); take `now` instead"


def test_each_library_is_imported_in_one_adapter() -> None:
    where: dict[str, set[str]] = defaultdict(set)
    for path in modules("."):
        for name in imports(path):
            top = name.split(".")[0]
            if top in ADAPTERS:
                where[top].add(rel(path))
    for library, allowed in ADAPTERS.items():
        assert where[library] <= allowed, (
            f"{library} imported outside its adapter: {where[library]}"
        )


def test_no_module_level_global_state() -> None:
    for path in modules("."):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        globals_used = [n for n in ast.walk(tree) if isinstance(n, ast.Global)]
        assert not globals_used, f"{rel(path)} rebinds module state with `global`"


def test_the_console_script_imports_the_command_line_only_when_it_runs() -> None:
    """A parsing worker runs its parent's main script again before its first task; the
    `tributary` script must not make it import the command line (web, storage, Typer)."""
    listed = subprocess.run(
        [sys.executable, "-c", "import sys, tributary.__main__; print(*sorted(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert "tributary.__main__" in listed
    assert not [m for m in listed if m.startswith("tributary.") and m != "tributary.__main__"]
    assert not {"typer", "sqlalchemy", "fastapi"} & set(listed)
