"""HTML view of a :class:`~nutgraf.Doc` for notebooks: entities highlighted by type, summary
sentences marked, topics as bars. Self-contained (inline CSS, no scripts, no network assets),
readable in light and dark themes, and every piece of text is HTML-escaped.
"""

from __future__ import annotations

import html
import itertools
from typing import Any

# The view reads a Doc's fields only; it does not import the Doc class (``_doc`` imports this
# module), so a document is typed as ``Doc`` below in words and ``Any`` for the checker.
Doc = Any

_ids = itertools.count()

# Colors per theme as CSS variables on the container; dark values apply with the OS setting
# (prefers-color-scheme) and with JupyterLab's and VS Code's dark themes.
_LIGHT = (
    "--ng-fg:#1f2328;--ng-muted:#59636e;--ng-bg:#ffffff;--ng-border:#d1d9e0;"
    "--ng-sum:#fff3b0;--ng-bar:#4c8bf5;--ng-track:#e8ecf0;"
    "--ng-PER:#ffd8a8;--ng-ORG:#c5e0ff;--ng-LOC:#c3efc3;--ng-MISC:#ecd3f7;"
)
_DARK = (
    "--ng-fg:#e6edf3;--ng-muted:#9198a1;--ng-bg:#0d1117;--ng-border:#3d444d;"
    "--ng-sum:#4d4200;--ng-bar:#4c8bf5;--ng-track:#262c36;"
    "--ng-PER:#7a4a10;--ng-ORG:#1c4a7a;--ng-LOC:#1f5f2a;--ng-MISC:#5c2d73;"
)

_CSS = """
.{c}{{{light}color:var(--ng-fg);background:var(--ng-bg);border:1px solid var(--ng-border);
 border-radius:6px;padding:10px 14px;font:14px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;
 max-width:60em}}
@media (prefers-color-scheme: dark){{.{c}{{{dark}}}}}
body[data-jp-theme-light="false"] .{c},body.vscode-dark .{c},
body.vscode-high-contrast .{c}{{{dark}}}
body[data-jp-theme-light="true"] .{c},body.vscode-light .{c}{{{light}}}
.{c} h3{{margin:0 0 4px;font-size:1.15em;color:var(--ng-fg)}}
.{c} .ng-meta{{color:var(--ng-muted);font-size:.85em;margin-bottom:8px}}
.{c} .ng-sec{{color:var(--ng-muted);font-size:.8em;text-transform:uppercase;letter-spacing:.05em;
 margin:10px 0 4px}}
.{c} .ng-text{{white-space:pre-wrap;margin:0}}
.{c} .ng-sum{{background:var(--ng-sum);border-radius:3px}}
.{c} .ng-ent{{border-radius:4px;padding:0 3px;color:var(--ng-fg)}}
.{c} .ng-lbl{{font-size:.7em;font-weight:600;margin-left:3px;vertical-align:middle;opacity:.8}}
.{c} .ng-PER{{background:var(--ng-PER)}} .{c} .ng-ORG{{background:var(--ng-ORG)}}
.{c} .ng-LOC{{background:var(--ng-LOC)}} .{c} .ng-MISC{{background:var(--ng-MISC)}}
.{c} .ng-topic{{display:flex;align-items:center;gap:8px;font-size:.9em}}
.{c} .ng-topic span:first-child{{width:9em;overflow:hidden;text-overflow:ellipsis}}
.{c} .ng-track{{flex:0 0 12em;height:.7em;background:var(--ng-track);border-radius:3px}}
.{c} .ng-fill{{display:block;height:100%;background:var(--ng-bar);border-radius:3px}}
.{c} .ng-chips span{{display:inline-block;margin:2px 4px 2px 0}}
.{c} .ng-warn{{color:var(--ng-muted);font-size:.85em}}
"""

_LABELS = ("PER", "ORG", "LOC", "MISC")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _label_class(label: str) -> str:
    return label if label in _LABELS else "MISC"


def _segments(doc: Doc) -> list[tuple[int, int, bool, int | None]]:
    """Cuts the text where a summary sentence or a mention starts or ends: ``(start, end,
    in_summary, mention index or None)`` covering the whole text."""
    n = len(doc.text)
    cuts = {0, n}
    for s in doc.summary:
        cuts.update((s.start, s.end))
    for m in doc.mentions:
        cuts.update((m.start, m.end))
    bounds = sorted(c for c in cuts if 0 <= c <= n)
    sums = sorted((s.start, s.end) for s in doc.summary)
    ments = sorted((m.start, m.end, i) for i, m in enumerate(doc.mentions))
    out = []
    si = mi = 0
    for a, b in zip(bounds, bounds[1:]):
        # both lists are sorted and their spans do not overlap: advance past spans ending before b
        while si < len(sums) and sums[si][1] < b:
            si += 1
        while mi < len(ments) and ments[mi][1] < b:
            mi += 1
        in_sum = si < len(sums) and sums[si][0] <= a and b <= sums[si][1]
        covered = mi < len(ments) and ments[mi][0] <= a and b <= ments[mi][1]
        out.append((a, b, in_sum, ments[mi][2] if covered else None))
    return out


def _story_html(doc: Doc) -> str:
    parts = []
    for a, b, in_sum, ment in _segments(doc):
        piece = _e(doc.text[a:b])
        if ment is not None:
            m = doc.mentions[ment]
            tip = _e(f"{m.label} · {m.score:.2f}")
            lbl = f'<span class="ng-lbl">{_e(m.label)}</span>' if b == m.end else ""
            piece = (
                f'<span class="ng-ent ng-{_label_class(m.label)}" title="{tip}">{piece}{lbl}</span>'
            )
        if in_sum:
            piece = f'<span class="ng-sum">{piece}</span>'
        parts.append(piece)
    return "".join(parts)


def _item(obj: Any, key: str) -> Any:
    return obj[key] if isinstance(obj, dict) else getattr(obj, key)


def _topics_html(doc: Doc) -> str:
    rows = []
    for t in doc.topics:
        pct = max(0.0, min(1.0, float(t.score))) * 100
        rows.append(
            f'<div class="ng-topic"><span>{_e(t.label)}</span>'
            f'<span class="ng-track"><span class="ng-fill" style="width:{pct:.1f}%"></span></span>'
            f"<span>{t.score:.2f}</span></div>"
        )
    return "".join(rows)


def render(doc: Doc, *, max_entities: int = 12) -> str:
    """Returns the HTML view of a document (what Jupyter shows for a :class:`~nutgraf.Doc`).

    The story text with entity mentions highlighted by type and the summary sentences
    marked, then the topics as bars and the most salient entities (at most ``max_entities``),
    and the keyphrases when the document has them. The HTML is one self-contained ``<div>``
    with inline CSS, no scripts and no external assets.
    """
    c = f"nutgraf-doc-{next(_ids)}"
    css = _CSS.format(c=c, light=_LIGHT, dark=_DARK)
    out = [f'<div class="{c}"><style>{css}</style>']
    if doc.title:
        out.append(f"<h3>{_e(doc.title)}</h3>")
    meta = (
        f"language {_e(doc.language)} ({doc.language_confidence:.2f}) · "
        f"{len(doc.sentences)} sentences · {len(doc.mentions)} mentions of "
        f"{len(doc.entities)} entities"
    )
    legend = " ".join(f'<span class="ng-ent ng-{lab}">{lab}</span>' for lab in _LABELS)
    out.append(
        f'<div class="ng-meta">{meta} · {legend} · <span class="ng-sum">summary</span></div>'
    )
    if doc.topics:
        out.append(f'<div class="ng-sec">Topics</div>{_topics_html(doc)}')
    keyphrases = getattr(doc, "keyphrases", None)
    if keyphrases:
        chips = "".join(
            f'<span title="{float(_item(k, "score")):.2f}">{_e(_item(k, "text"))};</span>'
            for k in keyphrases
        )
        out.append(f'<div class="ng-sec">Keyphrases</div><div class="ng-chips">{chips}</div>')
    if doc.entities:
        chips = "".join(
            f'<span class="ng-ent ng-{_label_class(e.label)}" '
            f'title="{_e(e.label)} · {e.count}× · salience {e.salience:.2f}">{_e(e.name)}'
            f'<span class="ng-lbl">{e.count}</span></span>'
            for e in doc.entities[:max_entities]
        )
        out.append(f'<div class="ng-sec">Entities</div><div class="ng-chips">{chips}</div>')
    out.append(f'<div class="ng-sec">Story</div><p class="ng-text">{_story_html(doc)}</p>')
    for w in doc.warnings:
        out.append(f'<div class="ng-warn">⚠ {_e(w)}</div>')
    out.append("</div>")
    return "".join(out)
