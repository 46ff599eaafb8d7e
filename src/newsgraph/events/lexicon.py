"""The verb and phrase lexicon: words that express CAMEO events, loaded from YAML and checked."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal, NoReturn

import yaml

from newsgraph.events.cameo import Codebook, codebook
from newsgraph.datafiles import read_data_file
from newsgraph.errors import ConfigError, Messages

PARTICLES = frozenset({
    "about", "across", "after", "against", "along", "around", "as", "at", "away", "back",
    "before", "behind", "between", "by", "down", "for", "from", "in", "into", "of", "off", "on",
    "onto", "out", "over", "through", "to", "toward", "towards", "under", "up", "upon", "with",
    "without"})
"""Words a pattern reads as a particle or preposition rather than as an object noun."""

PatternKind = Literal["verb", "noun"]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEYS = ("verbs", "nouns", "mutual", "shared")
BUILT_IN = "data/verbs.yaml"
CLASS_MARK = "@"
"""A pattern word that starts with it names a word class: "send @forces"."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One way of saying an event: the trigger word and the words that must come with it."""

    code: str
    kind: PatternKind
    trigger: str
    words: tuple[str, ...]
    mutual: bool = False
    origin: str = ""
    reciprocal: str | None = None
    """A code for the same action seen from the target's side (PETRARCH ``[042:043]``)."""

    @property
    def specificity(self) -> int:
        """More required words make a more specific pattern, which wins over a vaguer one."""
        return len(self.words)

    @property
    def literal(self) -> int:
        """How many of its words are words, not word classes: "deliver food" beats "deliver @supplies"."""
        return sum(not word.startswith(CLASS_MARK) for word in self.words)

    @property
    def built_in(self) -> bool:
        """Whether the pattern comes from newsgraph's own lexicon, not a user's file."""
        return self.origin.startswith(BUILT_IN + ":")


@dataclass
class Lexicon:
    """Patterns indexed by their trigger word, for verbs and for event nouns."""

    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    """Word classes ("@forces": troop, soldier, warship ...) that a pattern's word may name."""

    def fits(self, word: str, lemma: str, text: str) -> bool:
        """Whether a token (its lemma and text) is the pattern word, or a member of its class."""
        if word.startswith(CLASS_MARK):
            members = self.classes.get(word, frozenset())
            return lemma in members or text in members
        return word in (lemma, text)

    def add(self, pattern: Pattern) -> None:
        """Add a pattern; the same words for another code replace the earlier code."""
        index = self.verbs if pattern.kind == "verb" else self.nouns
        bucket = index.setdefault(pattern.trigger, [])
        bucket[:] = [known for known in bucket if known.words != pattern.words]
        bucket.append(pattern)

    def patterns(self) -> Iterable[Pattern]:
        """Every pattern."""
        for index in (self.verbs, self.nouns):
            for bucket in index.values():
                yield from bucket

    def codes(self) -> set[str]:
        """The event codes some pattern gives."""
        return {pattern.code for pattern in self.patterns()}

    def extend(self, other: Lexicon, *, replace_codes: bool = True) -> None:
        """Add another lexicon's patterns; with ``replace_codes``, a code it defines drops ours."""
        self.classes.update(other.classes)
        if replace_codes:
            codes = other.codes()
            for index in (self.verbs, self.nouns):
                for trigger in list(index):
                    index[trigger] = [p for p in index[trigger] if p.code not in codes]
        for pattern in other.patterns():
            self.add(pattern)


def parse_pattern(text: str, code: str, kind: PatternKind, *, mutual: bool = False,
                  origin: str = "") -> Pattern:
    """Read "call for ceasefire" (a verb pattern) or "air strike" (a noun pattern)."""
    words = tuple(word.lower() for word in text.split())
    if not words:
        raise ValueError("it is empty")
    if kind == "noun" and all(word in PARTICLES for word in words):
        raise ValueError("it has no noun")
    if words[0 if kind == "verb" else -1].startswith(CLASS_MARK):
        raise ValueError("its trigger word is a word class")
    if kind == "verb":
        trigger = words[0]
    else:
        heads = [word for word in words if word not in PARTICLES]
        # "air strike": the last word is the head; "exchange of fire": the word before "of".
        trigger = words[words.index("of") - 1] if "of" in words[1:] else heads[-1]
    rest = list(words)
    rest.remove(trigger)
    return Pattern(code=code, kind=kind, trigger=trigger, words=tuple(rest), mutual=mutual,
                   origin=origin)


def load_lexicon(extra_files: Sequence[str | Path] = ()) -> Lexicon:
    """The built-in lexicon, extended (code by code) by users' YAML lexicons."""
    codes = codebook()
    text = resources.files("newsgraph").joinpath(BUILT_IN).read_text(encoding="utf-8")
    lexicon = read_lexicon(BUILT_IN, text, codes)
    missing = sorted(set(codes.roots()) - {pattern.code[:2] for pattern in lexicon.patterns()})
    if missing:
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=BUILT_IN, line=1,
                          detail=Messages.VERB_MISSING_ROOT.format(roots=", ".join(missing)))
    for path in extra_files:
        content = read_data_file(Path(path))
        lexicon.extend(read_lexicon(str(path), content, codes, known_classes=lexicon.classes))
    return lexicon


def read_lexicon(path: str, text: str, codes: Codebook | None = None, *,
                 known_classes: dict[str, frozenset[str]] | None = None) -> Lexicon:
    """Read one lexicon file: a mapping of event code to ``verbs``, ``nouns``, ``mutual`` and
    ``shared`` (verb patterns that are mutual whatever ``mutual`` says), and of word classes
    ("@forces": a list of lemmas) that patterns may use in place of a word."""
    codes = codes or codebook()

    def fail(node: yaml.Node | None, detail: str) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else 1
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=line, detail=detail)

    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path,
                          line=mark.line + 1 if mark is not None else 1,
                          detail=Messages.DICTIONARY_YAML.format(
                              problem=getattr(error, "problem", None) or error)) from None
    if root is None:
        fail(None, Messages.DICTIONARY_EMPTY.format(expected="event codes and their patterns"))
    if not isinstance(root, yaml.MappingNode):
        fail(root, Messages.DICTIONARY_WRONG_TYPE.format(
            what="the file", expected="a mapping of event codes", found=_kind(root)))
    lexicon = Lexicon()
    classes = _read_classes(root, fail)
    usable = {**(known_classes or {}), **classes}
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for key_node, value_node in root.value:
        code = str(key_node.value)
        if code.startswith(CLASS_MARK):
            continue
        if code not in codes:
            fail(key_node, Messages.VERB_UNKNOWN_CODE.format(code=code))
        if not isinstance(value_node, yaml.MappingNode):
            fail(value_node, Messages.DICTIONARY_WRONG_TYPE.format(
                what=f"code {code}", expected="a mapping with verbs and nouns", found=_kind(value_node)))
        entry = {str(k.value): v for k, v in value_node.value}
        for key, node in zip(entry, (k for k, _ in value_node.value)):
            if key not in _KEYS:
                fail(node, Messages.DICTIONARY_UNKNOWN_KEY.format(
                    key=key, what=f"code {code}", choices=", ".join(_KEYS)))
        mutual_node = entry.get("mutual")
        mutual = False
        if mutual_node is not None:
            if not isinstance(mutual_node, yaml.ScalarNode) or mutual_node.value not in ("true", "false"):
                fail(mutual_node, Messages.DICTIONARY_WRONG_TYPE.format(
                    what=f"mutual of code {code}", expected="true or false", found=_kind(mutual_node)))
            mutual = mutual_node.value == "true"
        # "shared" lists verb patterns that are mutual whatever the code's flag says: "traded
        # accusations" is two accusations, though one accuses alone.
        for key, kind, key_mutual in (("verbs", "verb", mutual), ("nouns", "noun", mutual),
                                      ("shared", "verb", True)):
            node = entry.get(key)
            if node is None:
                continue
            if not isinstance(node, yaml.SequenceNode):
                fail(node, Messages.DICTIONARY_WRONG_TYPE.format(
                    what=f"{key} of code {code}", expected="a list of patterns", found=_kind(node)))
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                    fail(item, Messages.DICTIONARY_WRONG_TYPE.format(
                        what=f"a pattern of code {code}", expected="text", found=_kind(item)))
                try:
                    pattern = parse_pattern(str(item.value), code, kind,  # type: ignore[arg-type]
                                            mutual=key_mutual, origin=f"{path}:{item.start_mark.line + 1}")
                    unknown = [w for w in pattern.words if w.startswith(CLASS_MARK) and w not in usable]
                    if unknown:
                        raise ValueError(f"the word class {unknown[0]} is not defined")
                except ValueError as error:
                    fail(item, Messages.VERB_BAD_PATTERN.format(pattern=item.value, code=code,
                                                                problem=error))
                identity = (pattern.kind + ":" + pattern.trigger, pattern.words)
                if identity in seen:
                    fail(item, Messages.DICTIONARY_REPEATED_ENTRY.format(
                        what="pattern", name=item.value, first=seen[identity]))
                seen[identity] = item.start_mark.line + 1
                lexicon.add(pattern)
    lexicon.classes = classes
    return lexicon


def _read_classes(root: yaml.MappingNode, fail: Callable[[yaml.Node | None, str], NoReturn]
                  ) -> dict[str, frozenset[str]]:
    """The word classes a lexicon file defines: "@name" -> a list of single lemmas."""
    classes: dict[str, frozenset[str]] = {}
    for key_node, value_node in root.value:
        name = str(key_node.value)
        if not name.startswith(CLASS_MARK):
            continue
        if not isinstance(value_node, yaml.SequenceNode) or not all(
                isinstance(item, yaml.ScalarNode) and len(str(item.value).split()) == 1
                for item in value_node.value):
            fail(value_node, Messages.DICTIONARY_WRONG_TYPE.format(
                what=f"word class {name}", expected="a list of single words", found=_kind(value_node)))
        classes[name] = frozenset(str(item.value).lower() for item in value_node.value)
    return classes


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


__all__ = ["PARTICLES", "Lexicon", "Pattern", "load_lexicon", "parse_pattern", "read_lexicon"]
