"""Quotes: who said what, to whom and in which words, with speakers resolved to entities."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from newsgraph.errors import ConfigError, Messages
from newsgraph.knowledge import Knowledge
from newsgraph.schema import Draft, Entity, Parse, Token
from newsgraph.settings import Settings
from newsgraph.stages import Stage, register

QuoteKind = Literal["direct", "indirect", "mixed", "according-to"]
STANCES: Final = ("neutral", "assertive", "denial", "accusation", "warning", "promise")
LEXICON_SECTIONS: Final = ("verbs", "cognition", "nouns", "phrases", "media")

SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})
CLAUSES: Final = frozenset({"ccomp"})
# Verbs whose infinitive object is what was said: "vowed to retaliate", "urged Kyiv to talk".
DIRECTIVE_STANCES: Final = frozenset({"promise", "warning"})
DIRECTIVE_VERBS: Final = frozenset({"urge", "demand", "ask", "tell", "call", "claim", "deny"})
INHERITS_SUBJECT: Final = frozenset({"advcl", "xcomp", "conj", "pcomp"})
RELATIVE: Final = frozenset({"who", "that", "which"})
PERSON_PRONOUNS: Final = frozenset({"he", "she"})
GROUP_PRONOUNS: Final = frozenset({"they", "it"})
FIRST_PERSON: Final = frozenset({"i", "we"})
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
_MARKS: Final = re.compile(r'[“”«»„"]|\n\n')

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

    @classmethod
    def load(cls, path: str | Path | None = None) -> CueLexicon:
        """Read and check a cue file; the built-in ``data/cues.yaml`` when ``path`` is None."""
        if path is None:
            name = "newsgraph/data/cues.yaml"
            text = resources.files("newsgraph").joinpath("data/cues.yaml").read_text("utf-8")
        else:
            name = str(path)
            try:
                text = Path(path).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise ConfigError(Messages.DICTIONARY_NOT_FOUND, path=path) from None
            except UnicodeDecodeError as error:
                raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1,
                                  detail=Messages.DICTIONARY_ENCODING.format(
                                      position=error.start)) from None
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
        if key == "media":
            if not isinstance(value_node, yaml.SequenceNode):
                raise fail(line, Messages.DICTIONARY_WRONG_TYPE.format(
                    what="media", expected="a list of nouns", found="something else"))
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
                      media=sections.get("media", frozenset()))


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
        straight = mark == '"'
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
    speaker_from: int | None = None
    """For a quote with no cue of its own: the index of the attribution whose speaker goes on."""


@dataclass(slots=True)
class _Candidate:
    verb: int
    source: tuple[int, int] | None
    clause: list[int] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    stance: str = "neutral"
    clause_kind: str = "clause"


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
        starts = [token.start for token in self.tokens]
        for index, quotation in enumerate(self.quotations):
            first = bisect.bisect_left(starts, quotation.start)
            last = bisect.bisect_left(starts, quotation.end)
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
                    if subject.lower_ if False else subject.text.lower() in ("it", "there"):
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
        tokens_in = [i for i, g in enumerate(self.inside) if g == group] if False else None
        del tokens_in
        parts = [self.quotations[i] for i in self.groups[group]]
        start, end = parts[0].start, parts[-1].end
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end) - 1
        if first >= len(self.tokens) or last < first:
            return None
        for candidate in candidates:
            if candidate.clause and candidate.clause[0] <= first and last <= candidate.clause[-1] \
                    and candidate.source is not None and candidate.clause_kind != "claim":
                if self._owned_by_clause(candidate, first, last):
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
            if candidate.clause and candidate.clause_kind != "parataxis" and not any(
                    self.inside[i] == group for i in candidate.clause):
                continue
            distance = min(abs(verb.i - first), abs(verb.i - last))
            if best is None or distance < best[0]:
                best = (distance, candidate.verb)
        return best[1] if best else None

    def _owned_by_clause(self, candidate: _Candidate, first: int, last: int) -> bool:
        return all(i in set(candidate.clause) for i in (first, last)) or True

    @property
    def _starts(self) -> list[int]:
        starts: list[int] | None = getattr(self, "_start_cache", None)
        if starts is None:
            starts = [token.start for token in self.tokens]
            self._start_cache = starts
        return starts

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
            content = quoted
        elif clause:
            kind = "mixed" if any(self.inside[i] >= 0 for i in clause) else "indirect"
            content = self.runs(clause)
            covered = [(s, e) for s, e in quoted if not any(a <= s and e <= b for a, b in content)]
            content = sorted(content + covered)
        else:
            return None
        if not content or candidate.source is None:
            return None
        if verb.lemma.lower() in self.lexicon.cognition and kind == "direct":
            return None
        source = candidate.source
        stance = candidate.stance
        if candidate.clause_kind == "claim":
            stance = self.lexicon.verbs.get(verb.lemma.lower(), stance)
        confidence = CONFIDENCE[kind] * (0.9 if candidate.clause_kind == "parataxis" else 1.0)
        return Attribution(kind=kind, cue=cue, source=source, content=content, stance=stance,
                           medium=self._medium(verb.i), addressee=self._addressee(verb.i),
                           confidence=round(confidence, 3))

    def _medium(self, verb: int) -> tuple[int, int] | None:
        for child in self.children[verb]:
            token = self.tokens[child]
            if token.dep != "prep" or token.lemma.lower() not in ("in", "on", "to", "during", "at"):
                continue
            for pobj in self.children[child]:
                if self.tokens[pobj].dep == "pobj" and self._is_medium(pobj):
                    return self.token_range(self.subtree(pobj))
        return None

    def _is_medium(self, index: int) -> bool:
        token = self.tokens[index]
        if token.lemma.lower() in self.lexicon.media or token.text.lower() in self.lexicon.media:
            return True
        return any(self.tokens[c].dep == "compound" and self.tokens[c].lemma.lower()
                   in self.lexicon.media for c in self.children[index])

    def _addressee(self, verb: int) -> tuple[int, int] | None:
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
                if token.lower_ if False else token.text.lower() != words[0] or self.inside[token.i] >= 0:
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
            speaker = index_of[max(previous)]
            extra.append(Attribution(kind="direct", cue=[], source=None,
                                     content=[(part.start, part.end) for part in parts],
                                     stance=found[speaker].stance, confidence=0.6,
                                     speaker_from=speaker))
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
    found = _Reader(parse, text, lexicon).attributions()
    return sorted(found, key=lambda a: min([s for s, _ in a.content]))
