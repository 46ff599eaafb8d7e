"""Progress of a long ingest: a rich bar on a terminal, a one-line status every few seconds in a log."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
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

    def close(self, summary: IngestSummary) -> None:
        """The final counts; leave the terminal or log tidy."""
        ...


def count_inputs(paths: Sequence[str], *, input_format: str | None = None) -> int | None:
    """How many records ``paths`` hold, if that is cheap to know: a file is one article, a
    JSONL file one per non-empty line (counted in 1 MiB chunks, never held in memory).
    None for standard input and CSV, whose records may span lines."""
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
            if kind == "csv":
                return None
            total += _count_lines(file) if kind == "jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_COUNT_CHUNK):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return count + (last != b"\n")


def status_line(summary: IngestSummary, *, total: int | None, seconds: float) -> str:
    """One line of counts, rate and, with a total, the share done and the time left."""
    rate = summary.read / seconds if seconds > 0 else 0.0
    done = f"read {summary.read:,}"
    eta = ""
    if total:
        done += f"/{total:,} ({min(100.0, 100 * summary.read / total):.0f}%)"
        if rate > 0 and summary.read < total:
            eta = f" · ETA {_clock(max(0.0, (total - summary.read) / rate))}"
    return (f"{done} · new {summary.new:,} · duplicate {summary.duplicate:,} · skipped "
            f"{summary.skipped:,} · failed {summary.failed:,} · {rate:.1f} articles/s{eta}")


def _clock(seconds: float) -> str:
    minutes, second = divmod(int(seconds + 0.5), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"


class LineReporter:
    """For logs and CI: a status line at most every ``every`` seconds, and one at the end."""

    def __init__(self, stream: TextIO, *, total: int | None, every: float = STATUS_EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.total = total
        self.every = every
        self.clock = clock
        self.started = clock()
        self.last = self.started

    def update(self, summary: IngestSummary) -> None:
        """Write a status line if ``every`` seconds have passed since the last one."""
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            self._write(summary, now)

    def close(self, summary: IngestSummary) -> None:
        """Write the final status line."""
        self._write(summary, self.clock())

    def _write(self, summary: IngestSummary, now: float) -> None:
        line = status_line(summary, total=self.total, seconds=now - self.started)
        self.stream.write(f"newsgraph: {line}\n")
        self.stream.flush()


class RichReporter:
    """For a terminal: a rich progress bar with total (when known), rate, ETA and the counts."""

    def __init__(self, stream: TextIO, *, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.progress = Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[counts]}"),
            console=Console(file=stream), transient=False)
        self.task: Any = self.progress.add_task("ingest", total=total, rate="0.0", counts="")
        self.started = time.monotonic()
        self.progress.start()

    def update(self, summary: IngestSummary) -> None:
        """Move the bar to the articles read so far."""
        seconds = time.monotonic() - self.started
        self.progress.update(
            self.task, completed=summary.read,
            rate=f"{summary.read / seconds:.1f}" if seconds > 0 else "0.0",
            counts=(f"new {summary.new} · duplicate {summary.duplicate} · skipped "
                    f"{summary.skipped} · failed {summary.failed}"))

    def close(self, summary: IngestSummary) -> None:
        """Show the final counts and stop the bar."""
        self.update(summary)
        self.progress.stop()


def make_reporter(stream: TextIO, *, total: int | None,
                  every: float = STATUS_EVERY_SECONDS) -> Reporter:
    """A rich bar when ``stream`` is a terminal, status lines every ``every`` seconds otherwise."""
    if stream.isatty():
        return RichReporter(stream, total=total)
    return LineReporter(stream, total=total, every=every)
