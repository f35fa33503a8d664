"""nutgraf: summaries, topics and named entities for news text.

>>> import nutgraf
>>> nlp = nutgraf.Analyzer()
>>> doc = nlp("Am 9. April trafen sich Shigeru Ishiba und Mark Rutte in Tokio.")
>>> [(m.text, m.label) for m in doc.ents]  # doctest: +SKIP
[('Shigeru Ishiba', 'PER'), ('Mark Rutte', 'PER'), ('Tokio', 'LOC')]
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal, overload

try:
    from . import _nutgraf
except ImportError as e:  # pragma: no cover - a wheel with the transformer tier needs libtorch
    if "libtorch" not in str(e) and "libc10" not in str(e):
        raise
    import torch  # noqa: F401  (loads libtorch's libraries; then the extension links)

    from . import _nutgraf
from ._doc import (
    Block,
    Doc,
    Entity,
    Keyphrase,
    Language,
    Mention,
    Metadata,
    Span,
    SummarySentence,
    Topic,
    attach_page_metadata,
)
from ._evaluate import (
    Calibration,
    ClassScore,
    Rouge,
    SummaryReport,
    TopicPrediction,
    TopicReport,
    evaluate_summaries,
    evaluate_topics,
)
from ._models import ModelInfo, models
from ._ner_tools import (
    LabelScores,
    NerEvaluation,
    NerScores,
    NerTraining,
    evaluate_ner,
    train_ner,
)
from ._nutgraf import (
    ConfigError,
    DataError,
    EmptyInputError,
    InputTooLargeError,
    InvalidInputError,
    ModelError,
    NutgrafError,
    UnsupportedLanguageError,
)
from ._render import render
from ._topics import TopicModel, train_topics

__version__: str = _nutgraf.__version__

__all__ = [
    "Analyzer",
    "Block",
    "Calibration",
    "ClassScore",
    "ConfigError",
    "DataError",
    "Doc",
    "EmptyInputError",
    "Entity",
    "InputTooLargeError",
    "InvalidInputError",
    "Keyphrase",
    "Language",
    "LabelScores",
    "Mention",
    "Metadata",
    "ModelInfo",
    "ModelError",
    "NerEvaluation",
    "NerScores",
    "NerTraining",
    "NutgrafError",
    "Rouge",
    "Span",
    "SummaryReport",
    "SummarySentence",
    "Topic",
    "TopicModel",
    "TopicPrediction",
    "TopicReport",
    "UnsupportedLanguageError",
    "analyze",
    "detect_language",
    "evaluate_ner",
    "evaluate_summaries",
    "evaluate_topics",
    "models",
    "render",
    "train_ner",
    "train_topics",
]

_DEFAULT_MAX_INPUT_BYTES = 16 << 20


class Analyzer:
    """Analyzes news text with the built-in models: story cleaning, language,
    summary, topics and entities. One instance can be shared by many threads.

    Args:
        language: ISO 639-1 code of the input (e.g. ``"de"``); detected per text if None.
            It selects the built-in entity model (``en``, ``de``, ``es``, ``fr``, ``nl``,
            ``pt``, ``pl``, ``it``, ``cs``, ``sv``, ``da``, ``fi``, ``nb``, ``nn``); other
            Latin-script languages get the multilingual fallback (see ``entity_fallback``),
            other scripts no entities (a warning says so).
        clean: remove web-page boilerplate from pasted text (default True).
        summary_sentences: summary length in sentences (default 3).
        summary_words: summary length in words instead (whole sentences).
        summary_ratio: summary length as a fraction of the sentences instead, in (0, 1].
        topics_top_k: return at most this many topics.
        topics_threshold: return only topics scoring at least this (the top one always).
        entities, topics, summary: which tasks to run.
        max_input_bytes: larger inputs raise :class:`InputTooLargeError`.
        topic_model: a :class:`TopicModel` or the path of a model file, used instead of the
            built-in topic model.
        keyphrases: compute key phrases (``doc.keyphrases``).
        keyphrase_count: return at most this many key phrases (default 10).
        entity_fallback: let the multilingual fallback model find the entities of a
            Latin-script language without a model of its own (default True); each document
            it serves says so (``doc.entity_model == "multilingual"`` and a warning). With
            False such documents get no entities and a warning.
        ner_model, summary_model, zero_shot_model: directories of transformer models for
            entities, an abstractive summary (:attr:`Doc.abstractive_summary`) and zero-shot
            topics over ``labels`` (transformer tier: a wheel built with the ``transformers``
            feature; otherwise :class:`ConfigError`).
        labels: topic labels for ``zero_shot_model``; ``multi_label`` scores them independently.
        hypothesis_template: the zero-shot hypothesis, ``{}`` standing for the label (default:
            HF's ``"This example is {}."`` for folders with a tokenizer.json).
        device: ``"cpu"``, ``"cuda"`` or ``"cuda:N"`` for the transformer models.
    """

    def __init__(
        self,
        *,
        language: str | None = None,
        clean: bool = True,
        summary_sentences: int = 3,
        summary_words: int | None = None,
        summary_ratio: float | None = None,
        topics_top_k: int = 5,
        topics_threshold: float = 0.1,
        entities: bool = True,
        topics: bool = True,
        summary: bool = True,
        max_input_bytes: int = _DEFAULT_MAX_INPUT_BYTES,
        topic_model: TopicModel | str | os.PathLike[str] | None = None,
        keyphrases: bool = True,
        keyphrase_count: int = 10,
        entity_fallback: bool = True,
        ner_model: str | os.PathLike[str] | None = None,
        summary_model: str | os.PathLike[str] | None = None,
        zero_shot_model: str | os.PathLike[str] | None = None,
        labels: Sequence[str] | None = None,
        multi_label: bool = False,
        hypothesis_template: str | None = None,
        device: str = "cpu",
    ) -> None:
        for name, value in (
            ("summary_sentences", summary_sentences),
            ("topics_top_k", topics_top_k),
            ("max_input_bytes", max_input_bytes),
            ("keyphrase_count", keyphrase_count),
        ):
            if not isinstance(value, int) or value < 0:
                raise ConfigError(f"{name} must be a non-negative int, got {value!r}")
        if isinstance(topic_model, (str, os.PathLike)):
            topic_model = TopicModel.load(topic_model)
        elif topic_model is not None and not isinstance(topic_model, TopicModel):
            raise ConfigError(
                f"topic_model must be a TopicModel or a path, got {type(topic_model).__name__}"
            )
        self._rust = _nutgraf.RustAnalyzer(
            language=language,
            clean=clean,
            summary_sentences=summary_sentences,
            summary_words=summary_words,
            summary_ratio=summary_ratio,
            topics_top_k=topics_top_k,
            topics_threshold=topics_threshold,
            entities=entities,
            topics=topics,
            summary=summary,
            max_input_bytes=max_input_bytes,
            topic_model=None if topic_model is None else topic_model._rust,
            keyphrases=keyphrases,
            keyphrase_count=keyphrase_count,
            entity_fallback=entity_fallback,
            ner_model=None if ner_model is None else os.fspath(ner_model),
            summary_model=None if summary_model is None else os.fspath(summary_model),
            zero_shot_model=None if zero_shot_model is None else os.fspath(zero_shot_model),
            labels=None if labels is None else [str(label) for label in labels],
            multi_label=multi_label,
            hypothesis_template=hypothesis_template,
            device=device,
        )

    def __call__(self, text: str) -> Doc:
        """Analyzes one text (same as :meth:`analyze`)."""
        return self.analyze(text)

    def analyze(self, text: str | bytes, *, html: bool = False) -> Doc:
        """Analyzes one text; with ``html=True`` the text is an HTML page.

        ``bytes`` are decoded in Rust: an HTML page by its BOM, its ``<meta charset>`` or
        encoding detection (``doc.metadata.encoding`` names the result), plain text as UTF-8.
        """
        if not isinstance(text, (str, bytes)):
            raise TypeError(f"text must be str or bytes, got {type(text).__name__}")
        try:
            return Doc.from_json(self._rust.analyze_json(text, html))
        except EmptyInputError as exc:
            attach_page_metadata(exc)
            raise

    def analyze_html(self, html: str | bytes) -> Doc:
        """Analyzes an HTML page (``str``, or the page's raw ``bytes`` in any encoding): the
        article is extracted, and the page's metadata is read into ``doc.metadata``."""
        return self.analyze(html, html=True)

    @overload
    def pipe(
        self,
        texts: Iterable[str | bytes],
        *,
        threads: int | None = ...,
        batch_size: int = ...,
        html: bool = ...,
        errors: str = ...,
        as_tuples: Literal[False] = ...,
    ) -> Iterator[Doc | NutgrafError]: ...

    @overload
    def pipe(
        self,
        texts: Iterable[tuple[str | bytes, Any]],
        *,
        threads: int | None = ...,
        batch_size: int = ...,
        html: bool = ...,
        errors: str = ...,
        as_tuples: Literal[True],
    ) -> Iterator[tuple[Doc | NutgrafError, Any]]: ...

    def pipe(
        self,
        texts: Iterable[Any],
        *,
        threads: int | None = None,
        batch_size: int = 256,
        html: bool = False,
        errors: str = "raise",
        as_tuples: bool = False,
    ) -> Iterator[Any]:
        """Analyzes many texts (``str``, or ``bytes`` as :meth:`analyze` takes them) in
        parallel, yielding one result per text in input order.

        Texts are processed ``batch_size`` at a time on ``threads`` worker threads (all
        cores if None) with the GIL released. With ``errors="raise"`` the first bad text
        raises its exception; with ``errors="return"`` the exception object is yielded in
        its place, so every input gets exactly one result. With ``as_tuples=True`` (as in
        spaCy) the inputs are ``(text, context)`` pairs and the results ``(doc, context)``
        pairs: an id or a record travels with its text.
        """
        if errors not in ("raise", "return"):
            raise ConfigError(f"errors must be 'raise' or 'return', got {errors!r}")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError(f"batch_size must be a positive int, got {batch_size!r}")
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ConfigError(f"threads must be a positive int or None, got {threads!r}")
        if as_tuples:
            return self._pipe_tuples(texts, threads, batch_size, html, errors)
        return self._pipe(texts, threads, batch_size, html, errors)

    def _pipe_tuples(
        self,
        pairs: Iterable[Any],
        threads: int | None,
        batch_size: int,
        html: bool,
        errors: str,
    ) -> Iterator[tuple[Doc | NutgrafError, Any]]:
        contexts: deque[Any] = deque()

        def texts() -> Iterator[Any]:
            for i, pair in enumerate(pairs):
                if not isinstance(pair, tuple) or len(pair) != 2:
                    raise TypeError(
                        f"with as_tuples=True each input is a (text, context) tuple; "
                        f"input {i} is {type(pair).__name__}"
                        + (f" of length {len(pair)}" if isinstance(pair, tuple) else "")
                    )
                contexts.append(pair[1])
                yield pair[0]

        # results come one per text, in input order: each takes the oldest context
        for result in self._pipe(texts(), threads, batch_size, html, errors):
            yield result, contexts.popleft()

    def _pipe(
        self,
        texts: Iterable[Any],
        threads: int | None,
        batch_size: int,
        html: bool,
        errors: str,
    ) -> Iterator[Doc | NutgrafError]:
        # The next batch is analyzed on a helper thread (GIL released) while this one's
        # results become Python objects here; at most two batches are in flight. Closing the
        # generator (or an exception, Ctrl-C included) cancels the helper's batch.
        cancel = threading.Event()
        helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nutgraf-pipe")
        try:
            pending: Future[list[tuple[bool, str, str, str | None]]] | None = None
            for batch in _batches(texts, batch_size):
                submitted = helper.submit(
                    self._rust.analyze_batch_json, batch, threads, html, cancel
                )
                if pending is not None:
                    yield from self._results(pending.result(), errors)
                pending = submitted
            if pending is not None:
                yield from self._results(pending.result(), errors)
        finally:
            cancel.set()
            helper.shutdown(wait=False, cancel_futures=True)

    def _results(
        self, results: list[tuple[bool, str, str, str | None]], errors: str
    ) -> Iterator[Doc | NutgrafError]:
        for ok, payload, message, metadata in results:
            if ok:
                yield Doc.from_json(payload)
                continue
            try:
                _nutgraf.raise_error(payload, message, metadata)
            except NutgrafError as exc:
                attach_page_metadata(exc)
                if errors == "raise":
                    raise
                yield exc


def _batches(texts: Iterable[str | bytes], size: int) -> Iterator[list[str | bytes]]:
    """Consecutive lists of ``size`` texts (the last one may be shorter)."""
    batch: list[str | bytes] = []
    for text in texts:
        batch.append(text)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_default: Analyzer | None = None


def analyze(text: str | bytes, *, html: bool = False) -> Doc:
    """Analyzes one text with a shared default :class:`Analyzer`."""
    global _default
    if _default is None:
        _default = Analyzer()
    return _default.analyze(text, html=html)


def detect_language(text: str) -> Language:
    """The language of ``text``: ``Language(code, confidence)``, with ``code`` an ISO 639-1
    code among the 96 languages of the detector (every official EU language and Norwegian
    Bokmål/Nynorsk among them), or ``"und"`` with confidence 0 when the text has too little
    to go on (fewer than six letters or two words).

    >>> nutgraf.detect_language("Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.")
    Language(code='de', confidence=1.0)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    code, confidence = _nutgraf.detect_language(text)
    return Language(code, confidence)
