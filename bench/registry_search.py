"""Registry search benchmark: 1M persons in PostgreSQL, searched as a person types.

    .venv/bin/python bench/registry_search.py --load --registry 1000000
    .venv/bin/python bench/registry_search.py --registry 1000000 --queries 1000 --api 200

``--load`` (re)creates the database ``corridor_bench`` and loads the registry rows of the
seeded scenario (bench/registry_scenario.py) as persons of one organisation: rows are
validated and turned into persons by the import's own code (corridor.imports.rows and
corridor.imports.writing.prepare_persons, here in two forked workers), and written with
COPY, one transaction per 100k persons.
Reported: load time by step and table sizes.

Then ``--queries`` tracing requests of the same scenario are typed into search as one line
("Shcherbakova Oksana 1961", "шукаю Щербакову Оксану около 60 лет"): through
``index.search`` directly, and a sample of ``--api`` of them through ``POST /api/v1/search``
with a bearer token (Django's test client: the whole middleware and API stack, no network).
Each list of queries is run ``--passes`` times over (the machine is shared, so one pass
measures the neighbours as much as the code); reported: p50/p95/p99 latency in ms of the
first pass, of all passes, and of each query's best pass, and recall@10, the share of queries whose person (known
to the generator) is among the first 10 hits, over queries whose person is in the registry.
A benchmark prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import registry_scenario as rs

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/corridor_bench"
CHUNK = 100_000


PREPARE = "persons, features and keys (writing.prepare_persons in 2 forked workers)"
COPY = "COPY (one transaction per 100k persons)"
_WORK: dict[str, Any] = {}  # what the forked workers read (set before forking)


def _prepare(bounds: tuple[int, int]) -> tuple[list[tuple], list[tuple]]:
    """Person rows and key rows for COPY, for rows [lo, hi) of the validated list."""
    from corridor.imports.writing import prepare_persons
    from corridor.registry import index

    lo, hi = bounds
    rows = _WORK["rows"][lo:hi]
    persons = prepare_persons(
        rows,
        organisation_id=_WORK["org"],
        created_by=None,
        settlement_of=_WORK["settlement_of"],
        today=datetime.date.today(),
    )
    person_rows, key_rows = [], []
    for row, p in zip(rows, persons, strict=True):
        p.id = rs.person_id(row.record_id)
        key_rows += [(p.id, k) for k in index.keys_of(p.match_features)]
        person_rows.append(
            (
                p.id, p.organisation_id, p.family_name, p.given_name, p.patronymic,
                p.birth_year, p.birth_month, p.birth_day, p.sex, p.settlement_id, p.status,
                "[]", json.dumps(p.alternate_names, ensure_ascii=False), p.birth_note,
                p.place_note, json.dumps(p.match_features, ensure_ascii=False),
            )
        )  # fmt: skip
    return person_rows, key_rows


def _write(person_rows: list[tuple], key_rows: list[tuple], now: Any, timings: dict) -> None:
    from django.db import connection, transaction

    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY registry_person ({PERSON_COLUMNS}) FROM STDIN") as copy:
            for row in person_rows:
                copy.write_row((*row, now, now))
        with cursor.cursor.copy("COPY registry_personkey (person_id, key) FROM STDIN") as copy:
            for row in sorted(key_rows):
                copy.write_row(row)
    timings[COPY] += time.perf_counter() - t


PERSON_COLUMNS = (
    "id, organisation_id, family_name, given_name, patronymic, birth_year, birth_month, "
    "birth_day, sex, settlement_id, status, vulnerabilities, alternate_names, birth_note, "
    "place_note, match_features, created_at, updated_at"
)


def load(args: argparse.Namespace) -> dict[str, Any]:
    import multiprocessing

    rs.recreate_postgres(DATABASE_URL)
    rs.setup_django(DATABASE_URL)
    from django.db import connection
    from django.utils import timezone

    from corridor.imports.rows import validate
    from corridor.imports.sheets import Table
    from corridor.imports.writing import settlement_finder

    timings: dict[str, float] = {}
    t = time.perf_counter()
    sc = rs.scenario(Path(args.workdir), args.registry, args.requests)
    records = sc.public("registry").to_dicts()
    timings["generate or read scenario"] = time.perf_counter() - t

    t = time.perf_counter()
    rs.ensure_settlements()
    user = rs.bench_user()
    columns = list(rs.HEADERS["ru"])
    table = Table(
        headers=columns,
        rows=[[r.get(c) or "" for c in columns] for r in records],
        encoding="utf-8",
        sheet=None,
        digest="",
        row_numbers=list(range(2, len(records) + 2)),
        header_row=1,
        format="csv",
    )
    del records
    mapping = {c: rs.FIELD_OF_COLUMN.get(c, c) for c in columns}
    report = validate(table, mapping, reference_date=datetime.date.today())
    refused = len({p.row for p in report.problems})
    del table
    timings["validate"] = time.perf_counter() - t

    n = len(report.rows)
    timings[PREPARE] = 0.0
    timings[COPY] = 0.0
    keys_total = 0
    now = timezone.now()
    _WORK.update(rows=report.rows, org=user.organisation_id, settlement_of=settlement_finder())
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for lo in range(0, n, CHUNK):
            t = time.perf_counter()
            slices = [
                (a, min(a + CHUNK // 20, n)) for a in range(lo, min(lo + CHUNK, n), CHUNK // 20)
            ]
            person_rows, key_rows = [], []
            for p_rows, k_rows in pool.imap(_prepare, slices):
                person_rows += p_rows
                key_rows += k_rows
            timings[PREPARE] += time.perf_counter() - t
            _write(person_rows, key_rows, now, timings)
            keys_total += len(key_rows)
            print(f"  {min(lo + CHUNK, n):,} persons", flush=True)
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_person")
        cursor.execute("VACUUM ANALYZE registry_personkey")
    timings["VACUUM ANALYZE"] = time.perf_counter() - t
    own, children = rs.peak_mb()
    return {
        "persons": n,
        "refused_rows": refused,
        "keys": keys_total,
        "timings": timings,
        "sizes": table_sizes(),
        "peak_mb": own,
        "peak_mb_children": children,
    }


def table_sizes() -> dict[str, dict[str, int]]:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in ("registry_person", "registry_personkey"):
            cursor.execute(
                "SELECT pg_relation_size(%s), pg_indexes_size(%s), pg_total_relation_size(%s),"
                " (SELECT reltuples::bigint FROM pg_class WHERE relname = %s)",
                [table] * 4,
            )
            heap, indexes, total, rows = cursor.fetchone()
            out[table] = {"rows": rows, "heap": heap, "indexes": indexes, "total": total}
        cursor.execute(
            "SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes "
            "WHERE relname = 'registry_personkey' ORDER BY 1"
        )
        out["registry_personkey indexes"] = dict(cursor.fetchall())
    return out


def query_text(r: dict[str, Any]) -> str:
    """What a person types into the search box for this request."""
    name = r["full_name"] or " ".join(
        x for x in (r["family_name"], r["given_name"], r["patronymic"]) if x
    )
    return " ".join(x for x in (name, r["date_of_birth"]) if x)


def search(args: argparse.Namespace) -> dict[str, Any]:
    rs.setup_django(DATABASE_URL, migrate=False)
    from django.test import Client

    from corridor.accounts.services import issue_api_token
    from corridor.registry import index
    from corridor.registry.models import Person

    sc = rs.scenario(Path(args.workdir), args.registry, args.requests)
    wanted = sc.requests.head(args.queries).to_dicts()
    truth: dict[str, set] = {}
    for request_id, registry_id in zip(
        sc.truth["request_id"], sc.truth["registry_id"], strict=True
    ):
        truth.setdefault(request_id, set()).add(rs.person_id(registry_id))
    registrar = rs.bench_user()
    persons = Person.objects.filter(organisation=registrar.organisation)
    loaded = persons.count()

    def measure(run) -> dict[str, Any]:
        """Latency of each query over `passes` passes through the list, and recall@10."""
        queries = wanted[: run.n]
        for r in queries[:5]:  # name tables and the connection warm up
            run(query_text(r))
        ms: list[list[float]] = [[] for _ in queries]
        found: list[list] = []
        load = rs.cpu_pressure()
        for p in range(args.passes):
            for i, r in enumerate(queries):
                t = time.perf_counter()
                hits = run(query_text(r))
                ms[i].append((time.perf_counter() - t) * 1000)
                if p == 0:
                    found.append(hits)
        load = rs.cpu_pressure(since=load)
        hits_at_10 = sought = 0
        by_tag: Counter[str] = Counter()
        tag_hits: Counter[str] = Counter()
        for r, hits in zip(queries, found, strict=True):
            people = truth.get(r["record_id"], set())
            if people:
                sought += 1
                ok = bool(people & set(hits[:10]))
                hits_at_10 += ok
                for tag in r["difficulty"]:
                    by_tag[tag] += 1
                    tag_hits[tag] += ok
        return {
            "first_pass": rs.percentiles([m[0] for m in ms]),
            "all_passes": rs.percentiles([x for m in ms for x in m]),
            "best_of_passes": rs.percentiles([min(m) for m in ms]),
            "passes": args.passes,
            "cpu_pressure": load,
            "recall_at_10": hits_at_10 / max(sought, 1),
            "sought": sought,
            "with_any_hit": sum(bool(h) for h in found),
            "recall_by_tag": {t: (tag_hits[t] / c, c) for t, c in by_tag.most_common()},
        }

    def service(text: str) -> list:
        return [h.person.pk for h in index.search(persons, index.split_query(text), limit=10)]

    service.n = args.queries  # type: ignore[attr-defined]

    reader = rs.bench_user(role="bureau_officer")
    token = issue_api_token(None, reader, "bench").value
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")

    import uuid

    def api(text: str) -> list:
        response = client.post(
            "/api/v1/search", {"q": text[:200], "limit": 10}, content_type="application/json"
        )
        assert response.status_code == 200, response.content[:300]
        return [uuid.UUID(h["person"]) for h in response.json()]

    api.n = args.api  # type: ignore[attr-defined]
    return {
        "persons": loaded,
        "service": measure(service),
        "api": measure(api) if args.api else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=1_000_000, help="scenario registry rows")
    parser.add_argument("--requests", type=int, default=100_000, help="scenario requests")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--api", type=int, default=200, help="queries also sent to the API")
    parser.add_argument("--passes", type=int, default=3, help="passes through the queries")
    parser.add_argument("--load", action="store_true", help="(re)create and load the registry")
    parser.add_argument("--workdir", default=str(rs.ROOT / "var" / "bench"))
    args = parser.parse_args()
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    if args.load:
        t = time.perf_counter()
        result = load(args)
        result["seconds"] = time.perf_counter() - t
        print(json.dumps(result, indent=1), flush=True)
        return
    result = search(args)
    with open(Path(args.workdir) / "registry_search.jsonl", "a") as log:
        log.write(json.dumps(result) + "\n")
    for name in ("service", "api"):
        r = result[name]
        if r is None:
            continue
        print(
            f"{name}: {r['first_pass']['n']} queries against {result['persons']:,} persons, "
            f"{r['passes']} passes (CPU pressure from other work: {r['cpu_pressure']:.0f}%)"
        )
        for label in ("first_pass", "all_passes", "best_of_passes"):
            q = r[label]
            print(
                f"  {label:15} p50 {q['p50']:6.1f} ms  p95 {q['p95']:6.1f} ms  "
                f"p99 {q['p99']:6.1f} ms  max {q['max']:6.0f} ms"
            )
        print(
            f"  recall@10 {r['recall_at_10']:.3f} ({r['sought']} sought); "
            f"{r['with_any_hit']} with a hit"
        )
        print("  recall@10 by tag: " + ", ".join(
            f"{t} {v:.2f} ({c})" for t, (v, c) in r["recall_by_tag"].items()
        ))  # fmt: skip


if __name__ == "__main__":
    main()
