"""Events: who did what to whom, where and when, read from the parse and coded in CAMEO and PLOVER."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsgraph.cameo import QUAD_CLASSES, Codebook, EventCode, codebook
from newsgraph.dates import parse_published, resolve
from newsgraph.errors import ConfigError, Messages
from newsgraph.knowledge import Knowledge
from newsgraph.petrarch import PetrarchDictionaries, load_petrarch
from newsgraph.schema import Draft, Entity, Mention, Parse, Sentence, Token
from newsgraph.settings import Settings
from newsgraph.stages import Stage, register
from newsgraph.verbs import PARTICLES, Lexicon, Pattern, load_lexicon

MAX_TOKENS = 500
REQUIREMENTS = ("any", "source", "dyad")
ADJUNCT_CLAUSES = frozenset({"advcl", "relcl", "acl"})
"""What an event needs to be kept: any coded actor, a coded source, or a source and a target."""

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
TARGET_PREPOSITIONS = frozenset({"with", "on", "against", "to", "toward", "towards", "at", "into",
                                 "upon", "for", "from", "over", "of", "in", "between", "about"})
# Nouns through which a target is reached: "a resumption of ties with Osgiliath".
CARRIER_PREPOSITIONS = frozenset({"of"})
FORCE_ROOTS = frozenset({"16", "17", "18", "19", "20"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
# Before a country these say where, not to whom ("killed in Ukraine"); "at" and "on" say to whom.
WHERE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout"})
# Prepositions that give a cause ("over the offensive"): a target only when nothing else is.
REASON_PREPOSITIONS = frozenset({"over"})
# "a target southwest of Baghdad": a bearing from a place says where, never to whom.
BEARINGS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                      "southwest", "north-east", "north-west", "south-east", "south-west"})
RIOT_CODES = frozenset({"180", "182", "190", "171", "1712"})
PROTEST_CROWDS = ("protester", "protestor", "demonstrator", "rioter", "crowd", "mob")
# Sectors of people who bear arms: harming them is fighting, not assault.
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "INS", "SPY"})
HOME_SECTORS = frozenset({"COP", "OPP", "LEG", "JUD", "PTY", "AGR", "LAB", "EDU", "CVL", "HLH",
                          "REL", "REB"})
"""Sectors whose unnamed members act where they live: "police in Tbilisi" are Georgia's."""
QUANTITY_NOUNS = frozenset({"hundred", "thousand", "million", "dozen", "score", "crowd", "group",
                            "number", "handful", "band", "team", "couple", "majority", "tens"})
"""Nouns that count the actors of their "of" phrase: "hundreds of farmers"."""
POLITICAL_ROOTS = frozenset({"01", "02", "03", "05", "06", "07", "08", "10", "11", "12", "13",
                             "16"})
"""Acts aimed at a government when aimed at its capital; visits, protests and force are not."""
CALLING_ROOTS = frozenset({"02", "10"})
"""Appeals and demands: what they call for somewhere is aimed at that place's country."""
WEAPONS = frozenset({"drone", "missile", "tank", "bomber", "gunship", "warplane", "warship",
                     "jet"})
"""Weapons stand for an armed force only with an owner: "Russian drones", not "drones"."""
AUTHORITIES = frozenset({"GOV", "COP", "JUD", "LEG"})
"""Sectors of a state's own authorities, who deal mostly with their own people."""
TRAVELLERS = frozenset({"tourist", "migrant", "immigrant", "passenger", "hostage", "visitor"})
MISHAPS = frozenset({"crash", "accident", "collision", "earthquake", "flood", "flooding", "storm",
                     "hurricane", "typhoon", "cyclone", "landslide", "avalanche", "disease",
                     "illness", "heatwave", "drought", "wildfire", "derailment", "stampede"})
LAND_NOUNS = frozenset({"region", "province", "territory", "city", "town", "village", "district",
                        "oblast", "county", "coast", "capital", "area", "soil", "airspace",
                        "waters", "enclave", "port", "island", "countryside"})
"""Nouns for land, whose owner is named as a country, not as a government."""
PLACE_PARTS = frozenset({"outskirts", "centre", "center", "part", "edge", "heart", "suburbs",
                         "vicinity", "border"})
# Verbs of which an event noun can be the subject: "talks have commenced", "the war ended".
HAPPENING_VERBS = frozenset({"commence", "begin", "start", "continue", "resume", "take", "end",
                             "open", "break", "collapse", "stall", "fail", "conclude", "occur",
                             "happen", "erupt", "break out", "intensify", "escalate", "follow",
                             "come", "go", "enter", "produce", "yield", "last"})
MODIFIERS = frozenset({"amod", "compound", "nmod", "poss", "appos", "npadvmod"})
# Clauses below a verb that are events of their own, not part of the verb's phrase.
OWN_CLAUSES = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "ccomp", "advcl", "conj",
                         "parataxis", "relcl", "acl", "cc", "punct", "mark", "expl"})
SPEECH = frozenset({"say", "tell", "claim", "report", "announce", "state", "allege", "add",
                    "insist", "note", "declare", "reiterate", "stress", "assert", "write",
                    "believe", "think", "confirm", "suggest", "indicate", "warn", "argue"})
# Verbs of attitude whose reported clause says whom the attitude is about.
STANCE = frozenset({"hope", "express", "fear", "doubt", "expect", "welcome", "regret", "praise",
                    "criticize", "criticise", "accuse", "allege", "deny", "acknowledge", "admit"})
INTENT = frozenset({"want", "plan", "intend", "seek", "hope", "aim", "try", "attempt", "prepare",
                    "wish", "propose", "offer", "expect", "schedule", "set", "mean", "consider",
                    "decide", "agree", "promise", "pledge", "vow", "threaten", "need", "urge",
                    "ask", "call"})
INTENT_NOUNS = frozenset({"possibility", "prospect", "plan", "proposal", "intention", "idea",
                          "chance", "offer", "hope", "option", "bid", "attempt", "threat",
                          "readiness", "willingness", "call", "demand", "request", "invitation",
                          "appeal", "plea"})
HYPOTHETICAL = frozenset({"could", "would", "might", "may", "should", "can", "must", "ought"})
FUTURE = frozenset({"will", "shall", "'ll", "wo"})
AWAITING = frozenset({"before", "until", "till"})
"""Marks of a clause whose present tense tells what is still to come."""
CONDITIONS = frozenset({"if", "unless", "whether"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "nor"})
LIGHT_VERBS = frozenset({"hold", "have", "conduct", "launch", "carry", "stage", "make", "pay",
                         "begin", "start", "resume", "open", "commence", "continue", "mount",
                         "undertake", "host", "attend", "join", "order", "announce", "end",
                         "finish", "conclude", "wrap", "complete", "suspend", "take", "see"})
# Verbs whose subject gets what the action gives: the "from" actor did it.
RECEIVING = frozenset({"receive", "get", "obtain", "accept", "win", "secure"})
# "killed in Israeli shelling": the harm is told by the verb, the event by the noun.
HARM_VERBS = frozenset({"kill", "die", "injure", "wound", "destroy", "damage", "hit", "hurt",
                        "flee", "displace", "evacuate"})
# Intent to do something is coded as the intent, the way CAMEO does: "wants to help" is an
# intent to give aid (03x), "wants to attack" a threat (13x). Commitments ("agreed to lift") keep
# the action's code and are marked intended.
INTENT_RECODING = frozenset({"want", "plan", "intend", "seek", "hope", "aim", "wish",
                             "propose", "offer", "mean", "possibility", "prospect", "plan",
                             "proposal", "intention", "idea", "readiness", "willingness",
                             "threaten", "threat"})
INTENT_CODES = {"04": "036", "040": "036", "041": "036", "042": "036", "043": "036",
                "044": "036", "045": "039", "046": "036", "05": "032", "057": "037",
                "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
                "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334",
                "08": "035", "081": "0351", "082": "0352", "084": "0353", "0841": "0353",
                "0842": "0353", "085": "0354", "086": "0355", "087": "0356",
                "14": "133", "16": "131", "161": "1313", "162": "1311", "163": "1312",
                "17": "137", "18": "1383", "19": "138", "191": "1381", "192": "1382",
                "190": "1384", "193": "1384", "194": "1384", "195": "1384", "20": "1385"}
# Refusing cooperation is a rejection in CAMEO: "refused to send any aid" is 12x.
REFUSAL_CODES = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "121", "08": "124",
                 "084": "1243", "0841": "1243", "0842": "1243", "085": "1244", "081": "1241",
                 "086": "1245", "087": "1246", "061": "1211", "062": "1212"}
# A statement whose content denies an option is a rejection: "X said talks were not an option".
REFUSED_OPTIONS = frozenset({"option", "acceptable", "possible", "negotiable", "question",
                             "alternative", "solution"})
UNACCEPTABLE = frozenset({"unacceptable", "impossible", "inadmissible", "non-negotiable"})
REJECT_CODE = "120"
# "X asked Y to ...": an appeal to Y (CAMEO 02), whatever Y is asked to do.
# Verbs whose to-clause after an object tells the subject's purpose, not the object's act.
PURPOSE_HEADS = frozenset({"summon", "call", "convene", "recall", "visit", "meet", "host", "receive",
                           "use", "deploy", "send"})
REQUEST_VERBS = frozenset({"ask", "urge", "want", "request", "implore", "beg", "press", "exhort"})
APPEAL_ROOT = "02"
APPEAL_CODE = "020"
# Reported violence by another party makes the report an accusation: threats, protests,
# coercion, assault, fighting and mass violence.
UNDER_FIRE = frozenset({"fire", "attack", "shelling", "bombardment", "assault", "gunfire",
                        "barrage", "siege"})
"""What one "comes under": an attack aimed at the subject."""
FIRE_CODE = "190"
PREVENTING = frozenset({"bar", "prevent", "stop", "block", "ban", "prohibit", "keep", "deter",
                        "dissuade", "discourage", "forbid"})
"""Verbs whose "from" clause tells what does not happen: "barred ships from entering"."""
OWN_FORCE_ROOTS = frozenset({"08", "15"})
"""Yielding and force posture: unowned forces moved by the subject are its own."""
ASSAULT_ROOTS = frozenset({"18", "19", "20"})
"""Event nouns that, as the subject of a harm verb, are the event the verb's harm tells."""
VIOLENT_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})
ACCUSE_CODE = "112"
ACCUSE_AGGRESSION = "1123"
INCIDENT_STATEMENT_ROOTS = frozenset({"01"})
"""Statements (sympathy, responsibility, regret) aimed at the place of the incident they are about."""
INCIDENT_PREPOSITIONS = frozenset({"for", "over", "about", "at", "on"})
DOCUMENT_NOUNS = frozenset({"report", "statement", "communique", "communiqué", "study", "document",
                            "dossier", "declaration", "letter", "memo", "bulletin"})
"""Nouns for texts that speak for whoever issued them."""
CLAIM_CODE = "015"
CLAIMING = frozenset({"claim", "admit", "acknowledge", "confess"})
DENYING = frozenset({"deny", "dispute", "reject", "refute", "dismiss"})
TURNING_DOWN = frozenset({"ignore", "rebuff", "spurn", "refuse", "resist", "brush", "decline"})
"""Verbs, beside the denying ones, with which a subject turns down what others call for."""
CALLS = frozenset({"call", "demand", "appeal", "request", "plea", "proposal", "offer", "push",
                   "pressure", "suggestion"})
"""Nouns for what others ask of the subject: "calls for a ceasefire"."""
VOICING = frozenset({"renew", "repeat", "reiterate", "issue", "echo", "voice", "step", "lead",
                     "press", "intensify", "redouble", "sound", "lodge", "add", "deliver"})
"""Verbs with which a subject makes a call its own: "renewed calls for talks"."""
"""Verbs with which a speaker telling of its own violent deed claims responsibility for it."""
# Cooperation that parties named together with no one else do with each other: intent to
# cooperate, consultation, diplomatic and material cooperation.
SHARED_ROOTS = frozenset({"03", "04", "05", "06"})
# ... except where one side acts and the other receives: two visitors, hosts or mediators named
# together did not visit, host or mediate each other.
UNSHARED_CODES = frozenset({"042", "043", "044", "045"})
# Actions that are reciprocal by their meaning: "X and Y exchanged prisoners", "swapped fire".
EXCHANGE_WORDS = frozenset({"exchange", "swap", "trade"})
RECIPROCAL_OBJECTS = frozenset({"each other", "one another"})
"""Objects that make coordinated subjects each other's targets: "X and Y blamed each other"."""
# Verbs whose object is what is talked about, not whom: "discussed the embassies".
TOPIC_VERBS = frozenset({"discuss", "debate", "negotiate", "review", "address", "examine"})
# "failed to capture", "declined to join talks": the governed action did not happen.
FAILING = frozenset({"fail", "refuse", "decline"})
# Verbs whose reported clause names the one the demand or order is aimed at.
DEMANDING = frozenset({"demand", "insist", "order", "urge", "request", "require"})
# Relations by which a preposition or particle of a pattern belongs to the trigger's phrase.
PARTICLE_RELATIONS = frozenset({"prep", "prt", "agent", "dative", "advmod"})
DATELINE_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
# Nouns for those who stand in a relation to someone: "Ukraine's backers" are not Ukraine.
RELATIONAL_NOUNS = frozenset({"backer", "ally", "partner", "supporter", "neighbour", "neighbor",
                              "enemy", "critic", "friend", "foe", "rival", "opponent", "adversary",
                              "sponsor", "patron", "creditor", "donor", "detractor"})
# Nouns that stand for an actor named before, so a pronoun after them may still mean it.
ACTOR_STAND_INS = frozenset({"country", "nation", "state", "side", "party", "alliance", "bloc",
                             "kingdom", "republic", "organisation", "organization", "union"})
# Event nouns that name a stretch of another event: "a new round of talks".
EPISODE_NOUNS = frozenset({"round", "session", "series", "day", "week", "resumption"})
# Bare verbs that CAMEO reads as events only with a party as object or a reported clause:
# "supported Rohan" is aid, "supports the idea" is none; "acknowledged that ..." is a claim;
# "approved Finland's bid" endorses a party, "approved a law" is none.
ARGUMENT_VERBS = frozenset({"support", "acknowledge", "approve"})
WARNING_VERBS = frozenset({"warn", "caution"})
"""Bare verbs of warning: a threat only when aimed at someone."""
EXPULSION = "174"
"""Expelling or deporting people: those it targets are foreigners to the state doing it."""
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "theirs", "we", "our", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})

CONFIDENCE_BASE = 0.45
CONFIDENCE_PER_ACTOR = 0.2
CONFIDENCE_PER_WORD = 0.05
CONFIDENCE_NOMINAL = 0.1
CONFIDENCE_PRONOUN = 0.1
CONFIDENCE_CEILING = 0.95


@dataclass(frozen=True)
class Actor:
    """An event's participant: an entity mention, or an unnamed agent ("insurgents")."""

    name: str
    code: str | None
    country: str | None
    sector: str | None
    entity: str | None
    start: int
    end: int
    type: str = "agent"
    confidence: float = 0.85
    resolved_pronoun: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "code": self.code,
                "country": self.country, "sector": self.sector, "type": self.type}

    @property
    def identity(self) -> str:
        return self.entity or self.code or self.name.lower()


@dataclass
class _Found:
    """An event before it becomes a dictionary."""

    pattern: Pattern
    trigger: list[int]
    sources: list[Actor]
    targets: list[Actor]
    anchor: int
    nominal: bool = False
    between: bool = False
    extra_evidence: list[int] = field(default_factory=list)
    each_other: bool = False


@register("newsgraph.events.v1")
class EventStage(Stage):
    """Finds events in each sentence's dependency parse, with their source and target actors, and
    codes them in CAMEO (quad class, Goldstein) and PLOVER, with negation, modality, place and date."""

    def __init__(self, *, verb_files: Sequence[str] = (), petrarch_files: Sequence[str] = (),
                 actor_files: Sequence[str] = (), max_tokens: int = MAX_TOKENS,
                 require: str = "source", petrarch_strict: bool = True,
                 lexicon: Lexicon | None = None) -> None:
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
                   petrarch_strict=settings.events.petrarch_strict)

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

    def __call__(self, drafts: list[Draft]) -> list[Draft]:
        self.setup()
        assert self.lexicon is not None and self.codebook is not None and self.knowledge is not None
        for draft in drafts:
            if draft.parse is None:
                continue
            coder = _Coder(self, draft)
            draft.analysis.events = coder.events()
            if coder.skipped:
                draft.analysis.pipeline[f"{self.name}:skipped"] = "; ".join(coder.skipped)
        return drafts


    def actors(self, draft: Draft) -> list[Actor]:
        """Every actor the stage can read in a parsed draft, in text order: entity mentions,
        names from users' dictionaries and agent nouns ("Georgian demonstrators")."""
        self.setup()
        return _Coder(self, draft).all_actors()


class _Coder:
    """Codes the events of one parsed article."""

    def __init__(self, stage: EventStage, draft: Draft) -> None:
        assert draft.parse is not None and stage.lexicon is not None
        assert stage.codebook is not None and stage.knowledge is not None
        self.lexicon = stage.lexicon
        self.codebook = stage.codebook
        self.knowledge = stage.knowledge
        self.max_tokens = stage.max_tokens
        self.require = stage.require
        self.petrarch = stage.petrarch
        self.parse: Parse = draft.parse
        self.tokens = draft.parse.tokens
        self.text = draft.article.text
        self.published = parse_published(draft.article.published)
        self.entities = draft.analysis.entities
        self.skipped: list[str] = []
        self.children: dict[int, list[Token]] = {}
        for token in self.tokens:
            if token.head != token.i:
                self.children.setdefault(token.head, []).append(token)
        self.token_at_start = {token.start: token.i for token in self.tokens}
        self.actor_at: dict[int, Actor] = {}
        self.place_at: dict[int, Entity] = {}
        self.mentions: list[tuple[Mention, Entity]] = []
        self._index_mentions()
        self._drop_datelines()
        self.dates = [named for named in draft.parse.named if named.label == "DATE"]

    # --- entities ---------------------------------------------------------------------------

    def _index_mentions(self) -> None:
        starts = [token.start for token in self.tokens]
        for entity in self.entities:
            for mention in entity.mentions:
                self.mentions.append((mention, entity))
                actor = self._actor(entity, mention)
                for i in self._tokens_between(starts, mention.start, mention.end):
                    if entity.type == "place":
                        self.place_at[i] = entity
                    if actor is not None:
                        self.actor_at[i] = actor
        self.mentions.sort(key=lambda pair: pair[0].start)
        if self.petrarch is not None and len(self.petrarch.actors):
            self._index_dictionary_actors(self.petrarch)

    def _drop_datelines(self) -> None:
        """"RIYADH, Feb 18 - Two delegations met": a dateline says where the report was filed;
        its place is no actor of the sentence (it still counts as a place)."""
        for sentence in self.parse.sentences:
            first = sentence.first_token
            window = self.tokens[first:min(sentence.last_token, first + 8)]
            dash = next((t.i for t in window if t.text in DATELINE_DASHES), None)
            if dash is None or dash == first or not self.tokens[first].text.isupper():
                continue
            if self.tokens[dash].start == self.tokens[dash - 1].end:
                continue  # "NATO-led troops": a hyphen, not a dateline's dash
            if any(t.pos not in ("PROPN", "NUM", "PUNCT", "DET") for t in self.tokens[first:dash]):
                continue
            for i in range(first, dash):
                self.actor_at.pop(i, None)

    def _index_dictionary_actors(self, dictionaries: PetrarchDictionaries) -> None:
        """Names from users' PETRARCH actor dictionaries override what the entity stage found."""
        words = [token.text.upper() for token in self.tokens]
        i = 0
        while i < len(self.tokens):
            found = dictionaries.actors.match(words, i)
            if found is None:
                i += 1
                continue
            size, name = found
            code = name.code_on(self.published)
            last = self.tokens[i + size - 1]
            if code and not code.startswith(("---", "+++")) and last.sentence == self.tokens[i].sentence:
                first = self.tokens[i]
                actor = Actor(name=self.text[first.start:last.end], code=code,
                              country=_country_of(code), sector=code[3:] or None, entity=None,
                              start=first.start, end=last.end, type="dictionary", confidence=0.9)
                for k in range(i, i + size):
                    self.actor_at[k] = actor
                    self.place_at.pop(k, None)
            i += size

    def _tokens_between(self, starts: list[int], start: int, end: int) -> Iterable[int]:
        i = bisect_left(starts, start)
        while i < len(self.tokens) and self.tokens[i].start < end:
            yield i
            i += 1

    def _actor(self, entity: Entity, mention: Mention) -> Actor | None:
        code = mention.code or entity.code
        country = entity.country
        if entity.type == "place":
            # A place acts only through its country ("shelling hit Kharkiv": Ukraine is the target).
            if not country:
                return None
            code = country
        if code is None and country is None and entity.type not in ("person", "organisation", "group"):
            return None
        if code and len(code) >= 3 and code[:3] != (country or code[:3]):
            country = country or None
        return Actor(name=entity.name, code=code, country=country or _country_of(code),
                     sector=entity.sector, entity=entity.id, start=mention.start, end=mention.end,
                     type=entity.type, confidence=min(mention.confidence, entity.confidence))

    def all_actors(self) -> list[Actor]:
        found: dict[tuple[int, int, str | None], Actor] = {}
        for actor in self.actor_at.values():
            found.setdefault((actor.start, actor.end, actor.code), actor)
        for token in self.tokens:
            if token.pos in ("NOUN", "PROPN") and token.i not in self.actor_at and self._sector(token):
                for actor in self._actors(token):
                    found.setdefault((actor.start, actor.end, actor.code), actor)
        return sorted(found.values(), key=lambda actor: (actor.start, -actor.end))

    # --- sentences --------------------------------------------------------------------------

    def events(self) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        for sentence in self.parse.sentences:
            if sentence.kind != "sentence":
                continue
            size = sentence.last_token - sentence.first_token
            if size > self.max_tokens:
                self.skipped.append(Messages.EVENTS_SENTENCE_SKIPPED.format(
                    sentence=sentence.index, tokens=size, limit=self.max_tokens))
                continue
            coded: list[dict[str, Any]] = []
            adjunct: list[dict[str, Any]] = []
            for found in self._sentence(sentence):
                emitted = self._emit(found, sentence)
                if self.require == "dyad" and self._in_adjunct(found.anchor):
                    adjunct.extend(emitted)
                else:
                    coded.extend(emitted)
            # PETRARCH's coders code a sentence's main events; an event in an adverbial,
            # relative or participial clause counts only when the main clause has none.
            coded = coded or adjunct
            events.extend(_without_echoes(coded))
        for number, event in enumerate(events, 1):
            event["id"] = f"ev{number}"
        return events

    def _sentence(self, sentence: Sentence) -> list[_Found]:
        tokens = self.tokens[sentence.first_token:sentence.last_token]
        consumed: set[int] = set()
        found: list[_Found] = []
        # Verbs first, from the top of the tree down, so that "threaten to attack" is one event.
        for token in sorted(tokens, key=lambda t: self._depth(t)):
            if token.i in consumed or token.pos not in ("VERB", "AUX"):
                continue
            if self._harm_by_attack(token) or self._prevented(token):
                continue
            under_fire = self._under_fire(token, consumed)
            if under_fire is not None:
                found.append(under_fire)
                continue
            match = self._match(token, self.lexicon.verbs.get(token.lemma.lower(), []), consumed)
            request = self._request(token, match, consumed)
            if request is not None:
                found.append(request)
                continue
            if match is None:
                refusal = self._refusal(token)
                if refusal is not None:
                    found.append(refusal)
                continue
            pattern, used = match
            consumed.update(used)
            event = self._verb_event(token, pattern, used)
            if event is not None:
                found.append(event)
        for token in tokens:
            if token.i in consumed or token.pos not in ("NOUN", "PROPN"):
                continue
            candidates = self.lexicon.nouns.get(token.lemma.lower(), []) + (
                self.lexicon.nouns.get(token.text.lower(), []) if token.text.lower() != token.lemma.lower() else [])
            if token.lemma.lower() in CALLS:
                # "renewed calls for a ceasefire" is calling for one, as the verb would.
                candidates += [pattern for pattern in self.lexicon.verbs.get(token.lemma.lower(), [])
                               if pattern.words[:1] == ("for",)]
            match = self._match(token, candidates, consumed)
            if match is None or self._turned_down(token):
                continue
            pattern, used = match
            consumed.update(used)
            event = self._noun_event(token, pattern, used)
            if event is not None:
                found.append(event)
        accusations, told = self._accusations(found)
        if self.require == "dyad":
            # PETRARCH's convention: the report of another's deed is coded as the speaker's
            # accusation (or claim), not a second time as the deed; elsewhere the deed stays,
            # marked as reported.
            found = [event for event in found if event.anchor not in told]
        found += accusations
        # "agreed to ease the embargo", "declined to join the talks": the agreeing or declining
        # is the modality of the action it governs, whether a verb or a light verb's event noun.
        anchors = {event.anchor for event in found}
        for event in found:
            governor = self._governor(self.tokens[event.anchor]) if event.nominal else None
            if governor is not None:
                anchors.add(governor.i)
        return [event for event in found
                if event.pattern.words or event.nominal
                or not any(child.dep == "xcomp" and child.i in anchors
                           for child in self.children.get(event.anchor, []))]

    def _in_adjunct(self, index: int) -> bool:
        """Whether the token hangs in an adverbial, relative or participial clause."""
        token = self.tokens[index]
        steps = 0
        while token.head != token.i and steps < 100:
            if token.dep in ADJUNCT_CLAUSES:
                return True
            token = self.tokens[token.head]
            steps += 1
        return False

    def _depth(self, token: Token) -> int:
        depth = 0
        while token.head != token.i and depth < 100:
            token = self.tokens[token.head]
            depth += 1
        return depth

    # --- matching ---------------------------------------------------------------------------

    def _phrase(self, token: Token) -> list[Token]:
        """The token's own phrase: its subtree without subjects and clauses of their own."""
        phrase: list[Token] = []
        # In the passive the object of the pattern is the subject: "evidence was presented".
        stack = [child for child in self.children.get(token.i, [])
                 if child.dep not in OWN_CLAUSES or child.dep == "nsubjpass"]
        while stack:
            current = stack.pop()
            phrase.append(current)
            stack.extend(child for child in self.children.get(current.i, [])
                         if child.dep not in ("relcl", "ccomp", "advcl", "parataxis", "acl"))
        return phrase

    def _match(self, token: Token, patterns: list[Pattern],
               consumed: set[int]) -> tuple[Pattern, list[int]] | None:
        if not patterns:
            return None
        phrase = self._phrase(token) if any(p.words for p in patterns) else []
        best: tuple[Pattern, list[int]] | None = None
        for pattern in patterns:
            used = [token.i]
            for word in pattern.words:
                hit = next((t.i for t in phrase if t.i not in used and t.i not in consumed
                            and word in (t.lemma.lower(), t.text.lower())
                            and (word not in PARTICLES or self._governed(t, token, used))), None)
                if hit is None:
                    break
                used.append(hit)
            else:
                # Equally specific, a user's pattern overrides the built-in one.
                if best is None or (pattern.specificity, not pattern.built_in) > (
                        best[0].specificity, not best[0].built_in):
                    best = (pattern, used)
        return best

    def _governed(self, particle: Token, trigger: Token, used: list[int]) -> bool:
        """Whether a preposition or particle belongs to the pattern: it hangs from the trigger,
        from a word of the pattern already found, or from the trigger's object ("imposed
        sanctions on X"), and not from a noun deep in the phrase ("a connection to the grid")."""
        if particle.tag == "RP" and particle.i == trigger.i + 1:
            return True  # "handed over 500 prisoners", parsed as "over 500" (more than 500)
        if particle.dep not in PARTICLE_RELATIONS:
            return False
        if particle.head in used:
            return True
        head = self.tokens[particle.head]
        return head.head == trigger.i and head.dep in OBJECTS

    # --- verbs ------------------------------------------------------------------------------

    def _verb_event(self, verb: Token, pattern: Pattern, used: list[int]) -> _Found | None:
        sources, targets = self._verb_arguments(verb, set(used))
        if verb.lemma.lower() in RECEIVING and pattern.words:
            # "received weapons from the government": the giver is the source.
            heads = [verb] + [c for c in self.children.get(verb.i, []) if c.dep == "dobj"]
            givers = [actor for head in heads for actor in self._from_actors(head)]
            if givers:
                sources, targets = givers, [t for t in sources if t not in givers]
        children = self.children.get(verb.i, [])
        if verb.lemma.lower() in RECEIVING and not pattern.words:
            # "received ministers from the Georgian government": the visitors come from there.
            origins = [actor.country for actor in self._from_actors(verb) if actor.country]
            if origins:
                origin = origins[0]
                targets = [replace(t, code=origin + (t.sector or ""), country=origin, type="group")
                           if t.type == "agent" and t.country is None else t for t in targets]
        if verb.lemma.lower() in RECEIVING and not pattern.words and any(
                child.dep == "dobj" and child.pos != "PRON" and child.i not in self.actor_at
                and self._sector(child) is None for child in children):
            # "received no information", "were receiving care": what is received is a thing,
            # not a visitor, so there is no hosting.
            return None
        if not pattern.words and pattern.built_in and pattern.trigger in ARGUMENT_VERBS and not any(
                child.dep in ("ccomp", "xcomp") or (child.dep in OBJECTS and self._actors(child))
                for child in children):
            return None
        explicit = any(child.dep in SUBJECTS | {"agent"} for child in children)
        root = pattern.code[:2]
        if not sources and not explicit and root in VIOLENT_ROOTS \
                and any(child.dep == "auxpass" for child in children):
            # "a rocket was fired at Gondor from Mordor": the place it came from is the doer.
            sources = [actor for actor in self._from_actors(verb) if actor.type in ("place", "country")]
            targets = [t for t in targets if t not in sources]
        if not targets and root in INCIDENT_STATEMENT_ROOTS:
            # "offered condolences over the bombing in Pelargir", "admitted responsibility for
            # a raid on Arnor": a statement about an incident is aimed at where it
            # happened, as PETRARCH reads the first actor of the phrase.
            targets = [t for t in self._incident_actors(verb, set(used)) if t not in sources]
        if not explicit and not sources and self._harm_gerund(verb):
            # "killed in Israeli tank shelling", parsed as a participle hanging on "tank": the
            # gerund is the event noun, and the noun it hangs on names the doer.
            sources = self._actors(self.tokens[verb.head])
            targets = [t for t in targets if t not in sources]
            if sources:
                return _Found(pattern=pattern, trigger=used, sources=sources, targets=targets,
                              anchor=verb.i)
        if not explicit and not targets and verb.dep in ("advcl", "acl", "relcl") and not (
                verb.dep == "advcl" and verb.tag == "VBG" and root not in VIOLENT_ROOTS and sources):
            # "..., killing eight people": an aftermath told by a participle, not a new event;
            # "met in Geneva, discussing trade" is the subject's own act.
            return None
        if pattern.code.startswith("192"):
            # "retook Mosul from Islamic State militants": the loser of the ground is the
            # target, the ground where it happens.
            losers = [actor for actor in self._from_actors(verb) if actor.type != "place"]
            if losers:
                targets = [t for t in losers if t not in sources]
        if not targets and not pattern.words and pattern.built_in and pattern.trigger in WARNING_VERBS:
            # "Russia could attack within five years, the minister warned": a warning aimed at
            # no one is a statement; the threat, if any, is the clause's own event.
            return None
        each_other = any(self._reciprocal_object(child) for child in children
                         if child.dep in OBJECTS or child.dep == "prep")
        return _Found(pattern=pattern, trigger=used, sources=sources, targets=targets, anchor=verb.i,
                      each_other=each_other)

    def _object_country(self, found: _Found, used: set[str]) -> Actor | None:
        """The first country named inside the direct object's phrase of an event's verb."""
        anchor = self.tokens[found.anchor]
        if anchor.lemma.lower() in TOPIC_VERBS:
            return None
        for child in self.children.get(anchor.i, []):
            if child.dep != "dobj":
                continue
            stack, inside = [child], []
            while stack:
                current = stack.pop()
                inside.append(current)
                stack.extend(self.children.get(current.i, []))
            for token in sorted(inside, key=lambda t: t.i):
                actor = self.actor_at.get(token.i)
                if actor is not None and actor.type in ("country", "place") and actor.country \
                        and actor.entity not in used:
                    return actor
        return None

    @staticmethod
    def _protesters(actor: Actor) -> bool:
        """Whether an actor is a crowd of protesters ("demonstrators", "Georgian protesters")."""
        return actor.type in ("agent", "group") and any(
            word in actor.name.lower() for word in PROTEST_CROWDS)

    @staticmethod
    def _place_actor(place: Entity, sentence: Sentence, *, confidence: float) -> Actor:
        """A place standing in as an event's party, at its mention in the sentence."""
        mention = next((m for m in place.mentions if m.sentence == sentence.index), place.mentions[0])
        return Actor(name=place.name, code=place.country, country=place.country, sector=None,
                     entity=place.id, start=mention.start, end=mention.end, type="place",
                     confidence=confidence)

    def _from_actors(self, token: Token) -> list[Actor]:
        """The actors named in a word's "from" phrases."""
        return [actor for child in self.children.get(token.i, [])
                if child.dep == "prep" and child.lemma.lower() == "from"
                for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                for actor in self._actors(obj)]

    def _harm_gerund(self, verb: Token) -> bool:
        """Whether a gerund hangs on the object of "killed in ...", "wounded by ..."."""
        if verb.dep != "acl" or verb.tag != "VBG" or verb.head == verb.i:
            return False
        noun = self.tokens[verb.head]
        if noun.dep != "pobj" or noun.head == noun.i:
            return False
        preposition = self.tokens[noun.head]
        if preposition.lemma.lower() not in ("in", "by", "during") or preposition.head == preposition.i:
            return False
        return self.tokens[preposition.head].lemma.lower() in HARM_VERBS

    def _reciprocal_object(self, token: Token) -> bool:
        """Whether a phrase is "each other" or "one another", directly or after a preposition."""
        if token.dep == "prep":
            return any(self._reciprocal_object(obj) for obj in self.children.get(token.i, [])
                       if obj.dep == "pobj")
        words = [c.text.lower() for c in self.children.get(token.i, []) if c.i < token.i]
        return " ".join(words[-1:] + [token.text.lower()]) in RECIPROCAL_OBJECTS

    def _verb_arguments(self, verb: Token, used: set[int]) -> tuple[list[Actor], list[Actor]]:
        children = self.children.get(verb.i, [])
        sources: list[Actor] = []
        targets: list[Actor] = []
        passive = any(child.dep in PASSIVE_SUBJECTS or child.dep == "auxpass" for child in children)
        for child in children:
            if child.dep in SUBJECTS:
                sources += self._actors(child)
            elif child.dep in PASSIVE_SUBJECTS:
                targets += self._actors(child) or self._prepositional_targets(child, used)
            elif child.dep == "agent":
                for grandchild in self.children.get(child.i, []):
                    # "killed by the crash": a mishap has no doer, whoever's plane it was.
                    if grandchild.dep == "pobj" and grandchild.lemma.lower() not in MISHAPS:
                        sources += self._actors(grandchild)
        if not sources:
            # "a study published in Nairobi accused ...": a document speaks for
            # whoever issued it, or for the country where it was issued.
            for child in children:
                if child.dep in SUBJECTS and child.lemma.lower() in DOCUMENT_NOUNS:
                    sources += self._issuers(child)
        # "after rioters looted its consulate": a verb with a subject of its own that names no
        # actor does not borrow the subject of the clause it hangs from.
        participle = verb.dep == "acl" and verb.tag == "VBN" and verb.head != verb.i \
            and not any(child.dep in SUBJECTS | PASSIVE_SUBJECTS for child in children)
        if participle:
            # "soldiers killed in Ukraine": the noun a passive participle qualifies undergoes it.
            targets += self._actors(self.tokens[verb.head], follow_relative=False)
        elif not sources and not any(child.dep in SUBJECTS | PASSIVE_SUBJECTS for child in children):
            sources = self._inherited_subject(verb)
        own_countries = {source.country for source in sources if source.country}
        for child in children:
            if child.dep in OBJECTS and not (passive and child.dep == "attr"):
                # "sent troops to X": an object that is a word of the pattern is a party only
                # when it names one ("freed Palestinian prisoners").
                # "recalled its ambassador to X": nor is the source's own envoy.
                objects = [actor for actor in self._actors(child) if child.i not in used
                           or (actor.country and actor.country not in own_countries)]
                if not objects:
                    # "denounced a raid by Rohan troops": the doer of the deed the
                    # object names is the one the action is aimed at.
                    objects = self._agents_of(child) or self._prepositional_targets(child, used)
                if verb.lemma.lower() in TOPIC_VERBS:
                    # "Gondorian and Rohirric envoys discussed the embassies": an agent noun
                    # that is the topic of the talk is no party to it (a named country or
                    # person still is); coordinated subjects then share the action.
                    objects = [a for a in objects if a.type not in ("agent", "group")]
                targets += objects
        if not targets:
            targets += self._prepositional_targets(verb, used)
        if not targets:
            # "agreed to ease the embargo on Peru": the target may sit in the xcomp's phrase.
            for child in children:
                if child.dep == "xcomp" and child.i in used:
                    targets += self._prepositional_targets(child, used)
                    for grandchild in self.children.get(child.i, []):
                        if grandchild.dep in OBJECTS:
                            targets += self._actors(grandchild) or self._prepositional_targets(grandchild, used)
        if not targets and verb.lemma.lower() in SPEECH | STANCE | DEMANDING:
            # "Rohan thinks Gondor and Harad will manage", "expressed hope that X would":
            # the actor the reported clause is about is the target of the statement.
            targets += self._clause_subjects(verb)
        return _unique(sources), _unique([t for t in targets if t not in sources])

    def _incident_actors(self, verb: Token, used: set[int]) -> list[Actor]:
        """The first actor named inside an incident (an event noun) that a statement is about."""
        heads = [verb] + [c for c in self.children.get(verb.i, []) if c.dep == "dobj"]
        for head in heads:
            for child in self.children.get(head.i, []):
                if child.dep != "prep" or child.lemma.lower() not in INCIDENT_PREPOSITIONS:
                    continue
                for incident in self.children.get(child.i, []):
                    if incident.dep != "pobj" or incident.i in used or \
                            incident.lemma.lower() not in self.lexicon.nouns:
                        continue
                    stack = list(reversed(self.children.get(incident.i, [])))
                    seen = 0
                    while stack and seen < 40:
                        current = stack.pop()
                        seen += 1
                        found = [a for a in self._actors(current) if a.code or a.country] \
                            if current.pos in ("PROPN", "NOUN") else []
                        if found:
                            return found[:1]
                        stack.extend(reversed(self.children.get(current.i, [])))
        return []

    def _issuers(self, document: Token) -> list[Actor]:
        """Who a report speaks for: the agent of its issuing, else the place it was issued in."""
        for clause in self.children.get(document.i, []):
            if clause.dep != "acl" or clause.pos != "VERB":
                continue
            found: list[Actor] = []
            for child in self.children.get(clause.i, []):
                for obj in self.children.get(child.i, []):
                    if obj.dep != "pobj":
                        continue
                    if child.dep == "agent":
                        return self._actors(obj)
                    if child.dep == "prep" and child.lemma.lower() in ("in", "from"):
                        found += [a for a in self._actors(obj) if a.country]
            if found:
                return [Actor(name=self._text(document), code=found[0].country,
                              country=found[0].country, sector=None, entity=None,
                              start=document.start, end=document.end, type="document",
                              confidence=0.6)]
        return []

    def _agents_of(self, noun: Token) -> list[Actor]:
        """The actors a "by" phrase names as the doers of what a noun names."""
        return [actor for child in self.children.get(noun.i, [])
                if child.dep == "prep" and child.lemma.lower() == "by"
                for obj in self.children.get(child.i, []) if obj.dep == "pobj"
                for actor in self._actors(obj)]

    def _clause_subjects(self, verb: Token) -> list[Actor]:
        """The subjects of the clause a statement verb reports, directly or through its object
        noun ("expressed hopes that ...")."""
        heads = [verb] + [c for c in self.children.get(verb.i, []) if c.dep == "dobj"]
        for head in heads:
            for clause in self.children.get(head.i, []):
                # ", officials said" after the report is its attribution, not a statement
                # about the report's subject.
                if clause.dep not in ("ccomp", "acl") or clause.pos not in ("VERB", "AUX") \
                        or clause.i < verb.i:
                    continue
                for subject in self.children.get(clause.i, []):
                    if subject.dep in SUBJECTS | PASSIVE_SUBJECTS:
                        found = self._actors(subject)
                        if found:
                            return found
        return []

    def _inherited_subject(self, verb: Token) -> list[Actor]:
        """The subject a verb shares with the verb it hangs from: conjuncts, "want to X", "X-ing"."""
        token = verb
        for _ in range(6):
            if token.head == token.i:
                return []
            head = self.tokens[token.head]
            if token.dep == "relcl":
                return self._actors(head, follow_relative=False)
            if token.dep == "xcomp" and head.lemma.lower() not in PURPOSE_HEADS:
                # "asked Russia to withdraw": the object of the asking does the withdrawing;
                # "summoned the envoy to protest" is the summoner's purpose.
                objects = [c for c in self.children.get(head.i, []) if c.dep in ("dobj", "dative")]
                if objects:
                    return self._actors(objects[0])
            # "Arnor is about to restore ties", "is ready to talk": the predicate adjective
            # passes the subject of its copula down to the verb it governs.
            if token.dep not in ("conj", "xcomp", "advcl", "ccomp", "acl", "pcomp", "prep", "acomp"):
                return []
            # "the minister is expected to travel": a passive head lends its subject too.
            subjects = [c for c in self.children.get(head.i, [])
                        if c.dep in SUBJECTS or (c.dep in PASSIVE_SUBJECTS and token.dep == "xcomp")]
            if subjects and token.dep in ("conj", "xcomp", "advcl", "acomp"):
                return self._actors(subjects[0])
            if subjects:
                return []
            token = head
        return []

    def _prepositional_targets(self, token: Token, used: set[int], depth: int = 0) -> list[Actor]:
        targets: list[Actor] = []
        causes: list[Actor] = []
        for child in self.children.get(token.i, []):
            if child.dep not in ("prep", "dative") or child.lemma.lower() not in TARGET_PREPOSITIONS | {"to"}:
                if child.dep == "dative":
                    targets += self._actors(child)
                continue
            for obj in self.children.get(child.i, []):
                if obj.dep != "pobj":
                    continue
                if (child.lemma.lower() in WHERE_PREPOSITIONS and self._is_place(obj)) \
                        or obj.lemma.lower() in BEARINGS:
                    continue
                found = self._actors(obj)
                if not found and depth < 2 and obj.pos == "NOUN" and (
                        child.lemma.lower() in CARRIER_PREPOSITIONS or obj.i in used):
                    # ... or the noun is a word of the pattern: "issued a warning against trips to X".
                    # "welcomed a resumption of ties with Osgiliath": the target hangs from the
                    # noun the "of" phrase names.
                    found = self._prepositional_targets(obj, used, depth + 1)
                (causes if child.lemma.lower() in REASON_PREPOSITIONS else targets).extend(found)
        # "severed ties with X over the Gaza offensive": the "over" phrase is the cause; it
        # names the target only when nothing else does.
        return targets or causes

    def _is_place(self, token: Token) -> bool:
        if token.i in self.place_at:
            return True
        actor = self.actor_at.get(token.i)
        return actor is not None and actor.type in ("country", "place") and token.dep == "pobj" \
            and self.tokens[token.head].lemma.lower() in WHERE_PREPOSITIONS

    # --- nouns ------------------------------------------------------------------------------

    def _noun_event(self, noun: Token, pattern: Pattern, used: list[int]) -> _Found | None:
        children = self.children.get(noun.i, [])
        sources: list[Actor] = []
        targets: list[Actor] = []
        between = False
        for child in children:
            if child.dep == "poss":
                sources += self._actors(child)
            elif child.dep == "prep" and child.lemma.lower() in ("between", "among", "by"):
                for obj in self.children.get(child.i, []):
                    if obj.dep == "pobj":
                        sources += self._actors(obj)
                between = child.lemma.lower() != "by"
            elif child.dep in ("amod", "compound", "nmod") and child.i not in used:
                sources += self._actors(child)
        # "the invasion of Ukraine", "the expulsion of diplomats": the "of" object of a noun of
        # coercion or force is who suffers it; of a meeting or a visit it is who takes part.
        prepositions = TARGET_PREPOSITIONS - ({"of"} if pattern.code[:2] not in FORCE_ROOTS else set())
        if not between:
            for child in children:
                if child.dep == "prep" and child.lemma.lower() in prepositions:
                    for obj in self.children.get(child.i, []):
                        if obj.dep == "pobj" and not (child.lemma.lower() in WHERE_PREPOSITIONS
                                                      and self._is_place(obj)):
                            targets += self._actors(obj)
        governor = self._governor(noun)
        if not self._nominal_licensed(noun, governor, between):
            return None
        if governor is not None and not sources:
            if noun.dep in ("nsubj", "nsubjpass"):
                pass
            else:
                subjects = [c for c in self.children.get(governor.i, []) if c.dep in SUBJECTS]
                sources = self._actors(subjects[0]) if subjects else self._inherited_subject(governor)
                agents = [c for c in self.children.get(governor.i, []) if c.dep == "agent"]
                for agent in agents:
                    for obj in self.children.get(agent.i, []):
                        if obj.dep == "pobj":
                            sources = self._actors(obj)
        if governor is not None and not targets and governor.lemma.lower() in LIGHT_VERBS:
            targets = [t for t in self._prepositional_targets(governor, set(used)) if t not in sources]
        if governor is not None and not targets and governor.lemma.lower() in HARM_VERBS \
                and (self.tokens[noun.head].dep == "prep" or noun.dep == "nsubj"):
            # "soldiers were killed in a drone strike by X": the harmed are the strike's targets.
            targets = [t for child in self.children.get(governor.i, [])
                       if child.dep in PASSIVE_SUBJECTS | {"dobj"}
                       for t in self._actors(child) if t not in sources]
        if between and len(sources) >= 2 and not targets:
            return _Found(pattern=pattern, trigger=used, sources=_unique(sources), targets=[],
                          anchor=noun.i, nominal=True, between=True)
        return _Found(pattern=pattern, trigger=used, sources=_unique(sources),
                      targets=_unique([t for t in targets if t not in sources]), anchor=noun.i,
                      nominal=True)

    def _nominal_licensed(self, noun: Token, governor: Token | None, between: bool) -> bool:
        """An event noun is an event of its own only where the text presents it as one: done by
        someone ("held talks", "launched an attack"), happening ("talks commenced"), between
        parties, or intended ("the possibility of meetings")."""
        if between:
            return True
        if noun.dep == "ROOT" or noun.head == noun.i:
            return True
        head = self.tokens[noun.head]
        if head.lemma.lower() in ("of", "for") and head.head != head.i:
            owner = self.tokens[head.head]
            if owner.lemma.lower() in INTENT_NOUNS:
                return True
            if head.lemma.lower() == "of" and owner.lemma.lower() in EPISODE_NOUNS:
                # "joined the new round of talks": the round stands for the talks.
                return self._nominal_licensed(owner, governor, between)
        if governor is None:
            return False
        lemma = governor.lemma.lower()
        if head.dep == "prep" and head.lemma.lower() in ("in", "by", "during", "after", "from") \
                and lemma in HARM_VERBS:
            return True
        if noun.dep in ("nsubj", "nsubjpass"):
            return lemma in HAPPENING_VERBS or (noun.dep == "nsubj" and lemma in HARM_VERBS)
        if noun.dep == "dobj" and noun.head == governor.i:
            return lemma in LIGHT_VERBS or lemma in INTENT or (
                noun.lemma.lower() in CALLS and lemma in VOICING)
        return False

    def _governor(self, token: Token) -> Token | None:
        """The verb a noun phrase hangs from, through prepositions and conjuncts."""
        current = token
        for _ in range(8):
            if current.head == current.i:
                return None
            current = self.tokens[current.head]
            if current.pos in ("VERB", "AUX"):
                return current
        return None

    # --- appeals and accusations -----------------------------------------------------------

    def _harm_by_attack(self, verb: Token) -> bool:
        """"A missile strike on Odesa killed five people": the harm is told by the verb, the
        event by its subject, an attack noun."""
        if verb.lemma.lower() not in HARM_VERBS:
            return False
        return any(child.dep == "nsubj" and self._sector(child) is None and any(
            pattern.code[:2] in ASSAULT_ROOTS
            for pattern in self.lexicon.nouns.get(child.lemma.lower(), []))
            for child in self.children.get(verb.i, []))

    def _under_fire(self, verb: Token, consumed: set[int]) -> _Found | None:
        """"Peacekeepers came under fire from Georgian forces": the attack is aimed at the
        subject, by whoever the "from" phrase names."""
        if verb.lemma.lower() != "come":
            return None
        for child in self.children.get(verb.i, []):
            if child.dep != "prep" or child.lemma.lower() != "under":
                continue
            for noun in self.children.get(child.i, []):
                if noun.dep != "pobj" or noun.lemma.lower() not in UNDER_FIRE:
                    continue
                patterns = self.lexicon.nouns.get(noun.lemma.lower(), [])
                pattern = next((p for p in patterns if p.code[:2] in ASSAULT_ROOTS), None) or Pattern(
                    code=FIRE_CODE, kind="noun", trigger=noun.lemma.lower(), words=(), origin="under fire")
                subjects = [c for c in self.children.get(verb.i, []) if c.dep in SUBJECTS]
                targets = self._actors(subjects[0]) if subjects else []
                sources = self._from_actors(verb) + self._from_actors(noun)
                consumed.update((verb.i, noun.i))
                return _Found(pattern=pattern, trigger=[verb.i, child.i, noun.i],
                              sources=[a for a in sources if a not in targets], targets=targets,
                              anchor=verb.i)
        return None

    def _prevented(self, verb: Token) -> bool:
        """"barred warships from returning": what is prevented does not happen."""
        if verb.dep != "pcomp" or verb.head == verb.i:
            return False
        preposition = self.tokens[verb.head]
        return preposition.lemma.lower() == "from" and preposition.head != preposition.i \
            and self.tokens[preposition.head].lemma.lower() in PREVENTING

    def _turned_down(self, noun: Token) -> bool:
        """"rejected calls for a ceasefire", "dismissed demands for a withdrawal": what others
        call for, turned down by the subject, is no act or intent of the subject's."""
        if noun.dep != "pobj" or noun.head == noun.i:
            return False
        preposition = self.tokens[noun.head]
        if preposition.lemma.lower() not in ("for", "of") or preposition.head == preposition.i:
            return False
        call = self.tokens[preposition.head]
        if call.lemma.lower() not in CALLS or call.dep != "dobj" or call.head == call.i:
            return False
        return self.tokens[call.head].lemma.lower() in DENYING | TURNING_DOWN

    def _request(self, verb: Token, match: tuple[Pattern, list[int]] | None,
                 consumed: set[int]) -> _Found | None:
        """"Congress asked Obama to help Iran": an appeal to the one asked; what they are asked
        to do is not their act, so the clause is taken up by the appeal."""
        if verb.lemma.lower() not in REQUEST_VERBS:
            return None
        children = self.children.get(verb.i, [])
        clause = next((c for c in children if c.dep in ("xcomp", "ccomp") and c.pos in ("VERB", "AUX")
                       and not any(g.dep in SUBJECTS for g in self.children.get(c.i, []))), None)
        objects = [actor for c in children if c.dep in ("dobj", "dative") for actor in self._actors(c)]
        if clause is None and not objects:
            # "wants Gondor to withdraw": the parser often makes the one asked the subject of a
            # to-infinitive clause rather than the object of the asking.
            for candidate in children:
                parts = self.children.get(candidate.i, [])
                if candidate.dep == "ccomp" and candidate.pos in ("VERB", "AUX") and any(
                        p.dep == "aux" and p.lemma.lower() == "to" for p in parts):
                    asked = [a for p in parts if p.dep in SUBJECTS for a in self._actors(p)]
                    if asked:
                        clause, objects = candidate, asked
                        break
        if clause is None or not objects:
            return None
        if match is not None and match[0].code[:2] == APPEAL_ROOT and match[0].words:
            pattern, used = match
        else:
            pattern = Pattern(code=APPEAL_CODE, kind="verb", trigger=verb.lemma.lower(), words=(),
                              origin="request")
            used = [verb.i]
        consumed.update(used)
        consumed.update(t.i for t in [clause] + self._phrase(clause) if t.pos in ("VERB", "AUX"))
        subjects = [c for c in children if c.dep in SUBJECTS]
        sources = self._actors(subjects[0]) if subjects else self._inherited_subject(verb)
        return _Found(pattern=pattern, trigger=used, sources=sources,
                      targets=[t for t in _unique(objects) if t not in sources], anchor=verb.i)

    def _accusations(self, found: list[_Found]) -> tuple[list[_Found], set[int]]:
        """"Gondor said Mordor had attacked Ithilien": a speaker who reports another party's
        violence accuses that party (CAMEO 112), as PETRARCH codes it; "Mordor admitted it had
        raided Ithilien" is a claim of responsibility (015). Returns the new events and the anchors of the
        reported deeds they take up."""
        accusations: list[_Found] = []
        told: set[int] = set()
        seen: set[tuple[int, str, str]] = set()
        for event in found:
            if event.pattern.code[:2] not in VIOLENT_ROOTS or not event.sources:
                continue
            speech = next((verb for verb, relation in self._clause_chain(self.tokens[event.anchor])[:3]
                           if relation == "ccomp" and verb.lemma.lower() in SPEECH | CLAIMING | {"accuse"}
                           and verb.i < event.anchor), None)
            if speech is None:
                continue
            subjects = [c for c in self.children.get(speech.i, []) if c.dep in SUBJECTS]
            speakers = self._actors(subjects[0]) if subjects else []
            if not speakers:
                continue
            speaker_countries = {a.country or a.code for a in speakers}
            accused = [a for a in event.sources
                       if not a.resolved_pronoun and (a.country or a.code) not in speaker_countries]
            if accused:
                code = ACCUSE_AGGRESSION if event.pattern.code[:2] in ("18", "19", "20") else ACCUSE_CODE
                sides = accused
                origin = "accusation"
            elif speech.lemma.lower() in CLAIMING and event.targets:
                # The speaker tells of its own deed: a claim of responsibility for it.
                code, sides, origin = CLAIM_CODE, event.targets, "claim"
            else:
                continue
            if len(accused) == len(event.sources) or origin == "claim":
                told.add(event.anchor)
            sides = [a for a in sides if (speech.i, code, a.identity) not in seen]
            seen.update((speech.i, code, a.identity) for a in sides)
            if not sides:
                continue
            pattern = Pattern(code=code, kind="verb", trigger=speech.lemma.lower(), words=(),
                              origin=origin)
            accusations.append(_Found(pattern=pattern, trigger=[speech.i], sources=speakers,
                                      targets=sides, anchor=speech.i,
                                      extra_evidence=list(event.trigger)))
        return accusations, told

    # --- statements of refusal ------------------------------------------------------------

    def _refusal(self, verb: Token) -> _Found | None:
        """"Lavrov reiterated that a ceasefire was not an option": a rejection by the speaker."""
        if verb.lemma.lower() not in SPEECH:
            return None
        for clause in self.children.get(verb.i, []):
            if clause.dep != "ccomp":
                continue
            parts = self.children.get(clause.i, [])
            negated = any(p.dep == "neg" or p.lemma.lower() in NEGATIONS for p in parts)
            predicates = [p for p in parts if p.dep in ("attr", "acomp")]
            refused = any(p.lemma.lower() in UNACCEPTABLE for p in predicates) or (
                negated and any(p.lemma.lower() in REFUSED_OPTIONS for p in predicates))
            if clause.lemma.lower() == "be" and refused:
                subjects = [c for c in self.children.get(verb.i, []) if c.dep in SUBJECTS]
                sources = self._actors(subjects[0]) if subjects else []
                pattern = Pattern(code=REJECT_CODE, kind="verb", trigger=verb.lemma.lower(),
                                  words=(), origin="refusal")
                evidence = [clause.i] + [p.i for p in predicates]
                return _Found(pattern=pattern, trigger=[verb.i], sources=sources, targets=[],
                              anchor=verb.i, extra_evidence=evidence)
        return None

    # --- actors -----------------------------------------------------------------------------

    def _actors(self, token: Token, *, follow_relative: bool = True) -> list[Actor]:
        """The actors a noun phrase names: its own mention, its conjuncts, the mentions that
        modify it ("American and Russian delegations"), a pronoun's antecedent, or its agent noun."""
        actors: list[Actor] = []
        own = self.actor_at.get(token.i)
        counted = self._counted(token) if own is None else None
        if own is not None:
            actors.append(self._titled(token, own))
        elif counted is not None:
            actors += self._actors(counted, follow_relative=follow_relative)
        elif token.pos == "PRON" or token.text.lower() in RELATIVE_PRONOUNS:
            plural = self._plural_antecedents(token) or self._speaker(token)
            resolved = None if plural else self._antecedent(token, follow_relative)
            if plural:
                actors += plural
            elif resolved is not None:
                actors.append(resolved)
        else:
            actors += self._with_sector(token, self._related(token, self._modifier_actors(token)))
            if token.lemma.lower() in LAND_NOUNS:
                # "struck Russia's Samara region": a country owning land is the country, not
                # its government.
                actors = [replace(a, code=a.country, sector=None) if a.type == "country" and a.country
                          else a for a in actors]
            if not actors:
                agent = self._agent(token)
                if agent is not None:
                    actors.append(agent)
        # "Norwegian police and government": a bare agent noun coordinated with a national group
        # shares its country.
        countries = {actor.country for actor in actors}
        shared = actors[0].country if actors and actors[0].type == "group" and len(countries) == 1 \
            else None
        for child in self.children.get(token.i, []):
            if child.dep in ("conj", "appos") and child.pos in ("NOUN", "PROPN", "PRON", "ADJ"):
                if child.dep == "appos" and actors:
                    continue
                found = self._actors(child)
                if shared and child.dep == "conj":
                    found = [replace(a, name=f"{actors[0].name.split()[0]} {a.name}",
                                     code=shared + (a.sector or ""), country=shared, type="group")
                             if a.type == "agent" and a.country is None else a for a in found]
                actors += found
        return _unique(actors)

    def _counted(self, token: Token) -> Token | None:
        """The noun a quantity word counts: "farmers" in "hundreds of farmers"."""
        if token.pos not in ("NOUN", "NUM") or token.lemma.lower() not in QUANTITY_NOUNS:
            return None
        for child in self.children.get(token.i, []):
            if child.dep == "prep" and child.lemma.lower() == "of":
                for obj in self.children.get(child.i, []):
                    if obj.dep == "pobj" and obj.pos in ("NOUN", "PROPN"):
                        return obj
        return None

    def _titled(self, token: Token, actor: Actor) -> Actor:
        """"Dagolath's Deputy Prime Minister Telemar": a name coded with a bare country takes
        the sector of the title written before it."""
        code = actor.code or ""
        if token.pos != "PROPN" or actor.type in ("country", "place") or not actor.country \
                or code != actor.country:
            return actor
        titles = [child for child in self.children.get(token.i, [])
                  if child.dep == "compound" and child.i < token.i and child.i not in self.actor_at]
        for title in reversed(titles):
            sector = self._sector(title)
            if sector:
                return replace(actor, code=actor.country + sector, sector=sector)
        return actor

    def _with_sector(self, token: Token, actors: list[Actor]) -> list[Actor]:
        """"Georgian demonstrators": a country named before an agent noun takes its sector."""
        sector = self._sector(token) if token.pos == "NOUN" else None
        if not sector:
            return actors
        combined = []
        for actor in actors:
            # A country's own code says it acts as a government ("Sudan" is SDNGOV); as the
            # modifier of an agent noun it lends only its country ("Sudan's army" is SDNMIL).
            if actor.country and actor.type != "person" \
                    and (actor.code in (actor.country, None) or actor.type == "country"):
                words = [m.text for m in self._modifiers_before(token) if m.start >= actor.end]
                actor = Actor(name=" ".join([actor.name, *words, token.text]), code=actor.country + sector,
                              country=actor.country, sector=sector, entity=actor.entity,
                              start=actor.start, end=token.end, type="group",
                              confidence=actor.confidence)
            combined.append(actor)
        return combined

    def _related(self, token: Token, actors: list[Actor]) -> list[Actor]:
        """"Ukraine's backers", "allies of Gondor" are others standing by a country, so the
        country is not the actor; "critics of the Senate" are people of the Senate's country."""
        if token.lemma.lower() not in RELATIONAL_NOUNS:
            return actors
        related = [child for child in self.children.get(token.i, []) if child.dep == "poss"]
        related += [obj for child in self.children.get(token.i, [])
                    if child.dep == "prep" and child.lemma.lower() == "of"
                    for obj in self.children.get(child.i, []) if obj.dep == "pobj"]
        direct = {t.start for t in related} | {c.start for t in related for c in self._conjuncts(t)}
        return [Actor(name=self._text(token), code=actor.country, country=actor.country,
                      sector=None, entity=None, start=token.start, end=token.end, type="group",
                      confidence=actor.confidence)
                for actor in actors if actor.country
                and not (actor.type in ("country", "place") and actor.start in direct)]

    def _modifier_actors(self, token: Token) -> list[Actor]:
        actors: list[Actor] = []
        for child in self.children.get(token.i, []):
            if child.dep == "poss" and child.pos == "PRON" and child.i not in self.actor_at:
                resolved = self._antecedent(child, follow_relative=False)
                if resolved is not None:
                    actors.append(resolved)
                continue
            if child.dep in MODIFIERS:
                # "Arnorian and Gondorian envoys": every coordinated modifier that names an
                # actor counts, even where the first was not recognised.
                conjuncts = [c for c in self.children.get(child.i, []) if c.dep == "conj"]
                if child.i in self.actor_at:
                    actors.append(self.actor_at[child.i])
                    actors += [self.actor_at[c.i] for c in conjuncts if c.i in self.actor_at]
                elif child.dep == "amod" and any(c.i in self.actor_at for c in conjuncts):
                    actors += [self.actor_at[c.i] for c in conjuncts if c.i in self.actor_at]
                elif child.dep in ("compound", "nmod", "poss"):
                    actors += self._modifier_actors(child)
                elif child.dep == "amod" and child.lemma.lower() == "lead":
                    # "the Saudi-led coalition" acts for its leader ("Russian-backed" does not).
                    actors += [self.actor_at[g.i] for g in self.children.get(child.i, [])
                               if g.dep in ("npadvmod", "compound", "amod") and g.i in self.actor_at]
        if actors:
            return actors
        # "the mayor of Nablus", "leaders of Chile's main union", "the envoys of
        # Rohan, Harad and Gondor", "senators in Rohan and Gondor"
        sector = self._sector(token)
        for child in self.children.get(token.i, []):
            preposition = child.lemma.lower()
            if child.dep != "prep" or not (preposition in ("of", "from")
                                           or (preposition == "in" and sector)):
                continue
            for obj in self.children.get(child.i, []):
                if obj.dep != "pobj":
                    continue
                named = [self.actor_at[t.i] for t in [obj] + self._conjuncts(obj) if t.i in self.actor_at]
                if not named:
                    if preposition != "in":
                        actors += self._modifier_actors(obj)
                    continue
                found_actors = []
                for found in _unique(named):
                    if sector and found.country and found.type in ("country", "place"):
                        found = Actor(name=self._text(token), code=found.country + sector,
                                      country=found.country, sector=sector, entity=found.entity,
                                      start=token.start, end=token.end, type="group",
                                      confidence=found.confidence)
                    found_actors.append(found)
                return found_actors
        return actors

    def _conjuncts(self, token: Token) -> list[Token]:
        """The words coordinated with a word: "Arnor, Osgiliath and Gondor"."""
        found: list[Token] = []
        stack = [token]
        while stack:
            current = stack.pop()
            for child in self.children.get(current.i, []):
                if child.dep == "conj" and len(found) < 20:
                    found.append(child)
                    stack.append(child)
        return found

    def _sector(self, token: Token) -> str | None:
        if self.petrarch is not None and self.petrarch.agents:
            agents = self.petrarch.agents
            for key in (token.text.lower(), token.lemma.lower()):
                if key in agents:
                    return agents[key]
        # "police officers": a listed phrase comes before the noun alone.
        return self.knowledge.phrase_sector(
            [modifier.text.lower() for modifier in self._modifiers_before(token)],
            (token.lemma.lower(), token.text.lower()))

    def _homeless(self, actor: Actor) -> bool:
        """Whether an actor is an unnamed agent of a home sector with no country."""
        return actor.type == "agent" and actor.country is None and actor.sector in HOME_SECTORS \
            and not any(word in TRAVELLERS or word.removesuffix("s") in TRAVELLERS
                         for word in actor.name.lower().split())

    def _scheduled(self, found: _Found) -> bool:
        """"The president visits Japan on Friday": a present-tense verb with no auxiliary tells
        a schedule, so its weekday lies ahead."""
        verb = self._governor(self.tokens[found.anchor]) if found.nominal else self.tokens[found.anchor]
        return verb is not None and verb.tag in ("VBZ", "VBP") and not any(
            child.dep in ("aux", "auxpass") for child in self.children.get(verb.i, []))

    def _capital_government(self, actor: Actor, code: str) -> Actor:
        """"accused Moscow", "urged Beijing": a capital a political act is aimed at stands for
        the government, where a visit or a strike is aimed at the city."""
        if actor.type != "place" or code[:2] not in POLITICAL_ROOTS or not actor.country:
            return actor
        country = self.knowledge.country_by_capital(actor.name)
        if country is None or country.iso3 != actor.country:
            return actor
        return replace(actor, code=actor.country + "GOV", sector="GOV")

    def _ahead(self, when: str | None) -> bool:
        """Whether a date (day, month or year) lies after the publication date."""
        if when is None or self.published is None:
            return False
        return when > self.published.isoformat()[:len(when)]

    def _home(self, found: _Found, sentence: Sentence) -> str | None:
        """The country of the place where an event happens, when the sentence says so: a place
        attached to the event, or one after "in", "at" or "near"."""
        where = self._location_entity(found, sentence, set())
        if where is None or not where[0].country:
            return None
        place, how = where
        if how == "attached" or (how == "sentence" and any(
                mention.sentence == sentence.index and self._after_place_preposition(mention)
                for mention in place.mentions)):
            return place.country
        return None

    @staticmethod
    def _authority_country(sources: list[Actor], targets: list[Actor]) -> str | None:
        """The one country whose government, police, courts or parliament take part on one
        side while a home-sector agent without a country is on the other."""
        for side, other in ((sources, targets), (targets, sources)):
            countries = {a.country for a in side if a.country and (a.sector or "GOV")[:3] in AUTHORITIES}
            if len(countries) == 1 and any(a.country is None and a.sector != "REB" for a in other):
                return countries.pop()
        return None

    def _at_home(self, actor: Actor, country: str) -> Actor:
        if not self._homeless(actor):
            return actor
        return replace(actor, country=country, code=country + (actor.sector or ""),
                       confidence=actor.confidence * 0.8)

    def _modifiers_before(self, token: Token) -> list[Token]:
        """The compound and adjective modifiers right before a noun, in order."""
        modifiers: list[Token] = []
        index = token.i - 1
        while index >= 0 and self.tokens[index].head == token.i \
                and self.tokens[index].dep in ("compound", "amod"):
            modifiers.insert(0, self.tokens[index])
            index -= 1
        return modifiers

    def _agent(self, token: Token) -> Actor | None:
        if token.pos not in ("NOUN", "PROPN"):
            return None
        sector = self._sector(token)
        if sector is None or (sector == "MIL" and token.lemma.lower() in WEAPONS):
            # "struck by drones": a weapon with no owner named says nothing about who acted.
            return None
        return Actor(name=self._text(token), code=sector, country=None, sector=sector, entity=None,
                     start=token.start, end=token.end, type="agent", confidence=0.7)

    def _antecedent(self, pronoun: Token, follow_relative: bool) -> Actor | None:
        word = pronoun.text.lower()
        if word in RELATIVE_PRONOUNS:
            if not follow_relative:
                return None
            # "the mayor who ...": the relative clause's head noun.
            clause = self.tokens[pronoun.head]
            if clause.dep == "relcl" and clause.head != clause.i:
                found = self._actors(self.tokens[clause.head], follow_relative=False)
                return found[0] if found else None
            return None
        if pronoun.dep == "expl":
            return None
        personal = word in PERSONAL_PRONOUNS
        if not personal and word not in GROUP_PRONOUNS:
            return None
        sentence = pronoun.sentence
        if not personal and self._inanimate_antecedent(pronoun):
            return None
        best: Actor | None = None
        for mention, entity in self.mentions:
            if mention.start >= pronoun.start:
                break
            if mention.sentence < sentence - 2:
                continue
            if personal and entity.type != "person":
                continue
            if not personal and entity.type not in ("country", "organisation", "group"):
                continue
            if word in ("it", "its") and entity.type == "group" and not self._singular(mention):
                # "the army ... it" is one body; "Georgian demonstrators ... it" is not.
                continue
            actor = self._actor(entity, mention)
            if actor is not None:
                best = actor
        if best is None:
            return None
        return Actor(name=best.name, code=best.code, country=best.country, sector=best.sector,
                     entity=best.entity, start=pronoun.start, end=pronoun.end, type=best.type,
                     confidence=best.confidence, resolved_pronoun=True)

    def _plural_antecedents(self, pronoun: Token) -> list[Actor]:
        """"Obama and Putin said they would ...": "they" in a clause under a verb whose subject
        names two or more actors stands for all of them."""
        if pronoun.text.lower() not in PLURAL_PRONOUNS or pronoun.head == pronoun.i:
            return []
        clause = self.tokens[pronoun.head]
        for _ in range(3):
            if clause.dep not in ("ccomp", "xcomp", "advcl") or clause.head == clause.i:
                return []
            clause = self.tokens[clause.head]
            subjects = [child for child in self.children.get(clause.i, []) if child.dep in SUBJECTS]
            if subjects:
                found = [actor for actor in self._actors(subjects[0], follow_relative=False)
                         if actor.type != "place"]
                if len(found) < 2:
                    return []
                return [replace(actor, start=pronoun.start, end=pronoun.end, resolved_pronoun=True)
                        for actor in found]
        return []

    def _speaker(self, pronoun: Token) -> list[Actor]:
        """"Ukraine's military said it shot down drones": "it" or "they" opening the clause a
        speaker reports stands for the speaker, named or not, if the speaker is a body."""
        if pronoun.text.lower() not in ("it", "they", "we") or pronoun.dep not in SUBJECTS \
                or pronoun.head == pronoun.i:
            return []
        clause = self.tokens[pronoun.head]
        if clause.dep != "ccomp" or clause.head == clause.i:
            return []
        verb = self.tokens[clause.head]
        if verb.lemma.lower() not in SPEECH:
            return []
        subjects = [child for child in self.children.get(verb.i, []) if child.dep in SUBJECTS]
        if not subjects or subjects[0].pos == "PRON":
            return []
        # A speaker without a country ("both delegations") leaves "it" to the nearest party.
        found = [actor for actor in self._actors(subjects[0], follow_relative=False)
                 if actor.type not in ("person", "place") and (actor.country or actor.entity)]
        return [replace(actor, start=pronoun.start, end=pronoun.end, resolved_pronoun=True)
                for actor in found[:1]]

    def _singular(self, mention: Mention) -> bool:
        """Whether a mention's last word is a singular noun."""
        head = self._phrase_head(mention.start, ("compound", "amod"))
        return head is not None and head.tag in ("NN", "NNP")

    def _inanimate_antecedent(self, pronoun: Token) -> bool:
        """Whether the subject a pronoun continues is a thing: in "The package raises tariffs on
        Arnorian steel. It also bans ...", "it" is the package, not Arnor."""
        if pronoun.dep not in SUBJECTS | PASSIVE_SUBJECTS | {"poss"}:
            return False
        plural = pronoun.text.lower() not in ("it", "its")
        for i in range(pronoun.i - 1, -1, -1):
            subject = self.tokens[i]
            if subject.sentence < pronoun.sentence - 1:
                return False
            if subject.dep not in SUBJECTS | PASSIVE_SUBJECTS or not self._main_clause(subject):
                continue
            if subject.pos != "NOUN" or subject.i in self.actor_at:
                return False
            if (subject.tag == "NNS") != plural or subject.lemma.lower() in ACTOR_STAND_INS:
                return False
            return not self._actors(subject, follow_relative=False)
        return False

    def _main_clause(self, subject: Token) -> bool:
        """Whether a subject belongs to its sentence's main clause (or a verb coordinated with
        it), which a following pronoun continues; a relative clause's "that" is none."""
        verb = self.tokens[subject.head]
        while verb.dep == "conj" and verb.head != verb.i:
            verb = self.tokens[verb.head]
        return verb.head == verb.i

    # --- modality, place and date -----------------------------------------------------------

    def _clause_chain(self, token: Token) -> list[tuple[Token, str]]:
        """The verbs above a trigger, with the relation that leads to each."""
        chain: list[tuple[Token, str]] = []
        current = token
        for _ in range(12):
            if current.head == current.i:
                break
            relation = current.dep
            current = self.tokens[current.head]
            chain.append((current, relation))
        return chain

    def _denied(self, found: _Found) -> bool:
        """Whether the event is told in a clause that its speaker denies: a denied aid is no
        refusal of aid."""
        return any(relation == "ccomp" and verb.lemma.lower() in DENYING
                   for verb, relation in self._clause_chain(self.tokens[found.anchor])[:3])

    def _modality(self, found: _Found) -> tuple[bool, str, str | None]:
        """Whether the event is denied, its modality, and the word that makes it an intent."""
        anchor = self.tokens[found.anchor]
        negated = False
        modality = "factual"
        intent_word: str | None = None
        ranks = {"factual": 0, "reported": 1, "future": 2, "intended": 3, "hypothetical": 4}

        def note(kind: str) -> None:
            nonlocal modality
            if ranks[kind] > ranks[modality]:
                modality = kind

        def read_auxiliaries(verb: Token) -> None:
            nonlocal negated
            for child in self.children.get(verb.i, []):
                lemma = child.lemma.lower()
                text = child.text.lower()
                if child.dep == "neg" or (child.dep in ("advmod", "det") and lemma in NEGATIONS):
                    negated = True
                elif child.dep in ("aux", "auxpass"):
                    if text in HYPOTHETICAL or lemma in HYPOTHETICAL:
                        note("hypothetical")
                    elif text in FUTURE or lemma in FUTURE:
                        note("future")
                elif child.dep == "mark" and lemma in CONDITIONS:
                    note("hypothetical")

        read_auxiliaries(anchor)
        if found.nominal:
            for child in self.children.get(anchor.i, []):
                if child.dep == "det" and child.lemma.lower() == "no":
                    negated = True
        clause_verb = anchor
        for verb, relation in self._clause_chain(anchor):
            lemma = verb.lemma.lower()
            if relation in ("xcomp",) and verb.pos in ("VERB", "AUX", "ADJ"):
                if lemma in FAILING:
                    negated = True
                if lemma in INTENT or verb.pos == "ADJ":
                    note("intended")
                    intent_word = intent_word or lemma
                read_auxiliaries(verb)
                clause_verb = verb
                continue
            if found.nominal and verb.pos in ("NOUN",) and lemma in INTENT_NOUNS:
                note("intended")
                intent_word = intent_word or lemma
                continue
            if found.nominal and relation in ("pobj", "prep", "dobj", "compound", "conj", "nsubj",
                                              "nsubjpass", "attr", "appos", "amod"):
                if verb.pos in ("VERB", "AUX") and verb is not anchor:
                    if lemma in INTENT and relation == "dobj":
                        note("intended")
                        intent_word = intent_word or lemma
                    read_auxiliaries(verb)
                    clause_verb = verb
                continue
            if relation in ("ccomp", "parataxis") and lemma in SPEECH | {"accord"}:
                note("reported")
                break
            if relation == "ccomp" and lemma in DENYING:
                # "Russia denied that its troops had attacked": reported, and denied.
                note("reported")
                negated = True
                break
            if relation == "advcl":
                marks = {c.lemma.lower() for c in self.children.get(clause_verb.i, [])
                         if c.dep == "mark"}
                if marks & CONDITIONS:
                    note("hypothetical")
                elif marks & AWAITING and clause_verb.tag in ("VBZ", "VBP") and not any(
                        c.dep in ("aux", "auxpass") for c in self.children.get(clause_verb.i, [])):
                    # "comes a day before the president flies to Tokyo": the flight is ahead.
                    note("future")
                break
            if relation in ("ccomp",) and lemma in INTENT:
                note("intended")
                intent_word = intent_word or lemma
                break
            break
        # "according to officials" and "..., officials said" both make a report of it.
        root_children = list(self.children.get(anchor.i, []))
        governor = self._governor(anchor) if found.nominal else None
        if governor is not None:
            # "According to medics, strikes killed seven": the report hangs from the verb.
            root_children += self.children.get(governor.i, [])
        if any(c.lemma.lower() == "accord" for c in root_children):
            note("reported")
        for child in root_children:
            if child.dep in ("parataxis", "ccomp") and child.lemma.lower() in SPEECH and child.i > anchor.i:
                note("reported")
        return negated, modality, intent_word

    def _location(self, found: _Found, sentence: Sentence,
                  used: set[str]) -> dict[str, Any] | None:
        place = self._location_entity(found, sentence, used)
        return _place_dict(place[0], place[1]) if place is not None else None

    def _location_entity(self, found: _Found, sentence: Sentence,
                         used: set[str]) -> tuple[Entity, str] | None:
        anchors = [found.anchor] + [verb.i for verb, rel in self._clause_chain(self.tokens[found.anchor])[:1]
                                    if rel in ("dobj", "nsubj", "nsubjpass") and found.nominal]
        # "bombed targets in southern Lebanon": the place may hang from the object.
        anchors += [child.i for anchor in list(anchors) for child in self.children.get(anchor, [])
                    if child.dep == "dobj"]
        # "called for a truce in Sudan": the place may hang from a word of the pattern.
        anchors += [i for i in found.trigger if i not in anchors]
        for anchor in anchors:
            for child in self.children.get(anchor, []):
                if child.dep == "prep" and child.lemma.lower() in PLACE_PREPOSITIONS:
                    for obj in self.children.get(child.i, []):
                        place = self._place_under(obj)
                        if place is not None and place.id not in used:
                            return place, "attached"
        # "attend the Beijing Olympics": a place naming the object says where the action is.
        for child in self.children.get(found.anchor, []):
            if child.dep == "dobj" and self.actor_at.get(child.i) is None:
                place = next((self.place_at[modifier.i] for modifier in self.children.get(child.i, [])
                              if modifier.dep == "compound" and modifier.i in self.place_at), None)
                if place is not None and place.id not in used:
                    return place, "attached"
        fallback: Entity | None = None
        for mention, entity in self.mentions:
            if mention.sentence != sentence.index or entity.type not in ("place", "country"):
                continue
            if entity.type == "country" and not self._after_place_preposition(mention):
                continue
            if entity.id in used:
                fallback = fallback or (entity if entity.type == "place" else None)
                continue
            return entity, "sentence"
        return (fallback, "actor") if fallback is not None else None

    def _event_venue(self, place: Entity, sentence: Sentence) -> bool:
        """Whether a place is named as where an event noun happens ("talks in Vienna", "the
        summit in Lisbon"): a venue, not the one the action is aimed at."""
        for mention in place.mentions:
            token = self._phrase_head(mention.start, ("compound", "amod"))
            if mention.sentence != sentence.index or token is None:
                continue
            if token.dep != "pobj" or token.head == token.i:
                continue
            preposition = self.tokens[token.head]
            if preposition.lemma.lower() not in PLACE_PREPOSITIONS or preposition.head == preposition.i:
                continue
            owner = self.tokens[preposition.head]
            if owner.pos in ("NOUN", "PROPN") and (owner.lemma.lower() in self.lexicon.nouns
                                                   or owner.text.lower() in self.lexicon.nouns):
                return True
        return False

    def _phrase_head(self, start: int, through: tuple[str, ...]) -> Token | None:
        """The token a mention starting at ``start`` hangs from, climbing ``through`` relations."""
        index = self.token_at_start.get(start)
        if index is None:
            return None
        token = self.tokens[index]
        while token.dep in through and token.head != token.i:
            token = self.tokens[token.head]
        return token

    def _after_place_preposition(self, mention: Mention) -> bool:
        token = self._phrase_head(mention.start, ("compound", "amod"))
        if token is None:
            return False
        return token.dep == "pobj" and self.tokens[token.head].lemma.lower() in PLACE_PREPOSITIONS

    def _place_under(self, token: Token) -> Entity | None:
        if token.i in self.place_at:
            return self.place_at[token.i]
        actor = self.actor_at.get(token.i)
        if actor is not None and actor.type == "country" and actor.entity:
            return next((e for e in self.entities if e.id == actor.entity), None)
        for child in self.children.get(token.i, []):
            if child.dep in ("compound", "appos", "conj", "prep", "pobj") and child.i in self.place_at:
                return self.place_at[child.i]
            if child.dep == "prep" and child.lemma.lower() in ("in", "near") \
                    and token.i not in self.actor_at and token.pos == "NOUN":
                # "at a market in Mogadishu": a spot inside a place is in that place.
                inner = next((self.place_at[obj.i] for obj in self.children.get(child.i, [])
                              if obj.dep == "pobj" and obj.i in self.place_at), None)
                if inner is not None:
                    return inner
            if child.dep == "prep" and child.lemma.lower() == "of" \
                    and token.lemma.lower() in BEARINGS | PLACE_PARTS:
                # "in the east of the Gaza Strip", "on the outskirts of Kherson"
                for obj in self.children.get(child.i, []):
                    if obj.dep == "pobj" and obj.i in self.place_at:
                        return self.place_at[obj.i]
        return None

    def _date(self, found: _Found, sentence: Sentence, future: bool) -> dict[str, Any]:
        candidates = [named for named in self.dates
                      if sentence.first_token <= named.first_token < sentence.last_token]
        chosen = None
        anchor_chain = {found.anchor} | {verb.i for verb, _ in self._clause_chain(self.tokens[found.anchor])[:2]}
        for named in candidates:
            head = self.tokens[named.last_token - 1]
            for token in self.tokens[named.first_token:named.last_token]:
                if token.head not in range(named.first_token, named.last_token):
                    head = token
            climb = head
            for _ in range(4):
                if climb.head in anchor_chain:
                    chosen = named
                    break
                if climb.head == climb.i:
                    break
                climb = self.tokens[climb.head]
            if chosen is not None:
                break
        if chosen is not None:
            resolved = resolve(chosen.text, self.published, future=future)
            return {"date": resolved.iso() if resolved else None,
                    "date_precision": resolved.precision if resolved else None,
                    "date_text": chosen.text, "date_source": "text" if resolved else None}
        if self.published is not None:
            return {"date": self.published.isoformat(), "date_precision": "day", "date_text": None,
                    "date_source": "article"}
        return {"date": None, "date_precision": None, "date_text": None, "date_source": None}

    # --- output -----------------------------------------------------------------------------

    def _emit(self, found: _Found, sentence: Sentence) -> list[dict[str, Any]]:
        sources, targets = found.sources, found.targets
        sources = self._one_per_country([a for a in sources if a.code or a.country])
        targets = self._one_per_country([self._capital_government(a, found.pattern.code)
                                         for a in targets if a.code or a.country])
        if found.pattern.code[:2] in OWN_FORCE_ROOTS:
            # "agreed to withdraw troops", "deployed soldiers": forces with no owner named,
            # moved by the subject, are its own, not a party.
            targets = [t for t in targets if not (t.type == "agent" and t.country is None
                                                  and t.sector in ARMED_SECTORS)]
        homeless = self.require != "dyad" and any(self._homeless(a) for a in sources + targets)
        home = self._home(found, sentence) if homeless else None
        if homeless and home is None:
            # "The junta rejected talks with the opposition": facing a country's own
            # authorities, unnamed opposition, police or students are that country's.
            home = self._authority_country(sources, targets)
        if home is not None:
            # "Police dispersed farmers in Nairobi": unnamed police, farmers, students or
            # protesters acting in a country are that country's, with less confidence.
            # PETRARCH leaves them without a country, so the comparison mode does too.
            sources = [self._at_home(a, home) for a in sources]
            if not found.pattern.code.startswith(EXPULSION):
                # Those expelled, deported or extradited are no people of the country doing it.
                targets = [self._at_home(a, home) for a in targets]
        if not sources and targets and self.require == "dyad" \
                and found.pattern.code[:2] in VIOLENT_ROOTS:
            # PETRARCH reads "soldiers of Rohan were killed in Gondor" as Gondor's deed: with no
            # doer named, the country where foreigners were harmed stands in.
            where = self._location_entity(found, sentence, {a.entity for a in targets if a.entity})
            if where is not None and where[1] == "attached" and where[0].country \
                    and all(t.country and t.country != where[0].country for t in targets):
                sources = [self._place_actor(where[0], sentence, confidence=0.5)]
        if not sources and (self.require != "any" or not targets):
            return []
        code = self.codebook.nearest(found.pattern.code)
        if code is None:
            return []
        if code.code.startswith("182") and any((t.sector or "") in ARMED_SECTORS for t in targets):
            # CAMEO's assault (18) is unconventional violence; killing or wounding soldiers or
            # fighters is fighting with military force (19).
            code = self.codebook.get("190") or code
        elif code.code in RIOT_CODES and sources and all(self._protesters(a) for a in sources):
            # "Protesters stormed the parliament", "demolished a building": a protest's violence
            # is a riot (145), though weapons of war ("launched missiles") stay what they are.
            code = self.codebook.get("145") or code
        elif code.code == "183" and any((a.sector or "").startswith("MIL") or a.type == "country"
                                        for a in sources):
            # 183 is non-military bombing; an army's or a state's bombing is aerial weapons (195).
            code = self.codebook.get("195") or code
        shared = (code.root in SHARED_ROOTS and code.code[:3] not in UNSHARED_CODES) \
            or found.pattern.mutual or found.each_other or self._exchange(found)
        pairs: list[tuple[Actor | None, Actor | None, bool]] = []
        # "held talks with Y" is shared; "X met with Y", told with X as the doer, is X's act.
        # "held talks with Y" names the shared event with a light verb, as the noun does.
        nominal = found.nominal or any(word in self.lexicon.nouns for word in found.pattern.words)
        with_target = nominal and any(self._introduced_by(t, "with") for t in targets)
        mutual = found.between or (found.pattern.mutual and (with_target or not targets))
        if shared and len({source.country for source in sources}) >= 2:
            # "American and Russian delegations met in the Saudi capital": parties of several
            # countries meeting somewhere act with each other; the place is the venue.
            targets = [target for target in targets
                       if not (target.type in ("country", "place")
                               and self._introduced_by(target, PLACE_PREPOSITIONS))]
        if not targets and len(sources) >= 2 and (shared or self._shared_object(found)):
            # "Gondor and Osgiliath renewed ties", "X and Y postponed their meeting": parties
            # named together, with no one else, cooperate with each other.
            mutual = True
        if mutual and len(sources) >= 2 and not targets:
            for left in range(len(sources)):
                for right in range(left + 1, len(sources)):
                    pairs.append((sources[left], sources[right], True))
        else:
            no_actor: list[Actor | None] = [None]
            for source in sources or no_actor:
                for target in targets or no_actor:
                    if source is not None and target is not None and source.identity == target.identity:
                        continue
                    pairs.append((source, target, mutual and source is not None and target is not None))
        if not pairs:
            return []
        negated, modality, intent_word = self._modality(found)
        action = code
        # "The meeting did not take place" did not happen; no one is said to have refused it.
        happening = found.nominal and self.tokens[found.anchor].dep in ("nsubj", "nsubjpass")
        if negated and code.quad_class <= 2 and not self._denied(found) and not happening:
            code = self._recode(code.code, REFUSAL_CODES) or code
        elif modality == "intended" and intent_word in INTENT_RECODING:
            code = self._recode(code.code, INTENT_CODES) or code
        elif modality in ("future", "hypothetical") and self._own_announcement(found):
            # "Gondor said it would release the detainees": CAMEO codes a party's statement of
            # what it will do as an intent (03x, or 13x for violence), not as the act.
            code = self._recode(code.code, INTENT_CODES) or code
        date = self._date(found, sentence, future=modality in ("future", "intended")
                          or (modality in ("factual", "reported") and self._scheduled(found)))
        if modality in ("factual", "reported") and self._ahead(date["date"]):
            # "flies to Beijing next week": dated after the report, it has not happened yet.
            modality = "future"
        sentence_span = _span(self.text, sentence.start, sentence.end)
        trigger_tokens = sorted(found.trigger)
        trigger_text = " ".join(self.tokens[i].text for i in trigger_tokens)
        results = []
        if all(target is None for _, target, _ in pairs):
            # CAMEO codes the country where an undirected action happens as its target:
            # "protested in Beijing", "conducting exercises in Alaska"; the venue of an event
            # noun ("talks in Vienna") is only where it happens, unless going there is the
            # event (a visit, hosting, attending a summit).
            where = self._location_entity(found, sentence, {a.entity for a in sources if a.entity})
            # Cooperation done somewhere ("signed an agreement in Geneva") is not aimed at it.
            # An appeal or a demand for something somewhere ("a truce in Sudan") is aimed at
            # that country, even where the thing called for is an event noun with a venue.
            if where is not None and where[1] == "attached" and where[0].country \
                    and (action.code[:3] in UNSHARED_CODES or action.root in CALLING_ROOTS or (
                        action.root not in SHARED_ROOTS and not self._event_venue(where[0], sentence))):
                place, _ = where
                target_actor = self._place_actor(place, sentence, confidence=0.6)
                placed: list[tuple[Actor | None, Actor | None, bool]] = [
                    (source, target_actor, False) for source, _, _ in pairs
                    if source is None or source.country != place.country]
                # "Georgians rallied in Tbilisi": at home the place is no other party, and the
                # action stays without a target.
                pairs = placed or pairs
        if self.require == "dyad":
            if all(target is None for _, target, _ in pairs):
                # PETRARCH takes the first actor after the verb: "attend a summit on the unrest
                # in Iran" is aimed at Iran. Only the country named inside the object counts.
                inner = self._object_country(found, {a.entity for a in sources if a.entity})
                if inner is not None:
                    pairs = [(source, inner, False) for source, _, _ in pairs
                             if source is None or source.country != inner.country]
            # PETRARCH's convention: an event needs both a source and a target.
            pairs = [pair for pair in pairs if pair[0] is not None and pair[1] is not None]
            if not pairs:
                return []
        own = len(pairs)
        reciprocal = self.codebook.get(found.pattern.reciprocal) if found.pattern.reciprocal else None
        if reciprocal is not None:
            # "flew to Edoras": a visit by the source is a visit hosted by the target.
            pairs += [(target, source, False) for source, target, is_mutual in list(pairs)
                      if source is not None and target is not None and not is_mutual]
        for number, (source, target, is_mutual) in enumerate(pairs):
            event_code = reciprocal if reciprocal is not None and number >= own else code
            used = {a.entity for a in (source, target) if a is not None and a.entity}
            location = self._location(found, sentence, used)
            confidence = CONFIDENCE_BASE + CONFIDENCE_PER_WORD * min(2, found.pattern.specificity)
            for actor in (source, target):
                if actor is not None:
                    confidence += CONFIDENCE_PER_ACTOR * actor.confidence
                    if actor.resolved_pronoun:
                        confidence -= CONFIDENCE_PRONOUN
            if found.nominal:
                confidence -= CONFIDENCE_NOMINAL
            evidence = [sentence_span] + [_span(self.text, self.tokens[i].start, self.tokens[i].end)
                                          for i in trigger_tokens + found.extra_evidence]
            evidence += [_span(self.text, a.start, a.end) for a in (source, target) if a is not None]
            plover = event_code.plover
            event: dict[str, Any] = {
                "id": "",
                "key": "",
                "sentence": sentence.index,
                "source": source.as_dict() if source else None,
                "target": target.as_dict() if target else None,
                "mutual": is_mutual,
                "cameo": event_code.code,
                "cameo_name": event_code.name,
                "action": action.code if number < own else event_code.code,
                "root": event_code.root,
                "base": event_code.base,
                "quad_class": event_code.quad_class,
                "quad_class_name": QUAD_CLASSES[event_code.quad_class],
                "goldstein": event_code.goldstein,
                "plover": {"event": plover.event, "mode": plover.mode, "context": plover.context}
                if plover else None,
                "location": location,
                **date,
                "negated": negated,
                "modality": modality,
                "factual": modality == "factual" and not negated,
                "trigger": trigger_text,
                "nominal": found.nominal,
                "evidence": _dedupe_spans(evidence),
                "confidence": round(max(0.05, min(CONFIDENCE_CEILING, confidence)), 3),
            }
            event["key"] = event_key(event)
            results.append(event)
        return results

    def _own_announcement(self, found: _Found) -> bool:
        """Whether the event is reported by its own source: "X said it would ..."."""
        for verb, relation in self._clause_chain(self.tokens[found.anchor])[:4]:
            if relation in ("xcomp", "conj", "aux"):
                continue
            if relation != "ccomp" or verb.lemma.lower() not in SPEECH:
                return False
            speakers = [a for c in self.children.get(verb.i, []) if c.dep in SUBJECTS
                        for a in self._actors(c)]
            identities = {a.identity for a in speakers} | {a.country for a in speakers if a.country}
            return bool(speakers) and all(
                a.identity in identities or (a.resolved_pronoun and a.country in identities)
                for a in found.sources)
        return False

    def _one_per_country(self, targets: list[Actor]) -> list[Actor]:
        """"bombed a district of Gondor's capital Minas Tirith" is one attack on Gondor: a place that only
        repeats the country of another target of the same phrase is not a second target; places
        named side by side ("Pelargir and Dol Amroth") stay separate targets."""
        kept: list[Actor] = []
        for actor in targets:
            repeated = actor.country is not None and actor.code == actor.country and any(
                other.country == actor.country for other in kept) and not self._coordinated(actor)
            if repeated:
                continue
            if actor.country is not None and not self._coordinated(actor):
                # A bare place named first gives way to a fuller actor of the same country.
                kept = [other for other in kept if not (
                    other.code == other.country == actor.country and actor.code != actor.country
                    and not self._coordinated(other))]
            kept.append(actor)
        return kept

    def _coordinated(self, actor: Actor) -> bool:
        token = self._phrase_head(actor.start, ("compound", "amod", "poss"))
        if token is None:
            return False
        return token.dep == "conj" or any(child.dep == "conj" for child in self.children.get(token.i, []))

    def _shared_object(self, found: _Found) -> bool:
        """Whether the action's object is an event the subjects share: "postponed their meeting"."""
        for child in self.children.get(found.anchor, []):
            if child.dep == "dobj" and child.lemma.lower() in self.lexicon.nouns and any(
                    grandchild.dep == "poss" and grandchild.lemma.lower() in ("their", "they")
                    for grandchild in self.children.get(child.i, [])):
                return True
        return False

    def _exchange(self, found: _Found) -> bool:
        """Whether the action is an exchange, done by each party to the other: "swapped prisoners"."""
        return any(self.tokens[i].lemma.lower() in EXCHANGE_WORDS for i in found.trigger)

    def _recode(self, code: str, table: dict[str, str]) -> EventCode | None:
        for key in (code, code[:3], code[:2]):
            if key in table:
                return self.codebook.get(table[key])
        return None

    def _introduced_by(self, actor: Actor, preposition: str | frozenset[str]) -> bool:
        """Whether a preposition (one of several) governs the actor's phrase."""
        wanted = frozenset({preposition}) if isinstance(preposition, str) else preposition
        index = self.token_at_start.get(actor.start)
        if index is None:
            return False
        token = self.tokens[index]
        for _ in range(4):
            if token.head == token.i:
                return False
            head = self.tokens[token.head]
            if head.lemma.lower() in wanted:
                return True
            if token.dep not in ("conj", "compound", "amod", "pobj", "poss", "nmod"):
                return False
            token = head
        return False

    def _text(self, token: Token) -> str:
        return self.text[token.start:token.end]


def event_key(event: dict[str, Any]) -> str:
    """The key that makes reports of one event one event: actors, root code, day and place.

    A shared action ("X and Y met") has the same key whichever actor is named first.
    """
    def actor(side: dict[str, Any] | None) -> str:
        if not side:
            return "-"
        return str(side.get("code") or side.get("name") or "-")

    left, right = actor(event.get("source")), actor(event.get("target"))
    if event.get("mutual"):
        left, right = sorted((left, right))
    location = event.get("location") or {}
    place = str(location.get("name") or location.get("country") or "-")
    day = str(event.get("date") or "-")
    parts = [left, right, str(event.get("root") or "-"), day, place,
             "neg" if event.get("negated") else str(event.get("modality") or "factual")]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def _without_echoes(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop an event that another of the sentence tells more fully: the same source and root,
    but no target ("met with Assad to discuss ..." is one meeting, not a meeting and a talk)."""
    def side(event: dict[str, Any], name: str) -> str | None:
        value = event.get(name)
        return str(value.get("code") or value.get("name")) if value else None

    kept = []
    told: set[tuple[Any, ...]] = set()
    for event in events:
        # "The US commander, General X, held talks": a title and a name are one party.
        telling = (side(event, "source"), side(event, "target"), event.get("cameo"),
                   event.get("trigger"))
        # "killed twelve rebels in clashes": one fight told by a verb and a noun.
        fight = (side(event, "source"), side(event, "target"), str(event.get("root")), "force") \
            if str(event.get("root")) in ASSAULT_ROOTS else None
        if telling in told or fight in told:
            continue
        told.add(telling)
        if fight is not None:
            told.add(fight)
        if event.get("target") is None and any(
                other is not event and other.get("target") is not None
                and side(other, "source") == side(event, "source")
                and other.get("root") == event.get("root") for other in events):
            continue
        kept.append(event)
    return kept


def _country_of(code: str | None) -> str | None:
    if not code or len(code) < 3:
        return None
    prefix = code[:3]
    if prefix in ("IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT", "---"):
        return None
    from newsgraph.knowledge import SECTORS

    return None if prefix in SECTORS else prefix


def _place_dict(entity: Entity, how: str) -> dict[str, Any]:
    geo = entity.geo
    return {"entity": entity.id, "name": geo.name if geo else entity.name,
            "country": (geo.country if geo else None) or entity.country,
            "lat": geo.lat if geo else None, "lon": geo.lon if geo else None,
            "feature": geo.feature if geo else entity.type, "how": how}


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _dedupe_spans(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[int, int]] = set()
    kept = []
    for span in spans:
        key = (span["start"], span["end"])
        if key not in seen:
            seen.add(key)
            kept.append(span)
    return kept


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    kept = []
    for actor in actors:
        if actor.identity not in seen:
            seen.add(actor.identity)
            kept.append(actor)
    return kept

