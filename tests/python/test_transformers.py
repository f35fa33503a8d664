"""The transformer tier from Python: model options, errors, and (with a wheel built with the
``transformers`` feature and ``NUTGRAF_TF_MODELS`` naming tiny random models written by
``cargo run --example transformer_models``) all three pipelines end to end."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nutgraf
import pytest

MODELS = os.environ.get("NUTGRAF_TF_MODELS")
STORY = (
    "Angela Müller-Schmidt met the Zürich council on Tuesday. "
    "Greenpeace and the café owners were there too. Talks continued in Genève."
)
needs_models = pytest.mark.skipif(not MODELS, reason="NUTGRAF_TF_MODELS not set (feature wheel)")


def test_labels_without_a_zero_shot_model_are_a_config_error() -> None:
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.Analyzer(labels=["politics"])


def test_bad_device_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.Analyzer(ner_model=tmp_path, device="tpu")


@needs_models
def test_all_pipelines() -> None:
    root = Path(MODELS or "")
    nlp = nutgraf.Analyzer(
        language="en",
        ner_model=root / "ner",
        summary_model=root / "summary",
        zero_shot_model=root / "nli",
        labels=["politics", "sports", "business"],
        topics_threshold=0.0,
        device="cpu",
    )
    doc = nlp(STORY * 30)
    assert doc.mentions
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
        # whole words: a mention never starts or ends inside a word (punctuation is a word)
        if m.text[0].isalnum():
            assert not doc.text[m.start - 1 : m.start].isalnum()
        if m.text[-1].isalnum():
            assert not doc.text[m.end : m.end + 1].isalnum()
    assert isinstance(doc.abstractive_summary, str) and doc.abstractive_summary.strip()
    assert sorted(t.label for t in doc.topics) == ["business", "politics", "sports"]
    assert abs(sum(t.score for t in doc.topics) - 1.0) < 1e-3
    assert "abstractive_summary" in doc.to_dict()


@needs_models
def test_missing_model_files_are_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(nutgraf.ModelError):
        nutgraf.Analyzer(ner_model=tmp_path)


def test_hypothesis_template_needs_a_zero_shot_model() -> None:
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.Analyzer(hypothesis_template="This text is about {}.")


@needs_models
def test_hypothesis_template_is_used_for_zero_shot() -> None:
    root = Path(MODELS or "")
    labels = ["politics", "sports", "business"]

    def scores(template: str | None) -> dict[str, float]:
        nlp = nutgraf.Analyzer(
            language="en",
            zero_shot_model=root / "nli",
            labels=labels,
            topics_threshold=0.0,
            hypothesis_template=template,
        )
        return {t.label: t.score for t in nlp(STORY).topics}

    default = scores(None)
    # the folder has no tokenizer.json: rust-bert's template is the default
    assert scores("This example is about {}.") == pytest.approx(default, abs=1e-6)
    other = scores("This text is about {}.")
    assert sorted(other) == sorted(labels)
    assert abs(sum(other.values()) - 1.0) < 1e-3
    assert other != pytest.approx(default, abs=1e-6)
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.Analyzer(zero_shot_model=root / "nli", labels=labels, hypothesis_template="x")


@needs_models
def test_train_ner_with_a_teacher(tmp_path: Path) -> None:
    """Distillation from Python: the teacher labels the unlabeled texts, a built-in model and
    its card (naming the teacher) are written, and the model loads and tags."""
    teacher = Path(MODELS or "") / "ner"
    texts = tmp_path / "texts.jsonl"
    stories = [STORY, "Peter Brown said the talks in Hamburg would go on next week."]
    texts.write_text("".join(json.dumps({"text": t}) + "\n" for t in stories), encoding="utf-8")
    gold = tmp_path / "gold.conll"
    gold.write_text("The O\nweather O\nwas O\ngood O\n. O\n\nIt O\nrained O\n. O\n")
    out = tmp_path / "student.ngm"
    result = nutgraf.train_ner(
        "en",
        out,
        train=[gold],
        teacher=teacher,
        unlabeled=texts,
        epochs=2,
        folds=2,
        stage2=False,
        harvest=False,
        gazetteers=False,
    )
    assert isinstance(result, nutgraf.NerTraining)
    assert out.is_file() and result.bytes == out.stat().st_size
    card = (tmp_path / "student.md").read_text(encoding="utf-8")
    assert str(teacher) in card
    assert "2 texts" in card
    # a teacher without unlabeled texts is refused
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.train_ner("en", tmp_path / "x.ngm", teacher=teacher)
