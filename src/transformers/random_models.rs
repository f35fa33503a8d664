//! Random-initialized model directories (weights, config.json, tokenizer files) for tests and
//! benchmarks: no download needed. Never for real use: the outputs are meaningless.
//!
//! The weights are random, but the shapes, tokenization, windowing and offsets are those of a
//! real model of the same size (speed does not depend on the weights). Folders come in two
//! layouts ([`Files`]): legacy (vocab.txt, rust_model.ot) and as the Hugging Face hub ships
//! them (tokenizer.json built with the `tokenizers` crate, model.safetensors, no vocab files).

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

/// The files a model folder is written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Files {
    /// vocab.txt and rust_model.ot (rust-bert's layout).
    Legacy,
    /// tokenizer.json, tokenizer_config.json and model.safetensors, no legacy vocabulary (the
    /// Hugging Face hub's layout).
    Hub,
}

/// The IOB labels of the NER models written here (CoNLL-2003 order).
pub const NER_LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io(path.display().to_string(), e))
}

/// `max_position_embeddings` of the BERT models.
fn positions(size: Size) -> usize {
    match size {
        Size::Tiny => 128,
        Size::Base => 512,
    }
}

fn bert_config(dir: &Path, size: Size, vocab: usize, labels: &[&str]) -> Result<BertConfig> {
    let (hidden, layers, heads, inter) = match size {
        Size::Tiny => (32, 2, 2, 64),
        Size::Base => (768, 12, 12, 3072),
    };
    let positions = positions(size);
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

/// Writes a WordPiece vocabulary (vocab.txt, or tokenizer.json for [`Files::Hub`]): specials,
/// single characters (also as `##` continuations, so every word splits into sub-words), a few
/// whole words, padded to `size` entries.
fn write_wordpiece_vocab(dir: &Path, model: Size, files: Files) -> Result<usize> {
    let size = if model == Size::Base { 30522 } else { 0 };
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
    match files {
        Files::Legacy => write(&dir.join("vocab.txt"), &(v.join("\n") + "\n"))?,
        Files::Hub => write_wordpiece_tokenizer(dir, &v, positions(model))?,
    }
    Ok(v.len())
}

/// Writes tokenizer.json (a cased BERT WordPiece tokenizer over `vocab`, built with the
/// `tokenizers` crate) and tokenizer_config.json.
fn write_wordpiece_tokenizer(dir: &Path, vocab: &[String], max_length: usize) -> Result<()> {
    use tokenizers::models::wordpiece::WordPiece;
    use tokenizers::normalizers::bert::BertNormalizer;
    use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
    use tokenizers::processors::bert::BertProcessing;
    use tokenizers::{AddedToken, Tokenizer};
    let bad = |e: &dyn std::fmt::Display| Error::Model(format!("building tokenizer.json: {e}"));
    let ids: BTreeMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    // the builder wants a map type of the crate's hasher: read the model from its JSON form
    let spec = json!({
        "type": "WordPiece",
        "unk_token": "[UNK]",
        "continuing_subword_prefix": "##",
        "max_input_chars_per_word": 100,
        "vocab": ids,
    });
    let model: WordPiece = serde_json::from_str(&spec.to_string()).map_err(|e| bad(&e))?;
    let mut tok = Tokenizer::new(model);
    tok.with_normalizer(Some(BertNormalizer::new(true, true, None, false)));
    tok.with_pre_tokenizer(Some(BertPreTokenizer));
    tok.with_post_processor(Some(BertProcessing::new(
        ("[SEP]".into(), 3),
        ("[CLS]".into(), 2),
    )));
    tok.with_decoder(Some(tokenizers::decoders::wordpiece::WordPiece::default()));
    let specials: Vec<AddedToken> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        .iter()
        .map(|t| AddedToken::from(*t, true))
        .collect();
    tok.add_special_tokens(&specials);
    let path = dir.join("tokenizer.json");
    tok.save(&path, true).map_err(|e| bad(&e))?;
    let config = json!({
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": false,
        "model_max_length": max_length,
        "unk_token": "[UNK]",
        "sep_token": "[SEP]",
        "pad_token": "[PAD]",
        "cls_token": "[CLS]",
        "mask_token": "[MASK]",
    });
    write(
        &dir.join("tokenizer_config.json"),
        &serde_json::to_string_pretty(&config).expect("json"),
    )
}

/// Writes a BERT token-classification model with [`NER_LABELS`]. With `force_label`, the
/// classifier's weights are zero and its bias picks that label for every token (so a test can
/// predict the output exactly); otherwise everything is random.
pub fn write_bert_ner(dir: &Path, size: Size, force_label: Option<usize>) -> Result<()> {
    write_bert_ner_as(dir, size, force_label, Files::Legacy)
}

/// [`write_bert_ner`] with the files of `files`.
pub fn write_bert_ner_as(
    dir: &Path,
    size: Size,
    force_label: Option<usize>,
    files: Files,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let vocab = write_wordpiece_vocab(dir, size, files)?;
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
    save_as(&vs, dir, files)
}

/// Writes a BERT sequence-classification model with the MNLI labels (contradiction, neutral,
/// entailment) for zero-shot topics.
pub fn write_bert_nli(dir: &Path, size: Size) -> Result<()> {
    write_bert_nli_as(dir, size, Files::Legacy)
}

/// [`write_bert_nli`] with the files of `files`.
pub fn write_bert_nli_as(dir: &Path, size: Size, files: Files) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let vocab = write_wordpiece_vocab(dir, size, files)?;
    let config = bert_config(
        dir,
        size,
        vocab,
        &["contradiction", "neutral", "entailment"],
    )?;
    let vs = VarStore::new(tch::Device::Cpu);
    let _model = BertForSequenceClassification::new(vs.root(), &config)
        .map_err(|e| model_err("building BERT", e))?;
    save_as(&vs, dir, files)
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
    write_bart_as(dir, size, Files::Legacy)
}

/// Writes a BART summarization model in the layout `files`; [`Files::Hub`]: the same
/// byte-level BPE as tokenizer.json (built with the `tokenizers` crate), model.safetensors.
pub fn write_bart_as(dir: &Path, size: Size, files: Files) -> Result<()> {
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
    if files == Files::Hub {
        write_byte_bpe_tokenizer(dir, positions)?;
    }
    save_as(&vs, dir, files)
}

/// Replaces vocab.json and merges.txt of `dir` by a RoBERTa/BART-style tokenizer.json (the
/// `tokenizers` crate) and writes tokenizer_config.json.
fn write_byte_bpe_tokenizer(dir: &Path, max_length: usize) -> Result<()> {
    use tokenizers::models::bpe::BPE;
    use tokenizers::pre_tokenizers::byte_level::ByteLevel;
    use tokenizers::processors::roberta::RobertaProcessing;
    use tokenizers::{AddedToken, Tokenizer};
    let bad = |e: &dyn std::fmt::Display| Error::Model(format!("building tokenizer.json: {e}"));
    let (vocab, merges) = (dir.join("vocab.json"), dir.join("merges.txt"));
    let model = BPE::from_file(&vocab.display().to_string(), &merges.display().to_string())
        .build()
        .map_err(|e| bad(&e))?;
    let mut tok = Tokenizer::new(model);
    tok.with_pre_tokenizer(Some(ByteLevel::new(false, true, true)));
    tok.with_post_processor(Some(
        RobertaProcessing::new(("</s>".into(), 2), ("<s>".into(), 0)).add_prefix_space(false),
    ));
    tok.with_decoder(Some(ByteLevel::default()));
    let specials: Vec<AddedToken> = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
        .iter()
        .map(|t| AddedToken::from(*t, true))
        .collect();
    tok.add_special_tokens(&specials);
    tok.save(dir.join("tokenizer.json"), true)
        .map_err(|e| bad(&e))?;
    for f in [vocab, merges] {
        std::fs::remove_file(&f).map_err(|e| Error::io(f.display().to_string(), e))?;
    }
    let config = json!({
        "tokenizer_class": "BartTokenizer",
        "model_max_length": max_length,
        "bos_token": "<s>",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "mask_token": "<mask>",
    });
    write(
        &dir.join("tokenizer_config.json"),
        &serde_json::to_string_pretty(&config).expect("json"),
    )
}

fn save_as(vs: &VarStore, dir: &Path, files: Files) -> Result<()> {
    let path = dir.join(match files {
        Files::Legacy => "rust_model.ot",
        Files::Hub => "model.safetensors",
    });
    vs.save(&path)
        .map_err(|e| Error::Model(format!("saving {}: {e}", path.display())))
}
