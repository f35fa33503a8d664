"""Entity models for es, fr, nl, pt: routed by language identification or by ``language=``."""

import nutgraf
import pytest

TEXTS = {
    "fr": (
        "Le président Emmanuel Macron a rencontré mardi à Berlin le chancelier Olaf Scholz "
        "pour parler de la guerre en Ukraine.",
        [("Emmanuel Macron", "PER"), ("Berlin", "LOC"), ("Olaf Scholz", "PER"), ("Ukraine", "LOC")],
    ),
    "nl": (
        "Premier Mark Rutte sprak dinsdag in Brussel met de voorzitter van de Europese "
        "Commissie over de toekomst van de landbouw.",
        [("Mark Rutte", "PER"), ("Brussel", "LOC"), ("Europese Commissie", "ORG")],
    ),
}


@pytest.fixture(scope="module")
def ents_only() -> nutgraf.Analyzer:
    return nutgraf.Analyzer(topics=False, summary=False, keyphrases=False, clean=False)


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_detected_language_picks_its_model(ents_only, lang):
    text, expected = TEXTS[lang]
    doc = ents_only(text)
    assert doc.language == lang
    got = [(m.text, m.label, m.start, m.end) for m in doc.mentions]
    want = [(s, label, text.index(s), text.index(s) + len(s)) for s, label in expected]
    assert got == want
    assert not doc.warnings


def test_caller_language_overrides_detection():
    text, _ = TEXTS["fr"]
    doc = nutgraf.Analyzer(topics=False, summary=False, keyphrases=False, language="es")(text)
    assert doc.language == "es"
    assert not doc.warnings
