"""Uploaded lists, framework-free: read a file into a table, suggest columns, validate rows.

Public interface:

- ``read_table(data, filename, sheet)`` / ``list_sheets`` — CSV/TSV in any of the encodings
  field offices use, XLSX, XLS, XLSB, ODS; ``SheetError`` for a file that cannot be read
  (corridor.imports.sheets).
- ``suggest_mapping(headers)`` — header words in ru/uk/en to ``FIELDS``
  (corridor.imports.columns).
- ``validate(table, mapping, reference_date=...)`` — every row checked, ``Report`` of clean
  rows and problems as codes with parameters; ``describe`` for an English line
  (corridor.imports.rows).

Nothing here imports Django; the import app translates codes and stores what passed.
"""
