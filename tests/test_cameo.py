"""The CAMEO codebook and the verb lexicon: complete, consistent and checked on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.events.cameo import QUAD_CLASSES, codebook, quad_class
from newsgraph.events.lexicon import load_lexicon, parse_pattern, read_lexicon


def test_the_codebook_has_every_code_with_root_base_quad_class_and_goldstein() -> None:
    codes = codebook()
    assert len(codes) == 311
    assert codes.roots() == tuple(f"{number:02d}" for number in range(1, 21))
    talks = codes["046"]
    assert (talks.root, talks.base, talks.quad_class, talks.goldstein) == ("04", "046", 1, 7.0)
    assert talks.plover is not None and talks.plover.event == "CONSULT"
    assert codes["0841"].base == "084" and codes["0841"].plover is not None
    assert codes["190"].goldstein == -10.0 and codes["190"].quad_class == 4
    assert all(-10.0 <= codes[code].goldstein <= 10.0 for code in codes.codes())
    assert {quad_class(code) for code in codes.codes()} == set(QUAD_CLASSES)


def test_public_statements_have_no_plover_event_and_extensions_fall_back() -> None:
    codes = codebook()
    assert codes["010"].plover is None
    nearest = codes.nearest("1213")
    assert nearest is not None and nearest.code == "121"


def test_the_built_in_lexicon_covers_every_root() -> None:
    lexicon = load_lexicon()
    assert {pattern.code[:2] for pattern in lexicon.patterns()} == set(codebook().roots())


def test_patterns_read_particles_prepositions_and_objects() -> None:
    pattern = parse_pattern("call for ceasefire", "107", "verb")
    assert (pattern.trigger, pattern.words) == ("call", ("for", "ceasefire"))
    noun = parse_pattern("exchange of fire", "193", "noun")
    assert (noun.trigger, noun.words) == ("exchange", ("of", "fire"))


@pytest.mark.parametrize("text, fragment", [
    ('"999": {verbs: [explode]}\n', "user.yaml:1: '999' is not a CAMEO event code"),
    ('"190":\n  verbs: attack\n', "user.yaml:2: verbs of code 190 should be a list of patterns"),
    ('"190": {verbs: [attack], colour: red}\n', "user.yaml:1: unknown key 'colour'"),
    ('"190": {verbs: [attack]}\n"195": {verbs: [attack]}\n', "user.yaml:2: pattern 'attack' is already defined at line 1"),
    ('"190": {verbs: [attack\n', "user.yaml:2: not valid YAML"),
])
def test_a_bad_lexicon_names_file_and_line(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        read_lexicon("user.yaml", text)
    assert fragment in raised.value.message


def test_a_users_lexicon_replaces_the_codes_it_defines(tmp_path: Path) -> None:
    user = tmp_path / "verbs.yaml"
    user.write_text('"0871": {verbs: ["silence gun"]}\n', encoding="utf-8")
    lexicon = load_lexicon([str(user)])
    truce = [p for p in lexicon.patterns() if p.code == "0871"]
    assert [(p.trigger, p.words) for p in truce] == [("silence", ("gun",))]
    assert any(p.code == "190" for p in lexicon.patterns())


def test_shared_patterns_are_mutual_beside_ones_that_are_not() -> None:
    lexicon = read_lexicon("user.yaml", '"112": {verbs: [blame], shared: ["swap insult"]}\n')
    assert {(p.trigger, p.mutual) for p in lexicon.patterns()} == {("blame", False), ("swap", True)}
    with pytest.raises(ConfigError, match="user.yaml:1: shared of code 112 should be a list"):
        read_lexicon("user.yaml", '"112": {shared: insult}\n')


def test_a_missing_lexicon_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="absent.yaml: data file not found"):
        load_lexicon([str(tmp_path / "absent.yaml")])
