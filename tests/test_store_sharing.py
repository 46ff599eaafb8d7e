"""Reading while ingesting: the writer lets go of the file between batches and readers wait their turn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.errors import Messages, StoreError
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [str(ROOT / "examples" / name) for name in (
    "prisoner_exchange.txt", "new_start_offer.txt", "istanbul_embassy_talks.txt",
    "easter_truce.txt", "nato_hague_summit.txt")]
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

HOLDER = """
import sys, time
from newsgraph.store import Store
with Store(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""
CLIENT = """
import sys
from newsgraph.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(seconds)],
                               stdout=subprocess.PIPE, text=True, env=ENVIRONMENT)
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    return process


def test_a_reader_waits_for_a_writer_to_let_go(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    Store(path).close()
    holder = _hold(path, 1.0)
    try:
        with pytest.raises(StoreError) as caught:
            Store(path, read_only=True)  # no wait: refused at once, as before
        assert str(caught.value) == Messages.STORE_LOCKED.format(path=path)
        with Store(path, read_only=True, wait=60) as store:
            assert store.article_ids() == set()
    finally:
        holder.wait(timeout=60)
        holder.stdout.close()  # type: ignore[union-attr]


def test_a_reader_that_waited_long_enough_says_so(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    Store(path).close()
    holder = _hold(path, 5.0)
    try:
        with pytest.raises(StoreError) as caught:
            Store(path, read_only=True, wait=0.3)
        assert str(caught.value) == Messages.STORE_BUSY.format(path=path, seconds=0.3)
    finally:
        holder.wait(timeout=60)
        holder.stdout.close()  # type: ignore[union-attr]


def test_a_store_that_let_go_reopens_on_its_next_use(tmp_path: Path) -> None:
    path = tmp_path / "released.duckdb"
    with Store(path) as store:
        store.release()
        with Store(path, read_only=True) as reader:  # the file is free while released
            assert reader.article_ids() == set()
        assert store.article_ids() == set()


def test_read_commands_answer_while_an_ingest_runs(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shared.duckdb"
    command = [sys.executable, "-c", CLIENT, "--db", str(db), "--set", "executor.batch_size=1",
               "--set", "store.release_every=0", "ingest", "--status-every", "0.1", *ARTICLES]
    writer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, env=ENVIRONMENT)
    assert writer.stderr is not None
    seen_during: list[int] = []
    try:
        for line in writer.stderr:
            if " new 1 " in line or " new 2 " in line or " new 3 " in line:
                break
        while writer.poll() is None:
            code = main(["--db", str(db), "--set", "store.wait_seconds=60", "articles", "--json"])
            out = capsys.readouterr().out
            assert code == 0
            if writer.poll() is None:
                seen_during.append(len(json.loads(out)))
            time.sleep(0.2)
    finally:
        writer.wait(timeout=300)
        writer.stderr.close()
    assert writer.returncode == 0
    assert seen_during and 1 <= min(seen_during) < len(ARTICLES)
    with Store(db, read_only=True) as store:
        assert len(store.article_ids()) == len(ARTICLES)
