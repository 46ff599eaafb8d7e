"""Normalise article text: characters, hard-wrapped lines, headings, boilerplate, bounded runs.

Every offset newsgraph outputs refers to the text ``normalise`` returns; normalising it again
changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from newsgraph.schema import Span

_HEADING_WORDS = 12
_HEADING_CHARS = 90
_LINK_TITLE_WORDS = 15
_LINK_TITLE_CHARS = 120
_TRAILING_WORDS = 16
_WRAP_SLACK = 8
_SHORT_LINE = 0.6
_LINE_BREAK = re.compile("\r\n|[\r\v\f\u2028]")
_JOINERS = re.compile("[\u200c\u200d]")
_ZWJ = "\u200d"
_EMOJI_MODIFIERS = frozenset("\ufe0f\u20e3") | {chr(code) for code in range(0x1F3FB, 0x1F400)}
# Letters of the Latin, Greek and Cyrillic scripts never need a joiner between them.
_NO_JOINING_BELOW = 0x0590
_NO_JOINING_RANGES = ((0x1D00, 0x1FFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xFB00, 0xFB06))
_UNPUNCTUATED_LIMIT = 1000
_PIECE_CHARS = 300
SENTENCE_MARK = re.compile("(?<=[.!?;:])")
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_SPACE_RUN = re.compile(" {2,}")
LIST_ITEM = re.compile(r"^(?:[-*•·‣▪–—]|\d{1,3}[.)])\s+\S")
_BULLET = re.compile(r"^(?:[-*•·‣▪–—]|\d{1,3}[.)])\s+")
_LETTER_HYPHEN = re.compile(r"[^\W\d_]-$")
_OPENING = "\"'“‘([«"
CLOSING = "\"'”’)]»"
SENTENCE_END = ".!?:;"
_HEADING_END = ".!?:;,"
_MINOR_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or per the to up via vs with".split())
_READ_ALSO = re.compile(
    r"^(?:read\s+(?:also|more)|also\s+read|see\s+also|more\s+on\s+this\s+story"
    r"|related(?:\s+(?:stories|articles|coverage|content|links))?)"
    r"\s*(?:[:|\-–—]\s*(?P<rest>.*))?$", re.IGNORECASE)
_TRAILING_LINE = re.compile(
    r"^(?:share(?:\s+(?:this|the)\s+(?:article|story|page|post))?(?:\s+(?:on|via)\b.*)?"
    r"|subscribe\s+to\b.*|follow\s+us\b.*|sign\s+up\s+(?:for|to)\b.*|click\s+here\b.*"
    r"|(?:©|\(c\)|copyright\b).*|.*\ball\s+rights\s+reserved\b.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class NormalisedText:
    """Normalised article text, its in-body headings and the boilerplate lines dropped from it."""

    text: str
    headings: list[Span] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


def normalise(raw: str) -> NormalisedText:
    """Clean characters, reflow hard-wrapped lines into paragraphs and drop trailing boilerplate.

    Invisible format characters (bidi controls, zero-width ones) are removed, except joiners
    between letters of scripts that need them. A stretch of more than 1,000 characters without
    sentence punctuation is cut into paragraphs of at most 300, so that no sentence is unbounded.
    Paragraphs are joined with a blank line; normalising the result again changes nothing.
    """
    lines = [clean_line(line) for line in clean_characters(raw).split("\n")]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    paragraphs = [piece for paragraph in _reflow(blocks) for piece in _bounded(paragraph)]
    paragraphs, boilerplate = _drop_boilerplate(paragraphs)
    is_heading = [_is_heading(paragraph) for paragraph in paragraphs]
    body_follows = [False] * len(paragraphs)
    for index in range(len(paragraphs) - 2, -1, -1):
        body_follows[index] = body_follows[index + 1] or not is_heading[index + 1]
    headings = []
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        if is_heading[index] and body_follows[index]:
            headings.append(Span(offset, offset + len(paragraph), paragraph))
        offset += len(paragraph) + 2
    return NormalisedText("\n\n".join(paragraphs), headings, boilerplate)


def clean_characters(raw: str) -> str:
    """Line breaks unified, odd spaces made plain, controls and invisible format characters
    removed (the joiners a script needs kept), and the result composed (NFC)."""
    text = _LINE_BREAK.sub("\n", raw).replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", _ODD_SPACE.sub(" ", text))
    text = _format_characters().sub("", text)
    if "\u200c" in text or _ZWJ in text:
        text = _JOINERS.sub(_keep_needed_joiner, text)
    # Composing last: a removed character may have stood between a letter and its accent.
    return unicodedata.normalize("NFC", text)


@cache
def _format_characters() -> re.Pattern[str]:
    """Unicode's invisible format characters (category Cf) other than the two joiners."""
    codes = [code for code in range(0x110000)
             if unicodedata.category(chr(code)) == "Cf" and code not in (0x200C, 0x200D)]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges) + "]")


def _keep_needed_joiner(match: re.Match[str]) -> str:
    """A joiner stays between two letters of a script that shapes with it (Arabic, Indic ...),
    and a zero-width joiner inside an emoji sequence; anywhere else it goes."""
    text = match.string
    position = match.start()
    before = text[position - 1] if position else ""
    after = text[position + 1] if position + 1 < len(text) else ""
    if _joining_letter(before) and _joining_letter(after):
        return match.group()
    if match.group() == _ZWJ and _emoji_part(before) and _emoji_part(after):
        return match.group()
    return ""


def _joining_letter(character: str) -> bool:
    if not character or not unicodedata.category(character).startswith(("L", "M")):
        return False
    code = ord(character)
    return code >= _NO_JOINING_BELOW and not any(
        first <= code <= last for first, last in _NO_JOINING_RANGES)


def _emoji_part(character: str) -> bool:
    return bool(character) and (unicodedata.category(character) == "So"
                                or character in _EMOJI_MODIFIERS)


def _bounded(paragraph: str) -> list[str]:
    """The paragraph, with every stretch of over 1,000 characters without sentence punctuation
    cut into paragraphs of at most 300 characters at spaces (or anywhere, in a space-free run)."""
    if len(paragraph) <= _UNPUNCTUATED_LIMIT:
        return [paragraph]
    pieces: list[str] = []
    prose = ""
    for chunk in SENTENCE_MARK.split(paragraph):
        if len(chunk) <= _UNPUNCTUATED_LIMIT:
            prose += chunk
            continue
        if prose.strip():
            pieces.append(prose.strip())
        prose = ""
        pieces.extend(_cut(chunk))
    if prose.strip():
        pieces.append(prose.strip())
    return pieces


def _cut(run: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for word in run.split(" "):
        while len(word) > _PIECE_CHARS:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:_PIECE_CHARS])
            word = word[_PIECE_CHARS:]
        if current and len(current) + 1 + len(word) > _PIECE_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current} {word}" if current else word
    if current:
        pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def clean_line(line: str) -> str:
    """One line with runs of spaces made one and its ends stripped."""
    return _SPACE_RUN.sub(" ", line).strip()


def _reflow(blocks: list[list[str]]) -> list[str]:
    width = _wrap_width(blocks)
    paragraphs = []
    for block in blocks:
        current = block[0]
        for previous, line in zip(block, block[1:]):
            glue = _glue(previous, line, width)
            if glue is None:
                paragraphs.append(current)
                current = line
            else:
                current += glue + line
        paragraphs.append(current)
    return paragraphs


def _wrap_width(blocks: list[list[str]]) -> int | None:
    """The width a text was hard-wrapped at, judged from lines that surely continue."""
    return max((len(line) for block in blocks for line, following in zip(block, block[1:])
                if surely_continues(line, following)), default=None)


def surely_continues(line: str, following: str) -> bool:
    """Whether ``following`` surely continues the sentence of ``line`` (a hard wrap)."""
    if LIST_ITEM.match(following) or _ends_sentence(line):
        return False
    first = following.lstrip(_OPENING)
    return line.endswith(",") or (bool(first) and first[0].islower())


def _glue(previous: str, line: str, width: int | None) -> str | None:
    """How to join ``line`` to the line before it: "" or " ", or None to start a paragraph."""
    if LIST_ITEM.match(line):
        return None
    if surely_continues(previous, line):
        return "" if _LETTER_HYPHEN.search(previous) else " "
    if width is None or len(previous) > width + _WRAP_SLACK:
        return None
    if _stands_alone(previous) or _ends_sentence(previous):
        # The next line's first word would have fitted: the break was meant, not a wrap.
        fits = len(previous) + 1 + len(line.split(" ", 1)[0]) <= width
        return None if fits else " "
    # A line that stops mid-sentence well short of the width was broken on purpose.
    return None if len(previous) < width * _SHORT_LINE else " "


def _stands_alone(line: str) -> bool:
    return (_is_heading(line) or LIST_ITEM.match(line) is not None
            or _is_trailing_line(line) or _is_read_also(line))


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSING)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def _is_heading(paragraph: str) -> bool:
    stripped = paragraph.rstrip(CLOSING)
    words = paragraph.split()
    return (bool(stripped) and stripped[-1] not in _HEADING_END
            and len(words) <= _HEADING_WORDS and len(paragraph) <= _HEADING_CHARS
            and not LIST_ITEM.match(paragraph) and _title_or_capitals(words))


def _title_or_capitals(words: list[str]) -> bool:
    letters = [character for word in words for character in word if character.isalpha()]
    if not letters:
        return False
    if len(letters) > 1 and all(character.isupper() for character in letters):
        return True
    cased = [word.strip("\"'“”‘’([") for word in words]
    cased = [word for word in cased if word and word[0].isalpha()]
    return (bool(cased) and cased[0][0].isupper()
            and all(word[0].isupper() or word.lower() in _MINOR_WORDS for word in cased))


def _drop_boilerplate(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Drop trailing sharing and copyright lines and "Read more" blocks of link titles."""
    kept = list(range(len(paragraphs)))
    # Until nothing changes, so that normalising the result again drops nothing more.
    while True:
        texts = [paragraphs[index] for index in kept]
        cut = _trailing_cut(texts)
        if cut < len(texts):
            kept = kept[:cut]
            continue
        blocks = _read_also_blocks(texts)
        if not blocks:
            break
        for start, end in reversed(blocks):
            del kept[start:end]
    kept_set = set(kept)
    return ([paragraphs[index] for index in kept],
            [paragraph for index, paragraph in enumerate(paragraphs) if index not in kept_set])


def _trailing_cut(paragraphs: list[str]) -> int:
    end = len(paragraphs)
    while end:
        if _is_trailing_line(paragraphs[end - 1]):
            end -= 1
            continue
        start = end - 1
        while start >= 0 and not _is_read_also(paragraphs[start]) and _is_link_title(paragraphs[start]):
            start -= 1
        if start >= 0 and _is_read_also(paragraphs[start]):
            end = start
            continue
        break
    return end


def _read_also_blocks(paragraphs: list[str]) -> list[tuple[int, int]]:
    """Ranges of "Read also" paragraphs with their link titles, followed by more body text."""
    blocks = []
    start = 0
    while start < len(paragraphs):
        paragraph = paragraphs[start]
        end = start + 1
        if _is_read_also(paragraph):
            while (end < len(paragraphs) and not _is_read_also(paragraphs[end])
                   and _is_link_title(paragraphs[end])):
                end += 1
            if (end > start + 1 or _read_also_rest(paragraph)) and end < len(paragraphs):
                blocks.append((start, end))
            else:
                end = start + 1
        start = end
    return blocks


def _is_read_also(paragraph: str) -> bool:
    match = _READ_ALSO.match(paragraph)
    return match is not None and (not match["rest"] or _is_link_title(match["rest"]))


def _read_also_rest(paragraph: str) -> str:
    match = _READ_ALSO.match(paragraph)
    return (match["rest"] or "") if match else ""


def _is_link_title(paragraph: str) -> bool:
    title = _BULLET.sub("", paragraph).rstrip(CLOSING)
    return (bool(title) and title[-1] not in ".:;,"
            and len(title.split()) <= _LINK_TITLE_WORDS and len(title) <= _LINK_TITLE_CHARS)


def _is_trailing_line(paragraph: str) -> bool:
    return len(paragraph.split()) <= _TRAILING_WORDS and _TRAILING_LINE.match(paragraph) is not None
