"""Custom topic models: train your own, seed one with keywords, retrain the built-in recipe,
save, load, classify. Wraps ``_nutgraf.RustTopicModel``; no training logic of its own beyond
checking the arguments."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Union

from . import _nutgraf
from ._doc import Topic
from ._nutgraf import ConfigError, DataError

Labels = Union[str, Sequence[str]]


def _label_lists(labels: Sequence[Labels]) -> list[list[str]]:
    out: list[list[str]] = []
    for i, lab in enumerate(labels):
        if isinstance(lab, str):
            out.append([lab])
        elif isinstance(lab, Iterable) and all(isinstance(x, str) for x in lab):
            out.append(list(lab))
        else:
            raise DataError(f"labels[{i}] must be a str or a list of str, got {lab!r}")
    return out


def _select(
    labels: list[str], scores: Sequence[float], top_k: int | None, threshold: float
) -> list[Topic]:
    topics = sorted(
        (Topic(label=lab, score=float(s)) for lab, s in zip(labels, scores)),
        key=lambda t: -t.score,
    )
    kept = [t for i, t in enumerate(topics) if i == 0 or t.score >= threshold]
    return kept if top_k is None else kept[:top_k]


class TopicModel:
    """A multi-label topic classifier: the built-in news model, one trained on your data, or
    one seeded with keywords. Scores are in [0, 1], returned highest first.

    >>> model = TopicModel.train(texts, labels)  # doctest: +SKIP
    >>> model.save("my-topics.ngm")  # doctest: +SKIP
    >>> nutgraf.Analyzer(topic_model="my-topics.ngm")  # doctest: +SKIP
    """

    def __init__(self, rust: Any) -> None:
        self._rust = rust
        self._labels: list[str] = list(rust.labels())

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[Labels], **settings: Any) -> TopicModel:
        """Trains a model. ``labels[i]`` is one label (str) or several (list of str) of
        ``texts[i]``. Settings (all optional): ``epochs``, ``learning_rate``, ``l2``,
        ``bits``, ``class_balance``, ``calibration_fraction``, ``seed``, ``average``,
        ``char_min``, ``char_max``, ``word_bigrams``, ``word_weight``, ``char_weight``,
        ``max_chars``, ``min_examples_per_label``, ``loss`` (``"logistic"`` or
        ``"squared-hinge"``), ``length_weight``, ``clusters`` (word-cluster files as
        ``"PATH:LEVEL"``, e.g. ``"models/clusters-en.ngm:1"``) and ``cluster_weight``.

        Raises :class:`DataError` for bad data (empty text or label, one class only, too few
        examples of a label, lengths that differ) and :class:`ConfigError` for bad settings.
        """
        if isinstance(texts, str) or not isinstance(texts, Sequence):
            raise DataError("texts must be a list of str")
        if isinstance(labels, str) or not isinstance(labels, Sequence):
            raise DataError("labels must be a list (one entry per text)")
        if len(texts) != len(labels):
            raise DataError(f"{len(texts)} texts but {len(labels)} labels")
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise DataError(f"texts[{i}] must be str, got {type(t).__name__}")
        options = _nutgraf.RustTrainOptions(**settings)
        return cls(_nutgraf.RustTopicModel.train(list(texts), _label_lists(labels), options))

    @classmethod
    def train_jsonl(
        cls,
        path: str | os.PathLike[str],
        *,
        text_field: str = "text",
        labels_field: str = "labels",
        **settings: Any,
    ) -> TopicModel:
        """Trains from a JSON Lines file: one object per line, ``text_field`` holds the text,
        ``labels_field`` a label or a list of labels. A missing field raises
        :class:`DataError` naming the line and the fields it has."""
        texts, labels = _nutgraf.read_topic_jsonl(os.fspath(path), text_field, labels_field)
        options = _nutgraf.RustTrainOptions(**settings)
        return cls(_nutgraf.RustTopicModel.train(texts, labels, options))

    @classmethod
    def from_keywords(
        cls,
        seeds: Mapping[str, str | Iterable[str]],
        *,
        texts: Sequence[str] | None = None,
        keep: float = 0.5,
        **settings: Any,
    ) -> TopicModel:
        """A model without training data: each label gets a few seed terms (any language the
        built-in model covers), e.g. ``{"sports": ["football", "Tor"], ...}``. With ``texts``
        (unlabeled, e.g. your own articles) the seed model labels them and a model is trained
        on the ``keep`` most confident fraction each label wins (pseudo-labelling; usually
        clearly better). Settings: ``lexical_weight``, ``transfer_weight`` (0 = seed terms
        only), ``expansion`` (words per seed from the German/English word clusters),
        ``expansion_weight``, ``slope``, ``offset``. See the README for the limits."""
        if not isinstance(seeds, Mapping):
            raise DataError("seeds must be a mapping label -> seed terms")
        pairs = []
        for label, terms in seeds.items():
            if isinstance(terms, str):
                terms = [terms]
            terms = list(terms)
            if not isinstance(label, str) or not all(isinstance(t, str) for t in terms):
                raise DataError(f"label {label!r}: labels and seed terms must be str")
            pairs.append((label, terms))
        if texts is not None:
            if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
                raise DataError("texts must be a list of str")
            texts = list(texts)
        return cls(_nutgraf.RustTopicModel.from_keywords(pairs, texts=texts, keep=keep, **settings))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> TopicModel:
        """Loads a model file (from :meth:`save` or ``nutgraf train topics``)."""
        return cls(_nutgraf.RustTopicModel.load(os.fspath(path)))

    @classmethod
    def builtin(cls) -> TopicModel:
        """The built-in news topic model."""
        return cls(_nutgraf.RustTopicModel.builtin())

    def save(self, path: str | os.PathLike[str]) -> None:
        """Saves the model to a file."""
        self._rust.save(os.fspath(path))

    @property
    def labels(self) -> list[str]:
        """The labels, in the column order of :meth:`scores`."""
        return list(self._labels)

    @property
    def info(self) -> str:
        """How the model was made."""
        return str(self._rust.info())

    def scores(self, texts: Sequence[str]) -> list[list[float]]:
        """Scores of every label (in :attr:`labels` order) for each text, in parallel."""
        if isinstance(texts, str):
            raise TypeError("scores() takes a list of texts; use predict() for one text")
        return self._rust.scores_batch(list(texts))

    def predict(
        self, text: str, *, top_k: int | None = None, threshold: float = 0.0
    ) -> list[Topic]:
        """Topics of one text, highest score first; at most ``top_k``, only those scoring at
        least ``threshold`` (the top topic is always kept)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        return self.classify([text], top_k=top_k, threshold=threshold)[0]

    def classify(
        self, texts: Sequence[str], *, top_k: int | None = None, threshold: float = 0.0
    ) -> list[list[Topic]]:
        """:meth:`predict` for many texts (in parallel, GIL released)."""
        if top_k is not None and (not isinstance(top_k, int) or top_k < 1):
            raise ConfigError(f"top_k must be a positive int or None, got {top_k!r}")
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"threshold must be in [0, 1], got {threshold!r}")
        return [_select(self._labels, s, top_k, threshold) for s in self.scores(texts)]

    def __repr__(self) -> str:
        return f"TopicModel(labels={self._labels!r})"


def train_topics(
    data_dir: str | os.PathLike[str] = "../shared/data",
    *,
    source_weights: Mapping[str, float] | None = None,
    per_source_balance: bool = False,
    unknown_labels: bool = True,
    **settings: Any,
) -> TopicModel:
    """Trains a topic model with the built-in model's recipe (what ``nutgraf train topics``
    does without ``--data`` or ``--keywords``): the training parts of BBC News, SIB-200,
    10kGNAD and AG News in ``data_dir`` (laid out like the project's ``shared/data``), mapped
    to the news taxonomy and calibrated on their ``dev`` parts.

    ``source_weights`` multiplies the example weights of a source (``bbc``, ``sib200``,
    ``10kgnad``, ``agnews``); ``per_source_balance`` balances the labels within each source;
    ``unknown_labels=False`` trains every taxonomy label as a negative even where a dataset
    label cannot rule it out. ``settings`` are those of :meth:`TopicModel.train`. Score the
    result with ``nutgraf.evaluate_topics(..., split="dev", model=model)``.

    Raises :class:`ConfigError` for bad settings, :class:`DataError` for malformed data and
    :class:`NutgrafError` for a missing file.
    """
    weights = dict(source_weights or {})
    for name, w in weights.items():
        if not isinstance(name, str) or isinstance(w, bool) or not isinstance(w, (int, float)):
            raise ConfigError(f"source_weights: {name!r}: {w!r} is not a source name and a number")
    options = _nutgraf.RustTrainOptions(**settings)
    rust = _nutgraf.RustTopicModel.train_builtin(
        os.fspath(data_dir),
        options,
        [(name, float(w)) for name, w in weights.items()],
        bool(per_source_balance),
        bool(unknown_labels),
    )
    return TopicModel(rust)
