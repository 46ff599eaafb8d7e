"""The ``train`` verbs: train newsgraph's small models from gold data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsgraph.cli.root import cli, context_of, progress_printer
from newsgraph.errors import ConfigError, Messages
from newsgraph.events.command import train_events as train_events_command
from newsgraph.outputs import check_output


@cli.group(name="train")
def train_group() -> None:
    """Train newsgraph's small models from gold data (the data folder is an argument)."""


train_group.add_command(train_events_command)


@train_group.command(name="quotes")
@click.option("--data", required=True, type=click.Path(exists=True), help="The PolNeAR folder (data/ of the corpus).")
@click.option("--split", default="train", show_default=True)
@click.option("-o", "--output", default="quote_crf.json", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the weights (JSON).")
@click.option("--iterations", default=300, show_default=True)
@click.option("--c1", default=0.8, show_default=True, help="L1 regularisation of the CRF.")
@click.option("--c2", default=0.02, show_default=True, help="L2 regularisation of the CRF.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.pass_context
def train_quotes_command(ctx: click.Context, data: str, split: str, output: str, iterations: int,
                         c1: float, c2: float, limit: int | None, force: bool) -> None:
    """Train the attribution CRF (needs python-crfsuite); copy the output to
    newsgraph/data/quote_crf.json to ship it, and measure it with 'eval quotes'."""
    from newsgraph.evaluation.quotes import train_quotes

    check_output(output, force=force)
    try:
        import pycrfsuite  # type: ignore[import-not-found, import-untyped, unused-ignore]  # noqa: F401
    except ImportError as error:
        raise ConfigError(Messages.QUOTES_TRAINING_UNAVAILABLE, detail=error) from None
    report = train_quotes(Path(data), context_of(ctx).settings, Path(output), split=split,
                          limit=limit, iterations=iterations, c1=c1, c2=c2)
    click.echo(json.dumps(report, indent=2))


@train_group.command(name="framing")
@click.option("--data", required=True, type=click.Path(exists=True),
              help="The folder holding semeval2025_t10/ and semeval2023_t3/ (with --taxonomy: "
                   "raw-documents/ and subtask-2-annotations.txt).")
@click.option("--taxonomy", "taxonomy_file", type=click.Path(exists=True, dir_okay=False),
              help="Train narrative heads for this taxonomy (YAML) instead of the SemEval ones.")
@click.option("-o", "--out", "output", default="framing_model.npz", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the weights (.npz).")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(min=2),
              help="Folds for tuning the thresholds (at least 2).")
@click.option("--cache", default="", help="A .npz file to keep sentence embeddings in between runs.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.pass_context
def train_framing_command(ctx: click.Context, data: str, taxonomy_file: str | None, output: str,
                          folds: int, cache: str, force: bool) -> None:
    """Train the framing heads on the SemEval training splits (or, with --taxonomy, narrative
    heads for your own taxonomy); set framing.model_file to use the output."""
    from newsgraph.framing.commands import train_framing
    from newsgraph.framing.user_taxonomy import train_taxonomy

    check_output(output, force=force)
    if taxonomy_file:
        report = train_taxonomy(taxonomy_file, Path(data), Path(output), folds=folds,
                                cache_file=cache, progress=progress_printer(ctx),
                                encoder=context_of(ctx).settings.framing.encoder)
    else:
        report = train_framing(Path(data), Path(output), folds=folds, cache_file=cache,
                               progress=progress_printer(ctx),
                               encoder=context_of(ctx).settings.framing.encoder)
    click.echo(json.dumps(report, indent=2))
