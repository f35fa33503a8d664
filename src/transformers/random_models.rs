//! Random-initialized model directories (weights, config.json, tokenizer files) for tests and
//! benchmarks: no download needed. Never for real use: the outputs are meaningless.
//!
//! The weights are random, but the shapes, tokenization, windowing and offsets are those of a
//! real model of the same size (speed does not depend on the weights).

use super::model_err;
use crate::error::{Error, Result};
use rust_bert::bart::{BartConfig, BartForConditionalGeneration};
use rust_bert::bert::{BertConfig, BertForSequenceClassification, BertForTokenClassification};
use rust_bert::Config;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use tch::nn::VarStore;

/// Model sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// Hidden size 32, 2 layers, a small vocabulary: for tests.
    Tiny,
    /// BERT-base / BART-base dimensions (hidden 768, 12 resp. 6+6 layers, full-size
    /// vocabularies): for throughput measurements.
    Base,
}

/// The IOB labels of the NER models written here (CoNLL-2003 order).
pub const NER_LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io(path.display().to_string(), e))
}

fn bert_config(dir: &Path, size: Size, vocab: usize, labels: &[&str]) -> Result<BertConfig> {
    let (hidden, layers, heads, inter, positions) = match size {
        Size::Tiny => (32, 2, 2, 64, 128),
        Size::Base => (768, 12, 12, 3072, 512),
    };
    let id2label: BTreeMap<String, &str> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (i.to_string(), *l))
        .collect();
    let label2id: BTreeMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    let config = json!({
        "model_type": "bert",
        "hidden_act": "gelu",
        "attention_probs_dropout_prob": 0.1,
        "hidden_dropout_prob": 0.1,
        "hidden_size": hidden,
        "initializer_range": 0.02,
        "intermediate_size": inter,
        "max_position_embeddings": positions,
        "num_attention_heads": heads,
        "num_hidden_layers": layers,
        "type_vocab_size": 2,
        "vocab_size": vocab,
        "id2label": id2label,
        "label2id": label2id,
    });
    let path = dir.join("config.json");
    write(&path, &serde_json::to_string_pretty(&config).expect("json"))?;
    Ok(BertConfig::from_file(&path))
}

/// Writes a WordPiece vocab.txt: specials, single characters (also as `##` continuations, so
/// every word splits into sub-words), a few whole words, padded to `size` entries.
fn write_wordpiece_vocab(dir: &Path, size: usize) -> Result<usize> {
    let mut v: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let chars: Vec<char> = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain(".,;:!?'\"()-/&%€$".chars())
        .chain("äöüßÄÖÜéèàçñ".chars())
        .collect();
    for c in &chars {
        v.push(c.to_string());
    }
    for c in &chars {
        v.push(format!("##{c}"));
    }
    for w in [
        "the", "and", "of", "in", "der", "die", "und", "##er", "##en", "##ing",
    ] {
        v.push(w.to_string());
    }
    let mut i = 0;
    while v.len() < size {
        v.push(format!("[unused{i}]"));
        i += 1;
    }
    write(&dir.join("vocab.txt"), &(v.join("\n") + "\n"))?;
    Ok(v.len())
}

/// Writes a BERT token-classification model with [`NER_LABELS`]. With `force_label`, the
/// classifier's weights are zero and its bias picks that label for every token (so a test can
/// predict the output exactly); otherwise everything is random.
pub fn write_bert_ner(dir: &Path, size: Size, force_label: Option<usize>) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let vocab = write_wordpiece_vocab(dir, if size == Size::Base { 30522 } else { 0 })?;
    let config = bert_config(dir, size, vocab, &NER_LABELS)?;
    let vs = VarStore::new(tch::Device::Cpu);
    let _model = BertForTokenClassification::new(vs.root(), &config)
        .map_err(|e| model_err("building BERT", e))?;
    if let Some(label) = force_label {
        tch::no_grad(|| {
            for (name, mut t) in vs.variables() {
                if name == "classifier.weight" {
                    let _ = t.zero_();
                } else if name == "classifier.bias" {
                    let _ = t.zero_();
                    let _ = t.get(label as i64).fill_(10.0);
                }
            }
        });
    }
    save(&vs, dir)
}

/// Writes a BERT sequence-classification model with the MNLI labels (contradiction, neutral,
/// entailment) for zero-shot topics.
pub fn write_bert_nli(dir: &Path, size: Size) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let vocab = write_wordpiece_vocab(dir, if size == Size::Base { 30522 } else { 0 })?;
    let config = bert_config(
        dir,
        size,
        vocab,
        &["contradiction", "neutral", "entailment"],
    )?;
    let vs = VarStore::new(tch::Device::Cpu);
    let _model = BertForSequenceClassification::new(vs.root(), &config)
        .map_err(|e| model_err("building BERT", e))?;
    save(&vs, dir)
}

/// GPT-2's map from bytes to printable characters used by byte-level BPE vocabularies.
fn byte_chars() -> Vec<char> {
    let printable = |b: u32| (33..=126).contains(&b) || (161..=172).contains(&b) || b >= 174;
    let mut extra = 0;
    (0u32..256)
        .map(|b| {
            if printable(b) {
                char::from_u32(b).expect("latin-1")
            } else {
                extra += 1;
                char::from_u32(255 + extra).expect("latin extended")
            }
        })
        .collect()
}

/// Writes a BART summarization model with a byte-level BPE vocabulary (vocab.json,
/// merges.txt).
pub fn write_bart(dir: &Path, size: Size) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let mut vocab: Vec<String> = ["<s>", "<pad>", "</s>", "<unk>"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let bc = byte_chars();
    vocab.extend(bc.iter().map(|c| c.to_string()));
    // a few merges: space + lower-case letter, and common letter pairs
    let space = bc[b' ' as usize];
    let mut merges = vec!["#version: 0.2".to_string()];
    for c in 'a'..='z' {
        merges.push(format!("{space} {c}"));
        vocab.push(format!("{space}{c}"));
    }
    for pair in ["e r", "e n", "i n", "t h", "a n", "o n", "e s", "s t"] {
        merges.push(pair.to_string());
        vocab.push(pair.replace(' ', ""));
    }
    let target = if size == Size::Base { 50264 } else { 0 };
    let mut i = 0;
    while vocab.len() < target {
        vocab.push(format!("<extra_{i}>"));
        i += 1;
    }
    vocab.push("<mask>".into());
    let map: BTreeMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    write(
        &dir.join("vocab.json"),
        &serde_json::to_string(&map).expect("json"),
    )?;
    write(&dir.join("merges.txt"), &(merges.join("\n") + "\n"))?;
    let (d, layers, heads, ffn, positions) = match size {
        Size::Tiny => (32, 2, 2, 64, 256),
        Size::Base => (768, 6, 12, 3072, 1024),
    };
    let config = json!({
        "model_type": "bart",
        "activation_function": "gelu",
        "activation_dropout": 0.1,
        "attention_dropout": 0.1,
        "classif_dropout": 0.1,
        "d_model": d,
        "decoder_attention_heads": heads,
        "decoder_ffn_dim": ffn,
        "decoder_layerdrop": 0.0,
        "decoder_layers": layers,
        "decoder_start_token_id": 2,
        "dropout": 0.1,
        "encoder_attention_heads": heads,
        "encoder_ffn_dim": ffn,
        "encoder_layerdrop": 0.0,
        "encoder_layers": layers,
        "bos_token_id": 0,
        "eos_token_id": 2,
        "forced_bos_token_id": 0,
        "forced_eos_token_id": 2,
        "pad_token_id": 1,
        "init_std": 0.02,
        "is_encoder_decoder": true,
        "max_position_embeddings": positions,
        "num_hidden_layers": layers,
        "scale_embedding": false,
        "vocab_size": vocab.len(),
    });
    let path = dir.join("config.json");
    write(&path, &serde_json::to_string_pretty(&config).expect("json"))?;
    let config = BartConfig::from_file(&path);
    let vs = VarStore::new(tch::Device::Cpu);
    let _model = BartForConditionalGeneration::new(vs.root(), &config);
    save(&vs, dir)
}

fn save(vs: &VarStore, dir: &Path) -> Result<()> {
    let path = dir.join("rust_model.ot");
    vs.save(&path)
        .map_err(|e| Error::Model(format!("saving {}: {e}", path.display())))
}
