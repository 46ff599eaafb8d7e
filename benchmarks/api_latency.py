"""HTTP API latency on a large synthetic store: p50 and p95 per endpoint.

Builds (once, then reuses) a store of 50,000 articles and 1,000,000 event reports with bulk
SQL inserts (no NLP pipeline: the rows are random but shaped as the pipeline writes them),
then times requests through the ASGI app in-process (Starlette's TestClient: routing,
middleware, the store query and JSON encoding; no socket). Run from the repository root:

    python benchmarks/api_latency.py [--store /tmp/api_latency.duckdb] [--repeats 40] [--json]

Goals (issue 13): p95 < 300 ms for the aggregations, < 50 ms for one article. Wall-clock
times depend on what else the machine runs, so the CPU time the process spent per request
(all its threads: DuckDB uses as many as there are cores) is printed beside them, with the
load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from newsgraph.store import Store

ARTICLES = 50_000
EVENTS = 1_000_000
ENTITIES_PER_ARTICLE = 8
COUNTRIES = ("USA", "RUS", "UKR", "CHN", "FRA", "DEU", "GBR", "TUR", "IRN", "ISR", "SAU", "IND",
             "POL", "HUN", "BLR", "JPN", "KOR", "PRK", "SYR", "EGY", "BRA", "ZAF", "NGA", "QAT")
SECTORS = ("GOV", "MIL", "", "REB", "BUS", "MED", "JUD", "LEG", "OPP", "COP")
CAMEO = (("010", 1, 0.0, "STATEMENT"), ("036", 1, 4.0, "CONSULT"), ("040", 1, 1.0, "CONSULT"),
         ("042", 1, 1.9, "CONSULT"), ("057", 1, 8.0, "AGREE"), ("061", 2, 6.4, "COOPERATE"),
         ("071", 2, 7.4, "AID"), ("111", 3, -2.0, "DISAPPROVE"), ("130", 3, -4.4, "THREATEN"),
         ("163", 3, -8.0, "SANCTION"), ("173", 4, -5.0, "COERCE"), ("190", 4, -10.0, "ASSAULT"),
         ("193", 4, -10.0, "FIGHT"), ("120", 3, -4.0, "REJECT"))


def build(path: Path) -> None:
    """Write the synthetic store at ``path`` (schema by newsgraph, rows by bulk SQL)."""
    with Store(path):
        pass  # creates every table at the current schema version
    codes = [country + sector for country in COUNTRIES for sector in SECTORS]
    connection = duckdb.connect(str(path))
    try:
        connection.execute("SET enable_progress_bar = false")
        connection.execute("CREATE TEMP TABLE codes AS SELECT unnest($1::VARCHAR[]) AS code, "
                           "generate_subscripts($1::VARCHAR[], 1) - 1 AS i", [codes])
        connection.execute("CREATE TEMP TABLE cameo AS SELECT * FROM (VALUES " + ", ".join(
            f"({i}, '{code}', {quad}, {goldstein}, '{plover}')"
            for i, (code, quad, goldstein, plover) in enumerate(CAMEO))
            + ") t(i, code, quad, goldstein, plover)")
        text = ("Officials from both governments met in the capital on Tuesday and said the talks "
                "on the ceasefire would continue next week, while fighting went on in the east. ")
        connection.execute(f"""
            INSERT INTO articles (id, title, text, language, published, source, url, origin,
                                  ingested_at, analysis)
            SELECT printf('%016x', hash(i)), 'Synthetic article ' || i, repeat('{text}', 10), 'en',
                   strftime(DATE '2023-01-01' + CAST(i % 1000 AS INTEGER), '%Y-%m-%d'),
                   'Source ' || (i % 40), 'https://source' || (i % 40) || '.example/' || i,
                   'synthetic/' || i || '.txt', now()::TIMESTAMP,
                   json_object('schema_version', '1.0', 'article', json_object(
                       'id', printf('%016x', hash(i)), 'title', 'Synthetic article ' || i,
                       'text', repeat('{text}', 10), 'language', 'en'),
                       'entities', [json_object('id', 'e' || j, 'name', 'Entity ' || j,
                                                'type', 'country', 'mentions',
                                                [json_object('start', j * 20, 'end', j * 20 + 8)])
                                    for j in range(12)],
                       'events', [json_object('key', 'k' || j, 'cameo', '042',
                                              'evidence', [json_object('start', 0, 'end', 160)])
                                  for j in range(20)])::VARCHAR
            FROM range({ARTICLES}) t(i)""")
        connection.execute(f"""
            INSERT INTO entities (article_id, entity_id, name, type, country, sector, code,
                                  confidence, salience, lat, lon, geo_name, geo_country)
            SELECT printf('%016x', hash(a)), 'e' || j, 'Actor ' || c.code,
                   CASE WHEN j % 3 = 0 THEN 'place' ELSE 'person' END, left(c.code, 3),
                   nullif(substr(c.code, 4), ''), c.code, 1.0, 0.5,
                   CASE WHEN j % 3 = 0 THEN (j * 7 + a) % 140 - 60.0 END,
                   CASE WHEN j % 3 = 0 THEN (j * 13 + a) % 340 - 170.0 END,
                   CASE WHEN j % 3 = 0 THEN 'Place ' || ((j * 7 + a) % 500) END, left(c.code, 3)
            FROM range({ARTICLES}) s(a), range({ENTITIES_PER_ARTICLE}) r(j)
            JOIN codes c ON c.i = (a * 31 + j * 17) % {len(codes)}""")
        connection.execute("""
            INSERT INTO mentions (article_id, entity_id, start, "end", text, sentence, code)
            SELECT article_id, entity_id, k * 40, k * 40 + 8, name, k, code
            FROM entities, range(2) r(k)""")
        connection.execute(f"""
            INSERT INTO event_mentions
            SELECT printf('%016x', hash(n % {ARTICLES})), n // {ARTICLES},
                   printf('%016x', hash(n * 7919)), 0,
                   'e1', 'Actor ' || s.code, s.code, left(s.code, 3), nullif(substr(s.code, 4), ''),
                   'e2', 'Actor ' || t.code, t.code, left(t.code, 3), nullif(substr(t.code, 4), ''),
                   false, m.code, m.code, left(m.code, 2), m.code, m.quad, m.goldstein, m.plover,
                   NULL, NULL, 'Place ' || (n % 500), left(s.code, 3),
                   (n % 140) - 60.0, (n % 340) - 170.0,
                   strftime(DATE '2023-01-01' + CAST((n * 37) % 1000 AS INTEGER), '%Y-%m-%d'),
                   'day', NULL, 'article', n % 20 = 0, 'factual', n % 10 <> 0, 'met', 120, 123,
                   '[{{"start": 0, "end": 160, "text": "Officials from both governments met in '
                   || 'the capital on Tuesday."}}, {{"start": 120, "end": 123, "text": "met"}}]',
                   0.8
            FROM range({EVENTS}) r(n)
            JOIN codes s ON s.i = (n * 13 + (n // 7) * 5) % 60
            JOIN codes t ON t.i = (n * 29 + 11) % {len(codes)}
            JOIN cameo m ON m.i = (n * 17 + n // 3) % {len(CAMEO)}""")
        connection.execute("CHECKPOINT")
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(path: Path, repeats: int) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from newsgraph.web.app import create_app

    with Store(path, read_only=True) as store:
        counts = store.stats()
    with duckdb.connect(str(path), read_only=True) as connection:
        ids = [row[0] for row in connection.execute(
            "SELECT id FROM articles USING SAMPLE 200 ROWS (reservoir, 7)").fetchall()]
        actors = [row[0] for row in connection.execute(
            "SELECT source_code FROM event_mentions GROUP BY source_code "
            "ORDER BY count(*) DESC LIMIT 20").fetchall()]
        events = connection.execute("SELECT count(*) FROM event_mentions").fetchall()[0][0]
    chooser = random.Random(13)
    cases: dict[str, Any] = {
        "/api/network": lambda: "/api/network",
        "/api/network?quad=4&since=2024-01": lambda: "/api/network?quad=4&since=2024-01",
        "/api/timeline": lambda: "/api/timeline",
        "/api/timeline?interval=week&actor=RUS": lambda: "/api/timeline?interval=week&actor=RUS",
        "/api/events?actor=CODE": lambda: f"/api/events?actor={chooser.choice(actors)}",
        "/api/articles/{id}": lambda: f"/api/articles/{chooser.choice(ids)}",
    }
    results: dict[str, Any] = {}
    app = create_app(path)
    with TestClient(app) as client:
        for name, target in cases.items():
            for _ in range(3):  # warm the store's caches and the app's code paths
                assert client.get(target()).status_code == 200
            timings, cpu = [], []
            for _ in range(repeats):
                url = target()
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert response.status_code == 200, response.text
            results[name] = {"p50_ms": round(statistics.median(timings), 1),
                             "p95_ms": round(percentile(timings, 0.95), 1),
                             "max_ms": round(max(timings), 1),
                             "cpu_p50_ms": round(statistics.median(cpu), 1), "requests": repeats}
    return {"date": dt.date.today().isoformat(), "load_average": os.getloadavg(), "articles": counts.articles, "events": events,
            "entities": counts.entities, "mentions": counts.mentions, "cpus": os.cpu_count(),
            "python": platform.python_version(), "duckdb": duckdb.__version__,
            "store_bytes": path.stat().st_size, "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/newsgraph_api_latency.duckdb"),
                        help="Where to build (or find) the synthetic store.")
    parser.add_argument("--rebuild", action="store_true", help="Build the store again.")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    if options.rebuild and options.store.exists():
        options.store.unlink()
    if not options.store.exists():
        start = time.perf_counter()
        build(options.store)
        print(f"built {options.store} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    report = measure(options.store, options.repeats)
    if options.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['articles']:,} articles, {report['events']:,} events, "
          f"{report['store_bytes'] / 1e6:.0f} MB, {report['cpus']} CPUs, {report['date']}")
    print("load average (1, 5, 15 min) at the end: "
          + ", ".join(f"{value:.1f}" for value in report["load_average"]))
    print(f"{'request':45} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50 ms':>11}")
    for name, row in report["results"].items():
        print(f"{name:45} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['max_ms']:8.1f} "
              f"{row['cpu_p50_ms']:11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
