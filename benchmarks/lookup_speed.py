"""Speed of the knowledge files' load and of a gazetteer lookup: medians over repeats.

These were timed unit tests once; timings belong here, where a noisy machine cannot fail CI.
Run from the repository root:

    python benchmarks/lookup_speed.py [--repeats 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.gazetteer import shared_gazetteer  # noqa: E402
from newsgraph.knowledge import _load  # noqa: E402

NAMES = ("Istanbul", "Kyiv", "Washington", "Pokrovsk", "Riyadh", "Springfield", "Donetsk Oblast",
         "Gaza", "Kharkiv", "Xyzzyville")
CONTEXT = ("UKR", "RUS", "USA")


def measure(repeats: int) -> dict[str, Any]:
    """Median seconds to load the built-in knowledge files, and microseconds per lookup."""
    loads = []
    for _ in range(repeats):
        started = time.perf_counter()
        _load.__wrapped__(())
        loads.append(time.perf_counter() - started)
    gazetteer = shared_gazetteer()
    lookups = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(50):
            for name in NAMES:
                gazetteer.resolve(name, context_countries=CONTEXT)
        lookups.append((time.perf_counter() - started) / (50 * len(NAMES)))
    return {"repeats": repeats, "knowledge_load_seconds_median": round(statistics.median(loads), 3),
            "gazetteer_lookup_microseconds_median": round(1e6 * statistics.median(lookups), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    result = measure(options.repeats)
    if options.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"knowledge files load: {result['knowledge_load_seconds_median']} s (median of "
              f"{options.repeats}); gazetteer lookup: "
              f"{result['gazetteer_lookup_microseconds_median']} µs per call")


if __name__ == "__main__":
    main()
