import json
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from newsgraph.api import analysis_schema
from newsgraph.cli import main
from newsgraph.errors import ExitCode

EXAMPLES = Path(__file__).parent.parent / "examples"
ARTICLE = EXAMPLES / "istanbul_embassy_talks.txt"
BODY = ("Ministers from both countries met in Geneva on Monday to discuss prisoner exchanges "
        "and the reopening of consulates, officials said after the meeting ended.\n")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_analyze_prints_a_report_with_people_and_places(capsys) -> None:
    code, out, err = run(capsys, "analyze", str(ARTICLE))
    assert code == ExitCode.OK, err
    assert "People:" in out and "Places:" in out
    assert "Sergei Lavrov" in out or "Lavrov" in out


def test_analyze_json_validates_against_the_published_schema(capsys) -> None:
    code, out, _ = run(capsys, "analyze", str(ARTICLE), "--format", "json")
    assert code == ExitCode.OK
    data = json.loads(out)
    jsonschema.validate(data, analysis_schema())
    assert data["entities"] and data["article"]["id"]


def test_analyze_reads_stdin(capsys, monkeypatch) -> None:
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO("Talks in Geneva\n\n" + BODY))
    code, out, _ = run(capsys, "analyze", "-", "--format", "json")
    assert code == ExitCode.OK
    assert json.loads(out)["article"]["title"] == "Talks in Geneva"


@pytest.mark.parametrize("name, content, expected_code, fragment", [
    ("empty.txt", b"", ExitCode.INPUT, "empty"),
    ("binary.txt", bytes(range(256)) * 40, ExitCode.INPUT, "binary"),
    ("latin.txt", "Caf\u00e9 talks resumed in Z\u00fcrich today.\n".encode("latin-1") * 5,
     ExitCode.INPUT, "UTF-8"),
    ("broken.html", b"<html><body><div><p></div></span>", ExitCode.INPUT, "HTML"),
    ("german.txt", ("Die Gespr\u00e4che wurden am Montag in Genf fortgesetzt, und beide Seiten "
                    "sprachen von Fortschritten bei den Verhandlungen \u00fcber den "
                    "Gefangenenaustausch und die Wiederer\u00f6ffnung der Konsulate.\n").encode() * 3,
     ExitCode.SKIPPED, "not English"),
])
def test_bad_input_is_one_line_and_a_documented_code(capsys, tmp_path, name, content,
                                                    expected_code, fragment) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, "analyze", str(path))
    assert code == expected_code
    assert fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert out == ""


def test_a_huge_file_is_refused_without_reading_it(capsys, tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"A title\n\n")
        handle.write((BODY.encode() * 200_000)[: 20 * 1024 * 1024])
    code, _, err = run(capsys, "analyze", str(path))
    assert code == ExitCode.INPUT and "over the limit" in err


def test_a_missing_file_is_a_usage_error(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "analyze", str(tmp_path / "absent.txt"))
    assert code == ExitCode.USAGE and "absent.txt" in err


def test_output_is_never_overwritten_without_force(capsys, tmp_path) -> None:
    target = tmp_path / "out.json"
    assert run(capsys, "analyze", str(ARTICLE), "--format", "json", "-o", str(target))[0] == 0
    first = target.read_text(encoding="utf-8")
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(ARTICLE), "-o", str(target))
    assert code == ExitCode.USAGE and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "analyze", str(ARTICLE), "--format", "json", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["article"] == json.loads(first)["article"]


def test_ingest_stores_good_articles_and_records_the_bad_ones(capsys, tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks in Geneva\n\n" + BODY, encoding="utf-8")
    (corpus / "b.txt").write_text("Aid for Odesa\n\n" + BODY.replace("Geneva", "Odesa"), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "records.jsonl").write_text(
        json.dumps({"text": BODY.replace("Geneva", "Vienna"), "title": "Vienna"}) + "\n{broken\n"
        + json.dumps({"text": BODY.replace("Geneva", "Ankara"), "title": "Ankara"}) + "\n",
        encoding="utf-8")
    db = str(tmp_path / "store.duckdb")
    code, out, err = run(capsys, "--db", db, "ingest", str(corpus), "--json")
    assert code == ExitCode.OK, err
    summary = json.loads(out)
    assert (summary["new"], summary["skipped"], summary["failed"]) == (4, 2, 0)
    assert {reason["kind"] for reason in summary["reasons"]} == {"skipped"}

    code, out, _ = run(capsys, "--db", db, "ingest", str(corpus), "--json")
    again = json.loads(out)
    assert (again["new"], again["duplicate"]) == (0, 4)

    code, out, _ = run(capsys, "--db", db, "stats", "--json")
    assert json.loads(out)["articles"] == 4
    code, out, _ = run(capsys, "--db", db, "articles", "--json")
    rows = json.loads(out)
    assert len(rows) == 4
    code, out, _ = run(capsys, "--db", db, "show", rows[0]["id"][:8], "--format", "json")
    assert code == 0 and json.loads(out)["article"]["id"] == rows[0]["id"]


def test_store_commands_on_a_missing_store_say_what_to_do(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "none.duckdb"), "stats")
    assert code == ExitCode.STORE and "newsgraph ingest" in err


def test_an_unknown_article_id_is_a_usage_error(capsys, tmp_path) -> None:
    db = str(tmp_path / "s.duckdb")
    (tmp_path / "a.txt").write_text("Talks in Geneva\n\n" + BODY, encoding="utf-8")
    run(capsys, "--db", db, "ingest", str(tmp_path / "a.txt"))
    code, _, err = run(capsys, "--db", db, "show", "ffffffffffff")
    assert code == ExitCode.USAGE and "ffffffffffff" in err


def test_settings_errors_exit_with_the_configuration_code(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "--set", "nlp.batch_size=lots", "info")
    assert code == ExitCode.CONFIG and "nlp.batch_size" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("[nlp\n", encoding="utf-8")
    code, _, err = run(capsys, "--config", str(bad), "info")
    assert code == ExitCode.CONFIG and "bad.toml" in err


def test_info_and_init_config(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "info", "--json")
    data = json.loads(out)
    assert code == 0 and "newsgraph.entities.v1" in data["stages"]
    target = tmp_path / "newsgraph.toml"
    assert run(capsys, "init", "config", str(target))[0] == 0
    code, _, err = run(capsys, "init", "config", str(target))
    assert code == ExitCode.USAGE and "--force" in err
    assert run(capsys, "--config", str(target), "info")[0] == 0


def test_usage_errors_exit_2(capsys) -> None:
    code, _, err = run(capsys, "analyze")
    assert code == ExitCode.USAGE and "PATH" in err


def test_an_ingest_killed_midway_resumes_with_nothing_lost_or_doubled(tmp_path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    places = ["Geneva", "Vienna", "Ankara", "Riyadh", "Doha", "Oslo", "Warsaw", "Rome", "Madrid",
              "Berlin", "Paris", "Prague", "Sofia", "Athens", "Helsinki", "Tallinn", "Riga",
              "Vilnius", "Dublin", "Lisbon", "Bern", "Minsk", "Baku", "Tbilisi", "Yerevan",
              "Astana", "Tashkent", "Cairo", "Amman", "Beirut"]
    with corpus.open("w", encoding="utf-8") as handle:
        for number, place in enumerate(places):
            text = BODY.replace("Geneva", place) + f"The delegations agreed to meet again in {number + 2} weeks."
            handle.write(json.dumps({"text": text, "title": f"Talks in {place}"}) + "\n")
    db = tmp_path / "store.duckdb"
    command = [sys.executable, "-c", "import sys; from newsgraph.cli import main; sys.exit(main(sys.argv[1:]))",
               "--db", str(db), "--set", "executor.batch_size=1", "--set", "store.release_every=0",
               "ingest", str(corpus), "--json"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once the first articles are stored: a fixed delay raced the machine's speed (a
    # fast run had stored all 30 and was closing when it was killed). The store is let go of
    # after every article, so that the test can read how far the ingest has come.
    deadline = time.monotonic() + 240
    stored_at_kill = 0
    while process.poll() is None and time.monotonic() < deadline:
        stored_at_kill = _stored(db)
        if stored_at_kill:
            break
        time.sleep(0.05)
    process.kill()
    process.wait()
    assert process.returncode != 0, "the first ingest finished before it could be killed"
    assert 0 < stored_at_kill < len(places)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    summary = json.loads(finished.stdout)
    assert summary["new"] + summary["duplicate"] == len(places)
    assert summary["new"] > 0

    from newsgraph.store import Store
    with Store(db, read_only=True) as store:
        assert len(store.article_ids()) == len(places)
        for row in store.articles(limit=100):
            analysis = store.analysis(row.id)
            assert row.n_entities == len(analysis.entities)


def _stored(db: Path) -> int:
    """How many articles a store being written holds now (0 while it cannot be read)."""
    from newsgraph.errors import NewsgraphError
    from newsgraph.store import Store

    if not db.exists():
        return 0
    try:
        with Store(db, read_only=True) as store:
            return len(store.article_ids())
    except (NewsgraphError, OSError):
        return 0


def test_a_user_actor_dictionary_adds_people_and_a_broken_one_names_file_and_line(
        capsys, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Port talks\nPublished: 2025-05-02\n\nMarta Quillon arrived in Odesa on "
                       "Friday to inspect the grain terminals with harbour officials.\n",
                       encoding="utf-8")
    actors = tmp_path / "actors.yaml"
    actors.write_text(
        "people:\n"
        "  - name: Marta Quillon\n"
        "    country: UKR\n"
        "    offices:\n"
        "      - {title: port commissioner, role: other, sector: GOV, start: 2024-01-01, end: null}\n",
        encoding="utf-8")
    code, out, err = run(capsys, "--set", f"knowledge.actor_files=['{actors}']", "analyze",
                         str(article), "--format", "json")
    assert code == 0, err
    people = {e["name"]: e for e in json.loads(out)["entities"] if e["type"] == "person"}
    assert people["Marta Quillon"]["code"] == "UKRGOV"
    assert people["Marta Quillon"]["office"] == "port commissioner"

    broken = tmp_path / "broken.yaml"
    broken.write_text("people:\n  - name: Someone\n    country: XXX\n    offices: []\n",
                      encoding="utf-8")
    code, _, err = run(capsys, "--set", f"knowledge.actor_files=['{broken}']", "analyze",
                       str(article))
    assert code == ExitCode.CONFIG
    assert f"{broken}:3:" in err and len(err.strip().splitlines()) == 1


FRAMING_HEADINGS = ("Genre", "Tone", "Narratives", "Roles", "Techniques", "Frames")


def test_analyze_shows_every_framing_section_or_says_how_to_get_it(capsys) -> None:
    code, out, _ = run(capsys, "analyze", str(ARTICLE))
    assert code == ExitCode.OK
    for heading in FRAMING_HEADINGS:
        assert f"\n{heading}:\n  - not computed in the `fast` profile; use `--profile full`" in out
    code, out, _ = run(capsys, "--profile", "full", "analyze", str(ARTICLE), "--format", "markdown")
    assert code == ExitCode.OK
    for heading in ("Events", "Quotes", *FRAMING_HEADINGS):
        assert f"\n## {heading}\n" in out
    assert "not computed" not in out
    framing = out[out.index("\n## Genre\n"):]
    assert "confidence" in framing.split("## Tone")[0]
    assert "basis" in framing.split("## Tone")[1].split("## Narratives")[0]
    roles = framing.split("## Roles")[1].split("## Techniques")[0]
    assert "Lavrov" in roles or "Darchiev" in roles
    techniques = framing.split("## Techniques")[1].split("## Frames")[0]
    assert "span: “" in techniques or "- none found" in techniques


def test_a_command_run_under_the_full_profile_keeps_the_users_settings(tmp_path) -> None:
    import click

    from newsgraph.cli.root import Context, cli, settings_with_profile
    from newsgraph.settings import load_settings

    root = click.Context(cli)
    root.params = {"config_path": None, "overrides": ("framing.encoder=static",),
                   "db": str(tmp_path / "chosen.duckdb")}
    root.obj = Context(settings=load_settings(overrides=["framing.encoder=static"]), quiet=True)
    chosen = settings_with_profile(root, "full")
    assert chosen.profile == "full" and chosen.framing.encoder == "static"
    assert str(chosen.store.path) == str(tmp_path / "chosen.duckdb")
    assert settings_with_profile(root, "fast") is root.obj.settings
