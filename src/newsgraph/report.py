"""Readable renderings of an Analysis and of store summaries: plain text and Markdown."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from newsgraph.schema import Analysis, Entity

QUOTE_WIDTH = 160
SECTIONS = (("person", "People"), ("organisation", "Organisations"), ("country", "Countries"),
            ("group", "Groups"), ("place", "Places"))


def render(analysis: Analysis, output_format: str = "text") -> str:
    """The analysis as ``text`` (for a terminal), ``markdown`` or ``json``."""
    if output_format == "json":
        return json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2)
    if output_format == "markdown":
        return _markdown(analysis)
    return _text(analysis)


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
    return f"{entity.name} ({'; '.join(details)})"


def _by_type(analysis: Analysis) -> Iterable[tuple[str, list[Entity]]]:
    for entity_type, heading in SECTIONS:
        members = [entity for entity in analysis.entities if entity.type == entity_type]
        if members:
            yield heading, sorted(members, key=lambda entity: -entity.salience)


def _text(analysis: Analysis) -> str:
    article = analysis.article
    lines = [article.title or "(untitled)", "=" * min(78, len(article.title or "(untitled)"))]
    meta = [f"id {article.id}"] + [part for part in (article.published, article.source) if part]
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
    if analysis.events:
        lines += ["", "Events:"]
        lines.extend(f"  - {_event(event)}" for event in analysis.events)
    if analysis.quotes:
        lines += ["", "Quotes:"]
        lines.extend(f"  - {_quote(quote)}" for quote in analysis.quotes)
    for section in ("narratives", "techniques", "frames"):
        items = getattr(analysis, section)
        if items:
            lines.append("")
            lines.append(f"{section.capitalize()}: {len(items)}")
    if article.boilerplate:
        lines.append("")
        lines.append(f"Dropped {len(article.boilerplate)} trailing boilerplate lines.")
    return "\n".join(lines)


def _actor(actor: Any) -> str:
    if not isinstance(actor, dict):
        return "?"
    name = str(actor.get("name") or "?")
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
    content = " … ".join(part.get("text", "") for part in quote.get("content", []))
    if len(content) > QUOTE_WIDTH:
        content = content[:QUOTE_WIDTH - 1].rstrip() + "…"
    return f"{name or 'unnamed source'} ({quote.get('kind', '?')}, {cue.get('text', '?')}): {content}"


def _markdown(analysis: Analysis) -> str:
    article = analysis.article
    lines = [f"# {_escape(article.title or '(untitled)')}", ""]
    meta = [f"`{article.id}`"] + [_escape(part) for part in (article.published, article.source) if part]
    lines.append(" · ".join(meta))
    for heading, members in _by_type(analysis):
        lines += ["", f"## {heading}", "", "| name | office | country | code | mentions |",
                  "|---|---|---|---|---|"]
        for entity in members:
            cells = [entity.name, entity.office or "", entity.country or "", entity.code or "",
                     str(len(entity.mentions))]
            lines.append("| " + " | ".join(_escape(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    # Article text is untrusted: keep it from forming Markdown or HTML structure.
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")
