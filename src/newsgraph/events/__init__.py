"""Events: who did what to whom, where and when, read from the parse and coded in CAMEO and PLOVER.

The package reads in this order: ``parsed`` (the article's parse, indexed), ``actors`` (who a
phrase stands for), ``arguments`` (a predicate's source and target), ``extraction`` (the events a
sentence tells), ``modality`` and ``location`` (whether, when and where), ``coding`` (CAMEO and
PLOVER codes) and ``stage`` (the registered pipeline stage). ``lexicon``, ``cameo`` and
``petrarch`` load the verb patterns, the codebook and users' dictionaries; ``gdelt`` exports
events, and ``evaluate`` scores them against gold data.
"""

from __future__ import annotations

from newsgraph.events.cameo import Codebook, EventCode, codebook
from newsgraph.events.coding import event_key
from newsgraph.events.lexicon import Lexicon, Pattern, load_lexicon
from newsgraph.events.petrarch import PetrarchDictionaries, load_petrarch
from newsgraph.events.records import Actor
from newsgraph.events.stage import EventStage

__all__ = ["Actor", "Codebook", "EventCode", "EventStage", "Lexicon", "Pattern", "PetrarchDictionaries",
           "codebook", "event_key", "load_lexicon", "load_petrarch"]
