"""``newsgraph train events``: fit the learned event detector from the shared data folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from newsgraph.errors import InputError, Messages


@click.command(name="events")
@click.option("--data", required=True, type=click.Path(),
              help="The data folder (../shared/data) with cameo/phoenix_dictionaries and plover/ngec.")
@click.option("-o", "--output", default="event_detector.npz", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the weights (.npz).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N synthetic stories.")
@click.option("--strength", default=1.0, show_default=True,
              help="Inverse regularisation of the logistic regression (C).")
@click.option("--no-validation", is_flag=True, help="Skip the grouped cross-validation.")
@click.option("--cache", type=click.Path(dir_okay=False),
              help="An embedding cache (.npz) to reuse between runs; used only by MiniLM-feature detectors.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.pass_context
def train_events(ctx: click.Context, data: str, output: str, limit: int | None, strength: float,
                 no_validation: bool, cache: str | None, force: bool) -> None:
    """Train the event detector (needs scikit-learn); use the weights with
    --set events.detector_model=FILE, or copy them to newsgraph/data/event_detector.npz to ship."""
    from newsgraph.backbone import Backbone
    from newsgraph.events.train import train_detector
    from newsgraph.framing.embeddings import Embedder

    if Path(output).exists() and not force:
        raise InputError(Messages.OUTPUT_EXISTS, path=output)
    if not Path(data).is_dir():
        raise InputError(Messages.DATA_NOT_FOUND, path=data)
    settings: Any = ctx.obj.settings
    backbone = Backbone.from_settings(settings.nlp)
    embedder = Embedder(cache_file=cache or "")
    card = train_detector(Path(data), Path(output), backbone.parse, embedder=embedder,
                          limit=limit, validate=not no_validation, strength=strength)
    if cache:
        embedder.save_cache()
    click.echo(json.dumps(card, indent=2))
