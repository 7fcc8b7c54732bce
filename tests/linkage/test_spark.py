"""The same linkage on PySpark (local mode) and on the embedded DuckDB gives the same pairs."""

import datetime
import shutil

import pytest

from corridor.linkage.synthetic import generate

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime")


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("corridor-test")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    assert pyspark.__version__
    yield session
    session.stop()


def test_spark_and_duckdb_give_the_same_pairs(spark):
    from corridor.linkage import DuckDBBackend, Settings, SparkBackend, link

    scenario = generate(1500, seed=7)
    left, right = scenario.requests.to_dicts(), scenario.registry.to_dicts()
    settings = Settings(reference_date=datetime.date(2025, 3, 1), threshold=0.5)
    on_duckdb = link(left, right, settings, DuckDBBackend())
    on_spark = link(left, right, settings, SparkBackend(spark))
    assert on_duckdb.candidates == on_spark.candidates
    flat = [x for level in on_duckdb.params.m for x in level]
    assert flat == pytest.approx([x for level in on_spark.params.m for x in level])
    assert on_duckdb.params.iterations > 0  # estimated by EM, not the small-list defaults
    duck = {(a, b): p for a, b, p in on_duckdb.pairs()}
    sprk = {(a, b): p for a, b, p in on_spark.pairs()}
    assert duck.keys() == sprk.keys()
    assert len(duck) > 50
    for key, p in duck.items():
        assert sprk[key] == pytest.approx(p, abs=1e-9)
