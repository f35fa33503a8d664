"""Rows of analysis results for data frames (pandas, polars, Spark): one plain dict per
input text, with an ``error`` instead of an exception for texts that could not be analyzed.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import Analyzer
    from ._doc import Doc


def require(module: str) -> Any:
    """Imports an optional dependency, or raises ImportError saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"nutgraf.{module} needs {module}: pip install {module} (or nutgraf[{module}])"
        ) from exc


def has_keyphrases() -> bool:
    """Whether this version's :class:`~nutgraf.Doc` carries keyphrases."""
    from ._doc import Doc

    return "keyphrases" in getattr(Doc, "__dataclass_fields__", {})


#: Columns of the wide result, in order (``keyphrases`` only when :func:`has_keyphrases`).
def columns() -> list[str]:
    """Column names of the wide result, in order."""
    cols = ["language", "title", "summary", "top_topic", "top_topic_score", "topics", "entities"]
    if has_keyphrases():
        cols.append("keyphrases")
    return [*cols, "error"]


#: Columns of the long result (one row per entity), after the document key.
LONG_COLUMNS = ["entity", "label", "count", "salience", "error"]


def _item(obj: Any, key: str) -> Any:
    return obj[key] if isinstance(obj, dict) else getattr(obj, key)


def doc_row(doc: Doc) -> dict[str, Any]:
    """The wide row of one analyzed document."""
    top = doc.top_topic
    row: dict[str, Any] = {
        "language": doc.language,
        "title": doc.title,
        "summary": doc.summary_text,
        "top_topic": top.label if top else None,
        "top_topic_score": float(top.score) if top else None,
        "topics": [{"label": t.label, "score": float(t.score)} for t in doc.topics],
        "entities": [
            {"name": e.name, "label": e.label, "count": e.count, "salience": float(e.salience)}
            for e in doc.entities
        ],
    }
    if has_keyphrases():
        row["keyphrases"] = [
            {"text": _item(k, "text"), "score": float(_item(k, "score"))}
            for k in getattr(doc, "keyphrases", None) or []
        ]
    row["error"] = None
    return row


def error_row(error: str) -> dict[str, Any]:
    """The wide row of a document that could not be analyzed."""
    row: dict[str, Any] = dict.fromkeys(columns())
    row.update(topics=[], entities=[], error=error)
    if has_keyphrases():
        row["keyphrases"] = []
    return row


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _bad_text(value: object) -> str | None:
    if isinstance(value, str):
        return None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "InvalidInputError: missing text"
    return f"InvalidInputError: text must be str, got {type(value).__name__}"


def analyze_rows(
    texts: Sequence[object],
    analyzer: Analyzer,
    *,
    threads: int | None = None,
    batch_size: int = 256,
    html: bool = False,
) -> list[dict[str, Any]]:
    """Analyzes ``texts`` and returns one wide row per text, in order. Texts that are not
    ``str`` (``None``, NaN, numbers) and texts the analyzer rejects get an error row."""
    rows: list[dict[str, Any] | None] = [None] * len(texts)
    valid: list[int] = []
    for i, t in enumerate(texts):
        bad = _bad_text(t)
        if bad is None:
            valid.append(i)
        else:
            rows[i] = error_row(bad)
    results = analyzer.pipe(
        (texts[i] for i in valid),  # type: ignore[misc]
        threads=threads,
        batch_size=batch_size,
        html=html,
        errors="return",
    )
    for i, result in zip(valid, results):
        if isinstance(result, BaseException):
            rows[i] = error_row(_describe(result))
        else:
            rows[i] = doc_row(result)
    return rows  # type: ignore[return-value]


def long_rows(key: Any, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The long rows of one wide row: one per entity, or one error row (``key`` names the
    document). A document without entities and without error has no rows."""
    if row["error"] is not None:
        return [{"doc": key, **dict.fromkeys(LONG_COLUMNS), "error": row["error"]}]
    return [
        {
            "doc": key,
            "entity": e["name"],
            "label": e["label"],
            "count": e["count"],
            "salience": e["salience"],
            "error": None,
        }
        for e in row["entities"]
    ]


def make_analyzer(analyzer: Analyzer | None, options: dict[str, Any] | None) -> Analyzer:
    """The given analyzer, or a new one built with ``options``."""
    from . import Analyzer

    if analyzer is not None:
        if options:
            raise TypeError("pass either analyzer= or analyzer options, not both")
        return analyzer
    return Analyzer(**(options or {}))
