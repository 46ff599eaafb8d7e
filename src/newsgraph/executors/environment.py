"""One thread each for the numerical libraries in the worker processes that executors start.

On a machine whose cores the workers already fill, OpenBLAS's own threads only get in their
way: a worker's small matrix product (the events detector's linear model, about 24 an article)
waits for a helper thread whose core another process holds. In the workers' tasks 6-9 % of
py-spy's samples were there (160 articles, Dask and the pool alike); with one thread, under
1 %. The variables are read when a library loads, so they must be in a process's environment
before it imports numpy.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

NUMERIC_THREADS: dict[str, str] = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                                   "MKL_NUM_THREADS": "1"}
"""The variables that give OpenMP, OpenBLAS and MKL one thread in a process started with them."""


@contextmanager
def worker_environment(extra: Mapping[str, str] | None = None) -> Iterator[None]:
    """Set ``NUMERIC_THREADS`` (and ``extra``) for the processes started inside the block.

    This process's environment is put back as it was afterwards; what it has loaded already
    is not changed.
    """
    wanted = {**NUMERIC_THREADS, **(extra or {})}
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
