"""Verbs that analyse articles: ``analyze`` one, ``ingest`` many into the store, ``load`` shards."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newsgraph.cli.root import FORMATS, INPUT_FORMATS, cli, context_of, db_option, encoding_option
from newsgraph.errors import ExitCode, InputError, Messages, NewsgraphError, UsageError
from newsgraph.ingest import IngestSummary, ingest
from newsgraph.outputs import check_output, open_output, write_output
from newsgraph.report import render


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

    settings = context_of(ctx).settings
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

    context = context_of(ctx)
    settings = context.settings
    from newsgraph.progress import count_inputs, make_reporter

    if out is not None and out[0] != "parquet":
        raise UsageError(Messages.OUT_FORMAT, format=out[0])
    shard_folder = out[1] if out is not None else None
    if shard_folder is not None and Path(shard_folder).exists() and not Path(shard_folder).is_dir():
        raise UsageError(Messages.OUT_NOT_FOLDER, path=shard_folder)
    _check_inputs(paths, every_file=input_format is not None)
    summary = IngestSummary()
    show_progress = not context.quiet and not as_json
    reporter = make_reporter(sys.stderr, total=count_inputs(paths, input_format=input_format),
                             every=status_every, summary=summary) if show_progress else None

    def progress(summary: IngestSummary) -> None:
        if reporter is not None:
            reporter.update(summary)

    try:
        with Store(settings.store.path, wait=settings.store.wait_seconds) as store:
            ingest(list(paths), settings, store, stdin=sys.stdin if "-" in paths else None,
                   input_format=input_format, progress=progress, summary=summary,
                   shard_folder=shard_folder)
    except BaseException as error:
        if reporter is not None:
            reporter.close(summary, complete=False)  # the bar gone, the cursor back
        if isinstance(error, (NewsgraphError, KeyboardInterrupt)) and any(
                summary.counts()[kind] for kind in ("new", "duplicate", "skipped", "failed")):
            # A store that cannot be written any more (a full disk), or Ctrl-C: say what was
            # stored first.
            click.echo(_summary_text(summary, settings.store.path, shard_folder), err=True)
            click.echo(f"newsgraph: {Messages.INGEST_STOPPED}", err=True)
        raise
    if reporter is not None:
        reporter.close(summary)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    elif not context.quiet:
        click.echo(_summary_text(summary, settings.store.path, shard_folder))
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

    settings = context_of(ctx).settings
    with Store(settings.store.path, wait=settings.store.wait_seconds) as store:
        summary = load_shards(folder, settings, store)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    elif not context_of(ctx).quiet:
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


def _summary_text(summary: IngestSummary, path: str, shard_folder: str | None = None) -> str:
    if shard_folder is not None:
        # The store has only the run's skips and failures: say where the analyses went.
        lines = [f"Wrote shards to {shard_folder} (store them with 'newsgraph load "
                 f"{shard_folder}'): read {summary.read}, new {summary.new} "
                 f"({summary.near_duplicate} near-duplicates linked), duplicate "
                 f"{summary.duplicate}, skipped {summary.skipped}, failed {summary.failed}."]
        return "\n".join(lines + _reasons(summary))
    lines = [f"Ingested into {path}: read {summary.read}, new {summary.new} "
             f"({summary.near_duplicate} near-duplicates linked), duplicate {summary.duplicate}, "
             f"skipped {summary.skipped}, failed {summary.failed}."]
    return "\n".join(lines + _reasons(summary))


def _reasons(summary: IngestSummary) -> list[str]:
    lines = []
    for kind, origin, reason in summary.reasons:
        if kind != "duplicate":
            # Every failed or skipped input is named, with its reason.
            named = reason if reason.startswith(origin.rsplit(":", 1)[0]) else f"{origin}: {reason}"
            lines.append(f"  {kind}: {named}")
    return lines
