"""Throughput on real news: the spaCy parse floor, the fast and full profiles, executors, memory.

Builds a corpus at run time from ``../shared/data/polnear/train/text`` (real news articles,
626 words on average), or from the bundled examples when that folder is missing, and measures
in one run, so that every figure meets the same machine:

* ``profiles``: ``nlp.pipe`` over the texts (the floor: the spaCy model alone), then the fast
  and the full pipeline over the same texts, interleaved, ``--repeats`` times; medians, the
  ratio of each profile to the floor, and the seconds each stage takes.
* ``executors``: ``ingest`` (reading, near-duplicates, analysis, store) of the corpus into a
  fresh store, serial, two worker processes and Dask with two workers, each in a fresh
  Python process; model loading is included. Beside the rates, where the time went: the
  client's and the workers' CPU seconds, and per worker its loading, its seconds inside batch
  tasks and its idle gaps (``--executors`` picks which executors run).
* ``memory``: peak RSS of a serial fast ingest of 1,000 and of 10,000 articles (short ones:
  the first ``--rss-chars`` characters of each article, each copy made unique), each in a
  fresh process.

Run from the repository root (``nice`` it on a shared machine):

    python benchmarks/throughput.py [--articles 120] [--repeats 3] [--parts profiles,executors,memory]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"
EXAMPLES = ROOT / "examples"
ENGLISH_NEWS = ("polnear/train/text", "polnear/dev/text", "semeval2023_t3/en/train-articles-subtask-1",
                "semeval2023_t3/en/test-articles-subtask-1", "semeval2025_t10/train/EN/raw-documents",
                "semeval2025_t10/test_unlabeled/EN/subtask-1-documents",
                "semeval2025_t10/test_unlabeled/EN/subtask-2-documents")
"""The English news articles under ../shared/data (the 2020 PTC articles are the 2023 ones)."""
EXECUTORS: dict[str, tuple[str, ...]] = {
    "serial": ("executor.kind=serial",),
    "process ×2": ("executor.kind=process", "executor.workers=2"),
    "dask ×2": ("executor.kind=dask", "executor.workers=2"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen parts and print Markdown (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120, help="corpus size (default 120)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each profile (default 3)")
    parser.add_argument("--parts", default="profiles,executors,memory",
                        help="comma-separated: profiles, executors, memory, realworld (all the "
                             "English news under ../shared/data, Dask with 2 workers)")
    parser.add_argument("--executors", default="serial,process,dask",
                        help="which executors the executors part runs (default all three)")
    parser.add_argument("--rss-sizes", default="1000,10000", help="articles per memory run")
    parser.add_argument("--rss-chars", type=int, default=600,
                        help="characters of each article in the memory runs (default 600)")
    parser.add_argument("--data", type=Path, default=POLNEAR, help="folder of .txt articles")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared data folder, for the realworld part")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="SECTION.KEY=VALUE",
                        help="a setting for both profiles, e.g. --set framing.encoder=static")
    parser.add_argument("--ingest-one", nargs=3, metavar=("CORPUS", "DB", "EXECUTOR"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.ingest_one:
        corpus, db, executor = args.ingest_one
        print(json.dumps(ingest_one(corpus.split(os.pathsep), Path(db), EXECUTORS[executor])))
        return 0
    texts, source = corpus_texts(args.data, args.articles)
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_average": [round(x, 1) for x in os.getloadavg()]},
        "corpus": {"source": source, "articles": len(texts),
                   "mean_words": round(statistics.mean(len(t.split()) for t in texts))}}
    parts = set(args.parts.split(","))
    if "realworld" in parts:
        results["realworld"] = realworld(args.shared)
    if "profiles" in parts:
        results["profiles"] = profiles(texts, args.repeats, args.overrides)
    if "executors" in parts:
        results["executors"] = executors(texts, args.executors.split(","))
    if "memory" in parts:
        sizes = [int(size) for size in args.rss_sizes.split(",")]
        results["memory"] = memory(texts, sizes, args.rss_chars)
    results["machine"]["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(markdown(results))
    return 0


def corpus_texts(folder: Path, count: int) -> tuple[list[str], str]:
    """``count`` article texts from ``folder`` (sorted by name), or the examples as a fallback."""
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    source = str(folder)
    if not files:
        files, source = sorted(EXAMPLES.glob("*.txt")), f"{EXAMPLES} (fallback)"
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files[:count]]
    while len(texts) < count:  # fewer files than asked for: go round again
        texts.append(texts[len(texts) % len(files)])
    return texts, source


# --- profiles ---------------------------------------------------------------------------------


def profiles(texts: list[str], repeats: int, overrides: Sequence[str] = ()) -> dict[str, Any]:
    """Floor, fast and full over the same texts, interleaved; medians and per-stage seconds,
    wall-clock and CPU seconds of the process (``overrides``: settings for both profiles)."""
    from newsgraph.pipeline import Pipeline
    from newsgraph.reading import read_text
    from newsgraph.schema import Article
    from newsgraph.settings import load_settings

    settings = {name: load_settings(profile=name, overrides=list(overrides))
                for name in ("fast", "full")}
    articles = []
    for number, text in enumerate(texts):
        item = read_text(text, origin=f"article-{number}", settings=settings["fast"].reading)
        if isinstance(item, Article):
            articles.append(item)
    pipelines = {name: Pipeline(chosen) for name, chosen in settings.items()}
    for pipeline in pipelines.values():
        pipeline.setup()
        pipeline.analyse(articles[:2])  # warm: first-use loads (langid, ONNX sessions)
    nlp = pipelines["fast"].backbone._nlp
    batch_size = settings["fast"].nlp.batch_size
    runs: dict[str, list[float]] = defaultdict(list)
    cpu_runs: dict[str, list[float]] = defaultdict(list)
    stages: dict[str, dict[str, list[float]]] = {"fast": defaultdict(list), "full": defaultdict(list)}
    cpu_stages: dict[str, dict[str, list[float]]] = {"fast": defaultdict(list),
                                                     "full": defaultdict(list)}
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe([article.text for article in articles], batch_size=batch_size):
            pass
        runs["floor"].append(time.perf_counter() - started)
        cpu_runs["floor"].append(time.process_time() - cpu_started)
        for name, pipeline in pipelines.items():
            _cold_caches(pipeline)
            timings: dict[str, float] = defaultdict(float)
            cpu_timings: dict[str, float] = defaultdict(float)
            restore = _time_stages(pipeline, timings, cpu_timings)
            started, cpu_started = time.perf_counter(), time.process_time()
            for first in range(0, len(articles), batch_size):
                pipeline.analyse(articles[first:first + batch_size])
            runs[name].append(time.perf_counter() - started)
            cpu_runs[name].append(time.process_time() - cpu_started)
            restore()
            for stage, seconds in timings.items():
                stages[name][stage].append(seconds)
                cpu_stages[name][stage].append(cpu_timings[stage])
    floor = statistics.median(runs["floor"])
    result: dict[str, Any] = {"articles": len(articles), "repeats": repeats,
                              "settings": list(overrides),
                              "floor": {"seconds": round(floor, 2),
                                        "cpu_seconds": round(statistics.median(cpu_runs["floor"]), 2),
                                        "articles_per_second": round(len(articles) / floor, 2)}}
    for name in ("fast", "full"):
        seconds = statistics.median(runs[name])
        result[name] = {
            "seconds": round(seconds, 2),
            "articles_per_second": round(len(articles) / seconds, 2),
            "ratio_to_floor": round(floor / seconds, 2),
            "cpu_seconds": round(statistics.median(cpu_runs[name]), 2),
            "stages": {stage: round(statistics.median(values), 2)
                       for stage, values in stages[name].items()},
            "stage_cpu_seconds": {stage: round(statistics.median(values), 2)
                                  for stage, values in cpu_stages[name].items()}}
    return result


def _cold_caches(pipeline: Any) -> None:
    """Forget what an earlier run over the same articles left in the caches.

    Every repeat reads the same articles, so without this the second run would find each
    sentence's embedding and each name's dictionary answer ready: a stream of new articles
    never does (for sentences) or only in part (for names, which recur from article to article).
    """
    from newsgraph.framing.embeddings import Embedder
    from newsgraph.knowledge import normalise

    normalise.cache_clear()
    for stage in pipeline.stages:
        for value in vars(stage).values():
            if isinstance(value, Embedder):
                value.forget()
        looked_up = getattr(stage, "looked_up", None)
        if isinstance(looked_up, dict):
            looked_up.clear()


def _time_stages(pipeline: Any, timings: dict[str, float],
                 cpu: dict[str, float] | None = None) -> Callable[[], None]:
    """Time the backbone's parse and each stage into ``timings`` (and CPU seconds into
    ``cpu``); returns the undo."""
    parse = pipeline.backbone.parse
    stages = pipeline.stages
    cpu_timings: dict[str, float] = defaultdict(float) if cpu is None else cpu

    def timed_parse(*args: Any, **kwargs: Any) -> Any:
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            return parse(*args, **kwargs)
        finally:
            timings["parse (spaCy + conversion)"] += time.perf_counter() - started
            cpu_timings["parse (spaCy + conversion)"] += time.process_time() - cpu_started

    pipeline.backbone.parse = timed_parse
    pipeline.stages = [_Timed(stage, timings, cpu_timings) for stage in stages]

    def restore() -> None:
        del pipeline.backbone.parse
        pipeline.stages = stages

    return restore


class _Timed:
    """A stage whose calls add their seconds to ``timings`` under the stage's name."""

    def __init__(self, inner: Any, timings: dict[str, float],
                 cpu: dict[str, float] | None = None) -> None:
        self.inner = inner
        self.timings = timings
        self.cpu: dict[str, float] = defaultdict(float) if cpu is None else cpu

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __call__(self, drafts: Any) -> Any:
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            return self.inner(drafts)
        finally:
            self.timings[self.inner.name] += time.perf_counter() - started
            self.cpu[self.inner.name] += time.process_time() - cpu_started


# --- executors and memory -----------------------------------------------------------------------


def executors(texts: list[str], chosen: Sequence[str] = ("serial", "process", "dask")) -> dict[str, Any]:
    """Ingest the corpus with each executor, each in a fresh process and a fresh store."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsgraph-throughput-") as folder:
        corpus = write_corpus(Path(folder) / "corpus.jsonl", texts)
        for name in EXECUTORS:
            if name.split()[0] not in chosen:
                continue
            db = Path(folder) / f"{name.split()[0]}.duckdb"
            results[name] = _subprocess_ingest(corpus, db, name)
            print(f"{name}: {results[name]['articles_per_second']:.2f} articles/s", file=sys.stderr)
    serial = results["serial"]["articles_per_second"] if "serial" in results else None
    for row in results.values():
        row["speed_up"] = round(row["articles_per_second"] / serial, 2) if serial else None
    return results


def memory(texts: list[str], sizes: list[int], chars: int) -> dict[str, Any]:
    """Peak RSS of one serial fast ingest of ``max(sizes)`` short articles, read after each
    1,000 stored (a checkpoint file gets them as they come, so a stopped run keeps its figures)."""
    results: dict[str, Any] = {}
    size = max(sizes)
    with tempfile.TemporaryDirectory(prefix="newsgraph-rss-") as folder:
        corpus = write_corpus(Path(folder) / f"corpus-{size}.jsonl", texts, count=size, chars=chars)
        db = Path(folder) / f"rss-{size}.duckdb"
        checkpoints = Path(os.environ.get("NEWSGRAPH_RSS_CHECKPOINTS", Path(folder) / "rss.jsonl"))
        environment = {**os.environ, "NEWSGRAPH_RSS_CHECKPOINTS": str(checkpoints)}
        results["run"] = _subprocess_ingest(corpus, db, "serial", environment)
        for line in checkpoints.read_text(encoding="utf-8").splitlines():
            point = json.loads(line)
            results[str(point["articles"])] = point
    return results


def write_corpus(path: Path, texts: list[str], *, count: int | None = None,
                 chars: int | None = None) -> Path:
    """JSONL of ``count`` articles (each copy made unique by a last line), cut at ``chars``."""
    count = len(texts) if count is None else count
    with path.open("w", encoding="utf-8") as output:
        for number in range(count):
            text = texts[number % len(texts)]
            if chars is not None:
                cut = text.rfind(". ", 0, chars)
                text = text[:cut + 1] if cut > 0 else text[:chars]
            if number >= len(texts) or chars is not None:
                text += f"\n\nCopy {number}."
            output.write(json.dumps({"text": text, "url": f"https://example.org/{number}"}) + "\n")
    return path


def realworld(data: Path) -> dict[str, Any]:
    """Every English news article under ``data``, ingested with Dask on two local workers."""
    from newsgraph.store import Store

    folders = [str(data / folder) for folder in ENGLISH_NEWS if (data / folder).is_dir()]
    with tempfile.TemporaryDirectory(prefix="newsgraph-realworld-") as folder:
        db = Path(folder) / "realworld.duckdb"
        result = _subprocess_ingest(Path(os.pathsep.join(folders)), db, "dask ×2")
        with Store(db, read_only=True) as store:
            result["events"] = store.table("event_mentions").num_rows
            result["store_mb"] = round(store.stats().file_size / 2**20, 1)
        result["folders"] = [str(Path(name).relative_to(data)) for name in folders]
    return result


def ingest_one(corpus: Sequence[str], db: Path, overrides: Sequence[str]) -> dict[str, Any]:
    """One ingest in this process; returns seconds, counts and peak memory."""
    from newsgraph.ingest import ingest
    from newsgraph.settings import load_settings
    from newsgraph.store import Store

    import newsgraph.ingest as ingest_module

    settings = load_settings(overrides=[*overrides, f"store.path={db}"])
    made: list[tuple[Any, float]] = []
    closing: list[float] = []
    make_executor = getattr(ingest_module, "make_executor")

    def timed_make_executor(*args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        executor = make_executor(*args, **kwargs)
        made.append((executor, time.perf_counter() - begun))
        close = executor.close

        def timed_close() -> None:
            begun = time.perf_counter()
            close()
            closing.append(time.perf_counter() - begun)

        executor.close = timed_close
        return executor

    setattr(ingest_module, "make_executor", timed_make_executor)  # to see the executor's loads
    sampler = _WorkerSampler()
    sampler.start()
    started_at, started = time.time(), time.perf_counter()
    cpu_before, machine_before = os.times(), _machine_busy_seconds()
    checkpoints = os.environ.get("NEWSGRAPH_RSS_CHECKPOINTS")
    noted = [0]

    def note_memory(summary: Any) -> None:
        if checkpoints and summary.new >= noted[0] + 1000:
            noted[0] = summary.new // 1000 * 1000
            point = {"articles": noted[0], "peak_rss_mb": round(_status_kb(os.getpid(), "VmHWM") / 1024),
                     "rss_mb": round(_status_kb(os.getpid(), "VmRSS") / 1024),
                     "seconds": round(time.perf_counter() - started, 1)}
            with open(checkpoints, "a", encoding="utf-8") as output:
                output.write(json.dumps(point) + "\n")

    with Store(settings.store.path) as store:
        summary = ingest(list(corpus), settings, store, progress=note_memory)
    seconds = time.perf_counter() - started
    cpu_after, machine_after = os.times(), _machine_busy_seconds()
    sampler.stop()
    reasons: dict[str, int] = defaultdict(int)
    for kind, _origin, reason in summary.reasons:
        if kind != "duplicate":
            reasons[f"{kind}: {reason.split(': ', 1)[-1].split(';')[0][:60]}"] += 1
    return {"seconds": round(seconds, 1), "articles_per_second": round(summary.new / seconds, 2),
            "read": summary.read, "new": summary.new, "duplicate": summary.duplicate,
            "failed": summary.failed, "skipped": summary.skipped, "reasons": dict(reasons),
            "peak_rss_mb": round(_status_kb(os.getpid(), "VmHWM") / 1024),
            "peak_worker_rss_mb": round(sampler.largest_kb / 1024),
            "profile": {**_run_profile(made, started_at, seconds, cpu_before, cpu_after, sampler),
                        "close_s": round(sum(closing), 1),
                        "machine_cpu_s": round(machine_after - machine_before, 1)}}


def _machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (every process, steal included; Linux)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _run_profile(made: list[tuple[Any, float]], started_at: float, seconds: float,
                 cpu_before: os.times_result, cpu_after: os.times_result,
                 sampler: _WorkerSampler) -> dict[str, Any]:
    """Where a run's time went: the client's CPU, each worker's loading, busy time and CPU."""
    profile: dict[str, Any] = {
        "client_cpu_s": round(cpu_after.user + cpu_after.system - cpu_before.user - cpu_before.system, 1),
        "workers_cpu_s": round(sampler.cpu_seconds(), 1)}
    if not made:
        return profile
    executor, startup = made[0]
    loads = getattr(executor, "loads", None)
    profile["startup_s"] = round(startup, 1)
    if loads is None or not loads.workers:
        return profile
    profile["first_result_s"] = round(loads.first_result_at - started_at, 1)
    workers = []
    for load in loads.as_dicts():
        after_ready = max(1e-9, started_at + seconds - load["ready_at"])
        workers.append({
            "worker": load["worker"], "load_s": round(load["load_seconds"], 1),
            "ready_s": round(load["ready_at"] - started_at, 1), "batches": load["batches"],
            "articles": load["articles"], "busy_s": round(load["busy_seconds"], 1),
            "task_cpu_s": round(load["cpu_seconds"], 1),
            "process_cpu_s": round(sampler.cpu_seconds(int(load["worker"])), 1),
            "busy_share_after_ready": round(load["busy_seconds"] / after_ready, 2),
            "idle_before_first_s": round(load["first_started"] - load["ready_at"], 1),
            "idle_between_s": round(load["last_ended"] - load["first_started"] - load["busy_seconds"], 1),
            "idle_at_end_s": round(started_at + seconds - load["last_ended"], 1),
            "task_cpu_per_article_s": round(load["cpu_seconds"] / max(1, load["articles"]), 3)})
    profile["workers"] = workers
    loaded = loads.as_dicts()
    first, last = min(w["first_started"] for w in loaded), max(w["last_ended"] for w in loaded)
    # Steady state: from the first task's start to the last one's end (loading and closing
    # left out, the client's reading and writing in between left in).
    profile["steady_articles_per_second"] = round(sum(w["articles"] for w in loaded)
                                                  / max(1e-9, last - first), 2)
    return profile


class _WorkerSampler(threading.Thread):
    """The largest peak RSS (VmHWM) among this process's descendants, sampled (Linux).

    ``ru_maxrss`` will not do: Linux carries a parent's peak across fork and exec, so every
    child of a big parent reports at least the parent's size.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.largest_kb = 0
        self.cpu_ticks: dict[int, int] = {}
        """The last CPU time (user and system, in clock ticks) seen of each descendant."""
        self._done = threading.Event()

    def cpu_seconds(self, pid: int | None = None) -> float:
        """CPU seconds of one descendant, or of all (as last sampled: within half a second)."""
        ticks = self.cpu_ticks.get(pid, 0) if pid is not None else sum(self.cpu_ticks.values())
        return ticks / os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self._done.wait(0.5):
            self._sample()

    def stop(self) -> None:
        self._sample()
        self._done.set()
        self.join()

    def _sample(self) -> None:
        for pid in _descendants(os.getpid()):
            self.largest_kb = max(self.largest_kb, _status_kb(pid, "VmHWM"))
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                self.cpu_ticks[pid] = int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, ValueError, IndexError):
                continue


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found.update(children)
        frontier.extend(children)
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _subprocess_ingest(corpus: Path, db: Path, executor: str,
                       environment: dict[str, str] | None = None) -> dict[str, Any]:
    environment = {**(environment or os.environ), "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, __file__, "--ingest-one", str(corpus), str(db), executor],
                          capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{executor} ingest failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- output ----------------------------------------------------------------------------------------


def _machine_text(profile: dict[str, Any]) -> str:
    machine = profile.get("machine_cpu_s")
    if machine is None:
        return ""
    others = machine - profile.get("client_cpu_s", 0) - profile.get("workers_cpu_s", 0)
    return f"{machine} ({max(0.0, others):.1f})"


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    corpus, machine = results["corpus"], results["machine"]
    lines = [f"{results['date']}; {machine['cpus']} CPUs, Python {machine['python']}, load average "
             f"{machine['load_average'][0]} before, {machine['load_average_after'][0]} after; "
             f"corpus {corpus['articles']} articles from {corpus['source']} "
             f"(mean {corpus['mean_words']} words)", ""]
    if "profiles" in results:
        part = results["profiles"]
        settings = ", ".join(part.get("settings", [])) or "none"
        lines += [f"Profiles, median of {part['repeats']} interleaved runs over {part['articles']} "
                  f"articles (settings: {settings}):",
                  "", "| run | articles/s | seconds | CPU seconds | ratio to the floor |",
                  "|---|---:|---:|---:|---:|",
                  f"| parse floor (`nlp.pipe`) | {part['floor']['articles_per_second']:.2f} "
                  f"| {part['floor']['seconds']:.1f} | {part['floor'].get('cpu_seconds', 0):.1f} | 1.00 |"]
        for name in ("fast", "full"):
            row = part[name]
            lines.append(f"| {name} profile | {row['articles_per_second']:.2f} | {row['seconds']:.1f} "
                         f"| {row.get('cpu_seconds', 0):.1f} | {row['ratio_to_floor']:.2f} |")
        lines += ["", "| stage | fast: seconds (CPU) | full: seconds (CPU) |", "|---|---:|---:|"]
        for stage in part["full"]["stages"]:
            fast = part["fast"]["stages"].get(stage)
            fast_cpu = part["fast"].get("stage_cpu_seconds", {}).get(stage, 0.0)
            full_cpu = part["full"].get("stage_cpu_seconds", {}).get(stage, 0.0)
            lines.append(f"| {stage} | {'' if fast is None else f'{fast:.2f} ({fast_cpu:.2f})'} "
                         f"| {part['full']['stages'][stage]:.2f} ({full_cpu:.2f}) |")
        lines.append("")
    if "executors" in results:
        lines += ["Ingest (fast profile, model loading included):", "",
                  "| executor | articles/s | seconds | × serial | stored | failed "
                  "| peak RSS MB (client) | peak RSS MB (largest worker) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, row in results["executors"].items():
            lines.append(f"| {name} | {row['articles_per_second']:.2f} | {row['seconds']:.1f} "
                         f"| {row['speed_up'] or ''} | {row['new']} | {row['failed']} "
                         f"| {row['peak_rss_mb']} | {row['peak_worker_rss_mb']} |")
        lines += ["", "Where the time went (steady: articles over the seconds from the first "
                  "task's start to the last one's end; CPU seconds; busy: seconds inside the batch "
                  "tasks, as a share of the time after that worker had loaded; a local Dask "
                  "cluster's workers fork from one loading, which each of them shows, and "
                  "workers' CPU includes that fork server's):", "",
                  "| executor | steady articles/s (× serial) | client CPU | workers' CPU "
                  "| whole machine's CPU (others') | start-up "
                  "| first result | closing "
                  "| worker: loading, ready at, busy, busy share, idle before the first task, "
                  "between tasks and at the end, task CPU per article |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        serial_steady = results["executors"].get("serial", {}).get("profile", {}).get(
            "steady_articles_per_second")
        for name, row in results["executors"].items():
            profile = row.get("profile", {})
            steady = profile.get("steady_articles_per_second")
            steady_text = "" if steady is None else f"{steady:.2f}" + (
                f" (×{steady / serial_steady:.2f})" if serial_steady else "")
            workers = "; ".join(
                f"{w['load_s']} s, {w['ready_s']} s, {w['busy_s']} s, {w['busy_share_after_ready']:.2f}, "
                f"{w['idle_before_first_s']}/{w['idle_between_s']}/{w['idle_at_end_s']} s, "
                f"{w['task_cpu_per_article_s']:.3f} s" for w in profile.get("workers", []))
            lines.append(f"| {name} | {steady_text} | {profile.get('client_cpu_s', '')} "
                         f"| {profile.get('workers_cpu_s', '')} "
                         f"| {_machine_text(profile)} "
                         f"| {profile.get('startup_s', '')} | {profile.get('first_result_s', '')} "
                         f"| {profile.get('close_s', '')} "
                         f"| {workers} |")
        lines.append("")
    if "realworld" in results:
        row = results["realworld"]
        lines += ["Real-world run: " + ", ".join(row["folders"]) + " (Dask, 2 local workers):", "",
                  f"- read {row['read']}, stored {row['new']}, duplicate {row['duplicate']}, "
                  f"skipped {row['skipped']}, failed {row['failed']}; {row['events']} event "
                  f"reports; store file {row['store_mb']} MB",
                  f"- {row['articles_per_second']:.2f} articles/s over {row['seconds']:.0f} s "
                  f"(model loading included)",
                  f"- peak RSS: client {row['peak_rss_mb']} MB, largest worker {row['peak_worker_rss_mb']} MB",
                  *(f"- {count} × {reason}" for reason, count in sorted(row["reasons"].items())), ""]
    if "memory" in results:
        sizes = [size for size in results["memory"] if size != "run"]
        lines += ["Peak RSS during one serial fast ingest of short articles:", "",
                  "| articles stored | peak RSS MB | RSS now MB | seconds |", "|---:|---:|---:|---:|"]
        for size in sizes:
            row = results["memory"][size]
            lines.append(f"| {int(size):,} | {row['peak_rss_mb']} | {row['rss_mb']} | {row['seconds']} |")
        if len(sizes) >= 2:
            first, last = results["memory"][sizes[0]], results["memory"][sizes[-1]]
            lines.append(f"\n{sizes[-1]} / {sizes[0]}: peak RSS ×"
                         f"{last['peak_rss_mb'] / first['peak_rss_mb']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
