"""Cost of the quotes stage per article, against the parse it reads, in the ``fast`` profile.

Parses a set of articles once with the profile's spaCy backbone, runs the entity stage (the
quotes stage reads its entities), then times the quotes stage alone, with the rules and, where
a CRF is shipped, with the CRF. The budget is 20 % of parse time. Run from the repository root:

    python benchmarks/quotes_cost.py [--polnear ../shared/data/polnear] [--repeats 3] [--json]

Without ``--polnear`` the articles are the bundled examples (``examples/*.txt``); with it, the
PolNeAR dev texts (84 political news articles, about 67k words).
"""

from __future__ import annotations

import argparse
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
from newsgraph.stages.quotes import QuoteStage  # noqa: E402

BUDGET = 0.20


def articles(polnear: Path | None) -> list[Article]:
    """The benchmark's articles, normalised as newsgraph reads them."""
    settings = load_settings(profile="fast")
    if polnear is not None:
        paths = sorted((polnear / "dev" / "text").glob("*.txt"))
    else:
        paths = sorted((ROOT / "examples").glob("*.txt"))
    found = []
    for path in paths:
        item = read_text(path.read_text(encoding="utf-8"), origin=str(path), settings=settings.reading)
        if not isinstance(item, Skip):
            found.append(item)
    return found


def benchmark(items: list[Article], repeats: int) -> dict[str, Any]:
    """Seconds for the parse and for the quotes stage (medians of ``repeats``), their ratio, and
    the ratio of the first pass (the CRF's weight cache cold) to the median parse."""
    settings = load_settings(profile="fast")
    pipeline = Pipeline(settings)
    pipeline.setup()
    parse_times = []
    for _ in range(repeats):
        started = time.perf_counter()
        parses = pipeline.backbone.parse(items)
        parse_times.append(time.perf_counter() - started)
    drafts = [Draft(article=article, analysis=Analysis(article=article), parse=parse)
              for article, parse in zip(items, parses)]
    entities = next(stage for stage in pipeline.stages if stage.name == "newsgraph.entities.v1")
    drafts = entities(drafts)
    results: dict[str, Any] = {}
    extractors = ["rules"]
    from newsgraph.stages.quote_tagger import QuoteTagger
    from newsgraph.stages.quotes import CueLexicon

    if QuoteTagger.load(CueLexicon.load()) is not None:
        extractors.append("crf")
    for extractor in extractors:
        stage = QuoteStage(extractor=extractor)
        stage.setup()
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            stage(drafts)
            times.append(time.perf_counter() - started)
        quotes = sum(len(draft.analysis.quotes) for draft in drafts)
        typical, parse = statistics.median(times), statistics.median(parse_times)
        results[extractor] = {"seconds": round(typical, 4),
                              "per_article_ms": round(1000 * typical / len(items), 2),
                              "share_of_parse": round(typical / parse, 4),
                              "first_pass_share_of_parse": round(times[0] / parse, 4),
                              "quotes": quotes}
    words = sum(len(article.text.split()) for article in items)
    return {"date": dt.date.today().isoformat(), "machine": platform.machine(),
            "python": platform.python_version(), "articles": len(items), "words": words,
            "parse_seconds": round(statistics.median(parse_times), 3),
            "parse_per_article_ms": round(1000 * statistics.median(parse_times) / len(items), 2),
            "quotes": results, "budget": BUDGET}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table (or JSON); exit 1 over budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, help="PolNeAR folder: use its dev texts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = benchmark(articles(args.polnear), args.repeats)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['articles']} articles, {result['words']} words; parse "
              f"{result['parse_seconds']} s ({result['parse_per_article_ms']} ms/article), "
              f"{result['date']}\n")
        print("| extractor | quotes stage s | ms/article | share of parse (median) | first pass "
              "| quotes found |")
        print("|---|---|---|---|---|---|")
        for name, figures in result["quotes"].items():
            print(f"| {name} | {figures['seconds']} | {figures['per_article_ms']} | "
                  f"{100 * figures['share_of_parse']:.1f} % | "
                  f"{100 * figures['first_pass_share_of_parse']:.1f} % | {figures['quotes']} |")
    over = [name for name, figures in result["quotes"].items() if figures["share_of_parse"] > BUDGET]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
