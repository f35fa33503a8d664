//! The transformer tier end to end on tiny random-initialized models written by the test
//! itself (no download): NER offsets, long-document windows, abstractive summaries,
//! zero-shot topics, errors and sharing across threads.
#![cfg(feature = "transformers")]

use nutgraf::transformers::random_models::{self, Files, Size};
use nutgraf::transformers::{DeviceSpec, TransformerConfig};
use nutgraf::{Analyzer, Error, Options};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Model directories, written once per test process.
struct Models {
    ner_words: PathBuf,
    ner_random: PathBuf,
    bart: PathBuf,
    nli: PathBuf,
    /// As the Hugging Face hub ships folders: tokenizer.json + model.safetensors only.
    ner_hub: PathBuf,
    nli_hub: PathBuf,
    bart_hub: PathBuf,
}

fn models() -> &'static Models {
    static M: OnceLock<Models> = OnceLock::new();
    M.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("nutgraf-tf-test-{}", std::process::id()));
        tch::manual_seed(7);
        let m = Models {
            ner_words: root.join("ner-words"),
            ner_random: root.join("ner-random"),
            bart: root.join("bart"),
            nli: root.join("nli"),
            ner_hub: root.join("ner-hub"),
            nli_hub: root.join("nli-hub"),
            bart_hub: root.join("bart-hub"),
        };
        // label 1 is B-PER: every word becomes a one-word PER mention
        random_models::write_bert_ner(&m.ner_words, Size::Tiny, Some(1)).unwrap();
        random_models::write_bert_ner(&m.ner_random, Size::Tiny, None).unwrap();
        random_models::write_bart(&m.bart, Size::Tiny).unwrap();
        random_models::write_bert_nli(&m.nli, Size::Tiny).unwrap();
        random_models::write_bert_ner_as(&m.ner_hub, Size::Tiny, Some(1), Files::Hub).unwrap();
        random_models::write_bert_nli_as(&m.nli_hub, Size::Tiny, Files::Hub).unwrap();
        random_models::write_bart_as(&m.bart_hub, Size::Tiny, Files::Hub).unwrap();
        m
    })
}

fn options() -> Options {
    Options {
        language: Some("en".into()),
        ..Options::default()
    }
}

fn analyzer(config: TransformerConfig) -> Analyzer {
    Analyzer::builtin_with_transformers(options(), &config).unwrap()
}

/// The words a BERT basic tokenizer sees: alphanumeric runs and single punctuation marks.
fn bert_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            cur.get_or_insert(i);
            continue;
        }
        if let Some(s) = cur.take() {
            out.push((s, i));
        }
        if !c.is_whitespace() {
            out.push((i, i + c.len_utf8()));
        }
    }
    if let Some(s) = cur {
        out.push((s, text.len()));
    }
    out
}

/// The words of `bert_words` that can be entity mentions: the document-level grouping drops
/// spans without a letter or digit (see `src/entities.rs`, rule 10).
fn name_words(text: &str) -> Vec<(usize, usize)> {
    bert_words(text)
        .into_iter()
        .filter(|&(a, b)| text[a..b].chars().any(char::is_alphanumeric))
        .collect()
}

const STORY: &str = "Angela Müller-Schmidt met the Zürich council on Tuesday. \
    The café owners' association, ÖVP and Greenpeace (2024) were there too! \
    Negotiations continued in Genève.";

#[test]
fn ner_mentions_are_whole_words_with_exact_offsets() {
    let nlp = analyzer(TransformerConfig {
        ner_model: Some(models().ner_words.clone()),
        ..Default::default()
    });
    let doc = nlp.analyze(STORY).unwrap();
    let got: Vec<(usize, usize)> = doc.mentions.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(
        got,
        name_words(&doc.text),
        "one mention per word, sub-words joined"
    );
    for m in &doc.mentions {
        assert_eq!(&doc.text[m.start..m.end], m.text);
        assert_eq!(m.label.as_str(), "PER");
        assert!((0.0..=1.0).contains(&m.score));
    }
    assert!(doc.mentions.iter().any(|m| m.text == "Müller"));
    assert!(doc.mentions.iter().any(|m| m.text == "Genève"));
}

#[test]
fn long_documents_are_windowed_without_losing_or_doubling_words() {
    let nlp = analyzer(TransformerConfig {
        ner_model: Some(models().ner_words.clone()),
        ..Default::default()
    });
    // ~6000 words, far beyond the tiny model's 128 positions
    let text = (0..300)
        .map(|i| format!("Report {i} says Émile and Zoë visited Köln after the vote."))
        .collect::<Vec<_>>()
        .join(" ");
    let doc = nlp.analyze(&text).unwrap();
    let got: Vec<(usize, usize)> = doc.mentions.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(got, name_words(&doc.text));
}

#[test]
fn random_ner_gives_valid_non_overlapping_mentions() {
    let nlp = analyzer(TransformerConfig {
        ner_model: Some(models().ner_random.clone()),
        ..Default::default()
    });
    let text = STORY.repeat(20);
    let doc = nlp.analyze(&text).unwrap();
    assert!(!doc.mentions.is_empty());
    let words = bert_words(&doc.text);
    let starts: std::collections::HashSet<usize> = words.iter().map(|w| w.0).collect();
    let ends: std::collections::HashSet<usize> = words.iter().map(|w| w.1).collect();
    let mut last_end = 0;
    for m in &doc.mentions {
        assert!(m.start >= last_end, "mentions overlap or are out of order");
        assert!(starts.contains(&m.start) && ends.contains(&m.end), "{m:?}");
        assert_eq!(&doc.text[m.start..m.end], m.text);
        last_end = m.end;
    }
    for e in &doc.entities {
        assert!(!e.mentions.is_empty());
    }
}

#[test]
fn abstractive_summary_of_a_long_document() {
    let nlp = analyzer(TransformerConfig {
        summary_model: Some(models().bart.clone()),
        summary_max_tokens: 24,
        summary_min_tokens: 4,
        summary_beams: 2,
        ..Default::default()
    });
    // longer than the tiny BART's 256 positions: windows, then a second round
    let text = (0..60)
        .map(|i| format!("In session {i} the parliament debated the budget and taxes."))
        .collect::<Vec<_>>()
        .join(" ");
    let doc = nlp.analyze(&text).unwrap();
    let summary = doc.abstractive_summary.expect("an abstractive summary");
    assert!(!summary.trim().is_empty());
    // the extractive summary of the built-in tier is still there
    assert!(!doc.summary.is_empty());
}

#[test]
fn zero_shot_scores_cover_the_labels() {
    let labels = vec!["politics".to_string(), "sports".into(), "business".into()];
    let nlp = analyzer(TransformerConfig {
        zero_shot_model: Some(models().nli.clone()),
        labels: labels.clone(),
        ..Default::default()
    })
    .with_options(Options {
        topic_threshold: 0.0,
        ..options()
    })
    .unwrap();
    let doc = nlp.analyze(&STORY.repeat(40)).unwrap();
    let mut got: Vec<&str> = doc.topics.iter().map(|t| t.label.as_str()).collect();
    got.sort();
    assert_eq!(got, ["business", "politics", "sports"]);
    let sum: f32 = doc.topics.iter().map(|t| t.score).sum();
    assert!((sum - 1.0).abs() < 1e-4, "normalized scores sum to {sum}");
    assert!(doc.topics.windows(2).all(|w| w[0].score >= w[1].score));

    // multi-label: each score on its own in [0, 1]; the matrix path batches texts
    let multi = analyzer(TransformerConfig {
        zero_shot_model: Some(models().nli.clone()),
        labels,
        multi_label: true,
        ..Default::default()
    });
    let (cols, m) = multi.topic_matrix(&[STORY, "Short text."]).unwrap();
    assert_eq!(cols.len(), 3);
    assert_eq!(m.shape(), [2, 3]);
    assert!(m.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn one_analyzer_is_shared_by_threads() {
    let nlp = analyzer(TransformerConfig {
        ner_model: Some(models().ner_random.clone()),
        zero_shot_model: Some(models().nli.clone()),
        labels: vec!["a".into(), "b".into()],
        ..Default::default()
    });
    let texts: Vec<String> = (0..6).map(|i| format!("{STORY} Item {i}.")).collect();
    let serial: Vec<_> = texts.iter().map(|t| nlp.analyze(t).unwrap()).collect();
    let parallel: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .iter()
            .map(|t| s.spawn(|| nlp.analyze(t).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let batch: Vec<_> = nlp
        .analyze_batch(&texts, nutgraf::InputFormat::Text)
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    for ((a, b), c) in serial.iter().zip(&parallel).zip(&batch) {
        assert_eq!(a.mentions, b.mentions);
        assert_eq!(a.mentions, c.mentions);
        assert_eq!(a.topics, c.topics);
    }
}

fn err(config: TransformerConfig) -> Error {
    Analyzer::builtin_with_transformers(options(), &config).unwrap_err()
}

#[test]
fn clear_errors() {
    let missing = Path::new("/nonexistent/model");
    assert!(matches!(
        err(TransformerConfig {
            ner_model: Some(missing.into()),
            ..Default::default()
        }),
        Error::Model(_)
    ));
    // a directory without its vocabulary
    let dir = std::env::temp_dir().join(format!("nutgraf-tf-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        models().ner_words.join("config.json"),
        dir.join("config.json"),
    )
    .unwrap();
    let e = err(TransformerConfig {
        ner_model: Some(dir.clone()),
        ..Default::default()
    });
    assert!(
        matches!(&e, Error::Model(m) if m.contains("vocab.txt")),
        "{e}"
    );
    // zero-shot without labels
    assert!(matches!(
        err(TransformerConfig {
            zero_shot_model: Some(models().nli.clone()),
            ..Default::default()
        }),
        Error::Config(_)
    ));
    // CUDA where there is none
    if !tch::Cuda::is_available() {
        let e = err(TransformerConfig {
            ner_model: Some(models().ner_words.clone()),
            device: DeviceSpec::Cuda(0),
            ..Default::default()
        });
        assert!(matches!(&e, Error::Config(m) if m.contains("CUDA")), "{e}");
    }
}

/// Runs the pipelines on the device named by `NUTGRAF_TEST_DEVICE` (e.g. `cuda`), for the
/// GPU check script; on CPU it repeats the checks above on the CPU.
#[test]
fn pipelines_on_the_test_device() {
    let device: DeviceSpec = std::env::var("NUTGRAF_TEST_DEVICE")
        .unwrap_or_else(|_| "cpu".into())
        .parse()
        .unwrap();
    let nlp = analyzer(TransformerConfig {
        ner_model: Some(models().ner_words.clone()),
        summary_model: Some(models().bart.clone()),
        zero_shot_model: Some(models().nli.clone()),
        labels: vec!["x".into(), "y".into()],
        summary_max_tokens: 16,
        summary_min_tokens: 2,
        device,
        ..Default::default()
    });
    let doc = nlp.analyze(STORY).unwrap();
    let got: Vec<(usize, usize)> = doc.mentions.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(got, name_words(&doc.text));
    assert!(doc.abstractive_summary.is_some());
    assert_eq!(doc.topics.len(), 2);
}

#[test]
fn cli_runs_all_three_pipelines() {
    let m = models();
    let dir = std::env::temp_dir().join(format!("nutgraf-tf-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("story.txt");
    std::fs::write(&input, STORY).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nutgraf"))
        .arg("analyze")
        .arg(&input)
        .args(["--format", "json", "--language", "en", "--device", "cpu"])
        .arg("--ner-model")
        .arg(&m.ner_words)
        .arg("--summary-model")
        .arg(&m.bart)
        .arg("--zero-shot-model")
        .arg(&m.nli)
        .args([
            "--labels",
            "politics, sports,business",
            "--topics-threshold",
            "0",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v["text"].as_str().unwrap();
    let mentions = v["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), name_words(text).len());
    assert!(v["abstractive_summary"].is_string());
    let mut labels: Vec<&str> = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    labels.sort();
    assert_eq!(labels, ["business", "politics", "sports"]);

    // a bad device is a clear error, not a crash
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nutgraf"))
        .arg("analyze")
        .arg(&input)
        .args(["--device", "tpu", "--ner-model"])
        .arg(&m.ner_words)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown device"));
}

#[test]
fn safetensors_weights_load_like_tch_weights() {
    use rust_bert::bert::{BertConfig, BertForTokenClassification};
    use rust_bert::Config;
    let src = &models().ner_random; // random labels: equal output means equal weights
    let dir = std::env::temp_dir().join(format!("nutgraf-tf-st-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["config.json", "vocab.txt"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    let config = BertConfig::from_file(src.join("config.json"));
    let mut vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let _model = BertForTokenClassification::new(vs.root(), &config).unwrap();
    vs.load(src.join("rust_model.ot")).unwrap();
    vs.save(dir.join("model.safetensors")).unwrap();
    let a = analyzer(TransformerConfig {
        ner_model: Some(src.clone()),
        ..Default::default()
    })
    .analyze(STORY)
    .unwrap();
    let b = analyzer(TransformerConfig {
        ner_model: Some(dir),
        ..Default::default()
    })
    .analyze(STORY)
    .unwrap();
    assert_eq!(a.mentions, b.mentions);
}

#[test]
fn hub_folders_give_entities_with_exact_offsets() {
    let dir = &models().ner_hub;
    for f in ["tokenizer.json", "model.safetensors", "config.json"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    for f in ["vocab.txt", "rust_model.ot"] {
        assert!(!dir.join(f).exists(), "{f}");
    }
    let nlp = analyzer(TransformerConfig {
        ner_model: Some(dir.clone()),
        ..Default::default()
    });
    let doc = nlp.analyze(STORY).unwrap();
    let got: Vec<(usize, usize)> = doc.mentions.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(got, name_words(&doc.text), "one mention per word");
    for m in &doc.mentions {
        assert_eq!(&doc.text[m.start..m.end], m.text);
        assert_eq!(m.label.as_str(), "PER");
    }
    assert!(doc.mentions.iter().any(|m| m.text == "Müller"));
    assert!(doc.mentions.iter().any(|m| m.text == "Genève"));
    // document-level entities group those mentions
    assert!(!doc.entities.is_empty());
    assert!(doc
        .entities
        .iter()
        .flat_map(|e| &e.mentions)
        .all(|&i| i < doc.mentions.len()));
    // a long document through windows: every word once
    let text = (0..150)
        .map(|i| format!("Report {i} says Émile and Zoë visited Köln after the vote."))
        .collect::<Vec<_>>()
        .join(" ");
    let doc = nlp.analyze(&text).unwrap();
    let got: Vec<(usize, usize)> = doc.mentions.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(got, name_words(&doc.text));
}

#[test]
fn a_folder_without_any_tokenizer_names_the_files() {
    let dir = std::env::temp_dir().join(format!("nutgraf-tf-notok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["config.json", "model.safetensors"] {
        std::fs::copy(models().ner_hub.join(f), dir.join(f)).unwrap();
    }
    let e = err(TransformerConfig {
        ner_model: Some(dir.clone()),
        ..Default::default()
    });
    assert!(
        matches!(&e, Error::Model(m) if m.contains("vocab.txt") && m.contains("tokenizer.json")),
        "{e}"
    );
}

#[test]
fn zero_shot_on_hub_folders_scores_as_the_hf_pipeline() {
    use nutgraf::transformers::nli::{NliModel, TEMPLATE};
    use nutgraf::transformers::ModelDir;
    let dir = &models().nli_hub;
    let labels = ["politics", "sports", "business"];
    let nli = NliModel::load(&ModelDir::open(dir).unwrap(), tch::Device::Cpu).unwrap();
    let zero_shot = |multi_label: bool, template: Option<&str>| {
        analyzer(TransformerConfig {
            zero_shot_model: Some(dir.clone()),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            multi_label,
            hypothesis_template: template.map(str::to_string),
            ..Default::default()
        })
        .with_options(Options {
            topic_threshold: 0.0,
            ..options()
        })
        .unwrap()
    };
    let close = |doc: &nutgraf::Analysis, want: &[f32]| {
        assert_eq!(doc.topics.len(), labels.len());
        for t in &doc.topics {
            let i = labels.iter().position(|l| *l == t.label).unwrap();
            assert!(
                (t.score - want[i]).abs() < 1e-5,
                "{}: {} vs {}",
                t.label,
                t.score,
                want[i]
            );
        }
    };
    // a text in one window (the tiny model has 128 positions, its vocabulary ~5 tokens a
    // word): the scores of the pipeline for the text (softmax across the labels)
    let short = "The Zürich council met on Tuesday.";
    let doc = zero_shot(false, None).analyze(short).unwrap();
    let want = nli.scores(&doc.text, &labels, TEMPLATE, false).unwrap();
    assert!((want.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    close(&doc, &want);
    // multi-label: entailment against contradiction per label
    let doc = zero_shot(true, None).analyze(short).unwrap();
    close(
        &doc,
        &nli.scores(&doc.text, &labels, TEMPLATE, true).unwrap(),
    );
    // the template can be set
    let template = "Dieser Text handelt von {}.";
    let doc = zero_shot(false, Some(template)).analyze(short).unwrap();
    close(
        &doc,
        &nli.scores(&doc.text, &labels, template, false).unwrap(),
    );
    // a long document: windows averaged, still a distribution
    let doc = zero_shot(false, None).analyze(&STORY.repeat(40)).unwrap();
    let sum: f32 = doc.topics.iter().map(|t| t.score).sum();
    assert!((sum - 1.0).abs() < 1e-4, "{sum}");
    // a template without a place for the label is a configuration error
    let e = Analyzer::builtin_with_transformers(
        options(),
        &TransformerConfig {
            zero_shot_model: Some(dir.clone()),
            labels: vec!["a".into()],
            hypothesis_template: Some("no label".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
}

#[test]
fn hub_bart_folders_summarize_by_hf_generation_rules() {
    use nutgraf::transformers::summarize::TransformerSummarizer;
    let dir = &models().bart_hub;
    for f in ["tokenizer.json", "model.safetensors"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    for f in ["vocab.json", "merges.txt", "rust_model.ot"] {
        assert!(!dir.join(f).exists(), "{f}");
    }
    let texts = [
        "the council met on tuesday and the vote was put off until the spring",
        "in the end the owners agreed",
    ];
    for beams in [1, 3] {
        let config = TransformerConfig {
            summary_model: Some(dir.clone()),
            summary_max_tokens: 12,
            summary_min_tokens: 6,
            summary_beams: beams,
            ..Default::default()
        };
        let model = TransformerSummarizer::load(dir, tch::Device::Cpu, &config).unwrap();
        let s = model.settings().expect("loaded from tokenizer.json");
        assert_eq!((s.max_length, s.min_length, s.num_beams), (12, 6, beams));
        let batch = model.generate_ids(&texts).unwrap();
        for (text, ids) in texts.iter().zip(&batch) {
            // a batch gives what each text gives alone
            assert_eq!(&model.generate_ids(&[text]).unwrap()[0], ids);
            // decoder start </s>, forced <s>, the end token once, at the end, not too early
            assert_eq!(&ids[..2], &[2, 0], "{ids:?}");
            let end = ids[1..].iter().position(|&t| t == 2).map(|p| p + 1);
            assert_eq!(end, Some(ids.len() - 1), "{ids:?}");
            assert!((6..=12).contains(&ids.len()), "{ids:?}");
            assert!(model.decode(ids).is_ok());
        }
    }
    let doc = analyzer(TransformerConfig {
        summary_model: Some(dir.clone()),
        summary_max_tokens: 16,
        summary_min_tokens: 4,
        summary_beams: 2,
        ..Default::default()
    })
    .analyze(STORY)
    .unwrap();
    assert!(doc.abstractive_summary.is_some());
}

/// A Pegasus or mBART folder as the hub ships it: the tokenizer of the BART hub folder, a
/// config.json of `model_type` with the given generation ids, random rust-bert weights saved
/// as model.safetensors.
fn write_hub_seq2seq(dir: &Path, model_type: &str, ids: serde_json::Value) {
    use rust_bert::mbart::{MBartConfig, MBartForConditionalGeneration};
    use rust_bert::pegasus::PegasusForConditionalGeneration;
    std::fs::create_dir_all(dir).unwrap();
    for f in ["tokenizer.json", "tokenizer_config.json"] {
        std::fs::copy(models().bart_hub.join(f), dir.join(f)).unwrap();
    }
    let bart: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(models().bart_hub.join("config.json")).unwrap(),
    )
    .unwrap();
    let mut config = serde_json::json!({
        "model_type": model_type, "vocab_size": bart["vocab_size"], "d_model": 32,
        "encoder_layers": 2, "decoder_layers": 2, "encoder_attention_heads": 2,
        "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
        "max_position_embeddings": 128, "activation_function": "gelu", "scale_embedding": true,
        "dropout": 0.1, "activation_dropout": 0.0, "attention_dropout": 0.0,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0, "init_std": 0.02,
        "bos_token_id": 0, "pad_token_id": 1, "eos_token_id": 2, "forced_eos_token_id": 2,
    });
    config
        .as_object_mut()
        .unwrap()
        .extend(ids.as_object().unwrap().clone());
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let config: MBartConfig = serde_json::from_value(config).unwrap();
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    if model_type == "pegasus" {
        let _ = PegasusForConditionalGeneration::new(vs.root(), &config);
    } else {
        let _ = MBartForConditionalGeneration::new(vs.root(), &config);
    }
    vs.save(dir.join("model.safetensors")).unwrap();
}

#[test]
fn hub_pegasus_and_mbart_folders_summarize_by_hf_generation_rules() {
    use nutgraf::transformers::summarize::TransformerSummarizer;
    let root = std::env::temp_dir().join(format!("nutgraf-tf-pegmbart-{}", std::process::id()));
    let cases = [
        // Pegasus: the decoder starts with the pad token, nothing is forced after it
        (
            "pegasus",
            serde_json::json!({"decoder_start_token_id": 1}),
            vec![1],
        ),
        // mBART-50: </s> starts, the target language code (here token 7) is forced next
        (
            "mbart",
            serde_json::json!({"decoder_start_token_id": 2, "forced_bos_token_id": 7}),
            vec![2, 7],
        ),
    ];
    let texts = [
        "the council met on tuesday and the vote was put off until the spring",
        "in the end the owners agreed",
    ];
    for (model_type, ids, start) in cases {
        let dir = root.join(model_type);
        write_hub_seq2seq(&dir, model_type, ids);
        for beams in [1, 3] {
            let config = TransformerConfig {
                summary_max_tokens: 12,
                summary_min_tokens: 6,
                summary_beams: beams,
                ..Default::default()
            };
            let model = TransformerSummarizer::load(&dir, tch::Device::Cpu, &config).unwrap();
            let s = model.settings().expect("loaded from tokenizer.json");
            assert_eq!((s.max_length, s.num_beams, s.eos_token_id), (12, beams, 2));
            let batch = model.generate_ids(&texts).unwrap();
            for (text, ids) in texts.iter().zip(&batch) {
                assert_eq!(
                    &model.generate_ids(&[text]).unwrap()[0],
                    ids,
                    "{model_type}"
                );
                assert_eq!(&ids[..start.len()], &start[..], "{model_type} {ids:?}");
                // the end token only at the end; forced at max_length
                let end = ids[1..].iter().position(|&t| t == 2).map(|p| p + 1);
                assert_eq!(end, Some(ids.len() - 1), "{model_type} {ids:?}");
                assert!((6..=12).contains(&ids.len()), "{model_type} {ids:?}");
            }
        }
        let doc = analyzer(TransformerConfig {
            summary_model: Some(dir.clone()),
            summary_max_tokens: 16,
            summary_min_tokens: 4,
            ..Default::default()
        })
        .analyze(STORY)
        .unwrap();
        assert!(doc.abstractive_summary.is_some(), "{model_type}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_hub_summarizer_of_an_unsupported_type_names_the_missing_files() {
    // an ALBERT folder (a type the tier knows, but not for summaries) with only tokenizer.json
    let dir = std::env::temp_dir().join(format!("nutgraf-tf-albert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["tokenizer.json", "model.safetensors"] {
        std::fs::copy(models().bart_hub.join(f), dir.join(f)).unwrap();
    }
    let config = std::fs::read_to_string(models().bart_hub.join("config.json")).unwrap();
    let config = config.replace("\"bart\"", "\"albert\"");
    std::fs::write(dir.join("config.json"), config).unwrap();
    let e = err(TransformerConfig {
        summary_model: Some(dir),
        ..Default::default()
    });
    assert!(
        matches!(&e, Error::Model(m) if m.contains("pegasus and") && m.contains("mbart")),
        "{e}"
    );
}
