"""The built-in models of nutgraf and what their training data allows: :func:`models`."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import _nutgraf


@dataclass(frozen=True)
class ModelInfo:
    """One built-in model. ``terms`` says what its training data allows: ``"open"``,
    ``"unclear"`` (a set without a stated licence or with research-only terms) or
    ``"non-commercial"`` (a set that forbids commercial use); ``data`` names the sets and
    their licences, ``card`` the model card with the details."""

    name: str
    task: str
    languages: list[str]
    bytes: int
    card: str
    data: str
    terms: str


def models() -> list[ModelInfo]:
    """The built-in models: entity models per language, the multilingual fallback entity model
    (``multilingual``, for Latin-script languages without a model of their own), the topic
    model, the summarizer.

    >>> [m.name for m in nutgraf.models() if m.terms == "non-commercial"]
    ['ner-nl', 'ner-it', 'ner-cs', 'multilingual', 'topics', 'summary']
    """
    return [ModelInfo(**m) for m in json.loads(_nutgraf.models_json())]
