"""Readers for the SemEval framing data (2025 Task 10, 2023 Task 3) in their official formats."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.errors import InputError, Messages
from newsgraph.framing.taxonomies import Taxonomy


@dataclass
class Document:
    """One training article with whatever gold labels its task gives it."""

    id: str
    text: str
    narratives: list[str] = field(default_factory=list)
    subnarratives: list[str] = field(default_factory=list)
    genre: str | None = None
    frames: list[str] = field(default_factory=list)
    paragraphs: list[tuple[int, int, int]] = field(default_factory=list)  # (line no, start, end)
    paragraph_techniques: dict[int, list[str]] = field(default_factory=dict)
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (technique, start, end)


@dataclass(frozen=True)
class RoleMention:
    """A gold entity mention of subtask 1 (end exclusive here; the file's end is inclusive)."""

    article_id: str
    text: str
    start: int
    end: int
    main_role: str
    fine_roles: tuple[str, ...]


def input_articles(folder: Path) -> list[Path]:
    """The ``*.txt`` articles of a folder to predict; a missing folder, or one without any,
    raises InputError before a model is loaded or an output written."""
    if not folder.is_dir():
        raise InputError(Messages.FRAMING_INPUT_MISSING, path=folder, what="no such folder")
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise InputError(Messages.FRAMING_INPUT_MISSING, path=folder, what="no *.txt article here")
    return paths


def read_text_file(path: Path) -> str:
    """A UTF-8 text file as it is (no newline translation); a missing or undecodable one
    raises InputError naming it."""
    return _read(path)


def _read(path: Path) -> str:
    if not path.is_file():  # an annotation names an article the folder lacks
        raise InputError(Messages.FRAMING_DATA_MISSING, path=path, what="article file")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as error:
        raise InputError(Messages.FRAMING_DATA_ENCODING, path=path, position=error.start) from None


def _lines(path: Path, fields: int = 1, numbers: Sequence[int] = ()) -> list[list[str]]:
    """The tab-separated lines of an annotation file; a line with fewer than ``fields`` fields,
    or whose fields at ``numbers`` are not integers, raises InputError naming file and line."""
    if not path.is_file():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=path, what="annotation file")
    rows = []
    for number, line in enumerate(_read(path).splitlines(), 1):
        if not line.strip():
            continue
        row = line.rstrip("\r\n").split("\t")
        if len(row) < fields:
            raise InputError(Messages.FRAMING_LINE_BAD, path=path, line=number,
                             detail=f"expected at least {fields} fields, found {len(row)}")
        if not all(row[i].strip().lstrip("-").isdigit() for i in numbers if i < len(row)):
            raise InputError(Messages.FRAMING_LINE_BAD, path=path, line=number,
                             detail="an offset or number is not an integer")
        rows.append(row)
    return rows


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def narrative_documents(data: Path) -> list[Document]:
    """SemEval-2025 T10 English training articles with subtask-2 labels."""
    root = data / "semeval2025_t10" / "train" / "EN"
    folder = root / "raw-documents"
    if not folder.is_dir():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=folder, what="raw-documents folder")
    documents = []
    for row in _lines(root / "subtask-2-annotations.txt", fields=3):
        text = _read(folder / row[0])
        documents.append(Document(id=row[0], text=text, narratives=_unique(row[1].split(";")),
                                  subnarratives=_unique(row[2].split(";"))))
    return documents


def role_documents(data: Path) -> tuple[dict[str, str], list[RoleMention]]:
    """SemEval-2025 T10 subtask-1 training texts and mentions."""
    root = data / "semeval2025_t10" / "train" / "EN"
    mentions = []
    texts: dict[str, str] = {}
    for row in _lines(root / "subtask-1-annotations.txt", fields=5, numbers=(2, 3)):
        article_id, mention, start, end = row[0], row[1], int(row[2]), int(row[3]) + 1
        if article_id not in texts:
            texts[article_id] = _read(root / "raw-documents" / article_id)
        text = texts[article_id]
        if text[start:end] != mention:
            # A few source rows are off by a character or two: find the mention nearby.
            found = text.find(mention, max(0, start - 5))
            if found < 0 or abs(found - start) > 5:
                continue
            start, end = found, found + len(mention)
        mentions.append(RoleMention(article_id, mention, start, end, row[4],
                                    tuple(_unique(row[5:]))))
    return texts, mentions


def explanation_rows(data: Path) -> list[tuple[str, str, str, str]]:
    """Subtask-3 rows: article id, dominant narrative, dominant subnarrative, explanation."""
    root = data / "semeval2025_t10" / "train" / "EN"
    return [(row[0], row[1], row[2], row[3]) for row in _lines(root / "subtask-3-annotations.txt")
            if len(row) >= 4]


def genre_frame_documents(data: Path) -> list[Document]:
    """SemEval-2023 T3 English training articles with genre (subtask 1) and frames (subtask 2)."""
    root = data / "semeval2023_t3" / "en"
    genres = {row[0]: row[1] for row in _lines(root / "train-labels-subtask-1.txt", fields=2)}
    frames = {row[0]: _unique(row[1].split(",")) if len(row) > 1 else []
              for row in _lines(root / "train-labels-subtask-2.txt")}
    documents = []
    for article_id in sorted(genres):
        text = _read(root / "train-articles-subtask-1" / f"article{article_id}.txt")
        documents.append(Document(id=article_id, text=text, genre=genres[article_id],
                                  frames=frames.get(article_id, [])))
    return documents


def technique_documents(data: Path) -> list[Document]:
    """SemEval-2023 T3 English training articles with paragraph labels and spans (subtask 3)."""
    root = data / "semeval2023_t3" / "en"
    labels: dict[str, dict[int, list[str]]] = {}
    for row in _lines(root / "train-labels-subtask-3.txt", fields=2, numbers=(1,)):
        techniques = _unique(row[2].split(",")) if len(row) > 2 else []
        labels.setdefault(row[0], {})[int(row[1])] = techniques
    documents = []
    for article_id in sorted(labels):
        text = _read(root / "train-articles-subtask-3" / f"article{article_id}.txt")
        document = Document(id=article_id, text=text, paragraph_techniques=labels[article_id])
        position = 0
        for number, line in enumerate(text.split("\n"), 1):
            if number in labels[article_id]:
                document.paragraphs.append((number, position, position + len(line)))
            position += len(line) + 1
        span_file = root / "train-labels-subtask-3-spans" / f"article{article_id}-labels-subtask-3.txt"
        if span_file.is_file():
            document.spans = [(row[1], int(row[2]), int(row[3]))
                              for row in _lines(span_file, numbers=(2, 3)) if len(row) >= 4]
        documents.append(document)
    return documents


ANNOTATIONS = "subtask-2-annotations.txt"


def taxonomy_documents(folder: Path, taxonomy: Taxonomy) -> list[Document]:
    """Articles labelled with a user's narrative taxonomy, in the SemEval-2025 subtask-2 format
    (``raw-documents/*.txt`` and ``subtask-2-annotations.txt``); every label is checked against
    the taxonomy and a bad line raises InputError naming file and line."""
    documents_folder, annotations = folder / "raw-documents", folder / ANNOTATIONS
    if not documents_folder.is_dir():
        raise InputError(Messages.TAXONOMY_DATA_MISSING, path=documents_folder, what="raw-documents folder")
    if not annotations.is_file():
        raise InputError(Messages.TAXONOMY_DATA_MISSING, path=annotations, what="annotation file")
    other = taxonomy.other or "Other"
    coarse = {label.name for label in taxonomy.labels} | {other}
    fine = {label.name for label in taxonomy.fine} | {other}
    fine |= {f"{label.name}: {other}" for label in taxonomy.labels}
    parents = {label.name: label.parent for label in taxonomy.fine if label.parent}
    parents |= {f"{label.name}: {other}": label.name for label in taxonomy.labels}
    documents: list[Document] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(_read(annotations).splitlines(), 1):
        if not line.strip():
            continue
        row = line.rstrip("\r\n").split("\t")

        def fail(template: str, **values: object) -> None:
            raise InputError(template, path=annotations, line=number, **values)

        if len(row) not in (2, 3) or not row[0].strip():
            fail(Messages.TAXONOMY_ANNOTATION_BAD, detail=f"{len(row)} tab-separated field(s)")
        name = row[0].strip()
        if name in seen:
            fail(Messages.TAXONOMY_ANNOTATION_BAD, detail=f"'{name}' is already labelled at line {seen[name]}")
        seen[name] = number
        narratives = _unique(row[1].split(";"))
        subnarratives = _unique(row[2].split(";")) if len(row) == 3 else []
        for labels, known, level in ((narratives, coarse, "narrative"),
                                     (subnarratives, fine, "subnarrative")):
            for label in labels:
                if label not in known:
                    fail(Messages.TAXONOMY_UNKNOWN_LABEL, label=label, level=level,
                         taxonomy=taxonomy.name, taxonomy_path=taxonomy.path)
        article = documents_folder / name
        if not article.is_file():
            fail(Messages.TAXONOMY_ANNOTATION_BAD, detail=f"no article {article}")
        # A subnarrative implies its narrative; "Other" stands alone.
        for label in subnarratives:
            parent = parents.get(label)
            if parent is not None and parent not in narratives:
                narratives.append(parent)
        narratives = [label for label in narratives if label != other] or [other]
        subnarratives = [label for label in subnarratives if label != other]
        if narratives == [other]:
            subnarratives = [other]
        documents.append(Document(id=name, text=_read(article), narratives=narratives,
                                  subnarratives=subnarratives))
    if not documents:
        raise InputError(Messages.TAXONOMY_ANNOTATION_BAD, path=annotations, line=1,
                         detail="no labelled article")
    return documents


def ptc_documents(data: Path) -> list[Document]:
    """Propaganda Techniques Corpus (SemEval-2020 T11) training articles with their technique
    spans (character offsets, end exclusive); its dev articles carry no gold and are not read."""
    root = data / "semeval2020_t11_ptc"
    folder, labels = root / "train-articles", root / "train-labels-task2-technique-classification"
    if not folder.is_dir():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=folder, what="train-articles folder")
    if not labels.is_dir():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=labels, what="technique span folder")
    documents = []
    for article in sorted(folder.glob("article*.txt")):
        article_id = article.stem.removeprefix("article")
        document = Document(id=article_id, text=_read(article))
        span_file = labels / f"article{article_id}.task2-TC.labels"
        if span_file.is_file():
            for number, row in enumerate(_lines(span_file), 1):
                if len(row) != 4 or not (row[2].isdigit() and row[3].isdigit()):
                    raise InputError(Messages.FRAMING_SPAN_LINE_BAD, path=span_file, line=number)
                document.spans.append((row[1], int(row[2]), int(row[3])))
        documents.append(document)
    return documents


# PolNeAR's seven publishers; its authors selected hard news from each (see its SOURCE.md).
POLNEAR_PUBLISHERS = ("breitbart", "huff-post", "nyt", "politico", "usa-today", "wash-post",
                      "west-journal")


def reporting_documents(data: Path, *, per_publisher: int = 120) -> list[Document]:
    """PolNeAR training articles (``polnear/train`` only) as examples of real reporting: up to
    ``per_publisher`` from each publisher, spread over its year, labelled genre "reporting";
    ``Document.id`` is ``publisher/file name``, so folds can group by publisher."""
    folder = data / "polnear" / "train" / "text"
    if not folder.is_dir():
        raise InputError(Messages.FRAMING_DATA_MISSING, path=folder, what="PolNeAR train/text folder")
    by_publisher: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.txt")):
        by_publisher.setdefault(path.name.split("_", 1)[0], []).append(path)
    documents = []
    for publisher in sorted(by_publisher):
        paths = by_publisher[publisher]
        step = max(1, len(paths) // max(1, per_publisher))
        for path in paths[::step][:per_publisher]:
            documents.append(Document(id=f"{publisher}/{path.name}", text=_read(path),
                                      genre="reporting"))
    return documents
