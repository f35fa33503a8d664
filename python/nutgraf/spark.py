"""nutgraf for Spark: analyze a text column of a Spark DataFrame on the executors.

>>> import nutgraf.spark
>>> result = nutgraf.spark.analyze(df, text_col="body", id_col="url")  # doctest: +SKIP
>>> result.where("error IS NULL").select("url", "top_topic", "summary").show()  # doctest: +SKIP

Runs with ``mapInPandas``: each executor's Python worker process builds one
:class:`nutgraf.Analyzer` (cached at module level, so reused across partitions and tasks)
and analyzes its partitions batch by batch. The result has a declared schema
(:func:`result_schema`), and a text that cannot be analyzed gives a row with ``error`` set
instead of failing the job. Needs pyspark and pyarrow (``pip install "nutgraf[spark]"``);
nutgraf must be installed on the executors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import _tabular

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

    from . import Analyzer

__all__ = ["analyze", "result_schema"]

# One analyzer per worker process and option set (built on first use on the executor).
_ANALYZERS: dict[tuple[tuple[str, Any], ...], Analyzer] = {}


def _analyzer(options: dict[str, Any]) -> Analyzer:
    key = tuple(sorted(options.items()))
    nlp = _ANALYZERS.get(key)
    if nlp is None:
        from . import Analyzer

        nlp = _ANALYZERS[key] = Analyzer(**options)
    return nlp


def _types() -> Any:
    try:
        from pyspark.sql import types
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "nutgraf.spark needs pyspark and pyarrow: pip install pyspark pyarrow "
            "(or nutgraf[spark])"
        ) from exc
    return types


def result_schema() -> StructType:
    """The Spark schema of the analysis columns that :func:`analyze` adds."""
    t = _types()

    def scored(name: str) -> Any:
        return t.ArrayType(
            t.StructType(
                [t.StructField(name, t.StringType()), t.StructField("score", t.DoubleType())]
            )
        )

    fields = [
        t.StructField("language", t.StringType()),
        t.StructField("title", t.StringType()),
        t.StructField("summary", t.StringType()),
        t.StructField("top_topic", t.StringType()),
        t.StructField("top_topic_score", t.DoubleType()),
        t.StructField("topics", scored("label")),
        t.StructField(
            "entities",
            t.ArrayType(
                t.StructType(
                    [
                        t.StructField("name", t.StringType()),
                        t.StructField("label", t.StringType()),
                        t.StructField("count", t.LongType()),
                        t.StructField("salience", t.DoubleType()),
                    ]
                )
            ),
        ),
    ]
    if _tabular.has_keyphrases():
        fields.append(t.StructField("keyphrases", scored("text")))
    fields.append(t.StructField("error", t.StringType()))
    return t.StructType(fields)


def _analyze_partition(
    batches: Iterator[pd.DataFrame],
    text_col: str,
    keep: list[str],
    options: dict[str, Any],
    threads: int | None,
    html: bool,
) -> Iterator[pd.DataFrame]:
    import pandas as pd

    nlp = _analyzer(options)
    cols = _tabular.columns()
    for pdf in batches:
        rows = _tabular.analyze_rows(pdf[text_col].tolist(), nlp, threads=threads, html=html)
        out = pd.DataFrame(rows, columns=cols, index=pdf.index)
        yield pd.concat([pdf[keep], out], axis=1)


def analyze(
    df: DataFrame,
    *,
    text_col: str = "text",
    id_col: str | None = None,
    threads: int | None = 1,
    html: bool = False,
    **options: Any,
) -> DataFrame:
    """Analyzes ``df[text_col]`` on the executors; returns a new Spark DataFrame.

    With ``id_col`` the result has that column and the analysis columns (join it back on
    the id); without, it has all input columns but the text, then the analysis columns:
    ``language``, ``title``, ``summary``, ``top_topic``, ``top_topic_score``, ``topics``,
    ``entities``, ``keyphrases`` (when the installed nutgraf computes them) and ``error``
    (see :func:`result_schema`). ``threads`` is per Spark task (default 1: Spark already
    runs one task per core); ``options`` are :class:`nutgraf.Analyzer` options.
    """
    t = _types()
    if text_col not in df.columns:
        raise KeyError(f"no column {text_col!r} in the DataFrame")
    if id_col is not None and id_col not in df.columns:
        raise KeyError(f"no column {id_col!r} in the DataFrame")
    if not isinstance(df.schema[text_col].dataType, t.StringType):
        raise TypeError(f"column {text_col!r} must be a string column")
    keep = [id_col] if id_col is not None else [c for c in df.columns if c != text_col]
    schema = t.StructType([df.schema[c] for c in keep] + result_schema().fields)
    # fail early on bad options, on the driver, rather than in every task
    _analyzer(options)

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        return _analyze_partition(batches, text_col, keep, options, threads, html)

    return df.select(*keep, text_col).mapInPandas(run, schema=schema)
