"""nutgraf for polars: analyze a Series or a DataFrame column of texts into a DataFrame.

>>> import polars as pl, nutgraf.polars
>>> df = pl.DataFrame({"text": ["Angela Merkel traf Emmanuel Macron in Paris."]})
>>> pl.concat([df, nutgraf.polars.analyze(df)], how="horizontal")  # doctest: +SKIP

Needs polars (``pip install "nutgraf[polars]"``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _tabular

if TYPE_CHECKING:
    import polars as pl

    from . import Analyzer

__all__ = ["analyze"]


def _polars() -> Any:
    return _tabular.require("polars")


def _schema(pl: Any, long: bool) -> dict[str, Any]:
    if long:
        return {
            "doc": pl.Int64,
            "entity": pl.String,
            "label": pl.String,
            "count": pl.Int64,
            "salience": pl.Float64,
            "error": pl.String,
        }
    scored = pl.List(pl.Struct({"label": pl.String, "score": pl.Float64}))
    schema = {
        "language": pl.String,
        "title": pl.String,
        "summary": pl.String,
        "top_topic": pl.String,
        "top_topic_score": pl.Float64,
        "topics": scored,
        "entities": pl.List(
            pl.Struct(
                {
                    "name": pl.String,
                    "label": pl.String,
                    "count": pl.Int64,
                    "salience": pl.Float64,
                }
            )
        ),
    }
    if _tabular.has_keyphrases():
        schema["keyphrases"] = pl.List(pl.Struct({"text": pl.String, "score": pl.Float64}))
    schema["error"] = pl.String
    return schema


def analyze(
    data: pl.Series | pl.DataFrame,
    *,
    text_col: str = "text",
    threads: int | None = None,
    long: bool = False,
    html: bool = False,
    batch_size: int = 256,
    analyzer: Analyzer | None = None,
    **options: Any,
) -> pl.DataFrame:
    """Analyzes every text of a Series (or of ``data[text_col]`` for a DataFrame).

    The same columns as :func:`nutgraf.pandas.analyze`, one row per input row in order
    (polars has no index: combine with ``pl.concat([df, result], how="horizontal")``).
    With ``long=True``, one row per entity; ``doc`` is the input row number.
    """
    pl = _polars()
    if isinstance(data, pl.DataFrame):
        if text_col not in data.columns:
            raise KeyError(f"no column {text_col!r} in the DataFrame")
        series = data.get_column(text_col)
    elif isinstance(data, pl.Series):
        series = data
    else:
        raise TypeError(f"data must be a polars Series or DataFrame, got {type(data).__name__}")
    nlp = _tabular.make_analyzer(analyzer, options)
    rows = _tabular.analyze_rows(
        series.to_list(), nlp, threads=threads, batch_size=batch_size, html=html
    )
    if long:
        rows = [r for i, row in enumerate(rows) for r in _tabular.long_rows(i, row)]
    return pl.DataFrame(rows, schema=_schema(pl, long), orient="row")
