"""Record linkage across scripts: `link` two lists, `dedupe` one, `SearchIndex` for one record.

Framework-free: imports nothing of Django, runs on DuckDB in process or on Spark. Names are
resolved on first use so that `corridor.linkage.synthetic` and `.metrics` load without the
engine's dependencies.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "DEFAULT_THRESHOLD": "corridor.linkage.engine",
    "DedupeResult": "corridor.linkage.engine",
    "LinkResult": "corridor.linkage.engine",
    "Settings": "corridor.linkage.engine",
    "dedupe": "corridor.linkage.engine",
    "link": "corridor.linkage.engine",
    "DuckDBBackend": "corridor.linkage.backends",
    "SparkBackend": "corridor.linkage.backends",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
