"""Spark: nutgraf.spark.analyze with pyspark in local mode (local[2])."""

import os
import sys

import pytest
from conftest import need


@pytest.fixture(scope="module")
def spark():
    need("pyspark")
    need("pyarrow")
    from pyspark.sql import SparkSession

    # the workers must run this interpreter, which has nutgraf installed
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("nutgraf-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_analyze(spark, nlp):
    import nutgraf.spark

    rows = [
        (
            i,
            f"Angela Merkel traf Emmanuel Macron am {i}. Mai in Paris. Dann flog sie nach Berlin.",
        )
        for i in range(1, 41)
    ]
    rows += [(100, ""), (101, None), (102, "The European Commission fined Google in Brussels.")]
    df = spark.createDataFrame(rows, "id long, body string").repartition(3)
    out = nutgraf.spark.analyze(df, text_col="body", id_col="id")
    assert out.columns[0] == "id" and out.columns[-1] == "error"
    assert out.schema["entities"].dataType.elementType["label"].dataType.typeName() == "string"
    got = {r["id"]: r for r in out.collect()}
    assert set(got) == {r[0] for r in rows}  # every input row exactly once
    assert len(out.collect()) == len(rows)
    first = got[1]
    assert first["error"] is None and first["language"] == "de"
    assert ("Angela Merkel", "PER") in {(e["name"], e["label"]) for e in first["entities"]}
    assert first["summary"] == nlp(rows[0][1]).summary_text
    assert got[100]["error"].startswith("EmptyInputError")
    assert got[101]["error"] == "InvalidInputError: missing text"
    assert got[102]["language"] == "en" and got[102]["top_topic"] is not None

    # without id_col: the other input columns are kept
    kept = nutgraf.spark.analyze(df.withColumnRenamed("body", "text"))
    assert kept.columns[:2] == ["id", "language"] and kept.count() == len(rows)


def test_spark_bad_column(spark):
    import nutgraf.spark

    df = spark.createDataFrame([(1, 2)], "id long, n long")
    with pytest.raises(KeyError):
        nutgraf.spark.analyze(df, text_col="text")
    with pytest.raises(TypeError):
        nutgraf.spark.analyze(df, text_col="n")
