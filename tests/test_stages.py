from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.schema import Draft
from newsgraph.settings import load_settings
from newsgraph.stages import Stage, build_stages, register, registry

GOLDEN = Path(__file__).parent / "data" / "registered_stages.txt"


def test_every_built_in_stage_is_listed_in_the_golden_file() -> None:
    # A stage that disappears or is renamed must be a conscious change of this file.
    expected = GOLDEN.read_text(encoding="utf-8").split()
    assert sorted(name for name in registry() if name.startswith("newsgraph.")) == expected


def test_registered_names_are_versioned_and_match_the_class() -> None:
    for name, cls in registry().items():
        assert name.rsplit(".", 1)[-1].startswith("v")
        assert cls.name == name
        assert cls.version == name.rsplit(".", 1)[-1]


def test_build_stages_follows_the_configured_order() -> None:
    settings = load_settings(overrides=["pipeline.stages=['newsgraph.places.v1', 'newsgraph.entities.v1']"])
    assert [stage.name for stage in build_stages(settings)] == ["newsgraph.places.v1",
                                                               "newsgraph.entities.v1"]


def test_an_unknown_stage_is_a_configuration_error() -> None:
    settings = load_settings(overrides=["pipeline.stages=['newsgraph.nothing.v9']"])
    with pytest.raises(ConfigError, match="unknown stage 'newsgraph.nothing.v9'"):
        build_stages(settings)


def test_a_registered_stage_is_found_by_name() -> None:
    @register("tests.counting.v1")
    class Counting(Stage):
        def __call__(self, drafts: list[Draft]) -> list[Draft]:
            return drafts

    try:
        settings = load_settings(overrides=["pipeline.stages=['tests.counting.v1']"])
        stages = build_stages(settings)
        assert isinstance(stages[0], Counting)
        assert stages[0]([]) == []
    finally:
        from newsgraph import stages as module
        module._BUILT_IN.pop("tests.counting.v1")


def test_stages_from_other_packages_come_through_the_entry_point_group(monkeypatch) -> None:
    from importlib.metadata import EntryPoint

    from newsgraph import stages as module

    class Shouting(Stage):
        def __call__(self, drafts: list[Draft]) -> list[Draft]:
            return drafts

    module_name = __name__
    globals()["Shouting"] = Shouting
    point = EntryPoint(name="thirdparty.shouting.v1", value=f"{module_name}:Shouting",
                       group=module.ENTRY_POINT_GROUP)
    monkeypatch.setattr(module, "entry_points", lambda group: [point])
    try:
        assert registry()["thirdparty.shouting.v1"] is Shouting
        settings = load_settings(overrides=["pipeline.stages=['thirdparty.shouting.v1']"])
        assert isinstance(build_stages(settings)[0], Shouting)
        assert Shouting.version == "v1"
    finally:
        del globals()["Shouting"]
