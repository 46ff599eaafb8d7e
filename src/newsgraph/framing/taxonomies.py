"""Taxonomies as data: labels with descriptions (and optional examples), read from YAML and
checked on load; errors name the file and line."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newsgraph.datafiles import read_data_file
from newsgraph.errors import ConfigError, Messages

KINDS = ("narratives", "roles", "genre", "frames", "techniques")
BUILT_IN = {"narratives": "narratives.yaml", "roles": "roles.yaml", "genre": "genres.yaml",
            "frames": "frames.yaml", "techniques": "techniques.yaml"}
_TOP_KEYS = ("name", "kind", "other", "labels")
_LABEL_KEYS = ("label", "description", "examples", "children")


@dataclass(frozen=True)
class Label:
    """One label: its full name (a child's carries its parent's for narratives), its
    description in words, examples, and its parent."""

    name: str
    description: str
    examples: tuple[str, ...] = ()
    parent: str | None = None
    line: int = 0

    @property
    def short(self) -> str:
        """The name without the parent's prefix."""
        if self.parent and self.name.startswith(self.parent + ": "):
            return self.name[len(self.parent) + 2:]
        return self.name

    def prompt(self) -> str:
        """The text embedded for zero-shot matching: name, description and examples."""
        name = self.short.split(": ", 1)[-1].replace("_", " ").replace("-", " ")
        parts = [f"{name}: {self.description}" if self.description else name]
        parts.extend(self.examples)
        return ". ".join(parts)


@dataclass(frozen=True)
class Taxonomy:
    """A set of labels, optionally two-level (narratives with subnarratives, roles)."""

    name: str
    kind: str
    path: str
    labels: tuple[Label, ...]
    children: dict[str, tuple[Label, ...]]
    other: str | None = None

    @property
    def fine(self) -> tuple[Label, ...]:
        """Every second-level label, in order."""
        return tuple(child for label in self.labels for child in self.children.get(label.name, ()))

    def prefix(self) -> str:
        """The domain prefix shared by a label ("URW", "CC"), or "" if none."""
        return ""

    @property
    def everything(self) -> tuple[Label, ...]:
        """First-level labels, then second-level ones: the order of prompts and model columns."""
        return (*self.labels, *self.fine)

    def fingerprint(self) -> str:
        """A short hash of all a trained model depends on: the kind, the "other" label, and each
        label's name, parent, description and examples (not the file's name, comments or layout)."""
        content = [self.kind, self.other, [[label.name, label.parent, label.description,
                                            list(label.examples)] for label in self.everything]]
        encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def builtin(kind: str) -> Taxonomy:
    """The taxonomy that ships with newsgraph for ``kind`` (read once per process)."""
    file = resources.files("newsgraph").joinpath(f"data/taxonomies/{BUILT_IN[kind]}")
    return parse_taxonomy(file.read_text(encoding="utf-8"), f"newsgraph/data/taxonomies/{BUILT_IN[kind]}")


def load_taxonomy(path: str | Path) -> Taxonomy:
    """A user's taxonomy file, checked; a mistake raises ConfigError naming file and line."""
    text = read_data_file(path, missing=Messages.TAXONOMY_NOT_FOUND, syntax=Messages.TAXONOMY_SYNTAX)
    return parse_taxonomy(text, str(path))


def parse_taxonomy(text: str, path: str) -> Taxonomy:
    """Read and check taxonomy YAML; ``path`` is only used in messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(Messages.TAXONOMY_SYNTAX, path=path, line=line,
                          detail=Messages.DICTIONARY_YAML.format(problem=problem)) from None
    if root is None:
        raise ConfigError(Messages.TAXONOMY_SYNTAX, path=path, line=1,
                          detail=Messages.DICTIONARY_EMPTY.format(expected="'name', 'kind' and 'labels'"))
    reader = _Reader(path)
    top = reader.mapping(root, "the taxonomy", _TOP_KEYS, required=("name", "kind", "labels"))
    kind = reader.string(top["kind"], "'kind'")
    if kind not in KINDS:
        reader.fail(top["kind"], Messages.DICTIONARY_UNKNOWN_VALUE.format(
            value=kind, what="kind", choices=", ".join(KINDS)))
    other = reader.string(top["other"], "'other'") if "other" in top else None
    labels: list[Label] = []
    children: dict[str, tuple[Label, ...]] = {}
    seen: dict[str, int] = {}
    for node in reader.sequence(top["labels"], "'labels'"):
        label, child_nodes = reader.label(node, None, seen)
        labels.append(label)
        if child_nodes is not None:
            kids = []
            for child in reader.sequence(child_nodes, f"the children of '{label.name}'"):
                qualified = label.name if kind == "narratives" else None
                kid, grandchildren = reader.label(child, label, seen, qualify=qualified)
                if grandchildren is not None:
                    reader.fail(grandchildren, "labels nest two levels deep at most; remove these 'children'")
                kids.append(kid)
            children[label.name] = tuple(kids)
    if not labels:
        reader.fail(top["labels"], "'labels' is empty; list at least one label")
    return Taxonomy(name=reader.string(top["name"], "'name'"), kind=kind, path=path,
                    labels=tuple(labels), children=children, other=other)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: Node, detail: str) -> None:
        raise ConfigError(Messages.TAXONOMY_SYNTAX, path=self.path, line=node.start_mark.line + 1,
                          detail=detail)

    def mapping(self, node: Node, what: str, keys: tuple[str, ...],
                required: tuple[str, ...]) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            self.fail(node, Messages.DICTIONARY_WRONG_TYPE.format(
                what=what, expected="a mapping", found=_kind(node)))
        found: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value)
            if key not in keys:
                self.fail(key_node, Messages.DICTIONARY_UNKNOWN_KEY.format(
                    key=key, what=what, choices=", ".join(keys)))
            if key in found:
                self.fail(key_node, Messages.DICTIONARY_REPEATED_KEY.format(key=key, what=what))
            found[key] = value
        for key in required:
            if key not in found:
                self.fail(node, Messages.DICTIONARY_MISSING_KEY.format(what=what, key=key))
        return found

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, Messages.DICTIONARY_WRONG_TYPE.format(
                what=what, expected="a list", found=_kind(node)))
        return list(node.value)

    def string(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str" \
                or not str(node.value).strip():
            self.fail(node, Messages.DICTIONARY_WRONG_TYPE.format(
                what=what, expected="a non-empty text", found=_kind(node)))
        return str(node.value).strip()

    def label(self, node: Node, parent: Label | None, seen: dict[str, int],
              qualify: str | None = None) -> tuple[Label, Node | None]:
        fields = self.mapping(node, "a label", _LABEL_KEYS, required=("label",))
        name = self.string(fields["label"], "'label'")
        full = f"{qualify}: {name}" if qualify else name
        line = node.start_mark.line + 1
        if full in seen:
            self.fail(fields["label"], Messages.DICTIONARY_REPEATED_ENTRY.format(
                what="label", name=full, first=seen[full]))
        seen[full] = line
        if "description" in fields:
            description = self.string(fields["description"], f"the description of '{name}'")
        elif parent is not None and name == "Other":
            description = f"{parent.description}, in a way none of the other labels covers"
        else:
            self.fail(node, Messages.DICTIONARY_MISSING_KEY.format(
                what=f"label '{name}'", key="description"))
        examples: tuple[str, ...] = ()
        if "examples" in fields:
            examples = tuple(self.string(item, f"an example of '{name}'")
                             for item in self.sequence(fields["examples"], f"the examples of '{name}'"))
        return (Label(full, description, examples, parent.name if parent else None, line),
                fields.get("children"))


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = str(node.tag).rsplit(":", 1)[-1]
    return {"str": "a text", "int": "a number", "float": "a number", "bool": "true/false",
            "null": "empty"}.get(tag, tag)
