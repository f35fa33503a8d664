"""Evaluate and train named-entity taggers from Python: the same numbers as
``nutgraf eval ner`` and the same model files as ``nutgraf train ner``.

>>> ev = nutgraf.evaluate_ner("test.tsv", "en")  # doctest: +SKIP
>>> ev.f1, ev.scores.per_label["PER"].f1  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union

from . import _nutgraf
from ._nutgraf import ConfigError

PathLike = Union[str, "os.PathLike[str]"]
Paths = Union[PathLike, Sequence[PathLike], None]
#: A document: sentences of ``(token, tag)`` pairs, tags ``B-PER``, ``I-LOC``, ``O`` ...
Document = Sequence[Sequence[tuple[str, str]]]


@dataclass(frozen=True)
class LabelScores:
    """Entity-level scores of one label (or of all labels): percentages and counts."""

    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int


@dataclass(frozen=True)
class NerScores(LabelScores):
    """Entity-level scores (conlleval style: exact span and label) overall, as in
    :class:`LabelScores`, and ``per_label``. ``accuracy`` is the token accuracy in percent
    (None for scores of byte spans)."""

    tokens: int
    accuracy: float | None
    per_label: dict[str, LabelScores]

    @classmethod
    def _from(cls, d: dict[str, Any]) -> NerScores:
        labels = {k: LabelScores(**v) for k, v in d.pop("per_label").items()}
        return cls(per_label=labels, **d)


@dataclass(frozen=True)
class NerEvaluation:
    """The result of :func:`evaluate_ner`: the tagger's ``scores``, with ``pipeline=True``
    the scores of the whole entity stage (``pipeline_recognizer``: the recognizer's mentions
    by byte span; ``pipeline_grouped``: after the document-level rules; documents scored and
    left out because text preparation changed them), and ``report``, the text that
    ``nutgraf eval ner`` prints."""

    scores: NerScores
    report: str
    seconds: float
    pipeline_recognizer: NerScores | None = None
    pipeline_grouped: NerScores | None = None
    pipeline_docs: int = 0
    pipeline_changed: int = 0

    @property
    def precision(self) -> float:
        """Overall precision in percent."""
        return self.scores.precision

    @property
    def recall(self) -> float:
        """Overall recall in percent."""
        return self.scores.recall

    @property
    def f1(self) -> float:
        """Overall F1 in percent."""
        return self.scores.f1


@dataclass(frozen=True)
class NerTraining:
    """The result of :func:`train_ner`: where the model was written, its size, how it was
    trained, the epochs selected on dev by a final fit (else None) and the dev scores per
    text domain of the model selected on dev."""

    output: str
    bytes: int
    weight_rows: int
    description: str
    epochs: tuple[int, int] | None
    dev_f1: tuple[float, float] | None
    dev: dict[str, NerScores]


def _path(p: PathLike | None) -> str | None:
    return None if p is None else os.fspath(p)


def _paths(p: Paths) -> list[str]:
    if p is None:
        return []
    if isinstance(p, (str, os.PathLike)):
        return [os.fspath(p)]
    return [os.fspath(x) for x in p]


def evaluate_ner(
    path_or_docs: PathLike | Sequence[Document],
    language: str,
    *,
    model: PathLike | None = None,
    domain: str = "news",
    no_misc: bool = False,
    pipeline: bool = False,
) -> NerEvaluation:
    """Scores an entity model on labelled data, like ``nutgraf eval ner``.

    Args:
        path_or_docs: a CoNLL-style file (token in the first column, IOB tag in the last,
            blank lines between sentences, ``-DOCSTART-`` lines between documents), or
            documents, each a list of sentences of ``(token, tag)`` pairs.
        language: language of the built-in model (``en``, ``de``, ``es``, ``fr``, ``nl``,
            ``pt``) and of text preparation in the pipeline scores.
        model: a model file (from :func:`train_ner`) instead of the built-in model.
        domain: text domain, ``"news"`` or ``"wiki"`` (wiki weights of models trained with
            wiki data).
        no_misc: map MISC to O in gold and predictions.
        pipeline: also score the whole entity stage, text in, by byte span.

    Raises :class:`DataError` for malformed data, :class:`NutgrafError` when the file cannot
    be read, :class:`UnsupportedLanguageError` for a language without a built-in model.
    """
    path: str | None = None
    docs: list[list[list[tuple[str, str]]]] | None = None
    if isinstance(path_or_docs, (str, os.PathLike)):
        path = os.fspath(path_or_docs)
    elif isinstance(path_or_docs, Sequence):
        docs = [[[(str(t), str(g)) for t, g in s] for s in d] for d in path_or_docs]
    else:
        raise ConfigError(
            f"path_or_docs must be a path or a list of documents, got {type(path_or_docs).__name__}"
        )
    out = json.loads(
        _nutgraf.evaluate_ner_json(
            language,
            path=path,
            docs=docs,
            model=_path(model),
            domain=domain,
            no_misc=no_misc,
            pipeline=pipeline,
        )
    )
    pipe = out["pipeline"] or {}
    return NerEvaluation(
        scores=NerScores._from(out["scores"]),
        report=out["report"],
        seconds=out["seconds"],
        pipeline_recognizer=NerScores._from(pipe["recognizer"]) if pipe else None,
        pipeline_grouped=NerScores._from(pipe["grouped"]) if pipe else None,
        pipeline_docs=pipe.get("docs", 0),
        pipeline_changed=pipe.get("changed", 0),
    )


def train_ner(
    language: str,
    output: PathLike,
    *,
    train: Paths = None,
    dev: PathLike | None = None,
    train_no_misc: Paths = None,
    train_wiki: Paths = None,
    dev_domain: str = "news",
    dev_no_misc: bool = False,
    dev_wiki: PathLike | None = None,
    data_dir: PathLike = "../shared/data",
    epochs: int = 20,
    patience: int = 4,
    folds: int = 5,
    stage2: bool = True,
    harvest: bool = True,
    gazetteers: bool = True,
    prune: float = 0.0,
    min_count: int = 1,
    seed: int = 1,
    clusters: PathLike | None = None,
    seed_runs: int = 1,
    final_fit: bool = False,
    final_train_wiki: Paths = None,
    selected_output: PathLike | None = None,
    gazetteer_conll: Paths = None,
    teacher: PathLike | None = None,
    unlabeled: Paths = None,
    verbose: bool = False,
) -> NerTraining:
    """Trains an entity tagger and writes it to ``output``, like ``nutgraf train ner``
    (the same options, the same model file). Score it with ``evaluate_ner(..., model=output)``
    or tag with ``nutgraf tag --model``.

    Args:
        language: language code stored in the model; without ``train`` files it selects the
            default recipe of the data folder.
        output: where to write the model file.
        train, train_no_misc: CoNLL-style training files, with and without a MISC class.
        dev: dev file for early stopping (``dev_domain``, ``dev_no_misc`` describe it).
        train_wiki, dev_wiki: Wikipedia-style files without MISC (wiki-domain features).
        data_dir: folder of the default recipes and of the country and first-name lists
            (``gazetteers=False`` to train without those lists).
        epochs, patience, folds, seed, seed_runs: maximum epochs per stage, early-stopping
            patience, jackknifing folds, shuffling seed, runs averaged per stage.
        stage2, harvest, prune, min_count: the document-level second stage, entity strings
            of the training data as a gazetteer, weight pruning, feature count cut-off.
        clusters: a word clusters file to use as features.
        final_fit: select the epochs on dev, then retrain on train + dev
            (+ ``final_train_wiki``); ``selected_output`` receives the dev-selected model.
        gazetteer_conll: labelled files whose entity strings join the gazetteer.
        teacher, unlabeled: distillation: a transformer NER folder that labels the
            ``unlabeled`` texts (JSONL field ``text`` or CSV column ``text``) as more training
            data; the model card goes beside ``output`` (``.md``). Needs a nutgraf built with
            the transformer tier.
        verbose: print the training progress on standard error.

    Raises :class:`DataError` for malformed or missing training data,
    :class:`NutgrafError` when a file cannot be read or written, :class:`ConfigError` for
    bad options.
    """
    for name, value in (("epochs", epochs), ("folds", folds), ("seed_runs", seed_runs)):
        if not isinstance(value, int) or value < 1:
            raise ConfigError(f"{name} must be a positive int, got {value!r}")
    config = {
        "language": language,
        "train": _paths(train),
        "train_no_misc": _paths(train_no_misc),
        "train_wiki": _paths(train_wiki),
        "dev": _path(dev),
        "dev_domain": dev_domain,
        "dev_no_misc": dev_no_misc,
        "dev_wiki": _path(dev_wiki),
        "data_dir": os.fspath(data_dir),
        "epochs": epochs,
        "patience": patience,
        "folds": folds,
        "stage2": stage2,
        "harvest": harvest,
        "gazetteers": gazetteers,
        "prune": prune,
        "min_count": min_count,
        "seed": seed,
        "clusters": _path(clusters),
        "seed_runs": seed_runs,
        "final_fit": final_fit,
        "final_train_wiki": _paths(final_train_wiki),
        "gazetteer_conll": _paths(gazetteer_conll),
        "teacher": _path(teacher),
        "unlabeled": _paths(unlabeled),
    }
    if (teacher is None) != (not unlabeled):
        raise ConfigError("teacher and unlabeled go together")
    if (selected_output is not None or final_train_wiki) and not final_fit:
        raise ConfigError("selected_output and final_train_wiki need final_fit=True")
    out = json.loads(
        _nutgraf.train_ner_json(
            json.dumps(config), os.fspath(output), _path(selected_output), verbose
        )
    )
    sel = out["selected"]
    return NerTraining(
        output=out["output"],
        bytes=out["bytes"],
        weight_rows=out["weight_rows"],
        description=out["description"],
        epochs=tuple(sel["epochs"]) if sel else None,
        dev_f1=tuple(sel["dev_f1"]) if sel else None,
        dev={k: NerScores._from(v) for k, v in out["dev"].items()},
    )
