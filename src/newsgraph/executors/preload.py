"""Models loaded once for all of a local cluster's workers: a fork server loads them, workers fork from it.

Every worker process would otherwise load the spaCy model and every stage's tables again
(about 4 CPU seconds each, the largest cost a second worker adds on a small machine). A local
Dask cluster starts its workers through multiprocessing's fork server instead; the server
imports this module first, which loads the pipeline for the settings that the client put in
``ENVIRONMENT``, and each worker forked from it starts with those models in memory, shared
copy-on-write. A worker whose settings differ (or whose server could not load) loads its own,
so the preloaded pipeline is an optimisation only: analyses are the same either way.
"""

from __future__ import annotations

import base64
import gc
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import time
from typing import Any

from newsgraph.executors.environment import worker_environment
from newsgraph.executors.outcomes import LoadedPipeline, load_pipeline
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings

ENVIRONMENT = "NEWSGRAPH_PRELOAD_SETTINGS"
"""The environment variable that carries the pickled settings to the fork server."""
TOKENIZER_THREADS = "TOKENIZERS_PARALLELISM"
"""The tokenizers library's switch for its own thread pool, off in the fork server."""

# The fork server can hand its children nothing but what its imports left behind, so the
# loaded pipeline waits in this process-wide slot (as the process pool's does in local.py).
_preloaded: list[tuple[Settings, LoadedPipeline]] = []


def preloaded(settings: Settings) -> LoadedPipeline | None:
    """The pipeline the fork server loaded for ``settings``, ready now; None if there is none."""
    for loaded_settings, loaded in _preloaded:
        if loaded_settings == settings:
            return LoadedPipeline(loaded.pipeline, time.time(), loaded.load_seconds)
    return None


def holds_preloaded() -> bool:
    """Whether this process holds a pipeline the fork server loaded (asked of workers)."""
    return bool(_preloaded)


def start_fork_server(settings: Settings, modules: tuple[str, ...] = ("distributed",)) -> Any:
    """Start multiprocessing's fork server with ``modules`` and this one preloaded; its context.

    The settings reach the server through its environment, which is taken from this
    process's at the start and put back again at once. A server already running (an earlier
    call, or an earlier cluster in this process) is kept, whatever it loaded.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*modules, __name__])
    # The server's tokenizer must not start its own threads: its children are forked from it,
    # and the tokenizers library would warn in each of them that it turned them off. Its
    # numerical libraries get one thread each (environment.py): the workers forked from it
    # inherit them as loaded, so Dask's own pre-spawn settings would come too late.
    with worker_environment({ENVIRONMENT: base64.b64encode(pickle.dumps(settings)).decode("ascii"),
                             TOKENIZER_THREADS: "false"}):
        multiprocessing.forkserver.ensure_running()
    return context


def stop_fork_server() -> None:
    """Stop the fork server, with the models it holds (a later cluster starts a new one)."""
    server: Any = getattr(multiprocessing.forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if stop is not None:
        stop()


def _preload_from_environment() -> None:
    """In the fork server: load the pipeline for the settings the client passed, if any."""
    encoded = os.environ.pop(ENVIRONMENT, None)
    if not encoded:
        return
    try:
        settings = pickle.loads(base64.b64decode(encoded))
        if not isinstance(settings, Settings):
            return
        loaded = load_pipeline(Pipeline(settings))
    except Exception:  # noqa: BLE001 - the workers then load their own and report any error
        return
    _preloaded.append((settings, loaded))
    # Leave the models out of the collector's passes in the children: a pass writes to every
    # object it visits, which would copy the shared pages into each worker.
    gc.collect()
    gc.freeze()


_preload_from_environment()
