"""Cost of the events stage per article in the ``fast`` profile, against the rest of the pipeline.

Parses the articles once with the profile's backbone and runs the stages the events stage reads
(entities, places), timing that; then times the events stage alone on the same drafts. The
acceptance budget is 30 % of the time the profile spends without events. Run from the
repository root:

    python benchmarks/events_cost.py [--copies 4] [--repeats 3] [--json]

The articles are the bundled examples (``examples/*.txt``), repeated ``--copies`` times.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.pipeline import Pipeline  # noqa: E402
from newsgraph.reading import read_text  # noqa: E402
from newsgraph.schema import Analysis, Article, Draft, Skip  # noqa: E402
from newsgraph.settings import load_settings  # noqa: E402
from newsgraph.events import EventStage  # noqa: E402
from newsgraph.events.detector import EventDetector  # noqa: E402
from newsgraph.framing.embeddings import Embedder  # noqa: E402

BUDGET = 0.30
BASE_STAGES = ("newsgraph.entities.v1", "newsgraph.places.v1")


def articles(copies: int) -> list[Article]:
    """The bundled examples, normalised as newsgraph reads them, ``copies`` times over."""
    settings = load_settings(profile="fast")
    found = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        item = read_text(path.read_text(encoding="utf-8"), origin=str(path), settings=settings.reading)
        if not isinstance(item, Skip):
            found.append(item)
    return found * copies


def benchmark(items: list[Article], repeats: int, detector: str | None = None,
              model: str = "") -> dict[str, Any]:
    """Best-of-``repeats`` seconds for parse + entities + places, and for the events stage (with
    ``events.detector`` set to ``detector`` if given; a MiniLM detector's embedding cache starts
    empty at each repeat, so repeats do not read their own cached phrases)."""
    settings = load_settings(profile="fast").replace(**{"pipeline.stages": ",".join(BASE_STAGES)})
    if detector:
        settings = settings.replace(**{"events.detector": detector})
    if model:
        settings = settings.replace(**{"events.detector_model": model})
    pipeline = Pipeline(settings)
    pipeline.setup()
    events = EventStage.from_settings(settings)
    events.setup()
    base_times, event_times = [], []
    n_events = 0
    for _ in range(repeats):
        started = time.perf_counter()
        parses = pipeline.backbone.parse(items)
        drafts = [Draft(article=a, analysis=Analysis(article=a, sentences=list(p.sentences)), parse=p)
                  for a, p in zip(items, parses)]
        for stage in pipeline.stages:
            drafts = stage(drafts)
        base_times.append(time.perf_counter() - started)
        fresh = [copy.copy(draft) for draft in drafts]
        if events.detector is not None:
            vectors = events.detector.vectors
            events.detector = EventDetector(model_file=events.detector_model, embedder=Embedder(),
                                            vectors=vectors)
            events.detector.setup()
            if events.detector.feature_set != "vectors":
                assert events.detector.embedder is not None
                events.detector.embedder.setup()
        started = time.perf_counter()
        done = events(fresh)
        event_times.append(time.perf_counter() - started)
        n_events = sum(len(d.analysis.events) for d in done)
    base, added = min(base_times), min(event_times)
    return {
        "date": dt.date.today().isoformat(), "python": platform.python_version(),
        "machine": platform.machine(), "processor": platform.processor() or platform.machine(),
        "articles": len(items), "words": sum(len(a.text.split()) for a in items),
        "repeats": repeats, "events": n_events, "detector": settings.events.detector,
        "base_seconds": round(base, 3), "events_seconds": round(added, 3),
        "base_ms_per_article": round(1000 * base / len(items), 2),
        "events_ms_per_article": round(1000 * added / len(items), 2),
        "added_share": round(added / base, 4), "budget": BUDGET,
        "within_budget": added / base <= BUDGET,
        "base_spread": round(statistics.pstdev(base_times), 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--detector", choices=("lexicon", "learned", "both"),
                        help="events.detector for this run (default: the setting's default)")
    parser.add_argument("--detector-model", default="",
                        help="events.detector_model: weights other than the packaged ones")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    result = benchmark(articles(options.copies), options.repeats, options.detector,
                       options.detector_model)
    if options.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"| articles | words | parse+entities+places ms/article | events ms/article | added |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {result['articles']} | {result['words']} | {result['base_ms_per_article']} | "
          f"{result['events_ms_per_article']} | {100 * result['added_share']:.1f} % "
          f"(budget {100 * BUDGET:.0f} %) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
