"""Data files (dictionaries, lexicons, taxonomies) read as text, with errors naming file and line."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path

from newsgraph.errors import ConfigError, Messages


def read_data_file(file: str | Path | Traversable, *, missing: str = Messages.DICTIONARY_NOT_FOUND,
                   syntax: str = Messages.DICTIONARY_SYNTAX) -> str:
    """The UTF-8 text of a data file, byte-order mark dropped.

    A missing file raises ConfigError with ``missing`` (formatted with ``path``); bytes that are
    not UTF-8 raise it with ``syntax`` (``path``, ``line``, ``detail``) at the offending line.
    """
    source = Path(file) if isinstance(file, str) else file
    try:
        raw = source.read_bytes()
    except OSError:
        raise ConfigError(missing, path=file) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ConfigError(syntax, path=file, line=line,
                          detail=Messages.DICTIONARY_ENCODING.format(position=error.start)) from None
    return text.removeprefix("\ufeff")
