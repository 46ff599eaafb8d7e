"""The events stage: registered as newsgraph.events.v1, it codes each parsed draft's events."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsgraph.errors import ConfigError, Messages
from newsgraph.events.cameo import Codebook, codebook
from newsgraph.events.coding import Coder
from newsgraph.events.dyads import DyadCoder
from newsgraph.events.detector import EventDetector
from newsgraph.events.learned import DETECTORS
from newsgraph.events.lexicon import Lexicon, load_lexicon
from newsgraph.events.petrarch import PetrarchDictionaries, load_petrarch
from newsgraph.events.records import Actor
from newsgraph.knowledge import Knowledge
from newsgraph.schema import Draft
from newsgraph.settings import Settings
from newsgraph.stages import Stage, register

MAX_TOKENS = 500
REQUIREMENTS = ("any", "source", "dyad")
"""What an event needs to be kept: any coded actor, a coded source, or a source and a target."""


@register("newsgraph.events.v1")
class EventStage(Stage):
    """Finds events in each sentence's dependency parse, with their source and target actors, and
    codes them in CAMEO (quad class, Goldstein) and PLOVER, with negation, modality, place and date."""

    def __init__(self, *, verb_files: Sequence[str] = (), petrarch_files: Sequence[str] = (),
                 actor_files: Sequence[str] = (), max_tokens: int = MAX_TOKENS,
                 require: str = "source", petrarch_strict: bool = True,
                 lexicon: Lexicon | None = None, detector: str = "lexicon",
                 detector_threshold: float = 0.5, detector_model: str = "") -> None:
        if require not in REQUIREMENTS:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="events.require",
                              detail=f"expected one of {', '.join(REQUIREMENTS)}, got {require!r}")
        self.verb_files = tuple(verb_files)
        self.petrarch_files = tuple(petrarch_files)
        self.actor_files = tuple(actor_files)
        self.max_tokens = max_tokens
        self.require = require
        self.lexicon = lexicon
        self.petrarch_strict = petrarch_strict
        if detector not in DETECTORS:
            raise ConfigError(Messages.CONFIG_BAD_VALUE, key="events.detector",
                              detail=f"expected one of {', '.join(DETECTORS)}, got {detector!r}")
        self.detector_mode = detector
        self.detector_threshold = detector_threshold
        self.detector_model = detector_model
        self.detector: EventDetector | None = None
        self.petrarch: PetrarchDictionaries | None = None
        self.codebook: Codebook | None = None
        self.knowledge: Knowledge | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> EventStage:
        return cls(verb_files=settings.events.verb_files,
                   petrarch_files=settings.events.petrarch_files,
                   actor_files=settings.knowledge.actor_files,
                   max_tokens=settings.events.max_tokens,
                   require=settings.events.require,
                   petrarch_strict=settings.events.petrarch_strict,
                   detector=settings.events.detector,
                   detector_threshold=settings.events.detector_threshold,
                   detector_model=settings.events.detector_model)

    def setup(self) -> None:
        if self.lexicon is None:
            lexicon = load_lexicon(self.verb_files)
            if self.petrarch_files:
                self.petrarch = load_petrarch([Path(p) for p in self.petrarch_files],
                                              strict=self.petrarch_strict)
                lexicon.extend(self.petrarch.verbs, replace_codes=False)
            self.lexicon = lexicon
        if self.codebook is None:
            self.codebook = codebook()
        if self.knowledge is None:
            self.knowledge = Knowledge.load(self.actor_files)
        if self.detector is None and self.detector_mode != "lexicon":
            self.detector = EventDetector(model_file=self.detector_model)
            self.detector.setup()

    def __call__(self, drafts: list[Draft]) -> list[Draft]:
        self.setup()
        assert self.lexicon is not None and self.codebook is not None and self.knowledge is not None
        for draft in drafts:
            if draft.parse is None:
                continue
            coder = DyadCoder(self, draft)
            draft.analysis.events = coder.events()
            if coder.skipped:
                draft.analysis.pipeline[f"{self.name}:skipped"] = "; ".join(coder.skipped)
        return drafts


    def actors(self, draft: Draft) -> list[Actor]:
        """Every actor the stage can read in a parsed draft, in text order: entity mentions,
        names from users' dictionaries and agent nouns ("Georgian demonstrators")."""
        self.setup()
        return Coder(self, draft).all_actors()
