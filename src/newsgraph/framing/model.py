"""The framing model: the small linear heads, the file they are saved in, and how their
scores become labels (narratives of one domain, roles, genre)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.features import Matrix, Vocabulary

MODEL_FILE = "data/framing_model.npz"


@dataclass
class Head:
    """A linear classifier over standardised features: one-vs-rest (sigmoid) or softmax."""

    labels: list[str]
    weights: Matrix
    bias: Matrix
    mean: Matrix
    scale: Matrix
    softmax: bool = False
    threshold: float = 0.5
    extra: dict[str, float] = field(default_factory=dict)

    def scores(self, features: Matrix) -> Matrix:
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        if self.softmax:
            logits = logits - logits.max(axis=-1, keepdims=True)
            exp = np.exp(logits)
            return np.asarray(exp / exp.sum(axis=-1, keepdims=True), dtype=np.float32)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30))), dtype=np.float32)

    def to_arrays(self, name: str) -> dict[str, Any]:
        meta = {"labels": self.labels, "softmax": self.softmax, "threshold": self.threshold,
                "extra": self.extra}
        return {f"{name}.weights": self.weights.astype(np.float16),
                f"{name}.bias": self.bias.astype(np.float32),
                f"{name}.mean": self.mean.astype(np.float32),
                f"{name}.scale": self.scale.astype(np.float32),
                f"{name}.meta": np.array(json.dumps(meta))}

    @classmethod
    def from_arrays(cls, name: str, arrays: Any) -> Head:
        meta = json.loads(str(arrays[f"{name}.meta"]))
        return cls(labels=list(meta["labels"]),
                   weights=arrays[f"{name}.weights"].astype(np.float32),
                   bias=arrays[f"{name}.bias"].astype(np.float32),
                   mean=arrays[f"{name}.mean"].astype(np.float32),
                   scale=arrays[f"{name}.scale"].astype(np.float32),
                   softmax=bool(meta["softmax"]), threshold=float(meta["threshold"]),
                   extra={k: float(v) for k, v in meta.get("extra", {}).items()})


HEADS = ("narratives", "subnarratives", "main_roles", "fine_roles", "genre", "frames",
         "techniques", "technique_sentences", "technique_context", "domain", "narrative_presence")


@dataclass
class FramingModel:
    """Everything the framing stage loads: the vocabulary and one head per task."""

    vocabulary: Vocabulary
    heads: dict[str, Head]
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def taxonomy(self) -> dict[str, Any] | None:
        """For heads trained on a user's taxonomy: its name, file, fingerprint and labels."""
        trained_for = self.info.get("taxonomy")
        return trained_for if isinstance(trained_for, dict) else None

    def check_taxonomy(self, path: str | Path, taxonomy: Any) -> None:
        """Refuse a taxonomy other than the one these heads were trained for (ConfigError)."""
        trained_for = self.taxonomy
        if trained_for is None or trained_for.get("fingerprint") == taxonomy.fingerprint():
            return
        raise ConfigError(Messages.FRAMING_MODEL_WRONG_TAXONOMY, path=path,
                          name=trained_for.get("name", "?"), trained_path=trained_for.get("path", "?"),
                          given=f"'{taxonomy.name}' ({taxonomy.path})",
                          difference=taxonomy_difference(trained_for, taxonomy))

    def save(self, path: str | Path) -> None:
        arrays: dict[str, Any] = {
            "vocabulary.words": np.array(list(self.vocabulary.index), dtype="U64"),
            "vocabulary.idf": self.vocabulary.idf.astype(np.float32),
            "info": np.array(json.dumps(self.info)),
        }
        for name, head in self.heads.items():
            arrays.update(head.to_arrays(name))
        target = Path(path)
        partial = target.with_name(target.name + ".partial.npz")
        np.savez_compressed(partial, **arrays)
        partial.replace(target)

    @classmethod
    def load(cls, path: str | Path | None = None) -> FramingModel:
        """The model at ``path``, or the one that ships with newsgraph."""
        if path:
            if not Path(path).is_file():
                raise ConfigError(Messages.FRAMING_MODEL_MISSING, path=path)
            return cls._read(Path(path))
        packaged = resources.files("newsgraph").joinpath(MODEL_FILE)
        with resources.as_file(packaged) as file:
            if not file.is_file():
                raise ConfigError(Messages.FRAMING_MODEL_MISSING, path=MODEL_FILE)
            return cls._read(file)

    @classmethod
    def _read(cls, path: Path) -> FramingModel:
        try:
            with np.load(path, allow_pickle=False) as arrays:
                names = [str(w) for w in arrays["vocabulary.words"]]
                vocabulary = Vocabulary({w: i for i, w in enumerate(names)},
                                        arrays["vocabulary.idf"].astype(np.float32))
                heads = {name: Head.from_arrays(name, arrays) for name in HEADS
                         if f"{name}.meta" in arrays.files}
                info = json.loads(str(arrays["info"]))
        except (OSError, KeyError, ValueError) as error:
            raise ConfigError(Messages.FRAMING_MODEL_BAD, path=path, detail=error) from None
        return cls(vocabulary, heads, info)


def taxonomy_difference(trained_for: dict[str, Any], taxonomy: Any) -> str:
    """How a taxonomy differs from the one recorded in a model, in a few words."""
    before = list(trained_for.get("labels", []))
    now = [label.name for label in taxonomy.everything]
    missing = [label for label in before if label not in now]
    added = [label for label in now if label not in before]
    if not missing and not added:
        return "same labels, but a description, an example or the order changed"
    parts = []
    if missing:
        parts.append(f"{len(missing)} label(s) it lacks, e.g. '{missing[0]}'")
    if added:
        parts.append(f"{len(added)} label(s) the model does not know, e.g. '{added[0]}'")
    return " and ".join(parts)


def domain_of(label: str) -> str:
    """"URW" for "URW: Discrediting Ukraine", "" for a label without a domain prefix."""
    head, separator, _ = label.partition(": ")
    return head if separator else ""


def decode_narratives(coarse: Matrix, fine: Matrix, coarse_labels: Sequence[str],
                      fine_labels: Sequence[str], parents: dict[str, str], *,
                      coarse_threshold: float, fine_threshold: float,
                      other_threshold: float = 0.0, other: str = "Other",
                      coarse_cap: int = 0, fine_cap: int = 0,
                      domain: str | None = None, presence: float | None = None,
                      presence_threshold: float = 0.0,
                      at_least_best: bool = False) -> tuple[list[str], list[str]]:
    """Consistent labels from scores: "Other" unless the best narrative reaches
    ``other_threshold``, then one domain, a subnarrative only under a chosen narrative, every
    chosen narrative with at least one subnarrative (its "Other" child if none scores).

    ``coarse_cap`` and ``fine_cap`` (0: none) keep the best few; ``domain`` is the domain gate's
    verdict: narratives of that domain only, and "Other" when it is "none"; ``presence`` is
    the presence head's score (``framing.narratives``): "Other" under ``presence_threshold``.
    With ``at_least_best``, an article the presence head says tells a narrative gets at least
    the best one: then neither the gate's "none" nor the narrative thresholds say "Other"."""
    if presence is not None and presence < presence_threshold:
        return [other], [other]
    insist = at_least_best and presence is not None
    if insist:
        other_threshold = 0.0
        domain = None if domain == "none" else domain
    candidates = [i for i, label in enumerate(coarse_labels) if label != other]
    if domain is not None:
        candidates = [i for i in candidates if domain_of(coarse_labels[i]) in (domain, "")]
    if not candidates:
        return [other], [other]
    best = max(candidates, key=lambda i: float(coarse[i]))
    if coarse[best] < other_threshold:
        return [other], [other]
    domain = domain_of(coarse_labels[best])
    chosen = [coarse_labels[i] for i in candidates
              if coarse[i] >= coarse_threshold and domain_of(coarse_labels[i]) == domain]
    if not chosen and insist:
        chosen = [coarse_labels[best]]
    if not chosen:
        return [other], [other]
    chosen.sort(key=lambda label: -float(coarse[list(coarse_labels).index(label)]))
    if coarse_cap > 0:
        chosen = chosen[:coarse_cap]
    subs: list[str] = []
    for narrative in chosen:
        children = [i for i, label in enumerate(fine_labels) if parents.get(label) == narrative]
        picked = [i for i in children if fine[i] >= fine_threshold
                  and not fine_labels[i].endswith(": " + other)]
        if not picked and children:
            fallback = f"{narrative}: {other}"
            picked = [fine_labels.index(fallback)] if fallback in fine_labels else [
                max(children, key=lambda i: float(fine[i]))]
        subs.extend(fine_labels[i] for i in sorted(picked, key=lambda i: -float(fine[i])))
    if fine_cap > 0 and len(subs) > fine_cap:
        # Keep the best children, but never leave a chosen narrative without one.
        ranked = sorted(subs, key=lambda label: -float(fine[list(fine_labels).index(label)]))
        kept = {next(s for s in subs if parents.get(s) == n or s == f"{n}: {other}")
                for n in chosen}
        for label in ranked:
            if len(kept) >= fine_cap:
                break
            kept.add(label)
        subs = [label for label in subs if label in kept]
    return chosen, subs


GENRE_UNCERTAIN = "uncertain"
# Satire is said only when its share under the priors is at least this, and only of articles
# at least as long as this many sentences: a handful of training articles (the shortest of
# 15 sentences) cannot vouch for it otherwise (see docs/models/framing.md).
SATIRE_EVIDENCE = 0.6
SATIRE_MIN_SENTENCES = 10


@dataclass(frozen=True)
class GenreDecision:
    """The genre said of an article: ``label`` is "uncertain" when the two best classes are
    within the margin; ``best`` is the likeliest class all the same (for formats that need one)."""

    label: str
    best: str
    posterior: dict[str, float]


def decide_genre(scores: Matrix, labels: Sequence[str], priors: Mapping[str, float],
                 margin: float = 0.0, sentences: int | None = None) -> GenreDecision:
    """The genre of an article from the head's class scores, trained with every class weighing
    the same, times the class ``priors`` of the stream the article comes from (renormalised).
    "Uncertain" when the best two are within ``margin``; satire needs ``SATIRE_EVIDENCE`` and
    an article of ``SATIRE_MIN_SENTENCES`` (when ``sentences`` is given), else the next class
    is the best guess."""
    prior = np.asarray([max(float(priors.get(label, 0.0)), 1e-6) for label in labels],
                       dtype=np.float64)
    joint = np.maximum(np.asarray(scores, dtype=np.float64), 1e-12) * prior
    posterior = joint / joint.sum()
    order = [int(i) for i in np.argsort(-posterior)]
    close = len(order) > 1 and posterior[order[0]] - posterior[order[1]] < margin
    if labels[order[0]] == "satire" and (posterior[order[0]] < SATIRE_EVIDENCE or (
            sentences is not None and sentences < SATIRE_MIN_SENTENCES)):
        order = order[1:] + order[:1]
    best = labels[order[0]]
    return GenreDecision(GENRE_UNCERTAIN if close else best, best,
                         {label: float(p) for label, p in zip(labels, posterior)})


def decode_labels(scores: Matrix, labels: Sequence[str], threshold: float,
                  per_label: Mapping[str, float] | None = None, cap: int = 0) -> list[str]:
    """Among the ``cap`` best-scored labels (all when 0), those whose score reaches their
    threshold (``per_label``, else ``threshold``), best first."""
    order = [int(j) for j in np.argsort(-scores)]
    if cap > 0:
        order = order[:cap]
    return [labels[j] for j in order if scores[j] >= (per_label or {}).get(labels[j], threshold)]


def label_thresholds(head: Head) -> dict[str, float]:
    """Per-label thresholds stored in a head's ``extra`` as ``threshold:LABEL``."""
    return {key.split(":", 1)[1]: value for key, value in head.extra.items()
            if key.startswith("threshold:")}


def decode_roles(main: Matrix, fine: Matrix, main_labels: Sequence[str],
                 fine_labels: Sequence[str], parents: dict[str, str], *,
                 second_threshold: float) -> tuple[str, list[str]]:
    """The main role, then the best fine role under it (and a second one if it scores well)."""
    role = main_labels[int(np.argmax(main))]
    children = sorted((i for i, label in enumerate(fine_labels) if parents.get(label) == role),
                      key=lambda i: -float(fine[i]))
    if not children:
        return role, []
    picked = [fine_labels[children[0]]]
    if len(children) > 1 and fine[children[1]] >= second_threshold:
        picked.append(fine_labels[children[1]])
    return role, picked


DOMAINS = ("URW", "CC", "none")
# The domain gate reports a domain's narratives only when it is at least this sure of it.
DOMAIN_GATE = 0.5


def gate_domain(scores: Matrix, threshold: float = DOMAIN_GATE) -> str:
    """The domain gate's verdict from its class scores: a domain when sure enough, else "none"."""
    best = int(np.argmax(scores))
    return DOMAINS[best] if float(scores[best]) >= threshold else "none"


def article_domain(model: FramingModel, vectors: Matrix) -> str | None:
    """The domain gate's verdict on an article from its sentence embeddings (None for models
    without a gate)."""
    head = model.heads.get("domain")
    if head is None:
        return None
    pooled = vectors.mean(axis=0) if len(vectors) else np.zeros(head.mean.shape[0], np.float32)
    return gate_domain(head.scores(pooled), head.extra.get("gate", DOMAIN_GATE))


def narrative_decoding(model: FramingModel) -> dict[str, Any]:
    """The narrative heads' stored thresholds and caps, as ``decode_narratives`` options."""
    coarse, fine = model.heads["narratives"], model.heads["subnarratives"]
    return {"coarse_threshold": coarse.threshold, "fine_threshold": fine.threshold,
            "other_threshold": coarse.extra.get("other", 0.0),
            "coarse_cap": int(coarse.extra.get("cap", 0)), "fine_cap": int(fine.extra.get("cap", 0)),
            "at_least_best": bool(coarse.extra.get("at_least_best", 0.0))}


def technique_decoding(model: FramingModel) -> tuple[float, dict[str, float], int]:
    """The technique threshold, per-technique thresholds and cap of a model."""
    head = model.heads.get("technique_context") or model.heads["techniques"]
    return head.threshold, label_thresholds(head), int(head.extra.get("cap", 0))


def genre_input(model: FramingModel, features: Matrix, style: Matrix) -> Matrix:
    """What the genre head reads: the article features, and as much of the genre style block
    as the head was trained with (none before 2026-12-07, then its first 17 numbers, now all)."""
    head = model.heads["genre"]
    width = int(head.mean.shape[0]) - int(features.shape[0])
    if width > 0:
        return np.concatenate([features, style[:width]])
    return features
