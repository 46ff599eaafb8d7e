"""Framing: entity roles, narratives (with an explanation), genre, frames, persuasion
techniques and tone, each with the sentences it rests on and a confidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.embeddings import Embedder, shared_embedder
from newsgraph.framing.encoders import load_framing_model
from newsgraph.framing.features import (GenreStyle, Matrix, article_features, genre_style_features,
                                        label_prompts, label_similarity, mention_features,
                                        narrative_features,
                                        zero_shot_choice, zero_shot_similarity)
from newsgraph.framing.model import (FramingModel, article_domain, decide_genre, decode_labels,
                                     decode_narratives, decode_roles, genre_input, label_thresholds,
                                     narrative_decoding, technique_decoding)
from newsgraph.framing.narratives import presence
from newsgraph.framing.roles import read_deeds, role_basis
from newsgraph.framing.taxonomies import Taxonomy, builtin, load_taxonomy
from newsgraph.framing.techniques import (SentenceTokens, TechniqueCues, article_word_counts,
                                          load_technique_cues, paragraph_features, reads_cues,
                                          stack_techniques, technique_span)
from newsgraph.framing.tone import ToneReader
from newsgraph.schema import Analysis, Draft, Entity, Parse
from newsgraph.settings import FramingSettings, Settings
from newsgraph.stages import Stage, register

ROLE_TYPES = frozenset({"person", "organisation", "country", "group"})
EXPLANATION_WORDS = 80


@register("newsgraph.framing.v1")
class FramingStage(Stage):
    """Reads how an article tells its story, from sentence embeddings and small linear heads
    trained on SemEval data (see docs/models/framing.md); user taxonomies are matched zero-shot."""

    def __init__(self, *, model_file: str = "", taxonomy_files: Sequence[str] = (),
                 max_roles: int = 8, evidence: int = 2, zero_shot_threshold: float = 0.45,
                 threads: int = 1, genre_priors: Mapping[str, float] | None = None,
                 genre_margin: float = 0.15, encoder: str = "minilm") -> None:
        self.model_file = model_file
        self.encoder = encoder
        self.genre_priors = dict(genre_priors or FramingSettings().genre_priors)
        self.genre_margin = genre_margin
        self.genre_style: GenreStyle | None = None
        self.taxonomy_files = tuple(taxonomy_files)
        self.max_roles = max_roles
        self.evidence = evidence
        self.zero_shot_threshold = zero_shot_threshold
        self.threads = threads
        self.embedder: Embedder | None = None
        self.model: FramingModel | None = None
        self.taxonomies: dict[str, Taxonomy] = {}
        self.user_taxonomies: list[Taxonomy] = []
        self.prompts: dict[str, Matrix] = {}
        self.taxonomy_models: dict[str, FramingModel] = {}
        self.tone = ToneReader(evidence=evidence)
        self.cues: TechniqueCues | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> FramingStage:
        options = settings.framing
        return cls(model_file=options.model_file, taxonomy_files=options.taxonomy_files,
                   max_roles=options.max_roles, evidence=options.evidence,
                   zero_shot_threshold=options.zero_shot_threshold, threads=options.threads,
                   genre_priors=options.genre_priors, genre_margin=options.genre_margin,
                   encoder=options.encoder)

    def setup(self) -> None:
        if self.model is not None:
            return
        self.user_taxonomies = [load_taxonomy(path) for path in self.taxonomy_files]
        for taxonomy in self.user_taxonomies:  # they are read as narratives, whatever they say
            if taxonomy.kind != "narratives":
                raise ConfigError(Messages.TAXONOMY_NOT_NARRATIVES, path=taxonomy.path,
                                  kind=taxonomy.kind)
        model = load_framing_model(self.model_file, self.encoder)
        if model.taxonomy is None:
            self.model = model
        else:  # heads for a user's taxonomy: the packaged model reads everything else
            self.taxonomy_models[self._trained_taxonomy(model).path] = model
            self.model = load_framing_model("", self.encoder)
        self.embedder = shared_embedder(self.threads, self.encoder)
        self.embedder.setup()
        self.taxonomies = {kind: builtin(kind) for kind in
                           ("narratives", "roles", "genre", "frames", "techniques")}
        self.prompts = label_prompts(self.taxonomies["narratives"], self.taxonomies["roles"],
                                     self.embedder)
        for kind in ("genre", "frames", "techniques"):
            self.prompts[kind] = self.embedder.embed(
                [label.prompt() for label in self.taxonomies[kind].labels])
        for taxonomy in self.user_taxonomies:
            self.prompts[f"user:{taxonomy.path}"] = self.embedder.embed(
                [label.prompt() for label in taxonomy.everything])
        self.tone = ToneReader(evidence=self.evidence)
        self.tone.setup()
        self.cues = load_technique_cues()
        self.genre_style = GenreStyle.load()

    def _trained_taxonomy(self, model: FramingModel) -> Taxonomy:
        """The user taxonomy that ``model`` was trained for; any other is refused."""
        trained_for = model.taxonomy or {}
        for taxonomy in self.user_taxonomies:
            if taxonomy.fingerprint() == trained_for.get("fingerprint"):
                return taxonomy
        if not self.user_taxonomies:
            raise ConfigError(Messages.FRAMING_MODEL_NEEDS_TAXONOMY, path=self.model_file,
                              name=trained_for.get("name", "?"),
                              trained_path=trained_for.get("path", "?"))
        model.check_taxonomy(self.model_file, self.user_taxonomies[0])
        raise AssertionError("check_taxonomy accepted a taxonomy with another fingerprint")

    def __call__(self, drafts: list[Draft]) -> list[Draft]:
        self.setup()
        for draft in drafts:
            if draft.parse is None:
                continue
            spans = [(s.start, s.end) for s in draft.parse.sentences if s.end > s.start]
            if not any(s.kind == "sentence" for s in draft.parse.sentences):
                continue  # shorter than one sentence: nothing to frame
            _ArticleReader(self, draft.analysis, spans, draft.parse).read()
        return drafts


class _ArticleReader:
    """Reads the framing of one article."""

    def __init__(self, stage: FramingStage, analysis: Analysis, spans: list[tuple[int, int]],
                 parse: Parse | None = None) -> None:
        assert stage.embedder is not None and stage.model is not None
        self.stage = stage
        self.parse = parse
        self.parsed = [SentenceTokens(analysis.article.text, parse.tokens, s.first_token,
                                      s.last_token)
                       for s in parse.sentences if s.end > s.start] if parse is not None else []
        self.model = stage.model
        self.analysis = analysis
        self.text = analysis.article.text
        self.spans = spans
        self.vectors = stage.embedder.embed([self.text[a:b] for a, b in spans])
        self.features = article_features(self.vectors, self.text, self.model.vocabulary)

    def read(self) -> None:
        heads = self.model.heads
        analysis = self.analysis
        if "narratives" in heads and "subnarratives" in heads:
            analysis.narratives = self.narratives()
        for taxonomy in self.stage.user_taxonomies:
            trained = self.stage.taxonomy_models.get(taxonomy.path)
            analysis.narratives.extend(self.zero_shot(taxonomy) if trained is None
                                       else self.trained(taxonomy, trained))
        if "main_roles" in heads and "fine_roles" in heads:
            analysis.roles = self.roles()
        if "genre" in heads:
            analysis.genre = self.genre()
        if "frames" in heads:
            analysis.frames = self.frames()
        if "techniques" in heads:
            analysis.techniques = self.techniques()
        analysis.tone = self.stage.tone.read(analysis, self.parse)

    # --- helpers -----------------------------------------------------------------------------

    def span(self, index: int) -> dict[str, Any]:
        start, end = self.spans[index]
        return {"start": start, "end": end, "text": self.text[start:end]}

    def closest(self, prompt: Matrix, count: int | None = None,
                among: Sequence[int] | None = None) -> list[int]:
        """Indices of the sentences nearest to a label description, best first."""
        candidates = list(among) if among is not None else list(range(len(self.spans)))
        if not candidates:
            return []
        scores = self.vectors[candidates] @ prompt
        order = np.argsort(-scores)[:count or self.stage.evidence]
        return [candidates[int(i)] for i in order]

    # --- sections ----------------------------------------------------------------------------

    def narratives(self) -> list[dict[str, Any]]:
        taxonomy = self.stage.taxonomies["narratives"]
        coarse_head, fine_head = self.model.heads["narratives"], self.model.heads["subnarratives"]
        prompts = self.stage.prompts["narratives"]
        x = np.concatenate([self.features, label_similarity(self.vectors, prompts)])
        coarse, fine = coarse_head.scores(x), fine_head.scores(x)
        parents = {label.name: label.parent or "" for label in taxonomy.fine}
        assert self.stage.genre_style is not None and self.stage.cues is not None
        told = presence(self.model, coarse, self.vectors, self.text, self.stage.genre_style,
                        self.stage.cues)
        chosen, subs = decode_narratives(
            coarse, fine, coarse_head.labels, fine_head.labels, parents,
            domain=article_domain(self.model, self.vectors), **narrative_decoding(self.model),
            **told)
        if chosen == [taxonomy.other or "Other"]:
            return []
        names = [label.name for label in (*taxonomy.labels, *taxonomy.fine)]
        descriptions = {label.name: label for label in (*taxonomy.labels, *taxonomy.fine)}
        items: list[dict[str, Any]] = []
        for narrative in chosen:
            score = float(coarse[coarse_head.labels.index(narrative)])
            evidence = self.closest(prompts[names.index(narrative)])
            children = []
            for sub in subs:
                if parents.get(sub) != narrative:
                    continue
                sub_score = float(fine[fine_head.labels.index(sub)])
                sub_evidence = self.closest(prompts[names.index(sub)])
                children.append({"label": sub, "score": round(sub_score, 4),
                                 "confidence": round(sub_score, 4),
                                 "evidence": [self.span(i) for i in sub_evidence]})
            items.append({"label": narrative, "taxonomy": taxonomy.name, "level": "narrative",
                          "score": round(score, 4), "confidence": round(score, 4),
                          "subnarratives": children,
                          "evidence": [self.span(i) for i in evidence]})
        dominant = items[0]
        best_child = max(dominant["subnarratives"], key=lambda c: c["score"], default=None)
        label = descriptions[best_child["label"]] if best_child and not best_child[
            "label"].endswith(": Other") else descriptions[dominant["label"]]
        evidence_items = (best_child or dominant)["evidence"]
        dominant["explanation"] = explain(label.description, [e["text"] for e in evidence_items])
        return items

    def zero_shot(self, taxonomy: Taxonomy) -> list[dict[str, Any]]:
        """A user taxonomy's labels whose descriptions are close to the article's sentences."""
        prompts = self.stage.prompts[f"user:{taxonomy.path}"]
        similarity = zero_shot_similarity(self.vectors, prompts)
        labels = taxonomy.everything
        items: list[dict[str, Any]] = []
        for index, children in zero_shot_choice(similarity, labels, self.stage.zero_shot_threshold,
                                                taxonomy.other):
            subs = [self.user_item(labels[i].name, float(similarity[i]), prompts[i])
                    for i in children]
            items.append({**self.user_item(labels[index].name, float(similarity[index]),
                                           prompts[index]),
                          "taxonomy": taxonomy.name, "level": "narrative", "method": "zero-shot",
                          "subnarratives": subs})
        return items

    def trained(self, taxonomy: Taxonomy, model: FramingModel) -> list[dict[str, Any]]:
        """A user taxonomy's labels from the heads trained for it ('newsgraph train framing
        --taxonomy')."""
        prompts = self.stage.prompts[f"user:{taxonomy.path}"]
        coarse_head, fine_head = model.heads["narratives"], model.heads["subnarratives"]
        x = narrative_features(self.vectors, self.text, model.vocabulary, prompts)
        coarse, fine = coarse_head.scores(x), fine_head.scores(x)
        other = taxonomy.other or "Other"
        parents = {label.name: label.parent or "" for label in taxonomy.fine}
        chosen, subs = decode_narratives(
            coarse, fine, coarse_head.labels, fine_head.labels, parents,
            coarse_threshold=coarse_head.threshold, fine_threshold=fine_head.threshold,
            other_threshold=coarse_head.extra.get("other", 0.0), other=other)
        if chosen == [other]:
            return []
        names = [label.name for label in taxonomy.everything]
        items = []
        for narrative in chosen:
            children = [self.user_item(sub, float(fine[fine_head.labels.index(sub)]),
                                       prompts[names.index(sub)])
                        for sub in subs if parents.get(sub) == narrative]
            items.append({**self.user_item(narrative, float(coarse[coarse_head.labels.index(narrative)]),
                                           prompts[names.index(narrative)]),
                          "taxonomy": taxonomy.name, "level": "narrative", "method": "trained",
                          "subnarratives": children})
        return items

    def user_item(self, label: str, score: float, prompt: Matrix) -> dict[str, Any]:
        """A label with its score, confidence and the sentences closest to its description."""
        return {"label": label, "score": round(score, 4), "confidence": round(max(0.0, score), 4),
                "evidence": [self.span(i) for i in self.closest(prompt)]}

    def roles(self) -> list[dict[str, Any]]:
        entities = sorted((e for e in self.analysis.entities if e.type in ROLE_TYPES and e.mentions),
                          key=lambda e: -e.salience)[:self.stage.max_roles]
        return [self.role(entity) for entity in entities]

    def role(self, entity: Entity) -> dict[str, Any]:
        assert self.stage.embedder is not None
        taxonomy = self.stage.taxonomies["roles"]
        main_head, fine_head = self.model.heads["main_roles"], self.model.heads["fine_roles"]
        mention = entity.mentions[0]
        x = mention_features(self.text, self.spans, self.vectors, mention.start, mention.end,
                             mention.text, self.stage.embedder, self.stage.prompts["roles"])
        main, fine = main_head.scores(x), fine_head.scores(x)
        parents = {label.name: label.parent or "" for label in taxonomy.fine}
        role, fine_roles = decode_roles(main, fine, main_head.labels, fine_head.labels, parents,
                                        second_threshold=fine_head.threshold)
        sentences = sorted({m.sentence for m in entity.mentions if 0 <= m.sentence < len(self.spans)})
        evidence = sentences[:self.stage.evidence] or [0]
        return {"entity": entity.id, "name": entity.name, "main_role": role,
                "fine_roles": fine_roles,
                "scores": {label: round(float(s), 4) for label, s in zip(main_head.labels, main)},
                "confidence": round(float(np.max(main)), 4),
                "mention": {"start": mention.start, "end": mention.end, "text": mention.text},
                "basis": role_basis(read_deeds(self.analysis, mention.start, mention.end,
                                               mention.text, self.stage.tone)),
                "evidence": [self.span(i) for i in evidence]}

    def genre(self) -> dict[str, Any]:
        """The genre under the stream's class priors; "uncertain" (with the likeliest class as
        ``best``) when the two likeliest are within the margin."""
        head = self.model.heads["genre"]
        assert self.stage.genre_style is not None
        style = genre_style_features(self.text, self.stage.genre_style)
        scores = head.scores(genre_input(self.model, self.features, style))
        decision = decide_genre(scores, head.labels, self.stage.genre_priors, self.stage.genre_margin,
                                sentences=len(self.spans))
        labels = [label.name for label in self.stage.taxonomies["genre"].labels]
        evidence = ([] if decision.label not in labels else
                    self.closest(self.stage.prompts["genre"][labels.index(decision.label)]))
        return {"label": decision.label, "best": decision.best,
                "confidence": round(decision.posterior[decision.best], 4),
                "scores": {label: round(p, 4) for label, p in decision.posterior.items()},
                "priors": dict(self.stage.genre_priors),
                "evidence": [self.span(i) for i in evidence]}

    def frames(self) -> list[dict[str, Any]]:
        head = self.model.heads["frames"]
        scores = head.scores(self.features)
        labels = [label.name for label in self.stage.taxonomies["frames"].labels]
        items = []
        for label in decode_labels(scores, head.labels, head.threshold, label_thresholds(head),
                                   int(head.extra.get("cap", 0))):
            j = head.labels.index(label)
            prompt = self.stage.prompts["frames"][labels.index(head.labels[j])]
            items.append({"label": head.labels[j], "score": round(float(scores[j]), 4),
                          "confidence": round(float(scores[j]), 4),
                          "evidence": [self.span(i) for i in self.closest(prompt)]})
        return items

    def techniques(self) -> list[dict[str, Any]]:
        head = self.model.heads["techniques"]
        context = self.model.heads.get("technique_context")
        vocabulary = self.model.vocabulary
        items: list[dict[str, Any]] = []
        paragraphs: list[tuple[int, list[int]]] = []
        position = 0
        for number, line in enumerate(self.text.split("\n"), 1):
            start, end = position, position + len(line)
            position = end + 1
            inside = [i for i, (a, b) in enumerate(self.spans) if a >= start and b <= end]
            if inside:
                paragraphs.append((number, inside))
        if not paragraphs:
            return items
        lines = self.text.split("\n")
        cues = self.stage.cues if reads_cues(head, vocabulary) else None
        counts = article_word_counts(self.text, cues) if cues is not None else None
        first = np.stack([head.scores(paragraph_features(self.vectors[inside], lines[number - 1],
                                                         vocabulary, cues, counts))
                          for number, inside in paragraphs])
        final = stack_techniques(first, context) if context is not None else first
        threshold, per_label, cap = technique_decoding(self.model)
        for (number, inside), scores in zip(paragraphs, final):
            found = [head.labels.index(label)
                     for label in decode_labels(scores, head.labels, threshold, per_label, cap)]
            if not found:
                continue
            per_sentence = np.stack([head.scores(paragraph_features(
                self.vectors[[i]], self.text[self.spans[i][0]:self.spans[i][1]], vocabulary,
                cues, counts)) for i in inside])
            for j in found:
                label = head.labels[j]
                best = inside[int(np.argmax(per_sentence[:, j]))]
                items.append({"label": label, "level": "paragraph", "paragraph": number,
                              "score": round(float(scores[j]), 4),
                              "confidence": round(float(scores[j]), 4),
                              "span": self.technique_span(label, best, counts),
                              "evidence": [self.span(best)]})
        return items

    def technique_span(self, label: str, index: int, counts: Counter[str] | None) -> dict[str, Any]:
        """Where in sentence ``index`` the technique shows: a cue phrase or a clause
        (``technique_span``); the sentence itself when there is no parse of it."""
        cues = self.stage.cues
        if cues is None or index >= len(self.parsed) or (
                self.parsed[index].start, self.parsed[index].end) != self.spans[index]:
            return self.span(index)
        if counts is None:
            counts = article_word_counts(self.text, cues)
        start, end = technique_span(label, self.parsed[index], cues, counts)
        return {"start": start, "end": end, "text": self.text[start:end]}


def explain(description: str, sentences: Sequence[str], limit: int = EXPLANATION_WORDS) -> str:
    """A short explanation of the dominant narrative from the article's own sentences."""
    words_out = f"Dominant narrative: {description.rstrip('.')}. The article says:".split()
    for sentence in sentences:
        for word in sentence.split():
            if len(words_out) >= limit:
                return " ".join(words_out).rstrip(",;:") + " …"
            words_out.append(word)
    return " ".join(words_out)
