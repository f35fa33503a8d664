"""The notebook view: nutgraf.render and Doc._repr_html_."""

import html
import re

import nutgraf


def test_render_marks_entities_summary_and_topics(nlp, seed_text):
    doc = nlp(seed_text)
    out = nutgraf.render(doc)
    same_ids = re.compile(r"nutgraf-doc-\d+")
    assert same_ids.sub("ID", out) == same_ids.sub("ID", doc._repr_html_())
    assert out.startswith("<div") and out.endswith("</div>")
    # every mention is highlighted with its type, and its text is intact inside the span
    ents = re.findall(r'<span class="ng-ent ng-(\w+)" title="[^"]*">([^<]*)', out)
    assert len(ents) >= len(doc.mentions) > 0
    for m in doc.mentions:
        assert (m.label, html.escape(m.text)) in ents
    # summary sentences are marked; each one's text appears once the tags are removed
    assert out.count('class="ng-sum"') >= len(doc.summary) > 0
    story = re.sub(r'<span class="ng-lbl">\w+</span>', "", out.split('<p class="ng-text">')[1])
    plain = html.unescape(re.sub(r"<[^>]+>", "", story))
    for s in doc.summary:
        assert s.text in plain
    # topics as bars, widths from the scores
    for t in doc.topics:
        assert html.escape(t.label) in out
    assert f"width:{doc.topics[0].score * 100:.1f}%" in out
    # themes: light variables plus dark ones for the OS and Jupyter's dark theme
    assert "prefers-color-scheme: dark" in out and 'data-jp-theme-light="false"' in out
    # no network assets and no scripts
    assert "http" not in out.lower() and "<script" not in out.lower()


def test_render_escapes_text(nlp):
    doc = nutgraf.Analyzer(clean=False)(
        'Angela Merkel said <script>alert("x")</script> & "Paris" <b>loudly</b> in Berlin.'
    )
    out = nutgraf.render(doc)
    assert "<script" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "&amp;" in out
    # the text comes back exactly when tags are stripped and entities unescaped
    story = out.split('<p class="ng-text">')[1].rsplit("</p>", 1)[0]
    story = re.sub(r'<span class="ng-lbl">\w+</span>', "", story)
    assert html.unescape(re.sub(r"<[^>]+>", "", story)) == doc.text


def test_render_without_entities_or_topics():
    doc = nutgraf.Analyzer(entities=False, topics=False, summary=False)(
        "Ein kurzer Text ohne viel Inhalt, aber mit Umlauten: äöü."
    )
    out = nutgraf.render(doc)
    assert 'ng-ent ng-PER" title' not in out and "Topics" not in out
    assert "äöü" in out


def test_repr_html_distinct_ids(nlp):
    doc = nlp("Angela Merkel traf Emmanuel Macron in Paris.")
    a, b = doc._repr_html_(), doc._repr_html_()
    assert re.search(r"nutgraf-doc-\d+", a).group(0) != re.search(r"nutgraf-doc-\d+", b).group(0)
