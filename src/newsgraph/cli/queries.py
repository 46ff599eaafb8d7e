"""Verbs that read the store: articles, show, stats, events, quotes, narratives, and export."""

from __future__ import annotations

import json
from typing import Any

import click

from newsgraph.cli.root import FORMATS, cli, context_of, db_option, open_store, plain
from newsgraph.errors import Messages, StoreError, UsageError
from newsgraph.outputs import check_output
from newsgraph.report import render


@cli.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0))
@click.option("--offset", default=0, type=click.IntRange(min=0))
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def articles(ctx: click.Context, limit: int, offset: int, as_json: bool) -> None:
    """List stored articles."""
    with open_store(ctx) as store:
        rows = store.articles(limit=limit, offset=offset)
    if as_json:
        click.echo(json.dumps([plain(row) for row in rows], indent=2, default=str))
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
    with open_store(ctx) as store:
        analysis = store.analysis(article_id)
    click.echo(render(analysis, output_format))


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Summarise the store: articles, entities, top actors and places, errors."""
    with open_store(ctx) as store:
        figures = store.stats()
    data = plain(figures)
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    click.echo(_stats_text(data, context_of(ctx).settings.store.path))


def _stats_text(data: dict[str, Any], path: str) -> str:
    lines = [f"Store {path} (schema version {data.get('schema_version')})"]
    run = data.get("last_run")
    if isinstance(run, dict):
        when = str(run["started_at"])[:16]
        # No end and no reason: the run is going on now, or it was killed before it could say.
        state = ("" if run.get("finished_at") else f", stopped: {run['stopped']}"
                 if run.get("stopped") else ", not finished: running, or killed")
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


@cli.command(name="events")
@click.option("--actor", help="Source or target: an actor code prefix in capitals (RUS, USAGOV), or part of a name.")
@click.option("--code", help="A CAMEO code or its prefix (04, 046), or a PLOVER event type (CONSULT).")
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
    with open_store(ctx) as store:
        rows = store.events(query)
    if as_json:
        click.echo(json.dumps([plain(row) for row in rows], indent=2, default=str))
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
    with open_store(ctx) as store:
        if not store.has_events():
            raise StoreError(Messages.EVENTS_NONE_STORED, path=store.path)
        try:
            written = export_events(store, target, output_format, force=force, grouped=grouped,
                                    header=header, factual_only=factual)
        except OSError as error:
            raise UsageError(Messages.OUTPUT_UNWRITABLE, path=output,
                             detail=error.strerror or str(error)) from None
    if not context_of(ctx).quiet:
        click.echo(f"wrote {written} rows to {output}", err=True)


@cli.command(name="quotes")
@click.option("--speaker", help="Only statements whose speaker's name contains this (any case).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0))
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def quotes_command(ctx: click.Context, speaker: str | None, limit: int, as_json: bool) -> None:
    """List stored statements in date order, with the article each comes from."""
    with open_store(ctx) as store:
        rows = store.quotes(speaker, limit=limit)
    if as_json:
        click.echo(json.dumps([plain(row) for row in rows], indent=2, default=str))
        return
    for row in rows:
        content = " … ".join(row.content)
        content = content if len(content) <= 160 else content[:157] + "..."
        click.echo(f"{row.published or '----------'}  {row.speaker or '(unknown)'} "
                   f"[{row.cue or row.kind}] {content}  ({row.article_id} {row.title or ''})")


@cli.command(name="narratives")
@click.option("--narrative", help="Only narratives whose label contains this (any case).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
def narratives_command(ctx: click.Context, narrative: str | None, as_json: bool) -> None:
    """Narrative counts by source and month (articles ingested with the framing stage)."""
    with open_store(ctx) as store:
        rows = store.narrative_counts(narrative)
        none_stored = not rows and (narrative is None or not store.narrative_counts(None))
    if none_stored:
        click.echo(f"newsgraph: {Messages.NARRATIVES_NONE_STORED.format(path=store.path)}", err=True)
    if as_json:
        click.echo(json.dumps([plain(row) for row in rows], indent=2))
        return
    for row in rows:
        click.echo(f"{row.month or '-------'}  {row.source or '(no source)'}  {row.articles:4d}  "
                   f"{row.narrative}")
