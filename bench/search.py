"""Online search benchmark: one record against an index of N registry rows.

    .venv/bin/python bench/search.py --registry 1000000 --queries 1000

Builds the registry with corridor.linkage.synthetic, indexes it (reporting build time and
peak memory), then times single-record searches for tracing requests of the same scenario
and prints p50, p95 and p99 latency. A benchmark prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from corridor.linkage.search import SearchIndex
from corridor.linkage.synthetic import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=100_000, help="registry rows wanted")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    n_people = int(args.registry / 1.8 * 1.75)
    t = time.perf_counter()
    scenario = generate(n_people, seed=args.seed, n_requests=args.queries)
    registry = scenario.public("registry").to_dicts()
    requests = scenario.public("requests").to_dicts()[: args.queries]
    print(
        f"generated {len(registry):,} registry rows in {time.perf_counter() - t:.1f} s", flush=True
    )

    t = time.perf_counter()
    index = SearchIndex.build(
        registry, reference_date=scenario.reference_date, estimate_sample=100_000
    )
    build = time.perf_counter() - t
    del registry
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"index of {len(index):,} rows built in {build:.1f} s; peak RSS so far {peak:,.0f} MB",
        flush=True,
    )

    latencies = []
    found = 0
    for record in requests:
        t = time.perf_counter()
        result = index.search(record, limit=10)
        latencies.append((time.perf_counter() - t) * 1000)
        found += bool(result)
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{len(latencies)} searches: p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms, "
        f"max {latencies[-1]:.1f} ms; {found} with at least one candidate"
    )


if __name__ == "__main__":
    main()
