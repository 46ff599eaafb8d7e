"""Fuzz newsgraph's readers, normalisation, settings and dictionary loaders for a while.

    .venv/bin/python benchmarks/fuzz.py --minutes 10

Runs the targets of tests/fuzzing.py (the test suite runs them briefly) in turn, in rounds of
a few hundred random examples each, until the time is spent; then prints, per target, the
examples tried and the failures (with the first failing input of each). Exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzzing  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TARGETS: dict[str, tuple[Callable[..., None], tuple[Any, ...]]] = {
    "normalisation": (fuzzing.normalisation_target, (fuzzing.texts,)),
    "txt files": (fuzzing.text_file_target, (fuzzing.texts, st.binary(max_size=2000))),
    "html files": (fuzzing.html_file_target,
                   (fuzzing.texts, st.integers(0, 1200), st.binary(max_size=2000))),
    "jsonl files": (fuzzing.jsonl_file_target,
                    (st.lists(fuzzing.json_values, max_size=8), st.lists(fuzzing.texts, max_size=4))),
    "csv files": (fuzzing.csv_file_target,
                  (st.lists(st.lists(fuzzing.texts, max_size=5), max_size=8),
                   st.lists(st.sampled_from(["text", "title", "date", "url", "source", "x", ""]),
                            max_size=6))),
    "stdin": (fuzzing.stdin_target, (fuzzing.texts,)),
    "settings": (fuzzing.settings_target, (fuzzing.toml_texts(), fuzzing.overrides)),
    "dictionaries": (fuzzing.dictionary_target,
                     (st.sampled_from(sorted(fuzzing.dictionary_loaders())),
                      fuzzing.dictionary_texts())),
}


def run_round(target: Callable[..., None], strategies: tuple[Any, ...], examples: int,
              counts: dict[str, int]) -> str | None:
    """One round of random examples; returns the failure, or None."""
    def counted(arguments: tuple[Any, ...]) -> None:
        counts["tried"] += 1
        target(*arguments)

    test = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                    suppress_health_check=list(HealthCheck))(given(st.tuples(*strategies))(counted))
    try:
        test()
    except Exception:  # noqa: BLE001 - a failure is the finding; report it
        return traceback.format_exc(limit=-3)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--round", type=int, default=200, help="Examples per target per round.")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    deadline = time.monotonic() + options.minutes * 60
    results = {name: {"tried": 0, "failures": 0, "seconds": 0.0, "first_failure": None}
               for name in TARGETS}
    while time.monotonic() < deadline:
        for name, (target, strategies) in TARGETS.items():
            if time.monotonic() >= deadline:
                break
            counts = {"tried": 0}
            started = time.monotonic()
            failure = run_round(target, strategies, options.round, counts)
            result = results[name]
            result["seconds"] = float(result["seconds"] or 0) + time.monotonic() - started  # type: ignore[arg-type]
            result["tried"] = int(result["tried"] or 0) + counts["tried"]  # type: ignore[call-overload]
            if failure is not None:
                result["failures"] = int(result["failures"] or 0) + 1  # type: ignore[call-overload]
                result["first_failure"] = result["first_failure"] or failure
    if options.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{'target':<14} {'examples':>9} {'failures':>9} {'seconds':>8}")
        for name, result in results.items():
            print(f"{name:<14} {result['tried']:>9} {result['failures']:>9} "
                  f"{float(result['seconds'] or 0):>8.0f}")
        for name, result in results.items():
            if result["first_failure"]:
                print(f"\n--- first failure of {name} ---\n{result['first_failure']}")
    return 1 if any(result["failures"] for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
