"""Tests for the built-in knowledge files and their loader."""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pycountry
import pytest

from newsgraph.errors import ConfigError
from newsgraph.knowledge import ROLES, Knowledge, Person, normalise

G20_AND_UKRAINE = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX",
                   "RUS", "SAU", "ZAF", "KOR", "TUR", "GBR", "USA", "UKR")
CORE_ROLES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
KNOWN_VACANCIES = {
    ("CHN", "defence_minister", date(2023, 11, 15)), ("CHN", "defence_minister", date(2023, 12, 15)),
    ("MEX", "foreign_minister", date(2023, 6, 15)),
}
"""Months in which the office really stood empty (no acting holder is recorded)."""


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge.load()


def names(people: list[Person]) -> list[str]:
    return [person.name for person in people]


def holder(knowledge: Knowledge, country: str | None, role: str, on: date | None, **kwargs: str) -> str | None:
    found = knowledge.office_holder(country, role, on, **kwargs)
    return found.name if found else None


# --- loading ----------------------------------------------------------------------------------


def test_load_is_cached_per_set_of_files(knowledge: Knowledge) -> None:
    assert Knowledge.load() is knowledge


def test_counts(knowledge: Knowledge) -> None:
    assert len(knowledge.countries) == 197  # 193 UN members, the Holy See, Palestine, Kosovo, Taiwan
    assert len(knowledge.people) > 400
    assert len(knowledge.organisations) > 100
    assert len(knowledge.agent_nouns) > 300


# --- countries --------------------------------------------------------------------------------


def test_every_iso_code_is_real(knowledge: Knowledge) -> None:
    for country in knowledge.countries:
        if country.iso3 == "XKX":  # Kosovo: no ISO code, XKX/XK by common use
            assert country.iso2 == "XK"
            continue
        official = pycountry.countries.get(alpha_3=country.iso3)
        assert official is not None, country.iso3
        assert official.alpha_2 == country.iso2, country.iso3


def test_no_word_names_two_countries(knowledge: Knowledge) -> None:
    for words in ("names", "demonyms", "capitals"):
        owners: dict[str, set[str]] = defaultdict(set)
        for country in knowledge.countries:
            texts = (country.name, *country.aliases) if words == "names" else getattr(country, words)
            for text in texts:
                owners[normalise(text).casefold()].add(country.iso3)
        assert {key: iso3 for key, iso3 in owners.items() if len(iso3) > 1} == {}, words


@pytest.mark.parametrize(("text", "iso3"), [
    ("United States", "USA"), ("US", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("America", "USA"),
    ("the United States of America", "USA"), ("UK", "GBR"), ("Britain", "GBR"), ("Great Britain", "GBR"),
    ("Britain’s", "GBR"), ("Russia's", "RUS"), ("Russian Federation", "RUS"), ("Türkiye", "TUR"),
    ("Turkiye", "TUR"), ("Turkey", "TUR"), ("the Ukraine", "UKR"), ("DPRK", "PRK"), ("South Korea", "KOR"),
    ("Iran", "IRN"), ("UAE", "ARE"), ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("Kosovo", "XKX"),
    ("RUS", "RUS"), ("UKR", "UKR"),
])
def test_country_by_name_alias_or_code(knowledge: Knowledge, text: str, iso3: str) -> None:
    found = knowledge.country(text)
    assert found is not None and found.iso3 == iso3


@pytest.mark.parametrize("text", ["us", "Us", "rus", "ukr", "Narnia", ""])
def test_short_abbreviations_match_only_in_capitals(knowledge: Knowledge, text: str) -> None:
    assert knowledge.country(text) is None


def test_country_by_iso3(knowledge: Knowledge) -> None:
    found = knowledge.country_by_iso3("UKR")
    assert found is not None and found.name == "Ukraine" and found.iso2 == "UA"
    assert knowledge.country_by_iso3("XXX") is None


@pytest.mark.parametrize(("text", "iso3"), [
    ("American", "USA"), ("Americans", "USA"), ("Russian", "RUS"), ("Russians", "RUS"),
    ("Ukrainian", "UKR"), ("Ukrainians", "UKR"), ("British", "GBR"), ("Turkish", "TUR"),
    ("Saudi", "SAU"), ("Chinese", "CHN"), ("Israeli", "ISR"), ("Palestinians", "PSE"),
])
def test_demonyms(knowledge: Knowledge, text: str, iso3: str) -> None:
    found = knowledge.country_by_demonym(text)
    assert found is not None and found.iso3 == iso3


@pytest.mark.parametrize(("text", "iso3"), [
    ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Moscow", "RUS"), ("Washington", "USA"),
    ("Washington, D.C.", "USA"), ("Beijing", "CHN"), ("Peking", "CHN"), ("Ankara", "TUR"),
    ("Brasília", "BRA"), ("Brasilia", "BRA"),
])
def test_capitals(knowledge: Knowledge, text: str, iso3: str) -> None:
    found = knowledge.country_by_capital(text)
    assert found is not None and found.iso3 == iso3


def test_kiev_and_kyiv_are_the_same_country(knowledge: Knowledge) -> None:
    assert knowledge.country_by_capital("Kiev") == knowledge.country_by_capital("Kyiv") == knowledge.country("Ukraine")


@pytest.mark.parametrize(("text", "iso3", "sector"), [
    ("Kremlin", "RUS", "GOV"), ("the Kremlin", "RUS", "GOV"), ("Kremlin's", "RUS", "GOV"),
    ("White House", "USA", "GOV"), ("Pentagon", "USA", "GOVMIL"), ("State Department", "USA", "GOV"),
    ("Foggy Bottom", "USA", "GOV"), ("Capitol Hill", "USA", "LEG"), ("Downing Street", "GBR", "GOV"),
    ("No. 10", "GBR", "GOV"), ("Whitehall", "GBR", "GOV"), ("Élysée", "FRA", "GOV"), ("Elysee", "FRA", "GOV"),
    ("Quai d’Orsay", "FRA", "GOV"), ("Bankova", "UKR", "GOV"), ("Zhongnanhai", "CHN", "GOV"),
])
def test_metonyms(knowledge: Knowledge, text: str, iso3: str, sector: str) -> None:
    found = knowledge.metonym(text)
    assert found is not None and (found.iso3, found.sector) == (iso3, sector)


def test_a_country_is_not_a_metonym(knowledge: Knowledge) -> None:
    assert knowledge.metonym("Russia") is None


# --- people -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Vladimir Putin", "Vladimir Putin"), ("Putin", "Vladimir Putin"), ("Mr Putin", "Vladimir Putin"),
    ("Putin's", "Vladimir Putin"), ("Sergey Lavrov", "Sergei Lavrov"), ("Lavrov", "Sergei Lavrov"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelensky"), ("Zelenskiy", "Volodymyr Zelensky"),
    ("Tayyip Erdogan", "Recep Tayyip Erdoğan"), ("Erdogan", "Recep Tayyip Erdoğan"),
    ("Xi", "Xi Jinping"), ("MBS", "Mohammed bin Salman"), ("Lula", "Luiz Inácio Lula da Silva"),
    ("Dmitri Peskov", "Dmitry Peskov"), ("Kyrylo Budanov", "Kyrylo Budanov"),
])
def test_people_named(knowledge: Knowledge, text: str, name: str) -> None:
    assert names(knowledge.people_named(text)) == [name]


def test_shared_surname_needs_a_date(knowledge: Knowledge) -> None:
    assert knowledge.people_named("Kim") == []
    assert names(knowledge.people_named("Kim", date(2019, 1, 1))) == ["Kim Jong Un"]
    assert names(knowledge.people_named("Lee", date(2025, 8, 1))) == ["Lee Jae-myung"]


def test_unknown_person(knowledge: Knowledge) -> None:
    assert knowledge.people_named("Joe Bloggs") == []


@pytest.mark.parametrize(("country", "role", "on", "name"), [
    ("RUS", "head_of_state", date(2025, 3, 1), "Vladimir Putin"),
    ("RUS", "foreign_minister", date(2016, 1, 1), "Sergei Lavrov"),
    ("RUS", "defence_minister", date(2024, 5, 1), "Sergei Shoigu"),
    ("RUS", "defence_minister", date(2024, 6, 1), "Andrei Belousov"),
    ("USA", "head_of_state", date(2018, 1, 1), "Donald Trump"),
    ("USA", "head_of_state", date(2025, 1, 19), "Joe Biden"),
    ("USA", "head_of_state", date(2025, 1, 20), "Donald Trump"),  # the newcomer wins the handover day
    ("USA", "head_of_state", date(2025, 3, 1), "Donald Trump"),
    ("USA", "head_of_government", date(2022, 1, 1), "Joe Biden"),  # falls back to the president
    ("USA", "foreign_minister", date(2024, 6, 1), "Antony Blinken"),
    ("USA", "foreign_minister", date(2025, 6, 1), "Marco Rubio"),
    ("USA", "adviser", date(2025, 3, 1), "Mike Waltz"),
    ("USA", "adviser", date(2025, 6, 1), "Marco Rubio"),
    ("UKR", "head_of_state", date(2019, 5, 1), "Petro Poroshenko"),
    ("UKR", "head_of_state", date(2022, 2, 24), "Volodymyr Zelensky"),
    ("UKR", "military_chief", date(2023, 6, 1), "Valerii Zaluzhnyi"),
    ("UKR", "military_chief", date(2024, 6, 1), "Oleksandr Syrskyi"),
    ("TUR", "head_of_state", date(2014, 8, 1), "Abdullah Gül"),
    ("TUR", "head_of_state", date(2020, 1, 1), "Recep Tayyip Erdoğan"),
    ("TUR", "head_of_government", date(2017, 1, 1), "Binali Yıldırım"),
    ("TUR", "head_of_government", date(2020, 1, 1), "Recep Tayyip Erdoğan"),
    ("TUR", "foreign_minister", date(2024, 1, 1), "Hakan Fidan"),
    ("GBR", "head_of_government", date(2022, 10, 1), "Liz Truss"),
    ("DEU", "head_of_government", date(2025, 6, 1), "Friedrich Merz"),
    ("SAU", "head_of_government", date(2023, 1, 1), "Mohammed bin Salman"),
    ("CAN", "head_of_state", date(2024, 1, 1), "King Charles III"),
    ("IRN", "head_of_state", date(2024, 1, 1), "Ali Khamenei"),
    # the 1990s and 2000s
    ("USA", "foreign_minister", date(1994, 1, 1), "Warren Christopher"),
    ("USA", "defence_minister", date(2003, 3, 20), "Donald Rumsfeld"),
    ("RUS", "head_of_state", date(1995, 1, 1), "Boris Yeltsin"),
    ("RUS", "foreign_minister", date(2000, 1, 1), "Igor Ivanov"),
    ("GBR", "head_of_government", date(1992, 1, 1), "John Major"),
    ("GBR", "foreign_minister", date(2003, 3, 20), "Jack Straw"),
    ("FRA", "head_of_state", date(2003, 3, 20), "Jacques Chirac"),
    ("DEU", "head_of_government", date(1990, 10, 3), "Helmut Kohl"),
    ("CHN", "head_of_government", date(2000, 1, 1), "Zhu Rongji"),
    ("JPN", "head_of_government", date(2007, 1, 1), "Shinzo Abe"),
    ("ISR", "head_of_government", date(2006, 2, 1), "Ehud Olmert"),  # acting for Sharon
    ("PSE", "head_of_state", date(2000, 1, 1), "Yasser Arafat"),
    ("IRN", "head_of_government", date(2000, 1, 1), "Mohammad Khatami"),
    ("EGY", "head_of_state", date(2005, 1, 1), "Hosni Mubarak"),
    ("IRQ", "head_of_state", date(2002, 1, 1), "Saddam Hussein"),
    ("IRQ", "head_of_government", date(2008, 1, 1), "Nouri al-Maliki"),
    ("PAK", "head_of_state", date(2005, 1, 1), "Pervez Musharraf"),
    # outside the G20
    ("ZWE", "head_of_state", date(2005, 1, 1), "Robert Mugabe"),
    ("ZWE", "head_of_government", date(2010, 1, 1), "Morgan Tsvangirai"),  # a prime minister beside the president
    ("KEN", "head_of_government", date(2010, 1, 1), "Raila Odinga"),
    ("KEN", "head_of_state", date(2010, 1, 1), "Mwai Kibaki"),
    ("SDN", "head_of_state", date(2010, 1, 1), "Omar al-Bashir"),
    ("COD", "head_of_state", date(1999, 1, 1), "Laurent-Désiré Kabila"),
    ("COD", "head_of_state", date(2005, 1, 1), "Joseph Kabila"),
    ("NGA", "head_of_state", date(2010, 3, 1), "Goodluck Jonathan"),  # acting for the ailing Yar'Adua
    ("LBY", "head_of_state", date(2005, 1, 1), "Muammar Gaddafi"),
    ("TCD", "head_of_state", date(2022, 1, 1), "Mahamat Idriss Déby"),
    ("VEN", "head_of_state", date(2005, 1, 1), "Hugo Chávez"),
    ("CUB", "head_of_state", date(2010, 1, 1), "Raúl Castro"),
    ("BOL", "head_of_government", date(2010, 1, 1), "Evo Morales"),  # falls back to the president
    ("THA", "head_of_government", date(2005, 1, 1), "Thaksin Shinawatra"),
    ("KHM", "head_of_government", date(2010, 1, 1), "Hun Sen"),
    ("GEO", "head_of_state", date(2008, 8, 8), "Mikheil Saakashvili"),
    ("ESP", "head_of_government", date(2008, 1, 1), "José Luis Rodríguez Zapatero"),
    ("LBN", "head_of_government", date(2007, 1, 1), "Fouad Siniora"),
])
def test_office_holder(knowledge: Knowledge, country: str, role: str, on: date, name: str) -> None:
    assert holder(knowledge, country, role, on) == name


@pytest.mark.parametrize(("surname", "on", "name"), [
    ("Gaddafi", date(2011, 3, 1), "Muammar Gaddafi"),
    ("Qaddafi", date(2011, 3, 1), "Muammar Gaddafi"),
    ("Hun Sen", date(2015, 1, 1), "Hun Sen"),
    ("Déby", date(2015, 1, 1), "Idriss Déby"),
    ("Deby", date(2023, 1, 1), "Mahamat Idriss Déby"),  # the son, once the father is dead
])
def test_second_mentions_outside_the_g20(knowledge: Knowledge, surname: str, on: date, name: str) -> None:
    assert names(knowledge.people_named(surname, on)) == [name]


def test_a_surname_that_is_a_common_word_is_not_matched(knowledge: Knowledge) -> None:
    assert knowledge.people_named("Wade", date(2005, 1, 1)) == []
    assert names(knowledge.people_named("Abdoulaye Wade", date(2005, 1, 1))) == ["Abdoulaye Wade"]


def test_office_holder_of_an_organisation(knowledge: Knowledge) -> None:
    assert holder(knowledge, None, "igo_head", date(2024, 9, 1), organisation="IGOWSTNAT") == "Jens Stoltenberg"
    assert holder(knowledge, None, "igo_head", date(2024, 11, 1), organisation="IGOWSTNAT") == "Mark Rutte"
    assert holder(knowledge, None, "igo_head", date(2020, 1, 1), organisation="IGOUNO") == "António Guterres"
    assert holder(knowledge, None, "igo_head", date(2023, 1, 1), organisation="IGOUNOIAE") == "Rafael Grossi"
    assert holder(knowledge, None, "foreign_minister", date(2025, 2, 1), organisation="IGOEUREEC") == "Kaja Kallas"


def test_office_holder_now(knowledge: Knowledge) -> None:
    assert holder(knowledge, "RUS", "foreign_minister", None) == "Sergei Lavrov"
    assert holder(knowledge, "ATA", "head_of_state", None) is None


def test_office_holder_accepts_a_datetime(knowledge: Knowledge) -> None:
    assert holder(knowledge, "USA", "head_of_state", datetime(2021, 6, 1, 12, 30)) == "Joe Biden"


def test_g20_and_ukraine_have_no_unexplained_gaps(knowledge: Knowledge) -> None:
    gaps = []
    for year in range(2014, 2026):
        for month in range(1, 13):
            day = date(year, month, 15)
            if day > date(2025, 9, 15):
                break
            for country in G20_AND_UKRAINE:
                for role in CORE_ROLES:
                    if (country, role, day) not in KNOWN_VACANCIES and knowledge.office_holder(country, role, day) is None:
                        gaps.append((country, role, day.isoformat()))
    assert gaps == []


def test_current_office(knowledge: Knowledge) -> None:
    (rubio,) = knowledge.people_named("Marco Rubio")
    office = knowledge.current_office(rubio, date(2025, 6, 1))
    assert office is not None and (office.title, office.role) == ("secretary of state", "foreign_minister")
    assert knowledge.current_office(rubio, date(2024, 1, 1)) is None
    (shoigu,) = knowledge.people_named("Shoigu")
    office = knowledge.current_office(shoigu, date(2025, 1, 1))
    assert office is not None and office.title == "secretary of the security council"
    (zelensky,) = knowledge.people_named("Zelensky")
    assert knowledge.current_office(zelensky, date(2018, 1, 1)) is None
    office = knowledge.current_office(zelensky)
    assert office is not None and office.role == "head_of_state" and office.sector == "GOV"


def test_offices_are_well_formed(knowledge: Knowledge) -> None:
    codes = {organisation.code for organisation in knowledge.organisations}
    for person in knowledge.people:
        assert person.offices, person.name
        for office in person.offices:
            assert office.role in ROLES
            assert office.title.strip() == office.title and office.title
            if office.start and office.end:
                assert office.start <= office.end
            if office.organisation and office.organisation.startswith(("IGO", "NGO")):
                assert office.organisation in codes, (person.name, office.organisation)


def test_no_name_belongs_to_two_people_or_organisations(knowledge: Knowledge) -> None:
    for kind in ("people", "organisations"):
        owners: dict[str, set[str]] = defaultdict(set)
        for entry in getattr(knowledge, kind):
            for text in (entry.name, *entry.aliases):
                owners[normalise(text).casefold()].add(entry.name)
        assert {key: owner for key, owner in owners.items() if len(owner) > 1} == {}, kind


# --- organisations, agents, titles ------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [
    ("NATO", "IGOWSTNAT"), ("Nato", "IGOWSTNAT"), ("North Atlantic Treaty Organization", "IGOWSTNAT"),
    ("UN", "IGOUNO"), ("U.N.", "IGOUNO"), ("the United Nations", "IGOUNO"), ("EU", "IGOEUREEC"),
    ("European Commission", "IGOEUREEC"), ("UNHCR", "IGOUNOREFHCR"), ("IAEA", "IGOUNOIAE"),
    ("WHO", "IGOUNOHLHWHO"), ("Red Cross", "NGOHLHIRC"), ("Amnesty International", "NGOHRIAMN"),
    ("Wagner Group", "RUSUAF"), ("FSB", "RUSSPY"), ("SBU", "UKRSPY"), ("Tass", "RUSMED"),
    ("Reuters", "GBRMED"), ("Naftogaz", "UKRBUS"), ("Hamas", "PSEREBHMS"), ("ISIS", "IMGMUSISI"),
])
def test_organisations(knowledge: Knowledge, text: str, code: str) -> None:
    found = knowledge.organisation(text)
    assert found is not None and found.code == code


def test_organisation_fields(knowledge: Knowledge) -> None:
    nato = knowledge.organisation("NATO")
    assert nato is not None and (nato.country, nato.sector, nato.type) == (None, "IGO", "igo")
    gazprom = knowledge.organisation("Gazprom")
    assert gazprom is not None and (gazprom.country, gazprom.sector, gazprom.type) == ("RUS", "BUS", "business")
    assert knowledge.organisation("who") is None
    assert knowledge.organisation("the government") is None


@pytest.mark.parametrize(("noun", "sector"), [
    ("minister", "GOV"), ("ministers", "GOV"), ("spokesman", "GOV"), ("spokesmen", "GOV"),
    ("spokeswoman", "GOV"), ("diplomat", "GOV"), ("authorities", "GOV"), ("parliament", "LEG"),
    ("lawmakers", "LEG"), ("members of parliament", "LEG"), ("troops", "MIL"), ("soldiers", "MIL"),
    ("forces", "MIL"), ("general", "MIL"), ("police", "COP"), ("rebels", "REB"), ("separatists", "REB"),
    ("militants", "UAF"), ("opposition", "OPP"), ("activists", "OPP"), ("judge", "JUD"),
    ("companies", "BUS"), ("journalists", "MED"), ("refugees", "REF"), ("civilians", "CVL"),
    ("doctors", "HLH"), ("students", "EDU"), ("trade unions", "LAB"), ("spies", "SPY"),
    ("intelligence", "SPY"), ("defence ministry", "GOVMIL"), ("state media", "GOVMED"),
])
def test_agent_sector(knowledge: Knowledge, noun: str, sector: str) -> None:
    assert knowledge.agent_sector(noun) == sector


def test_agent_sector_of_an_unknown_noun(knowledge: Knowledge) -> None:
    assert knowledge.agent_sector("teapot") is None


@pytest.mark.parametrize(("words", "expected"), [
    ("Foreign Minister", ("foreign minister", "foreign_minister", "GOV")),
    ("foreign ministers", ("foreign minister", "foreign_minister", "GOV")),
    ("Secretary of State", ("secretary of state", "foreign_minister", "GOV")),
    ("Foreign Secretary", ("foreign secretary", "foreign_minister", "GOV")),
    ("Deputy Foreign Minister", ("deputy foreign minister", "deputy_foreign_minister", "GOV")),
    ("Defense Minister", ("defence minister", "defence_minister", "GOVMIL")),
    ("Secretary of Defense", ("secretary of defense", "defence_minister", "GOVMIL")),
    ("spokesman", ("spokesperson", "spokesperson", "GOV")),
    ("National Security Adviser", ("national security adviser", "adviser", "GOV")),
    ("Secretary-General", ("secretary-general", "igo_head", "IGO")),
    ("secretary general", ("secretary-general", "igo_head", "IGO")),
    ("Commander-in-Chief", ("commander-in-chief", "military_chief", "MIL")),
    ("President", ("president", "head_of_state", "GOV")),
])
def test_office_title(knowledge: Knowledge, words: str, expected: tuple[str, str, str]) -> None:
    assert knowledge.office_title(words) == expected


def test_office_title_leaves_qualifiers_to_office_reference(knowledge: Knowledge) -> None:
    assert knowledge.office_title("Kremlin spokesman") is None
    assert knowledge.office_title("Russian Foreign Minister") is None


@pytest.mark.parametrize(("words", "role", "sector", "country", "organisation"), [
    ("Kremlin spokesman", "spokesperson", "GOV", "RUS", None),
    ("Pentagon spokesman", "spokesperson", "GOVMIL", "USA", None),
    ("Russian Foreign Minister", "foreign_minister", "GOV", "RUS", None),
    ("Russia's foreign minister", "foreign_minister", "GOV", "RUS", None),
    ("U.S. Secretary of State", "foreign_minister", "GOV", "USA", None),
    ("Britain’s Foreign Secretary", "foreign_minister", "GOV", "GBR", None),
    ("Ukrainian Defence Minister", "defence_minister", "GOVMIL", "UKR", None),
    ("NATO Secretary-General", "igo_head", "IGO", None, "IGOWSTNAT"),
    ("UN chief", "igo_head", "IGO", None, "IGOUNO"),
    ("Foreign Minister", "foreign_minister", "GOV", None, None),
])
def test_office_reference(knowledge: Knowledge, words: str, role: str, sector: str,
                          country: str | None, organisation: str | None) -> None:
    found = knowledge.office_reference(words)
    assert found is not None
    assert (found.role, found.sector, found.country, found.organisation) == (role, sector, country, organisation)


def test_office_reference_needs_a_known_qualifier(knowledge: Knowledge) -> None:
    assert knowledge.office_reference("Narnian foreign minister") is None


# --- users' actor files -----------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "actors.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_people_and_organisations(tmp_path: Path) -> None:
    path = write(tmp_path, """
people:
  - name: Olena Kovalenko
    aliases: [O. Kovalenko]
    country: UKR
    offices:
      - {title: mayor, role: other, sector: GOV, start: 2021-03-01, end: null}
organisations:
  - {name: Kyiv Volunteers Union, aliases: [KVU], code: UKRCVL, country: UKR, sector: CVL, type: ngo}
""")
    knowledge = Knowledge.load([path])
    (person,) = knowledge.people_named("Kovalenko", date(2024, 1, 1))
    assert person.country == "UKR" and person.offices[0].title == "mayor"
    found = knowledge.organisation("KVU")
    assert found is not None and found.code == "UKRCVL"
    assert names(knowledge.people_named("Putin")) == ["Vladimir Putin"]


def test_user_file_overrides_built_in_entries_by_name(tmp_path: Path) -> None:
    path = write(tmp_path, """
people:
  - name: sergei lavrov
    country: RUS
    offices:
      - {title: foreign minister, role: foreign_minister, sector: GOV, start: 2004-03-09, end: 2024-12-31}
organisations:
  - {name: NATO, code: IGOWSTNATMIL, country: null, sector: IGO, type: igo}
""")
    knowledge = Knowledge.load([str(path)])
    assert holder(knowledge, "RUS", "foreign_minister", date(2025, 3, 1)) is None
    assert holder(knowledge, "RUS", "foreign_minister", date(2024, 3, 1)) == "sergei lavrov"
    assert knowledge.people_named("Sergey Lavrov") == []  # the built-in entry and its aliases are gone
    found = knowledge.organisation("NATO")
    assert found is not None and found.code == "IGOWSTNATMIL"
    assert len(knowledge.people) == len(Knowledge.load().people)


def test_user_file_is_read_again_after_it_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "organisations:\n  - {name: Alpha Corp, code: RUSBUS, country: RUS, sector: BUS, type: business}\n")
    first = Knowledge.load([path])
    path.write_text("organisations:\n  - {name: Beta Corp, code: RUSBUS, country: RUS, sector: BUS, type: business}\n",
                    encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = Knowledge.load([path])
    assert first.organisation("Alpha Corp") is not None and second.organisation("Alpha Corp") is None
    assert second.organisation("Beta Corp") is not None


def test_missing_user_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ConfigError) as raised:
        Knowledge.load([missing])
    assert str(missing) in str(raised.value) and "not found" in str(raised.value)


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("people:\n  - name: Jane Doe\n   country: RUS\n", 3, "not valid YAML"),
    ("", 1, "the file is empty"),
    ("- Jane Doe\n", 1, "should be a mapping, not a list"),
    ("persons:\n  - name: Jane Doe\n", 1, "unknown key 'persons'"),
    ("people:\n  - name: Jane Doe\n    alises: [J. Doe]\n", 3, "unknown key 'alises'"),
    ("people:\n  - country: RUS\n", 2, "has no 'name'"),
    ("people:\n  - name: Jane Doe\n    country: XYZ\n", 3, "'XYZ' (country of person 'Jane Doe')"),
    ("people:\n  - name: Jane Doe\n    offices:\n      - {title: envoy, role: envoy}\n", 4, "has no 'sector'"),
    ("people:\n  - name: Jane Doe\n    offices:\n      - {title: envoy, role: emperor, sector: GOV}\n", 4,
     "'emperor' (role of office 'envoy' of 'Jane Doe') is not known"),
    ("people:\n  - name: Jane Doe\n    offices:\n      - {title: envoy, role: envoy, sector: GOB}\n", 4,
     "not a CAMEO sector code"),
    ("people:\n  - name: Jane Doe\n    offices:\n\n      - {title: envoy, role: envoy, sector: GOV,\n"
     "         start: 2020-02-30}\n", 6, "'2020-02-30' (start of office 'envoy' of 'Jane Doe') is not a date"),
    ("people:\n  - name: Jane Doe\n    offices:\n      - {title: envoy, role: envoy, sector: GOV, "
     "start: 2020-01-01, end: 2019-01-01}\n", 4, "ends on 2019-01-01, before it starts on 2020-01-01"),
    ("people:\n  - name: Jane Doe\n  - name: jane  doe\n", 3, "already defined at line 2"),
    ("people:\n  - name: Jane Doe\n    name: John Doe\n", 3, "'name' is given twice"),
    ("organisations:\n  - {name: Foo, code: RUSGOV, country: UKR, sector: GOV, type: government}\n", 2,
     "code 'RUSGOV' is for country RUS, but the country is given as UKR"),
    ("organisations:\n  - {name: Foo, code: rusgov, country: RUS, sector: GOV, type: government}\n", 2,
     "is not an actor code"),
    ("organisations:\n  - {name: Foo, code: RUSGOV, country: RUS, sector: GOV, type: club}\n", 2,
     "'club' (type of organisation 'Foo') is not known"),
    ("people:\n  - name: [Jane, Doe]\n", 2, "name should be text, not a list"),
])
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        Knowledge.load([path])
    message = str(raised.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message, message


def test_encoding_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("people:\n  - name: Jérôme\n".encode("latin-1"))
    with pytest.raises(ConfigError) as raised:
        Knowledge.load([path])
    assert str(raised.value).startswith(f"{path}:2: not valid UTF-8")


@pytest.mark.parametrize(("reader", "text", "line", "fragment"), [
    ("_read_countries", "countries:\n  - {iso3: RUS, iso2: RU, name: Russia}\n  - {iso3: RUS, iso2: RU, name: Rossiya}\n",
     3, "country 'RUS' is already defined at line 2"),
    ("_read_countries", "countries:\n  - {iso3: RUS, iso2: RU, name: Russia,\n     metonyms: {Kremlin: KGB}}\n",
     3, "'KGB' (sector of 'Kremlin') is not a CAMEO sector code"),
    ("_read_agents", "agents:\n  GOV: [minister]\n  MIL: [troop, minister]\ntitles: []\n",
     3, "agent noun 'minister' is already defined at line 2"),
    ("_read_agents", "agents: {}\ntitles:\n  - {title: envoy, role: envoy, sector: GOV}\n"
     "  - {title: emissary, role: adviser, sector: GOV, variants: [envoy]}\n", 4, "title 'envoy' is already defined"),
])
def test_built_in_formats_are_checked_too(reader: str, text: str, line: int, fragment: str) -> None:
    import newsgraph.knowledge as module

    with pytest.raises(ConfigError) as raised:
        getattr(module, reader)(module._Document("knowledge.yaml", text))
    message = str(raised.value)
    assert message.startswith(f"knowledge.yaml:{line}: ") and fragment in message, message


def test_a_bare_iso3_code_in_running_text_is_no_country() -> None:
    knowledge = Knowledge.load()
    assert knowledge.country("PAN") is not None and knowledge.country("PAN", codes=False) is None
    assert knowledge.country("USA", codes=False) is not None  # also an alias


# --- office holders before 2009 ---------------------------------------------------------------


@pytest.mark.parametrize(("surname", "on", "name", "role", "country"), [
    ("Bush", date(2008, 8, 2), "George W. Bush", "head_of_state", "USA"),
    ("Bush", date(1991, 6, 1), "George H. W. Bush", "head_of_state", "USA"),
    ("Clinton", date(1996, 3, 1), "Bill Clinton", "head_of_state", "USA"),
    ("Clinton", date(2011, 3, 1), "Hillary Clinton", "foreign_minister", "USA"),
    ("Putin", date(2004, 1, 1), "Vladimir Putin", "head_of_state", "RUS"),
    ("Putin", date(1999, 10, 1), "Vladimir Putin", "head_of_government", "RUS"),
    ("Blair", date(2005, 6, 1), "Tony Blair", "head_of_government", "GBR"),
    ("Assad", date(1995, 1, 1), "Hafez al-Assad", "head_of_state", "SYR"),
    ("Assad", date(2005, 1, 1), "Bashar al-Assad", "head_of_state", "SYR"),
    ("Rice", date(2006, 1, 1), "Condoleezza Rice", "foreign_minister", "USA"),
    ("Rice", date(2010, 1, 1), "Susan Rice", "envoy", "USA"),
])
def test_a_shared_surname_resolves_to_whoever_held_office_that_day(
        knowledge: Knowledge, surname: str, on: date, name: str, role: str, country: str) -> None:
    (person,) = knowledge.people_named(surname, on=on)
    office = knowledge.current_office(person, on)
    assert person.name == name
    assert office is not None and office.role == role
    assert knowledge.office_country(person, office) == country


def test_surnames_shared_by_two_office_holders_on_the_same_day_stay_unresolved(knowledge: Knowledge) -> None:
    # Igor Ivanov (foreign minister) and Sergei Ivanov (defence minister) served together.
    assert knowledge.people_named("Ivanov", on=date(2002, 1, 1)) == []
    # Kim Dae-jung in Seoul and Kim Jong Il in Pyongyang.
    assert knowledge.people_named("Kim", on=date(1999, 1, 1)) == []



def test_secretaries_general_before_ban_ki_moon(knowledge: Knowledge) -> None:
    assert holder(knowledge, None, "igo_head", date(1990, 1, 1), organisation="IGOUNO") == "Javier Pérez de Cuéllar"
    assert holder(knowledge, None, "igo_head", date(1994, 1, 1), organisation="IGOUNO") == "Boutros Boutros-Ghali"
    assert holder(knowledge, None, "igo_head", date(2003, 1, 1), organisation="IGOUNO") == "Kofi Annan"
    assert holder(knowledge, None, "igo_head", date(2005, 1, 1), organisation="IGOWSTNAT") == "Jaap de Hoop Scheffer"


def test_a_surname_alone_names_an_office_holder_only_near_their_time_in_office() -> None:
    knowledge = Knowledge.load()
    assert [p.name for p in knowledge.people_named("Brown", date(2008, 3, 1))] == ["Gordon Brown"]
    assert knowledge.people_named("Brown", date(2024, 3, 1)) == []
    assert [p.name for p in knowledge.people_named("Gordon Brown", date(2024, 3, 1))] == ["Gordon Brown"]
