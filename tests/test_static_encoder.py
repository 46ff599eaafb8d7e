"""The static sentence encoder (framing.encoder = "static") and the check that framing heads
are read with the encoder they were trained on; needs no ../shared data."""

from pathlib import Path

import numpy as np
import pytest

from newsgraph.errors import ConfigError
from newsgraph.framing.embeddings import DIMENSION, Embedder, make_embedder
from newsgraph.framing.encoders import MODEL_FILES, load_framing_model, trained_encoder
from newsgraph.framing.model import FramingModel
from newsgraph.framing.stage import FramingStage
from newsgraph.framing.static_embeddings import StaticEmbedder
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Article
from newsgraph.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ROOT / "src" / "newsgraph"


@pytest.fixture(scope="module")
def static() -> StaticEmbedder:
    embedder = StaticEmbedder()
    embedder.setup()
    return embedder


def test_vectors_are_unit_length_and_384_wide(static: StaticEmbedder) -> None:
    texts = ["Rescue teams pulled two survivors from the collapsed building.", "   ", "x"]
    vectors = static.embed(texts)
    assert vectors.shape == (3, DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert static.embed([]).shape == (0, DIMENSION)


def test_the_same_text_gives_the_same_vector_alone_or_in_a_batch(static: StaticEmbedder) -> None:
    text = "The port reopened after the storm, and grain ships left on Monday."
    alone = static.embed([text])[0]
    static.forget()
    batch = static.embed(["Something else entirely.", text, "A third sentence here."])[1]
    fresh = StaticEmbedder().embed([text])[0]
    assert np.allclose(alone, batch, atol=1e-6) and np.allclose(alone, fresh, atol=1e-6)


def test_close_meanings_are_closer_than_unrelated_ones(static: StaticEmbedder) -> None:
    triples = [
        ("Troops shelled the city overnight.", "Artillery fire hit the town during the night.",
         "The central bank raised interest rates by half a point."),
        ("Farmers protested against the new fuel tax.", "Growers demonstrated over higher diesel duties.",
         "The orchestra opened its season with a symphony."),
        ("Floods forced thousands from their homes.", "Rising rivers drove many families out of their houses.",
         "The striker signed a three-year contract with the club."),
    ]
    for anchor, close, far in triples:
        a, b, c = static.embed([anchor, close, far])
        assert float(a @ b) > float(a @ c), (anchor, close, far)


def test_the_two_encoders_never_share_cache_entries(static: StaticEmbedder, tmp_path: Path) -> None:
    text = "Officials said the talks would resume next week."
    assert static.key(text) != Embedder().key(text)
    cache = tmp_path / "cache.npz"
    writer = StaticEmbedder(cache_file=str(cache))
    writer.embed([text])
    writer.save_cache()
    reader = StaticEmbedder(cache_file=str(cache))
    reader.setup()
    assert reader.key(text) in reader._cache  # noqa: SLF001 - the cache file was read back


def test_a_missing_or_broken_token_table_says_how_to_rebuild_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="table is missing.*build_static_encoder"):
        StaticEmbedder(table_file=str(tmp_path / "absent.npz")).setup()
    broken = tmp_path / "broken.npz"
    np.savez(broken, vectors=np.zeros((3, 4), np.float16))
    with pytest.raises(ConfigError, match="not a static sentence encoder table"):
        StaticEmbedder(table_file=str(broken)).setup()
    short = tmp_path / "short.npz"
    np.savez(short, vectors=np.zeros((3, 4), np.float16), projection=np.zeros((4, DIMENSION)),
             info=np.array("{}"))
    with pytest.raises(ConfigError, match="3 rows for a vocabulary of"):
        StaticEmbedder(table_file=str(short)).setup()


def test_an_unknown_encoder_is_refused() -> None:
    with pytest.raises(ConfigError, match="framing.encoder.*minilm, static"):
        load_settings(overrides=["framing.encoder=glove"])
    with pytest.raises(ConfigError, match="framing.encoder"):
        make_embedder("glove")
    assert load_settings(overrides=["framing.encoder=static"]).framing.encoder == "static"
    assert load_settings().framing.encoder == "minilm"


def test_the_setting_reaches_the_stage_and_its_embedder() -> None:
    settings = load_settings(overrides=["framing.encoder=static"])
    stage = FramingStage.from_settings(settings)
    assert stage.encoder == "static"
    assert isinstance(make_embedder("static"), StaticEmbedder)
    assert type(make_embedder("minilm")) is Embedder


def test_a_model_trained_on_another_encoder_is_refused(tmp_path: Path) -> None:
    minilm = FramingModel.load(str(PACKAGED / MODEL_FILES["minilm"]))
    assert trained_encoder(minilm) == "minilm"
    with pytest.raises(ConfigError, match="trained on the 'minilm' sentence encoder, not on 'static'"):
        FramingStage(encoder="static", model_file=str(PACKAGED / MODEL_FILES["minilm"])).setup()
    relabelled = FramingModel(minilm.vocabulary, minilm.heads, {**minilm.info, "encoder": "static"})
    path = tmp_path / "static_heads.npz"
    relabelled.save(path)
    with pytest.raises(ConfigError, match="framing.encoder=static"):
        FramingStage(encoder="minilm", model_file=str(path)).setup()
    assert trained_encoder(load_framing_model(str(path), "static")) == "static"


def test_static_heads_are_packaged_trained_on_it_or_the_stage_says_how_to_train_them() -> None:
    if (PACKAGED / MODEL_FILES["static"]).is_file():
        assert trained_encoder(load_framing_model("", "static")) == "static"
        with pytest.raises(ConfigError, match="not on 'minilm'"):
            load_framing_model(str(PACKAGED / MODEL_FILES["static"]), "minilm")
    else:
        with pytest.raises(ConfigError, match="--set framing.encoder=static train framing"):
            FramingStage(encoder="static").setup()


def test_the_full_pipeline_runs_with_the_static_encoder(tmp_path: Path) -> None:
    """The whole full profile with encoder=static; where no static heads are packaged, the
    packaged MiniLM heads relabelled as static stand in (this checks the plumbing, not quality)."""
    overrides = ["framing.encoder=static", "executor.kind=serial"]
    if not (PACKAGED / MODEL_FILES["static"]).is_file():
        minilm = FramingModel.load(str(PACKAGED / MODEL_FILES["minilm"]))
        heads = tmp_path / "heads.npz"
        FramingModel(minilm.vocabulary, minilm.heads, {**minilm.info, "encoder": "static"}).save(heads)
        overrides.append(f"framing.model_file={heads}")
    text = (ROOT / "examples" / "black_sea_shipping.txt").read_text(encoding="utf-8")
    pipeline = Pipeline(load_settings(profile="full", overrides=overrides))
    pipeline.setup()
    framing = [stage for stage in pipeline.stages if stage.name.startswith("newsgraph.framing")]
    assert framing and isinstance(framing[0].embedder, StaticEmbedder)  # type: ignore[attr-defined]
    analysis = pipeline.analyse([Article(id="0123456789abcdef", text=text, title=None)])[0]
    assert analysis.genre is not None and analysis.genre["label"] in (
        "opinion", "reporting", "satire", "uncertain")
    assert analysis.roles and analysis.frames
    for item in [*analysis.roles, *analysis.narratives, *analysis.frames, *analysis.techniques]:
        assert 0 <= item["confidence"] <= 1
        for span in item["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]
