"""Learned events beside the lexicon's: CAMEO codes from PLOVER types, inferred targets."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Final

from newsgraph.errors import ConfigError, Messages
from newsgraph.events.cameo import codebook
from newsgraph.events.detector import (NONE, EventDetector, Predicate, Prediction,
                                       children_of, not_an_act, sentence_predicates)
from newsgraph.events.lexicon import Pattern
from newsgraph.events.records import Actor, Found
from newsgraph.events.vocabulary import ACTOR_STAND_INS, SPEECH
from newsgraph.schema import Sentence, Token

if TYPE_CHECKING:
    from newsgraph.events.coding import Coder

LEARNED: Final = "newsgraph.detector"
"""The origin of the patterns the detector makes; an event with it was found by the detector."""
DETECTORS: Final = ("lexicon", "learned", "both")
TABLE: Final = "data/plover_cameo.tsv"
CLAUSE_BREAKS: Final = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl"})
"""Dependents that open another clause: an inferred target is not looked for inside them."""
PERSON_ENDINGS: Final = ("er", "or", "ist", "ian", "ant", "ent", "eer")
"""Endings of nouns for people who do something (engineer, activist, technician, migrant)."""
PEOPLE: Final = frozenset({"people", "person", "man", "woman", "child", "crew", "team", "staff",
                           "family", "citizen", "youth", "crowd"})


@lru_cache(maxsize=1)
def plover_to_cameo() -> dict[tuple[str, str], str]:
    """The CAMEO code of each PLOVER (type, mode); mode "" is the type's default."""
    text = resources.files("newsgraph").joinpath(TABLE).read_text(encoding="utf-8")
    codes = codebook()
    table: dict[tuple[str, str], str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith(("#", "type\t")):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[2] not in codes:
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=TABLE, line=number,
                              detail="expected: type, mode, a CAMEO code of the codebook")
        table[(fields[0], fields[1])] = fields[2]
    return table


def cameo_code(kind: str, mode: str) -> str | None:
    """The CAMEO code of a PLOVER type and mode, or None for "none" or an unknown type."""
    table = plover_to_cameo()
    return table.get((kind, mode)) or table.get((kind, ""))


def learned_events(coder: Coder, sentence: Sentence, found: list[Found], detector: EventDetector,
                   *, threshold: float) -> list[Found]:
    """Events the detector reads in a sentence where the lexicon found no event with an actor (in
    "learned" mode, in every sentence); each gets its actors from the parse, and a target
    inferred from the clause where it has none."""
    if any(item.sources or item.targets for item in found):
        return []  # the lexicon has read the sentence; the detector reads the silent ones
    covered = {index for item in found for index in item.trigger} | {item.anchor for item in found}
    results = []
    for item, prediction in sentence_predictions(coder, sentence, detector):
        if prediction.kind == NONE or prediction.confidence < threshold or item.index in covered:
            continue
        code = cameo_code(prediction.kind, prediction.mode)
        if code is None:
            continue
        verb = coder.tokens[item.index]
        pattern = Pattern(code=code, kind="verb", trigger=verb.lemma.lower(), words=(),
                          origin=LEARNED)
        event = coder._verb_event(verb, pattern, [item.index])
        if event is None:
            continue
        event = replace(event, detector_confidence=prediction.confidence)
        if not event.targets:
            target = inferred_target(coder, item, event.sources)
            if target is not None:
                event = replace(event, targets=[target], inferred_target=True)
        results.append(event)
    return results


def sentence_predictions(coder: Coder, sentence: Sentence,
                         detector: EventDetector) -> list[tuple[Predicate, Prediction]]:
    """The detector's reading of the verbs of a sentence that could carry a learned event: not
    coded by the lexicon on its own, with a coded actor in their clause, and of no class of verbs
    that report no act (``detector.not_an_act``: states, roles, references, time spent, denials);
    one batch."""
    if not any(sentence.first_token <= index < sentence.last_token for index in coder.actor_at):
        return []
    children = children_of(coder.tokens, sentence)
    nouns = frozenset(coder.lexicon.nouns)
    candidates = [p for p in sentence_predicates(coder.tokens, sentence)
                  if not _known(coder, p) and not _report(coder, p.index)
                  and _actor_in_clause(coder, p.index) and not _thing_as_subject(coder, p.index)
                  and not_an_act(coder.tokens, children, p.index, nouns) is None]
    return list(zip(candidates, detector.predict(candidates)))


def _clause(coder: Coder, index: int) -> list[int]:
    """The verb's own clause: the verb and its dependents, not those that open another clause."""
    clause: list[int] = []
    stack = [index]
    while stack:
        current = stack.pop()
        clause.append(current)
        stack += [child.i for child in coder.children.get(current, [])
                  if child.dep not in CLAUSE_BREAKS and child.i not in clause]
    return clause


def _actor_in_clause(coder: Coder, index: int) -> bool:
    """Whether a coded actor stands in the verb's clause, or as the subject of the verb it hangs
    from ("X met Y and signed ...", "X vowed to ..."): without one no event could be kept."""
    places = _clause(coder, index)
    verb = coder.tokens[index]
    if verb.head != index:
        places += [child.i for child in coder.children.get(verb.head, [])
                   if child.dep in ("nsubj", "nsubjpass", "agent")] + [verb.head]
    for place in list(places):
        places += [child.i for child in coder.children.get(place, []) if child.dep == "pobj"]
    return any(place in coder.actor_at for place in places)


def _thing_as_subject(coder: Coder, index: int) -> bool:
    """Whether the verb's active subject is a thing, not a party: in "Chile's copper output
    dropped" or "salmon exports reached a record", a thing changed and no one acted, though a
    country owns it."""
    for child in coder.children.get(index, []):
        if child.dep == "nsubj":
            return all(_thing(coder, noun) for noun in [child] + coder._conjuncts(child))
    return False


def _thing(coder: Coder, noun: Token) -> bool:
    """Whether a noun names a thing: no actor, no group counted ("hundreds of farmers"), no
    agent noun, and no word for a person ("engineers", "activists", "people")."""
    lemma = noun.lemma.lower()
    return noun.pos == "NOUN" and noun.i not in coder.actor_at \
        and coder._counted(noun) is None and coder._sector(noun) is None \
        and lemma not in ACTOR_STAND_INS and lemma not in PEOPLE \
        and not (lemma.endswith(PERSON_ENDINGS) and not lemma.endswith("ment"))


def _report(coder: Coder, index: int) -> bool:
    """Whether the verb only reports speech ("X said that ...", "..., he said"): a statement is no
    PLOVER event, and the reported clause is read on its own."""
    verb = coder.tokens[index]
    if verb.lemma.lower() not in SPEECH:
        return False
    return verb.dep == "parataxis" or any(child.dep == "ccomp"
                                          for child in coder.children.get(index, []))


def _known(coder: Coder, item: Predicate) -> bool:
    """Whether the lexicon codes the verb on its own: then its silence is a decision (a bare
    "approve" of a law, one's own troops withdrawn), not a gap for the detector to fill."""
    if coder.detector_mode == "learned":
        return False
    verb = coder.tokens[item.index].lemma.lower()
    return any(not pattern.words for pattern in coder.lexicon.verbs.get(verb, []))


def inferred_target(coder: Coder, item: Predicate, sources: list[Actor]) -> Actor | None:
    """The nearest coded actor in the predicate's own clause that is not its source: the one
    attacked, asked or met, whom the parse did not attach to the verb."""
    taken = {actor.identity for actor in sources}
    countries = {actor.country for actor in sources if actor.country}
    clause = _clause(coder, item.index)
    best: tuple[int, Actor] | None = None
    for index in clause:
        actor = coder.actor_at.get(index)
        if actor is None or actor.identity in taken or not (actor.code or actor.country):
            continue
        if actor.country and actor.country in countries:
            continue
        distance = abs(index - item.index)
        if best is None or distance < best[0]:
            best = (distance, actor)
    return best[1] if best else None
