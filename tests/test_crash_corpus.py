"""The crash corpus benchmark run on the bundled examples: no article meets an internal error."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from newsgraph.pipeline import Pipeline

ROOT = Path(__file__).parent.parent


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_corpus", ROOT / "benchmarks" / "crash_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_corpus"] = module
    spec.loader.exec_module(module)
    return module


def test_every_bundled_example_is_analysed_without_an_internal_error(pipeline: Pipeline) -> None:
    crash_corpus = _benchmark()
    files = crash_corpus.example_files(ROOT / "examples")
    assert len(files) >= 10
    report = crash_corpus.run(files, pipeline)
    summary = report.summary()
    assert summary["internal_errors"] == 0, summary["errors"]
    assert summary["articles"] == len(files)
    assert all(outcome.status == "ok" for outcome in report.outcomes), \
        [(o.path, o.reason) for o in report.outcomes if o.status != "ok"]
    assert sum(outcome.events for outcome in report.outcomes) > 0


def test_an_internal_error_is_counted_with_where_it_happened(pipeline: Pipeline, tmp_path: Path,
                                                             monkeypatch) -> None:
    crash_corpus = _benchmark()
    article = tmp_path / "talks.txt"
    article.write_text("Envoys of Chile and Peru met in Lima on Monday to discuss the border.\n",
                       encoding="utf-8")

    def broken(_analysis: object, _format: str = "text") -> str:
        raise KeyError("boom")

    monkeypatch.setattr(crash_corpus, "render", broken)
    report = crash_corpus.run([("mine", article)], pipeline)
    assert [outcome.status for outcome in report.outcomes] == ["internal"]
    assert report.outcomes[0].reason == "KeyError: 'boom'"
    assert "broken" in (report.outcomes[0].where or "")
    assert report.summary()["internal_errors"] == 1


def test_the_corpus_reads_the_four_training_folders_and_no_held_aside_split(tmp_path: Path) -> None:
    crash_corpus = _benchmark()
    for folders in crash_corpus.SOURCES.values():
        for folder in folders:
            (tmp_path / folder).mkdir(parents=True)
            (tmp_path / folder / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "polnear" / "test" / "text").mkdir(parents=True)
    (tmp_path / "polnear" / "test" / "text" / "b.txt").write_text("x", encoding="utf-8")
    found = crash_corpus.corpus_files(tmp_path)
    # the two SemEval-2023 folders hold the same article name once
    assert sorted(corpus for corpus, _ in found) == ["polnear-dev", "polnear-train",
                                                     "semeval2023-train", "semeval2025-train"]
    assert all("test" not in path.parts for _, path in found)
