"""The genre articles written for newsgraph (data/genre_training.yaml): they load, their labels
are genres, they reach genre training when asked, and the written-contrast head reads the same
input as any genre head."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from newsgraph.errors import ConfigError
from newsgraph.framing.corpus import GENRES, Corpus
from newsgraph.framing.datasets import Document, written_genre_documents
from newsgraph.framing.features import GENRE_STYLE_SIZE, Matrix, Vocabulary, article_tfidf
from newsgraph.framing.training import (C_VALUES, GENRE_FEATURES, fit_genre_head, fit_head,
                                        genre_column_weights, genre_training_set,
                                        written_contrast)


def test_the_written_articles_load_with_known_genres_and_enough_of_each() -> None:
    documents = written_genre_documents(GENRES)
    counts = {genre: sum(d.genre == genre for d in documents) for genre in GENRES}
    assert counts["satire"] >= 45 and counts["opinion"] >= 30 and counts["reporting"] >= 30
    assert len({d.id for d in documents}) == len(documents)
    assert all(d.id.startswith("written/") for d in documents)
    for document in documents:
        headline, _, body = document.text.partition("\n")
        assert headline.strip() and body.strip(), document.id
        assert 100 <= len(re.findall(r"\w+", document.text)) <= 500, document.id


@pytest.mark.parametrize(("entry", "line", "detail"), [
    ("  - id: a\n    genre: comedy\n    text: words\n", 3, "genre 'comedy'"),
    ("  - id: a\n    genre: satire\n", 3, "has no text"),
    ("  - genre: satire\n    text: words\n", 3, "an id of its own"),
])
def test_a_bad_entry_names_the_file_and_line(tmp_path: Path, entry: str, line: int,
                                             detail: str) -> None:
    good = "  - id: ok\n    genre: opinion\n    text: words\n"
    path = tmp_path / "genre.yaml"
    path.write_text("# written\narticles:\n" + good + entry, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        written_genre_documents(GENRES, path)
    assert f"{path}:{line + 3}" in str(error.value) and detail in str(error.value)


def _corpus(rng: np.random.Generator) -> Corpus:
    """A small corpus whose satire articles (SemEval's and written) lean one way in the first
    embedding columns and whose style blocks are noise."""
    vocabulary = Vocabulary({"word": 0}, np.ones(1, dtype=np.float32))
    width = 3 * 384 + 9 + 1
    genres = ["opinion"] * 12 + ["reporting"] * 6 + ["satire"] * 4
    written = ["satire"] * 8 + ["opinion"] * 5 + ["reporting"] * 5

    def rows(labels: list[str]) -> Matrix:
        x = rng.normal(size=(len(labels), width)).astype(np.float32)
        x[:, :384] += np.array([[2.0] if g == "satire" else [0.0] for g in labels], np.float32)
        return x

    return Corpus(vocabulary, [], np.zeros((0, 0), np.float32), [], np.zeros((0, 0), np.float32),
                  [Document(id=str(i), text="", genre=g) for i, g in enumerate(genres)],
                  rows(genres), [], np.zeros((0, 0), np.float32), [], [],
                  genre_style_x=rng.normal(size=(len(genres), GENRE_STYLE_SIZE)).astype(np.float32),
                  reporting_docs=[Document(id=f"p/{i}", text="", genre="reporting") for i in range(6)],
                  reporting_x=rows(["reporting"] * 6),
                  reporting_style_x=rng.normal(size=(6, GENRE_STYLE_SIZE)).astype(np.float32),
                  written_docs=[Document(id=f"written/{i}", text="", genre=g)
                                for i, g in enumerate(written)],
                  written_x=rows(written),
                  written_style_x=rng.normal(size=(len(written), GENRE_STYLE_SIZE)).astype(np.float32))


def test_written_rows_reach_genre_training_as_a_source_of_their_own() -> None:
    corpus = _corpus(np.random.default_rng(3))
    genre_rows, reporting_rows = range(len(corpus.genre_docs)), range(len(corpus.reporting_docs))
    x, y, _ = genre_training_set(corpus, genre_rows, reporting_rows, {"written": 0.0})
    assert len(y) == len(corpus.genre_docs) + len(corpus.reporting_docs)
    x, y, weights = genre_training_set(corpus, genre_rows, reporting_rows, {"written": 1.0})
    n = len(corpus.genre_docs) + len(corpus.reporting_docs)
    assert x.shape[0] == n + len(corpus.written_docs)
    assert np.array_equal(x[n:], np.hstack([corpus.written_x, corpus.written_style_x]))
    assert [GENRES[k] for k in y[n:]] == [d.genre for d in corpus.written_docs]
    totals = [float(weights[y == k].sum()) for k in range(len(GENRES))]
    assert np.allclose(totals, totals[0])
    satire = GENRES.index("satire")
    written_satire = float(weights[n:][y[n:] == satire].sum())
    assert np.isclose(written_satire, totals[satire] / 2)


def test_the_written_contrast_is_folded_into_the_head_without_changing_its_scores(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sklearn")
    corpus = _corpus(np.random.default_rng(5))
    monkeypatch.setitem(GENRE_FEATURES, "written_contrast", 1.0)
    genre_rows, reporting_rows = range(len(corpus.genre_docs)), range(len(corpus.reporting_docs))
    head = fit_genre_head(corpus, genre_rows, reporting_rows)
    x, y, weights = genre_training_set(corpus, genre_rows, reporting_rows)
    assert head.mean.shape[0] == x.shape[1]
    contrast = written_contrast(corpus)
    assert contrast is not None
    direction, offset = contrast
    told = x[:, :384] @ direction + np.float32(offset)
    columns = np.append(genre_column_weights(corpus.vocabulary), np.float32(1.0))
    augmented = fit_head(np.hstack([x, told[:, None]]), y, list(GENRES), c=C_VALUES["genre"],
                         softmax=True, plain=article_tfidf(corpus.vocabulary),
                         dense_weight=columns, sample_weight=weights)
    assert np.allclose(head.scores(x), augmented.scores(np.hstack([x, told[:, None]])), atol=1e-4)
    satire = GENRES.index("satire")
    assert head.scores(x)[y == satire, satire].mean() > head.scores(x)[y != satire, satire].mean()
