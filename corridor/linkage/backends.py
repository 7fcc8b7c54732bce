"""Where the set-based work runs: DuckDB in process (default) or Apache Spark (scale-out).

Both take the same Arrow tables and the same SQL (the common subset of the two dialects),
so on the same input they produce the same candidate pairs and comparison levels.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import Protocol

import pyarrow as pa


class Backend(Protocol):
    """Runs SQL over registered Arrow tables."""

    name: str

    def register(self, name: str, table: pa.Table) -> None: ...

    def query(self, sql: str) -> pa.Table: ...

    def close(self) -> None: ...


class DuckDBBackend:
    """The embedded default: DuckDB in this process, spilling to disk past its memory limit."""

    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = "1GB") -> None:
        import duckdb

        self._con = duckdb.connect(":memory:")
        # An in-memory database spills to disk only with a temporary directory.
        self._spill = tempfile.mkdtemp(prefix="corridor-duckdb-")
        self._con.execute(f"SET temp_directory = '{self._spill}'")
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self._con.execute(f"SET memory_limit = '{memory_limit}'")
        self._con.execute("SET preserve_insertion_order = false")
        self._con.execute("SET enable_progress_bar = false")

    def register(self, name: str, table: pa.Table) -> None:
        self._con.register(f"{name}_arrow", table)
        self._con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
        self._con.unregister(f"{name}_arrow")

    def materialise(self, name: str, sql: str) -> None:
        self._con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")

    def query(self, sql: str) -> pa.Table:
        return self._con.sql(sql).to_arrow_table()

    def close(self) -> None:
        self._con.close()
        shutil.rmtree(self._spill, ignore_errors=True)


class SparkBackend:
    """Apache Spark through PySpark (local mode in tests; a cluster for tens of millions)."""

    name = "spark"

    def __init__(self, spark=None) -> None:  # type: ignore[no-untyped-def]
        if spark is None:
            from pyspark.sql import SparkSession

            spark = (
                SparkSession.builder.master("local[2]")
                .appName("corridor-linkage")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.ansi.enabled", "false")
                .getOrCreate()
            )
        self._spark = spark

    def register(self, name: str, table: pa.Table) -> None:
        frame = self._spark.createDataFrame(table.to_pandas(), schema=_spark_schema(table.schema))
        frame.createOrReplaceTempView(name)

    def materialise(self, name: str, sql: str) -> None:
        self._spark.sql(sql).cache().createOrReplaceTempView(name)

    def query(self, sql: str) -> pa.Table:
        return self._spark.sql(sql).toArrow()

    def close(self) -> None:
        self._spark.catalog.clearCache()


def _spark_schema(schema: pa.Schema):  # type: ignore[no-untyped-def]
    from pyspark.sql import types as T

    mapping = {
        pa.string(): T.StringType(),
        pa.int64(): T.LongType(),
        pa.int32(): T.IntegerType(),
        pa.int8(): T.ByteType(),
        pa.float64(): T.DoubleType(),
    }
    return T.StructType([T.StructField(f.name, mapping[f.type], True) for f in schema])
