"""PETRARCH / Phoenix dictionaries: actors, agents and CAMEO 2.0 verbs read as newsgraph's own."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.events.petrarch import (dictionary_kind, load_petrarch, read_actors, read_agents,
                                       read_verbs)
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Article
from newsgraph.settings import load_settings

# Small samples written for these tests in the PETRARCH formats (names and codes invented).
ACTORS = """\
<!-- a sample actor dictionary -->
ELBONIA [ELB]
+ELBONIAN
MARKO_PELL_  # a made-up head of state
\t[ELBMIL 900101-041231]
\t[ELBGOV >050101]
VESPERIA [VES]
+GRAND_DUCHY_OF_VESPERIA_
"""
AGENTS = """\
!PERSON! = MAN, MEN
MINER [~LAB]
FISHER!PERSON! [~AGR]
BORDER_GUARD {BORDER_GUARDS} [~MIL]
"""
VERBS = """\
&GOODS
+GRAIN
+FUEL

--- SHIP   [070]  ---
SHIP
CONVEY
- * &GOODS (TO)      [071]   # ship grain to someone
- * TROOPS           [154]
- * (TO)             [042:043]
- &GOODS *           [073]   # words before the verb: not used
--- SCOLD  [111] ---
SCOLD
- * [---]
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_actors_take_the_code_valid_on_the_day(tmp_path: Path) -> None:
    actors = read_actors("sample.actors.txt", ACTORS)
    match = actors.match(["MARKO", "PELL", "SAID"], 0)
    assert match is not None and match[0] == 2
    name = match[1]
    assert name.code_on(dt.date(2001, 5, 1)) == "ELBMIL"
    assert name.code_on(dt.date(2020, 5, 1)) == "ELBGOV"
    elbonian = actors.match(["ELBONIAN"], 0)
    assert elbonian is not None and elbonian[1].code_on(None) == "ELB"
    assert actors.match(["ELBONIANS"], 0) is not None  # no closing _: longer words match too
    assert actors.match(["MARKO", "PELLS"], 0) is None  # a closing _: the word ends there


def test_agents_expand_macros_and_plurals() -> None:
    agents = read_agents("sample.agents.txt", AGENTS)
    assert agents["miner"] == "LAB"
    assert agents["fishermen"] == "AGR" and agents["fisherman"] == "AGR"
    assert agents["border guards"] == "MIL"


def test_verbs_become_patterns_with_synsets_expanded() -> None:
    lexicon, unsupported = read_verbs("sample.verbs.txt", VERBS)
    shipped = {(p.trigger, p.words, p.code) for p in lexicon.patterns()}
    assert ("ship", (), "070") in shipped and ("convey", (), "070") in shipped
    assert ("ship", ("grain", "to"), "071") in shipped and ("convey", ("fuel", "to"), "071") in shipped
    assert ("ship", ("troops",), "154") in shipped
    visit = next(p for p in lexicon.patterns() if p.code == "042")
    assert (visit.words, visit.reciprocal) == (("to",), "043")
    assert ("scold", (), "111") in shipped
    assert not any(p.code == "073" for p in lexicon.patterns())
    assert unsupported == set()


@pytest.mark.parametrize("kind, text, line, fragment", [
    ("actors", "ELBONIA [ELB\n", 1, "a '[' without its ']'"),
    ("actors", "ELBONIA\n\t[ELB 19x0101-]\n", 2, "is not a code"),
    ("actors", "ELBONIA\n\t[ELB 901301-911231]\n", 2, "is not a date"),
    ("verbs", "--- SHIP [070] ---\nSHIP\n- * GRAIN 071\n", 3, "a pattern without its [code]"),
])
def test_an_error_names_file_and_line(tmp_path: Path, kind: str, text: str, line: int,
                                      fragment: str) -> None:
    path = _write(tmp_path, f"broken.{kind}.txt", text)
    with pytest.raises(ConfigError) as raised:
        load_petrarch([path])
    assert raised.value.message.startswith(f"{path}:{line}: ")
    assert fragment in raised.value.message


def test_lenient_reading_skips_bad_lines_and_lists_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.actors.txt", "ELBONIA [ELB\nVESPERIA [VES]\n")
    found = load_petrarch([path], strict=False)
    assert len(found.actors) == 1 and len(found.problems) == 1


def test_the_kind_is_told_by_name_or_content(tmp_path: Path) -> None:
    assert dictionary_kind(_write(tmp_path, "a.txt", VERBS)) == "verbs"
    assert dictionary_kind(_write(tmp_path, "b.txt", AGENTS)) == "agents"
    assert dictionary_kind(_write(tmp_path, "c.txt", ACTORS)) == "actors"
    with pytest.raises(ConfigError, match="cannot tell"):
        dictionary_kind(_write(tmp_path, "d.txt", "nothing here\n"))


def test_a_two_letter_abbreviation_is_not_a_stem() -> None:
    actors = read_actors("sample.actors.txt", "THE_XU [XUX]\nTHE_ELBO [ELB]\n")
    assert actors.match(["THE", "XUNDARIAN"], 0) is None
    assert actors.match(["THE", "XU"], 0) is not None
    assert actors.match(["THE", "ELBONIAN"], 0) is not None


def test_the_stage_codes_with_a_users_petrarch_dictionaries(tmp_path: Path) -> None:
    files = [_write(tmp_path, "sample.actors.txt", ACTORS),
             _write(tmp_path, "sample.agents.txt", AGENTS),
             _write(tmp_path, "sample.verbs.txt", VERBS)]
    settings = load_settings(overrides=[
        "pipeline.stages=['newsgraph.entities.v1', 'newsgraph.places.v1', 'newsgraph.events.v1']",
        f"events.petrarch_files={[str(path) for path in files]!r}"])
    pipeline = Pipeline(settings)
    article = Article(id="p1", text="Marko Pell shipped grain to Vesperia on Monday.",
                      published="2020-06-03")
    events = pipeline.analyse([article])[0].events
    assert [(e["source"]["code"], e["target"]["code"], e["cameo"]) for e in events] == [
        ("ELBGOV", "VES", "071")]


PHOENIX = Path(os.environ.get("NEWSGRAPH_DATA", Path(__file__).parents[2] / "shared" / "data")) \
    / "cameo" / "phoenix_dictionaries"


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="the shared Phoenix dictionaries are not here")
def test_the_phoenix_dictionaries_import() -> None:
    names = ("CAMEO.2.0.txt", "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
             "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt")
    found = load_petrarch([PHOENIX / name for name in names], strict=False)
    assert len(found.actors) > 30_000 and len(found.agents) > 1_000
    assert len(list(found.verbs.patterns())) > 10_000
    assert all(":" in problem.split(" ")[0] for problem in found.problems)
