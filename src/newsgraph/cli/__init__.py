"""The ``newsgraph`` command: thin verbs over importable functions.

``root`` holds the command group and what verbs share; each other module holds one family of
verbs and registers them on the group when imported: ``analysis`` (analyze, ingest, load),
``queries`` (reading the store and exporting from it), ``evaluation`` (eval), ``training``
(train) and ``about`` (info, init, schema). The web server's ``serve`` lives in newsgraph.web.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import click

from newsgraph.cli import about, analysis, evaluation, queries, training  # noqa: F401  (each registers its verbs)
from newsgraph.cli.root import Context, cli
from newsgraph.errors import ExitCode, Messages, NewsgraphError
from newsgraph.web.command import serve as serve_command

__all__ = ["Context", "cli", "main"]

cli.add_command(serve_command)


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
