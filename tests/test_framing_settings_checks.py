"""The framing stage's genre settings are checked on load (QA of issue 12): the priors are the
class shares of the stream read, so they sum to 1; the margin is a difference of two shares."""

import pytest

from newsgraph.cli import main
from newsgraph.errors import ConfigError, ExitCode
from newsgraph.settings import load_settings

PRIORS = ("framing.genre_prior_reporting", "framing.genre_prior_opinion",
          "framing.genre_prior_satire")


def _priors(reporting: float, opinion: float, satire: float) -> list[str]:
    return [f"{key}={value}" for key, value in zip(PRIORS, (reporting, opinion, satire))]


@pytest.mark.parametrize("priors", [(0, 0, 0), (7, 0.25, 0.05), (0.5, 0.2, 0.05)])
def test_genre_priors_that_do_not_sum_to_one_are_refused(priors: tuple[float, float, float],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigError, match="genre_prior"):
        load_settings(overrides=_priors(*priors))
    args = [part for override in _priors(*priors) for part in ("--set", override)]
    assert main([*args, "info"]) == ExitCode.CONFIG
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "sum to 1" in err


@pytest.mark.parametrize("priors", [(0.25, 0.7, 0.05), (1 / 3, 1 / 3, 1 / 3), (0.33, 0.33, 0.33),
                                    (1, 0, 0)])
def test_genre_priors_summing_to_one_are_kept(priors: tuple[float, float, float]) -> None:
    settings = load_settings(overrides=_priors(*priors))
    assert settings.framing.genre_priors["opinion"] == pytest.approx(priors[1])


def test_a_genre_margin_over_one_is_refused() -> None:
    with pytest.raises(ConfigError, match="genre_margin"):
        load_settings(overrides=["framing.genre_margin=1.5"])
    assert load_settings(overrides=["framing.genre_margin=1"]).framing.genre_margin == 1


def test_a_taxonomy_of_another_kind_is_not_read_as_narratives(tmp_path) -> None:
    from newsgraph.framing.stage import FramingStage

    path = tmp_path / "costs.yaml"
    path.write_text("name: costs\nkind: frames\nlabels:\n  - label: Cost\n"
                    "    description: What a policy costs households each month.\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="kind 'narratives'") as raised:
        FramingStage(taxonomy_files=[str(path)]).setup()
    assert str(path) in str(raised.value) and "'frames'" in str(raised.value)
