"""A setting that only the workers find wrong (a model not installed, a stage not registered)
stops the ingest with exit 6 and one line, whichever executor runs it; it never hangs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.errors import ExitCode

ARTICLE = ("Harbour Repairs Begin\n\nWorkers began repairing the damaged pier in the fishing town "
           "on Wednesday, the mayor said, adding that the ferry would run again within a month.\n")


def run_ingest(tmp_path: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    article = tmp_path / "pier.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    command = [sys.executable, "-c", "import sys; from newsgraph.cli import main; sys.exit(main(sys.argv[1:]))",
               "--db", str(tmp_path / "store.duckdb")]
    for setting in settings:
        command += ["--set", setting]
    command += ["ingest", str(article)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the pool's workers too
        process.communicate()
        pytest.fail("the ingest hung on a setting its workers could not use")
    return subprocess.CompletedProcess(command, process.returncode, out, err)


@pytest.mark.parametrize("setting", ["nlp.model=no_such_spacy_model",
                                     "pipeline.stages=newsgraph.no_such_stage.v1"])
def test_process_workers_that_cannot_start_stop_the_ingest_with_one_line(
        tmp_path: Path, setting: str) -> None:
    result = run_ingest(tmp_path, "executor.kind=process", "executor.workers=2", setting)
    assert result.returncode == ExitCode.CONFIG, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("newsgraph: ")
              and "read " not in line]
    assert errors and setting.split("=")[1] in errors[-1]
