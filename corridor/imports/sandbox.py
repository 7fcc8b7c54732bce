"""Workbooks are parsed in a child process with a memory cap and a time limit.

calamine builds each sheet as a dense grid from its used range, so a 2 kB XLSX with one cell
at XFD1048576 asks for half a terabyte, and the Rust allocator's answer to a refused
allocation is ``abort()``: no exception, the whole process dies — a web worker included.
Damaged XLS files also make it panic (that one ``spreadsheets`` turns into a ``SheetError``).
So the parent never parses a workbook itself: it sends the bytes to
``python -m corridor.imports.sandbox`` and reads back JSON, which is all it trusts. A child
that dies, runs out of ``CHILD_MEMORY`` or out of ``CHILD_SECONDS`` means ``unreadable``.

``PYTHON`` is the interpreter for the child; under a server whose ``sys.executable`` is not
Python (uWSGI), set it to the virtual environment's ``python``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from corridor.imports import spreadsheets
from corridor.imports.sheet_errors import SheetError

CHILD_MEMORY = 4 * 1024**3  # bytes of address space; a 20 MB workbook needs well under 2 GB
CHILD_SECONDS = 120
PYTHON = sys.executable


def sheet_names(data: bytes) -> list[str]:
    """The visible worksheets of a workbook, read in a child process."""
    names: list[str] = _ask({"op": "sheets"}, data)["sheets"]
    return names


def read_grid(
    data: bytes, kind: str, sheet: str | None, max_rows: int
) -> tuple[str, list[list[str]], list[spreadsheets.Merge]]:
    """``spreadsheets.read_grid``, run in a child process."""
    answer = _ask({"op": "grid", "kind": kind, "sheet": sheet, "max_rows": max_rows}, data)
    merges = [((a, b), (c, d)) for (a, b), (c, d) in answer["merges"]]
    return answer["sheet"], answer["grid"], merges


def _ask(request: dict[str, Any], data: bytes) -> dict[str, Any]:
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    try:
        done = subprocess.run(  # noqa: S603 - our own module under our own interpreter
            [PYTHON, "-m", "corridor.imports.sandbox", json.dumps(request)],
            input=data,
            capture_output=True,
            timeout=CHILD_SECONDS,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise SheetError(
            "unreadable", {"reason": f"reading the workbook took over {CHILD_SECONDS} s"}
        ) from None
    if done.returncode != 0:
        raise SheetError(
            "unreadable",
            {"reason": "the workbook is damaged or declares sheets too large to read"},
        )
    answer: dict[str, Any] = json.loads(done.stdout)
    if "error" in answer:
        raise SheetError(answer["error"], answer["params"], row=answer.get("row"))
    return answer


def _answer(request: dict[str, Any], data: bytes) -> dict[str, Any]:
    try:
        if request["op"] == "sheets":
            return {"sheets": spreadsheets.sheet_names(data)}
        name, grid, merges = spreadsheets.read_grid(
            data, request["kind"], request["sheet"], request["max_rows"]
        )
    except SheetError as error:
        return {"error": error.code, "params": error.params, "row": error.row}
    return {"sheet": name, "grid": grid, "merges": merges}


def main() -> None:
    """The child: a request in argv, the file on stdin, the answer as JSON on stdout."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    answer = _answer(json.loads(sys.argv[1]), sys.stdin.buffer.read())
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode())


if __name__ == "__main__":
    main()
