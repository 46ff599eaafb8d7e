"""Readable renderings of an Analysis and of store summaries: plain text and Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsgraph.schema import Analysis, Entity

QUOTE_WIDTH = 160
TITLE_WIDTH = 200
NOT_COMPUTED = "not computed in the `fast` profile; use `--profile full`"
FRAMING_STAGE = "newsgraph.framing"
EVENTS_STAGE = "newsgraph.events"
QUOTES_STAGE = "newsgraph.quotes"
TOP_NARRATIVES = 3
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~&])")
LINE_BREAKS = re.compile(r"[\r\n\t\f\v\u0085\u2028\u2029]+")
# Control characters of article text (a terminal would obey ESC sequences); the reports' own
# line breaks are added after article text is cleaned, so every match here is the article's.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SECTIONS = (("person", "People"), ("organisation", "Organisations"), ("country", "Countries"),
            ("group", "Groups"), ("place", "Places"))


def render(analysis: Analysis, output_format: str = "text") -> str:
    """The analysis as ``text`` (for a terminal), ``markdown`` or ``json``."""
    if output_format == "json":
        return json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2)
    if output_format == "markdown":
        return _printable(_markdown(analysis))
    return _printable(_text(analysis))


def _printable(report: str) -> str:
    return CONTROLS.sub("\ufffd", report)


def _count(number: int, noun: str) -> str:
    if number == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def _describe(entity: Entity) -> str:
    details = [part for part in (entity.office, entity.country) if part]
    if entity.code and entity.code != entity.country:
        details.append(entity.code)
    if entity.geo is not None:
        details.append(f"{entity.geo.lat:.3f}, {entity.geo.lon:.3f}")
    details.append(_count(len(entity.mentions), "mention"))
    return f"{_shorten(entity.name)} ({'; '.join(details)})"


def _by_type(analysis: Analysis) -> Iterable[tuple[str, list[Entity]]]:
    for entity_type, heading in SECTIONS:
        members = [entity for entity in analysis.entities if entity.type == entity_type]
        if members:
            yield heading, sorted(members, key=lambda entity: -entity.salience)


def _text(analysis: Analysis) -> str:
    article = analysis.article
    title = _shorten(article.title or "(untitled)", TITLE_WIDTH)
    lines = [title, "=" * min(78, len(title))]
    meta = [f"id {article.id}"] + [_shorten(part, TITLE_WIDTH)
                                   for part in (article.published, article.source) if part]
    lines.append(" · ".join(meta))
    words = len(article.text.split())
    counts = [(words, "word"), (len(analysis.sentences), "sentence"),
              (len(article.headings), "heading"), (len(analysis.entities), "entity")]
    lines.append(", ".join(_count(number, noun) for number, noun in counts))
    if article.duplicate_of:
        lines.append(f"near-duplicate of {article.duplicate_of}")
    for heading, members in _by_type(analysis):
        lines.append("")
        lines.append(f"{heading}:")
        lines.extend(f"  - {_describe(entity)}" for entity in members)
    if analysis.events or _ran(analysis, EVENTS_STAGE):
        lines += ["", "Events:"]
        lines.extend(f"  - {_event(event)}" for event in analysis.events)
        lines.extend([] if analysis.events else ["  - none found"])
    if analysis.quotes or _ran(analysis, QUOTES_STAGE):
        lines += ["", "Quotes:"]
        lines.extend(f"  - {_quote(quote)}" for quote in analysis.quotes)
        lines.extend([] if analysis.quotes else ["  - none found"])
    for heading, items in framing_sections(analysis):
        lines += ["", f"{heading}:"]
        lines.extend(_text_line(item) for item in items)
    if article.boilerplate:
        lines.append("")
        lines.append(f"Dropped {len(article.boilerplate)} trailing boilerplate lines.")
    return "\n".join(lines)


def _actor(actor: Any) -> str:
    if not isinstance(actor, dict):
        return "?"
    name = _shorten(str(actor.get("name") or "?"))
    code = actor.get("code")
    return f"{name} [{code}]" if code else name


def _event(event: dict[str, Any]) -> str:
    arrow = "<->" if event.get("mutual") else "->"
    action = f"{event.get('cameo', '?')} {event.get('cameo_name', '')}".strip()
    text = f"{_actor(event.get('source'))} {arrow} {action}"
    if event.get("target"):
        text += f" {arrow} {_actor(event.get('target'))}"
    location = event.get("location")
    if isinstance(location, dict) and location.get("name"):
        text += f" · in {location['name']}"
    if event.get("date"):
        text += f" · {event['date']}"
    marks = [mark for mark in ("negated",) if event.get(mark)]
    if event.get("modality") and event.get("modality") != "factual":
        marks.append(str(event["modality"]))
    if marks:
        text += f" ({', '.join(marks)})"
    return text


def _quote(quote: dict[str, Any]) -> str:
    speaker = quote.get("speaker") or {}
    name = speaker.get("name") if isinstance(speaker, dict) else None
    cue = quote.get("cue") or {}
    content = _shorten(_quote_content(quote))
    return f"{name or 'unnamed source'} ({quote.get('kind', '?')}, {cue.get('text', '?')}): {content}"


def _markdown(analysis: Analysis) -> str:
    article = analysis.article
    lines = [f"# {_escape(_shorten(article.title or '(untitled)', TITLE_WIDTH))}", ""]
    meta = [f"`{article.id}`"] + [_escape(_shorten(part, TITLE_WIDTH))
                                  for part in (article.published, article.source) if part]
    lines.append(" · ".join(meta))
    for heading, members in _by_type(analysis):
        lines += ["", f"## {heading}", "", "| name | office | country | code | mentions |",
                  "|---|---|---|---|---|"]
        for entity in members:
            cells = [entity.name, entity.office or "", entity.country or "", entity.code or "",
                     str(len(entity.mentions))]
            lines.append(_row(cells))
    if analysis.events:
        lines += ["", "## Events", "", "| source | action | target | where | date | marks |",
                  "|---|---|---|---|---|---|"]
        lines.extend(_row(_event_cells(event)) for event in analysis.events)
    elif _ran(analysis, EVENTS_STAGE):
        lines += ["", "## Events", "", "- none found"]
    if analysis.quotes:
        lines += ["", "## Quotes", "", "| speaker | kind | cue | stance | words |",
                  "|---|---|---|---|---|"]
        lines.extend(_row(_quote_cells(quote)) for quote in analysis.quotes)
    elif _ran(analysis, QUOTES_STAGE):
        lines += ["", "## Quotes", "", "- none found"]
    for heading, items in framing_sections(analysis):
        lines += ["", f"## {heading}", ""]
        lines.extend(_markdown_line(item) for item in items)
    return "\n".join(lines) + "\n"


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_escape(_shorten(cell)) for cell in cells) + " |"


def _event_cells(event: dict[str, Any]) -> list[str]:
    location = event.get("location")
    where = str(location.get("name") or "") if isinstance(location, dict) else ""
    marks = ["negated"] if event.get("negated") else []
    if event.get("modality") and event.get("modality") != "factual":
        marks.append(str(event["modality"]))
    action = f"{event.get('cameo', '?')} {event.get('cameo_name', '')}".strip()
    target = _actor(event.get("target")) if event.get("target") else ""
    return [_actor(event.get("source")), action, target, where, str(event.get("date") or ""),
            ", ".join(marks)]


def _quote_cells(quote: dict[str, Any]) -> list[str]:
    speaker = quote.get("speaker") or {}
    name = speaker.get("name") if isinstance(speaker, dict) else None
    cue = quote.get("cue") or {}
    cue_text = cue.get("text", "?") if isinstance(cue, dict) else "?"
    return [str(name or "unnamed source"), str(quote.get("kind", "?")), str(cue_text),
            str(quote.get("stance") or ""), _shorten(_quote_content(quote))]


def _quote_content(quote: dict[str, Any]) -> str:
    return " … ".join(str(part.get("text", "")) for part in quote.get("content", [])
                      if isinstance(part, dict))


def _shorten(text: str, width: int = QUOTE_WIDTH) -> str:
    text = LINE_BREAKS.sub(" ", text).strip()
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _escape(text: str) -> str:
    # Article text is untrusted: keep it from forming Markdown or HTML structure.
    return MARKDOWN_SPECIAL.sub(r"\\\1", LINE_BREAKS.sub(" ", text))


# --- framing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a framing section: a label, then details (which may hold article text),
    nested ``depth`` levels; ``evidence`` lines quote the article, a ``note`` is our own words."""

    label: str
    details: str = ""
    depth: int = 0
    evidence: bool = False
    note: bool = False


def framing_ran(analysis: Analysis) -> bool:
    """Whether the framing stage ran over this analysis (its name is in the provenance)."""
    return _ran(analysis, FRAMING_STAGE)


def _ran(analysis: Analysis, stage: str) -> bool:
    return any(name.startswith(stage) for name in analysis.pipeline)


def framing_sections(analysis: Analysis) -> list[tuple[str, list[Line]]]:
    """Genre, tone, narratives, roles, techniques and frames as headed lists of lines; each says
    when it was not computed or came out empty."""
    ran = framing_ran(analysis)
    sections = [("Genre", _genre(analysis.genre)), ("Tone", _tone(analysis.tone)),
                ("Narratives", _narratives(analysis.narratives)), ("Roles", _roles(analysis.roles)),
                ("Techniques", _techniques(analysis.techniques, analysis.article.text)),
                ("Frames", _frames(analysis.frames))]
    empty = Line(NOT_COMPUTED if not ran else "none found", note=True)
    return [(heading, items or [empty]) for heading, items in sections]


def _score(item: dict[str, Any], key: str = "score") -> str:
    value = item.get(key, item.get("confidence"))
    return f"{float(value):.2f}" if isinstance(value, (int, float)) else "?"


def _evidence(item: dict[str, Any], depth: int, limit: int = 1) -> list[Line]:
    spans = [span for span in item.get("evidence") or [] if isinstance(span, dict)]
    return [Line("evidence", _shorten(str(span.get("text", ""))), depth, evidence=True)
            for span in spans[:limit]]


def _genre(genre: dict[str, Any] | None) -> list[Line]:
    if not genre:
        return []
    label = str(genre.get("label", "?"))
    best = str(genre.get("best") or label)
    others = sorted(((other, score) for other, score in (genre.get("scores") or {}).items()
                     if other != best and isinstance(score, (int, float))),
                    key=lambda pair: -pair[1])
    if label == "uncertain":  # the confidence is the best guess's, not one in being uncertain
        details = f"best guess {best} {_score(genre, 'confidence')}, too close to call"
    else:
        details = f"confidence {_score(genre, 'confidence')}"
    if others:
        details += "; " + ", ".join(f"{other} {score:.2f}" for other, score in others)
    confidence = genre.get("confidence")
    passed_over = [other for other, score in others if isinstance(confidence, (int, float))
                   and score > confidence]
    if passed_over:  # satire is said only on strong evidence (docs/models/framing.md)
        details += f" ({', '.join(passed_over)} scores higher but is said only on strong evidence)"
    return [Line(label, details), *_evidence(genre, 1)]


def _tone(tone: dict[str, Any] | None) -> list[Line]:
    if not tone:
        return []
    value = tone.get("value")
    shown = f"{float(value):+.2f}" if isinstance(value, (int, float)) else "?"
    lines = [Line(str(tone.get("label", "?")),
                  f"{shown}, confidence {_score(tone, 'confidence')}")]
    basis = tone.get("basis") or {}
    components = basis.get("components") if isinstance(basis, dict) else None
    if isinstance(components, dict):
        for name, part in components.items():
            if isinstance(part, dict):
                lines.append(Line(f"basis: {name.replace('_', ' ')}", _component(name, part), 1))
    elif isinstance(basis, dict) and basis.get("method"):
        lines.append(Line("basis", str(basis["method"]), 1))
    gdelt = tone.get("gdelt")
    if isinstance(gdelt, dict):
        lines.append(Line("GDELT tone", f"{gdelt.get('tone', '?')} (positive "
                          f"{gdelt.get('positive', '?')} % minus negative {gdelt.get('negative', '?')} "
                          f"% of {gdelt.get('words', '?')} words)", 1))
    return lines + _evidence(tone, 0, limit=2)  # the tone's, beside its basis


def _component(name: str, part: dict[str, Any]) -> str:
    count = int(part.get("count") or 0)
    if not count:
        return "no evidence, left out"
    noun = {"events": "event", "quotes": "quote", "lexical": "sentence"}.get(name)
    counted = _count(count, noun) if noun else f"{count} found"
    text = f"{float(part.get('value', 0.0)):+.2f} (weight {part.get('weight', '?')}, {counted}"
    if name == "events" and "mean_goldstein" in part:
        text += f", mean Goldstein {part['mean_goldstein']}"
    if name == "lexical" and part.get("library"):
        text += f", {part['library']}"
    stances = part.get("stances")
    if name == "quotes" and isinstance(stances, dict) and stances:
        text += ": " + ", ".join(f"{number} {stance}" for stance, number in stances.items())
    text += ")"
    if name == "failed_outcomes" and part.get("found"):
        text += ": " + "; ".join(str(found) for found in part["found"][:3])
    return text


def _narratives(narratives: list[dict[str, Any]]) -> list[Line]:
    """The best narratives of each taxonomy (the packaged one first): scores of different
    taxonomies and methods are not on one scale, so each gets its own top."""
    lines: list[Line] = []
    # a user's taxonomy's labels carry a method (zero-shot, trained); the packaged ones do not
    sources = list(dict.fromkeys((bool(item.get("method")), str(item.get("taxonomy") or ""))
                                 for item in narratives))
    for source in sorted(sources, key=lambda pair: pair[0]):
        lines.extend(_top_narratives([item for item in narratives if (
            bool(item.get("method")), str(item.get("taxonomy") or "")) == source]))
    return lines


def _top_narratives(narratives: list[dict[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    ranked = sorted(narratives, key=lambda item: -float(item.get("score") or 0.0))
    for narrative in ranked[:TOP_NARRATIVES]:
        source = ", ".join(str(narrative[key]) for key in ("taxonomy", "method")
                           if narrative.get(key)) if narrative.get("method") else ""
        lines.append(Line(str(narrative.get("label", "?")),
                          f"({_score(narrative)}{', ' + source if source else ''})"))
        lines.extend(_evidence(narrative, 1))
        subs = sorted(narrative.get("subnarratives") or [],
                      key=lambda item: -float(item.get("score") or 0.0))
        for sub in subs[:TOP_NARRATIVES]:
            lines.append(Line(str(sub.get("label", "?")), f"({_score(sub)})", 1))
            lines.extend(_evidence(sub, 2))
        if len(subs) > TOP_NARRATIVES:
            lines.append(Line(f"and {len(subs) - TOP_NARRATIVES} more", "(see --format json)", 1))
    if len(ranked) > TOP_NARRATIVES:
        lines.append(Line(f"and {len(ranked) - TOP_NARRATIVES} more", "(see --format json)"))
    return lines


def _roles(roles: list[dict[str, Any]]) -> list[Line]:
    lines = []
    for role in roles:
        fine = ", ".join(str(label) for label in role.get("fine_roles") or [])
        details = str(role.get("main_role", "?")) + (f" ({fine})" if fine else "")
        lines.append(Line(_shorten(str(role.get("name", "?"))),
                          f"{details}, confidence {_score(role, 'confidence')}"))
        basis = role.get("basis")
        if isinstance(basis, dict):
            lines.append(Line("basis", _deeds(basis), 1))
    return lines


def _deeds(basis: dict[str, Any]) -> str:
    parts = []
    for side, verb in (("as_source", "does"), ("as_target", "suffers")):
        part = basis.get(side) or {}
        if isinstance(part, dict) and part.get("events"):
            parts.append(f"{verb} {_count(int(part['events']), 'event')} (mean Goldstein "
                         f"{part.get('mean_goldstein', '?')}, {part.get('force', 0)} using force)")
    parts.append(f"quoted {basis.get('quotes_by', 0)}, quoted about {basis.get('quotes_about', 0)}")
    sentiment = basis.get("sentence_sentiment")
    if isinstance(sentiment, (int, float)):
        parts.append(f"sentences naming it {sentiment:+.2f}")
    return "; ".join(parts)


def _techniques(techniques: list[dict[str, Any]], text: str) -> list[Line]:
    lines = []
    # the JSON's "paragraph" is the line number in the text (SemEval-2023's convention), and
    # paragraphs are separated by a blank line: a reader counts the non-empty lines up to it
    filled = [bool(line.strip()) for line in text.split("\n")]
    for technique in techniques:
        number = technique.get("paragraph")
        where = ""
        if isinstance(number, int) and 0 < number <= len(filled):
            where = f", paragraph {sum(filled[:number])}"
        span = technique.get("span") or (technique.get("evidence") or [{}])[0]
        quoted = str(span.get("text", "")) if isinstance(span, dict) else ""
        lines.append(Line(str(technique.get("label", "?")), f"({_score(technique)}{where})"))
        if quoted:
            lines.append(Line("span", _shorten(quoted), 1, evidence=True))
    return lines


def _frames(frames: list[dict[str, Any]]) -> list[Line]:
    lines = []
    for frame in frames:
        lines.append(Line(str(frame.get("label", "?")), f"({_score(frame)})"))
        lines.extend(_evidence(frame, 1))
    return lines


def _text_line(line: Line) -> str:
    indent = "  " * (line.depth + 1)
    if line.evidence:
        return f'{indent}  {line.label}: "{line.details}"'
    return f"{indent}- {_joined(line.label, line.details)}"


def _markdown_line(line: Line) -> str:
    indent = "  " * line.depth
    if line.note:
        return f"{indent}- {line.label}"  # our own words, with their `code` marks
    if line.evidence:
        return f"{indent}  - {_escape(line.label)}: “{_escape(line.details)}”"
    return f"{indent}- " + _joined(f"**{_escape(line.label)}**", _escape(line.details))


def _joined(label: str, details: str) -> str:
    if not details:
        return label
    return f"{label} {details}" if details.startswith("(") else f"{label}: {details}"
