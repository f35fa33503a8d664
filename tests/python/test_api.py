"""The Python surface: objects, offsets, errors, pipe, CLI."""

import json
import subprocess
import sys
import threading
import time

import nutgraf
import pytest


def test_offsets_are_str_indices(nlp):
    text = (
        "Ärger 😀 in Köln: Angela Merkel traf Emmanuel Macron in Paris. "
        "Danach reiste Merkel nach Berlin."
    )
    doc = nlp.analyze(text)
    assert doc.ents, doc
    for m in doc.ents:
        assert doc.text[m.start : m.end] == m.text
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
    assert any(m.text == "Angela Merkel" and m.label == "PER" for m in doc.ents)


def test_to_dict_and_json_round_trip(nlp):
    doc = nlp(
        "The European Union fined Google in Brussels on Tuesday. Google said it would appeal."
    )
    d = json.loads(doc.to_json())
    assert d == doc.to_dict()
    assert d["schema_version"] == 2
    assert d["language"] == "en"
    assert {"text", "sentences", "summary", "topics", "mentions", "entities"} <= set(d)


def test_options(nlp):
    only_ents = nutgraf.Analyzer(topics=False, summary=False, language="en")
    doc = only_ents("Angela Merkel visited Paris on Monday.")
    assert doc.language == "en" and doc.topics == [] and doc.summary == []
    assert [m.label for m in doc.ents] == ["PER", "LOC"]
    text = " ".join(f"Sentence number {i} tells about Berlin and Paris." for i in range(20))
    assert len(nutgraf.Analyzer(summary_sentences=5)(text).summary) == 5
    assert len(nutgraf.Analyzer(summary_ratio=0.5)(text).summary) == 10
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.Analyzer(summary_ratio=2.0)
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.Analyzer(topics_threshold=-1.0)


@pytest.mark.parametrize(
    "bad,exc",
    [
        ("", nutgraf.EmptyInputError),
        ("   \n\t  ", nutgraf.EmptyInputError),
        ("\x00\x01\x02\x03" * 100, nutgraf.InvalidInputError),
        ("abc \ud800 def", nutgraf.InvalidInputError),
    ],
)
def test_bad_input_raises_clear_errors(nlp, bad, exc):
    with pytest.raises(exc):
        nlp(bad)
    assert issubclass(exc, nutgraf.NutgrafError)


def test_type_errors(nlp):
    with pytest.raises(TypeError):
        nlp(3)  # type: ignore[arg-type]
    # bytes are UTF-8 text (or an HTML page in any encoding with html=True)
    assert nlp.analyze(b"Angela Merkel besuchte Paris.").text.startswith("Angela")
    with pytest.raises(nutgraf.InvalidInputError, match="UTF-8"):
        nlp.analyze(b"Gr\xfc\xdfe aus K\xf6ln")


def test_input_limit():
    small = nutgraf.Analyzer(max_input_bytes=1000)
    with pytest.raises(nutgraf.InputTooLargeError, match="1000"):
        small("word " * 1000)


def test_large_input_is_sane(nlp):
    text = (
        "Die Bundesregierung in Berlin beriet am Montag über den Haushalt. " * 20 + "\n\n"
    ) * 600
    assert len(text.encode()) > 750_000
    doc = nlp(text)
    assert len(doc.sentences) > 10_000
    assert len(doc.summary) == 3


def test_pipe_order_errors_and_threads(nlp):
    texts = [f"Angela Merkel met Emmanuel Macron in Paris on day {i}." for i in range(50)]
    texts[7] = ""
    texts[20] = 42  # type: ignore[call-overload]
    out = list(nlp.pipe(texts, threads=2, batch_size=8, errors="return"))
    assert len(out) == 50
    assert isinstance(out[7], nutgraf.EmptyInputError)
    assert isinstance(out[20], nutgraf.InvalidInputError)
    good = [d for i, d in enumerate(out) if i not in (7, 20)]
    assert all(isinstance(d, nutgraf.Doc) for d in good)
    assert [d.text for d in good] == [t for i, t in enumerate(texts) if i not in (7, 20)]
    with pytest.raises(nutgraf.EmptyInputError):
        list(nlp.pipe(texts))
    one = [d.to_dict() for d in nlp.pipe(texts[:6], threads=1, batch_size=1)]
    many = [d.to_dict() for d in nlp.pipe(texts[:6], threads=2, batch_size=4)]
    assert one == many


def test_pipe_as_tuples_keeps_each_context_with_its_text(nlp):
    texts = [f"Olaf Scholz traf Emmanuel Macron am Tag {i} in Berlin." for i in range(30)]
    texts[4] = ""
    pairs = [(t, {"id": i}) for i, t in enumerate(texts)]
    out = list(nlp.pipe(iter(pairs), batch_size=4, threads=2, errors="return", as_tuples=True))
    assert [ctx["id"] for _, ctx in out] == list(range(30))
    assert isinstance(out[4][0], nutgraf.EmptyInputError)
    assert all(doc.text == texts[ctx["id"]] for doc, ctx in out if ctx["id"] != 4)
    with pytest.raises(TypeError, match="input 1 is str"):
        list(nlp.pipe([("a text", 1), "no context"], as_tuples=True))
    with pytest.raises(TypeError, match="input 0 is tuple of length 3"):
        list(nlp.pipe([("a", 1, 2)], as_tuples=True))
    # options are checked when pipe is called, before any text is read
    with pytest.raises(nutgraf.ConfigError, match="errors must be"):
        nlp.pipe(texts, errors="ignore")
    with pytest.raises(nutgraf.ConfigError, match="batch_size"):
        nlp.pipe(texts, batch_size=0, as_tuples=True)


def test_pipe_stopped_early_cancels_the_batch_in_flight(nlp):
    texts = [f"Olaf Scholz spoke in Berlin, item {i}." for i in range(2_000)]
    gen = nlp.pipe(texts, threads=1, batch_size=1_000)
    first = next(gen)  # the second batch is now being analyzed on the helper thread
    assert first.text == texts[0]
    gen.close()
    deadline = time.monotonic() + 10
    while any(t.name.startswith("nutgraf-pipe") for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the pipe's helper thread did not stop"
        time.sleep(0.01)
    # a cancelled batch raises instead of returning partial results
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(nutgraf.NutgrafError, match="cancelled"):
        nlp._rust.analyze_batch_json(texts[:3], None, False, cancel)


def test_shared_between_python_threads(nlp):
    texts = [f"Mark Rutte visited Tokyo and met Shigeru Ishiba, report {i}." for i in range(40)]
    expected = [nlp(t).to_dict() for t in texts]
    results = [None] * len(texts)

    def work(k):
        for i in range(k, len(texts), 8):
            results[i] = nlp(texts[i]).to_dict()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_html(nlp):
    html = (
        "<html><head><title>Rutte in Tokio</title></head><body><nav>Start | Politik | Sport</nav>"
        "<article><p>Der NATO-Generalsekretär Mark Rutte ist am Mittwoch in Tokio mit dem "
        "japanischen Premierminister Shigeru Ishiba zusammengetroffen.</p><p>Beide vereinbarten "
        "eine engere Zusammenarbeit in der Verteidigungsindustrie, wie die Regierung mitteilte.</p>"
        "</article><footer>Impressum | Datenschutz</footer></body></html>"
    )
    doc = nlp.analyze_html(html)
    assert "Mark Rutte" in doc.text and "Datenschutz" not in doc.text
    assert doc.language == "de"


def test_cli_analyze_json(seed_path=None):
    from conftest import SEED

    out = subprocess.run(
        [sys.executable, "-m", "nutgraf", "analyze", "--format", "json", str(SEED)],
        capture_output=True,
        text=True,
        check=True,
    )
    d = json.loads(out.stdout)
    assert d["language"] == "de"


def test_cli_bad_utf8(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"Gr\xfc\xdfe aus K\xf6ln, sagte Angela Merkel.")
    out = subprocess.run(
        [sys.executable, "-m", "nutgraf", "analyze", str(p)], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "UTF-8" in out.stderr


def test_cli_batch_10000_records(tmp_path):
    inp = tmp_path / "in.jsonl"
    lines = []
    for i in range(10_000):
        if i % 1000 == 1:
            lines.append("{not json")
        elif i % 1000 == 2:
            lines.append(json.dumps({"id": i}))
        elif i % 1000 == 3:
            lines.append(json.dumps({"id": i, "text": ""}))
        else:
            lines.append(
                json.dumps({"id": i, "text": f"Angela Merkel besuchte am Montag Paris ({i})."})
            )
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outp = tmp_path / "out.jsonl"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "nutgraf",
            "batch",
            "-i",
            str(inp),
            "-o",
            str(outp),
            "--threads",
            "2",
            "--progress",
            "always",
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1, res.stderr  # some records failed
    assert "progress:" in res.stderr and "10000" in res.stderr
    out = [json.loads(line) for line in outp.read_text(encoding="utf-8").splitlines()]
    assert len(out) == 10_000
    assert [r["line"] for r in out] == list(range(1, 10_001))
    errors = [r for r in out if not r["ok"]]
    assert len(errors) == 30
    kinds = {r["error"]["kind"] for r in errors}
    assert kinds == {"invalid_input", "empty_input"}
    assert all(r["id"] == i for i, r in enumerate(out) if i % 1000 != 1)
