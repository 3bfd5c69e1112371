"""``tributary eval clustering FILE.jsonl``: the story clustering measured on a labelled stream.

Registered on the ``eval`` group of cli_extract. The posts go through the very clustering the
pipeline uses (stories/cluster.py), one at a time in publication order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tributary.cli_extract import JsonOption, eval_app
from tributary.stories.stream import evaluate_stream, read_stream


@eval_app.command("clustering")
def eval_clustering(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.jsonl",
            help='Lines {"id", "title", "text", "published", "cluster"}.',
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """B-cubed precision, recall and F1, and pairwise F1, of the story clustering."""
    result = evaluate_stream(read_stream(path))
    figures = {
        "precision": round(result.precision, 4),
        "recall": round(result.recall, 4),
        "f1": round(result.f1, 4),
        "pairwise_f1": round(result.pairwise_f1, 4),
        "clusters": result.clusters,
    }
    if as_json:
        typer.echo(json.dumps(figures))
        return
    typer.echo(
        f"posts {result.items}, gold events {result.gold_clusters}, stories {result.clusters}\n"
        f"B-cubed precision {result.precision:.4f}  recall {result.recall:.4f}  "
        f"F1 {result.f1:.4f}\n"
        f"pairwise F1 {result.pairwise_f1:.4f}"
    )
