"""Result objects of nutgraf: a :class:`Doc` with its sentences, summary, topics, entities
and key phrases.

All offsets are Python ``str`` indices into :attr:`Doc.text` (the cleaned story text),
so ``doc.text[m.start:m.end] == m.text`` for every mention.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ._render import render


@dataclass(frozen=True)
class Language:
    """A detected language: ISO 639-1 ``code`` (``"und"`` when the text is too short to tell)
    and the ``confidence`` of the guess in [0, 1]. Below 0.5 a guess is as likely wrong as
    right; :class:`Doc` then carries a warning."""

    code: str
    confidence: float


@dataclass(frozen=True)
class Span:
    """A sentence: ``text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SummarySentence:
    """A sentence chosen for the summary; ``index`` is its position in :attr:`Doc.sentences`."""

    text: str
    start: int
    end: int
    index: int
    score: float


@dataclass(frozen=True)
class Topic:
    """A topic label with a probability-like score in [0, 1]."""

    label: str
    score: float


@dataclass(frozen=True)
class Mention:
    """One occurrence of a named entity; ``entity`` indexes :attr:`Doc.entities`."""

    label: str
    text: str
    start: int
    end: int
    score: float
    entity: int
    derived: bool = False
    """A derived adjective or demonym ("japanische", "Japanese"), linked to its place when
    the document names it."""


@dataclass(frozen=True)
class Entity:
    """Mentions of one real-world thing, with a canonical name and salience in [0, 1].

    ``mentions`` indexes :attr:`Doc.mentions` in text order; ``start`` is the str index of
    the first mention. Names are reported with the entity's ``label``; descriptors linked to
    a place ("Japanese", "japanische") keep the label ``MISC``.
    """

    label: str
    name: str
    count: int
    mentions: list[int]
    salience: float
    start: int = 0


@dataclass(frozen=True)
class Keyphrase:
    """A key phrase with a relevance in (0, 1] (1 for the document's best phrase).

    ``start``/``end`` locate its first occurrence in :attr:`Doc.text`; ``text`` is that
    occurrence, or the canonical name when the phrase is an entity.
    """

    text: str
    score: float
    start: int
    end: int


@dataclass(frozen=True)
class Metadata:
    """What an HTML page says about itself (``Doc.metadata``; ``None`` for plain text).

    Read from the page's JSON-LD, OpenGraph and other ``<meta>`` tags, ``<time>``
    elements, microdata and the visible byline, in that order of trust. Dates are ISO 8601
    strings (``"2026-12-04"``, or ``"2026-12-04T10:30:00+01:00"`` where the page gives the
    time); ``language`` is the language the page declares (the detected one is
    ``Doc.language``); ``encoding`` the one its bytes were decoded from (``None`` for ``str``
    input).
    """

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    url: str | None = None
    description: str | None = None
    image: str | None = None
    language: str | None = None
    encoding: str | None = None


def attach_page_metadata(exc: BaseException) -> None:
    """Sets ``exc.metadata`` of an ``EmptyInputError`` for an HTML page whose article had no
    text: the page's own metadata, which the core attached to the exception as JSON."""
    raw = getattr(exc, "_page_metadata", None)
    if raw is not None:
        exc.metadata = Metadata(**json.loads(raw))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Block:
    """A paragraph of an HTML page's article and what became of it (``Doc.blocks``).

    ``start``/``end`` are ``str`` indices into ``Doc.text`` for a kept paragraph (``None``
    when it was dropped); ``path`` is its element path in the page (e.g.
    ``html/body/div[2]/article/p[3]``), ``None`` when the extractor's text was not found among
    the page's blocks; ``dropped`` is why it was dropped (``end_marker``,
    ``after_end_marker``, ``duplicate``, ``boilerplate``, ``caption``, ``link_dense``,
    ``call_to_action``, ``superseded``, ``not_on_page``) and ``None`` when kept; ``text`` is
    the paragraph's text either way.
    """

    text: str
    start: int | None = None
    end: int | None = None
    path: str | None = None
    dropped: str | None = None

    @property
    def kept(self) -> bool:
        """Whether the paragraph is in ``Doc.text``."""
        return self.dropped is None


def _block(d: dict[str, Any], text: str) -> Block:
    span = d.get("span")
    if span is not None:
        return Block(
            text=text[span["start"] : span["end"]],
            start=span["start"],
            end=span["end"],
            path=d.get("path"),
            dropped=d.get("dropped"),
        )
    return Block(text=d.get("text") or "", path=d.get("path"), dropped=d.get("dropped"))


@dataclass(frozen=True)
class Doc:
    """The analysis of one document."""

    schema_version: int
    language: str
    language_confidence: float
    title: str | None
    text: str
    sentences: list[Span]
    summary: list[SummarySentence]
    topics: list[Topic]
    mentions: list[Mention]
    entities: list[Entity]
    keyphrases: list[Keyphrase] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    abstractive_summary: str | None = None
    entity_model: str | None = None
    topics_model: str | None = None
    metadata: Metadata | None = None
    blocks: list[Block] | None = None

    @property
    def ents(self) -> list[Mention]:
        """The entity mentions in text order (spaCy's name for them)."""
        return self.mentions

    @property
    def summary_text(self) -> str:
        """The summary sentences joined by spaces."""
        return " ".join(s.text for s in self.summary)

    @property
    def top_topic(self) -> Topic | None:
        """The highest-scoring topic, if topics were computed."""
        return self.topics[0] if self.topics else None

    def to_dict(self) -> dict[str, Any]:
        """A plain dict of the analysis (as in the JSON output, with str offsets)."""
        d = asdict(self)
        d["sentences"] = [{"start": s.start, "end": s.end} for s in self.sentences]
        if self.blocks is None:
            del d["blocks"]
        else:
            d["blocks"] = [_block_dict(b) for b in self.blocks]
        return d

    def to_json(self, **kwargs: Any) -> str:
        """The analysis as JSON; keyword arguments go to :func:`json.dumps`."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def __repr__(self) -> str:
        topic = f"{self.top_topic.label}:{self.top_topic.score:.2f}" if self.top_topic else None
        return (
            f"Doc(language={self.language!r}, title={self.title!r}, "
            f"sentences={len(self.sentences)}, "
            f"topic={topic!r}, entities={[e.name for e in self.entities[:5]]!r})"
        )

    def _repr_html_(self) -> str:
        """The HTML view Jupyter shows (see :func:`nutgraf.render`)."""
        return render(self)

    @classmethod
    def from_json(cls, payload: str) -> Doc:
        """Builds a Doc from the JSON made by the Rust core."""
        d = json.loads(payload)
        text = d["text"]
        return cls(
            schema_version=d["schema_version"],
            language=d["language"],
            language_confidence=d["language_confidence"],
            title=d.get("title"),
            text=text,
            sentences=[
                Span(s["start"], s["end"], text[s["start"] : s["end"]]) for s in d["sentences"]
            ],
            summary=[SummarySentence(**s) for s in d["summary"]],
            topics=[Topic(**t) for t in d["topics"]],
            mentions=[Mention(**m) for m in d["mentions"]],
            entities=[Entity(**e) for e in d["entities"]],
            keyphrases=[Keyphrase(**k) for k in d.get("keyphrases", [])],
            warnings=list(d.get("warnings", [])),
            abstractive_summary=d.get("abstractive_summary"),
            entity_model=d.get("entity_model"),
            topics_model=d.get("topics_model"),
            metadata=Metadata(**d["metadata"]) if d.get("metadata") is not None else None,
            blocks=[_block(b, text) for b in d["blocks"]] if d.get("blocks") is not None else None,
        )


def _block_dict(b: Block) -> dict[str, Any]:
    """A block as in the JSON output (span for kept, text for dropped paragraphs)."""
    d: dict[str, Any] = {}
    if b.start is not None and b.end is not None:
        d["span"] = {"start": b.start, "end": b.end}
    if b.path is not None:
        d["path"] = b.path
    if b.dropped is not None:
        d["dropped"] = b.dropped
        d["text"] = b.text
    return d
