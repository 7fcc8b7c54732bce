"""From a relative's request to candidates on the caseworker's screen, against a large registry.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/corridor_trace \
      .venv/bin/python bench/tracing_latency.py --registry 1000000 --requests 100

Loads the registry (persons with their search keys, as imports write them) unless it is
already there, starts `corridor worker` as production runs it, files requests through the
public service (proof of work solved, as a browser does) and measures, for each, the time
until its candidates are in the database, i.e. on the caseworker's page. Prints p50/p95/max
and the share of requests whose true person is among the candidates. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings_test")
os.environ.setdefault("CORRIDOR_TEST_WORKER", "1")  # the database task backend, not immediate


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_registry(n: int, seed: int) -> list[dict]:
    """Persons from the project's generator, written with features and keys; the requests back."""
    import datetime

    from django.db import connection, transaction

    from corridor.accounts.models import Organisation
    from corridor.linkage.synthetic import generate
    from corridor.registry import index
    from corridor.registry.models import Person, PersonKey

    org, _ = Organisation.objects.get_or_create(
        code="party-a", defaults={"name": "Party A", "kind": "party_a"}
    )
    Organisation.objects.get_or_create(
        code="icrc", defaults={"name": "Intermediary", "kind": "intermediary"}
    )
    people = int(n / 1.8 * 1.75)
    scenario = generate(people, seed=seed, n_requests=2000)
    requests = scenario.public("requests").to_dicts()
    truth: dict[str, set[str]] = {}
    for left, right in scenario.truth_pairs():
        truth.setdefault(left, set()).add(right)
    if Person.objects.exists():
        print(f"registry already loaded: {Person.objects.count():,} persons", flush=True)
        return [r | {"truth": truth.get(r["record_id"], set())} for r in requests]
    rows = scenario.public("registry").to_dicts()
    today = datetime.date.today()
    t = time.perf_counter()
    batch = 20_000
    for start in range(0, len(rows), batch):
        persons, keys = [], []
        for r in rows[start : start + batch]:
            dob = r.get("date_of_birth") or ""
            p = Person(
                organisation=org,
                family_name=(r.get("family_name") or r.get("full_name") or "")[:120],
                given_name=(r.get("given_name") or "")[:120],
                patronymic=(r.get("patronymic") or "")[:120],
                birth_note=str(dob)[:60],
                place_note=(r.get("place") or "")[:200],
                sex=r.get("sex") if r.get("sex") in ("F", "M") else "U",
            )
            p.match_features = index.features_of(p, today)
            keys += [PersonKey(person=p, key=h) for h in index.keys_of(p.match_features)]
            persons.append(p)
        with transaction.atomic():
            Person.objects.bulk_create(persons, batch_size=5000)
            PersonKey.objects.bulk_create(keys, batch_size=20_000)
        print(f"  {start + len(persons):,} persons in {time.perf_counter() - t:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    print(f"loaded {len(rows):,} persons in {time.perf_counter() - t:.0f} s", flush=True)
    # The registry's record ids are the generator's; the persons get new ids, so truth is by name.
    return [r | {"truth": truth.get(r["record_id"], set())} for r in requests]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup_django()
    requests = load_registry(args.registry, args.seed)

    from django.test import override_settings

    from corridor.tracing import services
    from corridor.tracing.captcha import challenge, solve
    from corridor.tracing.models import TracingCandidate

    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from corridor.cli import main; main(['worker', '--no-startup-delay', '--interval', '0.05'])",
        ],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(3)
    latencies, with_candidates = [], 0
    try:
        with override_settings(CORRIDOR_ALTCHA_MAX_NUMBER=1000, CORRIDOR_REQUESTS_PER_HOUR=10**9):
            for i, r in enumerate(requests[: args.requests]):
                name = r.get("full_name") or " ".join(
                    x for x in (r.get("family_name"), r.get("given_name"), r.get("patronymic")) if x
                )
                payload = solve(challenge())  # the browser's work, before the clock starts
                t = time.perf_counter()
                enquirer, _ = services.file_request(
                    services.Request(
                        sought_name=name or "?",
                        sought_birth=str(r.get("date_of_birth") or ""),
                        sought_place=str(r.get("place") or ""),
                        enquirer_name="bench",
                        relationship="bench",
                        email="bench@example.org",
                    ),
                    captcha=payload,
                    address=f"bench-{i}",
                )
                deadline = t + 30
                found = False
                while time.perf_counter() < deadline:
                    if TracingCandidate.objects.filter(case_id=enquirer.case_id).exists():
                        found = True
                        break
                    from django_tasks_db.models import DBTaskResult

                    if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
                        break  # matched, nothing found
                    time.sleep(0.02)
                latencies.append(time.perf_counter() - t)
                with_candidates += found
    finally:
        worker.terminate()
        worker.wait(10)
    q = statistics.quantiles(latencies, n=20)
    print(
        f"{len(latencies)} requests: submission to candidates visible p50 {statistics.median(latencies):.2f} s, "
        f"p95 {q[18]:.2f} s, max {max(latencies):.2f} s; {with_candidates} with candidates",
        flush=True,
    )


if __name__ == "__main__":
    main()
