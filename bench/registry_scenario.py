"""Shared by bench/registry_import.py and bench/registry_search.py: data, Django, figures.

One seeded scenario (corridor.linkage.synthetic, seed 1) serves both: its registry rows
(clerks' lists in Russian and Ukrainian) are the 1M persons loaded into PostgreSQL, its
tracing requests (Latin in many standards, diminutives, declined and partial names, partial
and approximate dates) are the 100k-row list that is imported and the search queries.
"""

from __future__ import annotations

import base64
import os
import resource
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = 1
REGISTRY_ROWS_PER_PERSON = 1.026  # 0.95 coverage x 1.08 duplicates (the generator's defaults)
# Person ids of loaded registry rows are derived from the row's id, so the truth is known.
PERSON_NAMESPACE = uuid.UUID("6b1f3c52-9d1e-4e43-9a57-0c7f1b0a5e11")

# The list's columns as a Russian clerk heads them (CSV) and a Ukrainian one (XLSX).
HEADERS = {
    "ru": {
        "record_id": "ID",
        "full_name": "ФИО",
        "family_name": "Фамилия",
        "given_name": "Имя",
        "patronymic": "Отчество",
        "date_of_birth": "Дата рождения",
        "sex": "Пол",
        "place": "Населенный пункт",
    },
    "uk": {
        "record_id": "ID",
        "full_name": "ПІБ",
        "family_name": "Прізвище",
        "given_name": "Ім'я",
        "patronymic": "По батькові",
        "date_of_birth": "Дата народження",
        "sex": "Стать",
        "place": "Населений пункт",
    },
}
FIELD_OF_COLUMN = {"place": "settlement"}  # generator column -> import field, where they differ


def person_id(registry_record_id: str) -> uuid.UUID:
    return uuid.uuid5(PERSON_NAMESPACE, registry_record_id)


def setup_django(database_url: str, *, migrate: bool = True) -> None:
    """Django on the given database with throw-away keys (as corridor/settings_test.py)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("CORRIDOR_SECRET_KEY", "bench-only-secret-key-not-for-production-0123")
    os.environ.setdefault("CORRIDOR_MASTER_KEY", base64.b64encode(b"T" * 32).decode())
    os.environ.setdefault("CORRIDOR_VAR_DIR", str(ROOT / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "corridor.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def recreate_postgres(database_url: str) -> None:
    """Drop and create the (benchmark's own) database named in the URL."""
    import psycopg

    base, name = database_url.rsplit("/", 1)
    assert name.startswith("corridor_bench"), "only the benchmark's own databases"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def scenario(workdir: Path, registry_rows: int, requests: int) -> Any:
    """The seeded scenario, generated once and kept as Parquet in `workdir`."""
    from corridor.linkage.synthetic import generate, read_scenario, write_scenario

    where = workdir / f"scenario-{registry_rows}-{requests}-seed{SEED}"
    if (where / "scenario.txt").exists():
        return read_scenario(where)
    t = time.perf_counter()
    sc = generate(round(registry_rows / REGISTRY_ROWS_PER_PERSON), SEED, n_requests=requests)
    write_scenario(sc, where)
    print(
        f"generated {sc.registry.height:,} registry rows and {sc.requests.height:,} requests "
        f"in {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    return sc


def ensure_settlements() -> int:
    """The generator's settlements (Russian, Ukrainian, Latin names) as reference data."""
    from corridor.linkage.synthetic_vocab import build_vocab
    from corridor.registry.models import Settlement

    if Settlement.objects.exists():
        return Settlement.objects.count()
    vocab = build_vocab()
    names = zip(
        vocab.settlement["ru"],
        vocab.settlement["uk"],
        vocab.settlement["latin"],
        vocab.settlement_kind,
        strict=True,
    )
    Settlement.objects.bulk_create(
        Settlement(name_ru=ru, name_uk=uk, name_latin=lat, kind=kind, district="Суджанский")
        for ru, uk, lat, kind in names
    )
    return Settlement.objects.count()


def bench_user(code: str = "bench-a", role: str = "field_registrar") -> Any:
    """A party organisation and one user of it (created once)."""
    from corridor.accounts.models import Organisation, User
    from corridor.accounts.roles import OrganisationKind

    org, _ = Organisation.objects.get_or_create(
        code=code, defaults={"name": f"Bench {code}", "kind": OrganisationKind.PARTY_A}
    )
    user = User.objects.filter(username=f"{code}-{role}").first()
    if user is None:
        user = User(username=f"{code}-{role}", organisation=org, role=role)
        user.set_unusable_password()
        user.save()
    return user


def valid_rows(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The records a clerk's list would pass validation with, and how many were left out."""
    import datetime

    from corridor.imports.rows import validate
    from corridor.imports.sheets import Table

    columns = list(HEADERS["ru"])
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
    mapping = {c: FIELD_OF_COLUMN.get(c, c) for c in columns}
    report = validate(table, mapping, reference_date=datetime.date.today())
    bad = {p.row for p in report.problems}
    kept = [r for n, r in zip(table.row_numbers, records, strict=True) if n not in bad]
    return kept, len(records) - len(kept)


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its (forked) children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_pressure(since: tuple[float, float] | None = None) -> Any:
    """The share of time runnable work waited for a CPU (Linux PSI) since a mark; a mark if None."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return (0.0, time.monotonic()) if since is None else float("nan")
    total_us = float(line.rsplit("total=", 1)[1])
    now = (total_us, time.monotonic())
    if since is None:
        return now
    return 100 * (now[0] - since[0]) / 1e6 / (now[1] - since[1])


def percentiles(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(sorted(ms), n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": max(ms), "n": len(ms)}


def process_cpu(pid: int | None = None) -> float:
    """CPU seconds (user + system) used so far by a process (this one by default)."""
    if pid is None:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    """Wall and CPU time per named phase; `wrap` times every call of a module's function.

    CPU is this process's (and its forked children's) plus, when `server_pid` is set, the
    database server process serving this connection: on a shared machine the wall time
    measures the neighbours too, the CPU time mostly the work.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.server_pid: int | None = None
        self._depth: dict[str, int] = {}

    def _cpu_now(self) -> float:
        server = process_cpu(self.server_pid) if self.server_pid else 0.0
        return process_cpu() + server

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        # A recursive call (a wrapped function calling itself) is counted once.
        depth = self._depth.get(name, 0)
        self._depth[name] = depth + 1
        t, c = time.perf_counter(), self._cpu_now()
        try:
            yield
        finally:
            self._depth[name] = depth
            if depth == 0:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t
                self.cpu[name] = self.cpu.get(name, 0.0) + self._cpu_now() - c

    def wrap(self, module: Any, attribute: str, name: str, *, per_row: bool = False) -> None:
        """Time every call; `per_row` functions (called per record) get wall time only."""
        original = getattr(module, attribute)
        if per_row:
            seconds = self.seconds

            def timed(*args: Any, **kwargs: Any) -> Any:
                t = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t

        else:

            def timed(*args: Any, **kwargs: Any) -> Any:
                with self.phase(name):
                    return original(*args, **kwargs)

        setattr(module, attribute, timed)
