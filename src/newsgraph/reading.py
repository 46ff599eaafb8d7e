"""Read articles from files, folders and stdin into normalised Article records."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO, TextIO

import trafilatura
from langid.langid import LanguageIdentifier
from langid.langid import model as langid_model

from newsgraph.errors import ConfigError, InputError, Messages
from newsgraph.normalisation import (CLOSING, LIST_ITEM, SENTENCE_END, SENTENCE_MARK,
                                     clean_characters, clean_line, normalise, surely_continues)
from newsgraph.normalisation import NormalisedText as NormalisedText  # re-exported
from newsgraph.schema import Article, Skip
from newsgraph.settings import ReadingSettings

STDIN = "-"
STDIN_ORIGIN = "<stdin>"

INPUT_FORMATS = ("text", "txt", "markdown", "html", "jsonl", "json", "csv")
FORMAT_BY_SUFFIX = MappingProxyType({
    ".txt": "text", ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv",
})
"""The documented suffixes: a folder yields only files with one of these (README, Inputs)."""
_RECORD_FORMATS = frozenset({"jsonl", "csv"})

_SNIFF_BYTES = 8192
_CONTROL_SHARE = 0.10
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\v\x1b")
_UTF8_BOM = codecs.BOM_UTF8
_WIDE_CODECS = ("utf-16", "utf-32")

_LANGUAGE_SAMPLE = 3000
_ENGLISH_SHARE = 0.15
_TYPICAL_ENGLISH_SHARE = 0.30
_STRONG_ENGLISH = frozenset(
    "the of and to that for with this from by at it its he she they his her their has have had "
    "were are been be would said says which who not but after about than there when what you "
    "our as".split())
# Words that are common in English but also in German, French, Spanish or Dutch count half.
_WEAK_ENGLISH = frozenset("a an in on is was or we will so".split())

_WORD = re.compile(r"[^\W\d_]+")


_PROSE_MINIMUM_CHARS = 2000
_PROSE_CHARS_PER_SENTENCE = 1000
_SENTENCE_END_MARK = re.compile("[.!?][\"'”’)\\]]*(?:\\s|$)")

_TITLE_WORDS = 20
_TITLE_CHARS = 150
_TITLE_BAD_END = ".,;:"
_REPEAT_MINIMUM_CHARS = 20
HTML_FALLBACK_NOTE = "(newsgraph: trafilatura found no main text; the text was taken with plain lxml)"
"""The line ``article.boilerplate`` carries when an HTML page was read by the fallback."""
_HTML_SKIPPED_TAGS = ("script", "style", "noscript", "template", "head", "nav", "footer", "aside",
                      "form", "button", "svg", "iframe", "select")
_HTML_BLOCK_TAGS = frozenset(
    "address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 header hr li "
    "main ol p pre section table tbody td tfoot th thead tr ul".split())

_METADATA_LINE = re.compile(r"^(published|date|source|url|author)\s*:\s*(\S.*)$", re.IGNORECASE)
_BYLINE = re.compile(r"^by\s+(\S.*)$", re.IGNORECASE)
_NAME_JOINERS = frozenset("and & de da del della der di du la le van von bin al".split())
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+",
                      re.IGNORECASE)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_MONTHS = MappingProxyType({
    name: number
    for number, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec")), start=1)
    for name in names
})


# --- public API ------------------------------------------------------------------------------


def read_inputs(paths: Sequence[str], settings: ReadingSettings, *, stdin: TextIO | None = None,
                input_format: str | None = None) -> Iterator[Article | Skip]:
    """Read files, folders (recursively) and ``-`` for stdin; bad inputs come out as Skips.

    ``input_format`` (one of INPUT_FORMATS) overrides the type that suffixes and content suggest;
    with it, every file in a folder is read, not only those with a known suffix. Single-article
    inputs are bounded by ``settings.max_bytes``; JSONL and CSV files by record, so that a
    large corpus file can be read.
    """
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise InputError(Messages.UNKNOWN_INPUT_FORMAT, format=input_format,
                         choices=", ".join(INPUT_FORMATS))
    codec = _codec(settings.encoding)
    if input_format == "txt":
        input_format = "text"
    return _read_all(paths, settings, codec, stdin, input_format)


def folder_inputs(folder: Path, *, every_file: bool = False) -> list[Path]:
    """The files a folder yields, in order: those with a documented suffix (any file with
    ``every_file``), at any depth, leaving out hidden files and folders."""
    return sorted(
        path for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and (every_file or path.suffix.lower() in FORMAT_BY_SUFFIX))


def read_text(raw: str, *, origin: str, title: str | None = None, published: str | None = None,
              source: str | None = None, url: str | None = None, author: str | None = None,
              settings: ReadingSettings, notes: Sequence[str] = ()) -> Article | Skip:
    """Normalise one article's body text, check its length, prose and language, and build the
    Article; ``notes`` go first in its boilerplate (lines the reader left out, or how it read)."""
    normalised = normalise(raw)
    text = normalised.text
    if not text:
        return Skip(origin, Messages.EMPTY.format(origin=origin))
    if len(text) < settings.min_chars:
        return Skip(origin, Messages.TOO_SHORT.format(origin=origin, chars=len(text),
                                                      minimum=settings.min_chars), readable=True)
    ends = len(_SENTENCE_END_MARK.findall(text))
    if len(text) >= _PROSE_MINIMUM_CHARS and ends * _PROSE_CHARS_PER_SENTENCE < len(text):
        return Skip(origin, Messages.NOT_PROSE.format(origin=origin, chars=len(text), ends=ends),
                    readable=True)
    language, _ = detect_language(text)
    if language != "en":
        return Skip(origin, Messages.NOT_ENGLISH.format(origin=origin, language=language),
                    language=language)
    return Article(
        id=_digest(text), text=text, title=_clean_value(title), language="en",
        published=normalise_date(published), source=_clean_value(source), url=_clean_value(url),
        author=_clean_value(author), origin=origin, headings=normalised.headings,
        boilerplate=[*notes, *normalised.boilerplate])


def article_id(text: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the normalised text."""
    return _digest(normalise(text).text)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and a confidence between 0 and 1."""
    sample = text[:_LANGUAGE_SAMPLE]
    language, probability = _language_identifier().classify(sample)
    if language != "en":
        # langid mistakes short English texts dense with foreign names for other languages;
        # a high share of English function words overrules it.
        share = _english_share(sample)
        if share >= _ENGLISH_SHARE:
            return "en", min(1.0, share / _TYPICAL_ENGLISH_SHARE)
    return str(language), float(probability)


def normalise_date(value: str | None) -> str | None:
    """A date as ISO ``YYYY-MM-DD``, or None when it cannot be read."""
    if not value:
        return None
    text = _ORDINAL.sub("", _WEEKDAY.sub("", " ".join(value.split())))
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_MONTH_YEAR.match(text):
        day, month, year = int(match[1]), _MONTHS.get(match[2].lower(), 0), int(match[3])
    elif match := _MONTH_DAY_YEAR.match(text):
        month, day, year = _MONTHS.get(match[1].lower(), 0), int(match[2]), int(match[3])
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- inputs ----------------------------------------------------------------------------------


def _read_all(paths: Sequence[str], settings: ReadingSettings, codec: str, stdin: TextIO | None,
              input_format: str | None) -> Iterator[Article | Skip]:
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, settings, codec,
                                   input_format)
        else:
            yield from _read_path(path, settings, codec, input_format)


def _read_path(name: str, settings: ReadingSettings, codec: str,
               input_format: str | None) -> Iterator[Article | Skip]:
    path = Path(name)
    if path.is_dir():
        for file in folder_inputs(path, every_file=input_format is not None):
            file_format = input_format or FORMAT_BY_SUFFIX[file.suffix.lower()]
            yield from _read_file(file, file_format, settings, codec)
    elif path.exists():
        named_format = input_format or FORMAT_BY_SUFFIX.get(path.suffix.lower())
        if named_format is None:
            yield Skip(name, Messages.UNKNOWN_FORMAT.format(origin=name, suffix=path.suffix))
        else:
            yield from _read_file(path, named_format, settings, codec)
    else:
        yield Skip(name, Messages.NOT_FOUND.format(path=name))


def _read_file(path: Path, file_format: str, settings: ReadingSettings,
               codec: str) -> Iterator[Article | Skip]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if file_format in _RECORD_FORMATS:
            with path.open("rb") as stream:
                yield from _read_records(stream, origin, file_format, size, settings, codec)
            return
        if size > settings.max_bytes:
            yield Skip(origin, Messages.TOO_LARGE.format(origin=origin, size=size,
                                                         limit=settings.max_bytes))
            return
        data = path.read_bytes()
    except OSError as error:
        yield Skip(origin, Messages.UNREADABLE.format(origin=origin, detail=error.strerror or error))
        return
    yield from _read_document(data, origin, file_format, settings, codec)


def _read_stdin(stream: TextIO, settings: ReadingSettings, codec: str,
                input_format: str | None) -> Iterator[Article | Skip]:
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    if buffer is not None:
        data = buffer.read(settings.max_bytes + 1)
        size = len(data)
        if size > settings.max_bytes:
            while chunk := buffer.read(1 << 20):
                size += len(chunk)
    else:
        # A text stream that is not backed by bytes (a StringIO, say) is already decoded.
        data = stream.read().encode("utf-8", "surrogatepass")
        size = len(data)
        codec = "utf-8"
    if size > settings.max_bytes:
        yield Skip(STDIN_ORIGIN, Messages.TOO_LARGE.format(origin=STDIN_ORIGIN, size=size,
                                                           limit=settings.max_bytes))
        return
    if input_format is None:
        input_format = _sniff_format(data, settings)
    if input_format in _RECORD_FORMATS:
        yield from _read_records(io.BytesIO(data), STDIN_ORIGIN, input_format, size, settings, codec)
    else:
        yield from _read_document(data, STDIN_ORIGIN, input_format, settings, codec)


def _sniff_format(data: bytes, settings: ReadingSettings) -> str:
    """What stdin holds: HTML if it opens with ``<``, JSON lines if its first line is a JSON
    object, CSV if its first line is a header naming the text field, else plain text."""
    start = data.lstrip(b" \t\r\n" + _UTF8_BOM)
    if start.startswith(b"<"):
        return "html"
    first_line = start.split(b"\n", 1)[0].strip()
    if first_line.startswith(b"{"):
        try:
            return "jsonl" if isinstance(json.loads(first_line), dict) else "text"
        except (ValueError, RecursionError):
            return "text"
    try:
        header = next(csv.reader([first_line.decode("utf-8", "replace")]), [])
    except csv.Error:
        return "text"
    names = [name.strip() for name in header]
    return "csv" if len(names) > 1 and settings.text_field in names else "text"


def _read_document(data: bytes, origin: str, file_format: str, settings: ReadingSettings,
                   codec: str) -> Iterator[Article | Skip]:
    raw = _decode(data, origin, codec)
    if isinstance(raw, Skip):
        yield raw
    elif file_format == "html":
        yield _read_html(raw, origin, settings)
    elif file_format == "json":
        yield from _read_json_document(raw, data, origin, settings, codec)
    else:
        yield _read_plain_text(raw, origin, settings, markdown=file_format == "markdown")


def _read_records(stream: BinaryIO, origin: str, file_format: str, size: int,
                  settings: ReadingSettings, codec: str) -> Iterator[Article | Skip]:
    sample = stream.read(_SNIFF_BYTES)
    if not sample.strip() and size <= _SNIFF_BYTES:
        yield Skip(origin, Messages.EMPTY.format(origin=origin))
        return
    if _looks_binary(sample, codec):
        yield Skip(origin, Messages.BINARY.format(origin=origin))
        return
    stream.seek(0)
    if file_format == "csv":
        yield from _read_csv(stream, origin, settings, codec)
    else:
        yield from _read_json_lines(stream, origin, settings, codec)


# --- formats ---------------------------------------------------------------------------------


def _read_plain_text(raw: str, origin: str, settings: ReadingSettings, *,
                     markdown: bool = False) -> Article | Skip:
    lines = clean_characters(raw).split("\n")
    if markdown:
        lines = [_MARKDOWN_HEADING.sub("", line) for line in lines]
    cleaned = [clean_line(line) for line in lines]
    first = next((index for index, line in enumerate(cleaned) if line), None)
    if first is None:
        return Skip(origin, Messages.EMPTY.format(origin=origin))
    title: str | None = cleaned[first] if _is_title_line(cleaned, first) else None
    metadata: dict[str, str] = {}
    body_start = first + 1 if title is not None else first
    for index in range(body_start, len(cleaned)):
        line = cleaned[index]
        if not line:
            continue
        if match := _METADATA_LINE.match(line):
            key = "published" if match[1].lower() == "date" else match[1].lower()
            metadata.setdefault(key, match[2])
        elif (byline := _BYLINE.match(line)) and (name := _byline_name(byline[1])):
            metadata.setdefault("author", name)
        else:
            break
        body_start = index + 1
    body = "\n".join(lines[body_start:])
    return read_text(body, origin=origin, title=title, published=metadata.get("published"),
                     source=metadata.get("source"), url=metadata.get("url"),
                     author=metadata.get("author"), settings=settings)


def _is_title_line(cleaned: list[str], index: int) -> bool:
    """Whether the first line of a plain text is its title: short, with no final period or
    comma, not a metadata line, and followed by a blank line or by a line that does not
    continue it (and by some body at all)."""
    line = cleaned[index]
    stripped = line.rstrip(CLOSING)
    if (not stripped or stripped[-1] in _TITLE_BAD_END or len(line) > _TITLE_CHARS
            or len(line.split()) > _TITLE_WORDS or _METADATA_LINE.match(line)
            or LIST_ITEM.match(line)):
        return False
    following = next((position for position in range(index + 1, len(cleaned))
                      if cleaned[position]), None)
    if following is None:
        return False  # a one-line text is a body without a title, not a title without a body
    return following > index + 1 or not surely_continues(line, cleaned[following])


def _read_html(raw: str, origin: str, settings: ReadingSettings) -> Article | Skip:
    try:
        document = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                               include_tables=False)
    except Exception:  # lxml and trafilatura fail in many ways on broken markup; go on reading
        document = None
    text = getattr(document, "text", None)
    notes: list[str] = []
    if not isinstance(text, str) or not text.strip():
        text = _plain_html_text(raw)
        if not text.strip():
            return Skip(origin, Messages.MALFORMED_HTML.format(origin=origin))
        notes.append(HTML_FALLBACK_NOTE)
    title = _string_or_none(getattr(document, "title", None))
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and title and clean_line(lines[0]).casefold() == clean_line(title).casefold():
        lines = lines[1:]
    lines, repeated = _without_repeats(lines)
    return read_text(
        "\n\n".join(lines), origin=origin, title=title, notes=[*notes, *repeated],
        published=_string_or_none(getattr(document, "date", None)),
        source=_string_or_none(getattr(document, "sitename", None))
        or _string_or_none(getattr(document, "hostname", None)),
        url=_string_or_none(getattr(document, "url", None)),
        author=_string_or_none(getattr(document, "author", None)), settings=settings)


def _plain_html_text(raw: str) -> str:
    """The visible text of a page by plain lxml, one line per block, for pages trafilatura
    cannot read (very deep nesting, say); scripts, styles, navigation and footers left out."""
    import lxml.etree
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
        root = lxml.html.document_fromstring(raw.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return ""
    for element in list(root.iter(*_HTML_SKIPPED_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _HTML_BLOCK_TAGS:
                parts.append("\n")
            parts.append(element.text or "")
        else:
            if tag in _HTML_BLOCK_TAGS:
                parts.append("\n")
            if element is not root:
                parts.append(element.tail or "")
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n"))


def _without_repeats(lines: list[str]) -> tuple[list[str], list[str]]:
    """Paragraphs with exact repeats of an earlier one (which broken markup creates) left out,
    and the repeats; short lines such as separators may repeat."""
    seen: set[str] = set()
    kept: list[str] = []
    repeated: list[str] = []
    for line in lines:
        key = clean_line(line)
        if len(key) >= _REPEAT_MINIMUM_CHARS and key in seen:
            repeated.append(key)
            continue
        seen.add(key)
        kept.append(_without_repeated_sentences(line, repeated))
    return kept, repeated


def _without_repeated_sentences(line: str, repeated: list[str]) -> str:
    """The line with a sentence that follows itself word for word kept once."""
    sentences = SENTENCE_MARK.split(line)
    kept = sentences[:1]
    for sentence in sentences[1:]:
        stripped = sentence.strip()
        if len(stripped) >= _REPEAT_MINIMUM_CHARS and stripped == kept[-1].strip():
            repeated.append(stripped)
            continue
        kept.append(sentence)
    return "".join(kept)


def _read_json_document(raw: str, data: bytes, origin: str, settings: ReadingSettings,
                        codec: str) -> Iterator[Article | Skip]:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        # Not one JSON document: a .json file holding one record a line.
        yield from _read_json_lines(io.BytesIO(data), origin, settings, codec)
        return
    if isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield _read_record(item, origin, number, f"{origin}:{number}", settings)
    else:
        yield _read_record(value, origin, 1, origin, settings)


def _read_json_lines(stream: BinaryIO, origin: str, settings: ReadingSettings,
                     codec: str) -> Iterator[Article | Skip]:
    for number, line, size, offset in _numbered_lines(stream, settings.max_bytes):
        record_origin = f"{origin}:{number}"
        if size > settings.max_bytes:
            yield Skip(record_origin, Messages.TOO_LARGE.format(
                origin=record_origin, size=size, limit=settings.max_bytes))
            continue
        bom = _bom_length(line, codec) if number == 1 else 0
        try:
            text = line[bom:].decode(codec)
        except UnicodeDecodeError as error:
            yield Skip(record_origin, Messages.BAD_ENCODING.format(
                origin=record_origin, position=offset + bom + error.start))
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as error:
            yield Skip(record_origin, Messages.MALFORMED_JSON.format(
                origin=origin, line=number, detail=_json_problem(error)))
            continue
        yield _read_record(value, origin, number, record_origin, settings)


def _json_problem(error: ValueError | RecursionError) -> str:
    # Besides JSONDecodeError, json raises ValueError for integers too long to convert.
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


def _read_csv(stream: BinaryIO, origin: str, settings: ReadingSettings,
              codec: str) -> Iterator[Article | Skip]:
    bad_byte = _first_undecodable_byte(stream, codec)
    if bad_byte is not None:
        yield Skip(origin, Messages.BAD_ENCODING.format(origin=origin, position=bad_byte))
        return
    stream.seek(0)
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig" if codec == "utf-8" else codec,
                                   newline="")
    # The csv module's field limit is process-wide: raise it only while this file is read.
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, settings.max_bytes))
    try:
        reader = csv.DictReader(text_stream)
        try:
            fieldnames = reader.fieldnames
        except csv.Error as error:
            yield Skip(origin, Messages.MALFORMED_CSV.format(origin=origin, line=1, detail=error))
            return
        if fieldnames is None:
            return
        if settings.text_field not in fieldnames:
            yield Skip(origin, Messages.MISSING_FIELD.format(
                origin=origin, line=1, field=settings.text_field, role="text"))
            return
        last_line = reader.line_num
        while True:
            number = last_line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield Skip(f"{origin}:{number}", Messages.MALFORMED_CSV.format(
                    origin=origin, line=number, detail=error))
                last_line = max(reader.line_num, number)
                continue
            last_line = reader.line_num
            yield _read_record(row, origin, number, f"{origin}:{number}", settings)
    finally:
        csv.field_size_limit(previous_limit)
        text_stream.detach()


def _read_record(record: Any, origin: str, number: int, record_origin: str,
                 settings: ReadingSettings) -> Article | Skip:
    if not isinstance(record, dict):
        return Skip(record_origin, Messages.NOT_A_RECORD.format(
            origin=origin, line=number, field=settings.text_field))
    text = record.get(settings.text_field)
    if not isinstance(text, str):
        return Skip(record_origin, Messages.MISSING_FIELD.format(
            origin=origin, line=number, field=settings.text_field, role="text"))
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.max_bytes:
        return Skip(record_origin, Messages.TOO_LARGE.format(
            origin=record_origin, size=size, limit=settings.max_bytes))
    return read_text(
        text, origin=record_origin, title=_field_value(record, settings.title_field),
        published=_field_value(record, settings.date_field),
        source=_field_value(record, settings.source_field),
        url=_field_value(record, settings.url_field), settings=settings)


# --- bytes -----------------------------------------------------------------------------------


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ConfigError(Messages.CONFIG_BAD_VALUE, key="reading.encoding",
                          detail=f"unknown encoding '{encoding}'") from None


def _decode(data: bytes, origin: str, codec: str) -> str | Skip:
    bom = _bom_length(data, codec)
    if not data[bom:].strip():
        return Skip(origin, Messages.EMPTY.format(origin=origin))
    if _looks_binary(data, codec):
        return Skip(origin, Messages.BINARY.format(origin=origin))
    try:
        text = data[bom:].decode(codec)
    except UnicodeDecodeError as error:
        return Skip(origin, Messages.BAD_ENCODING.format(origin=origin, position=bom + error.start))
    if not text.strip():
        return Skip(origin, Messages.EMPTY.format(origin=origin))
    return text


def _looks_binary(data: bytes, codec: str) -> bool:
    if codec.startswith(_WIDE_CODECS):
        return False
    if b"\x00" in data:
        return True
    sample = data[:_SNIFF_BYTES]
    controls = sum(1 for byte in sample
                   if (byte < 32 or byte == 127) and byte not in _TEXT_CONTROL_BYTES)
    return controls > _CONTROL_SHARE * len(sample)


def _bom_length(data: bytes, codec: str) -> int:
    return len(_UTF8_BOM) if codec == "utf-8" and data.startswith(_UTF8_BOM) else 0


def _first_undecodable_byte(stream: BinaryIO, codec: str) -> int | None:
    decoder = codecs.getincrementaldecoder(codec)()
    offset = 0
    first = True
    while True:
        chunk = stream.read(1 << 20)
        if first:
            skip = _bom_length(chunk, codec)
            chunk, offset, first = chunk[skip:], skip, False
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            return offset - pending + error.start
        if not chunk:
            return None
        offset += len(chunk)


def _numbered_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int, int]]:
    """Lines as (number, bytes, size, offset); a line over ``limit`` is counted but not kept."""
    number = offset = 0
    while line := stream.readline(limit + 1):
        number += 1
        size = len(line)
        if size > limit and not line.endswith(b"\n"):
            while chunk := stream.readline(1 << 20):
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            line = b""
        yield number, line, size, offset
        offset += size


# --- text ------------------------------------------------------------------------------------


def _byline_name(text: str) -> str | None:
    name = text.split(",", 1)[0].strip()
    words = name.split()
    if (not words or len(words) > 6 or name[-1] in SENTENCE_END
            or not all(word[0].isupper() or word.lower() in _NAME_JOINERS for word in words)):
        return None
    return name


def _english_share(text: str) -> float:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return 0.0
    strong = sum(word in _STRONG_ENGLISH for word in words)
    weak = sum(word in _WEAK_ENGLISH for word in words)
    return (strong + weak / 2) / len(words)


@cache
def _language_identifier() -> LanguageIdentifier:
    # Loading langid's model takes about a second: do it once, on first use.
    return LanguageIdentifier.from_modelstring(langid_model, norm_probs=True)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    return clean_line(clean_characters(value).replace("\n", " ")) or None


def _string_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _field_value(record: dict[Any, Any], name: str) -> str | None:
    value = record.get(name)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) and value.strip() else None
