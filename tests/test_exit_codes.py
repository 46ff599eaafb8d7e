"""Every outcome of every command maps to the exit code of the README's table.

The rows are the classes of outcome a user meets: bad usage (2), something named that is not
there (2), an output that exists or cannot be written (2), unreadable input (3), input read but
skipped (4), a store problem (5), a setting that is wrong (6). No user mistake may reach 1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from newsgraph.cli import cli, main
from newsgraph.errors import ExitCode, StoreError

README = Path(__file__).parent.parent / "README.md"

BODY = ("Ministers from Norway and Chile met in Geneva on Monday to discuss fishing quotas and "
        "the reopening of consulates, officials said after the meeting ended. The Chilean "
        "delegation said it would send a written proposal within two weeks.\n")
GERMAN = ("Die Gespr\u00e4che wurden am Montag in Genf fortgesetzt, und beide Seiten sprachen von "
          "Fortschritten bei den Verhandlungen \u00fcber die Fischereiquoten.\n") * 3


def command_paths(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from command_paths(command, path)
        else:
            yield path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- every command: unknown options are usage errors, --help is fine -----------------------------


@pytest.mark.parametrize("path", list(command_paths()), ids=" ".join)
def test_every_command_refuses_an_unknown_option_with_the_usage_code(capsys, path) -> None:
    code, _, err = run(capsys, *path, "--no-such-option")
    assert code == ExitCode.USAGE, err
    assert "Traceback" not in err
    assert run(capsys, *path, "--help")[0] == ExitCode.OK


# --- the cases of the table, each as a class of outcome -------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    (folder / "talks.txt").write_text("Talks in Geneva\n\n" + BODY, encoding="utf-8")
    database = folder / "news.duckdb"
    assert main(["-q", "ingest", str(folder / "talks.txt"), "--db", str(database)]) == 0
    return database


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text("Talks in Geneva\n\n" + BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "german.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Talks went well.\n", encoding="utf-8")
    (tmp_path / "table.txt").write_text(("| quota | tonnes | port |\n" * 300), encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(("Talks in Z\u00fcrich\n\n" + BODY).encode("latin-1"))
    (tmp_path / "two.jsonl").write_text(
        json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY.replace("Geneva", "Oslo")})
        + "\n", encoding="utf-8")
    (tmp_path / "exists.json").write_text("keep", encoding="utf-8")
    (tmp_path / "empty_folder").mkdir()
    (tmp_path / "notes_only").mkdir()
    (tmp_path / "notes_only" / "README.md").write_text("# Notes\n\n" + BODY, encoding="utf-8")
    return tmp_path


CASES = [
    # (what, arguments; {files} and {store} are filled in, expected code, words in the message)
    ("no arguments where one is needed", ["analyze"], ExitCode.USAGE, "PATH"),
    ("an unknown command", ["summarise"], ExitCode.USAGE, "summarise"),
    ("analyze: a path that is not there", ["analyze", "{files}/absent.txt"], ExitCode.USAGE,
     "absent.txt"),
    ("analyze: an empty file", ["analyze", "{files}/empty.txt"], ExitCode.INPUT, "empty"),
    ("analyze: a file that is not UTF-8", ["analyze", "{files}/latin.txt"], ExitCode.INPUT,
     "--encoding"),
    ("analyze: an encoding that does not exist",
     ["analyze", "{files}/latin.txt", "--encoding", "klingon-8"], ExitCode.USAGE, "klingon-8"),
    ("analyze: not English", ["analyze", "{files}/german.txt"], ExitCode.SKIPPED, "not English"),
    ("analyze: too short", ["analyze", "{files}/short.txt"], ExitCode.SKIPPED, "characters"),
    ("analyze: a table, not prose", ["analyze", "{files}/table.txt"], ExitCode.SKIPPED, "prose"),
    ("analyze: several records as a report", ["analyze", "{files}/two.jsonl"], ExitCode.USAGE,
     "newsgraph ingest"),
    ("analyze: -o into a folder that is not there",
     ["analyze", "{files}/article.txt", "-o", "{files}/nowhere/out.json"], ExitCode.USAGE,
     "does not exist"),
    ("analyze: -o onto a file that exists",
     ["analyze", "{files}/article.txt", "-o", "{files}/exists.json"], ExitCode.USAGE, "--force"),
    ("ingest: a path that is not there", ["ingest", "{files}/absent", "--db", "{files}/new.duckdb"],
     ExitCode.USAGE, "absent"),
    ("ingest: an empty folder", ["ingest", "{files}/empty_folder", "--db", "{files}/new.duckdb"],
     ExitCode.INPUT, "nothing to ingest"),
    ("ingest: a folder of undocumented types",
     ["ingest", "{files}/notes_only", "--db", "{files}/new.duckdb"], ExitCode.INPUT,
     "nothing to ingest"),
    ("show: an unknown id", ["show", "ffffffffffff", "--db", "{store}"], ExitCode.USAGE,
     "ffffffffffff"),
    ("show: an id too short to look up", ["show", "ab", "--db", "{store}"], ExitCode.USAGE,
     "too short"),
    ("show: no store", ["show", "abcdef12", "--db", "{files}/none.duckdb"], ExitCode.STORE,
     "newsgraph ingest"),
    ("stats: no store", ["stats", "--db", "{files}/none.duckdb"], ExitCode.STORE, "newsgraph ingest"),
    ("events: a date that is not a date", ["events", "--since", "yesterday", "--db", "{store}"],
     ExitCode.USAGE, "YYYY-MM-DD"),
    ("events: a negative limit", ["events", "--limit", "-1", "--db", "{store}"], ExitCode.USAGE,
     "--limit"),
    ("articles: a negative offset", ["articles", "--offset", "-5", "--db", "{store}"],
     ExitCode.USAGE, "--offset"),
    ("quotes: a negative limit", ["quotes", "--limit", "-1", "--db", "{store}"], ExitCode.USAGE,
     "--limit"),
    ("export: -o into a folder that is not there",
     ["export", "events", "-o", "{files}/nowhere/e.tsv", "--db", "{store}"], ExitCode.USAGE,
     "does not exist"),
    ("export: -o onto a file that exists",
     ["export", "events", "-o", "{files}/exists.json", "--db", "{store}"], ExitCode.USAGE,
     "--force"),
    ("init config: into a folder that is not there", ["init", "config", "{files}/nowhere/n.toml"],
     ExitCode.USAGE, "does not exist"),
    ("init config: onto a file that exists", ["init", "config", "{files}/exists.json"],
     ExitCode.USAGE, "--force"),
    ("eval: data that is not there", ["eval", "ner", "--data", "{files}/no-data"], ExitCode.USAGE,
     "no-data"),
    ("analyze: a folder with nothing to read", ["analyze", "{files}/notes_only"], ExitCode.INPUT,
     "no article found"),
    ("analyze: an encoding that does not exist, given globally",
     ["--encoding", "klingon-8", "analyze", "{files}/latin.txt"], ExitCode.USAGE, "klingon-8"),
    ("init config: onto a folder", ["init", "config", "{files}/empty_folder"], ExitCode.USAGE,
     "folder"),
    ("stats: a store that is not a store", ["stats", "--db", "{files}/article.txt"],
     ExitCode.STORE, "article.txt"),
    ("a setting of the wrong type", ["--set", "nlp.batch_size=lots", "info"], ExitCode.CONFIG,
     "nlp.batch_size"),
    ("a settings file that is not TOML", ["--config", "{files}/article.txt", "info"],
     ExitCode.CONFIG, "article.txt"),
]


@pytest.mark.parametrize(("what", "arguments", "expected", "words"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_outcome_has_its_documented_code(capsys, files, store, what, arguments, expected,
                                              words) -> None:
    filled = [argument.format(files=files, store=store) for argument in arguments]
    code, _, err = run(capsys, *filled)
    assert code == expected, err
    assert words in err
    assert "Traceback" not in err and "internal error" not in err
    assert not (files / "nowhere").exists()
    assert not (files / "new.duckdb").exists(), "nothing may be created for a refused ingest"
    if "exists.json" in " ".join(filled):
        assert (files / "exists.json").read_text(encoding="utf-8") == "keep"


# --- outcomes that need more than one command line ------------------------------------------------


def test_options_given_after_the_subcommand_work_like_global_ones(capsys, files) -> None:
    database = files / "late.duckdb"
    code, _, err = run(capsys, "-q", "ingest", str(files / "latin.txt"), "--encoding", "latin-1",
                       "--db", str(database))
    assert code == ExitCode.OK, err
    code, out, _ = run(capsys, "articles", "--db", str(database), "--json")
    assert code == ExitCode.OK and json.loads(out)[0]["title"] == "Talks in Z\u00fcrich"
    code, out, _ = run(capsys, "--db", str(database), "stats", "--json")
    assert json.loads(out)["articles"] == 1


def test_a_store_that_fails_mid_ingest_prints_what_was_stored(capsys, files, monkeypatch) -> None:
    from newsgraph.errors import Messages
    from newsgraph.store import Store

    corpus = files / "corpus"
    corpus.mkdir()
    for place in ("Geneva", "Oslo", "Vienna"):
        (corpus / f"{place}.txt").write_text(f"Talks in {place}\n\n" + BODY.replace("Geneva", place),
                                             encoding="utf-8")
    calls: list[str] = []

    def filling_up(name: str) -> object:
        real = getattr(Store, name)

        def write(self: Store, *args: object, **kwargs: object) -> object:
            # The first write (and what it calls) goes through; then the disk is full.
            if calls and calls[-1] != "inside":
                raise StoreError(Messages.STORE_WRITE_FAILED, path=self.path, article_id="x",
                                 detail="No space left on device")
            calls.append("inside")
            try:
                return real(self, *args, **kwargs)
            finally:
                calls[-1] = name
        return write

    for name in ("write", "write_many"):
        if hasattr(Store, name):
            monkeypatch.setattr(Store, name, filling_up(name))
    code, _, err = run(capsys, "--set", "executor.batch_size=1", "ingest", str(corpus),
                       "--db", str(files / "full.duckdb"))
    assert code == ExitCode.STORE
    assert "No space left on device" in err
    assert re.search(r"read \d+, new 1\b", err), err
    assert Messages.INGEST_STOPPED in err


def test_narratives_on_a_store_without_framing_says_which_profile_fills_it(capsys, store) -> None:
    code, out, err = run(capsys, "narratives", "--db", str(store))
    assert code == ExitCode.OK and out == ""
    assert "--profile full" in err


def test_the_readme_table_lists_every_exit_code() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Exit codes"):]
    documented = {int(number) for number in re.findall(r"^\| (\d) \|", section, re.MULTILINE)}
    assert documented == {int(code) for code in ExitCode}
