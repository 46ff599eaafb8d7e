"""Ingest throughput: articles per second and peak memory, serial against two worker processes.

Builds a JSONL corpus by repeating the bundled examples (each copy ends with a unique
"Copy N." sentence, so copies are near-duplicates, not exact ones), then ingests it into a
fresh DuckDB store once per run, each run in a fresh Python process so that its peak
memory is its own. Run from the repository root:

    python benchmarks/ingest_throughput.py [--articles 1000] [--repeats 3] [--json]

Times cover the whole ``ingest`` call: loading the model (in every worker), reading,
near-duplicate detection, analysis and writing the store.

Peak memory is given twice. ``ru_maxrss`` of RUSAGE_SELF + RUSAGE_CHILDREN is cheap and
portable but only approximate: the children figure is the peak of the largest single
child, not of all workers at once, and it includes short-lived helpers such as the
``lscpu`` that ``numpy.testing`` runs on import, which shows the parent's size at the
fork. The sampled figure sums the resident memory of the whole process tree (Linux).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONFIGURATIONS: dict[str, tuple[str, ...]] = {
    "serial": ("executor.kind=serial",),
    "process ×2": ("executor.kind=process", "executor.workers=2"),
}
SAMPLE_SECONDS = 0.2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per configuration (default 3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--run-one", nargs=3, metavar=("CORPUS", "DB", "CONFIGURATION"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        corpus, db, configuration = args.run_one
        print(json.dumps(run_one(Path(corpus), Path(db), CONFIGURATIONS[configuration])))
        return 0
    results = benchmark(args.articles, args.repeats)
    print(json.dumps(results, indent=2) if args.json else markdown(results))
    return 0


def benchmark(articles: int, repeats: int) -> dict[str, Any]:
    """Build the corpus, run every configuration ``repeats`` times, and summarise."""
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as folder:
        corpus = build_corpus(Path(folder) / "corpus.jsonl", articles)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CONFIGURATIONS}
        for repeat in range(1, repeats + 1):
            # Interleaved, so that a slow spell of the machine hurts both alike.
            for name in CONFIGURATIONS:
                db = Path(folder) / f"run-{repeat}-{len(runs[name])}-{name.split()[0]}.duckdb"
                run = _subprocess_run(corpus, db, name)
                runs[name].append(run)
                print(f"run {repeat}/{repeats} {name}: {run['articles_per_second']:.2f} articles/s, "
                      f"{run['seconds']:.1f} s, peak RSS {run['peak_rss_mb']:.0f} MB "
                      f"(sampled tree {run['peak_tree_rss_mb'] or 0:.0f} MB)", file=sys.stderr)
                db.unlink(missing_ok=True)
    summary = {name: _median_of(items) for name, items in runs.items()}
    serial, process = summary["serial"], summary["process ×2"]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "articles": articles,
        "repeats": repeats,
        "configurations": summary,
        "ratio_process_to_serial": {
            "articles_per_second": round(process["articles_per_second"]
                                         / serial["articles_per_second"], 2),
            "peak_rss_mb": round(process["peak_rss_mb"] / serial["peak_rss_mb"], 2),
            "peak_tree_rss_mb": (round(process["peak_tree_rss_mb"] / serial["peak_tree_rss_mb"], 2)
                                 if process["peak_tree_rss_mb"] and serial["peak_tree_rss_mb"]
                                 else None),
        },
        "runs": runs,
    }


def build_corpus(path: Path, count: int) -> Path:
    """Write ``count`` articles as JSONL: the examples over and over, each copy made unique."""
    from newsgraph.reading import read_inputs
    from newsgraph.schema import Article
    from newsgraph.settings import load_settings

    reading = load_settings().reading
    examples = [item for item in read_inputs([str(p) for p in sorted(EXAMPLES.glob("*.txt"))],
                                             reading) if isinstance(item, Article)]
    if not examples:
        raise SystemExit(f"no readable examples in {EXAMPLES}")
    with path.open("w", encoding="utf-8") as output:
        for number in range(count):
            example = examples[number % len(examples)]
            record = {reading.text_field: f"{example.text}\n\nCopy {number}.",
                      reading.title_field: example.title,
                      reading.date_field: example.published,
                      reading.source_field: example.source,
                      reading.url_field: f"https://example.org/benchmark/{number}"}
            output.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def run_one(corpus: Path, db: Path, overrides: Sequence[str]) -> dict[str, Any]:
    """One ingest into a fresh store, in this process; returns time, counts and peak memory."""
    from newsgraph.ingest import ingest
    from newsgraph.settings import load_settings
    from newsgraph.store import Store

    settings = load_settings(overrides=[*overrides, f"store.path={db}"])
    sampler = _TreeSampler()
    sampler.start()
    started = time.perf_counter()
    with Store(settings.store.path) as store:
        summary = ingest([str(corpus)], settings, store)
    seconds = time.perf_counter() - started
    sampler.stop()
    peak_kb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
               + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024  # bytes there, KiB here
    return {"seconds": round(seconds, 2),
            "articles_per_second": round(summary.new / seconds, 2),
            "peak_rss_mb": round(peak_kb * scale, 1),
            "peak_tree_rss_mb": sampler.peak_mb,
            "read": summary.read, "new": summary.new,
            "near_duplicate": summary.near_duplicate, "failed": summary.failed,
            "skipped": summary.skipped}


class _TreeSampler(threading.Thread):
    """Samples the resident memory of this process and all its descendants (Linux only).

    ``ru_maxrss`` of RUSAGE_CHILDREN is the peak of the largest single child, not of all
    children at once, so with two workers it under-counts; this sum does not.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self._done = threading.Event()
        self.available = Path("/proc/self/status").exists()

    @property
    def peak_mb(self) -> float | None:
        return round(self.peak_kb / 1024, 1) if self.available else None

    def run(self) -> None:
        while self.available and not self._done.wait(SAMPLE_SECONDS):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _subprocess_run(corpus: Path, db: Path, name: str) -> dict[str, Any]:
    environment = dict(os.environ)
    source = str(ROOT / "src")
    environment["PYTHONPATH"] = os.pathsep.join(
        part for part in (source, environment.get("PYTHONPATH", "")) if part)
    done = subprocess.run([sys.executable, __file__, "--run-one", str(corpus), str(db), name],
                          capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} run failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    tree = [run["peak_tree_rss_mb"] for run in runs if run["peak_tree_rss_mb"] is not None]
    return {"runs": len(runs),
            "articles_per_second": round(statistics.median(r["articles_per_second"] for r in runs), 2),
            "seconds": round(statistics.median(r["seconds"] for r in runs), 2),
            "peak_rss_mb": round(statistics.median(r["peak_rss_mb"] for r in runs), 1),
            "peak_tree_rss_mb": round(statistics.median(tree), 1) if tree else None,
            "new": runs[0]["new"], "near_duplicate": runs[0]["near_duplicate"],
            "failed": runs[0]["failed"]}


def markdown(results: dict[str, Any]) -> str:
    """The results as a Markdown table with the process/serial ratio under it."""
    lines = [f"Ingest of {results['articles']} articles, median of {results['repeats']} runs "
             f"({results['date']}, {results['machine']['cpus']} CPUs, "
             f"Python {results['machine']['python']})",
             "",
             "| configuration | articles/s | seconds | peak RSS MB (self + children) "
             "| peak RSS MB (sampled, all processes) | stored | near-duplicates | failed |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, row in results["configurations"].items():
        tree = "n/a" if row["peak_tree_rss_mb"] is None else f"{row['peak_tree_rss_mb']:.0f}"
        lines.append(f"| {name} | {row['articles_per_second']:.2f} | {row['seconds']:.1f} "
                     f"| {row['peak_rss_mb']:.0f} | {tree} | {row['new']} "
                     f"| {row['near_duplicate']} | {row['failed']} |")
    ratio = results["ratio_process_to_serial"]
    lines += ["", f"process ×2 / serial: throughput ×{ratio['articles_per_second']:.2f}, "
                  f"peak RSS (self + children) ×{ratio['peak_rss_mb']:.2f}"
                  + ("" if ratio["peak_tree_rss_mb"] is None
                     else f", peak RSS (sampled) ×{ratio['peak_tree_rss_mb']:.2f}")]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
