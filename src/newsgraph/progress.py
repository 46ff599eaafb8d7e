"""Progress of a long ingest: a rich bar on a terminal, a one-line status every few seconds in a log."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO

from newsgraph.ingest import IngestSummary
from newsgraph.reading import FORMAT_BY_SUFFIX

STATUS_EVERY_SECONDS = 10.0
"""How often a log (stderr not a terminal) gets a status line."""
_COUNT_CHUNK = 1 << 20


class Reporter(Protocol):
    """Shows an ingest's counts as it goes."""

    def update(self, summary: IngestSummary) -> None:
        """New counts (called after every batch)."""
        ...

    def close(self, summary: IngestSummary, *, complete: bool = True) -> None:
        """The final counts; leave the terminal or log tidy. ``complete``: the run came to its
        end (then what it did is the total, whatever the count of inputs guessed)."""
        ...


def count_inputs(paths: Sequence[str], *, input_format: str | None = None) -> int | None:
    """How many records ``paths`` hold, if that is cheap to know: a file is one article, a
    JSONL file one per line that is not blank (counted in 1 MiB chunks, never held in memory).
    None for standard input, CSV, whose records may span lines, and JSON, which may hold a list."""
    total = 0
    for name in paths:
        if name == "-":
            return None
        path = Path(name)
        files = [path] if path.is_file() else sorted(
            item for item in path.rglob("*") if item.is_file()
            and not any(part.startswith(".") for part in item.relative_to(path).parts)
            and (input_format is not None or item.suffix.lower() in FORMAT_BY_SUFFIX))
        for file in files:
            kind = input_format or FORMAT_BY_SUFFIX.get(file.suffix.lower(), "text")
            if kind in ("csv", "json"):
                return None
            total += _count_lines(file) if kind == "jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    """Lines with something besides white space in them: the reader passes blank lines by."""
    count, open_line = 0, False  # whether the line that runs into the next chunk has text
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_COUNT_CHUNK):
                *ended, last = chunk.split(b"\n")
                for line in ended:
                    count += open_line or bool(line.strip())
                    open_line = False
                open_line = open_line or bool(last.strip())
    except OSError:
        return 0
    return count + open_line


def done(summary: IngestSummary) -> int:
    """Inputs finished with: stored, found stored already, skipped or failed. Not ``read``: an
    executor reads batches ahead of the workers (a Dask client up to three windows)."""
    return summary.new + summary.duplicate + summary.skipped + summary.failed


def status_line(summary: IngestSummary, *, total: int | None, seconds: float) -> str:
    """One line of counts, rate and, with a total, the share done and the time left."""
    finished = done(summary)
    rate = finished / seconds if seconds > 0 else 0.0
    share = f"done {finished:,}"
    if total:
        share += f"/{total:,} ({min(100.0, 100 * finished / total):.0f}%)"
    left = eta(finished, total, rate)
    return (f"{share} · {_counts(summary)} · {rate:.1f} articles/s"
            + (f" · ETA {left}" if left else ""))


def eta(finished: int, total: int | None, rate: float) -> str:
    """The time left at ``rate``, or "" without a total, a rate, or anything left."""
    if not total or rate <= 0 or finished >= total:
        return ""
    return _clock((total - finished) / rate)


def _counts(summary: IngestSummary) -> str:
    return (f"new {summary.new:,} · duplicate {summary.duplicate:,} · skipped "
            f"{summary.skipped:,} · failed {summary.failed:,}")


def _clock(seconds: float) -> str:
    minutes, second = divmod(int(seconds + 0.5), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"


class LineReporter:
    """For logs and CI: a status line at most every ``every`` seconds, and one at the end.

    Given the run's ``summary`` (which the ingest updates as it goes), a thread also writes a
    line every ``every`` seconds between batches: while the models load, or when one batch
    takes longer than ``every``, a log still shows that the run is alive.
    """

    def __init__(self, stream: TextIO, *, total: int | None, every: float = STATUS_EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 summary: IngestSummary | None = None) -> None:
        self.stream = stream
        self.total = total
        self.every = every
        self.clock = clock
        self.started = clock()
        self.last = self.started
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        if summary is not None:
            self._ticker = threading.Thread(target=self._tick, args=(summary,), daemon=True,
                                            name="newsgraph-status")
            self._ticker.start()

    def update(self, summary: IngestSummary) -> None:
        """Write a status line if ``every`` seconds have passed since the last one."""
        with self._lock:
            now = self.clock()
            if now - self.last >= self.every:
                self.last = now
                self._write(summary, now)

    def close(self, summary: IngestSummary, *, complete: bool = True) -> None:
        """Write the final status line."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if complete and self.total is not None:
            self.total = done(summary)  # the count was a guess (a binary .jsonl is one skip)
        with self._lock:
            self._write(summary, self.clock())

    def _tick(self, summary: IngestSummary) -> None:
        while not self._stop.wait(max(0.05, self.last + self.every - self.clock())):
            self.update(summary)

    def _write(self, summary: IngestSummary, now: float) -> None:
        line = status_line(summary, total=self.total, seconds=now - self.started)
        self.stream.write(f"newsgraph: {line}\n")
        self.stream.flush()


class RichReporter:
    """For a terminal: a rich progress bar with total (when known), rate, ETA and the counts.

    Two lines, so that an 80-column terminal shows all of it: the bar with done/total, rate,
    elapsed time and ETA, and under it the counts of new, duplicate, skipped and failed.
    """

    BAR_WIDTH = 20

    def __init__(self, stream: TextIO, *, total: int | None) -> None:
        from rich.console import Console, RenderableType
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn)
        from rich.text import Text

        class TwoLines(Progress):
            def get_renderables(self) -> Iterable[RenderableType]:
                yield self.make_tasks_table(self.tasks)
                for task in self.tasks:
                    yield Text(str(task.fields.get("counts", "")))

        self.total = total
        self.progress = TwoLines(
            TextColumn("ingest"), BarColumn(bar_width=self.BAR_WIDTH), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(),
            TextColumn("ETA {task.fields[eta]}"),
            console=Console(file=stream), transient=False)
        self.task: Any = self.progress.add_task(
            "ingest", total=total, rate="0.0", eta="-:--", counts=_counts(IngestSummary()))
        self.started = time.monotonic()
        self.progress.start()

    def update(self, summary: IngestSummary) -> None:
        """Move the bar to the articles done so far."""
        seconds = time.monotonic() - self.started
        finished = done(summary)
        rate = finished / seconds if seconds > 0 else 0.0
        left = eta(finished, self.total, rate)
        self.progress.update(self.task, completed=finished, rate=f"{rate:.1f}",
                             eta=left or ("0:00" if self.total and finished >= self.total
                                          else "-:--"),
                             counts=_counts(summary))

    def close(self, summary: IngestSummary, *, complete: bool = True) -> None:
        """Show the final counts and stop the bar."""
        if complete and self.total is not None and done(summary) != self.total:
            self.total = done(summary)  # the count was a guess (a binary .jsonl is one skip)
            self.progress.update(self.task, total=self.total)
        self.update(summary)
        self.progress.stop()


def make_reporter(stream: TextIO, *, total: int | None, every: float = STATUS_EVERY_SECONDS,
                  summary: IngestSummary | None = None) -> Reporter:
    """A rich bar when ``stream`` is a terminal, status lines every ``every`` seconds otherwise
    (between batches too, given the run's ``summary``)."""
    if stream.isatty():
        return RichReporter(stream, total=total)
    return LineReporter(stream, total=total, every=every, summary=summary)
