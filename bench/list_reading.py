"""Reading and validating a 100k-row list: prints figures, asserts nothing.

Run by hand from the repository root: ``.venv/bin/python -m bench.list_reading [rows]``.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date

from corridor.imports.columns import suggest_mapping
from corridor.imports.rows import validate
from corridor.imports.sheets import read_table
from tests.imports.workbooks import Sheet, xlsx

HEADERS = [
    "№ п/п",
    "ФИО",
    "Дата рождения",
    "Пол",
    "Населенный пункт",
    "Район",
    "Телефон",
    "Примечание",
]
SURNAMES = ["Іваненко", "Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник"]
GIVEN = ["Олена", "Ігор", "Марія", "Петро", "Ганна", "Василь", "Наталія", "Сергій"]
PLACES = ["Суджа", "Мартинівка", "Гуєво", "Плехово", "Казачья Локня", "Свердликово"]


def people(count: int, seed: int = 7) -> list[list[str | int]]:
    rng = random.Random(seed)
    rows: list[list[str | int]] = []
    for number in range(1, count + 1):
        born = date(1930, 1, 1).toordinal() + rng.randrange(90 * 365)
        rows.append(
            [
                number,
                f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {rng.choice(GIVEN)}ович",
                date.fromordinal(born).strftime("%d.%m.%Y"),
                rng.choice("МЖ"),
                rng.choice(PLACES),
                "Суджанский",
                f"+38050{rng.randrange(10**7):07d}",
                rng.choice(["", "", "ліжкова", "потребує супроводу"]),
            ]
        )
    return rows


def timed(label: str, action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - start:6.2f} s")
    return result


def main(count: int) -> None:
    rows = people(count)
    text = "\r\n".join(";".join(map(str, row)) for row in [HEADERS, *rows]) + "\r\n"
    csv_utf8, csv_1251 = text.encode("utf-8"), text.encode("cp1251")
    workbook = xlsx(Sheet("Лист1", [["Список эвакуированных"], [], HEADERS, *rows], ["E4:E9"]))
    print(
        f"{count} rows x {len(HEADERS)} columns; CSV {len(csv_utf8) / 1e6:.1f} MB, XLSX {len(workbook) / 1e6:.1f} MB"
    )
    timed("read_table CSV utf-8", lambda: read_table(csv_utf8, "list.csv"))
    table = timed("read_table CSV cp1251", lambda: read_table(csv_1251, "list.csv"))
    timed("read_table XLSX", lambda: read_table(workbook, "list.xlsx"))
    mapping = suggest_mapping(table.headers)
    report = timed("validate", lambda: validate(table, mapping, reference_date=date(2025, 6, 15)))
    print(f"clean rows {len(report.rows)}, problems {len(report.problems)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
