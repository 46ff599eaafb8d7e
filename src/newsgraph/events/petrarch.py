"""PETRARCH / Phoenix dictionaries read as newsgraph's own: verbs (CAMEO 2.0 format), actors, agents.

The formats, briefly: actor files list names (words joined by ``_`` or spaces; a trailing ``_``
means the word ends there) with ``[CODE]`` or dated codes ``[CODE 950101-990815]``,
``[CODE >990816]``, ``[CODE <950601]`` on the same or the following lines, and ``+`` lines for
other names of the same actor. Agent files map nouns to sector codes (``[~GOV]``), with
``!MACRO! = A, B`` substitutions. Verb files have ``&SYNSET`` word lists and ``--- NAME [code] ---``
blocks of verbs followed by ``- words * words [code]`` patterns, ``*`` standing for the verb.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NoReturn

from newsgraph.events.cameo import Codebook, codebook
from newsgraph.errors import ConfigError, Messages
from newsgraph.events.lexicon import PARTICLES, Lexicon, Pattern

DictionaryKind = Literal["actors", "agents", "verbs", "discards"]
KINDS: tuple[DictionaryKind, ...] = ("actors", "agents", "verbs", "discards")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_DATED = re.compile(r"^\s*([^\s<>]+)\s*(?:(<|>)\s*(\d{6}|\d{8})|(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8}))?\s*$")
_BLOCK = re.compile(r"^---\s+(\S.*?)\s+\[([^\]]*)\]\s+---")
_PATTERN_MARKERS = frozenset({"%", "+", "$", "^", "*"})
_MAX_EXPANSIONS = 40
# A name's last word without a closing "_" also matches longer words ("TURK" matches "TURKISH"),
# but not when it is an abbreviation this short: "THE_AU" must not match "the Australian".
MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code, valid from ``start`` to ``end`` (either open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date | None) -> bool:
        """Whether the code applies on ``day`` (any code applies on an unknown day)."""
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorName:
    """One name of an actor: its words, upper-case; ``exact_end`` when the last word may not go on."""

    words: tuple[str, ...]
    exact_end: bool
    codes: tuple[DatedCode, ...]

    def code_on(self, day: dt.date | None) -> str | None:
        """The code that applies on ``day``: a dated one that holds, else an undated one, else the last."""
        dated = [c for c in self.codes if (c.start or c.end) and c.holds_on(day)]
        if dated and day is not None:
            return dated[0].code
        undated = [c for c in self.codes if not (c.start or c.end)]
        if undated:
            return undated[0].code
        if day is None and self.codes:
            return self.codes[-1].code
        return dated[0].code if dated else None


@dataclass
class ActorDictionary:
    """Actor names indexed by their first word, matched against a sentence's words."""

    names: dict[str, list[ActorName]] = field(default_factory=dict)
    stems: dict[str, list[ActorName]] = field(default_factory=dict)

    def add(self, name: ActorName) -> None:
        """Add a name; a one-word name without a closing ``_`` also matches longer words."""
        if len(name.words) == 1 and not name.exact_end:
            self.stems.setdefault(name.words[0][:4], []).append(name)
        else:
            self.names.setdefault(name.words[0], []).append(name)

    def __len__(self) -> int:
        return sum(len(v) for v in self.names.values()) + sum(len(v) for v in self.stems.values())

    def extend(self, other: ActorDictionary) -> None:
        """Add another dictionary's names."""
        for bucket in (*other.names.values(), *other.stems.values()):
            for name in bucket:
                self.add(name)

    def match(self, words: Sequence[str], start: int) -> tuple[int, ActorName] | None:
        """The longest name that starts at ``words[start]``: (number of words, name)."""
        first = words[start]
        best: tuple[int, ActorName] | None = None
        for name in self.names.get(first, []):
            size = len(name.words)
            if start + size > len(words):
                continue
            inner = all(words[start + k] == name.words[k] for k in range(size - 1))
            last = words[start + size - 1]
            stem = name.words[-1]
            fits = last == stem or (not name.exact_end and len(stem) >= MIN_STEM
                                    and last.startswith(stem))
            if inner and fits and (best is None or size > best[0]):
                best = (size, name)
        if best is None:
            for name in self.stems.get(first[:4], []):
                if first.startswith(name.words[0]) and (best is None or
                                                       len(name.words[0]) > len(best[1].words[0])):
                    best = (1, name)
        return best


@dataclass
class PetrarchDictionaries:
    """What a set of PETRARCH files adds: verb patterns, actor names and agent nouns."""

    verbs: Lexicon = field(default_factory=Lexicon)
    actors: ActorDictionary = field(default_factory=ActorDictionary)
    agents: dict[str, str] = field(default_factory=dict)
    unsupported_codes: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def dictionary_kind(path: Path, text: str | None = None) -> DictionaryKind:
    """Which kind a PETRARCH file is, by its name or else by its content."""
    name = path.name.lower()
    for kind in KINDS:
        if kind in name or kind[:-1] in name:
            return kind
    sample = text if text is not None else _read(path)
    if re.search(r"^---\s+\S.*\[[^\]]*\]\s+---", sample, re.MULTILINE):
        return "verbs"
    if "[~" in sample:
        return "agents"
    if _BRACKETS.search(sample):
        return "actors"
    raise ConfigError(Messages.PETRARCH_UNKNOWN_KIND, path=path)


def load_petrarch(paths: Iterable[Path], codes: Codebook | None = None, *,
                  strict: bool = True) -> PetrarchDictionaries:
    """Read PETRARCH files of any kind (discard files are accepted and not used).

    ``strict``: the first malformed entry is an error naming its file and line; otherwise such
    entries are left out and listed in ``problems``.
    """
    codes = codes or codebook()
    found = PetrarchDictionaries()
    problems = None if strict else found.problems
    for path in paths:
        text = _read(path)
        kind = dictionary_kind(path, text)
        if kind == "verbs":
            lexicon, unsupported = read_verbs(str(path), text, codes, problems=problems)
            found.verbs.extend(lexicon, replace_codes=False)
            found.unsupported_codes |= unsupported
        elif kind == "actors":
            found.actors.extend(read_actors(str(path), text, problems=problems))
        elif kind == "agents":
            found.agents.update(read_agents(str(path), text, problems=problems))
    return found


def load_petrarch_verbs(paths: Sequence[Path]) -> Lexicon:
    """The verb patterns of the verb files among ``paths``."""
    return load_petrarch([p for p in paths if dictionary_kind(p) == "verbs"]).verbs


# --- reading ------------------------------------------------------------------------------------


def _read(path: Path) -> str:
    if not path.is_file():
        raise ConfigError(Messages.DICTIONARY_NOT_FOUND, path=path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        # Older dictionaries are Latin-1; every byte is a character there.
        return path.read_text(encoding="latin-1")


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """Numbered lines without comments: ``#`` to the end of a line, ``<!-- -->`` blocks."""
    in_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = line.split("-->", 1)[1]
            else:
                continue
        if "<!--" in line:
            before, _, after = line.partition("<!--")
            if "-->" in after:
                line = before + after.split("-->", 1)[1]
            else:
                in_comment = True
                line = before
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield number, line


def _fail(path: str, line: int, detail: str) -> NoReturn:
    raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=line,
                      detail=Messages.PETRARCH_SYNTAX.format(problem=detail))


def _date(text: str, path: str, line: int) -> dt.date:
    try:
        if len(text) == 6:
            year = int(text[:2])
            return dt.date(1900 + year if year >= 30 else 2000 + year, int(text[2:4]), int(text[4:]))
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        _fail(path, line, f"'{text}' is not a date; write YYMMDD or YYYYMMDD")


def _code(spec: str, path: str, line: int) -> DatedCode:
    match = _DATED.match(spec)
    if match is None:
        _fail(path, line, f"'[{spec}]' is not a code; write [CODE], [CODE >YYMMDD], [CODE <YYMMDD] "
                          "or [CODE YYMMDD-YYMMDD]")
    code, direction, single, start, end = match.groups()
    if direction == ">":
        return DatedCode(code.upper(), start=_date(single, path, line))
    if direction == "<":
        return DatedCode(code.upper(), end=_date(single, path, line))
    if start:
        return DatedCode(code.upper(), start=_date(start, path, line), end=_date(end, path, line))
    return DatedCode(code.upper())


def _note(error: ConfigError, problems: list[str] | None) -> None:
    """Keep a line's error to report with the others, or raise it when no list is kept."""
    if problems is None:
        raise error
    problems.append(error.message)


def _brackets(line: str, path: str, number: int) -> tuple[str, list[str]]:
    if line.count("[") != line.count("]"):
        _fail(path, number, "a '[' without its ']' (or the other way round)")
    specs = _BRACKETS.findall(line)
    return _BRACKETS.sub(" ", line), specs


def _name(text: str) -> tuple[tuple[str, ...], bool] | None:
    text = re.sub(r"\{[^}]*\}", " ", text).strip().lstrip("+").strip()
    if not text:
        return None
    exact = text.endswith("_")
    words = tuple(word for word in re.split(r"[_\s]+", text.upper()) if word)
    return (words, exact) if words else None


def read_actors(path: str, text: str, *, problems: list[str] | None = None) -> ActorDictionary:
    """Read a PETRARCH actor dictionary; with a ``problems`` list, bad lines are noted there
    and skipped instead of stopping the reading."""
    dictionary = ActorDictionary()
    pending: list[tuple[tuple[str, ...], bool]] = []
    codes: list[DatedCode] = []

    def flush() -> None:
        if pending and codes:
            for words, exact in pending:
                dictionary.add(ActorName(words=words, exact_end=exact, codes=tuple(codes)))

    for number, line in _lines(text):
        try:
            rest, specs = _brackets(line, path, number)
            parsed = [_code(spec, path, number) for spec in specs]
        except ConfigError as error:
            _note(error, problems)
            continue
        stripped = line.lstrip()
        continues = stripped.startswith("[") or (line[:1].isspace() and not rest.strip())
        if continues:
            codes.extend(parsed)
            continue
        if stripped.startswith("+") and (pending and not codes or not specs):
            name = _name(rest)
            if name is not None:
                pending.append(name)
            codes.extend(parsed)
            continue
        flush()
        pending, codes = [], []
        name = _name(rest)
        if name is None:
            _fail(path, number, "a code without a name before it")
        pending.append(name)
        codes.extend(parsed)
    flush()
    return dictionary


def read_agents(path: str, text: str, *, problems: list[str] | None = None) -> dict[str, str]:
    """Read a PETRARCH agent dictionary: lower-case noun phrase -> sector code(s)."""
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for number, line in _lines(text):
        macro = re.match(r"^\s*(![A-Z]+!)\s*=\s*(.+)$", line)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        try:
            rest, specs = _brackets(line, path, number)
        except ConfigError as error:
            _note(error, problems)
            continue
        if not specs:
            continue
        sector = specs[0].strip().replace("~", "")
        if not re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})*", sector):
            continue
        plurals = re.findall(r"\{([^}]*)\}", rest)
        names = [re.sub(r"\{[^}]*\}", " ", rest).strip()] + " ".join(plurals).split()
        for name in names:
            for expanded in _expand_macros(name, macros):
                words = [w for w in re.split(r"[_\s]+", expanded.lower()) if w]
                if words:
                    agents[" ".join(words)] = sector
    return agents


def _expand_macros(name: str, macros: dict[str, list[str]]) -> list[str]:
    found = re.search(r"![A-Z]+!", name)
    if not found or found.group(0) not in macros:
        return [name.replace("!", "")] if found is None else []
    results = []
    for value in macros[found.group(0)]:
        results += _expand_macros(name.replace(found.group(0), value, 1), macros)
    return results


def read_verbs(path: str, text: str, codes: Codebook | None = None, *,
               problems: list[str] | None = None) -> tuple[Lexicon, set[str]]:
    """Read a CAMEO 2.0 verb dictionary into patterns; returns them and the codes (PETRARCH
    extensions such as 1951) that the CAMEO codebook has not, whose patterns are left out."""
    codes = codes or codebook()
    lexicon = Lexicon()
    unsupported: set[str] = set()
    synsets: dict[str, list[str]] = {}
    current_synset: str | None = None
    block_code: str | None = None
    verbs: list[tuple[str, tuple[str, ...], str | None]] = []
    origin_line = 0

    def usable(code: str | None) -> str | None:
        if code is None or code.startswith("-"):
            return None
        code = code.split(":")[0].strip()
        if code in codes:
            return code
        if code:
            unsupported.add(code)
        return None

    for number, line in _lines(text):
        stripped = line.strip()
        block = _BLOCK.match(stripped)
        if block:
            current_synset = None
            block_code = block.group(2).strip()
            verbs = []
            continue
        if stripped.startswith("&") and not stripped.startswith("- "):
            current_synset = stripped.split()[0].upper()
            synsets[current_synset] = []
            continue
        if current_synset is not None and stripped.startswith("+"):
            synsets[current_synset].append(stripped[1:].split()[0].upper())
            continue
        if block_code is None:
            continue
        if stripped.startswith("-"):
            try:
                if "[" not in stripped:
                    _fail(path, number, "a pattern without its [code]")
                body, specs = _brackets(stripped[1:], path, number)
            except ConfigError as error:
                _note(error, problems)
                continue
            spec = specs[0].strip() if specs else ""
            code = usable(spec)
            if code is None:
                continue
            reciprocal = usable(spec.split(":")[1]) if ":" in spec else None
            for words in _pattern_words(body, synsets):
                for verb, extra, _ in verbs:
                    lexicon.add(Pattern(code=code, kind="verb", trigger=verb,
                                        words=extra + words, origin=f"{path}:{number}",
                                        reciprocal=reciprocal))
            continue
        try:
            rest, specs = _brackets(stripped, path, number)
        except ConfigError as error:
            _note(error, problems)
            continue
        name = _name(rest)
        if name is None:
            continue
        words = tuple(word.lower() for word in name[0])
        own = specs[0].strip() if specs else None
        verbs.append((words[0], words[1:], own))
        origin_line = number
        code = usable(own if own else block_code)
        if code is not None:
            lexicon.add(Pattern(code=code, kind="verb", trigger=words[0], words=words[1:],
                                origin=f"{path}:{origin_line}"))
    return lexicon, unsupported


def _pattern_words(body: str, synsets: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """The words after ``*`` in a pattern, synsets expanded; none when words come before ``*``."""
    cleaned = re.sub(r"[{}()]", " ", body)
    tokens = cleaned.split()
    if "*" not in tokens:
        return []
    before = [t for t in tokens[:tokens.index("*")] if t not in _PATTERN_MARKERS]
    if before:
        return []
    after = [t for t in tokens[tokens.index("*") + 1:] if t not in _PATTERN_MARKERS]
    choices: list[list[tuple[str, ...]]] = []
    for token in after:
        if token.startswith("&"):
            members = synsets.get(token.upper(), [])
            if not members:
                return []
            choices.append([_words(member) for member in members])
        else:
            choices.append([_words(token)])
    results = []
    for combination in itertools.islice(itertools.product(*choices), _MAX_EXPANSIONS):
        words = tuple(word for part in combination for word in part)
        if words and not all(word in PARTICLES for word in words):
            results.append(words)
        elif words:
            results.append(words)
    return results


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in re.split(r"[_\s]+", text.strip("_")) if word)


__all__ = ["ActorDictionary", "ActorName", "DatedCode", "PetrarchDictionaries",
           "dictionary_kind", "load_petrarch", "load_petrarch_verbs", "read_actors", "read_agents",
           "read_verbs"]
