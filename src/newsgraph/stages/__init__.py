"""Pipeline stages: registered classes that read the parse and fill in the Analysis."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import ClassVar, TypeVar

from newsgraph.errors import ConfigError, Messages
from newsgraph.schema import Draft
from newsgraph.settings import Settings

ENTRY_POINT_GROUP = "newsgraph.stages"

_BUILT_IN: dict[str, type[Stage]] = {}

StageClass = TypeVar("StageClass", bound="type[Stage]")


class Stage(ABC):
    """One step of the pipeline.

    A stage is built from settings with keyword-only options, loads what it needs once in
    ``setup``, and is then called on batches of drafts, filling in their analyses.
    """

    name: ClassVar[str]
    version: ClassVar[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> Stage:
        """Build the stage from resolved settings; stages with options override this."""
        return cls()

    def setup(self) -> None:
        """Load models and dictionaries; called once per process before the first batch."""

    @abstractmethod
    def __call__(self, drafts: list[Draft]) -> list[Draft]:
        """Fill in the analyses of a batch of parsed drafts and return them."""


def register(name: str) -> Callable[[StageClass], StageClass]:
    """Class decorator: register a built-in stage under a versioned name such as ``newsgraph.x.v1``."""

    def decorate(cls: StageClass) -> StageClass:
        cls.name = name
        cls.version = name.rsplit(".", 1)[-1]
        _BUILT_IN[name] = cls
        return cls

    return decorate


def registry() -> dict[str, type[Stage]]:
    """All stages: the built-in ones and those that packages add under the entry point group."""
    _import_built_in()
    stages = dict(_BUILT_IN)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        loaded = entry.load()
        if isinstance(loaded, type) and issubclass(loaded, Stage):
            if not getattr(loaded, "name", None):
                loaded.name = entry.name
            if not getattr(loaded, "version", None):
                loaded.version = entry.name.rsplit(".", 1)[-1]
            stages[entry.name] = loaded
    return stages


def build_stages(settings: Settings) -> list[Stage]:
    """Instantiate the stages named in ``pipeline.stages``, in order."""
    known = registry()
    stages = []
    for name in settings.pipeline.stages:
        if name not in known:
            raise ConfigError(Messages.UNKNOWN_STAGE, stage=name, choices=", ".join(sorted(known)))
        stages.append(known[name].from_settings(settings))
    return stages


def _import_built_in() -> None:
    # Importing the modules runs their @register decorators.
    from newsgraph.events import stage as events_stage  # noqa: F401
    from newsgraph.framing import stage as framing_stage  # noqa: F401
    from newsgraph.stages import entities, places, quotes  # noqa: F401
