"""Framing: entity roles, narratives, genre, frames, persuasion techniques and tone.

One package for the capability: ``features`` (what the heads read), ``techniques`` (technique
cues and spans), ``model`` (the heads and their decoding), ``stage`` (the pipeline stage),
``taxonomies`` (label sets as data), ``embeddings`` (the sentence encoder, also used outside
framing), and for training and measuring: ``datasets``, ``corpus``, ``training``,
``selection``, ``metrics``, ``evaluation``, ``span_evaluation`` and ``user_taxonomy``.
"""

from __future__ import annotations

from newsgraph.framing.embeddings import Embedder
from newsgraph.framing.model import FramingModel
from newsgraph.framing.stage import FramingStage
from newsgraph.framing.taxonomies import Taxonomy, builtin, load_taxonomy

__all__ = ["Embedder", "FramingModel", "FramingStage", "Taxonomy", "builtin", "load_taxonomy"]
