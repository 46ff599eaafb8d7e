"""Event coding measured against PETRARCH-family gold data, with peer coders scored the same way."""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from newsgraph.errors import InputError, Messages
from newsgraph.events.records import Actor
from newsgraph.events.stage import EventStage
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Analysis, Article, Draft
from newsgraph.settings import EventSettings, Settings

GSR: Final = "event_gold/petr2_gsr_validation.jsonl"
UD: Final = "event_gold/ud_petrarch_validation_2_02.jsonl"
UD_DICTIONARIES: Final = "event_gold/dictionaries/ud_petrarch_validate_2_02"
NGEC: Final = "plover/ngec/ngec_actor_resolution_test_cases.jsonl"
PEERS: Final = {"petrarch2": "event_gold/peer_runs/petrarch2_on_petr2_gsr_49ptb.pred.jsonl",
                "petrarch3": "event_gold/peer_runs/petrarch3_on_petr2_gsr_49ptb.pred.jsonl"}
EVENT_STAGES: Final = ("newsgraph.entities.v1", "newsgraph.places.v1", "newsgraph.events.v1")
"""The stages events depend on; evaluation runs only these."""
PHOENIX: Final = "cameo/phoenix_dictionaries"
PHOENIX_FILES: Final = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                        "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt")
UNKNOWN: Final = "---"
_NOT_COUNTRIES: Final = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT"})
# NGEC (POLECAT) gives the United Nations and the European Union a "country" of their own, UNO
# and EUR, where CAMEO writes IGOUNO... and IGOEUREEC...; other international bodies stay IGO.
# The Bretton Woods institutions carry a UN code in CAMEO but are "not really UN" (as the Phoenix
# dictionary notes) and are IGO in NGEC too.
PETRARCH_REQUIRE: Final = "dyad"
"""PETRARCH codes an event only with both a source and a target (375 of the 388 gold events of
the GSR and UD sets have both), so newsgraph is compared in that mode (``events.require``)."""
NGEC_BODIES: Final = (("IGOUNODEVWBK", "IGO"), ("IGOUNO", "UNO"), ("IGOEUREEC", "EUR"))

Triple = tuple[str, str, str]


def evaluate_events(data: Path, settings: Settings, *, limit: int | None = None,
                    parts: Sequence[str] = ("gsr", "ud", "ngec"),
                    fresh: Path | None = None, fresh2: Path | None = None,
                    fresh3: Path | None = None, fresh4: Path | None = None) -> dict[str, Any]:
    """The measurements on the data folder (``../shared/data``), and on newsgraph's fresh sets
    when "fresh", "fresh2", "fresh3" or "fresh4" is among ``parts``: ``fresh`` (tests/data/events_fresh.yaml,
    used to choose settings, so a development set), ``fresh2`` (tests/data/events_fresh2.yaml, held
    out for one round of changes, then a development set too) and
    ``fresh3`` (tests/data/events_fresh3.yaml, held out for one round, a development set since) and ``fresh4``
    (tests/data/events_fresh4.yaml, frozen and held out), each scored on its own;
    ``limit`` cuts each shared set."""
    if not data.is_dir():
        raise InputError(Messages.DATA_NOT_FOUND, path=data)
    results: dict[str, Any] = {"data": str(data)}
    if "gsr" in parts:
        results["gsr"] = evaluate_gsr(data, settings, limit=limit)
        results["gsr_default"] = evaluate_gsr(data, settings, limit=limit,
                                              require=settings.events.require)
        phoenix = phoenix_dictionaries(data)
        if phoenix:
            results["gsr_phoenix"] = evaluate_gsr(data, settings, limit=limit, dictionaries=phoenix)
    if "fresh" in parts and fresh is not None:
        from newsgraph.events.fresh import evaluate_fresh

        results["fresh"] = evaluate_fresh(fresh, settings)
    if "fresh2" in parts and fresh2 is not None:
        from newsgraph.events.fresh import evaluate_fresh

        results["fresh2"] = evaluate_fresh(fresh2, settings)
    if "fresh3" in parts and fresh3 is not None:
        from newsgraph.events.fresh import evaluate_fresh

        results["fresh3"] = evaluate_fresh(fresh3, settings)
    if "fresh4" in parts and fresh4 is not None:
        from newsgraph.events.fresh import evaluate_fresh

        results["fresh4"] = evaluate_fresh(fresh4, settings)
    if "ud" in parts:
        results["ud"] = evaluate_ud(data, settings, limit=limit)
    if "ngec" in parts:
        results["ngec"] = evaluate_actors(data, settings, limit=limit)
        phoenix = phoenix_dictionaries(data)
        if phoenix:
            results["ngec_phoenix"] = evaluate_actors(data, settings, limit=limit,
                                                      dictionaries=phoenix)
    return results


# --- reading -----------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file; a missing file is a one-line error."""
    if not path.is_file():
        raise InputError(Messages.DATA_NOT_FOUND, path=path)
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(Messages.MALFORMED_JSON, origin=path, line=number,
                                 detail=error.msg) from None
    return records


def event_pipeline(settings: Settings, events: EventSettings | None = None) -> Pipeline:
    """A pipeline of the stages events need, with other events settings if given."""
    stages = [name for name in settings.pipeline.stages if name in EVENT_STAGES]
    for name in EVENT_STAGES:
        if name not in stages:
            stages.append(name)
    return Pipeline(dataclasses.replace(
        settings, pipeline=dataclasses.replace(settings.pipeline, stages=tuple(stages)),
        events=events or settings.events))


def analyse_texts(pipeline: Pipeline, records: Sequence[tuple[str, str, str | None]],
                  batch: int = 32) -> list[Analysis]:
    """Analyse (id, text, published) records in batches, keeping their order."""
    analyses: list[Analysis] = []
    for offset in range(0, len(records), batch):
        articles = [Article(id=record_id, text=text or " ", published=published)
                    for record_id, text, published in records[offset:offset + batch]]
        analyses.extend(pipeline.analyse(articles))
    return analyses


def _iso(date: str | None) -> str | None:
    if not date or len(date) != 8 or not date.isdigit():
        return None
    return f"{date[:4]}-{date[4:6]}-{date[6:]}"


# --- scoring -----------------------------------------------------------------------------------


def country(code: str | None) -> str:
    """The country part of an actor code: "RUSGOV" -> RUS, "IGOUNO" -> IGO, unknown -> ---."""
    if not code or code.startswith(UNKNOWN) or len(code) < 3:
        return UNKNOWN
    return code[:3].upper()


def predicted_triples(events: Iterable[dict[str, Any]], *, exact: bool = False) -> Counter[Triple]:
    """(source country, target country, root or exact code) of our events; a shared action
    counts in both directions, as PETRARCH codes it."""
    triples: Counter[Triple] = Counter()
    for event in events:
        source = _side_country(event.get("source"))
        target = _side_country(event.get("target"))
        code = str(event.get("cameo", "")) if exact else str(event.get("root", ""))[:2]
        triples[(source, target, code)] += 1
        if event.get("mutual"):
            triples[(target, source, code)] += 1
    return triples


def _side_country(side: dict[str, Any] | None) -> str:
    if not side:
        return UNKNOWN
    if side.get("country"):
        return str(side["country"])
    code = str(side.get("code") or "")
    if code[:3] in _NOT_COUNTRIES:
        return code[:3]
    return UNKNOWN


def gold_triples(events: Iterable[dict[str, str]] | Iterable[Sequence[str]], *,
                 exact: bool = False) -> Counter[Triple]:
    """The same triples for gold events ({source, target, code}) or peer rows [source, target, code]."""
    triples: Counter[Triple] = Counter()
    for event in events:
        if isinstance(event, dict):
            source, target, code = event.get("source"), event.get("target"), event.get("code", "")
        else:
            source, target, code = event[0], event[1], event[2]
        code = str(code or "")
        triples[(country(source), country(target), code if exact else code[:2])] += 1
    return triples


def prf(gold: Sequence[Counter[Triple]], predicted: Sequence[Counter[Triple]]) -> dict[str, float]:
    """Micro precision, recall and F1 over records of multisets."""
    hits = sum(sum((g & p).values()) for g, p in zip(gold, predicted))
    n_gold = sum(sum(g.values()) for g in gold)
    n_predicted = sum(sum(p.values()) for p in predicted)
    precision = hits / n_predicted if n_predicted else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "gold": n_gold, "predicted": n_predicted, "correct": hits}


# --- the 78 real sentences ---------------------------------------------------------------------


def evaluate_gsr(data: Path, settings: Settings, *, limit: int | None = None,
                 dictionaries: Sequence[Path] = (), require: str = PETRARCH_REQUIRE) -> dict[str, Any]:
    """P/R/F1 of (source country, target country, root) and of the exact code on the GSR
    sentences, for newsgraph (all records, and the subset the peers ran on) and the peers;
    with ``dictionaries``, newsgraph runs with those PETRARCH files as users' dictionaries.
    ``require`` is what a newsgraph event needs to be kept (``events.require``)."""
    records = read_jsonl(data / GSR)[:limit]
    pipeline = event_pipeline(settings, dataclasses.replace(
        settings.events, petrarch_files=tuple(str(path) for path in dictionaries),
        petrarch_strict=False, require=require))
    started = time.perf_counter()
    analyses = analyse_texts(pipeline, [(r["id"], r.get("text") or "", _iso(r.get("date")))
                                        for r in records])
    seconds = time.perf_counter() - started
    ours = {record["id"]: analysis.events for record, analysis in zip(records, analyses)}
    result: dict[str, Any] = {"records": len(records), "seconds": round(seconds, 2),
                              "require": require, "systems": {}}
    gold = {record["id"]: record.get("events", []) for record in records}
    systems: dict[str, dict[str, list[Any]]] = {}
    for name, relative in PEERS.items():
        path = data / relative
        if path.is_file():
            systems[name] = {row["id"]: row.get("pred") or [] for row in read_jsonl(path)}
    subset = sorted(set.intersection(*(set(rows) for rows in systems.values())) & set(gold)) \
        if systems else []
    for exact in (False, True):
        level = "code" if exact else "root"
        scores: dict[str, Any] = {"newsgraph (all records)": prf(
            [gold_triples(gold[i], exact=exact) for i in gold],
            [predicted_triples(ours[i], exact=exact) for i in gold])}
        if subset:
            scores["newsgraph (peer subset)"] = prf(
                [gold_triples(gold[i], exact=exact) for i in subset],
                [predicted_triples(ours[i], exact=exact) for i in subset])
            for name, rows in systems.items():
                scores[f"{name} (peer subset)"] = prf(
                    [gold_triples(gold[i], exact=exact) for i in subset],
                    [gold_triples(rows[i], exact=exact) for i in subset])
        result["systems"][level] = scores
    result["peer_subset"] = len(subset)
    result["misses"] = [
        {"id": record["id"], "gold": sorted(gold_triples(gold[record["id"]])),
         "ours": sorted(predicted_triples(ours[record["id"]]))}
        for record in records
        if gold_triples(gold[record["id"]]) != predicted_triples(ours[record["id"]])]
    return result


# --- the UD-PETRARCH structural suite ----------------------------------------------------------


def evaluate_ud(data: Path, settings: Settings, *, limit: int | None = None) -> dict[str, Any]:
    """The share of UD-PETRARCH validation records coded exactly as expected, with the suite's
    toy dictionaries loaded as user dictionaries (PETRARCH format)."""
    records = [r for r in read_jsonl(data / UD) if r.get("evaluate", True)][:limit]
    folder = data / UD_DICTIONARIES
    files = sorted(str(path) for path in folder.glob("PETR_Validate_*_2_02.txt")
                   if "discards" not in path.name)
    if not files:
        raise InputError(Messages.DATA_NOT_FOUND, path=folder)
    pipeline = event_pipeline(settings, dataclasses.replace(
        settings.events, petrarch_files=tuple(files), petrarch_strict=False,
        require=PETRARCH_REQUIRE))
    analyses = analyse_texts(pipeline, [(r["id"], r.get("text") or "", _iso(r.get("date")))
                                        for r in records])
    correct = 0
    by_category: dict[str, list[int]] = {}
    for record, analysis in zip(records, analyses):
        expected = _exact_events(record.get("events", []))
        found = _exact_events_ours(analysis.events)
        if record.get("expected_error"):
            ok = not found
        else:
            ok = expected == found
        correct += ok
        tally = by_category.setdefault(str(record.get("category", "")), [0, 0])
        tally[0] += ok
        tally[1] += 1
    total = len(records)
    return {"records": total, "coded_as_expected": correct,
            "share": round(correct / total, 3) if total else 0.0,
            "by_category": {name: {"correct": c, "records": n} for name, (c, n) in
                            sorted(by_category.items())}}


def _exact_events(events: Iterable[dict[str, str]]) -> Counter[Triple]:
    return Counter((str(e.get("source") or UNKNOWN), str(e.get("target") or UNKNOWN),
                    str(e.get("code") or "")) for e in events)


def _exact_events_ours(events: Iterable[dict[str, Any]]) -> Counter[Triple]:
    triples: Counter[Triple] = Counter()
    for event in events:
        source = (event.get("source") or {}).get("code") or UNKNOWN
        target = (event.get("target") or {}).get("code") or UNKNOWN
        triples[(source, target, str(event.get("cameo")))] += 1
        if event.get("mutual"):
            triples[(target, source, str(event.get("cameo")))] += 1
    return triples


# --- NGEC actor resolution ---------------------------------------------------------------------


def evaluate_actors(data: Path, settings: Settings, *, limit: int | None = None,
                    dictionaries: Sequence[Path] = ()) -> dict[str, Any]:
    """Country and sector accuracy of actor resolution on NGEC's ``agent_to_code`` cases, with
    users' PETRARCH ``dictionaries`` loaded if given.

    Each case is ``agent_to_code(actor_text, context, date)``; as in NGEC, a context ("German",
    "Somalia") gives the country when the actor text names none. Countries are scored both in
    NGEC's convention (UN bodies UNO, EU bodies EUR) and with every international body as IGO.
    """
    cases = [c for c in read_jsonl(data / NGEC) if c.get("function") == "agent_to_code"][:limit]
    pipeline = event_pipeline(settings, dataclasses.replace(
        settings.events, petrarch_files=tuple(str(path) for path in dictionaries),
        petrarch_strict=False))
    pipeline.setup()
    stage = next(s for s in pipeline.stages if isinstance(s, EventStage))
    before = [s for s in pipeline.stages if s is not stage]
    texts = [str((case.get("args") or [""])[0]) for case in cases]
    contexts = [str(args[1]) if len(args) > 1 and args[1] else "" for args in
                (case.get("args") or [""] for case in cases)]
    resolved: list[tuple[str | None, str | None, str | None]] = []
    context_countries: dict[str, str | None] = {}
    unique_contexts = sorted({text for text in contexts if text})
    for offset in range(0, max(len(texts), len(unique_contexts)), 64):
        articles = [Article(id=f"ngec-{offset + n}", text=text or " ")
                    for n, text in enumerate(texts[offset:offset + 64])]
        articles += [Article(id=f"ngec-context-{offset + n}", text=text)
                     for n, text in enumerate(unique_contexts[offset:offset + 64])]
        if not articles:
            continue
        parses = pipeline.backbone.parse(articles)
        drafts = [Draft(article=a, analysis=Analysis(article=a, sentences=list(p.sentences)), parse=p)
                  for a, p in zip(articles, parses)]
        for earlier in before:
            drafts = earlier(drafts)
        for draft in drafts:
            actors = stage.actors(draft)
            if draft.article.id.startswith("ngec-context-"):
                context_countries[draft.article.text] = resolve_actor(actors)[0]
            else:
                resolved.append(resolve_actor(actors) + (ngec_country(actors),))
    country_hits = igo_hits = country_total = sector_hits = sector_total = 0
    misses: list[dict[str, Any]] = []
    for case, context, (found_country, found_sector, ngec) in zip(cases, contexts, resolved):
        expect = case.get("expect") or {}
        from_context = context_countries.get(context) if context else None
        if found_country is None and from_context:
            found_country = ngec = from_context
        miss: dict[str, Any] = {}
        if "country" in expect:
            country_total += 1
            hit = (ngec or "") == (expect["country"] or "")
            country_hits += hit
            igo_hits += (found_country or "") == (expect["country"] or "")
            if not hit:
                miss["country"] = [ngec, expect["country"]]
        if "code_1" in expect:
            sector_total += 1
            hit = (found_sector or "") == (expect["code_1"] or "")
            sector_hits += hit
            if not hit:
                miss["sector"] = [found_sector, expect["code_1"]]
        if miss:
            misses.append({"text": (case.get("args") or [""])[0], **miss})
    return {"cases": len(cases), "dictionaries": [path.name for path in dictionaries],
            "country_accuracy": round(country_hits / country_total, 3) if country_total else 0.0,
            "country_accuracy_igo": round(igo_hits / country_total, 3) if country_total else 0.0,
            "country_cases": country_total,
            "sector_accuracy": round(sector_hits / sector_total, 3) if sector_total else 0.0,
            "sector_cases": sector_total, "misses": misses}


def ngec_country(actors: Sequence[Actor]) -> str | None:
    """The country of the actor a short text names, in NGEC's convention: as ``resolve_actor``,
    but UNO for United Nations bodies and EUR for European Union ones."""
    found = resolve_actor(actors)[0]
    if found != "IGO":
        return found
    code = next((actor.code or "" for actor in actors if (actor.code or "")[:3] == "IGO"), "")
    return next((country for prefix, country in NGEC_BODIES if code.startswith(prefix)), found)


def resolve_actor(actors: Sequence[Actor]) -> tuple[str | None, str | None]:
    """The (country, first sector) of the actor a short text names. The country is the first
    one named ("Chile's Defense Department", "Minsk police"); the sector comes from the widest
    actor that has one, else from the last ("police" in "Minsk police station")."""
    def split(actor: Actor) -> tuple[str | None, str | None]:
        code = actor.code or ""
        if code[:3] in _NOT_COUNTRIES:
            return code[:3], code[3:6] or None
        if actor.country is None:
            return None, code[:3] or None
        if code.startswith(actor.country) and len(code) > 3:
            return actor.country, code[3:6]
        return actor.country, (actor.sector or "")[:3] or None

    parts = [split(actor) for actor in actors]
    country = next((found for found, _ in parts if found), None)
    widest = max(range(len(actors)), key=lambda n: (actors[n].end - actors[n].start,
                                                     parts[n][1] is not None), default=None)
    sector = parts[widest][1] if widest is not None else None
    if sector is None:
        sector = next((found for _, found in reversed(parts) if found), None)
    return country, sector


def phoenix_dictionaries(data: Path, *, verbs: bool = False) -> list[Path]:
    """The operational Phoenix actor and agent dictionaries (and verbs) in the data folder."""
    folder = data / PHOENIX
    names = list(PHOENIX_FILES) + (["CAMEO.2.0.txt"] if verbs else [])
    return [folder / name for name in names if (folder / name).is_file()]


# --- report ------------------------------------------------------------------------------------


def format_results(results: dict[str, Any]) -> str:
    """The measurements as a plain-text report."""
    lines: list[str] = []
    for key, label in (("gsr", "built-in lexicon and knowledge"),
                       ("gsr_default", "built-in lexicon and knowledge"),
                       ("gsr_phoenix", "+ Phoenix actor and agent dictionaries")):
        gsr = results.get(key)
        if not gsr:
            continue
        lines.append(f"GSR (petr2_gsr_validation, {gsr['records']} records; peer subset "
                     f"{gsr['peer_subset']} records with PTB parses), newsgraph with {label}, "
                     f"events.require = {gsr.get('require', PETRARCH_REQUIRE)}:")
        for level, scores in gsr["systems"].items():
            lines.append(f"  (source country, target country, {level}):")
            for name, score in scores.items():
                lines.append(f"    {name:<28} P {score['precision']:.3f}  R {score['recall']:.3f}  "
                             f"F1 {score['f1']:.3f}  ({score['correct']}/{score['gold']} gold, "
                             f"{score['predicted']} predicted)")
    for key, label in (("fresh", "Fresh set (development: used to choose settings)"),
                       ("fresh2", "Second fresh set (development since its first held-out score)"),
                       ("fresh3", "Third fresh set (development since its first held-out score)"),
                       ("fresh4", "Fourth fresh set (frozen, held out)")):
        fresh = results.get(key)
        if not fresh:
            continue
        kind, dyad = fresh["type"], fresh["dyad_type"]
        lines.append(f"{label} ({fresh['sentences']} sentences, {fresh['file']}), events.detector = "
                     f"{fresh['detector']}: PLOVER type P {kind['precision']:.3f}  R {kind['recall']:.3f}  "
                     f"F1 {kind['f1']:.3f}; (source, target, type) F1 {dyad['f1']:.3f}; no event on "
                     f"{fresh['no_event_share']:.3f} of eventful sentences, an event on "
                     f"{fresh['false_event_share']:.3f} of event-free ones")
    ud = results.get("ud")
    if ud:
        lines.append(f"UD-PETRARCH validation 2.02 (toy dictionaries): {ud['coded_as_expected']}/"
                     f"{ud['records']} records coded as expected ({ud['share']:.3f})")
    for key, label in (("ngec", "built-in knowledge"), ("ngec_phoenix", "+ Phoenix dictionaries")):
        ngec = results.get(key)
        if ngec:
            lines.append(f"NGEC actor resolution ({ngec['cases']} agent_to_code cases, {label}): "
                         f"country accuracy {ngec['country_accuracy']:.3f} of {ngec['country_cases']} "
                         f"({ngec['country_accuracy_igo']:.3f} with every international body as IGO), "
                         f"sector accuracy {ngec['sector_accuracy']:.3f} of {ngec['sector_cases']}")
    return "\n".join(lines)


__all__ = ["evaluate_actors", "evaluate_events", "evaluate_gsr", "evaluate_ud", "format_results",
           "gold_triples", "ngec_country", "predicted_triples", "prf", "resolve_actor"]
