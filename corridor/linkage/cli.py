"""`corridor link LEFT RIGHT -o pairs.csv` and `corridor dedupe FILE -o clusters.csv`."""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corridor.linkage.inputs import InputError, read_records


def _rename(pairs: list[str]) -> dict[str, str]:
    out = {}
    for item in pairs:
        old, sep, new = item.partition("=")
        if not sep or not old or not new:
            raise InputError(f"--map {item!r}: expected OLD=NEW")
        out[old] = new
    return out


def _progress_bar(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    """A bar on stderr advanced as records are featured (the long step), or None."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="records", unit=" rows", file=sys.stderr, leave=False)


def _write_atomically(path: Path, header: list[str], rows: Iterator[list[Any]]) -> None:
    """Write to a temporary file beside the target and rename it: never a partial output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corridor", description="Cross-script person linkage.")
    sub = parser.add_subparsers(dest="verb", required=True)
    for verb, help_text in (("link", "link two lists"), ("dedupe", "find duplicates in one list")):
        p = sub.add_parser(verb, help=help_text)
        if verb == "link":
            p.add_argument("left", type=Path)
            p.add_argument("right", type=Path)
        else:
            p.add_argument("file", type=Path)
        p.add_argument("-o", "--output", type=Path, required=True)
        p.add_argument("--threshold", type=float, default=None, help="match probability cut-off")
        p.add_argument(
            "--map", action="append", default=[], metavar="OLD=NEW", help="rename a column"
        )
        p.add_argument(
            "--encoding", default="utf-8-sig", help="encoding of CSV inputs (default UTF-8)"
        )
        p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        rename = _rename(args.map)
        # Inputs are read and checked before the engine loads: bad files fail fast.
        if args.verb == "link":
            left = read_records(args.left, encoding=args.encoding, rename=rename)
            right = read_records(args.right, encoding=args.encoding, rename=rename)
        else:
            records = read_records(args.file, encoding=args.encoding, rename=rename)
        from corridor.linkage.engine import DEFAULT_THRESHOLD, Settings, dedupe, link

        total = len(left.rows) + len(right.rows) if args.verb == "link" else len(records.rows)
        bar = _progress_bar(total, progress)
        settings = Settings(
            threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold,
            progress=bar.update if bar is not None else None,
        )
        if args.verb == "link":
            result = link(
                left.rows,
                right.rows,
                settings,
            )
            names = [c.name for c in result.params.comparisons]
            header = ["left_id", "right_id", "match_probability", *names, "explanation"]

            def rows() -> Iterator[list[Any]]:
                order = (-result.probability).argsort(kind="stable")
                for k in order:
                    evidence = result.explain(int(k))
                    yield [
                        result.left_ids[result.left_index[k]],
                        result.right_ids[result.right_index[k]],
                        f"{result.probability[k]:.6f}",
                        *[e.level for e in evidence],
                        "; ".join(e.in_words() for e in evidence if e.level != "missing"),
                    ]

            _write_atomically(args.output, header, rows())
            print(
                f"{len(result.probability)} pairs over {settings.threshold} written to {args.output}",
                file=sys.stderr,
            )
        else:
            found = dedupe(records.rows, settings)
            _write_atomically(
                args.output,
                ["record_id", "cluster_id"],
                ([rid, cid] for rid, cid in found.cluster_of.items()),
            )
            n_clusters = len(set(found.cluster_of.values()))
            print(
                f"{len(found.cluster_of)} records in {n_clusters} clusters written to {args.output}",
                file=sys.stderr,
            )
        if bar is not None:
            bar.close()
    except InputError as exc:
        print(f"corridor {args.verb}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
