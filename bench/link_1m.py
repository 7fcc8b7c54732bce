"""1M × 1M link: does it complete on this machine, in what time and memory?

    .venv/bin/python bench/link_1m.py [DUCKDB_MEMORY_LIMIT]      (default 1GB)

Generates 1,000,000 tracing requests against a registry of about 1,000,000 rows
(corridor.linkage.synthetic, seed 1), links them and prints time, peak memory and scores.
"""

from __future__ import annotations

import resource
import sys
import time

from corridor.linkage import DuckDBBackend, Settings, link
from corridor.linkage.metrics import score
from corridor.linkage.synthetic import generate


def rss_mb(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def main() -> None:
    limit = sys.argv[1] if len(sys.argv) > 1 else "1GB"
    t = time.perf_counter()
    scenario = generate(1_000_000, seed=1, n_requests=1_000_000)
    left, right = scenario.public("requests").to_dicts(), scenario.public("registry").to_dicts()
    truth = scenario.truth.select("request_id", "registry_id")
    reference = scenario.reference_date
    del scenario
    print(
        f"generated {len(left):,} x {len(right):,} in {time.perf_counter() - t:.0f} s; RSS {rss_mb()} MB",
        flush=True,
    )
    t = time.perf_counter()
    result = link(
        left, right, Settings(reference_date=reference), DuckDBBackend(memory_limit=limit)
    )
    print(
        f"link: {time.perf_counter() - t:.0f} s { ({k: round(v) for k, v in result.timings.items()}) }, "
        f"{result.candidates:,} candidates; peak RSS {rss_mb()} MB, workers {rss_mb(resource.RUSAGE_CHILDREN)} MB",
        flush=True,
    )
    s = score(result.pairs(), truth)
    print(f"P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}")


if __name__ == "__main__":
    main()
