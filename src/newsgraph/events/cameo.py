"""The CAMEO event codebook: codes, names, root and base codes, quad class, Goldstein and PLOVER."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from newsgraph.errors import ConfigError, Messages

QUAD_CLASSES: Mapping[int, str] = MappingProxyType({
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"})
"""GDELT's four quad classes, by number."""

_COLUMNS = ("code", "name", "goldstein", "plover_event", "plover_mode", "plover_context")


@dataclass(frozen=True, slots=True)
class Plover:
    """A CAMEO code read as PLOVER: the event type, and its mode and context where the mapping gives them."""

    event: str
    mode: str | None = None
    context: str | None = None


@dataclass(frozen=True, slots=True)
class EventCode:
    """One CAMEO event code and what follows from it."""

    code: str
    name: str
    goldstein: float
    plover: Plover | None

    @property
    def root(self) -> str:
        """The two-digit root code ("04" for "046")."""
        return self.code[:2]

    @property
    def base(self) -> str:
        """The three-digit base code ("084" for "0841"; the root itself for a root code)."""
        return self.code[:3]

    @property
    def quad_class(self) -> int:
        """1 verbal cooperation (roots 01-05), 2 material cooperation (06-08), 3 verbal conflict
        (09-13), 4 material conflict (14-20)."""
        return quad_class(self.code)


def quad_class(code: str) -> int:
    """The quad class of any CAMEO code by its root."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


class Codebook:
    """All CAMEO event codes, looked up by code."""

    def __init__(self, codes: Mapping[str, EventCode]) -> None:
        self._codes = dict(codes)

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def get(self, code: str) -> EventCode | None:
        """The code, or None when CAMEO has no such code."""
        return self._codes.get(code)

    def __getitem__(self, code: str) -> EventCode:
        return self._codes[code]

    def codes(self) -> tuple[str, ...]:
        """Every code, in codebook order."""
        return tuple(self._codes)

    def roots(self) -> tuple[str, ...]:
        """The twenty root codes "01" to "20"."""
        return tuple(code for code in self._codes if len(code) == 2)

    def nearest(self, code: str) -> EventCode | None:
        """The code, or its closest ancestor that CAMEO defines (PETRARCH extensions such as 1213)."""
        while code:
            found = self._codes.get(code)
            if found is not None:
                return found
            code = code[:-1] if len(code) > 2 else ""
        return None


def _plover(fields: list[str], inherited: Plover | None) -> Plover | None:
    event, mode, context = (value.strip() or None for value in fields)
    if event is None:
        return inherited
    return Plover(event=event, mode=mode, context=context)


@functools.cache
def codebook() -> Codebook:
    """The built-in codebook (``data/cameo.tsv``), read once."""
    path = "data/cameo.tsv"
    text = resources.files("newsgraph").joinpath(path).read_text(encoding="utf-8")
    codes: dict[str, EventCode] = {}
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(fields) != _COLUMNS:
                raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=number,
                                  detail=Messages.CODEBOOK_COLUMNS.format(columns=", ".join(_COLUMNS)))
            continue
        if len(fields) != len(_COLUMNS) or not fields[0].isdigit():
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=number,
                              detail=Messages.CODEBOOK_COLUMNS.format(columns=", ".join(_COLUMNS)))
        code, name, goldstein = fields[0], fields[1], fields[2]
        parent = codes.get(code[:-1]) if len(code) > 2 else None
        codes[code] = EventCode(code=code, name=name, goldstein=float(goldstein),
                                plover=_plover(fields[3:], parent.plover if parent else None))
    return Codebook(codes)


__all__ = ["QUAD_CLASSES", "Codebook", "EventCode", "Plover", "codebook", "quad_class"]
