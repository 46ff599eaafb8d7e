"""One thread each for the numerical libraries in worker processes, and in a client that feeds them.

On a machine whose cores the workers already fill, OpenBLAS's own threads only compete with
them: a worker's matrix product (the events detector's linear model, langid's in the client)
waits, spinning, for a helper thread that another process holds the core of. In Dask's workers
forked from the fork server, 6-9 % of the time inside tasks went there (py-spy, 160 articles);
with one thread, under 1 %. The variables are read when a library loads, so they must be in
the environment of a process before it imports numpy.
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

