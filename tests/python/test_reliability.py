"""Reliability from Python: no panic crosses the FFI, the GIL is released during work,
Ctrl-C interrupts a long pipe, threads share one Analyzer, bad text gives clear errors."""

import os
import signal
import subprocess
import sys
import threading
import time

import nutgraf
import pytest
from nutgraf import _nutgraf


def test_rust_panic_becomes_a_python_exception():
    with pytest.raises(nutgraf.NutgrafError, match="internal error: panic guard check"):
        _nutgraf._check_panic_guard()


@pytest.mark.parametrize(
    "text",
    ["\ud800", "Merkel \udfff besuchte Paris.", "a" * 1000 + "\udc80"],
)
def test_lone_surrogates_raise_invalid_input(nlp, text):
    with pytest.raises(nutgraf.InvalidInputError, match="UTF-8"):
        nlp(text)
    out = list(nlp.pipe([text, "Angela Merkel besuchte Paris."], errors="return"))
    assert isinstance(out[0], nutgraf.InvalidInputError)
    assert isinstance(out[1], nutgraf.Doc)


def test_input_limit_message():
    with pytest.raises(nutgraf.InputTooLargeError) as e:
        nutgraf.Analyzer(max_input_bytes=100)("Wort " * 100)
    assert "input too large: 500 bytes, the limit is 100 bytes" in str(e.value)


def test_pathological_texts_finish(nlp):
    for text in [
        "!?.,;:" * 50_000,
        "x" * 1_000_000,
        "\n" * 200_000 + "Angela Merkel besuchte Paris.",
        "שלום עולם. مرحبا بالعالم. 東京 😀🇩🇪 e\u0301 \u200f" * 500,
    ]:
        try:
            doc = nlp(text)
        except (nutgraf.EmptyInputError, nutgraf.InvalidInputError):
            continue
        for m in doc.ents:
            assert doc.text[m.start : m.end] == m.text
    doc = nlp.analyze_html("<div>" * 100_000 + "<p>Angela Merkel besuchte Paris.</p>")
    assert "Angela Merkel" in doc.text


def test_gil_is_released_during_analyze(nlp):
    text = "Die Bundesregierung in Berlin beriet am Montag über den Haushalt. " * 40_000
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.05)
    start_ticks = ticks
    started = time.perf_counter()
    nlp(text)
    elapsed = time.perf_counter() - started
    done.set()
    t.join()
    # the counter thread kept running while Rust worked (with the GIL held it would be
    # stuck for the whole call); analyze takes well over 0.2 s for 2.7 MB
    assert elapsed > 0.2, elapsed
    assert ticks - start_ticks > 20, (ticks - start_ticks, elapsed)


def test_twenty_python_threads_share_one_analyzer(nlp):
    texts = [
        f"Bundeskanzler Olaf Scholz traf am {i}. Mai in Berlin Emmanuel Macron. Report {i}."
        for i in range(60)
    ]
    expected = [nlp(t).to_dict() for t in texts]
    results: list = [None] * len(texts)

    def work(k):
        for i in range(k, len(texts), 20):
            results[i] = nlp(texts[i]).to_dict()
        # and a parallel batch from every thread at the same time
        assert [d.to_dict() for d in nlp.pipe(texts[:10], threads=2)] == expected[:10]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


PIPE_FOREVER = """
import itertools, sys, nutgraf
nlp = nutgraf.Analyzer()
texts = (f"Angela Merkel besuchte Paris ({i})." for i in itertools.count())
print("started", flush=True)
try:
    for doc in nlp.pipe(texts, threads=2, batch_size=100_000):
        pass
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(3)
"""


def test_ctrl_c_interrupts_a_long_pipe():
    # one huge batch: Rust must give Python a chance to see the signal within the batch
    proc = subprocess.Popen([sys.executable, "-c", PIPE_FOREVER], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    time.sleep(1.5)
    sent = time.perf_counter()
    os.kill(proc.pid, signal.SIGINT)
    try:
        code = proc.wait(timeout=20)
    finally:
        proc.kill()
    waited = time.perf_counter() - sent
    assert code == 3, code
    assert proc.stdout.read().strip() == "interrupted"
    assert waited < 20


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="SIGPIPE is a Unix signal")
def test_cli_stops_quietly_when_the_output_pipe_closes(tmp_path):
    # `nutgraf tag big.conll | head`: ends like a Unix tool, without an error message
    path = tmp_path / "tokens.conll"
    path.write_text("Berlin\nis\nbig\n.\n\n" * 50_000)
    cmd = [sys.executable, "-m", "nutgraf", "tag", "--lang", "en", str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(64)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert head.startswith(b"Berlin\t")
    assert code == -signal.SIGPIPE, (code, err)
    assert err == ""
