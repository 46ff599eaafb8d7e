"""The end of a run: the last batches go out in pieces of decreasing size, so the workers finish together.

With whole batches, the workers' last tasks end up to a batch apart (16 articles, about 2 s),
and one worker idles while the other finishes. The executor holds back the last few batches it
has read; once the input ends, it knows they are the last, and splits them by guided
self-scheduling: each piece is the articles still held divided by the number of tasks the
workers hold at once (their slots), rounded up (for 2 slots and two held batches of 16: 16,
then 8, 4, 2, 1, 1), so whichever worker frees first takes the next, ever smaller, piece. A
process pool's worker holds one task (it takes the next when it is free); a Dask worker with
one thread holds two (the one it runs and the next, from Dask's ``worker-saturation`` of 1.1),
so its worker must not take a large piece it will run only after the other is done. In a
simulation of two workers over 25 batches of 16, the one starting up to a batch later, the
workers' last tasks ended 8 articles apart on average with whole batches; 0.5 with pieces
sized for the slots (one a worker without a next task, two with), 3.0 for Dask sized for
one a worker. The input's length need not be known
in advance: a stream is held back the same way. The outcomes of a batch's pieces are gathered
back into one list for that batch, in order, so the caller sees whole batches as before.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from newsgraph.executors.outcomes import Outcome
from newsgraph.schema import Article

Task = TypeVar("Task")


@dataclass(frozen=True)
class Piece:
    """Some consecutive articles of one batch: the whole batch, or a piece of a held-back one."""

    articles: list[Article]
    ends_batch: bool
    """True for the batch's last piece: its outcomes complete the batch."""


def held_back(slots: int) -> int:
    """How many batches to hold back for the tail: one for each task the workers hold at once
    (none for a single slot, which has nothing to balance)."""
    return slots if slots > 1 else 0


def guided_sizes(lengths: Sequence[int], slots: int) -> list[list[int]]:
    """The piece sizes for held batches of ``lengths`` articles: each piece is the articles
    still held over ``slots`` (the tasks the workers hold at once), rounded up, and a piece
    never spans two batches. An empty batch is one empty piece."""
    remaining = sum(lengths)
    share = max(1, slots)
    sizes: list[list[int]] = []
    for length in lengths:
        cuts: list[int] = []
        left = length
        while left > 0:
            size = min(left, -(-remaining // share))
            cuts.append(size)
            left -= size
            remaining -= size
        sizes.append(cuts or [0])
    return sizes


def pieces(batches: Iterable[list[Article]], hold: int,
           slots: Callable[[], int]) -> Iterator[Piece]:
    """Every batch whole, except the last ``hold``, which are split by ``guided_sizes`` once the
    input ends (``slots`` is asked then). A batch is passed on when ``hold`` more have been
    read, so at most ``hold`` batches wait here."""
    held: deque[list[Article]] = deque()
    for batch in batches:
        held.append(batch)
        if len(held) > hold:
            yield Piece(held.popleft(), True)
    last = list(held)
    for batch, sizes in zip(last, guided_sizes([len(batch) for batch in last], slots())):
        start = 0
        for size in sizes:
            yield Piece(batch[start:start + size], start + size == len(batch))
            start += size


class InFlight(Generic[Task]):
    """Tasks sent, oldest first, each with its piece; their outcomes come back as whole batches."""

    def __init__(self, take: Callable[[Task, list[Article]], list[Outcome]]) -> None:
        self._take = take
        self._tasks: deque[tuple[Task, Piece]] = deque()
        self._gathered: list[Outcome] = []

    def __len__(self) -> int:
        return len(self._tasks)

    def add(self, task: Task, piece: Piece) -> None:
        """A task just sent for ``piece``."""
        self._tasks.append((task, piece))

    def complete(self, keep: int) -> Iterator[list[Outcome]]:
        """Wait for the oldest tasks until ``keep`` are left; yield each batch they complete."""
        while len(self._tasks) > keep:
            task, piece = self._tasks.popleft()
            self._gathered.extend(self._take(task, piece.articles))
            if piece.ends_batch:
                batch, self._gathered = self._gathered, []
                yield batch
