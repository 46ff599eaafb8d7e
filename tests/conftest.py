import pytest

from newsgraph.pipeline import Pipeline
from newsgraph.settings import load_settings


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline, loaded once for the whole test session."""
    built = Pipeline(load_settings())
    built.setup()
    return built
