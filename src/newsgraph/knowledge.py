"""The built-in knowledge of countries, office holders, organisations and agents, plus users' actor dictionaries."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Generic, NoReturn, TypeVar

import yaml

from newsgraph.datafiles import read_data_file
from newsgraph.errors import ConfigError, Messages

ROLES = (
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "igo_head",
    "military_chief", "intelligence_chief", "deputy_foreign_minister", "spokesperson", "envoy",
    "adviser", "other",
)
"""The roles an office can play, most senior first (``current_office`` prefers the earlier)."""

SECTORS = frozenset({
    # primary and secondary role codes of the CAMEO actor codebook
    "GOV", "MIL", "REB", "INS", "SEP", "OPP", "PTY", "COP", "JUD", "SPY", "UAF", "LEG",
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "MED", "REF",
    "MOD", "RAD",
    # international and transnational generic codes
    "IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT",
    # religion
    "REL", "MUS", "CHR", "JEW", "BUD", "HIN",
})
"""Three-letter CAMEO sector codes; a sector may combine several (``GOVMIL``)."""

ORGANISATION_TYPES = ("igo", "ngo", "government", "military", "business", "media", "armed_group",
                      "party", "legislature", "court", "education")
"""The kinds of organisation an organisations file may list."""

# A former office holder is still named by surname alone for some years ("Blair said" in 2010).
SURNAME_YEARS_AFTER = 8
INTERNATIONAL_PREFIXES = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT"})
ADJECTIVAL_RANKS = frozenset({"general"})
"""Rank nouns that are also adjectives: after an office ("consul general", "director general")
or before another noun of a name ("General Assembly", "General Motors") they name no rank."""
"""First groups of actor codes that belong to no single country."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT_TAGS = frozenset({"str", "int", "float", "bool", "timestamp"})
_APOSTROPHES = {ord(mark): "'" for mark in "\u2019\u2018\u02bc\u0060\u00b4\u2032"}
_UNDECOMPOSED = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th"})
_DASHES = re.compile(r"[\-\u2010-\u2015]+")
_ABBREVIATION_DOT = re.compile(r"(?<=\w)\.")
_INNER_COMMA = re.compile(r",(?=\s*\w)")
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|sir|dame|lord|lady)\s+", re.IGNORECASE)
_ABBREVIATION = re.compile(r"[A-Z0-9]{1,3}")
_CODE = re.compile(r"(?:[A-Z]{3})+")


@dataclass(frozen=True)
class Metonym:
    """A place or building that stands for part of a state: "Kremlin" for the Russian government."""

    text: str
    iso3: str
    sector: str


@dataclass(frozen=True)
class Country:
    """A sovereign state (or Palestine, Kosovo, Taiwan) and the words that name it."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[Metonym, ...] = ()


@dataclass(frozen=True)
class Office:
    """One spell in one office; ``end`` is None while it lasts, ``start`` None when not known."""

    title: str
    role: str
    sector: str
    start: date | None = None
    end: date | None = None
    organisation: str | None = None
    country: str | None = None
    note: str | None = None

    def held_on(self, on: date | None) -> bool:
        """Whether the office was held on ``on``; with no date, whether it is held now."""
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Person:
    """Someone newsgraph knows by name, with the offices they held."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    offices: tuple[Office, ...] = ()
    surnames: tuple[str, ...] | None = None
    note: str | None = None


@dataclass(frozen=True)
class Organisation:
    """An international organisation or a named body, with its CAMEO actor code."""

    name: str
    aliases: tuple[str, ...]
    code: str
    country: str | None
    sector: str
    type: str
    note: str | None = None


@dataclass(frozen=True)
class Title:
    """The words of an office title and what they mean: "Secretary of State" is a foreign_minister."""

    title: str
    role: str
    sector: str


@dataclass(frozen=True)
class OfficeReference:
    """A title with the country or organisation qualifying it: "the Kremlin spokesman"."""

    title: str
    role: str
    sector: str
    country: str | None = None
    organisation: str | None = None


@functools.lru_cache(maxsize=65_536)
def normalise(text: str) -> str:
    """The form names are compared in: no accents, hyphens, leading "the" or trailing "'s", and no
    periods or commas inside a name ("U.S.", "Washington, D.C."). Stray punctuation around a name
    is kept, so "Riyadh," does not match "Riyadh". Case is kept; casefold to ignore it.
    """
    text = text.translate(_APOSTROPHES).translate(_UNDECOMPOSED)
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    text = _INNER_COMMA.sub(" ", _ABBREVIATION_DOT.sub("", text))
    text = " ".join(_DASHES.sub(" ", text).split())
    text = _POSSESSIVE.sub("", text).strip()
    return _ARTICLE.sub("", text)


T = TypeVar("T")


class _Names(Generic[T]):
    """Names to things: short all-capital abbreviations ("US", "UN", "RUS") match only in capitals."""

    def __init__(self) -> None:
        self.exact: dict[str, T] = {}
        self.folded: dict[str, T] = {}

    def add(self, text: str, value: T) -> None:
        key = normalise(text)
        if _ABBREVIATION.fullmatch(key.replace(" ", "")) and any(char.isalpha() for char in key):
            self.exact[key.replace(" ", "")] = value
        elif key:
            self.folded[key.casefold()] = value

    def get(self, text: str) -> T | None:
        key = normalise(text)
        compact = key.replace(" ", "")
        if compact in self.exact:
            return self.exact[compact]
        return self.folded.get(key.casefold())


class Knowledge:
    """Countries, people, organisations, agent nouns and titles, with the lookups the stages need.

    Build it with ``Knowledge.load(extra_files)``; it is immutable once built.
    """

    def __init__(self, countries: Sequence[Country], people: Sequence[Person],
                 organisations: Sequence[Organisation], agents: dict[str, str],
                 titles: dict[str, Title]) -> None:
        self._countries = tuple(countries)
        self._people = tuple(people)
        self._organisations = tuple(organisations)
        self._agents = dict(agents)
        self._titles = dict(titles)
        self._by_iso3 = {country.iso3: country for country in self._countries}
        self._country_names: _Names[Country] = _Names()
        self._country_codes: _Names[Country] = _Names()
        self._demonyms: _Names[Country] = _Names()
        self._capitals: _Names[Country] = _Names()
        self._metonyms: _Names[Metonym] = _Names()
        for country in self._countries:
            self._country_codes.add(country.iso3, country)
            for name in (country.name, *country.aliases):
                self._country_names.add(name, country)
            for demonym in country.demonyms:
                self._demonyms.add(demonym, country)
            for capital in country.capitals:
                self._capitals.add(capital, country)
            for metonym in country.metonyms:
                self._metonyms.add(metonym.text, metonym)
        self._organisation_names: _Names[Organisation] = _Names()
        for organisation in self._organisations:
            for name in (organisation.name, *organisation.aliases):
                self._organisation_names.add(name, organisation)
        self._full_names: dict[str, list[Person]] = {}
        self._surnames: dict[str, list[Person]] = {}
        for person in self._people:
            for name in (person.name, *person.aliases):
                _append_once(self._full_names, _person_key(name), person)
            for surname in _surnames_of(person):
                _append_once(self._surnames, _person_key(surname), person)

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Knowledge:
        """The built-in knowledge, extended and overridden (by name) by users' actor files."""
        sources = tuple(_source(Path(path)) for path in extra_files)
        return _load(sources)

    @property
    def countries(self) -> tuple[Country, ...]:
        """Every known country, in file order."""
        return self._countries

    @property
    def people(self) -> tuple[Person, ...]:
        """Every known person, built-in first, then those the users' files add."""
        return self._people

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """Every known organisation, built-in first, then those the users' files add."""
        return self._organisations

    @property
    def agent_nouns(self) -> Mapping[str, str]:
        """Agent noun (normalised, plural forms included) to CAMEO sector."""
        return MappingProxyType(self._agents)

    # --- countries ----------------------------------------------------------------------------

    def country(self, text: str, *, codes: bool = True) -> Country | None:
        """The country a name, alias or upper-case ISO3 code stands for: "Britain", "U.S.", "RUS".

        With ``codes`` false a bare ISO3 code counts only where it is also an alias ("USA"): in
        running text "PAN" is a Mexican party and "CAN" a verb far more often than a country.
        """
        found = self._country_names.get(text)
        if found is None and codes:
            found = self._country_codes.get(text)
        return found

    def country_by_iso3(self, code: str) -> Country | None:
        """The country with this ISO3 code."""
        return self._by_iso3.get(code.strip().upper())

    def country_by_demonym(self, text: str) -> Country | None:
        """The country of a demonym or adjective: "Russian", "Ukrainians", "Saudi"."""
        return self._demonyms.get(text)

    def country_by_capital(self, text: str) -> Country | None:
        """The country whose capital this is: "Kyiv" and "Kiev" are both Ukraine."""
        return self._capitals.get(text)

    def metonym(self, text: str) -> Metonym | None:
        """A place standing for part of a state: "the Kremlin" is RUS GOV, "the Pentagon" USA GOVMIL."""
        return self._metonyms.get(text)

    # --- people -------------------------------------------------------------------------------

    def people_named(self, name: str, on: date | None = None) -> list[Person]:
        """People with this name or alias, or else the one known person with this surname.

        With a date, several matches are narrowed to those holding an office on that day, and a
        surname shared by several people can still resolve to the one then in office.
        """
        on = _as_date(on)
        key = _person_key(name)
        matches = self._full_names.get(key)
        if matches:
            return _narrow(matches, on)
        known = self._surnames.get(key, [])
        if on is not None:
            # A surname alone is common ("Brown said"): it names a known office holder only
            # from shortly before their first office until some years after their last.
            known = [person for person in known if _in_public_life(person, on)]
        by_surname = _narrow(known, on)
        return by_surname if len(by_surname) == 1 else []

    def office_holder(self, country_iso3: str | None, role: str, on: date | None,
                      *, organisation: str | None = None) -> Person | None:
        """Who held a role for a country (or, with ``country_iso3`` None, an organisation) on a day.

        ``on`` None means now. Where a president is both head of state and of government only
        head_of_state is recorded, so head_of_government falls back to it. When several people
        hold the role on the day (a handover), the one who took office last is returned.
        """
        on = _as_date(on)
        found = self._holder(country_iso3, role, on, organisation)
        if found is None and role == "head_of_government":
            found = self._holder(country_iso3, "head_of_state", on, organisation)
        return found

    def current_office(self, person: Person, on: date | None = None) -> Office | None:
        """The most senior office ``person`` held on ``on`` (None: holds now)."""
        on = _as_date(on)
        held = [office for office in person.offices if office.held_on(on)]
        if not held:
            return None
        return min(held, key=lambda office: (ROLES.index(office.role), -_ordinal(office.start)))

    def office_country(self, person: Person, office: Office) -> str | None:
        """The country an office serves: its own ``country``, its organisation's, or the person's."""
        if office.country is not None:
            return office.country
        if office.organisation is not None:
            prefix = office.organisation[:3]
            return prefix if prefix in self._by_iso3 else None
        return person.country

    # --- organisations, agents and titles -----------------------------------------------------

    def organisation(self, text: str) -> Organisation | None:
        """The organisation a name or abbreviation stands for: "NATO", "the U.N.", "Amnesty"."""
        return self._organisation_names.get(text)

    def agent_sector(self, noun: str) -> str | None:
        """The CAMEO sector an agent noun signals, singular or plural: "troops" is MIL."""
        return self._agents.get(_title_key(noun))

    def phrase_sector(self, modifiers: Sequence[str], forms: Sequence[str]) -> str | None:
        """The sector of a noun with the words before it: the longest listed phrase wins, so
        "police officers" is COP although "officers" alone is MIL. ``forms`` are the noun's
        lemma and text. An adjectival rank after an office is the office's: "consul general"
        is the consul's sector, GOV."""
        if modifiers and forms and forms[0] in ADJECTIVAL_RANKS:
            for first in range(len(modifiers)):
                listed = self.agent_sector(" ".join([*modifiers[first:], forms[0]]))
                if listed is not None:  # "attorney general" is listed: JUD
                    return listed
            office = self.phrase_sector(modifiers[:-1], (modifiers[-1],))
            if office is not None:
                return office
        for first in range(len(modifiers) + 1):
            words = " ".join(modifiers[first:])
            for form in forms:
                phrase = f"{words} {form}" if words else form
                # An office title names its sector too: "army chief" is MIL.
                title = self._titles.get(_title_key(phrase)) if words else None
                sector = self.agent_sector(phrase) or (title.sector if title else None)
                if sector is not None:
                    return sector
        return None

    def office_title(self, words: str) -> tuple[str, str, str] | None:
        """(title, role, sector) when ``words`` are exactly an office title: "Secretary of State".

        Qualifiers are not read here ("Russian", "Kremlin"); ``office_reference`` reads them.
        """
        found = self._titles.get(_title_key(words))
        return (found.title, found.role, found.sector) if found else None

    def office_reference(self, words: str) -> OfficeReference | None:
        """A title with what qualifies it: "Russian Foreign Minister", "Kremlin spokesman", "NATO chief".

        The qualifier is a country, demonym, metonym or organisation before the title; a metonym
        or organisation lends its sector to a spokesperson, envoy or other official.
        """
        text = normalise(words)
        found = self._titles.get(_title_key(text))
        if found is not None:
            return OfficeReference(found.title, found.role, found.sector)
        tokens = text.split()
        for cut in range(1, len(tokens)):
            found = self._titles.get(_title_key(" ".join(tokens[cut:])))
            if found is None:
                continue
            qualifier = " ".join(tokens[:cut])
            sector = found.sector
            country = self.country(qualifier, codes=False) or self.country_by_demonym(qualifier)
            if country is not None:
                return OfficeReference(found.title, found.role, sector, country=country.iso3)
            metonym = self.metonym(qualifier)
            if metonym is not None:
                if found.role in ("spokesperson", "envoy", "other"):
                    sector = metonym.sector
                return OfficeReference(found.title, found.role, sector, country=metonym.iso3)
            organisation = self.organisation(qualifier)
            if organisation is not None:
                role = found.role
                if found.role in ("spokesperson", "envoy", "other", "igo_head"):
                    sector = organisation.sector
                if organisation.type == "igo" and found.title == "chief":
                    role = "igo_head"
                international = organisation.country is None
                return OfficeReference(found.title, role, sector, country=organisation.country,
                                       organisation=organisation.code if international else None)
        return None

    def _holder(self, country_iso3: str | None, role: str, on: date | None,
                organisation: str | None) -> Person | None:
        best: tuple[int, Person] | None = None
        for person in self._people:
            for office in person.offices:
                if office.role != role or not office.held_on(on):
                    continue
                if organisation is not None and office.organisation != organisation:
                    continue
                if self.office_country(person, office) != country_iso3:
                    continue
                started = _ordinal(office.start)
                if best is None or started > best[0]:
                    best = (started, person)
        return best[1] if best else None


# --- loading ---------------------------------------------------------------------------------


def _source(path: Path) -> tuple[str, str, int]:
    """The path as given (for messages), resolved, and its modification time (for the cache)."""
    if not path.is_file():
        raise ConfigError(Messages.DICTIONARY_NOT_FOUND, path=path)
    return str(path), str(path.resolve()), path.stat().st_mtime_ns


@functools.lru_cache(maxsize=8)
def _load(sources: tuple[tuple[str, str, int], ...]) -> Knowledge:
    """Read, check and merge the built-in files and the users' files (keyed by path and mtime)."""
    data = resources.files("newsgraph").joinpath("data")
    countries = _read_countries(_Document.open(data.joinpath("countries.yaml")))
    known = frozenset(country.iso3 for country in countries)
    people: dict[str, Person] = {}
    organisations: dict[str, Organisation] = {}
    _read_actors(_Document.open(data.joinpath("actors.yaml")), known, people, organisations,
                 expected="a 'people' list")
    _read_actors(_Document.open(data.joinpath("organisations.yaml")), known, people, organisations,
                 expected="an 'organisations' list")
    agents, titles = _read_agents(_Document.open(data.joinpath("agents.yaml")))
    for path, _, _ in sources:
        user_people: dict[str, Person] = {}
        user_organisations: dict[str, Organisation] = {}
        _read_actors(_Document.open(Path(path)), known, user_people, user_organisations,
                     expected="'people' and/or 'organisations' lists")
        people.update(user_people)
        organisations.update(user_organisations)
    return Knowledge(countries, list(people.values()), list(organisations.values()), agents, titles)


class _Document:
    """One YAML file being read: nodes become checked values, problems messages naming file and line."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        try:
            self.root: yaml.Node | None = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            self.fail_at(mark.line + 1 if mark else 1, Messages.DICTIONARY_YAML,
                         problem=error.problem or error.context or "unreadable")
        except yaml.YAMLError as error:
            self.fail_at(1, Messages.DICTIONARY_YAML, problem=error)

    @classmethod
    def open(cls, file: Path | Traversable) -> _Document:
        return cls(str(file), read_data_file(file))

    def fail_at(self, line: int, template: str, **values: object) -> NoReturn:
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=self.path, line=line,
                          detail=template.format(**values))

    def fail(self, node: yaml.Node, template: str, **values: object) -> NoReturn:
        self.fail_at(node.start_mark.line + 1, template, **values)

    def top(self, expected: str, *, required: Sequence[str] = (),
            optional: Sequence[str] = ()) -> dict[str, yaml.Node]:
        """The file's top-level mapping, which must have only the keys named."""
        if self.root is None:
            self.fail_at(1, Messages.DICTIONARY_EMPTY, expected=expected)
        return self.mapping(self.root, "the file", required=required, optional=optional)

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        """A mapping with free keys, as (key node, value node) pairs; keys must be distinct texts."""
        self.mapping(node, what)
        assert isinstance(node, yaml.MappingNode)
        return list(node.value)

    def mapping(self, node: yaml.Node, what: str, *, required: Sequence[str] = (),
                optional: Sequence[str] | None = None) -> dict[str, yaml.Node]:
        """A mapping's values by key; with ``optional`` given, other keys are refused."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, Messages.DICTIONARY_WRONG_TYPE, what=what, expected="a mapping",
                      found=_kind(node))
        found: dict[str, yaml.Node] = {}
        allowed = None if optional is None else (*required, *optional)
        for key_node, value_node in node.value:
            key = self.text(key_node, f"a key of {what}")
            if key in found:
                self.fail(key_node, Messages.DICTIONARY_REPEATED_KEY, key=key, what=what)
            if allowed is not None and key not in allowed:
                self.fail(key_node, Messages.DICTIONARY_UNKNOWN_KEY, key=key, what=what,
                          choices=", ".join(allowed))
            found[key] = value_node
        for key in required:
            if key not in found:
                self.fail(node, Messages.DICTIONARY_MISSING_KEY, what=what, key=key)
        return found

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, Messages.DICTIONARY_WRONG_TYPE, what=what, expected="a list",
                      found=_kind(node))
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        value = self.optional_text(node, what)
        if value is None or not value.strip():
            self.fail(node, Messages.DICTIONARY_WRONG_TYPE, what=what, expected="some text",
                      found="nothing")
        return value.strip()

    def optional_text(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None or _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode) or _tag(node) not in _TEXT_TAGS:
            self.fail(node, Messages.DICTIONARY_WRONG_TYPE, what=what, expected="text",
                      found=_kind(node))
        return str(node.value)

    def texts(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        """A list of texts (a single text is taken as a list of one)."""
        if node is None or _is_null(node):
            return ()
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        return tuple(self.text(item, f"an item of {what}") for item in self.sequence(node, what))

    def date(self, node: yaml.Node | None, what: str) -> date | None:
        if node is None or _is_null(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            try:
                return date.fromisoformat(str(node.value).strip())
            except ValueError:
                pass
        self.fail(node, Messages.DICTIONARY_BAD_DATE, what=what, value=_shown(node))

    def choice(self, node: yaml.Node, what: str, choices: Sequence[str]) -> str:
        value = self.text(node, what)
        if value not in choices:
            self.fail(node, Messages.DICTIONARY_UNKNOWN_VALUE, what=what, value=value,
                      choices=", ".join(choices))
        return value

    def sector(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        groups = [value[i:i + 3] for i in range(0, len(value), 3)]
        if len(value) % 3 or not all(group in SECTORS for group in groups):
            self.fail(node, Messages.DICTIONARY_UNKNOWN_SECTOR, what=what, value=value)
        return value

    def country(self, node: yaml.Node | None, what: str, known: frozenset[str]) -> str | None:
        value = self.optional_text(node, what)
        if value is None:
            return None
        if value not in known:
            assert node is not None
            self.fail(node, Messages.DICTIONARY_UNKNOWN_COUNTRY, what=what, value=value)
        return value

    def code(self, node: yaml.Node | None, what: str, known: frozenset[str]) -> str | None:
        value = self.optional_text(node, what)
        if value is None:
            return None
        assert node is not None
        prefix = value[:3]
        if not _CODE.fullmatch(value) or (prefix not in known and prefix not in INTERNATIONAL_PREFIXES):
            self.fail(node, Messages.DICTIONARY_BAD_CODE, what=what, value=value)
        return value


def _read_countries(document: _Document) -> list[Country]:
    top = document.top("a 'countries' list", required=("countries",))
    countries: list[Country] = []
    seen: dict[str, int] = {}
    for node in document.sequence(top["countries"], "countries"):
        fields = document.mapping(node, "a country", required=("iso3", "iso2", "name"),
                                  optional=("aliases", "demonyms", "capitals", "metonyms"))
        iso3 = document.text(fields["iso3"], "iso3")
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            document.fail(fields["iso3"], Messages.DICTIONARY_UNKNOWN_COUNTRY, what="iso3", value=iso3)
        if iso3 in seen:
            document.fail(node, Messages.DICTIONARY_REPEATED_ENTRY, what="country", name=iso3,
                          first=seen[iso3])
        seen[iso3] = node.start_mark.line + 1
        metonyms: list[Metonym] = []
        if "metonyms" in fields:
            for text_node, sector_node in document.pairs(fields["metonyms"], f"metonyms of {iso3}"):
                text = document.text(text_node, f"a metonym of {iso3}")
                metonyms.append(Metonym(text, iso3, document.sector(sector_node, f"sector of '{text}'")))
        countries.append(Country(
            iso3=iso3,
            iso2=document.text(fields["iso2"], "iso2"),
            name=document.text(fields["name"], "name"),
            aliases=document.texts(fields.get("aliases"), "aliases"),
            demonyms=document.texts(fields.get("demonyms"), "demonyms"),
            capitals=document.texts(fields.get("capitals"), "capitals"),
            metonyms=tuple(metonyms),
        ))
    return countries


def _read_actors(document: _Document, known: frozenset[str], people: dict[str, Person],
                 organisations: dict[str, Organisation], *, expected: str) -> None:
    """People and organisations of one file into ``people`` and ``organisations``, keyed by name."""
    top = document.top(expected, optional=("people", "organisations"))
    lines: dict[str, int] = {}
    if "people" in top:
        for node in document.sequence(top["people"], "people"):
            person = _read_person(document, node, known)
            key = "person " + _person_key(person.name)
            if key in lines:
                document.fail(node, Messages.DICTIONARY_REPEATED_ENTRY, what="person",
                              name=person.name, first=lines[key])
            lines[key] = node.start_mark.line + 1
            people[_person_key(person.name)] = person
    if "organisations" in top:
        for node in document.sequence(top["organisations"], "organisations"):
            organisation = _read_organisation(document, node, known)
            key = "organisation " + normalise(organisation.name).casefold()
            if key in lines:
                document.fail(node, Messages.DICTIONARY_REPEATED_ENTRY, what="organisation",
                              name=organisation.name, first=lines[key])
            lines[key] = node.start_mark.line + 1
            organisations[normalise(organisation.name).casefold()] = organisation


def _read_person(document: _Document, node: yaml.Node, known: frozenset[str]) -> Person:
    fields = document.mapping(node, "a person", required=("name",),
                              optional=("aliases", "surnames", "country", "offices", "note"))
    name = document.text(fields["name"], "name")
    what = f"person '{name}'"
    offices: list[Office] = []
    if "offices" in fields:
        for office_node in document.sequence(fields["offices"], f"offices of {what}"):
            offices.append(_read_office(document, office_node, known, name))
    surnames = None
    if "surnames" in fields:
        surnames = document.texts(fields["surnames"], f"surnames of {what}")
    return Person(
        name=name,
        aliases=document.texts(fields.get("aliases"), f"aliases of {what}"),
        country=document.country(fields.get("country"), f"country of {what}", known),
        offices=tuple(offices),
        surnames=surnames,
        note=document.optional_text(fields.get("note"), "note"),
    )


def _read_office(document: _Document, node: yaml.Node, known: frozenset[str], name: str) -> Office:
    fields = document.mapping(node, f"an office of '{name}'", required=("title", "role", "sector"),
                              optional=("start", "end", "organisation", "country", "note"))
    title = document.text(fields["title"], "title")
    what = f"office '{title}' of '{name}'"
    start = document.date(fields.get("start"), f"start of {what}")
    end = document.date(fields.get("end"), f"end of {what}")
    if start is not None and end is not None and end < start:
        document.fail(node, Messages.DICTIONARY_DATE_ORDER, what=what, start=start, end=end)
    return Office(
        title=title,
        role=document.choice(fields["role"], f"role of {what}", ROLES),
        sector=document.sector(fields["sector"], f"sector of {what}"),
        start=start,
        end=end,
        organisation=document.code(fields.get("organisation"), f"organisation of {what}", known),
        country=document.country(fields.get("country"), f"country of {what}", known),
        note=document.optional_text(fields.get("note"), "note"),
    )


def _read_organisation(document: _Document, node: yaml.Node, known: frozenset[str]) -> Organisation:
    fields = document.mapping(node, "an organisation", required=("name", "code", "sector", "type"),
                              optional=("aliases", "country", "note"))
    name = document.text(fields["name"], "name")
    what = f"organisation '{name}'"
    code = document.code(fields["code"], f"code of {what}", known)
    assert code is not None
    country = document.country(fields.get("country"), f"country of {what}", known)
    if code[:3] in known and country != code[:3]:
        document.fail(fields["code"], Messages.DICTIONARY_CODE_COUNTRY, code=code, prefix=code[:3],
                      country=country or "null")
    return Organisation(
        name=name,
        aliases=document.texts(fields.get("aliases"), f"aliases of {what}"),
        code=code,
        country=country,
        sector=document.sector(fields["sector"], f"sector of {what}"),
        type=document.choice(fields["type"], f"type of {what}", ORGANISATION_TYPES),
        note=document.optional_text(fields.get("note"), "note"),
    )


def _read_agents(document: _Document) -> tuple[dict[str, str], dict[str, Title]]:
    top = document.top("'agents' and 'titles'", required=("agents", "titles"))
    agents: dict[str, str] = {}
    lines: dict[str, int] = {}
    for sector_node, nouns_node in document.pairs(top["agents"], "agents"):
        sector = document.sector(sector_node, "agent sector")
        for noun_node in document.sequence(nouns_node, f"nouns of {sector}"):
            noun = document.text(noun_node, f"a noun of {sector}")
            key = _title_key(noun)
            if key in lines:
                document.fail(noun_node, Messages.DICTIONARY_REPEATED_ENTRY, what="agent noun",
                              name=noun, first=lines[key])
            lines[key] = noun_node.start_mark.line + 1
            agents[key] = sector
            for plural in _plurals(key):
                agents.setdefault(plural, sector)
    titles: dict[str, Title] = {}
    titles_lines: dict[str, int] = {}
    for node in document.sequence(top["titles"], "titles"):
        fields = document.mapping(node, "a title", required=("title", "role", "sector"),
                                  optional=("variants",))
        title = Title(document.text(fields["title"], "title"),
                      document.choice(fields["role"], "role", ROLES),
                      document.sector(fields["sector"], "sector"))
        for words in (title.title, *document.texts(fields.get("variants"), "variants")):
            key = _title_key(words)
            if key in titles and titles[key] != title:
                document.fail(node, Messages.DICTIONARY_REPEATED_ENTRY, what="title", name=words,
                              first=titles_lines[key])
            titles[key] = title
            titles_lines[key] = node.start_mark.line + 1
            for plural in _plurals(key):
                titles.setdefault(plural, title)
    return agents, titles


# --- helpers ---------------------------------------------------------------------------------


def _tag(node: yaml.Node) -> str:
    return str(node.tag).rsplit(":", 1)[-1]


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and _tag(node) == "null"


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    return f"'{node.value}'"


def _shown(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else _kind(node)


def _person_key(name: str) -> str:
    return _HONORIFIC.sub("", normalise(name)).casefold()


def _title_key(words: str) -> str:
    return normalise(words).casefold()


def _surnames_of(person: Person) -> tuple[str, ...]:
    if person.surnames is not None:
        return person.surnames
    found: list[str] = []
    for name in (person.name, *person.aliases):
        words = normalise(name).split()
        if len(words) > 1 and words[-1] not in found:
            found.append(words[-1])
    return tuple(found)


def _plurals(phrase: str) -> tuple[str, ...]:
    """Regular English plurals of a noun phrase: of its head before "of"/"in", else of its last word."""
    for glue in (" of ", " in "):
        head, found, rest = phrase.partition(glue)
        if found and " " not in head.strip():
            return tuple(plural + found + rest for plural in _plurals(head))
    start, _, last = phrase.rpartition(" ")
    prefix = start + " " if start else ""
    if last.endswith("man"):
        forms = [last[:-3] + "men"]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        forms = [last + "es"]
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        forms = [last[:-1] + "ies"]
    else:
        forms = [last + "s"]
    return tuple(prefix + form for form in forms)


def _append_once(index: dict[str, list[Person]], key: str, person: Person) -> None:
    if not key:
        return
    bucket = index.setdefault(key, [])
    if person not in bucket:
        bucket.append(person)


def _narrow(people: list[Person], on: date | None) -> list[Person]:
    if len(people) <= 1 or on is None:
        return list(people)
    in_office = [person for person in people if any(office.held_on(on) for office in person.offices)]
    return in_office or list(people)


def _in_public_life(person: Person, on: date) -> bool:
    """Whether a day falls between a year before a person's first office and
    ``SURNAME_YEARS_AFTER`` years after their last."""
    if not person.offices:
        return True
    starts = [office.start for office in person.offices]
    ends = [office.end for office in person.offices]
    first = None if any(start is None for start in starts) else min(s for s in starts if s)
    last = None if any(end is None for end in ends) else max(e for e in ends if e)
    early = first is None or on >= first - timedelta(days=365)
    late = last is None or on <= last + timedelta(days=365 * SURNAME_YEARS_AFTER)
    return early and late


def _as_date(on: date | None) -> date | None:
    return on.date() if isinstance(on, datetime) else on


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day is not None else 0
