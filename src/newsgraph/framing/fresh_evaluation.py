"""Framing scored on newsgraph's own frozen, hand-written articles (tests/data/framing_fresh.yaml):
genre, narratives, frames and entity roles, each with a 95 % bootstrap interval over articles.

Every article goes through the public ``Pipeline`` under the full profile, as a user's would.
Narratives follow SemEval-2025 T10: an article with no narrative predicted counts as "Other"
(coarse and fine), and a predicted narrative without a subnarrative counts as "<narrative>: Other",
as the gold file writes it.

Roles are matched by mention. A gold role names a surface string; its span is the string's first
occurrence in the text as a whole word. A predicted role belongs to an entity; it matches the gold
role when one of that entity's mentions covers the gold span (starts at or before it and ends at or
after it); failing that, when the entity's name or one of its mentions reads the same as the gold
string (ignoring case): an entity named "Russian army" whose mention is only "Russian" still
matches the gold "Russian army". Among several, the one whose covering mention is shortest wins. A
gold role no prediction matches counts as wrong (main role and fine roles alike); the share matched
and the accuracy among the matched are given beside, and so is always guessing the most common
gold main role."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from newsgraph.errors import ConfigError, Messages
from newsgraph.framing.metrics import (Stats, bootstrap, macro_from, macro_stats, micro_from,
                                       micro_stats, ratio_from, samples_stats)
from newsgraph.framing.taxonomies import builtin
from newsgraph.schema import Analysis
from newsgraph.settings import Settings

DEFAULT_FRESH_SET = "tests/data/framing_fresh.yaml"
GENRES = ("reporting", "opinion", "satire")
DOMAINS = ("URW", "CC", "none")
OTHER = "Other"
UNCERTAIN = "uncertain"
DRAWS = 1000
SEED = 7
_FIELDS = ("id", "title", "text", "genre", "domain", "narratives", "subnarratives", "frames", "roles")


@dataclass(frozen=True)
class GoldRole:
    """A named entity of a gold article: its surface string, main role and fine roles."""

    mention: str
    main: str
    fine: tuple[str, ...]


@dataclass(frozen=True)
class FreshArticle:
    """One hand-labelled article of the fresh set."""

    id: str
    title: str
    text: str
    genre: str
    domain: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]
    frames: tuple[str, ...]
    roles: tuple[GoldRole, ...]


@dataclass(frozen=True)
class PredictedRole:
    """A role the stage gave an entity, with the character spans of the entity's mentions and
    the entity's name."""

    main: str
    fine: tuple[str, ...]
    mentions: tuple[tuple[int, int, str], ...]
    name: str = ""


@dataclass(frozen=True)
class FramingPrediction:
    """What the framing stage said about one article, in the gold file's terms."""

    genre: str
    genre_best: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]
    frames: tuple[str, ...]
    roles: tuple[PredictedRole, ...]


def load_fresh_set(path: Path) -> list[FreshArticle]:
    """The articles of a fresh framing file, every label checked against the built-in
    taxonomies and every mention against its text; a mistake raises ConfigError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1, detail=(
            f"cannot read the fresh framing set ({error.__class__.__name__})")) from None
    items = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1,
                          detail="expected a non-empty list under 'articles'")
    articles = []
    for number, item in enumerate(items, 1):
        try:
            article = _article(item)
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1, detail=(
                f"article {number}: {error}")) from None
        problem = label_problem(article)
        if problem:
            raise ConfigError(Messages.DICTIONARY_SYNTAX, path=path, line=1,
                              detail=f"article {article.id}: {problem}")
        articles.append(article)
    return articles


def _article(item: Any) -> FreshArticle:
    if not isinstance(item, dict) or set(item) != set(_FIELDS):
        raise ValueError(f"needs exactly the fields {', '.join(_FIELDS)}")
    roles = tuple(GoldRole(str(r["mention"]), str(r["main"]), tuple(str(f) for f in r["fine"]))
                  for r in item["roles"])
    return FreshArticle(id=str(item["id"]), title=str(item["title"]), text=str(item["text"]).strip(),
                        genre=str(item["genre"]), domain=str(item["domain"]),
                        narratives=tuple(str(x) for x in item["narratives"]),
                        subnarratives=tuple(str(x) for x in item["subnarratives"]),
                        frames=tuple(str(x) for x in item["frames"]), roles=roles)


def label_problem(article: FreshArticle) -> str:
    """What is wrong with an article's labels (unknown label, missing mention...), or ""."""
    narratives, roles = builtin("narratives"), builtin("roles")
    coarse = {label.name for label in narratives.labels}
    fine = {label.name for label in narratives.fine}
    frames = {label.name for label in builtin("frames").labels}
    fine_roles = {label.name: {child.name for child in roles.children.get(label.name, ())}
                  for label in roles.labels}
    if article.genre not in GENRES or article.domain not in DOMAINS:
        return f"genre '{article.genre}' or domain '{article.domain}' is not known"
    if article.narratives != (OTHER,):
        unknown = [x for x in (*article.narratives, *article.subnarratives)
                   if x not in coarse | fine]
        if unknown or not article.narratives:
            return f"unknown narrative '{(unknown or [''])[0]}'"
    elif article.subnarratives:
        return "an 'Other' article has no subnarratives"
    if not article.frames or any(frame not in frames for frame in article.frames):
        return f"frames {list(article.frames)} are not all SemEval-2023 frames"
    for role in article.roles:
        if role.main not in fine_roles or not role.fine or \
                any(f not in fine_roles[role.main] for f in role.fine):
            return f"role {role.main} {list(role.fine)} is not in the roles taxonomy"
        if gold_span(article.text, role.mention) is None:
            return f"mention '{role.mention}' is not in the text"
    return ""


def semeval_labels(narratives: Sequence[str],
                   subnarratives: Sequence[str]) -> tuple[list[str], list[str]]:
    """Coarse and fine labels as SemEval-2025 T10 scores them: none becomes "Other", and a
    narrative with no subnarrative of its own gets "<narrative>: Other"."""
    coarse = [x for x in narratives if x != OTHER]
    if not coarse:
        return [OTHER], [OTHER]
    fine = [x for x in subnarratives if x != OTHER]
    fine += [f"{x}: {OTHER}" for x in coarse if not any(s.startswith(f"{x}: ") for s in fine)]
    return coarse, fine


def gold_span(text: str, mention: str) -> tuple[int, int] | None:
    """The first whole-word occurrence of ``mention`` in ``text``."""
    found = re.search(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", text)
    return (found.start(), found.end()) if found else None


def match_role(text: str, mention: str, predicted: Sequence[PredictedRole]) -> PredictedRole | None:
    """The predicted role of the entity that covers the gold mention (see the module's
    docstring), or None."""
    span = gold_span(text, mention)
    if span is None:
        return None
    covering = [(end - start, index) for index, role in enumerate(predicted)
                for start, end, _ in role.mentions if start <= span[0] and end >= span[1]]
    if covering:
        return predicted[min(covering)[1]]
    wanted = mention.casefold()
    for role in predicted:
        if role.name.casefold() == wanted or \
                any(surface.casefold() == wanted for _, _, surface in role.mentions):
            return role
    return None


def prediction_of(analysis: Analysis) -> FramingPrediction:
    """The framing of one analysed article, in the gold file's terms."""
    genre = analysis.genre or {}
    spans = {entity.id: tuple((m.start, m.end, m.text) for m in entity.mentions)
             for entity in analysis.entities}
    roles = tuple(PredictedRole(main=str(role.get("main_role", "")),
                                fine=tuple(str(f) for f in role.get("fine_roles", ())),
                                mentions=spans.get(str(role.get("entity")), ()) or (
                                    (int(role["mention"]["start"]), int(role["mention"]["end"]),
                                     str(role["mention"]["text"])),),
                                name=str(role.get("name", "")))
                  for role in analysis.roles)
    return FramingPrediction(
        genre=str(genre.get("label", "")), genre_best=str(genre.get("best", genre.get("label", ""))),
        narratives=tuple(str(item["label"]) for item in analysis.narratives),
        subnarratives=tuple(str(sub["label"]) for item in analysis.narratives
                            for sub in item.get("subnarratives", ())),
        frames=tuple(str(item["label"]) for item in analysis.frames), roles=roles)


def _figure(stats: Stats, groups: Sequence[str], metric: Callable[[Stats], float]) -> dict[str, float]:
    value, low, high = bootstrap(stats, groups, metric, repeats=DRAWS, seed=SEED)
    return {"value": round(value, 4), "low": round(low, 4), "high": round(high, 4)}


def _ratio(flags: Sequence[bool], groups: Sequence[str]) -> dict[str, float]:
    stats = np.array([[float(flag), 1.0] for flag in flags], dtype=np.float64).reshape(-1, 2)
    return _figure(stats, groups, ratio_from)


def score_fresh(articles: Sequence[FreshArticle],
                predictions: Sequence[FramingPrediction]) -> dict[str, Any]:
    """Every figure with its 95 % bootstrap interval, resampling articles (1,000 draws, seed 7)."""
    ids = [article.id for article in articles]
    gold_genre = [article.genre for article in articles]
    best = [prediction.genre_best for prediction in predictions]
    genre = {"macro_f1": _figure(macro_stats(gold_genre, best, GENRES), ids, macro_from),
             "accuracy": _ratio([g == p for g, p in zip(gold_genre, best)], ids),
             "per_class_f1": {label: _figure(macro_stats(gold_genre, best, [label]), ids, macro_from)
                              for label in GENRES},
             "uncertain_share": _ratio([p.genre == UNCERTAIN for p in predictions], ids)}
    gold_labels = [semeval_labels(a.narratives, a.subnarratives) for a in articles]
    predicted_labels = [semeval_labels(p.narratives, p.subnarratives) for p in predictions]
    narratives = {
        "f1_samples_coarse": _figure(samples_stats([g[0] for g in gold_labels],
                                                   [p[0] for p in predicted_labels]), ids, ratio_from),
        "f1_samples_fine": _figure(samples_stats([g[1] for g in gold_labels],
                                                 [p[1] for p in predicted_labels]), ids, ratio_from),
        "other_share_predicted": _ratio([p[0] == [OTHER] for p in predicted_labels], ids),
        "other_share_gold": round(float(np.mean([g[0] == [OTHER] for g in gold_labels])), 4)}
    frames = {"micro_f1": _figure(micro_stats([a.frames for a in articles],
                                              [p.frames for p in predictions]), ids, micro_from)}
    return {"articles": len(articles), "genre": genre, "narratives": narratives, "frames": frames,
            "roles": score_roles(articles, predictions)}


def score_roles(articles: Sequence[FreshArticle],
                predictions: Sequence[FramingPrediction]) -> dict[str, Any]:
    """Main-role accuracy, exact match of fine roles, the share of gold roles matched, and the
    majority guess of the main role, over gold roles grouped by article."""
    groups, main, exact, matched, gold_main = [], [], [], [], []
    for article, prediction in zip(articles, predictions):
        for role in article.roles:
            found = match_role(article.text, role.mention, prediction.roles)
            groups.append(article.id)
            gold_main.append(role.main)
            matched.append(found is not None)
            main.append(found is not None and found.main == role.main)
            exact.append(found is not None and set(found.fine) == set(role.fine))
    majority = Counter(gold_main).most_common(1)[0][0] if gold_main else ""
    among = [ok for ok, hit in zip(main, matched) if hit]
    return {"gold_roles": len(groups), "matched_share": _ratio(matched, groups),
            "main_role_accuracy": _ratio(main, groups),
            "main_role_accuracy_matched": round(float(np.mean(among)), 4) if among else 0.0,
            "fine_exact_match": _ratio(exact, groups), "majority_main_role": majority,
            "majority_main_role_accuracy": _ratio([g == majority for g in gold_main], groups)}


def evaluate_fresh_framing(path: Path, settings: Settings, *,
                           progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the pipeline over every article of the fresh set and score it; ``settings`` are
    those of the full profile (the command resolves them), which runs entities and framing."""
    from newsgraph.api import analyze
    from newsgraph.pipeline import Pipeline

    articles = load_fresh_set(path)
    pipeline = Pipeline(settings)
    predictions, rows = [], []
    for number, article in enumerate(articles, 1):
        prediction = prediction_of(analyze(article.text, title=article.title, pipeline=pipeline))
        predictions.append(prediction)
        rows.append({"id": article.id, "genre": [article.genre, prediction.genre,
                                                 prediction.genre_best],
                     "narratives": [list(article.narratives), list(prediction.narratives)],
                     "frames": [list(article.frames), list(prediction.frames)]})
        if progress is not None:
            progress(f"{number}/{len(articles)} {article.id}")
    report = score_fresh(articles, predictions)
    report.update({"data": str(path), "profile": settings.profile,
                   "stages": [stage.name for stage in pipeline.stages], "articles_scored": rows})
    return report


def _cell(figure: dict[str, float]) -> str:
    return f"{figure['value']:.3f} [{figure['low']:.3f}, {figure['high']:.3f}]"


def format_fresh_scores(report: dict[str, Any]) -> str:
    """The fresh-set report as lines for a terminal."""
    genre, narratives = report["genre"], report["narratives"]
    roles = report["roles"]
    return "\n".join([
        f"{report['articles']} articles ({report.get('data', '')}), profile "
        f"{report.get('profile', '?')}; 95 % bootstrap intervals over articles",
        f"genre (best)   macro-F1 {_cell(genre['macro_f1'])}  accuracy {_cell(genre['accuracy'])}",
        "               per class " + ", ".join(f"{label} {_cell(figure)}" for label, figure
                                                in genre["per_class_f1"].items()),
        f"               said uncertain {_cell(genre['uncertain_share'])}",
        f"narratives     F1-samples coarse {_cell(narratives['f1_samples_coarse'])}  "
        f"fine {_cell(narratives['f1_samples_fine'])}",
        f"               'Other' predicted {_cell(narratives['other_share_predicted'])}, "
        f"gold {narratives['other_share_gold']:.3f}",
        f"frames         micro-F1 {_cell(report['frames']['micro_f1'])}",
        f"roles ({roles['gold_roles']})     main accuracy {_cell(roles['main_role_accuracy'])}  "
        f"fine exact {_cell(roles['fine_exact_match'])}",
        f"               matched {_cell(roles['matched_share'])}, main accuracy among matched "
        f"{roles['main_role_accuracy_matched']:.3f}; always '{roles['majority_main_role']}' "
        f"{_cell(roles['majority_main_role_accuracy'])}",
    ])
