"""Custom topic models from Python: training, save/load, keywords, analyzer, bad data."""

import json

import nutgraf
import pytest

DATA = [
    ("recipes", "Stir the flour, butter and sugar, then bake the cake for forty minutes."),
    ("recipes", "Fry the onions in olive oil, add garlic and tomatoes and simmer the sauce."),
    ("recipes", "Knead the dough, let it rise and bake the bread in a hot oven."),
    ("gardening", "Plant the tulip bulbs in autumn and water the soil in the garden bed."),
    ("gardening", "Prune the roses in spring and keep the lawn free of weeds."),
    ("gardening", "Sow tomato seeds in pots and move the seedlings outside after the frost."),
]


def corpus(multi: bool = False):
    texts, labels = [], []
    for i in range(8):
        for label, text in DATA:
            texts.append(f"{text} ({i})")
            if multi and "tomato" in text:
                labels.append([label, "tomatoes"])
            else:
                labels.append(label)
    return texts, labels


@pytest.fixture(scope="module")
def model() -> nutgraf.TopicModel:
    texts, labels = corpus()
    return nutgraf.TopicModel.train(texts, labels, epochs=10)


def test_train_predict(model):
    assert model.labels == ["gardening", "recipes"]
    topics = model.predict("Bake the bread with flour and butter, then simmer the sauce.")
    assert [t.label for t in topics] == ["recipes", "gardening"]
    assert all(0.0 <= t.score <= 1.0 for t in topics)
    assert topics[0].score > topics[1].score
    assert isinstance(topics[0], nutgraf.Topic)
    assert len(model.predict("water the roses", top_k=1)) == 1
    many = model.classify(["bake a cake", "plant bulbs in the garden"])
    assert [ts[0].label for ts in many] == ["recipes", "gardening"]


def test_save_load_round_trip(model, tmp_path):
    path = tmp_path / "custom.ngm"
    model.save(path)
    loaded = nutgraf.TopicModel.load(str(path))
    assert loaded.labels == model.labels
    texts = ["Bake the bread.", "Prune the roses.", "Kuchen backen"]
    assert loaded.scores(texts) == model.scores(texts)
    with pytest.raises(nutgraf.ModelError):
        bad = tmp_path / "bad.ngm"
        bad.write_bytes(path.read_bytes()[:100])
        nutgraf.TopicModel.load(bad)


def test_multi_label():
    texts, labels = corpus(multi=True)
    m = nutgraf.TopicModel.train(texts, labels, epochs=10)
    assert m.labels == ["gardening", "recipes", "tomatoes"]
    top = m.predict("Sow tomato seeds in pots and move the seedlings outside.", threshold=0.5)
    assert {t.label for t in top} == {"gardening", "tomatoes"}, top


def test_analyzer_with_custom_model(model, tmp_path):
    text = "Bake the bread with flour and butter. Then stir the sauce and simmer it."
    for topic_model in (model, tmp_path / "m.ngm"):
        if not isinstance(topic_model, nutgraf.TopicModel):
            model.save(topic_model)
        nlp = nutgraf.Analyzer(topic_model=topic_model, topics_top_k=2)
        doc = nlp(text)
        assert [t.label for t in doc.topics][0] == "recipes"
        assert doc.summary
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.Analyzer(topic_model=42)  # type: ignore[arg-type]


def test_train_jsonl(tmp_path):
    texts, labels = corpus()
    path = tmp_path / "data.jsonl"
    path.write_text(
        "\n".join(json.dumps({"body": t, "topic": lab}) for t, lab in zip(texts, labels)),
        encoding="utf-8",
    )
    m = nutgraf.TopicModel.train_jsonl(path, text_field="body", labels_field="topic")
    assert m.labels == ["gardening", "recipes"]
    with pytest.raises(nutgraf.DataError, match='unknown field "labels"'):
        nutgraf.TopicModel.train_jsonl(path, text_field="body")


@pytest.mark.parametrize(
    "texts,labels,match",
    [
        ([], [], "no training examples"),
        (["a b"] * 4, ["x", "x", "y", ""], "empty label"),
        (["a b", "c d", "e f", "   "], ["x", "x", "y", "y"], "empty text"),
        (["a b"] * 4, ["x"] * 4, "two distinct labels"),
        (["a b"] * 3, ["x", "x", "y"], "too few examples"),
        (["a b"] * 3, ["x", "y"], "3 texts but 2 labels"),
        (["a b"] * 2, [["x"], []], "no labels"),
    ],
)
def test_bad_training_data(texts, labels, match):
    with pytest.raises(nutgraf.DataError, match=match):
        nutgraf.TopicModel.train(texts, labels)


def test_bad_settings():
    texts, labels = corpus()
    with pytest.raises(TypeError):
        nutgraf.TopicModel.train(texts, labels, no_such_setting=1)
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.TopicModel.train(texts, labels, epochs=0)


def test_keyword_topics():
    m = nutgraf.TopicModel.from_keywords(
        {
            "sport": ["football", "Fußball", "goal"],
            "money": ["stock market", "Börse", "profit"],
            "state": ["parliament", "election", "Regierung"],
        }
    )
    assert m.labels == ["sport", "money", "state"]
    cases = {
        "Der Stürmer traf zweimal, die Mannschaft gewann das Spiel.": "sport",
        "Shares fell as the bank reported lower quarterly earnings.": "money",
        "The prime minister called a vote in parliament on the new law.": "state",
    }
    for text, want in cases.items():
        assert m.predict(text)[0].label == want, (text, m.predict(text))
    with pytest.raises(nutgraf.DataError):
        nutgraf.TopicModel.from_keywords({"sport": []})
    with pytest.raises(nutgraf.DataError):
        nutgraf.TopicModel.from_keywords({})


def test_builtin_model_scores_are_calibrated_and_sorted():
    m = nutgraf.TopicModel.builtin()
    topics = m.predict("Die Regierung und das Parlament streiten über den Haushalt.")
    assert len(topics) == 10 and topics[0].label == "politics"
    assert all(0.0 <= t.score <= 1.0 for t in topics)
    assert [t.score for t in topics] == sorted((t.score for t in topics), reverse=True)
    kept = m.predict("Die Regierung streitet.", threshold=0.99)
    assert len(kept) >= 1 and all(t.score >= 0.99 for t in kept[1:])


def test_keyword_topics_refined_on_unlabeled_texts():
    texts, _ = corpus()
    seeds = {"kitchen": ["bake", "flour", "sauce"], "garden": ["garden", "roses", "seeds"]}
    # keep=1.0: every text the seed terms label is used. With the default keep=0.5 only the most
    # confident half of each label's texts is kept, and which of the three kitchen texts that is
    # depends on small score margins (with the word-cluster features of the built-in model the
    # dough text is third), so "dough" would not be a fair check of learning from the texts.
    m = nutgraf.TopicModel.from_keywords(seeds, texts=texts, transfer_weight=0.0, keep=1.0)
    assert m.labels == ["garden", "kitchen"]
    # "dough" and "lawn" are no seed terms: the refined model learned them from the texts
    assert m.predict("Knead the dough and let it rise.")[0].label == "kitchen"
    assert m.predict("Keep the lawn free of weeds.")[0].label == "garden"
    with pytest.raises(nutgraf.DataError, match="too few texts"):
        nutgraf.TopicModel.from_keywords(
            {"kitchen": ["bake"], "space": ["zzqxj"]}, texts=texts, transfer_weight=0.0
        )
