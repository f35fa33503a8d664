"""Evaluation of the built-in models on the public datasets: topic accuracy and ROUGE of
summaries, as ``nutgraf eval topics`` and ``nutgraf eval summary`` print them. Wraps the Rust
evaluation (``_nutgraf.evaluate_*``); computes no scores of its own."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from . import _nutgraf
from ._doc import Topic
from ._topics import TopicModel

DEFAULT_DATA_DIR = "../shared/data"


@dataclass(frozen=True)
class ClassScore:
    """F1 of one dataset class (in [0, 1]) and its number of gold examples."""

    f1: float
    n: int


@dataclass(frozen=True)
class Calibration:
    """Calibration of the scores over every (example, label) pair: Brier score and expected
    calibration error (10 bins)."""

    brier: float
    ece: float


@dataclass(frozen=True)
class TopicPrediction:
    """One evaluated example: its gold class, the class of the model's top label (``None``
    when that label has no equivalent in the dataset) and every label's score."""

    id: str
    gold: str
    predicted: str | None
    topics: list[Topic]


@dataclass(frozen=True)
class TopicReport:
    """The result of :func:`evaluate_topics`; ``str(report)`` is the CLI's text."""

    name: str
    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassScore]
    calibration: Calibration | None
    predictions: list[TopicPrediction] = field(repr=False)
    text: str = field(repr=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Rouge:
    """Mean ROUGE F1 scores over the documents, in percent (as the CLI prints them)."""

    rouge1: float
    rouge2: float
    rougeL: float
    rougeLsum: float


@dataclass(frozen=True)
class SummaryReport:
    """The result of :func:`evaluate_summaries`: ROUGE of nutgraf's summaries and of the
    lead baseline (the first ``k`` sentences); ``str(report)`` is the CLI's text."""

    dataset: str
    split: str
    n: int
    k: int | None
    nutgraf: Rouge
    lead: Rouge
    seconds: float
    text: str = field(repr=False)

    def __str__(self) -> str:
        return self.text


def evaluate_topics(
    dataset: str,
    *,
    data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR,
    split: str = "test",
    model: TopicModel | str | os.PathLike[str] | None = None,
) -> TopicReport:
    """Scores a topic model (the built-in one by default; a :class:`TopicModel` or a model
    file) on one split of a dataset in ``data_dir`` (laid out like the project's
    ``shared/data``), like ``nutgraf eval topics``.

    ``dataset``: ``bbc``, ``sib200-LANG`` (e.g. ``sib200-deu``), ``sib200-all``, ``10kgnad``
    or ``agnews``; ``split``: ``test``, ``dev``, ``train`` or ``all``. The top label of each
    text, mapped to the dataset's classes, is compared with the gold class: accuracy and
    macro-F1 are in [0, 1]. Raises :class:`ConfigError` for an unknown dataset or split.
    """
    if isinstance(model, (str, os.PathLike)):
        model = TopicModel.load(model)
    elif model is not None and not isinstance(model, TopicModel):
        raise TypeError(f"model must be a TopicModel, a path or None, got {type(model).__name__}")
    raw = json.loads(
        _nutgraf.evaluate_topics(
            str(dataset), os.fspath(data_dir), str(split), None if model is None else model._rust
        )
    )
    return TopicReport(
        name=raw["name"],
        n=raw["n"],
        accuracy=raw["accuracy"],
        macro_f1=raw["macro_f1"],
        per_class={c["class"]: ClassScore(f1=c["f1"], n=c["n"]) for c in raw["per_class"]},
        calibration=None if raw["calibration"] is None else Calibration(**raw["calibration"]),
        predictions=[
            TopicPrediction(
                id=p["id"],
                gold=p["gold"],
                predicted=p["predicted"],
                topics=[Topic(label=t["label"], score=t["score"]) for t in p["topics"]],
            )
            for p in raw["predictions"]
        ],
        text=raw["text"],
    )


def evaluate_summaries(
    dataset: str,
    *,
    data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR,
    split: str = "test",
    sentences: int | None = None,
) -> SummaryReport:
    """ROUGE-1/2/L/Lsum of the built-in summarizer and of the lead baseline on one split of a
    summary dataset in ``data_dir``, like ``nutgraf eval summary`` (the conventions of
    EVAL.md: English stemmed, German ``\\w+`` tokens).

    ``dataset``: ``bbc`` (split ``test`` or ``train``) or ``klexikon`` (``test``,
    ``validation`` or ``train``); ``sentences``: summary length (default 3 for BBC, 15 for
    Klexikon). Raises :class:`ConfigError` for an unknown dataset or split.
    """
    if sentences is not None and (
        isinstance(sentences, bool) or not isinstance(sentences, int) or sentences < 1
    ):
        raise _nutgraf.ConfigError(f"sentences must be a positive int or None, got {sentences!r}")
    raw = json.loads(
        _nutgraf.evaluate_summaries(str(dataset), os.fspath(data_dir), str(split), sentences)
    )
    return SummaryReport(
        dataset=raw["dataset"],
        split=raw["split"],
        n=raw["n"],
        k=raw["k"],
        nutgraf=Rouge(**raw["nutgraf"]),
        lead=Rouge(**raw["lead"]),
        seconds=raw["seconds"],
        text=raw["text"],
    )
