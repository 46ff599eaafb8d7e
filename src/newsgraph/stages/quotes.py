"""Quotes: who said what, to whom and in which words, with speakers resolved to entities."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from newsgraph.datafiles import read_data_file
from newsgraph.errors import ConfigError, Messages
from newsgraph.knowledge import Knowledge
from newsgraph.schema import Draft, Entity, Parse, Token
from newsgraph.settings import Settings
from newsgraph.stages import Stage, register

QuoteKind = Literal["direct", "indirect", "mixed", "according-to"]
STANCES: Final = ("neutral", "assertive", "denial", "accusation", "warning", "promise")
LEXICON_SECTIONS: Final = ("verbs", "cognition", "nouns", "phrases", "media", "not_speakers")
LIST_SECTIONS: Final = ("media", "not_speakers")
EXTRACTORS: Final = ("rules", "crf")

SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})
CLAUSES: Final = frozenset({"ccomp"})
# Verbs whose infinitive object is what was said: "vowed to retaliate", "urged Kyiv to talk".
DIRECTIVE_STANCES: Final = frozenset({"promise", "warning"})
DIRECTIVE_VERBS: Final = frozenset({"urge", "demand", "ask", "tell", "call", "claim", "deny"})
INHERITS_SUBJECT: Final = frozenset({"advcl", "xcomp", "conj", "pcomp"})
RELATIVE: Final = frozenset({"who", "that", "which"})
PERSON_PRONOUNS: Final = frozenset({"he", "she"})
GROUP_PRONOUNS: Final = frozenset({"they", "it"})
ANONYMOUS_DETERMINERS: Final = frozenset({"a", "an", "one", "some", "several", "two", "three",
                                          "many", "other", "another"})
ANONYMOUS_WORDS: Final = frozenset({"source", "sources", "official", "officials", "people",
                                    "person", "aide", "aides", "diplomat", "diplomats", "insider"})
SPEAKER_TYPES: Final = frozenset({"person", "organisation", "country", "group"})
PRONOUN_WINDOW: Final = 4
"""How many sentences back a pronoun looks for the entity it stands for."""
FRAGMENT_TOKENS: Final = 6
"""A quotation shorter than this with no cue of its own is a scare quote or a title, not a quote."""

OPENING_MARKS: Final = frozenset({"“", "«", "„"})
CLOSING_MARKS: Final = frozenset({"”", "»"})
_MARKS: Final = re.compile(r"''|[“”«»„\"]|\n\n")
STRAIGHT_MARKS: Final = frozenset({'"', "''"})
"""Marks that both open and close; wire copy writes two apostrophes for one double mark."""

_EDGE: Final = "“”«»„\"'.,;:!? \n"
CONFIDENCE: Final[Mapping[str, float]] = {"direct": 0.9, "indirect": 0.8, "mixed": 0.8,
                                           "according-to": 0.85}


# --- the cue lexicon ------------------------------------------------------------------------


@dataclass(frozen=True)
class CueLexicon:
    """Cue verbs, claim nouns, fixed phrases and media nouns, each cue with a default stance."""

    verbs: Mapping[str, str]
    cognition: Mapping[str, str]
    nouns: Mapping[str, str]
    phrases: Mapping[str, str]
    media: frozenset[str]
    not_speakers: frozenset[str] = frozenset()
    """Nouns naming events and processes: "the round would show how ..." is no statement."""

    @classmethod
    def load(cls, path: str | Path | None = None) -> CueLexicon:
        """Read and check a cue file; the built-in ``data/cues.yaml`` when ``path`` is None."""
        if path is None:
            name = "newsgraph/data/cues.yaml"
            text = resources.files("newsgraph").joinpath("data/cues.yaml").read_text("utf-8")
        else:
            name = str(path)
            text = read_data_file(path)
        return _read_lexicon(name, text)

    def verb_stance(self, lemma: str) -> str | None:
        """The default stance of a cue verb or cognition verb, None if it is not a cue."""
        return self.verbs.get(lemma) or self.cognition.get(lemma)


def _read_lexicon(name: str, text: str) -> CueLexicon:
    def fail(line: int, detail: str) -> ConfigError:
        return ConfigError(Messages.DICTIONARY_SYNTAX, path=name, line=line, detail=detail)

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise fail(mark.line + 1 if mark else 1,
                   Messages.DICTIONARY_YAML.format(problem=getattr(error, "problem", error))) from None
    if root is None:
        raise fail(1, Messages.DICTIONARY_EMPTY.format(expected="sections " + ", ".join(LEXICON_SECTIONS)))
    if not isinstance(root, yaml.MappingNode):
        raise fail(root.start_mark.line + 1, Messages.DICTIONARY_WRONG_TYPE.format(
            what="the cue file", expected="a mapping", found="a list or a value"))
    sections: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key not in LEXICON_SECTIONS:
            raise fail(line, Messages.DICTIONARY_UNKNOWN_KEY.format(
                key=key, what="the cue file", choices=", ".join(LEXICON_SECTIONS)))
        if key in sections:
            raise fail(line, Messages.DICTIONARY_REPEATED_KEY.format(key=key, what="the cue file"))
        if key in LIST_SECTIONS:
            if not isinstance(value_node, yaml.SequenceNode):
                raise fail(line, Messages.DICTIONARY_WRONG_TYPE.format(
                    what=key, expected="a list of nouns", found="something else"))
            sections[key] = frozenset(str(item.value).lower() for item in value_node.value)
            continue
        if not isinstance(value_node, yaml.MappingNode):
            raise fail(line, Messages.DICTIONARY_WRONG_TYPE.format(
                what=key, expected="a mapping of cue -> stance", found="something else"))
        entries: dict[str, str] = {}
        for cue_node, stance_node in value_node.value:
            cue = str(cue_node.value).lower()
            stance = str(stance_node.value)
            cue_line = cue_node.start_mark.line + 1
            if cue in entries:
                raise fail(cue_line, Messages.DICTIONARY_REPEATED_KEY.format(key=cue, what=key))
            if stance not in STANCES:
                raise fail(cue_line, Messages.DICTIONARY_UNKNOWN_VALUE.format(
                    value=stance, what=f"stance of '{cue}'", choices=", ".join(STANCES)))
            entries[cue] = stance
        sections[key] = entries
    return CueLexicon(verbs=sections.get("verbs", {}), cognition=sections.get("cognition", {}),
                      nouns=sections.get("nouns", {}), phrases=sections.get("phrases", {}),
                      media=sections.get("media", frozenset()),
                      not_speakers=sections.get("not_speakers", frozenset()))


# --- quotation marks --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quotation:
    """Text between quotation marks, marks included; ``closed`` is False where the closing mark
    is missing and the quotation was ended at the paragraph's end. ``continues`` is the index of
    the quotation this one carries on across a paragraph break (news style reopens the marks at
    each new paragraph of a long quote and closes them only at its end)."""

    start: int
    end: int
    closed: bool
    continues: int | None = None


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of the text, in order, in one pass: never longer than a paragraph each."""
    found: list[Quotation] = []
    open_at: int | None = None
    chain: int | None = None
    cut: int | None = None
    paragraph_start = 0
    for match in _MARKS.finditer(text):
        mark = match.group()
        position = match.start()
        if mark == "\n\n":
            cut = None
            if open_at is not None:
                found.append(Quotation(open_at, _trim_end(text, position), False, chain))
                cut = len(found) - 1
                open_at = None
            paragraph_start = match.end()
            continue
        straight = mark in STRAIGHT_MARKS
        opening = mark in OPENING_MARKS or (straight and open_at is None)
        if straight and opening and position > paragraph_start \
                and not text[position - 1].isspace() and text[position - 1] not in "([{—–-":
            continue  # a straight mark glued to a word is an inch sign or a stray, not an opening
        if opening:
            if open_at is not None:
                found.append(Quotation(open_at, _trim_end(text, position), False, chain))
            chain = cut if position == paragraph_start else None
            open_at = position
        elif open_at is not None:
            found.append(Quotation(open_at, match.end(), True, chain))
            open_at = None
    if open_at is not None:
        found.append(Quotation(open_at, _trim_end(text, len(text)), False, chain))
    return [quotation for quotation in found if quotation.end > quotation.start + 1]


def snap_to_quotations(content: Sequence[tuple[int, int]], quotations: Sequence[Quotation],
                       text: str) -> list[tuple[int, int]]:
    """Content ranges with an edge that falls a mark or a comma away from the edge of a quotation
    it overlaps moved onto that edge: a quotation is quoted whole, marks included."""
    snapped = []
    for start, end in content:
        first = bisect.bisect_left([q.end for q in quotations], start + 1)
        for quotation in quotations[first:]:
            if quotation.start >= end:
                break
            low, high = sorted((start, quotation.start))
            if not text[low:high].strip(_EDGE):
                start = quotation.start
            low, high = sorted((end, quotation.end))
            if not text[low:high].strip(_EDGE):
                end = quotation.end
        snapped.append((start, end))
    return snapped


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


# --- attributions -------------------------------------------------------------------------


@dataclass(slots=True)
class Attribution:
    """One attribution as token and character ranges, before it is described for the Analysis.

    ``source`` and ``medium`` are half-open token ranges; ``content`` holds character ranges
    (several where the content is discontinuous); ``cue`` holds token indices.
    """

    kind: QuoteKind
    cue: list[int]
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    stance: str = "neutral"
    medium: tuple[int, int] | None = None
    addressee: tuple[int, int] | None = None
    confidence: float = 0.8
    continued: bool = False
    """A quotation with no cue of its own, in the voice of the speaker quoted just before."""


@dataclass(slots=True)
class _Candidate:
    verb: int
    source: tuple[int, int] | None
    clause: list[int] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    stance: str = "neutral"
    clause_kind: str = "clause"


def speech_details(parse: Parse, text: str, lexicon: CueLexicon
                   ) -> Callable[[int], tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """For a cue verb of the article, the medium ("in an interview with X") and the addressee
    ("told reporters") the parse gives it, as half-open token ranges."""
    readers: list[_Reader] = []

    def details(verb: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        if not readers:  # built on the first question only: most cues match the rules' own
            readers.append(_Reader(parse, text, lexicon))
        return readers[0].medium(verb), readers[0].addressee(verb)

    return details


class _Reader:
    """Finds the attributions of one parsed article with rules over the dependency parse."""

    def __init__(self, parse: Parse, text: str, lexicon: CueLexicon) -> None:
        self.parse = parse
        self.tokens = parse.tokens
        self.text = text
        self.lexicon = lexicon
        self.children: list[list[int]] = [[] for _ in self.tokens]
        for token in self.tokens:
            if token.head != token.i:
                self.children[token.head].append(token.i)
        self._starts = [token.start for token in self.tokens]
        self.quotations = find_quotations(text)
        self.groups = _groups(self.quotations)
        self.inside = self._token_quotations()
        self.paragraph_of = self._paragraphs()

    # --- shared helpers ------------------------------------------------------------------

    def _token_quotations(self) -> list[int]:
        """For each token, the group of the quotation it lies in, or -1."""
        inside = [-1] * len(self.tokens)
        group_of = {}
        for number, group in enumerate(self.groups):
            for index in group:
                group_of[index] = number
        for index, quotation in enumerate(self.quotations):
            first = bisect.bisect_left(self._starts, quotation.start)
            last = bisect.bisect_left(self._starts, quotation.end)
            for i in range(first, last):
                inside[i] = group_of[index]
        return inside

    def _paragraphs(self) -> list[int]:
        breaks = [match.start() for match in re.finditer("\n\n", self.text)]
        return [bisect.bisect_left(breaks, token.start) for token in self.tokens]

    def subtree(self, root: int, skip: frozenset[str] = frozenset()) -> list[int]:
        found = [root]
        stack = [root]
        while stack:
            for child in self.children[stack.pop()]:
                if self.tokens[child].dep in skip:
                    continue
                found.append(child)
                stack.append(child)
        found.sort()
        return found

    def runs(self, indices: Sequence[int]) -> list[tuple[int, int]]:
        """Contiguous character ranges of a set of tokens, punctuation trimmed at the edges."""
        ranges: list[tuple[int, int]] = []
        run: list[int] = []
        for i in sorted(indices):
            if run and i != run[-1] + 1:
                ranges.extend(self._trimmed(run))
                run = []
            run.append(i)
        if run:
            ranges.extend(self._trimmed(run))
        return ranges

    def _trimmed(self, run: list[int]) -> list[tuple[int, int]]:
        tokens = self.tokens
        first, last = 0, len(run)
        while first < last and tokens[run[first]].pos == "PUNCT" and self.inside[run[first]] < 0:
            first += 1
        while last > first and tokens[run[last - 1]].pos == "PUNCT" \
                and self.inside[run[last - 1]] < 0:
            last -= 1
        if first >= last:
            return []
        return [(tokens[run[first]].start, tokens[run[last - 1]].end)]

    def token_range(self, indices: Sequence[int]) -> tuple[int, int] | None:
        kept = [i for i in indices if self.tokens[i].pos != "PUNCT"]
        if not kept:
            return None
        return (min(kept), max(kept) + 1)

    # --- reading --------------------------------------------------------------------------

    def attributions(self) -> list[Attribution]:
        candidates = self._candidates()
        by_verb = {candidate.verb: candidate for candidate in candidates}
        attached: dict[int, int] = {}
        for number, group in enumerate(self.groups):
            verb = self._owner(number, candidates)
            if verb is not None:
                by_verb[verb].quotes.append(number)
                attached[number] = verb
        for number in range(len(self.groups)):
            if number in attached:
                continue
            previous = self._interrupted(number, attached)
            if previous is not None:
                by_verb[previous].quotes.append(number)
                attached[number] = previous
        found: list[Attribution] = []
        index_of: dict[int, int] = {}
        for candidate in sorted(candidates, key=lambda c: c.verb):
            attribution = self._build(candidate)
            if attribution is not None:
                index_of[candidate.verb] = len(found)
                found.append(attribution)
        found.extend(self._according_to())
        found.extend(self._unattributed(attached, index_of, found))
        return found

    def _candidates(self) -> list[_Candidate]:
        candidates = []
        for token in self.tokens:
            if self.inside[token.i] >= 0 or token.pos not in ("VERB", "AUX"):
                continue
            lemma = token.lemma.lower()
            stance = self.lexicon.verb_stance(lemma)
            if stance is None or token.dep in ("amod", "compound", "acomp"):
                continue
            if lemma == "point" and not any(self.tokens[c].text.lower() == "out"
                                            for c in self.children[token.i]):
                continue
            source = self._source(token.i)
            candidate = _Candidate(verb=token.i, source=source, stance=stance)
            clause = self._clause(token, candidate)
            candidate.clause = clause
            if source is None and not clause:
                continue
            candidates.append(candidate)
        return candidates

    def _source(self, verb: int) -> tuple[int, int] | None:
        index = verb
        for _ in range(4):
            token = self.tokens[index]
            for child in self.children[index]:
                dep = self.tokens[child].dep
                if dep == "agent":
                    objects = [c for c in self.children[child] if self.tokens[c].dep == "pobj"]
                    if objects:
                        return self._noun_phrase(objects[0])
            for child in self.children[index]:
                if self.tokens[child].dep in SUBJECTS:
                    subject = self.tokens[child]
                    if subject.dep == "nsubjpass" and self.lexicon.verb_stance(
                            self.tokens[index].lemma.lower()) is not None \
                            and self.tokens[index].lemma.lower() != "quote":
                        return None  # "he was told that": the subject is the hearer
                    if subject.lemma.lower() in RELATIVE and token.dep == "relcl":
                        return self._noun_phrase(token.head)
                    if subject.text.lower() in ("it", "there"):
                        return None
                    return self._noun_phrase(child)
            if token.dep not in INHERITS_SUBJECT or token.head == index:
                return None
            index = token.head
        return None

    def _noun_phrase(self, head: int) -> tuple[int, int] | None:
        indices = [i for i in self.subtree(head, frozenset({"relcl", "acl", "punct", "cc", "conj"}))
                   if self.inside[i] < 0]
        # An apposition of the speaker is part of how the text names them; what follows is not.
        return self.token_range([i for i in indices if abs(i - head) < 40])

    def _clause(self, verb: Token, candidate: _Candidate) -> list[int]:
        children = self.children[verb.i]
        for child in children:
            if self.tokens[child].dep in CLAUSES:
                return self.subtree(child)
        lemma = verb.lemma.lower()
        for child in children:
            token = self.tokens[child]
            if token.dep == "dobj" and token.lemma.lower() in self.lexicon.nouns:
                # "dismissed claims that ...": the claim's clause, or the claim itself.
                for grandchild in self.children[child]:
                    if self.tokens[grandchild].dep in ("acl", "ccomp", "relcl") and any(
                            self.tokens[g].dep == "mark" for g in self.children[grandchild]):
                        candidate.clause_kind = "claim"
                        return self.subtree(grandchild)
                if self.lexicon.verbs.get(lemma) == "denial":
                    candidate.clause_kind = "claim"
                    return self.subtree(child)
            if token.dep == "xcomp" and (candidate.stance in DIRECTIVE_STANCES
                                         or lemma in DIRECTIVE_VERBS):
                return self.subtree(child)
            if token.dep == "prep" and lemma == "call" and token.text.lower() == "for":
                return self.subtree(child)[1:]
        if verb.dep == "parataxis" and lemma in self.lexicon.verbs and verb.head != verb.i:
            # "The talks will continue, he said": the sentence around the attribution.
            own = set(self.subtree(verb.i))
            candidate.clause_kind = "parataxis"
            return [i for i in self.subtree(verb.head) if i not in own]
        return []

    def _owner(self, group: int, candidates: list[_Candidate]) -> int | None:
        """The cue verb a quotation belongs to: one whose clause holds it, else the nearest
        speech verb with a speaker in the sentences where the quotation starts or ends."""
        parts = [self.quotations[i] for i in self.groups[group]]
        start, end = parts[0].start, parts[-1].end
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end) - 1
        if first >= len(self.tokens) or last < first:
            return None
        for candidate in candidates:
            if candidate.clause and candidate.clause[0] <= first and last <= candidate.clause[-1] \
                    and candidate.source is not None and candidate.clause_kind != "claim":
                return candidate.verb
        sentences = {self.tokens[first].sentence, self.tokens[last].sentence}
        paragraph = {self.paragraph_of[first], self.paragraph_of[last]}
        after = self.tokens[last].sentence + 1
        if after < len(self.parse.sentences):
            sentence = self.parse.sentences[after]
            if sentence.first_token < len(self.tokens) and self.inside[sentence.first_token] < 0:
                sentences.add(after)
        best: tuple[int, int] | None = None
        for candidate in candidates:
            verb = self.tokens[candidate.verb]
            if verb.sentence not in sentences or candidate.source is None \
                    or self.paragraph_of[verb.i] not in paragraph \
                    or verb.lemma.lower() not in self.lexicon.verbs:
                continue
            if candidate.clause_kind != "parataxis" and self._unquoted(candidate.clause) > 2 \
                    and not any(self.inside[i] == group for i in candidate.clause):
                continue  # the verb has an indirect content of its own elsewhere
            distance = min(abs(verb.i - first), abs(verb.i - last))
            if best is None or distance < best[0]:
                best = (distance, candidate.verb)
        return best[1] if best else None

    def _unquoted(self, indices: Sequence[int]) -> int:
        return sum(1 for i in indices if self.inside[i] < 0 and self.tokens[i].pos != "PUNCT")

    def _interrupted(self, group: int, attached: dict[int, int]) -> int | None:
        """'"…," he said, "…"': a quotation right after an attribution, in its sentence or the
        next, carries on the quotation before it."""
        if group == 0 or group - 1 not in attached:
            return None
        verb = attached[group - 1]
        previous_end = self.quotations[self.groups[group - 1][-1]].end
        start = self.quotations[self.groups[group][0]].start
        between = self.text[previous_end:start]
        if "\n\n" in between or len(between) > 120 or not (previous_end <= self.tokens[verb].start < start):
            return None
        return verb

    def _build(self, candidate: _Candidate) -> Attribution | None:
        verb = self.tokens[candidate.verb]
        cue = [verb.i] + [c for c in self.children[verb.i]
                          if self.tokens[c].dep in ("aux", "neg", "prt") and self.inside[c] < 0]
        cue.sort()
        quoted: list[tuple[int, int]] = []
        for group in candidate.quotes:
            quoted.extend((self.quotations[i].start, self.quotations[i].end) for i in self.groups[group])
        clause = [i for i in candidate.clause if i != verb.i]
        outside = [i for i in clause if self.inside[i] < 0 and self.tokens[i].pos != "PUNCT"]
        if quoted and len(outside) <= 2:
            kind: QuoteKind = "direct"
            content = sorted(quoted)
            before = bisect.bisect_left(self._starts, content[0][0]) - 1
            if verb.i < before <= verb.i + 3 and self.tokens[before].text.lower() == "that" \
                    and self.inside[before] < 0:
                # 'said that "…"': the complementiser belongs to the content.
                content[0] = (self.tokens[before].start, content[0][1])
        elif clause:
            kind = "mixed" if any(self.inside[i] >= 0 for i in clause) else "indirect"
            content = self.runs(clause)
            covered = [(s, e) for s, e in quoted if not any(a <= s and e <= b for a, b in content)]
            content = sorted(content + covered)
        else:
            return None
        if not content or candidate.source is None:
            return None
        if verb.lemma.lower() in self.lexicon.cognition and (
                kind == "direct" or self._names_no_speaker(candidate.source)):
            return None
        source = candidate.source
        stance = candidate.stance
        if candidate.clause_kind == "claim":
            stance = self.lexicon.verbs.get(verb.lemma.lower(), stance)
        confidence = CONFIDENCE[kind] * (0.9 if candidate.clause_kind == "parataxis" else 1.0)
        return Attribution(kind=kind, cue=cue, source=source, content=content, stance=stance,
                           medium=self.medium(verb.i), addressee=self.addressee(verb.i),
                           confidence=round(confidence, 3))

    def _names_no_speaker(self, source: tuple[int, int]) -> bool:
        first, last = source
        heads = [t for t in self.tokens[first:last] if not first <= t.head < last or t.head == t.i]
        return any(t.pos == "NOUN" and t.lemma.lower() in self.lexicon.not_speakers for t in heads)

    def medium(self, verb: int) -> tuple[int, int] | None:
        for child in self.children[verb]:
            token = self.tokens[child]
            if token.dep != "prep" or token.lemma.lower() not in ("in", "on", "to", "during", "at"):
                continue
            for pobj in self.children[child]:
                if self.tokens[pobj].dep == "pobj" and self._is_medium(pobj):
                    # A clause the parser hung on the medium is the content, not the medium.
                    return self.token_range(self.subtree(pobj, frozenset({"relcl", "acl"})))
        return None

    def _is_medium(self, index: int) -> bool:
        token = self.tokens[index]
        if token.lemma.lower() in self.lexicon.media or token.text.lower() in self.lexicon.media:
            return True
        return any(self.tokens[c].dep == "compound" and self.tokens[c].lemma.lower()
                   in self.lexicon.media for c in self.children[index])

    def addressee(self, verb: int) -> tuple[int, int] | None:
        lemma = self.tokens[verb].lemma.lower()
        for child in self.children[verb]:
            token = self.tokens[child]
            if token.dep == "dative" or (token.dep == "dobj" and lemma in ("tell", "ask", "warn",
                                                                          "assure", "urge")):
                return self.token_range(self.subtree(child, frozenset({"relcl", "acl"})))
            if token.dep == "prep" and token.lemma.lower() == "to" and lemma in ("say", "speak"):
                for pobj in self.children[child]:
                    if self.tokens[pobj].dep == "pobj" and not self._is_medium(pobj):
                        return self.token_range(self.subtree(pobj))
        return None

    def _according_to(self) -> list[Attribution]:
        found = []
        for phrase, stance in self.lexicon.phrases.items():
            words = phrase.split()
            if len(words) != 2:
                continue
            for token in self.tokens:
                if token.text.lower() != words[0] or self.inside[token.i] >= 0:
                    continue
                following = [c for c in self.children[token.i] if self.tokens[c].text.lower() == words[1]]
                if not following:
                    continue
                objects = [c for c in self.children[following[0]] if self.tokens[c].dep == "pobj"]
                if not objects:
                    continue
                source = self._noun_phrase(objects[0])
                head = token.head if token.head != token.i else token.i
                phrase_tokens = set(self.subtree(token.i))
                sentence = self.parse.sentences[token.sentence]
                clause = [i for i in (self.subtree(head) if head != token.i else
                                      range(sentence.first_token, sentence.last_token))
                          if i not in phrase_tokens]
                content = self.runs(clause)
                if not content or source is None:
                    continue
                found.append(Attribution(kind="according-to", cue=[token.i, following[0]],
                                         source=source, content=content, stance=stance,
                                         confidence=CONFIDENCE["according-to"]))
        return found

    def _unattributed(self, attached: dict[int, int], index_of: dict[int, int],
                      found: list[Attribution]) -> list[Attribution]:
        """A long quotation with no cue of its own goes on in the voice of the last speaker
        quoted in the same or the previous paragraph."""
        extra: list[Attribution] = []
        covered = [(start, end) for attribution in found for start, end in attribution.content]
        for number, group in enumerate(self.groups):
            if number in attached:
                continue
            parts = [self.quotations[i] for i in group]
            start, end = parts[0].start, parts[-1].end
            if any(a <= start and end <= b for a, b in covered):
                continue
            first = bisect.bisect_left(self._starts, start)
            last = bisect.bisect_left(self._starts, end)
            words = [i for i in range(first, last) if self.tokens[i].pos != "PUNCT"]
            if len(words) < FRAGMENT_TOKENS:
                continue
            previous = [verb for g, verb in attached.items() if g < number
                        and verb in index_of
                        and self.paragraph_of[first] - self.paragraph_of[verb] in (0, 1)]
            if not previous:
                continue
            speaker = found[index_of[max(previous)]]
            extra.append(Attribution(kind="direct", cue=[], source=speaker.source,
                                     content=[(part.start, part.end) for part in parts],
                                     stance=speaker.stance, confidence=0.6, continued=True))
        return extra


def _groups(quotations: list[Quotation]) -> list[list[int]]:
    groups: list[list[int]] = []
    group_of: dict[int, int] = {}
    for index, quotation in enumerate(quotations):
        if quotation.continues is not None and quotation.continues in group_of:
            number = group_of[quotation.continues]
            groups[number].append(index)
        else:
            number = len(groups)
            groups.append([index])
        group_of[index] = number
    return groups


def extract_attributions(parse: Parse, text: str, lexicon: CueLexicon) -> list[Attribution]:
    """The attributions of one parsed article found by the rules, in text order."""
    if not parse.tokens:
        return []
    reader = _Reader(parse, text, lexicon)
    found = reader.attributions()
    for attribution in found:
        attribution.content = snap_to_quotations(attribution.content, reader.quotations, text)
    return sorted(found, key=lambda a: min([s for s, _ in a.content]))


# --- speakers -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Located:
    start: int
    end: int
    sentence: int
    entity: Entity
    label: str


class _Speakers:
    """Resolves a source noun phrase to an entity of the article where the text makes it
    unambiguous: a name or surname, a pronoun, an office ("the minister"); anonymous sources
    ("a senior official") are kept with the country and sector they reveal."""

    def __init__(self, parse: Parse, text: str, entities: Sequence[Entity],
                 knowledge: Knowledge | None, inside: Sequence[int]) -> None:
        self.parse = parse
        self.tokens = parse.tokens
        self.text = text
        self.knowledge = knowledge
        self.inside = inside
        self.mentions = sorted((_Located(m.start, m.end, m.sentence, entity, m.label)
                                for entity in entities for m in entity.mentions),
                               key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]

    def describe(self, source: tuple[int, int] | None) -> dict[str, Any]:
        if source is None:
            return {"entity": None, "name": None, "text": None, "anonymous": False,
                    "resolved_by": None, "country": None, "sector": None}
        first, last = source
        start, end = self.tokens[first].start, self.tokens[last - 1].end
        span = {"start": start, "end": end, "text": self.text[start:end]}
        head = self._head(first, last)
        token = self.tokens[head]
        found = self._named(start, end, head)
        resolved_by = "name"
        if found is None and token.pos == "PRON":
            found = self._pronoun(token)
            resolved_by = "pronoun"
        if found is None and token.pos == "NOUN":
            found = self._office(first, last, token)
            resolved_by = "title"
        if found is not None:
            return {"entity": found.id, "name": found.name, "text": span, "anonymous": False,
                    "resolved_by": resolved_by, "country": found.country, "sector": found.sector}
        anonymous = self._anonymous(first, last, token)
        country, sector = self._known_of(start, end, token) if anonymous else (None, None)
        name = None if anonymous or token.pos == "PRON" else span["text"]
        return {"entity": None, "name": name, "text": span, "anonymous": anonymous,
                "resolved_by": None, "country": country, "sector": sector}

    def _head(self, first: int, last: int) -> int:
        for i in range(first, last):
            if not first <= self.tokens[i].head < last or self.tokens[i].head == i:
                return i
        return last - 1

    def _named(self, start: int, end: int, head: int) -> Entity | None:
        token = self.tokens[head]
        inside = [m for m in self._between(start, end) if m.entity.type in SPEAKER_TYPES]
        for mention in inside:
            if mention.start <= token.start < mention.end:
                return mention.entity
        people = [m for m in inside if m.entity.type == "person"]
        if people and token.pos == "PROPN":
            return people[-1].entity
        return None

    def _between(self, start: int, end: int) -> list[_Located]:
        first = bisect.bisect_left(self.mention_starts, start)
        found = []
        for mention in self.mentions[first:]:
            if mention.start >= end:
                break
            if mention.end <= end:
                found.append(mention)
        return found

    def _before(self, token: Token, types: frozenset[str]) -> list[_Located]:
        """Mentions of the given types before ``token``, nearest first, outside quotations."""
        window = token.sentence - PRONOUN_WINDOW
        index = bisect.bisect_left(self.mention_starts, token.start)
        found = []
        for mention in reversed(self.mentions[:index]):
            if mention.sentence < window:
                break
            if mention.entity.type in types:
                found.append(mention)
        return found

    def _pronoun(self, token: Token) -> Entity | None:
        word = token.text.lower()
        if word in PERSON_PRONOUNS:
            candidates = self._before(token, frozenset({"person"}))
        elif word in GROUP_PRONOUNS:
            candidates = self._before(token, frozenset({"organisation", "country", "group"}))
        else:
            return None
        return candidates[0].entity if candidates else None

    def _office(self, first: int, last: int, token: Token) -> Entity | None:
        words = {t.text.lower() for t in self.tokens[first:last]}
        if not words & {"the", "his", "her", "their", "its"} or token.tag in ("NNS", "NNPS"):
            return None
        lemma = token.lemma.lower()
        holders = {m.entity.id: m.entity for m in self._before(token, frozenset({"person"}))
                   if m.entity.office and lemma in m.entity.office.split()}
        if len(holders) == 1:
            return next(iter(holders.values()))
        return None

    def _anonymous(self, first: int, last: int, token: Token) -> bool:
        words = [t.text.lower() for t in self.tokens[first:last]]
        if token.pos == "PROPN" or token.entity_type == "PERSON":
            return False
        if token.text.lower() in ANONYMOUS_WORDS or token.lemma.lower() in ANONYMOUS_WORDS:
            return True
        if words and words[0] in ANONYMOUS_DETERMINERS:
            return True
        return token.tag in ("NNS",) and words[0] not in ("the", "these", "those")

    def _known_of(self, start: int, end: int, token: Token) -> tuple[str | None, str | None]:
        country = sector = None
        for mention in self._between(start, end):
            country = country or mention.entity.country
            sector = sector or mention.entity.sector
        if self.knowledge is not None:
            sector = self.knowledge.agent_sector(token.lemma.lower()) or sector
            if country is None:
                for word in self.text[start:end].split():
                    found = self.knowledge.country_by_demonym(word) or self.knowledge.country(word)
                    if found is not None:
                        country = found.iso3
                        break
        return country, sector


def describe(attributions: Sequence[Attribution], parse: Parse, text: str,
             entities: Sequence[Entity], knowledge: Knowledge | None) -> list[dict[str, Any]]:
    """The ``quotes`` items of the Analysis for a list of attributions."""
    reader_inside = _inside_any(parse, text)
    speakers = _Speakers(parse, text, entities, knowledge, reader_inside)
    tokens = parse.tokens
    mentions = sorted(((m.start, m.end, entity.id) for entity in entities for m in entity.mentions))
    items: list[dict[str, Any]] = []
    for number, attribution in enumerate(attributions, 1):
        content = [{"start": s, "end": e, "text": text[s:e]} for s, e in attribution.content]
        cue: dict[str, Any] | None = None
        parts = list(attribution.content)
        if attribution.cue:
            cue_start, cue_end = tokens[attribution.cue[0]].start, tokens[attribution.cue[-1]].end
            parts.append((cue_start, cue_end))
            lemma = " ".join(tokens[i].lemma.lower() for i in attribution.cue
                             if tokens[i].dep not in ("aux", "auxpass", "neg"))
            cue = {"start": cue_start, "end": cue_end, "text": text[cue_start:cue_end],
                   "lemma": lemma}
        speaker = speakers.describe(attribution.source)
        medium = _span(attribution.medium, parse, text)
        addressee = _span(attribution.addressee, parse, text)
        inside = [entity_id for start, end, entity_id in mentions
                  if any(s <= start and end <= e for s, e in attribution.content)]
        if attribution.source is not None and not attribution.continued:
            parts.append((tokens[attribution.source[0]].start, tokens[attribution.source[1] - 1].end))
        evidence_start, evidence_end = min(s for s, _ in parts), max(e for _, e in parts)
        confidence = attribution.confidence
        if speaker["resolved_by"] == "pronoun" or speaker["resolved_by"] == "title":
            confidence *= 0.9
        elif speaker["entity"] is None and not speaker["anonymous"]:
            confidence *= 0.85
        items.append({
            "id": f"q{number}",
            "kind": attribution.kind,
            "speaker": speaker,
            "cue": cue,
            "content": content,
            "medium": medium,
            "addressee": addressee,
            "stance": attribution.stance,
            "continued": attribution.continued,
            "entities": list(dict.fromkeys(entity for entity in inside
                                           if entity != speaker["entity"])),
            "evidence": [{"start": evidence_start, "end": evidence_end,
                          "text": text[evidence_start:evidence_end]}],
            "confidence": round(confidence, 3),
        })
    return items


def _inside_any(parse: Parse, text: str) -> list[int]:
    starts = [token.start for token in parse.tokens]
    inside = [-1] * len(parse.tokens)
    for index, quotation in enumerate(find_quotations(text)):
        for i in range(bisect.bisect_left(starts, quotation.start),
                       bisect.bisect_left(starts, quotation.end)):
            inside[i] = index
    return inside


def _span(tokens: tuple[int, int] | None, parse: Parse, text: str) -> dict[str, Any] | None:
    if tokens is None:
        return None
    start, end = parse.tokens[tokens[0]].start, parse.tokens[tokens[1] - 1].end
    return {"start": start, "end": end, "text": text[start:end]}


# --- the stage --------------------------------------------------------------------------------


@register("newsgraph.quotes.v1")
class QuoteStage(Stage):
    """Finds direct, indirect, mixed and according-to attributions with their speaker (resolved
    to an entity), cue, content, medium and stance."""

    def __init__(self, *, cue_file: str = "", extractor: str = "rules",
                 actor_files: Sequence[str] = ()) -> None:
        if extractor not in EXTRACTORS:
            raise ConfigError(Messages.QUOTES_UNKNOWN_EXTRACTOR, extractor=extractor,
                              choices=", ".join(EXTRACTORS))
        self.cue_file = cue_file
        self.extractor = extractor
        self.actor_files = tuple(actor_files)
        self.lexicon: CueLexicon | None = None
        self.knowledge: Knowledge | None = None
        self.extract: Callable[[Parse, str], list[Attribution]] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> QuoteStage:
        return cls(cue_file=settings.quotes.cue_file, extractor=settings.quotes.extractor,
                   actor_files=settings.knowledge.actor_files)

    def setup(self) -> None:
        if self.lexicon is None:
            self.lexicon = CueLexicon.load(self.cue_file or None)
        if self.knowledge is None:
            self.knowledge = Knowledge.load(self.actor_files)
        if self.extract is None:
            lexicon = self.lexicon
            if self.extractor == "crf":
                from newsgraph.stages.quote_tagger import QuoteTagger

                tagger = QuoteTagger.load(lexicon)
                if tagger is None:
                    raise ConfigError(Messages.QUOTES_NO_MODEL)
                self.extract = tagger.attributions
            else:
                self.extract = lambda parse, text: extract_attributions(parse, text, lexicon)

    def __call__(self, drafts: list[Draft]) -> list[Draft]:
        self.setup()
        assert self.extract is not None
        for draft in drafts:
            if draft.parse is None:
                continue
            text = draft.article.text
            attributions = self.extract(draft.parse, text)
            draft.analysis.quotes = describe(attributions, draft.parse, text,
                                             draft.analysis.entities, self.knowledge)
            link_events(draft.analysis.quotes, draft.analysis.events)
        return drafts


def link_events(quotes: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]]) -> None:
    """List in each quote the events whose trigger lies in its content, and mark those events
    that the text states as fact as ``reported``: the article tells them in someone's words."""
    for quote in quotes:
        ranges = [(part["start"], part["end"]) for part in quote["content"]]
        linked: list[str] = []
        for event in events:
            words = set(str(event.get("trigger") or "").split())
            triggers = [span for span in event.get("evidence", ()) if span.get("text") in words]
            if not triggers or not all(any(s <= span["start"] and span["end"] <= e
                                           for s, e in ranges) for span in triggers):
                continue
            linked.append(str(event.get("id", "")))
            if event.get("modality") == "factual":
                event["modality"] = "reported"
                event["factual"] = False
            event.setdefault("quote", quote["id"])
        quote["events"] = linked
