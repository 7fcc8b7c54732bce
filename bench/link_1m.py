"""1M × 1M link: does it complete on this machine, in what time and memory?

    .venv/bin/python bench/link_1m.py [DUCKDB_MEMORY_LIMIT]      (default 1GB)

Generates 1,000,000 tracing requests against a registry of about 1,000,000 rows
(corridor.linkage.synthetic, seed 1), links them and prints time, peak memory and scores.

Memory: the kernel's peak resident set of this process, and (on Linux) the peak of the
proportional set size summed over this process and its forked workers, sampled every
second: forked workers share most of their pages with the parent, so adding their resident
sets would count those pages twice.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
import time
from pathlib import Path

from corridor.linkage import DuckDBBackend, Settings, link
from corridor.linkage.metrics import score
from corridor.linkage.synthetic import generate


def rss_mb(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def _pss_mb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    try:
        kids = [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return [pid]
    return [pid] + [p for kid in kids for p in _tree(kid)]


class PeakPss:
    """Samples the summed PSS of this process tree in a daemon thread; `peak` in MB."""

    def __init__(self) -> None:
        self.peak = 0
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, sum(_pss_mb(p) for p in _tree(os.getpid())))
            time.sleep(1)


def main() -> None:
    limit = sys.argv[1] if len(sys.argv) > 1 else "1GB"
    pss = PeakPss()
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
        f"{result.candidates:,} candidates; peak RSS {rss_mb()} MB, workers {rss_mb(resource.RUSAGE_CHILDREN)} MB, "
        f"peak PSS of process and workers {pss.peak} MB",
        flush=True,
    )
    s = score(result.pairs(), truth)
    print(f"P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}")


if __name__ == "__main__":
    main()
