"""The native core of nutgraf (Rust, PyO3). Use it through :mod:`nutgraf`."""

from typing import Any

__version__: str

class NutgrafError(Exception):
    """Base class of every nutgraf error."""

class EmptyInputError(NutgrafError):
    """The input has no text to analyze (empty or whitespace only; an HTML page whose
    article had no text)."""

    metadata: Any
    """For an HTML page whose article had no text: the page's own metadata (a
    :class:`nutgraf.Metadata`), else ``None``."""

class InputTooLargeError(NutgrafError):
    """The input is larger than ``max_input_bytes``."""

class InvalidInputError(NutgrafError):
    """The input is not text (binary data, invalid UTF-8, a malformed record)."""

class ModelError(NutgrafError):
    """A model file is missing, corrupt or of an unsupported version."""

class UnsupportedLanguageError(NutgrafError):
    """A language was requested for which no model exists."""

class DataError(NutgrafError):
    """Training or evaluation data is malformed."""

class ConfigError(NutgrafError):
    """Invalid options."""

class RustAnalyzer:
    """The Rust analyzer behind :class:`nutgraf.Analyzer` (built-in models, thread-safe)."""

    def __init__(
        self,
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
        max_input_bytes: int = ...,
        topic_model: RustTopicModel | None = None,
        keyphrases: bool = True,
        keyphrase_count: int = 10,
        entity_fallback: bool = True,
        ner_model: str | None = None,
        summary_model: str | None = None,
        zero_shot_model: str | None = None,
        labels: list[str] | None = None,
        multi_label: bool = False,
        hypothesis_template: str | None = None,
        device: str = "cpu",
    ) -> None: ...
    def analyze_json(self, text: str | bytes, html: bool = False) -> str:
        """Analyzes one text (``str``, or ``bytes``: an HTML page in any encoding, UTF-8
        text); returns the analysis as JSON (str offsets)."""
    def analyze_batch_json(
        self,
        texts: list[str | bytes],
        threads: int | None = None,
        html: bool = False,
        cancel: Any | None = None,
    ) -> list[tuple[bool, str, str, str | None]]:
        """Analyzes texts in parallel; one ``(ok, payload, message)`` per text: the JSON
        analysis, or the error kind and message. Stops with ``NutgrafError`` once
        ``cancel.is_set()`` (checked between chunks)."""

class RustTrainOptions:
    """Training settings of a topic model: the library's defaults with the given values
    changed (``clusters``: cluster files as ``"PATH:LEVEL"``)."""

    def __init__(self, **settings: Any) -> None: ...

class RustTopicModel:
    @staticmethod
    def train(
        texts: list[str], labels: list[list[str]], options: RustTrainOptions
    ) -> RustTopicModel: ...
    @staticmethod
    def train_builtin(
        data_dir: str,
        options: RustTrainOptions,
        source_weights: list[tuple[str, float]],
        per_source_balance: bool,
        unknown_labels: bool,
    ) -> RustTopicModel:
        """Trains with the built-in recipe from the shared datasets in ``data_dir``."""
    @staticmethod
    def from_keywords(
        seeds: list[tuple[str, list[str]]],
        texts: list[str] | None = None,
        keep: float = 0.5,
        **settings: Any,
    ) -> RustTopicModel: ...
    @staticmethod
    def load(path: str) -> RustTopicModel: ...
    @staticmethod
    def builtin() -> RustTopicModel: ...
    def save(self, path: str) -> None: ...
    def labels(self) -> list[str]: ...
    def info(self) -> str: ...
    def scores_batch(self, texts: list[str]) -> list[list[float]]: ...

def models_json() -> str:
    """The built-in models and the terms of their training data, as a JSON array."""

def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, confidence)``; ``("und", 0.0)`` when the text is too short."""

def read_topic_jsonl(
    path: str, text_field: str, labels_field: str
) -> tuple[list[str], list[list[str]]]: ...
def evaluate_topics(
    dataset: str, data_dir: str, split: str, model: RustTopicModel | None = None
) -> str:
    """Topic evaluation report of a model on one dataset split, as JSON."""

def evaluate_summaries(
    dataset: str, data_dir: str, split: str, sentences: int | None = None
) -> str:
    """ROUGE report (percent) of the summarizer and the lead baseline, as JSON."""

def evaluate_ner_json(
    language: str,
    path: str | None = None,
    docs: list[list[list[tuple[str, str]]]] | None = None,
    model: str | None = None,
    domain: str = "news",
    no_misc: bool = False,
    pipeline: bool = False,
) -> str:
    """Scores an entity model on a labelled file or on ``(token, tag)`` documents; the
    report as JSON (``scores``, ``seconds``, ``report``, ``pipeline``)."""

def train_ner_json(
    config_json: str, output: str, selected_output: str | None = None, verbose: bool = False
) -> str:
    """Trains an entity model as the JSON config says, writes it to ``output``; a JSON
    summary (``output``, ``bytes``, ``weight_rows``, ``description``, ``selected``, ``dev``)."""

def raise_error(kind: str, message: str, metadata: str | None = None) -> None:
    """Raises the exception that matches an error kind from ``analyze_batch_json``."""

def run_cli(args: list[str]) -> int:
    """Runs the ``nutgraf`` command line with ``args`` (program name first); returns the
    exit code."""

def _check_panic_guard() -> None:
    """Test hook: panics inside the guard (must raise ``NutgrafError``)."""
