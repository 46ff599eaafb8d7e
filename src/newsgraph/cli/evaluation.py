"""The ``eval`` verbs: measure newsgraph against gold data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from newsgraph.cli.root import cli, context_of, progress_printer, settings_with_profile
from newsgraph.errors import Messages, UsageError


@cli.group(name="eval")
def evaluate() -> None:
    """Measure newsgraph against gold data (the data folder is an argument)."""


@evaluate.command(name="ner")
@click.option("--data", required=True, type=click.Path(exists=True), help="Folder with eng.testb (CoNLL-2003).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N documents.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_ner(ctx: click.Context, data: str, limit: int | None, as_json: bool) -> None:
    """Named-entity recognition on CoNLL-2003 (PER/LOC/ORG): per-type precision, recall, F1."""
    from newsgraph.evaluation.ner import evaluate_ner, format_scores

    scores = evaluate_ner(Path(data), context_of(ctx).settings, limit=limit)
    click.echo(json.dumps(scores, indent=2) if as_json else format_scores(scores))


@evaluate.command(name="tone")
@click.option("--data", default="tests/data/tone_gold.yaml", show_default=True,
              type=click.Path(exists=True, dir_okay=False), help="Hand-labelled tone articles (YAML).")
@click.option("--json", "as_json", is_flag=True, help="Every figure and each article's scores.")
@click.pass_context
def eval_tone(ctx: click.Context, data: str, as_json: bool) -> None:
    """Tone against hand-labelled articles: label accuracy, sign agreement, Spearman, with
    bootstrap intervals, beside VADER alone and GDELT's word tone."""
    from newsgraph.framing.tone_evaluation import evaluate_tone, format_tone_scores

    report = evaluate_tone(Path(data), context_of(ctx).settings)
    click.echo(json.dumps(report, indent=2) if as_json else format_tone_scores(report))


@evaluate.command(name="roles")
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=False),
              help="The shared data folder (reads semeval2025_t10/train/EN).")
@click.option("--cache", default="", help="Keep sentence embeddings in this .npz between runs.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_roles(ctx: click.Context, data: str, cache: str, as_json: bool) -> None:
    """Entity roles with and without what the article says each entity does: topic-grouped
    folds and leave-one-domain-out, with bootstrap intervals."""
    from newsgraph.framing.role_evaluation import format_role_scores, run_role_evaluation

    report = run_role_evaluation(Path(data), context_of(ctx).settings, cache_file=cache,
                                 progress=progress_printer(ctx))
    click.echo(json.dumps(report, indent=2) if as_json else format_role_scores(report))


FRESH_SETS = (
    ("fresh", "tests/data/events_fresh.yaml", "first fresh event set, now a development set"),
    ("fresh2", "tests/data/events_fresh2.yaml", "second fresh event set, now a development set"),
    ("fresh3", "tests/data/events_fresh3.yaml",
     "third fresh event set, a development set since its held-out score"),
    ("fresh4", "tests/data/events_fresh4.yaml", "fourth fresh event set, held out"),
)
"""newsgraph's own frozen event sets: the part's name, its file, what it is now."""


def fresh_set_options(command: Callable[..., None]) -> Callable[..., None]:
    """One ``--freshN FILE`` option for each of ``FRESH_SETS``."""
    for part, path, what in reversed(FRESH_SETS):
        command = click.option(f"--{part}", part, default=path, show_default=True,
                               type=click.Path(dir_okay=False),
                               help=f"newsgraph's {what} (measured if it exists).")(command)
    return command


@evaluate.command(name="events")
@click.option("--data", required=True, type=click.Path(exists=True),
              help="The data folder (../shared/data) with event_gold/ and plover/.")
@click.option("--part", "parts", multiple=True,
              type=click.Choice(("gsr", "ud", "ngec", *(part for part, _, _ in FRESH_SETS))),
              help="Only these measurements (default: all seven).")
@fresh_set_options
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N records of each set.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_events(ctx: click.Context, /, data: str, parts: tuple[str, ...], limit: int | None,
                as_json: bool, **files: str) -> None:
    """Event coding: GSR P/R/F1 beside PETRARCH-2/petrarch3, UD-PETRARCH suite, NGEC actors,
    and PLOVER types on newsgraph's four fresh sets, each reported on its own."""
    for part, path in files.items():
        if part in parts and not Path(path).is_file():
            raise UsageError(Messages.NOT_FOUND, path=path)
    from newsgraph.events.evaluate import evaluate_events, format_results

    present = {part: Path(path) if Path(path).is_file() else None for part, path in files.items()}
    results = evaluate_events(Path(data), context_of(ctx).settings, limit=limit,
                              parts=parts or ("gsr", "ud", "ngec", *files), **present)
    click.echo(json.dumps(results, indent=2, default=str) if as_json else format_results(results))


@evaluate.command(name="framing-fresh")
@click.option("--data", default="tests/data/framing_fresh.yaml", show_default=True,
              type=click.Path(exists=True, dir_okay=False),
              help="newsgraph's frozen hand-written framing articles (YAML), held out.")
@click.option("--json", "as_json", is_flag=True, help="Every figure and each article's labels.")
@click.pass_context
def eval_framing_fresh(ctx: click.Context, data: str, as_json: bool) -> None:
    """Framing under the full profile on newsgraph's own held-out articles: genre, narratives,
    frames and roles, with 95 % bootstrap intervals over articles."""
    from newsgraph.framing.fresh_evaluation import evaluate_fresh_framing, format_fresh_scores

    settings = settings_with_profile(ctx, "full")
    report = evaluate_fresh_framing(Path(data), settings, progress=progress_printer(ctx))
    click.echo(json.dumps(report, indent=2) if as_json else format_fresh_scores(report))


@evaluate.command(name="quotes")
@click.option("--data", required=True, type=click.Path(exists=True), help="The PolNeAR folder (data/ of the corpus).")
@click.option("--split", default="dev", show_default=True, help="Which split to score: train or dev.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_quotes(ctx: click.Context, data: str, split: str, limit: int | None, as_json: bool) -> None:
    """Attributions on PolNeAR: source, cue, content and whole attributions, exact and by token."""
    from newsgraph.evaluation.quotes import evaluate_quotes, format_scores, packaged_extractors

    settings = context_of(ctx).settings
    report = evaluate_quotes(Path(data), split, settings, limit=limit,
                             extractors=packaged_extractors(settings))
    click.echo(json.dumps(report, indent=2) if as_json else format_scores(report))


@evaluate.command(name="framing")
@click.option("--data", type=click.Path(exists=True),
              help="The folder holding semeval2025_t10/ and semeval2023_t3/.")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(min=2),
              help="Cross-validation folds (at least 2).")
@click.option("--predictions", type=click.Path(file_okay=False),
              help="Write the out-of-fold predictions here, in the official formats.")
@click.option("--cache", default="", help="A .npz file to keep sentence embeddings in between runs.")
@click.option("--input", "input_folder", type=click.Path(file_okay=False),
              help="Instead of cross-validating, predict every *.txt article here with the "
                   "trained model and write the official formats to --predictions.")
@click.option("--mentions", type=click.Path(exists=True, dir_okay=False),
              help="With --input: entity mentions to cast (subtask-1 input format).")
@click.option("--model", "model_file", default="", help="With --input: a trained model (.npz).")
@click.option("--taxonomy", "taxonomy_file", type=click.Path(exists=True, dir_okay=False),
              help="Cross-validate narrative heads for this taxonomy (YAML) on --data, a folder "
                   "with raw-documents/ and subtask-2-annotations.txt, beside zero-shot.")
@click.option("--spans", is_flag=True,
              help="Score where techniques are placed inside their sentences against the "
                   "PTC training spans in --data (semeval2020_t11_ptc/), beside whole sentences.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_framing(ctx: click.Context, data: str | None, folds: int, predictions: str | None,
                 cache: str, input_folder: str | None, mentions: str | None, model_file: str,
                 taxonomy_file: str | None, spans: bool, as_json: bool) -> None:
    """Roles, narratives, genre, frames and techniques by k-fold cross-validation on the
    SemEval training splits, with the official metrics (or, with --input, predictions)."""
    from newsgraph.framing.commands import evaluate_framing, format_scores, predict_framing
    from newsgraph.framing.user_taxonomy import (evaluate_taxonomy, format_taxonomy_scores,
                                                 predict_taxonomy)

    if spans:
        from newsgraph.backbone import Backbone
        from newsgraph.framing.span_evaluation import evaluate_spans, format_span_scores

        if not data:
            raise click.UsageError("--spans needs --data FOLDER holding semeval2020_t11_ptc/")
        backbone = Backbone.from_settings(context_of(ctx).settings.nlp)
        span_report = evaluate_spans(Path(data), backbone.parse, progress=progress_printer(ctx))
        click.echo(json.dumps(span_report, indent=2) if as_json else format_span_scores(span_report))
        return

    if taxonomy_file and not input_folder:
        if not data:
            raise click.UsageError("--taxonomy needs --data FOLDER with the labelled articles")
        settings = context_of(ctx).settings
        result = evaluate_taxonomy(taxonomy_file, Path(data), folds=folds, cache_file=cache,
                                   zero_shot_threshold=settings.framing.zero_shot_threshold,
                                   progress=progress_printer(ctx),
                                   encoder=settings.framing.encoder)
        click.echo(json.dumps(result, indent=2) if as_json else format_taxonomy_scores(result))
        return
    if input_folder:
        if not predictions:
            raise click.UsageError("--input needs --predictions DIR for the output files")
        if taxonomy_file:
            counts = predict_taxonomy(Path(input_folder), Path(predictions), model_file=model_file,
                                      taxonomy_file=taxonomy_file, cache_file=cache,
                                      encoder=context_of(ctx).settings.framing.encoder)
        else:
            counts = predict_framing(Path(input_folder), Path(predictions), model_file=model_file,
                                     mentions_file=Path(mentions) if mentions else None,
                                     cache_file=cache,
                                     encoder=context_of(ctx).settings.framing.encoder,
                                     genre_priors=context_of(ctx).settings.framing.genre_priors)
        click.echo(json.dumps(counts) if as_json else
                   f"{counts['articles']} articles, {counts['paragraphs']} paragraphs, "
                   f"{counts['mentions']} mentions -> {predictions}")
        return
    if not data:
        raise click.UsageError("--data is needed (or --input to predict a folder)")
    report = evaluate_framing(Path(data), folds=folds, cache_file=cache,
                              predictions=Path(predictions) if predictions else None,
                              progress=progress_printer(ctx),
                              encoder=context_of(ctx).settings.framing.encoder)
    click.echo(json.dumps(report, indent=2) if as_json else format_scores(report))
