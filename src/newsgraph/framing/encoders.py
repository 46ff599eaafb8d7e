"""Which sentence encoder the framing heads read with: the packaged weights for each encoder,
and the check that a model's heads were trained on the encoder the settings name."""

from __future__ import annotations

from importlib import resources

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.model import MODEL_FILE, FramingModel

MODEL_FILES = {"minilm": MODEL_FILE, "static": "data/framing_model_static.npz"}
"""The packaged framing weights trained on each encoder (``framing.encoder``)."""
DESCRIPTIONS = {"minilm": "all-MiniLM-L6-v2 ONNX int8",
                "static": "static token vectors distilled from all-MiniLM-L6-v2 (data/static_encoder.npz)"}
"""What a trained model's ``embeddings`` entry says of each encoder."""


def trained_encoder(model: FramingModel) -> str:
    """The encoder a model's heads were trained on (models from before the setting: MiniLM)."""
    return str(model.info.get("encoder", "minilm"))


def check_encoder(model: FramingModel, path: str, encoder: str) -> None:
    """Refuse heads trained on another encoder than ``encoder`` (ConfigError)."""
    trained = trained_encoder(model)
    if trained != encoder:
        raise ConfigError(Messages.FRAMING_MODEL_WRONG_ENCODER, path=path, trained=trained,
                          encoder=encoder)


def load_framing_model(model_file: str, encoder: str) -> FramingModel:
    """The model at ``model_file``, or the packaged one for ``encoder``; either must have been
    trained on ``encoder``."""
    if model_file:
        model = FramingModel.load(model_file)
        check_encoder(model, model_file, encoder)
        return model
    packaged = MODEL_FILES[encoder]
    with resources.as_file(resources.files("newsgraph").joinpath(packaged)) as path:
        if not path.is_file():
            raise ConfigError(Messages.FRAMING_MODEL_MISSING if encoder == "minilm" else
                              Messages.FRAMING_STATIC_HEADS_MISSING, path=packaged)
        model = FramingModel.load(str(path))
    check_encoder(model, packaged, encoder)
    return model
