"""PFIF, Person Finder's interchange format (1.1–1.4 read, 1.4 written).

- ``pfif.py``, ``pfif_read.py``, ``pfif_write.py`` — the framework-free core: records, safe
  parsing, serialising, validation. They import nothing from Django.
- ``mapping.py`` (PFIF records to registry rows and back), ``services.py`` (import and
  export, audited), ``models.py`` + ``export_requests.py`` (an export needs a recorded
  purpose and a data protection officer's approval, and is downloaded once), ``api.py``,
  the pages and the ``export pfif`` / ``import-pfif`` commands — the Django side.
"""
