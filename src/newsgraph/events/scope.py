"""Scope: the doer a clause with no subject shares, the acts a request or demand leaves undone, and
hyphenated lexicon words that the tokenizer splits."""

from __future__ import annotations

from newsgraph.events.arguments import ArgumentReader
from newsgraph.events.lexicon import Pattern
from newsgraph.events.records import Actor, Found
from newsgraph.events.vocabulary import (ASKED_CLAUSES, ASKING_ROOTS, CLAUSE_CLIMB, CLIMBING_RELATIONS,
                                         DEMAND_NOUNS, FORCES_LEFT_CODE, GERUND_PREPOSITIONS,
                                         LEAVING_VERBS, LEFT_ORGANISATION_CODE, MANDATIVE, OBJECTS,
                                         ORGANISATION_PREFIX, OWN_FORCE_SECTORS, REJECT_ROOT,
                                         SUBJECTS)
from newsgraph.schema import Token


class ScopeReader(ArgumentReader):
    """Reads how far a clause reaches: whose act a subjectless clause is, and which acts are only asked for."""

    def _doer_above(self, verb: Token) -> list[Actor]:
        """The doer of a clause with no subject of its own: a gerund after "after", "by",
        "while" ("After meeting the emir, Iran's president ..."), or a participle hanging on a
        clause whose subject is no actor ("said the border would stay shut, accusing Venezuela"),
        takes the nearest actor subject above it."""
        token = verb
        if token.dep == "pcomp" and self.tokens[token.head].lemma.lower() in GERUND_PREPOSITIONS:
            token = self.tokens[token.head]
        elif not (token.dep == "advcl" and token.tag == "VBG"):
            return []
        for _ in range(CLAUSE_CLIMB):
            if token.head == token.i or token.dep not in CLIMBING_RELATIONS:
                return []
            token = self.tokens[token.head]
            for child in self.children.get(token.i, []):
                if child.dep in SUBJECTS:
                    actors = self._actors(child)
                    if actors:
                        return actors
        return []

    def _hyphenated(self, token: Token) -> tuple[str, list[int]] | None:
        """A hyphenated word ending in this token, which the tokenizer split ("test-fired" is
        test, -, fired): its lexicon key ("test-fire") and the tokens before this one."""
        if token.i < 2:
            return None
        hyphen, first = self.tokens[token.i - 1], self.tokens[token.i - 2]
        if hyphen.text != "-" or hyphen.start != first.end or token.start != hyphen.end \
                or first.sentence != token.sentence:
            return None
        return f"{first.text.lower()}-{token.lemma.lower()}", [first.i, hyphen.i]

    def _asked_clauses(self, found: list[Found]) -> set[int]:
        """The verbs of what a party is asked, urged or told to do ("called on Russia to release",
        "demanded that Britain return"), or of a demand that is turned down ("rejected Russia's
        demand that it withdraw"): acts not done, whose events are dropped."""
        heads: list[Token] = []
        for event in found:
            root = event.pattern.code[:2]
            if event.nominal or root not in ASKING_ROOTS | {REJECT_ROOT}:
                continue
            anchor = self.tokens[event.anchor]
            if root in ASKING_ROOTS:
                heads.append(anchor)
            heads += [child for child in self.children.get(anchor.i, [])
                      if child.dep in OBJECTS and child.lemma.lower() in DEMAND_NOUNS]
        asked: set[int] = set()
        for head in heads:
            # "demanded that Britain return" asks (a base form); "insisted that it had not
            # attacked" asserts, and its clause is told as done.
            pending = [child for child in self.children.get(head.i, [])
                       if child.dep in ASKED_CLAUSES and child.pos in ("VERB", "AUX")
                       and (child.dep == "xcomp" or self._subjunctive(child))]
            while pending:
                verb = pending.pop()
                if verb.i in asked:
                    continue
                asked.add(verb.i)
                pending += [child for child in self.children.get(verb.i, [])
                            if child.dep == "conj" and child.pos in ("VERB", "AUX")]
        return asked

    def _subjunctive(self, verb: Token) -> bool:
        """A clause in the base form ("that Britain return", "that it should withdraw"), which asks
        rather than tells."""
        return verb.tag in ("VB", "VBP") and all(
            child.lemma.lower() in MANDATIVE for child in self.children.get(verb.i, [])
            if child.dep in ("aux", "auxpass"))

    def _leaving(self, verb: Token) -> Found | None:
        """"Nicaragua left the OAS": a state leaving an international body reduces relations with
        it (160); "the last French soldiers left their base": forces leaving a place withdraw
        (0874). Any other leaving ("left Nairobi for a summit") is no event."""
        if verb.lemma.lower() not in LEAVING_VERBS or verb.tag in ("VB", "VBG"):
            # "24 hours to leave", "..., leaving thousands without power": asked for, or an aftermath.
            return None
        objects = [child for child in self.children.get(verb.i, []) if child.dep == "dobj"]
        if not objects:
            return None
        sources, targets = self._verb_arguments(verb, {verb.i})
        left = [actor for actor in self._actors(objects[0])]
        if left and all((actor.code or "").startswith(ORGANISATION_PREFIX) for actor in left):
            code = LEFT_ORGANISATION_CODE
            targets = left
        elif sources and all((actor.sector or "")[:3] in OWN_FORCE_SECTORS for actor in sources) and not any(
                child.dep in SUBJECTS and child.lemma.lower() in self.lexicon.nouns
                for child in self.children.get(verb.i, [])):
            # "Fighting between the army and rebels left dozens dead": an event told as the
            # subject is no one leaving.
            code = FORCES_LEFT_CODE
        else:
            return None
        pattern = Pattern(code=code, kind="verb", trigger=verb.lemma.lower(), words=(), origin="leaving")
        return Found(pattern=pattern, trigger=[verb.i], sources=sources,
                     targets=[t for t in targets if t not in sources], anchor=verb.i)
