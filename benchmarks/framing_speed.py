"""Speed of the framing stage and of the ``full`` profile that runs it.

Builds 1,000-word articles from the bundled examples (``examples/*.txt``), parses them once
with the profile's backbone and runs the stages before framing, then times the framing stage
alone on one core (onnxruntime with one thread), cold (no sentence cached) and per article,
in wall-clock seconds and in CPU seconds of the process (the figure that holds on a shared
machine; the load average is reported beside it).
Then times the whole ``full`` pipeline serially (articles/s) and reports peak memory.
Run from the repository root:

    python benchmarks/framing_speed.py [--articles 10] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.pipeline import Pipeline  # noqa: E402
from newsgraph.schema import Analysis, Article, Draft  # noqa: E402
from newsgraph.settings import load_settings  # noqa: E402
from newsgraph.framing.stage import FramingStage  # noqa: E402


def thousand_word_articles(count: int) -> list[Article]:
    """``count`` articles of about 1,000 words, each a different rotation of the examples."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.txt"))]
    articles = []
    for number in range(count):
        paragraphs: list[str] = []
        index = number
        while sum(len(p.split()) for p in paragraphs) < 1000:
            paragraphs.extend(line for line in texts[index % len(texts)].splitlines() if line.strip())
            index += 1
        body = []
        for paragraph in paragraphs:
            body.append(paragraph)
            if sum(len(p.split()) for p in body) >= 1000:
                break
        articles.append(Article(id=f"{number:016x}", text="\n".join(body)))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    articles = thousand_word_articles(args.articles)
    settings = load_settings(profile="full")
    pipeline = Pipeline(settings)
    pipeline.setup()
    framing = next(stage for stage in pipeline.stages if isinstance(stage, FramingStage))
    others = [stage for stage in pipeline.stages if stage is not framing]
    drafts = []
    for article, parse in zip(articles, pipeline.backbone.parse(articles)):
        draft = Draft(article=article, analysis=Analysis(article=article, sentences=list(parse.sentences)),
                      parse=parse)
        for stage in others:
            stage([draft])
        drafts.append(draft)
    timings, cpu = [], []
    for draft in drafts:
        assert framing.embedder is not None
        framing.embedder._cache.clear()  # cold: every sentence embedded anew
        started, started_cpu = time.perf_counter(), time.process_time()
        framing([draft])
        timings.append(time.perf_counter() - started)
        # CPU seconds of this process: what one core spends, whatever else shares the machine
        cpu.append(time.process_time() - started_cpu)
    started = time.perf_counter()
    pipeline.analyse(thousand_word_articles(args.articles))
    full_seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(), "machine": platform.processor() or platform.machine(),
        "python": platform.python_version(), "articles": len(articles),
        "words_per_article": statistics.mean(len(a.text.split()) for a in articles),
        "framing_seconds_per_article_median": round(statistics.median(timings), 3),
        "framing_seconds_per_article_max": round(max(timings), 3),
        "framing_cpu_seconds_per_article_median": round(statistics.median(cpu), 3),
        "framing_cpu_seconds_per_article_max": round(max(cpu), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "full_profile_articles_per_second_serial": round(len(articles) / full_seconds, 2),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
