"""Framing's training and evaluation commands on wrong data folders and options (QA of issue 12):
one line naming the file (and line) and the input exit code, never 'internal error'; nothing here
embeds a sentence, since every check comes before the first one."""

from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.errors import ExitCode

T10 = Path("semeval2025_t10") / "train" / "EN"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err.strip()


def _t10(root: Path, annotations: str, documents: dict[str, str]) -> Path:
    folder = root / T10 / "raw-documents"
    folder.mkdir(parents=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    (root / T10 / "subtask-2-annotations.txt").write_text(annotations, encoding="utf-8")
    return root


@pytest.mark.parametrize("command", [("eval", "framing"), ("train", "framing", "-o", "m.npz")])
@pytest.mark.parametrize("folds", ["0", "1", "-2"])
def test_fewer_than_two_folds_is_refused_before_any_work(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path, command: tuple[str, ...],
                                                         folds: str) -> None:
    code, err = _run(capsys, *command, "--data", str(tmp_path), "--folds", folds)
    assert code == ExitCode.USAGE and "--folds" in err and "Traceback" not in err


def test_an_annotated_article_missing_from_raw_documents_is_named(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _t10(tmp_path, "EN_A.txt\tOther\tOther\nEN_B.txt\tOther\tOther\n",
                {"EN_A.txt": "The ferry left the harbour at dawn."})
    for command in (("eval", "framing"), ("train", "framing", "-o", str(tmp_path / "m.npz"))):
        code, err = _run(capsys, *command, "--data", str(data))
        assert code == ExitCode.INPUT, err
        assert "EN_B.txt" in err and len(err.splitlines()) == 1 and "internal error" not in err


def test_an_annotation_line_with_too_few_fields_names_file_and_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _t10(tmp_path, "EN_A.txt\tOther\tOther\n\nEN_B.txt\n",
                {"EN_A.txt": "The ferry left at dawn.", "EN_B.txt": "The ferry came back."})
    code, err = _run(capsys, "eval", "framing", "--data", str(data))
    assert code == ExitCode.INPUT and "subtask-2-annotations.txt:3:" in err
    assert len(err.splitlines()) == 1 and "internal error" not in err


def test_role_offsets_that_are_not_numbers_name_file_and_line(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    data = _t10(tmp_path, "EN_A.txt\tOther\tOther\n", {"EN_A.txt": "Port workers went on strike."})
    (data / T10 / "subtask-1-annotations.txt").write_text(
        "EN_A.txt\tPort workers\t0\t11\tProtagonist\tUnderdog\nEN_A.txt\tstrike\tten\t27\t"
        "Antagonist\tSaboteur\n", encoding="utf-8")
    code, err = _run(capsys, "eval", "roles", "--data", str(data))
    assert code == ExitCode.INPUT and "subtask-1-annotations.txt:2:" in err
    assert "internal error" not in err


def test_predicting_a_folder_without_articles_is_an_input_error(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "notes.md").write_text("not an article", encoding="utf-8")
    out = tmp_path / "predictions"
    code, err = _run(capsys, "eval", "framing", "--input", str(tmp_path / "articles"),
                     "--predictions", str(out))
    assert code == ExitCode.INPUT and "*.txt" in err and not out.exists()
    code, err = _run(capsys, "eval", "framing", "--input", str(tmp_path / "nowhere"),
                     "--predictions", str(out))
    assert code == ExitCode.INPUT and "--input" in err and "--data" not in err


def test_predicting_an_article_that_is_not_utf8_names_it(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "article1.txt").write_bytes("Caf\u00e9 owners protest.".encode("latin-1"))
    code, err = _run(capsys, "eval", "framing", "--input", str(tmp_path / "articles"),
                     "--predictions", str(tmp_path / "out"))
    assert code == ExitCode.INPUT and "article1.txt" in err and "UTF-8" in err


OPINION = """Our town deserves better than this

I have lived here for thirty years, and I have never seen the council treat us with such contempt.
Why should we pay more for parking when the buses do not even run on Sundays?
We must demand answers, and we should not accept another excuse.
Frankly, the new plan is a disgrace.
"""


def test_predictions_read_genre_under_the_users_priors(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "article5.txt").write_text(OPINION, encoding="utf-8")
    genres = {}
    for favoured, priors in (("reporting", ("0.98", "0.01")), ("opinion", ("0.01", "0.98"))):
        out = tmp_path / favoured
        code, err = _run(capsys, "--set", f"framing.genre_prior_reporting={priors[0]}",
                         "--set", f"framing.genre_prior_opinion={priors[1]}",
                         "--set", "framing.genre_prior_satire=0.01", "eval", "framing",
                         "--input", str(tmp_path / "articles"), "--predictions", str(out))
        assert code == ExitCode.OK, err
        line = (out / "semeval2023-subtask-1-predictions.txt").read_text(encoding="utf-8")
        genres[favoured] = line.split("\t")[1].strip()
    assert genres == {"reporting": "reporting", "opinion": "opinion"}


@pytest.mark.parametrize("command", [("eval", "framing"), ("train", "framing", "-o", "m.npz")])
def test_a_taxonomy_option_naming_no_file_says_so(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, command: tuple[str, ...]) -> None:
    code, err = _run(capsys, *command, "--taxonomy", str(tmp_path / "energy.yaml"),
                     "--data", str(tmp_path))
    assert code == ExitCode.USAGE and "--taxonomy" in err and "framing.taxonomy_files" not in err


def test_an_embedding_cache_in_a_missing_folder_is_refused_before_any_work(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cache = tmp_path / "nowhere" / "cache.npz"
    for command in (("eval", "framing"), ("eval", "roles"),
                    ("train", "framing", "-o", str(tmp_path / "m.npz"))):
        code, err = _run(capsys, *command, "--data", str(tmp_path), "--cache", str(cache))
        assert code == ExitCode.USAGE and "does not exist" in err, (command, err)


def test_a_file_that_is_not_an_embedding_cache_is_named(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    cache = tmp_path / "notes.txt"
    cache.write_text("ferry times for the winter", encoding="utf-8")
    code, err = _run(capsys, "eval", "framing", "--data", str(tmp_path), "--cache", str(cache))
    assert code == ExitCode.INPUT and str(cache) in err and "internal error" not in err


def test_a_mention_file_that_is_not_there_is_named_at_once(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "article1.txt").write_text("Dock workers struck.", encoding="utf-8")
    code, err = _run(capsys, "eval", "framing", "--input", str(tmp_path / "articles"),
                     "--predictions", str(tmp_path / "out"), "--mentions",
                     str(tmp_path / "mentions.txt"))
    assert code == ExitCode.USAGE and "--mentions" in err and "--data" not in err
