"""The `tributary` command (and `python -m tributary`): the command line, imported when run.

The console script imports this module rather than tributary.cli because a parsing worker
started by the fork server runs its parent's main script again before its first task
(multiprocessing's rule for spawned children): a script that imported tributary.cli made every
worker import the whole command line (web, storage, Typer, Rich), 30-40 MB of its own.
"""

from __future__ import annotations


def main() -> None:
    from tributary.cli import main as run

    run()


if __name__ == "__main__":
    main()
