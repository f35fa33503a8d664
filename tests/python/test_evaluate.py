"""nutgraf.evaluate_topics, nutgraf.evaluate_summaries and nutgraf.train_topics on small data
folders laid out like ../shared/data (and on the shared data where it is present)."""

import gzip
import json
import pathlib

import nutgraf
import pytest

SHARED_DATA = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data"

AG_ROWS = [
    (1, "Leaders meet at summit", "Presidents and prime ministers discuss the war."),
    (2, "Team wins the final", "The striker scored twice in the league match."),
    (3, "Shares fall", "Stocks dropped as the bank reported lower profits."),
    (4, "New chip unveiled", "The software company released a faster processor."),
]
AG_CLASSES = ["World", "Sports", "Business", "Sci/Tech"]


@pytest.fixture
def agnews_dir(tmp_path):
    """An AG News test file with 3 examples of each class (file order: class by class)."""
    (tmp_path / "ag-news").mkdir()
    lines = ["label,title,description"]
    for _ in range(3):
        lines += [f'{k},"{t}","{d}"' for k, t, d in AG_ROWS]
    (tmp_path / "ag-news" / "test.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def write_jsonl_gz(path: pathlib.Path, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


def test_topic_report_agrees_with_the_model(agnews_dir):
    report = nutgraf.evaluate_topics(dataset="agnews", data_dir=agnews_dir, split="all")
    assert (report.name, report.n, len(report.predictions)) == ("agnews/all", 12, 12)
    assert 0.0 <= report.accuracy <= 1.0 and 0.0 <= report.macro_f1 <= 1.0
    hits = sum(p.predicted == p.gold for p in report.predictions)
    assert report.accuracy == pytest.approx(hits / 12)
    assert [p.gold for p in report.predictions[:4]] == AG_CLASSES
    assert set(report.per_class) == set(AG_CLASSES)
    assert all(c.n == 3 for c in report.per_class.values())
    mean_f1 = sum(c.f1 for c in report.per_class.values()) / 4
    assert report.macro_f1 == pytest.approx(mean_f1)
    assert report.calibration is not None and 0.0 <= report.calibration.brier <= 1.0
    # the top topic of each prediction is the built-in model's top topic for the text
    model = nutgraf.TopicModel.builtin()
    texts = [f"{t}. {d}" for _, t, d in AG_ROWS]
    for p, text in zip(report.predictions[:4], texts):
        assert p.topics[0].label == model.predict(text)[0].label
        assert p.topics == sorted(p.topics, key=lambda t: -t.score)
    assert str(report).startswith("agnews/all: n=12 accuracy=")
    assert "  Sports               F1=" in str(report)


def test_topic_splits_and_models(agnews_dir, tmp_path):
    test = nutgraf.evaluate_topics("agnews", data_dir=agnews_dir)  # held-out half
    assert (test.name, test.n) == ("agnews/test", 4)
    path = tmp_path / "builtin.ngm"
    nutgraf.TopicModel.builtin().save(path)
    for model in (nutgraf.TopicModel.builtin(), path, str(path)):
        again = nutgraf.evaluate_topics("agnews", data_dir=agnews_dir, model=model)
        assert again.accuracy == test.accuracy
        assert [p.predicted for p in again.predictions] == [p.predicted for p in test.predictions]
    with pytest.raises(TypeError):
        nutgraf.evaluate_topics("agnews", data_dir=agnews_dir, model=42)


@pytest.mark.parametrize(
    "dataset, split, match",
    [
        ("nope", "test", r'unknown dataset "nope" \(bbc, sib200-LANG, sib200-all, 10kgnad'),
        ("agnews", "nope", 'unknown split "nope" for agnews'),
        ("sib200-deu", "all", 'unknown split "all" for sib200-deu'),
    ],
)
def test_bad_topic_dataset_names(agnews_dir, dataset, split, match):
    with pytest.raises(nutgraf.ConfigError, match=match):
        nutgraf.evaluate_topics(dataset, data_dir=agnews_dir, split=split)


def test_missing_topic_data_is_an_error(tmp_path):
    with pytest.raises(nutgraf.NutgrafError, match="ag-news"):
        nutgraf.evaluate_topics("agnews", data_dir=tmp_path)


def test_rouge_of_the_lead_by_hand_german(tmp_path):
    # lead-1 "a b c" against the reference "a b x" / "y": unigrams P = 2/3, R = 2/4, F1 = 4/7;
    # bigrams ("a b" of "a b", "b c" and "a b", "b x", "x y") P = 1/2, R = 1/3, F1 = 2/5
    write_jsonl_gz(
        tmp_path / "klexikon" / "test.jsonl.gz",
        [{"title": "T", "wiki_text": "a b c\nd e f\nx y\n", "klexikon_text": "a b x\ny\n"}],
    )
    r = nutgraf.evaluate_summaries(dataset="klexikon", data_dir=tmp_path, split="test", sentences=1)
    assert (r.dataset, r.split, r.n, r.k) == ("klexikon", "test", 1, 1)
    assert r.lead.rouge1 == pytest.approx(100 * 4 / 7)
    assert r.lead.rouge2 == pytest.approx(100 * 2 / 5)
    assert r.lead.rougeL == pytest.approx(100 * 4 / 7)
    assert r.lead.rougeLsum == pytest.approx(100 * 4 / 7)
    assert all(0 <= x <= 100 for x in vars(r.nutgraf).values())
    assert "lead-k      57.14  40.00  57.14  57.14" in str(r)


def test_rouge_by_hand_english_bbc_layout(tmp_path):
    # the reference is glued ("run.Dogs") and split into two sentences; English tokens are
    # stemmed ("cats" -> "cat"): lead-2 [cat run fast dog sleep] vs [cat run dog sleep]:
    # R1 P = 4/5, R = 1, F1 = 8/9; R2 2 hits of 4 and 3 bigrams, F1 = 4/7
    doc = {
        "id": "b1",
        "category": "tech",
        "title": "Animals",
        "text": "Cats run fast. Dogs sleep. Birds fly over the hills.",
        "summary": "Cats run.Dogs sleep.",
    }
    write_jsonl_gz(tmp_path / "bbc-news-summary/normalized/bbc_news_summary.jsonl.gz", [doc])
    (tmp_path / "splits").mkdir()
    (tmp_path / "splits" / "bbc_topic_split.json").write_text(
        json.dumps({"train": [], "test": ["b1"]}), encoding="utf-8"
    )
    r = nutgraf.evaluate_summaries("bbc", data_dir=tmp_path, sentences=2)
    assert (r.n, r.k) == (1, 2)
    assert r.lead.rouge1 == pytest.approx(100 * 8 / 9)
    assert r.lead.rouge2 == pytest.approx(100 * 4 / 7)
    assert str(r).startswith("bbc/test n=1 k=2 (English+stem tokenization")


def test_bad_summary_arguments(tmp_path):
    with pytest.raises(nutgraf.ConfigError, match=r'unknown dataset "nope" \(bbc, klexikon\)'):
        nutgraf.evaluate_summaries("nope", data_dir=tmp_path)
    with pytest.raises(nutgraf.ConfigError, match='unknown BBC split "dev"'):
        (tmp_path / "splits").mkdir()
        (tmp_path / "splits" / "bbc_topic_split.json").write_text('{"train": [], "test": []}')
        write_jsonl_gz(tmp_path / "bbc-news-summary/normalized/bbc_news_summary.jsonl.gz", [])
        nutgraf.evaluate_summaries("bbc", data_dir=tmp_path, split="dev")
    with pytest.raises(nutgraf.ConfigError, match="sentences"):
        nutgraf.evaluate_summaries("bbc", data_dir=tmp_path, sentences=0)


def test_new_training_settings():
    texts = ["the team won the match", "the striker scored a goal"] * 3
    texts += ["shares fell at the bank", "the market and profits rose"] * 3
    labels = ["sports"] * 6 + ["business"] * 6
    m = nutgraf.TopicModel.train(texts, labels, loss="squared-hinge", length_weight=0.5, bits=12)
    assert m.predict("the goal won the match")[0].label == "sports"
    with pytest.raises(nutgraf.ConfigError, match="unknown loss"):
        nutgraf.TopicModel.train(texts, labels, loss="nope")
    with pytest.raises(nutgraf.ConfigError, match="PATH:LEVEL"):
        nutgraf.TopicModel.train(texts, labels, clusters=["no-level"])


def test_train_topics_argument_errors(tmp_path):
    with pytest.raises(nutgraf.ConfigError, match='unknown source "nope"'):
        nutgraf.train_topics(tmp_path, source_weights={"nope": 1.0})
    with pytest.raises(nutgraf.ConfigError, match="non-negative"):
        nutgraf.train_topics(tmp_path, source_weights={"bbc": -1.0})
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.train_topics(tmp_path, source_weights={"bbc": "x"})
    with pytest.raises(TypeError):
        nutgraf.train_topics(tmp_path, no_such_setting=1)
    with pytest.raises(nutgraf.NutgrafError):
        nutgraf.train_topics(tmp_path)  # no data there


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data")
def test_train_topics_matches_the_cli(tmp_path):
    # a quick configuration of the built-in recipe: the same model file as the CLI's
    cli_out = tmp_path / "cli.ngm"
    args = ["--epochs", "1", "--bits", "12", "--char-max", "0", "--source-weight", "sib200=2"]
    code = nutgraf._nutgraf.run_cli(
        ["nutgraf", "train", "topics", "--data-dir", str(SHARED_DATA), "-o", str(cli_out), *args]
    )
    assert code == 0
    model = nutgraf.train_topics(
        SHARED_DATA, epochs=1, bits=12, char_max=0, source_weights={"sib200": 2}
    )
    py_out = tmp_path / "py.ngm"
    model.save(py_out)
    assert py_out.read_bytes() == cli_out.read_bytes()
    dev = nutgraf.evaluate_topics("bbc", data_dir=SHARED_DATA, split="dev", model=model)
    assert 0.5 < dev.accuracy <= 1.0
