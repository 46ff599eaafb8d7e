"""newsgraph: news articles in, structured and evidence-linked data out."""


__version__ = "0.1.0"

from newsgraph.api import analysis_schema, analyze, analyze_file  # noqa: E402
from newsgraph.errors import NewsgraphError  # noqa: E402
from newsgraph.pipeline import Pipeline  # noqa: E402
from newsgraph.schema import (  # noqa: E402
    SCHEMA_VERSION,
    Analysis,
    Article,
    Entity,
    Geo,
    Mention,
    Sentence,
    Span,
)
from newsgraph.settings import Settings, load_settings  # noqa: E402

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Article",
    "Entity",
    "Geo",
    "Mention",
    "NewsgraphError",
    "Pipeline",
    "Sentence",
    "Settings",
    "Span",
    "__version__",
    "analysis_schema",
    "analyze",
    "analyze_file",
    "load_settings",
]
