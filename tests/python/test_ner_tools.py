"""Entity evaluation and training from Python: a tiny model trained on files the tests
write, scores with known answers, the same numbers and model files as the command line,
and useful errors."""

import hashlib

import nutgraf
import pytest
from nutgraf import _nutgraf

NAMES = ["Anna", "Bert", "Carla", "Dieter", "Emil", "Frida"]
CITIES = ["Paris", "Rome", "Oslo", "Lima", "Kyiv", "Bonn"]


def sentence(name, city):
    return [
        (name, "B-PER"),
        ("Smith", "I-PER"),
        ("visited", "O"),
        (city, "B-LOC"),
        ("with", "O"),
        ("Acme", "B-ORG"),
        ("Corp", "I-ORG"),
        (".", "O"),
    ]


def corpus():
    """Six documents of eight sentences: people called Smith visit cities with Acme Corp."""
    return [
        [sentence(NAMES[(d + i) % 6], CITIES[(d * 2 + i) % 6]) for i in range(8)] for d in range(6)
    ]


def conll(docs):
    out = []
    for d in docs:
        out.append("-DOCSTART- -X- -X- O\n\n")
        for s in d:
            out.append("".join(f"{t}\t{g}\n" for t, g in s) + "\n")
    return "".join(out)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("ner")
    docs = corpus()
    (root / "train.tsv").write_text(conll(docs[:5]), encoding="utf-8")
    (root / "dev.tsv").write_text(conll(docs[5:]), encoding="utf-8")
    return root


def settings(data):
    return dict(
        train=data / "train.tsv",
        dev=data / "dev.tsv",
        epochs=5,
        folds=3,
        gazetteers=False,
    )


@pytest.fixture(scope="module")
def trained(data):
    out = data / "model.ngm"
    info = nutgraf.train_ner("en", out, **settings(data))
    return out, info


def md5(path):
    return hashlib.md5(path.read_bytes()).hexdigest()


def test_training_writes_a_model_that_tags_its_training_names(trained):
    path, info = trained
    assert info.output == str(path)
    assert info.bytes == path.stat().st_size > 0
    assert info.weight_rows > 0
    assert info.epochs is None and info.dev_f1 is None
    assert info.dev["news"].f1 == pytest.approx(100.0)
    # every training name, in sentences it never saw in this order
    docs = [[sentence(n, c) for n, c in zip(NAMES, reversed(CITIES))]]
    ev = nutgraf.evaluate_ner(docs, "en", model=path)
    assert ev.f1 == pytest.approx(100.0)
    assert ev.scores.gold == ev.scores.correct == 18
    assert {k: v.correct for k, v in ev.scores.per_label.items()} == {
        "PER": 6,
        "ORG": 6,
        "LOC": 6,
        "MISC": 0,
    }


def test_known_gold_and_predictions_give_known_scores(trained, tmp_path):
    path, _ = trained
    # The model tags Carla Smith PER, Oslo LOC and Acme Corp ORG (the test above). Against
    # this gold (Oslo ORG, Acme Corp no entity): 3 found, 2 gold, 1 correct.
    gold = [
        ("Carla", "B-PER"),
        ("Smith", "I-PER"),
        ("visited", "O"),
        ("Oslo", "B-ORG"),
        ("with", "O"),
        ("Acme", "O"),
        ("Corp", "O"),
        (".", "O"),
    ]
    test = tmp_path / "test.tsv"
    test.write_text(conll([[gold]]), encoding="utf-8")
    ev = nutgraf.evaluate_ner(test, "en", model=path)
    s = ev.scores
    assert (s.gold, s.predicted, s.correct, s.tokens) == (2, 3, 1, 8)
    assert s.precision == pytest.approx(100 / 3)
    assert s.recall == pytest.approx(50.0)
    assert s.f1 == pytest.approx(40.0)
    assert s.accuracy == pytest.approx(100 * 5 / 8)
    assert s.per_label["PER"] == nutgraf.LabelScores(100.0, 100.0, 100.0, 1, 1, 1)
    assert (s.per_label["ORG"].gold, s.per_label["ORG"].predicted) == (1, 1)
    assert s.per_label["ORG"].correct == 0
    assert s.per_label["LOC"].predicted == 1 and s.per_label["LOC"].f1 == 0.0
    # the same document given as pairs; MISC left out when it is not scored
    same = nutgraf.evaluate_ner([[gold]], "en", model=path, no_misc=True)
    assert same.scores.f1 == pytest.approx(40.0)
    assert "MISC" not in same.scores.per_label
    assert ev.pipeline_recognizer is None


def test_numbers_and_model_files_match_the_command_line(trained, data, tmp_path, capfd):
    path, _ = trained
    test = data / "dev.tsv"
    ev = nutgraf.evaluate_ner(test, "en", model=path, pipeline=True)
    capfd.readouterr()
    args = ["nutgraf", "eval", "ner", "--lang", "en", "--model", str(path), "--test", str(test)]
    assert _nutgraf.run_cli([*args, "--pipeline"]) == 0
    assert capfd.readouterr().out == ev.report
    assert ev.report.startswith("processed 64 tokens with 24 phrases")
    # one document without breaks: its sentences are scored as documents of their own
    assert ev.pipeline_docs == 8 and ev.pipeline_changed == 0
    assert ev.pipeline_recognizer.gold == ev.pipeline_grouped.gold == 24
    assert ev.pipeline_grouped.f1 == pytest.approx(100.0)
    # train ner: the same model file from Python and from the command line
    cli_model = tmp_path / "cli.ngm"
    train = ["--train", str(data / "train.tsv"), "--dev", str(data / "dev.tsv")]
    opts = ["--epochs", "5", "--folds", "3", "--no-gazetteers"]
    cmd = ["nutgraf", "train", "ner", "--lang", "en", "--output", str(cli_model), *train, *opts]
    assert _nutgraf.run_cli(cmd) == 0
    assert md5(cli_model) == md5(path)


def test_final_fit_writes_both_models(data, tmp_path):
    out, sel = tmp_path / "final.ngm", tmp_path / "selected.ngm"
    info = nutgraf.train_ner(
        "en", out, final_fit=True, selected_output=sel, seed=3, **settings(data)
    )
    assert out.stat().st_size == info.bytes
    assert sel.stat().st_size > 0 and md5(sel) != md5(out)
    assert all(1 <= e <= 5 for e in info.epochs)
    assert info.dev_f1[0] > 90
    assert "final fit" in info.description
    assert set(info.dev) == {"news"}


def test_errors_are_python_exceptions_with_useful_messages(trained, data, tmp_path):
    path, _ = trained
    missing = tmp_path / "no-such-file.tsv"
    with pytest.raises(nutgraf.NutgrafError, match="no-such-file.tsv"):
        nutgraf.evaluate_ner(missing, "en")
    with pytest.raises(nutgraf.NutgrafError, match="no-such-file.tsv"):
        nutgraf.train_ner("en", tmp_path / "m.ngm", train=missing, gazetteers=False)
    bad = tmp_path / "bad.tsv"
    bad.write_text("Merkel\tB-PERSON\n", encoding="utf-8")
    with pytest.raises(nutgraf.DataError, match="bad.tsv:1"):
        nutgraf.evaluate_ner(bad, "en", model=path)
    with pytest.raises(nutgraf.DataError, match="sentence 0"):
        nutgraf.evaluate_ner([[[("Merkel", "X-PER")]]], "en", model=path)
    with pytest.raises(nutgraf.UnsupportedLanguageError):
        nutgraf.evaluate_ner(data / "dev.tsv", "xx")
    with pytest.raises(nutgraf.UnsupportedLanguageError, match="recipe"):
        nutgraf.train_ner("xx", tmp_path / "m.ngm", data_dir=tmp_path)
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.train_ner("en", tmp_path / "m.ngm", selected_output=tmp_path / "s.ngm")
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.train_ner("en", tmp_path / "m.ngm", epochs=0)
    with pytest.raises(nutgraf.ConfigError):
        nutgraf.evaluate_ner(42, "en")
    with pytest.raises(nutgraf.InvalidInputError, match="domain"):
        nutgraf.evaluate_ner(data / "dev.tsv", "en", domain="poetry")
