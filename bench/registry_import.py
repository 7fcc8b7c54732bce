"""Registry import benchmark: a 100k-row list through the real services, phase by phase.

    .venv/bin/python bench/registry_import.py --rows 100000 --db sqlite,postgres --format csv,xlsx
    .venv/bin/python bench/registry_import.py --rows 100000 --db registry --format csv

The list is the tracing requests of the seeded scenario (bench/registry_scenario.py): mixed
scripts, Russian column headers in the CSV (";", UTF-8 with BOM), Ukrainian ones in the XLSX;
rows that validation would refuse are left out of the file (their number is printed). Each
import runs in its own process through the services a person's clicks and the worker call:
``upload`` -> ``configure`` (read + validate) -> ``commit`` -> ``execute_import`` (read,
validate, match, write in one transaction). Reported: wall time per service and per phase
of ``execute_import``, and the process's peak resident memory (and that of the forked
feature workers).

``--db sqlite``: a fresh SQLite file (the embedded default; WAL, synchronous=FULL).
``--db postgres``: a fresh database ``corridor_bench_import`` (dropped and created).
``--db registry``: the database of bench/registry_search.py holding 1M persons of the same
organisation, so the list is matched against them; the whole import is rolled back at the
end, leaving the registry as it was. A benchmark prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import registry_scenario as rs

PG_BASE = "postgres://postgres@127.0.0.1:5432"


def list_file(workdir: Path, rows: int, fmt: str) -> Path:
    return workdir / f"list-{rows}.{fmt}"


def prepare(args: argparse.Namespace) -> None:
    """Write the list as CSV (Russian headers) and XLSX (Ukrainian headers)."""
    sys.path.insert(0, str(rs.ROOT))
    workdir = Path(args.workdir)
    sc = rs.scenario(workdir, args.registry, args.rows)
    records = sc.public("requests").to_dicts()
    kept, dropped = rs.valid_rows(records)
    print(f"list: {len(kept):,} rows ({dropped} requests refused by validation left out)")
    columns = list(rs.HEADERS["ru"])
    if "csv" in args.format:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([rs.HEADERS["ru"][c] for c in columns])
        writer.writerows([r.get(c) or "" for c in columns] for r in kept)
        path = list_file(workdir, args.rows, "csv")
        path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
        print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")
    if "xlsx" in args.format:
        from tests.imports.workbooks import Sheet, xlsx

        header = [rs.HEADERS["uk"][c] for c in columns]
        rows = [header] + [[r.get(c) or None for c in columns] for r in kept]
        path = list_file(workdir, args.rows, "xlsx")
        path.write_bytes(xlsx(Sheet("Список", rows)))
        print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


class Rollback(Exception):
    """Leaves the registry as it was after an import against it."""


def run_import(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir)
    if args.db == "sqlite":
        db_file = workdir / "import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    elif args.db == "postgres":
        url = f"{PG_BASE}/corridor_bench_import"
        rs.recreate_postgres(url)
    else:
        url = f"{PG_BASE}/corridor_bench"
    t = time.perf_counter()
    rs.setup_django(url)
    setup_seconds = time.perf_counter() - t

    from django.db import connection, transaction

    from corridor.imports import rows as row_rules
    from corridor.imports import services, writing
    from corridor.imports.models import ImportState
    from corridor.matching.models import MatchCandidate
    from corridor.registry.models import Person

    rs.ensure_settlements()
    user = rs.bench_user()
    registry_size = Person.objects.filter(organisation=user.organisation).count()
    data = list_file(workdir, args.rows, args.format).read_bytes()
    pressure = rs.cpu_pressure()

    clock = rs.Clock()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            clock.server_pid = cursor.fetchone()[0]
    clock.wrap(services, "_table", "read")
    clock.wrap(row_rules, "validate", "validate")
    clock.wrap(writing, "_match", "match")
    clock.wrap(writing, "_registry_records", "match: registry from the database")
    engine_timings: dict[str, float] = {}
    link = writing.link

    def timed_link(*a: Any, **k: Any) -> Any:
        with clock.phase("match: link"):
            result = link(*a, **k)
        engine_timings.update(result.timings)
        return result

    writing.link = timed_link
    clock.wrap(writing, "write_list", "write_list")
    if hasattr(writing, "prepare_persons"):  # the names of the faster writing
        clock.wrap(writing, "prepare_persons", "persons")
        clock.wrap(writing, "insert_new", "insert_new")
        clock.wrap(writing, "insert_keys", "insert_keys")
        clock.wrap(writing.MatchCandidate.objects, "bulk_create", "candidates")
    else:
        clock.wrap(writing.index, "features_of", "features", per_row=True)
    names = ("read", "validate", "match", "write_list", "persons", "features", "insert_new",
             "insert_keys", "candidates")  # fmt: skip

    def since(mark: dict[str, float], now: dict[str, float]) -> dict[str, float]:
        return {k: now.get(k, 0.0) - mark.get(k, 0.0) for k in names if k in now}

    def steps() -> dict[str, Any]:
        with clock.phase("upload"):
            job = services.upload(user, f"bench-{args.rows}.{args.format}", data)
        mark = dict(clock.seconds)
        with clock.phase("configure"):
            job = services.configure(user, job.pk, list_name="Bench list", list_kind="missing")
        assert job.state == ImportState.READY, job.report.get("problems", [])[:3]
        configure = since(mark, clock.seconds)
        with clock.phase("commit"):
            services.commit(user, job.pk, enqueue=lambda pk: None)
        mark, cpu_mark = dict(clock.seconds), dict(clock.cpu)
        with clock.phase("execute_import"):
            job = services.execute_import(job.pk)
        assert job.state == ImportState.DONE, job.error
        phases = since(mark, clock.seconds)
        phases["write"] = phases.pop("write_list") - phases["match"]
        cpu = since(cpu_mark, clock.cpu)
        cpu["write"] = cpu.pop("write_list") - cpu["match"]
        for name in ("match: registry from the database", "match: link"):
            if name in clock.seconds:
                phases[name] = clock.seconds[name]
        phases.update({f"match: link: {k}": v for k, v in engine_timings.items()})
        return {
            "configure_phases": configure,
            "execute_phases": phases,
            "execute_phases_cpu": cpu,
            "persons_written": job.source_list.row_count,
            "candidates": MatchCandidate.objects.filter(source_list=job.source_list_id).count(),
        }

    if args.db == "registry":
        result: dict[str, Any] = {}
        try:
            with transaction.atomic():
                result = steps()
                raise Rollback
        except Rollback:
            pass
    else:
        result = steps()
    own, children = rs.peak_mb()
    service_names = ("upload", "configure", "commit", "execute_import")
    return {
        "db": args.db,
        "format": args.format,
        "rows": args.rows,
        "bytes": len(data),
        "registry_before": registry_size,
        "setup_seconds": setup_seconds,
        "services": {k: clock.seconds[k] for k in service_names},
        "services_cpu": {k: clock.cpu[k] for k in service_names},
        "end_to_end": sum(clock.seconds[k] for k in service_names),
        "end_to_end_cpu": sum(clock.cpu[k] for k in service_names),
        "cpu_pressure": rs.cpu_pressure(since=pressure),
        "peak_mb": own,
        "peak_mb_children": children,
        **result,
    }


def show(r: dict[str, Any]) -> None:
    s, p, c = r["services"], r["execute_phases"], r["configure_phases"]
    pc = r["execute_phases_cpu"]
    print(
        f"\n{r['db']} / {r['format']}: {r['persons_written']:,} rows ({r['bytes'] / 1e6:.1f} MB) "
        f"into a registry of {r['registry_before']:,}: end to end {r['end_to_end']:.1f} s "
        f"(CPU {r['end_to_end_cpu']:.1f} s; CPU pressure from other work "
        f"{r['cpu_pressure']:.0f}%), peak RSS {r['peak_mb']:,.0f} MB "
        f"(child processes: workbook sandbox, feature workers {r['peak_mb_children']:,.0f} MB)\n"
        f"  upload {s['upload']:.1f} s | configure {s['configure']:.1f} s "
        f"(read {c['read']:.1f}, validate {c['validate']:.1f}) | commit {s['commit']:.2f} s | "
        f"execute_import {s['execute_import']:.1f} s\n"
        f"  execute_import: read {p['read']:.1f} s, validate {p['validate']:.1f} s, "
        f"match {p['match']:.1f} s (CPU {pc['match']:.1f}), write {p['write']:.1f} s "
        f"(CPU {pc['write']:.1f}; " + _write_parts(p) + f"); {r['candidates']:,} match candidates",
        flush=True,
    )
    if r["registry_before"]:
        print(
            "  match: "
            + ", ".join(f"{k[7:]} {v:.1f} s" for k, v in p.items() if k.startswith("match: "))
        )


def _write_parts(p: dict[str, float]) -> str:
    if "persons" in p:
        return (
            f"persons and their features {p['persons']:.1f} s, inserting persons and rows "
            f"{p['insert_new']:.1f} s, keys {p['insert_keys']:.1f} s, match candidates "
            f"{p.get('candidates', 0):.1f} s"
        )
    return f"of which features {p.get('features', 0):.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--registry", type=int, default=1_000_000, help="scenario registry rows")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres, registry")
    parser.add_argument("--format", default="csv", help="csv, xlsx")
    parser.add_argument("--workdir", default=str(rs.ROOT / "var" / "bench"))
    parser.add_argument("--child", choices=("prepare", "import"))
    args = parser.parse_args()
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    if args.child == "prepare":
        prepare(args)
        return
    if args.child == "import":
        print("RESULT " + json.dumps(run_import(args)), flush=True)
        return
    formats = args.format.split(",")
    if not all(list_file(Path(args.workdir), args.rows, f).exists() for f in formats):
        subprocess.run([*_me(args), "--child", "prepare", "--format", args.format], check=True)
    for db in args.db.split(","):
        for fmt in formats:
            out = subprocess.run(
                [*_me(args), "--child", "import", "--db", db, "--format", fmt],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
            result = json.loads(out.rsplit("RESULT ", 1)[1])
            with open(Path(args.workdir) / "registry_import.jsonl", "a") as log:
                log.write(json.dumps(result) + "\n")
            show(result)


def _me(args: argparse.Namespace) -> list[str]:
    return [
        sys.executable,
        __file__,
        "--rows",
        str(args.rows),
        "--registry",
        str(args.registry),
        "--workdir",
        args.workdir,
    ]


if __name__ == "__main__":
    main()
