"""The `train framing` and `eval framing` commands: cross-validated figures on the training
splits, the shipped model, and its predictions for a folder of articles in the official
formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.errors import ConfigError, InputError, Messages
from newsgraph.framing.corpus import Corpus, OutOfFold, build_corpus
from newsgraph.framing.datasets import Document, RoleMention, input_articles, read_text_file
from newsgraph.framing.features import (GenreStyle, Matrix, article_features, genre_style_features,
                                        label_prompts, label_similarity, mention_features,
                                        sentence_spans)
from newsgraph.framing.model import (DOMAIN_GATE, FramingModel, article_domain, decide_genre, decode_labels,
                                     decode_narratives, decode_roles, genre_input, label_thresholds,
                                     narrative_decoding, technique_decoding)
from newsgraph.framing.encoders import DESCRIPTIONS, load_framing_model
from newsgraph.framing.evaluation import framing_report
from newsgraph.framing.narratives import (PRESENCE_HEAD, fit_presence_head, narrative_told,
                                          presence, presence_inputs, stack_presence)
from newsgraph.framing.selection import Decoding, tune
from newsgraph.framing.taxonomies import builtin
from newsgraph.framing.techniques import (article_word_counts, load_technique_cues, paragraph_features,
                                          reads_cues, stack_techniques)
from newsgraph.framing.training import (all_rows, cached_embedder, fit_heads, fit_technique_context,
                                        logistic_regression, out_of_fold, stack_out_of_fold)
from newsgraph.settings import FramingSettings

def _prepare(data: Path, folds: int, cache_file: str, reporting: bool,
             progress: Callable[[str], None] | None,
             encoder: str = "minilm") -> tuple[Corpus, OutOfFold, OutOfFold]:
    logistic_regression()
    embedder = cached_embedder(cache_file, encoder)
    corpus = build_corpus(data, embedder, progress=progress, reporting=reporting)
    if cache_file:
        embedder.save_cache()
    first_stage = out_of_fold(corpus, folds, progress=progress)
    stacked = stack_presence(corpus, stack_out_of_fold(corpus, first_stage, folds), folds)
    return corpus, first_stage, stacked


def evaluate_framing(data: Path, *, folds: int = 5, predictions: Path | None = None,
                     cache_file: str = "", progress: Callable[[str], None] | None = None,
                     reporting: bool = True, encoder: str = "minilm") -> dict[str, Any]:
    """k-fold cross-validation on the training splits, folds grouped by topic and source:
    official metrics of out-of-fold predictions, each fold decoded with thresholds tuned on
    the other folds, with bootstrap intervals, genre under explicit priors, leave-one-domain-
    out and the domain gate (see docs/models/framing.md); sentences read by ``encoder``."""
    corpus, _, oof = _prepare(data, folds, cache_file, reporting, progress, encoder)
    scores, predicted, chosen = framing_report(corpus, oof, folds, progress)
    scores["folds"] = folds
    scores["encoder"] = encoder
    scores["thresholds"] = [_decoding_dict(decoding) for decoding in chosen]
    scores["date"] = dt.date.today().isoformat()
    if predictions is not None:
        write_predictions(corpus, predicted, predictions)
        scores["predictions"] = str(predictions)
    return scores


def _decoding_dict(decoding: Decoding) -> dict[str, Any]:
    return {key: (round(value, 3) if isinstance(value, float) else value)
            for key, value in decoding.__dict__.items()}


def train_framing(data: Path, output: Path, *, folds: int = 5, cache_file: str = "",
                  progress: Callable[[str], None] | None = None,
                  reporting: bool = True, encoder: str = "minilm") -> dict[str, Any]:
    """Every figure of ``evaluate_framing``, then thresholds and caps tuned on all out-of-fold
    scores, every head fitted on all training data, and the model saved with the name of the
    encoder it was trained on (the stage refuses it under another)."""
    corpus, first_stage, oof = _prepare(data, folds, cache_file, reporting, progress, encoder)
    scores, _, chosen = framing_report(corpus, oof, folds, progress)
    scores.update(folds=folds, date=dt.date.today().isoformat(), encoder=encoder,
                  thresholds=[_decoding_dict(decoding) for decoding in chosen])
    per_label = scores["choices"]["technique_thresholds"] == "per technique"
    decoding = tune(corpus, oof, per_label=per_label)
    (progress or (lambda message: None))("final heads")
    rows = all_rows(corpus)
    heads = fit_heads(corpus, rows)
    heads["technique_context"] = fit_technique_context(corpus, first_stage.techniques,
                                                       rows["paragraphs"])
    heads["narratives"].threshold = decoding.coarse
    heads["narratives"].extra = {"other": decoding.other, "cap": float(decoding.coarse_cap),
                                 "at_least_best": float(decoding.at_least_best)}
    if len(oof.presence):
        heads[PRESENCE_HEAD] = fit_presence_head(
            presence_inputs(corpus, oof.coarse, oof.domain), narrative_told(corpus))
        heads[PRESENCE_HEAD].threshold = decoding.presence
    heads["subnarratives"].threshold = decoding.fine
    heads["subnarratives"].extra = {"cap": float(decoding.fine_cap)}
    heads["fine_roles"].threshold = decoding.second_role
    heads["frames"].threshold = decoding.frames
    heads["frames"].extra = {"cap": float(decoding.frames_cap)}
    heads["technique_context"].threshold = decoding.techniques
    heads["technique_context"].extra = {
        "cap": float(decoding.techniques_cap),
        **{f"threshold:{label}": value for label, value in decoding.technique_thresholds.items()}}
    heads["domain"].extra = {"gate": DOMAIN_GATE}
    info = {"trained": dt.date.today().isoformat(), "folds": folds, "cv_scores": scores,
            "data": ["SemEval-2025 Task 10 English train (subtasks 1-2)",
                     "SemEval-2023 Task 3 English train (subtasks 1-3)"]
            + ([f"PolNeAR train, {len(corpus.reporting_docs)} hard-news articles (genre)"]
               if corpus.reporting_docs else []),
            "embeddings": DESCRIPTIONS[encoder], "encoder": encoder}
    model = FramingModel(corpus.vocabulary, heads, info)
    output.parent.mkdir(parents=True, exist_ok=True)
    model.save(output)
    return {"model": str(output), "bytes": output.stat().st_size,
            "thresholds": _decoding_dict(decoding), "cv_scores": scores}


def write_predictions(corpus: Corpus, predicted: dict[str, Any], folder: Path) -> None:
    """Out-of-fold predictions in the official submission formats of both tasks."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "subtask-2-predictions.txt").open("w", encoding="utf-8") as out:
        for document, (coarse, fine) in zip(corpus.narrative_docs, predicted["narratives"]):
            out.write(f"{document.id}\t{';'.join(coarse)}\t{';'.join(fine)}\n")
    with (folder / "subtask-1-predictions.txt").open("w", encoding="utf-8") as out:
        for mention, (main, fine) in zip(corpus.role_mentions, predicted["roles"]):
            out.write("\t".join([mention.article_id, mention.text, str(mention.start),
                                 str(mention.end - 1), main, *fine]) + "\n")
    with (folder / "semeval2023-subtask-1-predictions.txt").open("w", encoding="utf-8") as out:
        for document, genre in zip(corpus.genre_docs, predicted["genre"]):
            out.write(f"{document.id}\t{genre}\n")
    with (folder / "semeval2023-subtask-2-predictions.txt").open("w", encoding="utf-8") as out:
        for document, frames in zip(corpus.genre_docs, predicted["frames"]):
            out.write(f"{document.id}\t{','.join(frames)}\n")
    with (folder / "semeval2023-subtask-3-predictions.txt").open("w", encoding="utf-8") as out:
        for (article_id, line), techniques in zip(corpus.paragraph_keys, predicted["techniques"]):
            out.write(f"{article_id}\t{line}\t{','.join(techniques)}\n")


def read_mentions(path: Path) -> list[tuple[str, str, int, int]]:
    """Entity mentions to cast, in the subtask-1 input format (end inclusive in the file,
    exclusive here); a bad line raises InputError naming file and line."""
    if not path.is_file():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=path, what="mention file")
    mentions = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = line.rstrip("\r\n").split("\t")
            if len(row) < 4 or not row[2].strip().isdigit() or not row[3].strip().isdigit():
                raise InputError(Messages.FRAMING_MENTION_BAD, path=path, line=number,
                                 detail="expected 4 tab-separated fields with numeric offsets")
            mentions.append((row[0], row[1], int(row[2]), int(row[3]) + 1))
    return mentions


def predict_framing(folder: Path, output: Path, *, model_file: str = "",
                    mentions_file: Path | None = None, cache_file: str = "",
                    encoder: str = "minilm",
                    genre_priors: dict[str, float] | None = None) -> dict[str, int]:
    """Predictions of the trained model for every ``*.txt`` article in ``folder``, written in
    the official formats (subtask-2 narratives, genre, frames, paragraph techniques, and
    subtask-1 roles when a mention file is given); genre under ``genre_priors`` (the
    settings' defaults when None)."""
    texts = {path.name: read_text_file(path) for path in input_articles(folder)}
    mentions = read_mentions(mentions_file) if mentions_file is not None else []  # before work
    model = load_framing_model(model_file, encoder)
    if model.taxonomy is not None:
        raise ConfigError(Messages.FRAMING_MODEL_NEEDS_TAXONOMY, path=model_file,
                          name=model.taxonomy.get("name", "?"),
                          trained_path=model.taxonomy.get("path", "?"))
    embedder = cached_embedder(cache_file, encoder)
    narratives, roles = builtin("narratives"), builtin("roles")
    prompts = label_prompts(narratives, roles, embedder)
    heads = model.heads
    coarse_head, fine_head = heads["narratives"], heads["subnarratives"]
    narrative_parents = {label.name: label.parent or "" for label in narratives.fine}
    role_parents = {label.name: label.parent or "" for label in roles.fine}
    cues = load_technique_cues() if reads_cues(heads["techniques"], model.vocabulary) else None
    style, priors = GenreStyle.load(), genre_priors or FramingSettings().genre_priors
    all_cues = load_technique_cues()
    parsed: dict[str, tuple[list[tuple[int, int]], Matrix]] = {}
    for name, text in texts.items():
        spans = sentence_spans(text)
        parsed[name] = (spans, embedder.embed([text[a:b] for a, b in spans]))
    predicted: dict[str, list[Any]] = {"narratives": [], "genre": [], "frames": [],
                                       "techniques": [], "roles": []}
    paragraph_keys: list[tuple[str, int]] = []
    for name, text in texts.items():
        spans, vectors = parsed[name]
        features = article_features(vectors, text, model.vocabulary)
        x = np.concatenate([features, label_similarity(vectors, prompts["narratives"])])
        coarse = coarse_head.scores(x)
        told = presence(model, coarse, vectors, text, style, all_cues)
        predicted["narratives"].append(decode_narratives(
            coarse, fine_head.scores(x), coarse_head.labels, fine_head.labels,
            narrative_parents, domain=article_domain(model, vectors), **narrative_decoding(model),
            **told))
        genre = heads["genre"]
        scores = genre.scores(genre_input(model, features, genre_style_features(text, style)))
        predicted["genre"].append(decide_genre(scores, genre.labels, priors,
                                                 sentences=len(spans)).best)
        frames = heads["frames"]
        predicted["frames"].append(decode_labels(frames.scores(features), frames.labels,
                                                 frames.threshold, label_thresholds(frames),
                                                 int(frames.extra.get("cap", 0))))
        counts = article_word_counts(text, cues) if cues is not None else None
        lines, rows, position = text.split("\n"), [], 0
        for number, line in enumerate(lines, 1):
            start, end = position, position + len(line)
            position = end + 1
            if line.strip():
                inside = [i for i, (a, b) in enumerate(spans) if a >= start and b <= end]
                rows.append(paragraph_features(vectors[inside], line, model.vocabulary, cues,
                                               counts))
                # SemEval-2023 ids are the number in "article<id>.txt"
                paragraph_keys.append((Path(name).stem.removeprefix("article"), number))
        if rows:
            first = heads["techniques"].scores(np.stack(rows))
            context = heads.get("technique_context")
            final = stack_techniques(first, context) if context is not None else first
            threshold, per_label, cap = technique_decoding(model)
            labels = heads["techniques"].labels
            predicted["techniques"].extend([decode_labels(row, labels, threshold, per_label, cap)
                                            for row in final])
    role_items = []
    for article, mention, start, end in mentions:
        if article not in texts:
            continue
        spans, vectors = parsed[article]
        x = mention_features(texts[article], spans, vectors, start, end, mention, embedder,
                             prompts["roles"])
        main, fine = heads["main_roles"].scores(x), heads["fine_roles"].scores(x)
        predicted["roles"].append(decode_roles(
            main, fine, heads["main_roles"].labels, heads["fine_roles"].labels, role_parents,
            second_threshold=heads["fine_roles"].threshold))
        role_items.append(RoleMention(article, mention, start, end, "", ()))
    articles = [Document(id=name, text="") for name in texts]
    numbered = [Document(id=Path(name).stem.removeprefix("article"), text="") for name in texts]
    corpus = Corpus(model.vocabulary, articles, np.zeros((0, 0), np.float32), role_items,
                    np.zeros((0, 0), np.float32), numbered, np.zeros((0, 0), np.float32), [],
                    np.zeros((0, 0), np.float32), [], paragraph_keys)
    write_predictions(corpus, predicted, output)
    return {"articles": len(texts), "paragraphs": len(paragraph_keys), "mentions": len(role_items)}


def format_scores(report: dict[str, Any]) -> str:
    """The report as a few lines for people."""
    t10, t3 = report["semeval2025_t10"], report["semeval2023_t3"]
    roles, narratives = t10["subtask1_roles"], t10["subtask2_narratives"]
    lines = [f"{report.get('folds', '?')}-fold cross-validation on the training splits ({report.get('date', '')})",
             f"SemEval-2025 T10 subtask 1 (roles, {roles['mentions']} mentions): exact match "
             f"{roles['exact_match_ratio']:.3f}, micro-F1 {roles['micro_f1']:.3f}, main-role "
             f"accuracy {roles['main_role_accuracy']:.3f}",
             f"SemEval-2025 T10 subtask 2 (narratives, {narratives['articles']} articles): F1-samples "
             f"coarse {narratives['f1_samples_coarse']:.3f}, fine {narratives['f1_samples_fine']:.3f}",
             f"SemEval-2025 T10 subtask 3 (explanations): {t10['subtask3_explanations']}",
             f"SemEval-2023 T3 subtask 1 (genre): macro-F1 {t3['subtask1_genre']['macro_f1']:.3f}",
             f"SemEval-2023 T3 subtask 2 (frames): micro-F1 {t3['subtask2_frames']['micro_f1']:.3f}",
             f"SemEval-2023 T3 subtask 3 (techniques, {t3['subtask3_techniques']['paragraphs']} "
             f"paragraphs): micro-F1 {t3['subtask3_techniques']['micro_f1']:.3f}"]
    for name, figure in report.get("intervals", {}).items():
        lines.append(f"  {name}: {_figure(figure)}")
    genre = report.get("genre_under_priors", {})
    for name in ("uniform", "news_stream", "dev_mix"):
        if name in genre:
            lines.append(f"genre under {name} priors: macro-F1 {_figure(genre[name]['macro_f1'])}; "
                         f"opinion/reporting {_figure(genre[name]['macro_f1_opinion_reporting'])}")
    if "polnear_reporting_recall" in genre:
        lines.append(f"PolNeAR reports of unseen publishers read as reporting: "
                     f"{_figure(genre['polnear_reporting_recall'])}")
    for name, figures in report.get("leave_one_domain_out", {}).items():
        parts = [f"{key} {_figure(value)}" for key, value in figures.items() if isinstance(value, dict)]
        lines.append(f"leave one domain out, {name}: " + "; ".join(parts))
    for name, figures in report.get("narratives_under_other_shares", {}).items():
        if isinstance(figures, dict):
            lines.append(f"narratives with 'Other' articles reweighted to {figures['other_share']:.2f}: "
                         f"coarse {_figure(figures['coarse'])}, fine {_figure(figures['fine'])}")
    gate = report.get("domain_gate", {})
    if gate:
        lines.append(f"domain gate: SemEval-2025 accuracy {_figure(gate['semeval2025_accuracy'])}, "
                     f"neither-domain articles said none: "
                     f"{gate.get('semeval2023_said_none', '-')} (SemEval-2023), "
                     f"{gate.get('polnear_said_none', '-')} (PolNeAR)")
    return "\n".join(lines)


def _figure(figure: dict[str, float]) -> str:
    return f"{figure['value']:.3f} [{figure['low']:.3f}, {figure['high']:.3f}]"
