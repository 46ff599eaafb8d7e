"""The end of a run goes out in pieces of decreasing size; the caller still gets whole batches, in order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newsgraph.executors import ProcessExecutor
from newsgraph.executors.outcomes import BatchTiming, WorkerLoads
from newsgraph.executors.tail import InFlight, Piece, guided_sizes, held_back, pieces


def test_two_workers_split_the_last_of_two_held_batches_by_halves() -> None:
    assert guided_sizes([16, 16], 2) == [[16], [8, 4, 2, 1, 1]]


def test_a_short_last_batch_shares_the_split_with_the_one_before() -> None:
    # 21 held: 11 (ceil 21/2), then the 5 left of the first batch, then 3, 1, 1.
    assert guided_sizes([16, 5], 2) == [[11, 5], [3, 1, 1]]


def test_one_worker_keeps_whole_batches_and_holds_none_back() -> None:
    assert guided_sizes([16, 16], 1) == [[16], [16]]
    assert held_back(1) == 0 and held_back(2) == 2 and held_back(4) == 4


def test_an_empty_batch_is_one_empty_piece() -> None:
    assert guided_sizes([0, 3], 2) == [[0], [2, 1]]


def test_pieces_cover_each_batch_end_in_one_article_and_never_exceed_a_workers_share() -> None:
    for workers in range(1, 6):
        for lengths in ([16] * workers, [16] * (workers - 1) + [7], [1] * workers, [5, 16, 2]):
            sizes = guided_sizes(lengths, workers)
            assert [sum(cuts) for cuts in sizes] == lengths
            flat = [size for cuts in sizes for size in cuts]
            assert all(size >= 1 for size in flat)
            assert workers == 1 or flat[-1] == 1  # the very last task is one article
            remaining = sum(lengths)
            for size in flat:  # each piece is at most the held articles over the workers
                assert size <= -(-remaining // workers)
                remaining -= size


def test_a_stream_is_held_back_lazily_and_split_only_at_its_end() -> None:
    read: list[int] = []
    asked: list[int] = []

    def stream() -> Iterator[list[Any]]:
        for number in range(5):
            read.append(number)
            yield list(range(number * 16, number * 16 + 16))

    def workers() -> int:
        asked.append(len(read))
        return 2

    out: list[Piece] = []
    for piece in pieces(stream(), 2, workers):
        assert len(read) <= len(out) + 3  # at most two batches wait beyond the one passed on
        out.append(piece)
    assert asked == [5]  # asked once, after the input had ended
    assert [len(piece.articles) for piece in out] == [16, 16, 16, 16, 8, 4, 2, 1, 1]
    assert [piece.ends_batch for piece in out] == [True] * 4 + [False] * 4 + [True]
    assert [a for piece in out for a in piece.articles] == list(range(80))


def test_in_flight_gives_whole_batches_back_in_order_and_keeps_the_window() -> None:
    taken: list[str] = []

    def take(task: str, articles: list[Any]) -> list[Any]:
        taken.append(task)
        return [f"{task}:{article}" for article in articles]

    in_flight: InFlight[str] = InFlight(take)
    in_flight.add("t1", Piece([1, 2], True))  # type: ignore[list-item]
    in_flight.add("t2", Piece([3], False))  # type: ignore[list-item]
    in_flight.add("t3", Piece([4], True))  # type: ignore[list-item]
    assert list(in_flight.complete(keep=2)) == [["t1:1", "t1:2"]] and len(in_flight) == 2
    assert list(in_flight.complete(keep=1)) == [] and taken == ["t1", "t2"]
    assert list(in_flight.complete(keep=0)) == [["t2:3", "t3:4"]] and not in_flight


class _Result:
    def __init__(self, articles: list[Any]) -> None:
        self.articles = articles

    def get(self) -> tuple[list[Any], BatchTiming]:
        return list(self.articles), BatchTiming(7, len(self.articles), 0.0, 0.0, 0.0, 0.0, 0.0)


class _Pool:
    """Stands in for a process pool: records each task's articles."""

    def __init__(self) -> None:
        self.sent: list[list[Any]] = []

    def apply_async(self, function: Any, arguments: tuple[list[Any]]) -> _Result:
        self.sent.append(arguments[0])
        return _Result(arguments[0])


@pytest.mark.parametrize("last", [16, 3])
def test_the_process_pool_gets_the_tail_in_pieces_and_gives_back_whole_batches(last: int) -> None:
    executor = object.__new__(ProcessExecutor)  # no processes: the pool is a stand-in
    executor.workers, executor.window, executor.loads = 2, 8, WorkerLoads()
    executor.pool = _Pool()  # type: ignore[assignment]
    batches = [list(range(number * 16, number * 16 + 16)) for number in range(11)]
    batches.append(list(range(176, 176 + last)))
    results = list(executor.map(batches))  # type: ignore[arg-type]
    assert results == batches
    sent = [len(task) for task in executor.pool.sent]  # type: ignore[attr-defined]
    assert sent[:10] == [16] * 10 and sum(sent) == 176 + last
    assert sent[10:] == [size for cuts in guided_sizes([16, last], 2) for size in cuts]
    assert executor.loads.workers[7].batches == len(sent)  # a worker counts its tasks
