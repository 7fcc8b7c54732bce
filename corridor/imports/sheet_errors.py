"""The one exception of the framework-free import core: a file that cannot be read as a list at all."""

from __future__ import annotations

from typing import Any

# English one-liners for the command line and logs; the Django layer translates ``code`` and
# ``params`` itself and never shows these to a user.
_MESSAGES = {
    "empty": "the file is empty or has no data rows",
    "too_large": "the file is {size} bytes, over the limit of {limit}",
    "too_many_rows": "the list has more than {limit} rows",
    "unreadable": "the file is not a readable spreadsheet or CSV ({reason})",
    "encoding": "the text cannot be decoded as {encoding} at byte {offset} (line {line})",
    "no_sheet": "there is no sheet named {sheet!r} (sheets: {available})",
    "no_header": "no header row found in the first {searched} rows",
}


class SheetError(Exception):
    """A file-level problem: nothing of the file may be imported."""

    def __init__(
        self,
        code: str,
        params: dict[str, Any] | None = None,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.code = code
        self.params = dict(params or {})
        self.row = row
        self.column = column
        super().__init__(code)

    def __str__(self) -> str:
        template = _MESSAGES.get(self.code, self.code)
        try:
            text = template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            text = f"{template} {self.params}" if self.params else template
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{text}"

    def __repr__(self) -> str:
        return f"SheetError({self.code!r}, {self.params!r}, row={self.row!r})"
