"""How far apart two workers end, in articles, with whole batches or with the tail in pieces.

A model, not a timing: two workers take tasks in order, each article costs one unit, and the
second worker starts up to a batch (16) later, uniformly. With ``--next`` each worker holds the
task after the one it runs (a Dask worker with one thread, worker-saturation 1.1) and runs it
whatever the other is doing; without, a free worker takes the next task (a process pool).

    python benchmarks/tail_simulation.py [--batches 25] [--runs 4000]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsgraph.executors.tail import guided_sizes, held_back  # noqa: E402


def end_gap(tasks: list[int], delay: float, holds_next: bool) -> float:
    """How far apart the two workers' last tasks end."""
    queue = list(tasks)
    ends = [0.0, delay]
    following: list[list[int]] = [[queue.pop(0)] if holds_next and queue else [] for _ in ends]
    done = [False, False]
    while not all(done):
        worker = min((w for w in (0, 1) if not done[w]), key=lambda w: ends[w])
        if holds_next:
            if not following[worker]:
                done[worker] = True
                continue
            task = following[worker].pop(0)
            if queue:
                following[worker].append(queue.pop(0))
        else:
            if not queue:
                done[worker] = True
                continue
            task = queue.pop(0)
        ends[worker] += task
    return abs(ends[0] - ends[1])


def schedule(batches: int, slots: int, split: bool) -> list[int]:
    """Task sizes: whole batches of 16, or the last ones in pieces sized for ``slots``."""
    hold = held_back(slots) if split else 0
    return [16] * (batches - hold) + [size for cuts in guided_sizes([16] * hold, slots)
                                      for size in cuts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=25)
    parser.add_argument("--runs", type=int, default=4000)
    args = parser.parse_args()
    print("| workers | tasks | pieces sized for | tasks sent | mean gap (articles) | largest |")
    print("|---|---|---|---:|---:|---:|")
    for holds_next in (False, True):
        for label, slots, split in (("whole batches", 2, False), ("2 slots", 2, True),
                                    ("4 slots", 4, True)):
            chance = random.Random(1)
            tasks = schedule(args.batches, slots, split)
            gaps = [end_gap(tasks, chance.uniform(0, 16), holds_next) for _ in range(args.runs)]
            kind = "hold the next task" if holds_next else "take the next when free"
            print(f"| 2 | {kind} | {label} | {len(tasks)} | {sum(gaps) / len(gaps):.2f} | "
                  f"{max(gaps):.1f} |")


if __name__ == "__main__":
    main()
