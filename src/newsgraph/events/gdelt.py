"""Event exports: the GDELT 2.0 event table (tab-separated, GDELT's columns in GDELT's order) and
newsgraph's own fuller rows as CSV, JSON lines or Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Final

from newsgraph.errors import InputError, Messages, NewsgraphError
from newsgraph.store import Store

GDELT_COLUMNS: Final = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL")
"""The 61 columns of the GDELT 2.0 event table, in order."""

FORMATS: Final = ("gdelt", "csv", "jsonl", "parquet")
GEO_COUNTRY: Final = 1
GEO_WORLD_CITY: Final = 4
_GROUP_PREFIXES: Final = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT"})
_ROOT_SENTENCES: Final = 2
"""An event first told in one of the first two sentences is a root event (GDELT: the lead)."""


@functools.cache
def fips_codes() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country code (GDELT's geography fields use FIPS)."""
    text = resources.files("newsgraph").joinpath("data/fips.tsv").read_text(encoding="utf-8")
    codes = {}
    for line in text.splitlines()[2:]:
        iso3, _, fips = line.partition("\t")
        codes[iso3] = fips
    return codes


def gdelt_row(group: dict[str, Any]) -> dict[str, Any]:
    """One grouped event (a row of the store's ``event_groups``) as a GDELT 2.0 row; what newsgraph
    does not know stays empty."""
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    digest = hashlib.sha1(str(group["event_key"]).encode("utf-8")).hexdigest()
    row["GLOBALEVENTID"] = int(digest[:13], 16)
    day = _day(group.get("event_date"))
    if day is not None:
        row["SQLDATE"] = day.strftime("%Y%m%d")
        row["MonthYear"] = day.strftime("%Y%m")
        row["Year"] = day.year
        row["FractionDate"] = round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)
    for side, number in (("source", "1"), ("target", "2")):
        code = group.get(f"{side}_code") or ""
        row[f"Actor{number}Code"] = code
        row[f"Actor{number}Name"] = (group.get(f"{side}_name") or "").upper()
        row[f"Actor{number}CountryCode"] = group.get(f"{side}_country") or ""
        if code[:3] in _GROUP_PREFIXES:
            row[f"Actor{number}KnownGroupCode"] = code[3:6]
        sector = group.get(f"{side}_sector") or ""
        for index in range(3):
            row[f"Actor{number}Type{index + 1}Code"] = sector[3 * index:3 * index + 3]
    first_sentence = group.get("first_sentence")
    row["IsRootEvent"] = int(first_sentence is not None and first_sentence < _ROOT_SENTENCES)
    row["EventCode"] = group.get("cameo") or ""
    row["EventBaseCode"] = group.get("base") or ""
    row["EventRootCode"] = group.get("root") or ""
    row["QuadClass"] = group.get("quad_class") if group.get("quad_class") is not None else ""
    row["GoldsteinScale"] = group.get("goldstein") if group.get("goldstein") is not None else ""
    row["NumMentions"] = group.get("num_mentions") or 0
    row["NumSources"] = group.get("num_sources") or 0
    row["NumArticles"] = group.get("num_articles") or 0
    if group.get("location_name") or group.get("location_country"):
        country = group.get("location_country") or ""
        is_country = group.get("lat") is None or group.get("location_name") in (None, "")
        row["ActionGeo_Type"] = GEO_COUNTRY if is_country else GEO_WORLD_CITY
        row["ActionGeo_FullName"] = group.get("location_name") or country
        row["ActionGeo_CountryCode"] = fips_codes().get(country, "")
        row["ActionGeo_Lat"] = group.get("lat") if group.get("lat") is not None else ""
        row["ActionGeo_Long"] = group.get("lon") if group.get("lon") is not None else ""
    added = group.get("date_added")
    if isinstance(added, dt.datetime):
        row["DATEADDED"] = added.strftime("%Y%m%d%H%M%S")
    row["SOURCEURL"] = group.get("first_url") or group.get("first_article") or ""
    return row


def export_events(store: Store, path: Path, output_format: str, *, force: bool = False,
                  grouped: bool = False, header: bool = False, factual_only: bool = False) -> int:
    """Write the store's events to ``path``; returns the number of rows written.

    ``gdelt``: one row per event (reports grouped), GDELT's 61 columns, no header unless asked.
    ``csv``, ``jsonl``, ``parquet``: one row per report with every field newsgraph keeps,
    PLOVER included (``grouped``: one row per event with its counts).
    """
    if output_format not in FORMATS:
        raise InputError(Messages.EVENTS_UNKNOWN_EXPORT, format=output_format,
                         choices=", ".join(FORMATS))
    if path.exists() and not force:
        raise InputError(Messages.OUTPUT_EXISTS, path=path)
    if not store.has_events():
        raise NewsgraphError(Messages.EVENTS_NONE_STORED, path=store.path)
    table = store.table("event_groups" if grouped or output_format == "gdelt" else "event_mentions")
    rows = [row for row in table.to_pylist()
            if not factual_only or (row.get("factual") and not row.get("negated"))]
    partial = path.with_name(path.name + ".partial")
    if output_format == "gdelt":
        _write_gdelt(partial, (gdelt_row(row) for row in rows), header)
    elif output_format == "csv":
        _write_csv(partial, rows, list(table.column_names))
    elif output_format == "jsonl":
        with partial.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    else:
        import pyarrow
        import pyarrow.parquet

        kept = pyarrow.Table.from_pylist(rows, schema=table.schema)
        pyarrow.parquet.write_table(kept, str(partial))
    partial.replace(path)
    return len(rows)


def _write_gdelt(path: Path, rows: Iterable[dict[str, Any]], header: bool) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar="\\")
        if header:
            writer.writerow(GDELT_COLUMNS)
        for row in rows:
            writer.writerow([_cell(row[column]) for column in GDELT_COLUMNS])


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return ";".join(str(item) for item in value)
    return str(value).replace("\t", " ").replace("\n", " ")


def _day(text: Any) -> dt.date | None:
    if not isinstance(text, str) or len(text) < 4:
        return None
    parts = text.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                       int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return None


__all__ = ["FORMATS", "GDELT_COLUMNS", "export_events", "fips_codes", "gdelt_row"]
