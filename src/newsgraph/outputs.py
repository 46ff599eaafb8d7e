"""Result files the command line writes: checked before any work, written whole or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from newsgraph.errors import Messages, UsageError


def check_output(output: str | Path, *, force: bool) -> Path:
    """The path to write, refused with a usage error before any work is done.

    Refused when it exists and ``force`` is not given, when its folder does not exist, or
    when it is a folder.
    """
    target = Path(output)
    if target.is_dir():
        raise UsageError(Messages.OUTPUT_UNWRITABLE, path=output, detail="it is a folder")
    if target.exists() and not force:
        raise UsageError(Messages.OUTPUT_EXISTS, path=output)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(Messages.OUTPUT_FOLDER_MISSING, path=output, folder=folder)
    return target


@contextlib.contextmanager
def open_output(output: str | Path, *, force: bool) -> Iterator[Callable[[str], None]]:
    """A function that writes text to ``output``, which appears only once all of it is written.

    The text goes to ``OUTPUT.partial`` first and replaces ``output`` at the end; on any error
    the partial file is removed and ``output`` is left as it was.
    """
    target = check_output(output, force=force)
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as stream:
            def write(text: str) -> None:
                stream.write(text)

            yield write
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UsageError(Messages.OUTPUT_UNWRITABLE, path=output,
                         detail=error.strerror or str(error)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_output(text: str, output: str | Path, *, force: bool) -> None:
    """Write ``text`` and a final newline to ``output`` whole, or not at all."""
    with open_output(output, force=force) as write:
        write(text + "\n")
