"""nutgraf for pandas: analyze a Series or a DataFrame column of texts into a DataFrame.

>>> import pandas as pd, nutgraf.pandas
>>> df = pd.DataFrame({"text": ["Angela Merkel traf Emmanuel Macron in Paris."]})
>>> df.join(nutgraf.pandas.analyze(df))  # doctest: +SKIP

Needs pandas (``pip install "nutgraf[pandas]"``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _tabular

if TYPE_CHECKING:
    import pandas as pd

    from . import Analyzer

__all__ = ["analyze"]


def _pandas() -> Any:
    return _tabular.require("pandas")


def analyze(
    data: pd.Series | pd.DataFrame,
    *,
    text_col: str = "text",
    threads: int | None = None,
    long: bool = False,
    html: bool = False,
    batch_size: int = 256,
    analyzer: Analyzer | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Analyzes every text of a Series (or of ``data[text_col]`` for a DataFrame).

    Returns a DataFrame with the input's index and the columns ``language``, ``title``,
    ``summary``, ``top_topic``, ``top_topic_score``, ``topics`` (list of ``{label, score}``),
    ``entities`` (list of ``{name, label, count, salience}``), ``keyphrases`` (when the
    installed nutgraf computes them) and ``error``: texts that could not be analyzed
    (empty, missing, not a string, too large) get a row with ``error`` set instead of raising,
    so ``df.join(result)`` lines up.

    With ``long=True`` the result has one row per entity instead: ``doc`` (the input's index
    label), ``entity``, ``label``, ``count``, ``salience`` and ``error`` (a failed document
    gives one row with only ``error`` set; a document without entities gives no row).

    Texts are analyzed in parallel on ``threads`` threads (all cores if None). Pass an
    existing ``analyzer=`` or :class:`nutgraf.Analyzer` options (e.g. ``language="de"``).
    """
    pd = _pandas()
    if isinstance(data, pd.DataFrame):
        if text_col not in data.columns:
            raise KeyError(f"no column {text_col!r} in the DataFrame")
        series = data[text_col]
    elif isinstance(data, pd.Series):
        series = data
    else:
        raise TypeError(f"data must be a pandas Series or DataFrame, got {type(data).__name__}")
    nlp = _tabular.make_analyzer(analyzer, options)
    rows = _tabular.analyze_rows(
        series.tolist(), nlp, threads=threads, batch_size=batch_size, html=html
    )
    if not long:
        return pd.DataFrame(rows, index=series.index, columns=_tabular.columns())
    long_rows = [r for key, row in zip(series.index, rows) for r in _tabular.long_rows(key, row)]
    return pd.DataFrame(long_rows, columns=["doc", *_tabular.LONG_COLUMNS])
