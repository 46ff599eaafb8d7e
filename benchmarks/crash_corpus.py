"""Crash corpus: ``analyze`` on every English article of the shared data, counting internal errors.

Runs what ``newsgraph analyze ARTICLE`` runs (read, analyse, render the text and JSON reports)
on each article, in one process with the pipeline loaded once. Our own errors (a skip with its
reason, such as text that does not read as prose) are recorded as skips; any other exception is
an internal error, the thing this corpus exists to find. The goal is 0. Run from the repository
root:

    python benchmarks/crash_corpus.py --data ../shared/data [--profile fast] [--limit N]
        [--every N] [--log crash.jsonl] [--json]

The articles are PolNeAR train and dev, SemEval-2023 task 3 train (subtask 1 articles, plus the
subtask 3 articles that are not among them) and SemEval-2025 task 10 train: about 1,700. Held-aside
splits are not read. ``--examples`` runs the bundled examples instead (what the test runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from newsgraph.errors import NewsgraphError  # noqa: E402
from newsgraph.pipeline import Pipeline  # noqa: E402
from newsgraph.reading import read_inputs, read_text  # noqa: E402
from newsgraph.report import render  # noqa: E402
from newsgraph.schema import Skip  # noqa: E402
from newsgraph.settings import load_settings  # noqa: E402

SOURCES: dict[str, tuple[str, ...]] = {
    "polnear-train": ("polnear/train/text",),
    "polnear-dev": ("polnear/dev/text",),
    "semeval2023-train": ("semeval2023_t3/en/train-articles-subtask-1",
                          "semeval2023_t3/en/train-articles-subtask-3"),
    "semeval2025-train": ("semeval2025_t10/train/EN/raw-documents",),
}
"""Each corpus and its folders of plain-text articles; a later folder adds only new file names."""

EXAMPLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv")
WARM_UP = ("The foreign ministers of Chile and Peru met in Lima on Tuesday and agreed to resume talks "
           "on the border, a spokesman said.")
"""Analysed once before timing, so that the first article does not carry lazy loading."""


@dataclass
class Outcome:
    """What happened to one article."""

    corpus: str
    path: str
    status: str  # "ok", "skipped" (our own error or a recorded skip) or "internal"
    seconds: float
    characters: int = 0
    events: int = 0
    reason: str | None = None
    where: str | None = None


@dataclass
class Report:
    """Counts and times over a run."""

    profile: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def internal(self) -> list[Outcome]:
        """The articles that met an internal error."""
        return [o for o in self.outcomes if o.status == "internal"]

    def summary(self) -> dict[str, Any]:
        """The figures for docs/benchmarks.md."""
        times = sorted(o.seconds for o in self.outcomes if o.status != "skipped")
        by_corpus: dict[str, dict[str, int]] = {}
        for outcome in self.outcomes:
            counts = by_corpus.setdefault(outcome.corpus, {"ok": 0, "skipped": 0, "internal": 0})
            counts[outcome.status] += 1
        slowest = sorted(self.outcomes, key=lambda o: -o.seconds)[:5]
        return {
            "date": dt.date.today().isoformat(), "profile": self.profile,
            "python": platform.python_version(), "machine": platform.machine(),
            "articles": len(self.outcomes), "internal_errors": len(self.internal),
            "skipped": sum(o.status == "skipped" for o in self.outcomes),
            "by_corpus": by_corpus,
            "seconds_median": round(statistics.median(times), 3) if times else None,
            "seconds_p99": round(_percentile(times, 0.99), 3) if times else None,
            "seconds_max": round(times[-1], 3) if times else None,
            "seconds_total": round(sum(o.seconds for o in self.outcomes), 1),
            "slowest": [(o.path, round(o.seconds, 2), o.characters) for o in slowest],
            "errors": [(o.path, o.reason, o.where) for o in self.internal],
            "skip_reasons": sorted({(o.reason or "")[:120] for o in self.outcomes
                                    if o.status == "skipped"}),
        }


def corpus_files(data: Path) -> list[tuple[str, Path]]:
    """Every article of the crash corpus under ``data``, as (corpus, path), in a stable order."""
    found: list[tuple[str, Path]] = []
    for corpus, folders in SOURCES.items():
        names: set[str] = set()
        for folder in folders:
            directory = data / folder
            if not directory.is_dir():
                raise SystemExit(f"crash_corpus: {directory} is not a folder; pass the shared data "
                                 "folder with --data")
            for path in sorted(directory.glob("*.txt")):
                if path.name not in names:
                    names.add(path.name)
                    found.append((corpus, path))
    return found


def example_files(folder: Path) -> list[tuple[str, Path]]:
    """The bundled examples (top level only, the documented article types)."""
    return [("examples", path) for path in sorted(folder.iterdir())
            if path.is_file() and path.suffix.lower() in EXAMPLE_SUFFIXES]


def analyze_one(pipeline: Pipeline, corpus: str, path: Path) -> Outcome:
    """Run ``analyze`` on one file: read it, analyse it, render both reports; never raise."""
    started = time.perf_counter()
    characters = events = 0
    try:
        items = list(read_inputs([str(path)], pipeline.settings.reading))
        for item in items:
            if isinstance(item, Skip):
                return Outcome(corpus, str(path), "skipped", time.perf_counter() - started,
                               reason=item.reason)
            characters += len(item.text)
            analysis = pipeline.analyse([item])[0]
            render(analysis, "text")
            render(analysis, "json")
            events += len(analysis.events)
    except NewsgraphError as error:
        return Outcome(corpus, str(path), "skipped", time.perf_counter() - started, characters,
                       reason=str(error))
    except Exception as error:  # noqa: BLE001  (every other exception is what we count)
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return Outcome(corpus, str(path), "internal", time.perf_counter() - started, characters,
                       reason=f"{type(error).__name__}: {str(error)[:200]}",
                       where=f"{Path(frame.filename).name}:{frame.lineno} {frame.name}")
    return Outcome(corpus, str(path), "ok", time.perf_counter() - started, characters, events)


def run(files: Iterable[tuple[str, Path]], pipeline: Pipeline, *,
        log: TextIO | None = None, progress: Callable[[int, Outcome], None] | None = None) -> Report:
    """Analyse every file with one pipeline and collect the outcomes."""
    report = Report(profile=pipeline.settings.profile)
    for number, (corpus, path) in enumerate(files, 1):
        outcome = analyze_one(pipeline, corpus, path)
        report.outcomes.append(outcome)
        if log is not None:
            log.write(json.dumps(asdict(outcome)) + "\n")
            log.flush()
        if progress is not None:
            progress(number, outcome)
    return report


def warm_up(pipeline: Pipeline) -> None:
    """Analyse one short article, so that lazily loaded parts are loaded before timing starts."""
    item = read_text(WARM_UP, origin="<warm-up>", settings=pipeline.settings.reading)
    if not isinstance(item, Skip):
        pipeline.analyse([item])


def _percentile(ordered: Sequence[float], share: float) -> float:
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the corpus and print the summary; exit 1 if any article met an internal error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the shared data folder (../shared/data)")
    parser.add_argument("--examples", action="store_true", help="run the bundled examples instead")
    parser.add_argument("--profile", default="fast")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--every", type=int, default=1,
                        help="only every Nth article (a spread sample, for the slower profile)")
    parser.add_argument("--log", type=Path, help="write one JSON line per article here")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    options = parser.parse_args(argv)
    if options.examples:
        files = example_files(ROOT / "examples")
    elif options.data is not None:
        files = corpus_files(options.data)
    else:
        parser.error("pass --data ../shared/data or --examples")
    files = files[::max(1, options.every)]
    if options.limit:
        files = files[:options.limit]
    pipeline = Pipeline(load_settings(profile=options.profile))
    pipeline.setup()
    warm_up(pipeline)
    total = len(files)

    def progress(number: int, outcome: Outcome) -> None:
        if outcome.status == "internal" or number % 50 == 0 or number == total:
            print(f"[{number}/{total}] {outcome.status} {outcome.seconds:.2f}s {outcome.path}"
                  + (f" {outcome.reason} at {outcome.where}" if outcome.status == "internal" else ""),
                  file=sys.stderr, flush=True)

    log = options.log.open("w", encoding="utf-8") if options.log else None
    try:
        report = run(files, pipeline, log=log, progress=progress)
    finally:
        if log is not None:
            log.close()
    summary = report.summary()
    if options.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"profile {summary['profile']}: {summary['articles']} articles, "
              f"{summary['internal_errors']} internal errors, {summary['skipped']} skipped; "
              f"seconds per article median {summary['seconds_median']}, p99 {summary['seconds_p99']}, "
              f"max {summary['seconds_max']}")
        for corpus, counts in summary["by_corpus"].items():
            print(f"  {corpus}: {counts}")
        for path, reason, where in summary["errors"]:
            print(f"  internal: {path}: {reason} at {where}")
    return 1 if report.internal else 0


if __name__ == "__main__":
    raise SystemExit(main())
