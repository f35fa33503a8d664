"""The seed check: a German news page as scraped, analyzed end to end through Python."""

import nutgraf

BOILERPLATE = [
    "Quelle:",
    "Etikett:",
    "Kommentar (0)",
    "No data",
    "Gleiches Thema",
    "Hoi An",
    "Sa Pa",
    "Ho-Chi-Minh-Stadt",
    "VietnamPlus",
    "(Foto: Kyodo)",
    "Vietnam.vn",
]


def test_seed_story_language_and_title(nlp, seed_text):
    doc = nlp(seed_text)
    assert doc.language == "de"
    assert doc.title == (
        "Japan und die NATO vereinbaren eine Stärkung der Zusammenarbeit in der "
        "Verteidigungsindustrie"
    )
    assert doc.text.startswith("Am 9. April vereinbarten der japanische Premierminister")
    assert doc.text.endswith("als NATO-Generalsekretär statt.")
    for junk in BOILERPLATE:
        assert junk not in doc.text, junk


def test_seed_summary(nlp, seed_text):
    doc = nlp(seed_text)
    assert 2 <= len(doc.summary) <= 3
    assert [s.index for s in doc.summary] == sorted(s.index for s in doc.summary)
    summary = doc.summary_text
    assert "Ishiba" in summary and "Rutte" in summary
    assert "Zusammenarbeit" in summary
    for s in doc.summary:
        assert doc.text[s.start : s.end] == s.text


def test_seed_topics(nlp, seed_text):
    doc = nlp(seed_text)
    assert doc.topics, doc.warnings
    assert doc.topics[0].label in ("politics", "international")
    scores = [t.score for t in doc.topics]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_seed_entities(nlp, seed_text):
    doc = nlp(seed_text)
    by_label = {}
    for e in doc.entities:
        by_label.setdefault(e.label, set()).add(e.name)
    assert {"Shigeru Ishiba", "Mark Rutte"} <= by_label.get("PER", set()), by_label
    assert "NATO" in by_label.get("ORG", set()), by_label
    assert {"Japan", "Tokio", "Ukraine"} <= by_label.get("LOC", set()), by_label
    names = " ".join(e.name for e in doc.entities)
    for junk in ["Hoi An", "Sa Pa", "Hoa Lu", "Ho-Chi-Minh", "VietnamPlus", "Kyodo"]:
        assert junk not in names
    ishiba = next(e for e in doc.entities if e.name == "Shigeru Ishiba")
    assert ishiba.count >= 3  # "Shigeru Ishiba", "Ishiba", "Herr Ishiba"
    for m in doc.ents:
        assert doc.text[m.start : m.end] == m.text
        assert m in [doc.mentions[i] for i in doc.entities[m.entity].mentions]


def test_seed_keyphrases(nlp, seed_text):
    doc = nlp(seed_text)
    phrases = [k.text for k in doc.keyphrases]
    assert 5 <= len(phrases) <= 10, phrases
    top5 = " | ".join(phrases[:5])
    assert "NATO" in top5 and "Japan" in top5, phrases
    everything = " | ".join(phrases)
    for key in ("Verteidigungsindustrie", "Ishiba", "Rutte"):
        assert key in everything, (key, phrases)
    scores = [k.score for k in doc.keyphrases]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] == 1.0
    for k in doc.keyphrases:
        # str offsets of the first occurrence (entities: their first mention)
        occurrence = doc.text[k.start : k.end]
        assert 0 <= k.start < k.end <= len(doc.text)
        assert any(w[:4] in occurrence for w in k.text.split()), (k, occurrence)
    assert doc.to_dict()["keyphrases"][0]["text"] == phrases[0]


def test_keyphrases_switch_and_count(seed_text):
    assert nutgraf.Analyzer(keyphrases=False)(seed_text).keyphrases == []
    assert len(nutgraf.Analyzer(keyphrase_count=3)(seed_text).keyphrases) == 3


def test_seed_document_entities(nlp, seed_text):
    doc = nlp(seed_text)
    for e in doc.entities:
        assert e.count == len(e.mentions)
        assert e.start == doc.mentions[e.mentions[0]].start  # str index of the first mention
        assert 0.0 <= e.salience <= 1.0
    saliences = [e.salience for e in doc.entities]
    assert saliences == sorted(saliences, reverse=True)
    nato = next(e for e in doc.entities if e.name == "NATO")
    # "Nordatlantikpakt-Organisation (NATO)": the long form is a mention of NATO
    assert "Nordatlantikpakt-Organisation" in {doc.mentions[i].text for i in nato.mentions}
    for e in doc.entities:
        assert not e.name.startswith("NATO-") and e.name != "Japans", e.name


def test_seed_derived_adjectives(nlp, seed_text):
    doc = nlp(seed_text)
    japan = next(e for e in doc.entities if e.name == "Japan")
    derived = [doc.mentions[i] for i in japan.mentions if doc.mentions[i].derived]
    # "japanische", "japanischen": derived adjectives, mentions of Japan, label MISC
    assert {m.text for m in derived} >= {"japanische", "japanischen"}
    assert all(m.label == "MISC" for m in derived)
    names = [doc.mentions[i] for i in japan.mentions if not doc.mentions[i].derived]
    assert {m.text for m in names} >= {"Japan", "Japans"}
    assert not any(m.derived for m in doc.mentions if m.label != "MISC")
