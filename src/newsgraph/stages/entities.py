"""Entities: NER mentions merged into document-level entities and coded as CAMEO-style actors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsgraph.dates import parse_published
from newsgraph.gazetteer import Gazetteer, shared_gazetteer
from newsgraph.knowledge import ADJECTIVAL_RANKS, Knowledge, Person
from newsgraph.schema import Draft, Entity, EntityType, Mention, Parse, Span, Token
from newsgraph.settings import Settings
from newsgraph.stages import Stage, register

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Names of events that may begin with the place they are held in ("the Beijing Olympics"); a
# treaty's place ("the Washington Treaty") is where it was signed long ago, so not read.
NAMED_AFTER_PLACES = frozenset({"EVENT"})
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame",
                        "madam", "mister", "lord", "lady", "gen.", "col.", "lt.", "sen.", "rep.",
                        "gov.", "prof.", "prince", "princess", "king", "queen", "sheikh", "emir",
                        "crown"})
# Head nouns of phrases such as "the Russian President" that may stand for a person.
OFFICE_HEADS = frozenset({"president", "minister", "secretary", "spokesman", "spokeswoman",
                          "spokesperson", "chancellor", "premier", "envoy", "ambassador",
                          "secretary-general", "leader", "king", "prince", "adviser", "advisor",
                          "commander", "chief", "diplomat"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "explain", "recall", "describe", "write", "ask"})
AGENTIVE = frozenset({"nsubj", "nsubjpass", "agent", "poss", "csubj"})
TITLE_POS = frozenset({"PROPN", "NOUN", "ADJ"})
TITLE_GLUE = frozenset({"of", "'s", "’s", "-", "the"})
# Words that qualify an office; some of them mean the person is not the office's holder.
OFFICE_MODIFIERS = frozenset({"deputy", "assistant", "vice", "acting", "first", "former", "interim",
                              "senior", "special", "top", "principal"})
NOT_THE_HOLDER = frozenset({"deputy", "assistant", "vice", "former"})
PLACE_WORDS = frozenset({"region", "oblast", "province", "district", "state", "sea", "strait",
                         "peninsula", "valley", "river", "gulf", "bay", "islands", "island"})
DASHES = frozenset({"-", "–", "—", "--"})
# Gazetteer features of regions that may be named in one word ("Transnistria"); towns and
# cities need the NER model's word, or a second word, as too many are also common words.
REGION_NAMES = frozenset({"region", "province", "territory", "peninsula", "island", "islands"})

LOOKED_UP_LIMIT = 200_000
"""Dictionary answers kept across articles before the cache starts afresh (bounds memory)."""

CONFIDENCE_NER = 0.85
CONFIDENCE_KNOWN = 0.95
CONFIDENCE_TITLE_ONLY = 0.75


LEADING_VERBS = frozenset({"lead", "head", "chair"})
NATIONAL_GROUPS = frozenset({"delegation", "side", "team", "negotiator", "mission", "contingent",
                             "camp"})
"""Groups that speak for a country when a demonym or country qualifies them ("the US side")."""


@dataclass
class _Actor:
    """A mention's reading before entities are merged."""

    first: int
    last: int
    sentence: int
    label: str
    key: tuple[str, ...]
    type: EntityType
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    office: str | None = None
    role: str | None = None
    confidence: float = CONFIDENCE_NER
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Title:
    """An office as the text states it, with what the knowledge file makes of it."""

    office: str
    role: str
    sector: str | None
    country: str | None
    organisation: str | None
    office_tokens: tuple[int, ...] = ()


@dataclass
class _PersonCluster:
    names: list[str]
    actors: list[_Actor]
    office: str | None = None
    role: str | None = None
    country: str | None = None
    sector: str | None = None
    organisation: str | None = None
    known: Person | None = None

    @property
    def full_name(self) -> str:
        return max(self.names, key=lambda name: (len(name.split()), len(name)))

    @property
    def surname(self) -> str:
        return self.full_name.split()[-1]


@register("newsgraph.entities.v1")
class EntityStage(Stage):
    """Finds people, organisations, countries, places and groups, merges their mentions and codes
    them as actors (ISO3 country + sector) with offices from the text or the knowledge file."""

    def __init__(self, *, actor_files: Sequence[str] = ()) -> None:
        self.actor_files = tuple(actor_files)
        self.knowledge: Knowledge | None = None
        self.gazetteer: Gazetteer | None = None
        # Dictionary answers by (phrase, width, date), shared by the articles of a run: the
        # same capitalised phrases come back article after article.
        self.looked_up: dict[tuple[str, int, dt.date | None], str | None] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> EntityStage:
        return cls(actor_files=settings.knowledge.actor_files)

    def setup(self) -> None:
        if self.knowledge is None:
            self.knowledge = Knowledge.load(self.actor_files)
        if self.gazetteer is None:
            self.gazetteer = shared_gazetteer()

    def __call__(self, drafts: list[Draft]) -> list[Draft]:
        self.setup()
        assert self.knowledge is not None and self.gazetteer is not None
        for draft in drafts:
            if draft.parse is None:
                continue
            if len(self.looked_up) > LOOKED_UP_LIMIT:
                self.looked_up.clear()
            resolver = _Resolver(self.knowledge, self.gazetteer, draft.parse, draft.article.text,
                                 parse_published(draft.article.published),
                                 looked_up=self.looked_up)
            draft.analysis.entities = resolver.entities()
        return drafts


class _Resolver:
    """Resolves the entities of one parsed article."""

    def __init__(self, knowledge: Knowledge, gazetteer: Gazetteer, parse: Parse, text: str,
                 on: dt.date | None, *,
                 looked_up: dict[tuple[str, int, dt.date | None], str | None] | None = None) -> None:
        self.knowledge = knowledge
        self.gazetteer = gazetteer
        self.title_tokens: set[int] = set()
        self.labels: dict[str, str | None] = {}
        self.looked_up = {} if looked_up is None else looked_up
        self._trimmed_pieces: list[tuple[int, int, str]] | None = None
        self._pieces_at: dict[int, list[int]] = {}
        self.blocked = [False] * len(parse.tokens)
        self.parse = parse
        self.tokens = parse.tokens
        self.text = text
        self.on = on
        self.taken = [False] * len(parse.tokens)
        self.children: dict[int, list[Token]] = {}
        for token in parse.tokens:
            if token.head != token.i:
                self.children.setdefault(token.head, []).append(token)

    # --- finding mentions -------------------------------------------------------------------

    def entities(self) -> list[Entity]:
        spans = self._named_spans() + self._dictionary_spans()
        spans.sort(key=lambda span: (span[0], -(span[1] - span[0])))
        accepted: list[tuple[int, int, str]] = []
        for first, last, label in spans:
            if any(self.taken[first:last]):
                continue
            for i in range(first, last):
                self.taken[i] = True
            accepted.append((first, last, label))
        accepted = [(first, last, self._relabel(first, last, label)) for first, last, label in accepted]
        people = self._people([span for span in accepted if span[2] == "PERSON"])
        actors: list[_Actor] = []
        for first, last, label in accepted:
            if label == "PERSON":
                continue
            if all(i in self.title_tokens for i in range(first, last)) and not self._dictionary_label(
                    self._span_text(first, last), last - first):
                continue
            person = self._stray_person(people, first, last, label)
            if person is not None:
                self._add_to_cluster(person, first, last, label)
                continue
            actor = self._classify(first, last, label)
            if actor is not None:
                actors.append(actor)
        self._office_references(people)
        for cluster in people:
            self._complete_person(cluster)
            actors.extend(cluster.actors)
        return self._merge(actors)

    def _named_spans(self) -> list[tuple[int, int, str]]:
        headings = {sentence.index for sentence in self.parse.sentences if sentence.kind == "heading"}
        spans = []
        for named in self.parse.named:
            if self._common_agent(named.first_token, named.last_token):
                continue
            for i in range(named.first_token, named.last_token):
                self.blocked[i] = True
            # Title-case headings fool the NER model; what the dictionaries know is found anyway.
            if self.tokens[named.first_token].sentence in headings:
                continue
            if named.label in NAMED_AFTER_PLACES:
                spans.extend(self._place_prefix(named.first_token, named.last_token))
            if named.label not in NER_LABELS:
                continue
            for first, last, label in self._pieces(named.first_token, named.last_token, named.label):
                spans.append((first, last, "DATELINE" if self._is_dateline(first, last) else label))
        return spans

    def _common_agent(self, first: int, last: int) -> bool:
        """"Rebels attacked ...": a capitalised common noun opening a sentence, which the NER
        model took for a name, is an agent noun."""
        token = self.tokens[first]
        opens = first == 0 or self.tokens[first - 1].sentence != token.sentence
        return last - first == 1 and opens and token.tag in ("NN", "NNS") \
            and self.knowledge.agent_sector(token.lemma.lower()) is not None

    def _place_prefix(self, first: int, last: int) -> list[tuple[int, int, str]]:
        """The country or capital an event is named after ("the Beijing Olympics"): where it is held."""
        while first < last and self.tokens[first].pos == "DET":
            first += 1
        for end in range(last - 1, first, -1):
            if self._dictionary_label(self._span_text(first, end), end - first) == "GPE":
                return [(first, end, "GPE")]
        return []

    def _is_separator(self, index: int) -> bool:
        """A dash with space on both sides ("KYIV - Russian"), not one inside a name ("Bre-X")."""
        tokens = self.tokens
        if tokens[index].text not in DASHES or index == 0 or index + 1 >= len(tokens):
            return False
        return tokens[index - 1].end < tokens[index].start and tokens[index].end < tokens[index + 1].start

    def _relabel(self, first: int, last: int, label: str) -> str:
        """A "person" that the dictionaries know as an organisation or country is one."""
        if label != "PERSON":
            return label
        text = self._span_text(first, last)
        if self.knowledge.people_named(text, self.on):
            return label
        known = self._dictionary_label(text, last - first)
        return known if known in ("ORG", "GPE", "NORP") else label

    def _is_dateline(self, first: int, last: int) -> bool:
        """"RIYADH -" opening a paragraph says where the report was filed, not who acted."""
        tokens = self.tokens
        opens = first == 0 or tokens[first - 1].sentence != tokens[first].sentence
        # "NATO-led troops" opens with capitals and a dash, but a dateline's dash stands apart.
        joined = last < len(tokens) and tokens[last].text in DASHES \
            and tokens[last].start == tokens[last - 1].end
        return (opens and last < len(tokens) and tokens[last].text in DASHES | {",", "("}
                and not joined and all(token.text.isupper() for token in tokens[first:last]))

    def _pieces(self, first: int, last: int, label: str) -> list[tuple[int, int, str]]:
        """A span cut at dashes ("KYIV - Russian" is a dateline and a demonym), trimmed."""
        pieces: list[tuple[int, int, str]] = []
        start = first
        for i in range(first, last + 1):
            if i == last or self._is_separator(i):
                piece_label = label
                if not pieces and i < last and self.tokens[start].text.isupper():
                    piece_label = "DATELINE"
                begin, end = start, i
                while begin < end and (self.tokens[begin].pos == "DET"
                                       or _is_punctuation(self.tokens[begin].text)):
                    begin += 1
                while end > begin and (_is_punctuation(self.tokens[end - 1].text)
                                       or self.tokens[end - 1].tag == "POS"
                                       or (piece_label in ("GPE", "LOC", "FAC", "DATELINE")
                                           and self.tokens[end - 1].pos == "NUM")):
                    end -= 1
                if begin < end:
                    pieces.append((begin, end, piece_label))
                start = i + 1
        return pieces

    def _dictionary_spans(self) -> list[tuple[int, int, str]]:
        """Known organisations, metonyms, countries and people that the NER model missed."""
        spans = []
        tokens = self.tokens
        for start, token in enumerate(tokens):
            if not token.text[:1].isupper() or token.pos == "DET":
                continue
            for width in range(min(10, len(tokens) - start), 0, -1):
                last = start + width
                # Names end on a capitalised word ("Kryvyi Rih", "Co-operation in Europe")
                # or a generic place word ("Kursk region").
                ending = tokens[last - 1].text
                if tokens[last - 1].sentence != token.sentence or not (
                        ending[:1].isupper() or ending.lower() in PLACE_WORDS):
                    continue
                if any(self.blocked[start:last]) and not self._fits_named(start, last):
                    continue
                phrase = self.text[token.start:tokens[last - 1].end]
                label = self._dictionary_label(phrase, width)
                if label is None and width == 1 and self._lone_surname(token):
                    label = "PERSON"
                if label:
                    spans.append((start, last, label))
                    break
        return spans

    def _lone_surname(self, token: Token) -> bool:
        """"Scholz visited Vilnius": a proper noun the NER model missed that acts as a party
        and is the surname of one office holder in public life on the article's date."""
        return token.tag == "NNP" and token.dep in SURNAME_ROLES and token.text.isalpha() \
            and self.on is not None and len(self.knowledge.people_named(token.text, self.on)) == 1

    def _fits_named(self, first: int, last: int) -> bool:
        """Whether a dictionary match agrees with the NER spans it overlaps: it equals one, lies
        inside one of a label this stage reads, or wholly contains the ones it touches."""
        if self._trimmed_pieces is None:
            self._trimmed_pieces = [(self._trim_start(begin, end), end, named_label)
                                    for begin, end, named_label in self._named_pieces()]
            for number, (begin, end, _) in enumerate(self._trimmed_pieces):
                for index in range(begin, end):
                    self._pieces_at.setdefault(index, []).append(number)
        # Only the pieces that overlap the match, in their first order: the others never count.
        overlapping = sorted({number for index in range(first, last)
                              for number in self._pieces_at.get(index, ())})
        for number in overlapping:
            begin, end, named_label = self._trimmed_pieces[number]
            if (begin, end) == (first, last):
                return True
            if begin <= first and last <= end:
                if named_label not in NER_LABELS:
                    return False
                continue
            if not (first <= begin and end <= last):
                return False
        return True

    def _trim_start(self, begin: int, end: int) -> int:
        while begin < end - 1 and self.tokens[begin].pos in ("DET", "PUNCT"):
            begin += 1
        return begin

    def _named_pieces(self) -> list[tuple[int, int, str]]:
        """The NER spans cut at spaced dashes: a date span running on past a dateline ("Feb 18 -
        American") does not swallow the name after the dash."""
        pieces = []
        for named in self.parse.named:
            start = named.first_token
            for i in range(named.first_token, named.last_token + 1):
                if i == named.last_token or self._is_separator(i):
                    if start < i:
                        pieces.append((start, i, named.label))
                    start = i + 1
        return pieces

    def _dictionary_label(self, phrase: str, width: int) -> str | None:
        if phrase not in self.labels:
            key = (phrase, width, self.on)
            if key not in self.looked_up:
                self.looked_up[key] = self._look_up(phrase, width)
            self.labels[phrase] = self.looked_up[key]
        return self.labels[phrase]

    def _look_up(self, phrase: str, width: int) -> str | None:
        knowledge = self.knowledge
        if knowledge.metonym(phrase) or knowledge.organisation(phrase):
            return "ORG"
        if knowledge.country(phrase, codes=False) or knowledge.country_by_capital(phrase):
            return "GPE"
        if width == 1 and knowledge.country_by_demonym(phrase):
            return "NORP"
        if width >= 2 and knowledge.people_named(phrase, self.on):
            return "PERSON"
        if width >= 2 and self.gazetteer.resolve(phrase) is not None:
            return "GPE"
        if width == 1 and self._is_region(phrase):
            # "Transnistria", "Somaliland": one-word regions the NER model does not know.
            return "GPE"
        return None

    def _is_region(self, name: str) -> bool:
        """Whether a name is a region, province or territory of the regions file, not a city."""
        geo = self.gazetteer.resolve(name)
        return geo is not None and geo.feature in REGION_NAMES and geo.country is not None

    # --- people -----------------------------------------------------------------------------

    def _people(self, spans: Iterable[tuple[int, int, str]]) -> list[_PersonCluster]:
        clusters: list[_PersonCluster] = []
        for first, last, label in spans:
            while first < last - 1 and self.tokens[first].text.lower() in HONORIFICS:
                first += 1
            name = self._span_text(first, last)
            words = name.split()
            cluster = self._find_cluster(clusters, words)
            actor = _Actor(first=first, last=last, sentence=self.tokens[first].sentence,
                           label=label, key=(), type="person", name=name)
            if cluster is None:
                cluster = _PersonCluster(names=[name], actors=[actor])
                clusters.append(cluster)
            else:
                cluster.names.append(name)
                cluster.actors.append(actor)
            self._read_title(cluster, first, last)
        # A surname seen before the full name belongs to the person named in full later.
        for single in [c for c in clusters if len(c.full_name.split()) == 1]:
            target = next((c for c in clusters if len(c.full_name.split()) > 1
                           and single.full_name == c.surname), None)
            if target is not None:
                target.names.extend(single.names)
                target.actors.extend(single.actors)
                _copy_title(single, target)
                clusters.remove(single)
        return clusters

    def _find_cluster(self, clusters: list[_PersonCluster], words: list[str]) -> _PersonCluster | None:
        for cluster in reversed(clusters):
            full = cluster.full_name.split()
            if len(words) == 1 and words[0] in (full[-1], full[0]):
                return cluster
            if len(words) > 1 and words[-1] == full[-1] and (
                    len(full) == 1 or _first_names_agree(words[0], full[0])):
                return cluster
        return None

    def _stray_person(self, clusters: list[_PersonCluster], first: int, last: int,
                      label: str) -> _PersonCluster | None:
        """A person the NER model labelled as something else, known from the article or the knowledge file."""
        text = self._span_text(first, last)
        for cluster in clusters:
            if label in ("GPE", "LOC", "FAC") and len(cluster.full_name.split()) == 1:
                continue
            if text in (cluster.full_name, cluster.surname) or text in cluster.names:
                return cluster
        if last - first == 1:
            for cluster in clusters:
                if len(cluster.full_name.split()) > 1 and text == cluster.full_name.split()[0]:
                    return cluster
        if self.knowledge.country(text, codes=False) or self.knowledge.country_by_demonym(text):
            return None
        if label in ("GPE", "LOC", "FAC") and self.gazetteer.resolve(text) is not None:
            return None
        known = self.knowledge.people_named(text, self.on)
        if len(known) == 1:
            cluster = _PersonCluster(names=[text], actors=[], known=known[0])
            clusters.append(cluster)
            return cluster
        return None

    def _add_to_cluster(self, cluster: _PersonCluster, first: int, last: int, label: str) -> None:
        cluster.actors.append(_Actor(first=first, last=last, sentence=self.tokens[first].sentence,
                                     label=label, key=(), type="person",
                                     name=self._span_text(first, last)))

    def _read_title(self, cluster: _PersonCluster, first: int, last: int) -> None:
        """Office and country from words before the name or from an apposition after it."""
        for words in (self._title_words_before(first), self._apposition(last)):
            if not words:
                continue
            title = self._match_title(words)
            if title is None:
                continue
            self.title_tokens.update(title.office_tokens)
            cluster.office = cluster.office or title.office
            cluster.role = cluster.role or title.role
            cluster.sector = cluster.sector or title.sector
            cluster.country = cluster.country or title.country
            cluster.organisation = cluster.organisation or title.organisation

    def _title_words_before(self, first: int) -> list[Token]:
        words: list[Token] = []
        i = first - 1
        sentence = self.tokens[first].sentence
        while i >= 0 and self.tokens[i].sentence == sentence:
            token = self.tokens[i]
            if self.taken[i] and token.entity_type == "PERSON":
                break
            if token.pos in TITLE_POS or token.text.lower() in TITLE_GLUE or token.tag == "POS":
                words.insert(0, token)
                i -= 1
                continue
            break
        while words and words[0].text.lower() in TITLE_GLUE:
            words.pop(0)
        # "the head of Zelensky's office": a name after "of" or "the" has no title before it.
        if words and (words[-1].text.lower() in TITLE_GLUE or words[-1].tag == "POS"):
            return []
        return words

    def _apposition(self, last: int) -> list[Token]:
        """"Sergei Ryabkov, Russia's deputy foreign minister,": the words of an office apposition."""
        head = self.tokens[last - 1]
        for child in self.children.get(head.i, []):
            if child.dep != "appos" or child.i < last or child.tag in ("NNS", "NNPS"):
                continue
            lemma = child.lemma.lower()
            if not (lemma in OFFICE_HEADS or self.knowledge.agent_sector(lemma)
                    or self.knowledge.office_title(child.text)):
                continue
            words = []
            for token in self._subtree(child):
                if token.i > child.i and token.entity_type == "PERSON":
                    break
                words.append(token)
            return words
        return []

    def _subtree(self, root: Token) -> list[Token]:
        found = [root]
        stack = [root.i]
        while stack:
            for child in self.children.get(stack.pop(), []):
                if child.dep in ("relcl", "acl", "punct", "cc", "conj"):
                    continue
                found.append(child)
                stack.append(child.i)
        return sorted(found, key=lambda token: token.i)

    def _match_title(self, words: Sequence[Token]) -> _Title | None:
        """The office the words name, in the text's own words, with its role, sector and country."""
        texts = [token.text for token in words if token.tag != "POS"]
        words = [token for token in words if token.tag != "POS"]
        if not words:
            return None
        reference = self.knowledge.office_reference(" ".join(texts))
        found: tuple[int, int, str, str | None] | None = None
        for width in range(len(texts), 0, -1):
            for start in range(0, len(texts) - width + 1):
                title = self.knowledge.office_title(" ".join(texts[start:start + width]))
                if title is not None:
                    found = (start, start + width, title[1], title[2])
                    break
            if found:
                break
        if found is None:
            sector = self.knowledge.phrase_sector([word.text.lower() for word in words[:-1]],
                                                  (words[-1].lemma.lower(), words[-1].text.lower()))
            if sector is None or words[-1].pos not in ("NOUN", "PROPN"):
                return None
            found = (len(words) - 1, len(words), "other", sector)
        start, end, role, sector = found
        while start > 0 and texts[start - 1].lower() in OFFICE_MODIFIERS:
            start -= 1
        while start < end - 1 and words[start].pos == "DET":
            start += 1
        office = self.text[words[start].start:words[end - 1].end].lower()
        for gendered in ("spokesman", "spokeswoman"):
            office = office.replace(gendered, "spokesperson")
        not_holder = any(word.lower() in NOT_THE_HOLDER for word in texts[start:found[0]])
        # A country before the office is the holder's ("Russia's ambassador to Washington").
        country = next((code for code in (self._country_code(token.text) for token in words[:start])
                        if code), None)
        country = country or (reference.country if reference else None)
        organisation = reference.organisation if reference else None
        if reference is not None and not not_holder:
            role, sector = reference.role, reference.sector
        if not_holder:
            role = "other"
        if country is None:
            # After the office only "of Russia" names the holder's country, not "head of the
            # ministry's North America department".
            after = [token for token in words[end:]
                     if token.i > 0 and self.tokens[token.i - 1].text.lower() == "of"]
            for token in words[:start] + after:
                country = country or self._country_code(token.text)
                if country is None and token.pos == "PROPN":
                    place = self.gazetteer.resolve(token.text)
                    country = place.country if place is not None else None
        if organisation:
            sector = "IGO"
        # "Secretary of State": words of the office itself are not entities of their own.
        office_tokens = tuple(token.i for token in words[start:end])
        return _Title(office=office, role=role, sector=sector, country=country,
                      organisation=organisation, office_tokens=office_tokens)

    def _country_code(self, text: str) -> str | None:
        text = text.removesuffix("'s").removesuffix("’s")
        country = self.knowledge.country(text, codes=False) or self.knowledge.country_by_demonym(text)
        if country is not None:
            return country.iso3
        metonym = self.knowledge.metonym(text)
        return metonym.iso3 if metonym is not None else None

    def _office_references(self, clusters: list[_PersonCluster]) -> None:
        """"The Russian President" and the like: linked to a person of the article or the knowledge file."""
        for token in self.tokens:
            if self.taken[token.i] or token.lemma.lower() not in OFFICE_HEADS:
                continue
            if token.dep in ("compound", "amod") or token.pos not in ("NOUN", "PROPN"):
                continue
            modifiers = [child for child in self.children.get(token.i, []) if child.i < token.i]
            if not any(child.lemma.lower() in ("the", "'s", "’s") or child.dep == "poss"
                       for child in modifiers):
                continue
            first = min([child.i for child in modifiers if child.dep != "det"] + [token.i])
            words = [t for t in self.tokens[first:token.i + 1] if t.tag != "POS"]
            title = self._match_title(words)
            if title is None or title.role == "other":
                continue
            office, role, sector, country = title.office, title.role, title.sector, title.country
            cluster = next((c for c in clusters if c.role == role
                            and (country is None or c.country == country)), None)
            if cluster is None:
                if country is None:
                    continue
                holder = self.knowledge.office_holder(country, role, self.on)
                if holder is None or not self._one_holder(holder, role, words):
                    continue
                cluster = _PersonCluster(names=[holder.name], actors=[], office=office,
                                         role=role, country=country, sector=sector, known=holder)
                clusters.append(cluster)
            start = first
            for i in range(start, token.i + 1):
                self.taken[i] = True
            cluster.actors.append(_Actor(first=start, last=token.i + 1,
                                         sentence=token.sentence, label="TITLE", key=(),
                                         type="person", name=self._span_text(start, token.i + 1),
                                         confidence=CONFIDENCE_TITLE_ONLY))

    def _one_holder(self, holder: Person, role: str, words: list[Token]) -> bool:
        """Whether a title names its holder: "the US ambassador" is one of many ambassadors,
        so only an office the title spells out ("UN ambassador") names a person."""
        if role not in SHARED_ROLES:
            return True
        office = self.knowledge.current_office(holder, self.on)
        text = " ".join(word.text.lower() for word in words)
        return office is not None and office.title.lower() in text

    def _complete_person(self, cluster: _PersonCluster) -> None:
        known = cluster.known
        if known is None:
            matches = self.knowledge.people_named(cluster.full_name, self.on)
            if len(matches) == 1:
                known = matches[0]
        name = cluster.full_name
        aliases = sorted(set(cluster.names) - {name})
        confidence = CONFIDENCE_NER
        if known is not None:
            confidence = CONFIDENCE_KNOWN
            if len(name.split()) == 1:
                aliases.append(name)
                name = known.name
            elif known.name != name:
                aliases.append(known.name)
            office = self.knowledge.current_office(known, self.on)
            cluster.country = cluster.country or known.country
            if office is not None:
                cluster.office = cluster.office or office.title
                cluster.role = cluster.role or office.role
                cluster.sector = cluster.sector or office.sector
                cluster.organisation = cluster.organisation or office.organisation
        if cluster.country is None:
            led = next((found for actor in cluster.actors
                        if (found := self._national_group_led(actor.first, actor.last))), None)
            if led is not None:
                cluster.country = led
                cluster.sector = cluster.sector or "GOV"
        code = cluster.organisation or _code(cluster.country, cluster.sector)
        entity_type: EntityType = "person"
        labels = [actor.label for actor in cluster.actors]
        if known is None and cluster.office is None and labels.count("PERSON") * 2 < len(labels):
            # The NER model mostly says otherwise ("Norilsk Nickel" the company, "Twickenham").
            entity_type = "organisation" if labels.count("ORG") >= labels.count("GPE") else "place"
        for actor in cluster.actors:
            actor.type = entity_type
            actor.key = (entity_type, name)
            actor.name = name
            actor.country = cluster.country
            actor.sector = cluster.sector
            actor.office = cluster.office
            actor.code = code
            actor.aliases = aliases
            actor.confidence = min(actor.confidence, confidence) if actor.label == "TITLE" else confidence

    def _national_group_led(self, first: int, last: int) -> str | None:
        """The country of the delegation or side a person leads: "X led the Russian delegation",
        "the American side was led by X", "X, who heads Ukraine's negotiating team"."""
        head = self.tokens[self._head(first, last)]
        verb: Token | None = None
        group: Token | None = None
        if head.dep == "pobj" and self.tokens[head.head].text.lower() == "by":
            candidate = self.tokens[self.tokens[head.head].head]
            if candidate.lemma.lower() in LEADING_VERBS:
                verb = candidate
                group = next((c for c in self.children.get(verb.i, []) if c.dep == "nsubjpass"),
                             None)
        elif head.dep == "nsubj" and self.tokens[head.head].lemma.lower() in LEADING_VERBS:
            verb = self.tokens[head.head]
        else:
            clause = next((c for c in self.children.get(head.i, []) if c.dep == "relcl"
                           and c.lemma.lower() in LEADING_VERBS), None)
            if clause is not None and any(c.dep == "nsubj" and c.text.lower() in ("who", "that")
                                          for c in self.children.get(clause.i, [])):
                verb = clause
        if verb is not None and group is None:
            group = next((c for c in self.children.get(verb.i, []) if c.dep == "dobj"), None)
        if group is None or group.lemma.lower() not in NATIONAL_GROUPS:
            return None
        for modifier in self.children.get(group.i, []):
            if modifier.dep in ("amod", "compound", "poss", "nmod"):
                country = self._country_code(modifier.text)
                if country is not None:
                    return country
        return None

    # --- everything but people --------------------------------------------------------------

    def _classify(self, first: int, last: int, label: str) -> _Actor | None:
        knowledge = self.knowledge
        text = self._span_text(first, last)
        head = self._head(first, last)
        sentence = self.tokens[first].sentence
        agentive = self._is_agentive(head)

        def actor(key: tuple[str, ...], type_: EntityType, name: str, country: str | None,
                  sector: str | None, code: str | None, confidence: float = CONFIDENCE_KNOWN) -> _Actor:
            return _Actor(first=first, last=last, sentence=sentence, label=label, key=key,
                          type=type_, name=name, country=country, sector=sector, code=code,
                          confidence=confidence)

        if label == "DATELINE":
            name = text.title() if text.isupper() else text
            return actor(("place", name), "place", name, None, None, None, CONFIDENCE_NER)
        metonym = knowledge.metonym(text)
        if metonym is not None:
            country = knowledge.country_by_iso3(metonym.iso3)
            name = country.name if country else metonym.iso3
            if metonym.sector == "GOV":
                return actor(("country", metonym.iso3), "country", name, metonym.iso3, "GOV",
                             metonym.iso3 + "GOV")
            return self._group(first, last, label, metonym.iso3, metonym.sector, text)
        country = knowledge.country(text, codes=False)
        if country is not None:
            sector = "GOV" if agentive else None
            return actor(("country", country.iso3), "country", country.name, country.iso3,
                         sector, _code(country.iso3, sector))
        demonym = knowledge.country_by_demonym(text) if label in ("NORP", "GPE") else None
        if demonym is not None:
            return self._demonym(first, last, label, demonym.iso3, demonym.name, text)
        capital = knowledge.country_by_capital(text)
        # A capital the NER model reads as an organisation stands for the government
        # ("CANBERRA rejected ..."), as when it acts.
        if capital is not None and (agentive or label == "ORG"):
            return actor(("country", capital.iso3), "country", capital.name, capital.iso3, "GOV",
                         capital.iso3 + "GOV")
        organisation = knowledge.organisation(text)
        if organisation is not None:
            return actor(("organisation", organisation.name), "organisation", organisation.name,
                         organisation.country, organisation.sector, organisation.code)
        if label == "ORG" and self._is_region(text):
            # "Transnistria rejected the plan": a region the NER model takes for a body.
            return actor(("place", text), "place", text, None, None, None, CONFIDENCE_NER)
        if label in ("GPE", "LOC", "FAC") and self._speaks(head):
            # An unknown "place" that says things is a person the NER model mislabelled.
            return actor(("person", text), "person", text, None, None, None, CONFIDENCE_NER)
        if label in ("GPE", "LOC", "FAC"):
            return actor(("place", text), "place", text, capital.iso3 if capital else None, None,
                         None, CONFIDENCE_NER)
        if label == "ORG":
            return self._organisation(first, last, text)
        if label == "NORP":
            region = self.gazetteer.resolve(text) if self._is_region(text) else None
            if region is not None and region.country is not None:
                # "Rakhine rebels": people named after a region are coded with its country, and
                # never stand for its government.
                grouped = self._demonym(first, last, label, region.country, region.name, text)
                if grouped.type == "group" and grouped.sector not in (None, "GOV"):
                    return grouped
                return self._group(first, last, label, region.country, None, text)
            return actor(("group", text), "group", text, None, None, None, CONFIDENCE_NER)
        return None

    def _demonym(self, first: int, last: int, label: str, iso3: str, country_name: str,
                 text: str) -> _Actor:
        """"Russian delegations", "Russian forces", "Ukrainians": an actor of the country."""
        token = self.tokens[self._head(first, last)]
        while token.dep == "conj" and token.head != token.i:
            token = self.tokens[token.head]
        noun = self.tokens[token.head] if token.dep in ("amod", "compound", "nmod") else None
        sector = None
        between: list[str] = []
        if noun is not None:
            # "Georgian police officers": the words between the demonym and the noun count.
            between = [t.text for t in self.tokens[token.i + 1:noun.i]
                       if t.head == noun.i and t.dep in ("compound", "amod")]
            sector = self.knowledge.phrase_sector([word.lower() for word in between],
                                                  (noun.lemma.lower(), noun.text.lower()))
        sentence = self.tokens[first].sentence
        if sector is None and noun is None and text.endswith("s") and label == "NORP":
            return _Actor(first=first, last=last, sentence=sentence, label=label,
                          key=("group", iso3, ""), type="group", name=text, country=iso3,
                          code=iso3)
        if sector in (None, "GOV"):
            return _Actor(first=first, last=last, sentence=sentence, label=label,
                          key=("country", iso3), type="country", name=country_name, country=iso3,
                          sector=sector, code=_code(iso3, sector))
        assert noun is not None
        return self._group(first, last, label, iso3, sector, " ".join([text, *between, noun.text]))

    def _group(self, first: int, last: int, label: str, iso3: str, sector: str | None,
               name: str) -> _Actor:
        return _Actor(first=first, last=last, sentence=self.tokens[first].sentence, label=label,
                      key=("group", iso3, sector or ""), type="group", name=name, country=iso3,
                      sector=sector, code=_code(iso3, sector))

    def _organisation(self, first: int, last: int, text: str) -> _Actor:
        country = None
        sector = None
        for token in self.tokens[first:last]:
            country = country or self._country_code(token.text)
            lemma = token.lemma.lower()
            if lemma in ADJECTIVAL_RANKS and token.i + 1 < last:
                # "General Assembly", "General Motors": the rank only in a listed phrase
                # ("General Staff").
                lemma = f"{lemma} {self.tokens[token.i + 1].lemma.lower()}"
            elif lemma in ADJECTIVAL_RANKS and token.i > first:
                # "Office of the Inspector General": the office before it names the sector.
                sector = self.knowledge.phrase_sector([self.tokens[token.i - 1].lemma.lower()],
                                                      (lemma,)) or sector
                continue
            sector = self.knowledge.agent_sector(lemma) or sector
        if country is None:
            for child in self.children.get(self._head(first, last), []):
                if child.i < first and child.dep in ("amod", "compound", "poss"):
                    country = country or self._country_code(child.text)
        if country is None:
            country = self._place_prefix_country(first, last)
        return _Actor(first=first, last=last, sentence=self.tokens[first].sentence, label="ORG",
                      key=("organisation", text), type="organisation", name=text, country=country,
                      sector=sector, code=_code(country, sector), confidence=CONFIDENCE_NER)

    def _place_prefix_country(self, first: int, last: int) -> str | None:
        """"Cusco Workers Militia", "Lagos State Fire Service": an organisation named
        after a place belongs to the place's country. One-word places count only when they are
        capitals or regions, as many towns share their name with a word or a surname."""
        for end in range(last - 1, first, -1):
            phrase = self._span_text(first, end)
            if end - first >= 2:
                place = self.gazetteer.resolve(phrase)
                if place is not None and place.country:
                    return place.country
            elif self._is_region(phrase):
                place = self.gazetteer.resolve(phrase)
                return place.country if place is not None else None
            else:
                capital = self.knowledge.country_by_capital(phrase)
                if capital is not None:
                    return capital.iso3
        return None

    def _speaks(self, index: int) -> bool:
        token = self.tokens[index]
        return token.dep == "nsubj" and self.tokens[token.head].lemma in SPEECH_VERBS

    def _is_agentive(self, index: int) -> bool:
        token = self.tokens[index]
        while token.dep in ("conj", "appos") and token.head != token.i:
            token = self.tokens[token.head]
        if token.dep in AGENTIVE:
            return True
        if token.dep == "pobj" and self.tokens[token.head].lemma == "by":
            return True
        return False

    def _head(self, first: int, last: int) -> int:
        for i in range(first, last):
            if not first <= self.tokens[i].head < last or self.tokens[i].head == i:
                return i
        return last - 1

    def _span_text(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start:self.tokens[last - 1].end]

    # --- merging ----------------------------------------------------------------------------

    def _merge(self, actors: list[_Actor]) -> list[Entity]:
        groups: dict[tuple[str, ...], list[_Actor]] = {}
        for actor in sorted(actors, key=lambda a: a.first):
            groups.setdefault(actor.key, []).append(actor)
        total = max(1, len(actors))
        sentences = max(1, len(self.parse.sentences))
        entities = []
        for number, members in enumerate(sorted(groups.values(), key=lambda m: m[0].first), 1):
            entities.append(self._entity(f"e{number}", members, total, sentences))
        return entities

    def _entity(self, entity_id: str, members: list[_Actor], total: int, sentences: int) -> Entity:
        first = members[0]
        mentions = [Mention(start=self.tokens[a.first].start, end=self.tokens[a.last - 1].end,
                            text=self._span_text(a.first, a.last), sentence=a.sentence,
                            label=a.label, code=a.code, confidence=a.confidence)
                    for a in members]
        codes = [a.code for a in members if a.code]
        code = max(codes, key=lambda c: (len(c) > 3, codes.count(c))) if codes else None
        sector = next((a.sector for a in members if a.code == code and a.sector), None)
        aliases = sorted({m.text for m in mentions} | set(first.aliases) - {first.name})
        salience = round(0.5 * len(members) / total + 0.5 * (1 - first.sentence / sentences), 4)
        return Entity(id=entity_id, name=first.name, type=first.type, mentions=mentions,
                      country=first.country, sector=sector, code=code, office=first.office,
                      aliases=aliases, evidence=[Span(m.start, m.end, m.text) for m in mentions[:3]],
                      confidence=round(max(a.confidence for a in members), 3), salience=salience)


def _is_punctuation(text: str) -> bool:
    return not any(char.isalnum() for char in text)


SHARED_ROLES = frozenset({"envoy", "adviser", "spokesperson", "deputy_foreign_minister"})
"""Roles that many people of one country hold at once: a title alone names none of them."""
SURNAME_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos"})
"""Where a lone surname the NER model missed is read as a person: as a party, not a modifier."""


def _code(country: str | None, sector: str | None) -> str | None:
    if country is None:
        return None
    return country + (sector or "")


def _first_names_agree(left: str, right: str) -> bool:
    if left == right:
        return True
    left, right = left.rstrip(".").lower(), right.rstrip(".").lower()
    if len(left) == 1 or len(right) == 1:
        return left[0] == right[0]
    # Transliterations differ in a letter or two: Sergei / Sergey, Volodymyr / Vladimir.
    return left[:3] == right[:3]


def _copy_title(source: _PersonCluster, target: _PersonCluster) -> None:
    target.office = target.office or source.office
    target.role = target.role or source.role
    target.country = target.country or source.country
    target.sector = target.sector or source.sector
    target.organisation = target.organisation or source.organisation
