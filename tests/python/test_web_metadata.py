"""HTML pages as str or bytes: metadata (Doc.metadata), encodings, the batch over CSV bytes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import nutgraf
import pytest

STORY = (
    "Die Stadt Köln hat am Montag einen neuen Plan für den Verkehr vorgestellt. "
    "Bürgermeisterin Anna Muster sagte, die Straßen sollen grüner werden. "
    "Der Rat stimmt im Mai ab. Die Grünen begrüßten den Vorschlag, die Opposition "
    "äußerte Kritik an den Kosten für die Bürger."
)
PAGE = (
    '<html lang="de"><head>{head}<title>Verkehrsplan für Köln | Stadtblatt</title>'
    '<meta property="og:site_name" content="Stadtblatt">'
    '<meta property="article:published_time" content="2026-12-04T10:30:00+01:00">'
    "</head><body><h1>Verkehrsplan für Köln</h1><p class=byline>Von Anna Muster</p>"
    f"<article><p>{STORY}</p><p>{STORY}</p></article></body></html>"
)


@pytest.fixture(scope="module")
def nlp():
    return nutgraf.Analyzer(entities=False, topics=False, summary=False, keyphrases=False)


def test_metadata_of_a_page(nlp):
    doc = nlp.analyze_html(PAGE.format(head=""))
    m = doc.metadata
    assert isinstance(m, nutgraf.Metadata)
    assert m.title == doc.title == "Verkehrsplan für Köln"
    assert m.authors == ["Anna Muster"]
    assert m.published == "2026-12-04T10:30:00+01:00"
    assert m.site_name == "Stadtblatt"
    assert m.language == "de" and doc.language == "de"
    assert m.encoding is None
    assert doc.to_dict()["metadata"]["authors"] == ["Anna Muster"]
    assert nlp("Angela Merkel besuchte Paris.").metadata is None


@pytest.mark.parametrize(
    ("head", "encoding", "codec"),
    [
        ("", "windows-1252", "latin-1"),
        ("<meta charset=windows-1252>", "windows-1252", "cp1252"),
        ("<meta charset=iso-8859-1>", "UTF-8", "utf-8"),  # a wrong declaration
        ("", "UTF-16LE", "utf-16"),  # with a BOM
    ],
)
def test_bytes_in_any_encoding(nlp, head, encoding, codec):
    doc = nlp.analyze_html(PAGE.format(head=head).encode(codec))
    assert "Bürgermeisterin" in doc.text
    assert doc.metadata.encoding == encoding
    assert doc.metadata.title == "Verkehrsplan für Köln"


def test_pipe_takes_bytes_and_str(nlp):
    pages = [PAGE.format(head="").encode("latin-1"), PAGE.format(head=""), b"  ", 3]
    out = list(nlp.pipe(pages, html=True, errors="return"))
    assert [type(d).__name__ for d in out[:2]] == ["Doc", "Doc"]
    assert out[0].metadata.authors == out[1].metadata.authors == ["Anna Muster"]
    assert isinstance(out[2], nutgraf.NutgrafError)
    assert isinstance(out[3], nutgraf.InvalidInputError)
    with pytest.raises(TypeError):
        nlp.analyze_html(3)


def test_cli_reads_page_bytes(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.format(head="<meta charset=windows-1252>").encode("cp1252"))
    out = subprocess.run(
        [sys.executable, "-m", "nutgraf", "analyze", str(page), "--format", "json"],
        capture_output=True,
        check=True,
    )
    d = json.loads(out.stdout)
    assert d["schema_version"] == 2
    assert d["metadata"]["encoding"] == "windows-1252"
    assert d["metadata"]["authors"] == ["Anna Muster"]
    assert "Bürgermeisterin" in d["text"]


def test_cli_batch_csv_of_pages_in_any_encoding(tmp_path):
    inp, outp = tmp_path / "in.csv", tmp_path / "out.jsonl"
    rows = [
        ("a", PAGE.format(head="").encode("latin-1")),
        ("b", PAGE.format(head="").encode("utf-8")),
        ("c", b"<html><p></p></html>"),
        ("d", PAGE.format(head="")[:120].encode("utf-8")),  # truncated
    ]
    with inp.open("w", newline="", encoding="latin-1") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for i, raw in rows:
            w.writerow([i, raw.decode("latin-1")])  # the bytes as they are
    subprocess.run(
        [sys.executable, "-m", "nutgraf", "batch", "--html", "--format", "csv"]
        + ["--skip", "entities", "-i", str(inp), "-o", str(outp), "--progress", "never"],
        capture_output=True,
    )
    recs = [json.loads(line) for line in outp.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["a", "b", "c", "d"]
    assert recs[0]["ok"] and recs[1]["ok"] and not recs[2]["ok"]
    assert "Bürgermeisterin" in recs[0]["analysis"]["text"]
    assert recs[0]["analysis"]["metadata"]["encoding"] == "windows-1252"


def test_blocks_point_into_text_with_str_offsets(nlp):
    second = (
        "Die Verwaltung rechnet mit Kosten von zwölf Millionen Euro über fünf Jahre. "
        "Der Stadtrat will im Frühjahr über die Pläne für die Straßen abstimmen, "
        "die Händler in der Innenstadt fürchten weniger Kundschaft."
    )
    body = f"<article><p>{STORY}</p><p>{second}</p><p>{STORY}</p></article>"
    page = PAGE.format(head="").split("<article>")[0] + body + "</body></html>"
    doc = nlp.analyze_html(page)
    kept = [b for b in doc.blocks if b.kept]
    # the second paragraph starts after umlauts: byte offsets would not slice it
    assert [doc.text[b.start : b.end] for b in kept] == [STORY, second]
    assert all(b.path and b.path.startswith("html/") for b in kept)
    dropped = [b for b in doc.blocks if not b.kept]
    assert [(b.dropped, b.text, b.start) for b in dropped] == [("duplicate", STORY, None)]
    again = nutgraf.Doc.from_json(doc.to_json())
    assert again.blocks == doc.blocks
    assert nlp("Angela Merkel besuchte Paris.").blocks is None


def test_a_page_without_article_text_raises_with_its_metadata(nlp):
    menu = "".join(f'<li><a href="/{w}">{w}</a></li>' for w in ["Politik", "Sport", "Kultur"])
    page = PAGE.split("<body>")[0] + f'<body><header><ul class="menu">{menu}</ul></header></body>'
    page = page.format(head='<meta name="author" content="Anna Muster">')
    # str and bytes (the encoding the bytes were decoded from), one text and a batch
    for raw, encoding in [(page, None), (page.encode("windows-1252"), "windows-1252")]:
        with pytest.raises(nutgraf.EmptyInputError) as info:
            nlp.analyze_html(raw)
        got = [info.value] + list(nlp.pipe([raw, PAGE.format(head="")], html=True, errors="return"))
        assert isinstance(got[2], nutgraf.Doc)
        for exc in got[:2]:
            assert isinstance(exc, nutgraf.EmptyInputError)
            m = exc.metadata
            assert isinstance(m, nutgraf.Metadata)
            assert m.title == "Verkehrsplan für Köln"
            assert m.authors == ["Anna Muster"]
            assert m.published == "2026-12-04T10:30:00+01:00"
            assert m.encoding == encoding
    # plain text and a page that says nothing about itself: no metadata
    with pytest.raises(nutgraf.EmptyInputError) as info:
        nlp.analyze("   ")
    assert info.value.metadata is None
    with pytest.raises(nutgraf.EmptyInputError) as info:
        nlp.analyze_html(f"<html><body><ul>{menu}</ul></body></html>")
    assert info.value.metadata is None
