"""Entity models for es, fr, nl, pt: routed by language identification or by ``language=``;
the models of pl, it, cs, sv, da, fi, nb and nn with ``language=`` given."""

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


# One news sentence per language of issue 17, analysed with the language given (language
# identification is not tested here).
FORCED = {
    "pl": (
        "Prezydent Andrzej Duda przyjechał we wtorek do Krakowa, gdzie spotkał się z prezesem "
        "PKN Orlen.",
        [("Andrzej Duda", "PER"), ("Krakowa", "LOC"), ("PKN Orlen", "ORG")],
    ),
    "it": (
        "Il ministro degli Esteri Antonio Tajani è volato a Bruxelles per un vertice della NATO.",
        [("Antonio Tajani", "PER"), ("Bruxelles", "LOC"), ("NATO", "ORG")],
    ),
    "cs": (
        "Premiér Petr Fiala se ve středu v Bruselu setkal s předsedkyní Evropské komise.",
        [("Petr Fiala", "PER"), ("Bruselu", "LOC"), ("Evropské komise", "ORG")],
    ),
    "sv": (
        "Statsminister Ulf Kristersson träffade på tisdagen representanter för Ericsson i "
        "Stockholm.",
        [("Ulf Kristersson", "PER"), ("Ericsson", "ORG"), ("Stockholm", "LOC")],
    ),
    "da": (
        "Udenrigsminister Lars Løkke Rasmussen rejser i morgen til Bruxelles for at mødes med "
        "sine kolleger fra EU.",
        [("Lars Løkke Rasmussen", "PER"), ("Bruxelles", "LOC"), ("EU", "ORG")],
    ),
    "fi": (
        "Nokia ilmoitti maanantaina, että yhtiön toimitusjohtaja Pekka Lundmark vierailee "
        "Tampereella.",
        [("Nokia", "ORG"), ("Pekka Lundmark", "PER"), ("Tampereella", "LOC")],
    ),
    "nb": (
        "Statsminister Jonas Gahr Støre møtte tirsdag representanter for Equinor i Stavanger.",
        [("Jonas Gahr Støre", "PER"), ("Equinor", "ORG"), ("Stavanger", "LOC")],
    ),
    "nn": (
        "Statsminister Jonas Gahr Støre møtte tysdag representantar for Equinor i Stavanger.",
        [("Jonas Gahr Støre", "PER"), ("Equinor", "ORG"), ("Stavanger", "LOC")],
    ),
}


@pytest.mark.parametrize("lang", sorted(FORCED))
def test_given_language_uses_its_model(lang):
    text, expected = FORCED[lang]
    analyzer = nutgraf.Analyzer(
        topics=False, summary=False, keyphrases=False, clean=False, language=lang
    )
    doc = analyzer(text)
    assert doc.language == lang
    got = sorted((m.text, m.label, m.start, m.end) for m in doc.mentions)
    want = sorted((s, label, text.index(s), text.index(s) + len(s)) for s, label in expected)
    assert got == want
    assert not doc.warnings
