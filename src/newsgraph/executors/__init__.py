"""Executors: how batches of articles are spread over processes or machines; the stages never know which."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from newsgraph.executors.local import ProcessExecutor, SerialExecutor
from newsgraph.executors.outcomes import (Executor, Failure, Outcome, Sharded, analyse_batch,
                                          safe_batch)
from newsgraph.settings import Settings

__all__ = ["Executor", "Failure", "Outcome", "ProcessExecutor", "SerialExecutor", "Sharded",
           "analyse_batch", "make_executor", "safe_batch"]


def make_executor(settings: Settings, *, shard_folder: str | Path | None = None) -> Executor:
    """The executor that ``executor.kind`` names; only Dask workers write shards."""
    kind = settings.executor.kind
    if kind == "dask" or shard_folder is not None:
        if not settings.executor.address and importlib.util.find_spec("distributed"):
            from newsgraph.executors.preload import start_fork_server

            start_fork_server(settings)  # it loads the models while this process imports Dask
        from newsgraph.executors.cluster import DaskExecutor

        return DaskExecutor(settings, shard_folder=shard_folder)
    if kind == "process" and settings.executor.workers > 1:
        return ProcessExecutor(settings)
    return SerialExecutor(settings)
