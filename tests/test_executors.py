import os
import subprocess
import sys

import pytest
from threadpoolctl import threadpool_info

from newsgraph.executors import Failure, ProcessExecutor, SerialExecutor, analyse_batch, make_executor
from newsgraph.pipeline import Pipeline
from newsgraph.reading import read_text
from newsgraph.schema import Analysis, Article
from newsgraph.settings import load_settings

TEXTS = [
    "Talks in Geneva\n\nRussian Foreign Minister Sergei Lavrov met Turkish officials in Geneva on Monday.",
    "Aid to Kyiv\n\nThe European Union approved a new aid package for Ukraine on Tuesday in Brussels.",
    "Port strikes\n\nDrones struck the port of Odesa overnight, Ukrainian officials said on Wednesday.",
]


def _articles() -> list[Article]:
    settings = load_settings()
    articles = []
    for text in TEXTS:
        title, _, body = text.partition("\n\n")
        item = read_text(body, origin="test", title=title, settings=settings.reading)
        assert isinstance(item, Article)
        articles.append(item)
    return articles


def test_two_processes_give_the_same_analyses_as_one() -> None:
    settings = load_settings(overrides=["executor.kind=process", "executor.workers=2",
                                        "executor.batch_size=1"])
    executor = make_executor(settings)
    assert isinstance(executor, ProcessExecutor)
    try:
        parallel = [item for batch in executor.map([[a] for a in _articles()]) for item in batch]
        libraries = executor.pool.apply(threadpool_info)  # a worker, after its analyses
    finally:
        executor.close()
    blas = [library["num_threads"] for library in libraries if library["user_api"] == "blas"]
    assert blas and set(blas) == {1}  # OpenBLAS started with one thread in the worker
    loads = list(executor.loads.workers.values())
    assert sum(load.articles for load in loads) == 3 and sum(load.batches for load in loads) == 3
    assert all(load.worker != os.getpid() for load in loads)
    serial_executor = SerialExecutor(load_settings())
    serial = [item for batch in serial_executor.map([_articles()]) for item in batch]
    assert all(isinstance(item, Analysis) for item in parallel + serial)
    assert [a.to_dict() for a in parallel] == [a.to_dict() for a in serial]  # type: ignore[union-attr]


def test_one_failing_article_costs_only_that_article(pipeline: Pipeline, monkeypatch) -> None:
    articles = _articles()
    original = pipeline.analyse

    def fragile(batch: list[Article]) -> list[Analysis]:
        if any("Odesa" in article.text for article in batch):
            raise RuntimeError("simulated stage failure")
        return original(batch)

    monkeypatch.setattr(pipeline, "analyse", fragile)
    outcomes = analyse_batch(pipeline, articles)
    assert [type(outcome).__name__ for outcome in outcomes] == ["Analysis", "Analysis", "Failure"]
    failure = outcomes[2]
    assert isinstance(failure, Failure) and "simulated stage failure" in failure.reason


def test_the_serial_executor_counts_its_batches_as_one_worker_in_this_process() -> None:
    executor = SerialExecutor(load_settings())
    outcomes = [item for batch in executor.map([[a] for a in _articles()]) for item in batch]
    assert len(outcomes) == 3
    (load,) = executor.loads.workers.values()
    assert (load.worker, load.batches, load.articles) == (os.getpid(), 3, 3)
    assert load.first_started <= load.last_ended and load.ready_at <= load.first_started
    assert load.first_started <= executor.loads.first_result_at <= load.last_ended


def test_serial_is_the_default() -> None:
    assert isinstance(make_executor(load_settings()), SerialExecutor)


def test_a_worker_takes_preloaded_models_only_for_the_same_settings(monkeypatch) -> None:
    from newsgraph.executors import preload
    from newsgraph.executors.outcomes import LoadedPipeline

    loaded_for = load_settings(overrides=["executor.kind=dask"])
    pipeline = Pipeline(loaded_for)  # not set up: nothing is loaded here
    monkeypatch.setattr(preload, "_preloaded", [(loaded_for, LoadedPipeline(pipeline, 0.0, 3.5))])
    same = preload.preloaded(load_settings(overrides=["executor.kind=dask"]))
    assert same is not None and same.pipeline is pipeline and same.load_seconds == 3.5
    assert same.ready_at > 0.0  # ready when taken, not when the fork server loaded
    assert preload.preloaded(load_settings(overrides=["executor.kind=dask",
                                                      "events.detector=lexicon"])) is None
    assert preload.holds_preloaded()


def test_processes_started_inside_the_worker_environment_get_one_numeric_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.executors.environment import NUMERIC_THREADS, worker_environment

    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    show = "import os; print(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'], os.environ['EXTRA'])"
    with worker_environment({"EXTRA": "yes"}):
        child = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, check=True)
    assert child.stdout.split() == ["1", "1", "yes"]
    assert set(NUMERIC_THREADS.values()) == {"1"}
    assert os.environ["OMP_NUM_THREADS"] == "3"  # put back as it was, and unset ones unset
    assert "OPENBLAS_NUM_THREADS" not in os.environ and "EXTRA" not in os.environ
