//! Distillation end to end through the command line: a random transformer teacher (written by
//! the test, every token forced to `B-PER`) labels unlabeled JSONL and CSV texts,
//! `nutgraf train ner --teacher` trains a built-in model from those labels plus a little gold
//! data, writes it and its card, and the student tags as its teacher taught it (mechanics, not
//! accuracy).
#![cfg(feature = "transformers")]

use nutgraf::transformers::random_models::{self, Files, Size};
use std::path::Path;
use std::process::Command;

const TEXTS: [&str; 6] = [
    "Maria Schmidt visited Hamburg on Monday.",
    "The council met again in the old town hall.",
    "Peter Brown said the talks would go on next week.",
    "Shares in the company rose after the report.",
    "Anna Weber leads the new team in Munich.",
    "Rain is expected across the north on Friday.",
];

fn nutgraf(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nutgraf"))
        .args(args)
        .output()
        .expect("run nutgraf")
}

fn tags(model: &Path, sentence: &str) -> Vec<String> {
    let input = sentence.split(' ').collect::<Vec<_>>().join("\n") + "\n";
    let dir = model.parent().unwrap();
    let path = dir.join("tag-input.txt");
    std::fs::write(&path, input).unwrap();
    let out = nutgraf(&[
        "tag",
        "--lang",
        "en",
        "--model",
        model.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.rsplit(['\t', ' ']).next().unwrap().to_string())
        .collect()
}

#[test]
fn a_teacher_labels_unlabeled_texts_for_a_builtin_model_with_a_card() {
    let dir = std::env::temp_dir().join(format!("nutgraf-distill-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let teacher = dir.join("teacher");
    random_models::write_bert_ner_as(&teacher, Size::Tiny, Some(1), Files::Hub).unwrap();
    let jsonl = dir.join("texts.jsonl");
    let lines: Vec<String> = TEXTS[..4]
        .iter()
        .map(|t| serde_json::json!({ "text": t }).to_string())
        .collect();
    std::fs::write(&jsonl, lines.join("\n") + "\n").unwrap();
    let csv = dir.join("texts.csv");
    std::fs::write(
        &csv,
        format!("id,text\n1,\"{}\"\n2,{}\n", TEXTS[4], TEXTS[5]),
    )
    .unwrap();
    // a little gold data: all O, so what the student tags as PER it learned from the teacher
    let gold = dir.join("gold.conll");
    std::fs::write(
        &gold,
        "The O\nweather O\nwas O\ngood O\n. O\n\nIt O\nrained O\n. O\n",
    )
    .unwrap();
    let model = dir.join("student.bin");
    let out = nutgraf(&[
        "train",
        "ner",
        "--lang",
        "en",
        "--train",
        gold.to_str().unwrap(),
        "--teacher",
        teacher.to_str().unwrap(),
        "--unlabeled",
        jsonl.to_str().unwrap(),
        csv.to_str().unwrap(),
        "--output",
        model.to_str().unwrap(),
        "--epochs",
        "3",
        "--folds",
        "2",
        "--no-stage2",
        "--no-gazetteers",
        "--no-harvest",
    ]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("teacher: 4 texts of"), "{log}");
    assert!(model.is_file());
    let card = std::fs::read_to_string(dir.join("student.md")).unwrap();
    assert!(card.contains(teacher.to_str().unwrap()), "{card}");
    assert!(card.contains("6 texts"), "{card}");
    assert!(card.contains("PER "), "{card}");
    assert!(card.contains("--teacher"), "{card}");
    // every word of the teacher's texts was B-PER: the student says so too on such a sentence
    let student = tags(&model, "Maria Schmidt visited Munich on Monday .");
    let per = student.iter().filter(|t| t.ends_with("PER")).count();
    assert!(per >= 5, "{student:?}");
    // without unlabeled texts a teacher is refused
    let out = nutgraf(&[
        "train",
        "ner",
        "--lang",
        "en",
        "--teacher",
        "x",
        "--output",
        "y",
    ]);
    assert!(!out.status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}
