"""Verbs about newsgraph itself: ``info``, ``init config`` and ``schema``."""

from __future__ import annotations

import json
import sys

import click

from newsgraph import __version__
from newsgraph.cli.root import cli, context_of
from newsgraph.outputs import write_output
from newsgraph.settings import default_toml, to_tree


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Versions, model, registered stages and the resolved settings."""
    from importlib.metadata import version

    from newsgraph.stages import registry

    settings = context_of(ctx).settings
    data = {"newsgraph": __version__, "python": sys.version.split()[0],
            "spacy": version("spacy"), "stages": sorted(registry()),
            "settings": to_tree(settings)}
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"newsgraph {data['newsgraph']} · Python {data['python']} · spaCy {data['spacy']}")
    click.echo(f"model: {settings.nlp.model} · profile: {settings.profile} · "
               f"store: {settings.store.path}")
    click.echo("stages: " + ", ".join(settings.pipeline.stages))
    click.echo("registered: " + ", ".join(sorted(registry())))
    for section, values in to_tree(settings).items():
        if isinstance(values, dict):
            for key, value in values.items():
                click.echo(f"  {section}.{key} = {json.dumps(value)}")


@cli.group()
def init() -> None:
    """Create starting files."""


@init.command(name="config")
@click.argument("path", default="newsgraph.toml")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init_config(path: str, force: bool) -> None:
    """Write the default settings to PATH (newsgraph.toml) to edit."""
    write_output(default_toml(), path, force=force)
    click.echo(f"wrote {path}", err=True)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the Analysis JSON."""
    from newsgraph.api import analysis_schema

    click.echo(json.dumps(analysis_schema(), indent=2))
