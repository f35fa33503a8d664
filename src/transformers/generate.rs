//! Greedy and beam-search generation over a [`Seq2Seq`] network, step for step as HF
//! `transformers` 4.46 `generate()` does it (logits processors, beam scorer, stopping rules),
//! so the same weights give the same token ids. Token ids in and out: no text, no windows.
//!
//! Lengths count decoder tokens as HF does, the decoder start token included: `max_length`
//! 20 allows 19 generated tokens; `min_length` 10 forbids the end token before the tenth.

use super::model_dir::ModelDir;
use super::seq2seq::{Past, Seq2Seq};
use crate::error::{Error, Result};
use tch::{Kind, Tensor};

/// HF's `early_stopping` of beam search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EarlyStopping {
    /// `False` (HF's default): stop when no beam can beat the finished ones (HF's heuristic).
    #[default]
    Heuristic,
    /// `True`: stop as soon as there are `num_beams` finished hypotheses.
    Yes,
    /// `"never"`: stop only when no beam can possibly beat the finished ones.
    Never,
}

/// The settings of one generation, named as in HF's `GenerationConfig`.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerationSettings {
    /// Longest output in decoder tokens, start token included.
    pub max_length: usize,
    /// Shortest output (the end token is forbidden below it), start token included.
    pub min_length: usize,
    /// 1: greedy search; more: beam search.
    pub num_beams: usize,
    /// Exponent of the length in the score of finished beam hypotheses.
    pub length_penalty: f64,
    /// No n-gram of this size twice in an output (0: off).
    pub no_repeat_ngram_size: usize,
    /// When beam search stops.
    pub early_stopping: EarlyStopping,
    /// First decoder token.
    pub decoder_start_token_id: i64,
    /// End token.
    pub eos_token_id: i64,
    /// Padding token (of finished rows and of the encoder batch).
    pub pad_token_id: i64,
    /// Token forced after the start token (BART: `<s>`).
    pub forced_bos_token_id: Option<i64>,
    /// Token forced as the last one at `max_length` (BART: `</s>`).
    pub forced_eos_token_id: Option<i64>,
}

impl GenerationSettings {
    /// The folder's settings: `generation_config.json` over `config.json` (as HF reads them),
    /// HF's defaults for what neither gives (greedy, max 20, no penalties).
    pub fn from_dir(md: &ModelDir) -> Result<GenerationSettings> {
        let mut json = md.config_json()?;
        let gen = md.dir.join("generation_config.json");
        if let Ok(text) = std::fs::read_to_string(&gen) {
            let g: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| Error::Model(format!("{}: {e}", gen.display())))?;
            if let (Some(base), serde_json::Value::Object(g)) = (json.as_object_mut(), g) {
                base.extend(g);
            }
        }
        let int = |k: &str| json.get(k).and_then(|v| v.as_i64());
        let first_int = |k: &str| {
            json.get(k)
                .and_then(|v| v.as_i64().or_else(|| v.get(0)?.as_i64()))
        };
        let missing = |k: &str| {
            Error::Model(format!(
                "{}: no {k} in config.json or generation_config.json",
                md.dir.display()
            ))
        };
        let eos = first_int("eos_token_id").ok_or_else(|| missing("eos_token_id"))?;
        let pad = int("pad_token_id").unwrap_or(eos);
        let start = int("decoder_start_token_id")
            .or_else(|| int("bos_token_id"))
            .ok_or_else(|| missing("decoder_start_token_id"))?;
        let early_stopping = match json.get("early_stopping") {
            Some(serde_json::Value::Bool(true)) => EarlyStopping::Yes,
            Some(serde_json::Value::String(s)) if s == "never" => EarlyStopping::Never,
            _ => EarlyStopping::Heuristic,
        };
        Ok(GenerationSettings {
            max_length: int("max_length").unwrap_or(20).max(1) as usize,
            min_length: int("min_length").unwrap_or(0).max(0) as usize,
            num_beams: int("num_beams").unwrap_or(1).max(1) as usize,
            length_penalty: json
                .get("length_penalty")
                .and_then(|v| v.as_f64())
                .unwrap_or(1.0),
            no_repeat_ngram_size: int("no_repeat_ngram_size").unwrap_or(0).max(0) as usize,
            early_stopping,
            decoder_start_token_id: start,
            eos_token_id: eos,
            pad_token_id: pad,
            forced_bos_token_id: int("forced_bos_token_id"),
            forced_eos_token_id: first_int("forced_eos_token_id"),
        })
    }
}

/// Generates one output per input (token ids with the model's special tokens); an output is
/// the decoder start token, the generated tokens and, below `max_length`, the end token.
pub fn generate(
    net: &Seq2Seq,
    inputs: &[Vec<i64>],
    s: &GenerationSettings,
) -> Result<Vec<Vec<i64>>> {
    if inputs.is_empty() {
        return Ok(Vec::new());
    }
    let longest = inputs.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut ids = Vec::with_capacity(inputs.len() * longest);
    let mut mask = Vec::with_capacity(inputs.len() * longest);
    for x in inputs {
        ids.extend(x.iter().copied());
        mask.extend(std::iter::repeat_n(1i64, x.len()));
        ids.extend(std::iter::repeat_n(s.pad_token_id, longest - x.len()));
        mask.extend(std::iter::repeat_n(0i64, longest - x.len()));
    }
    let shape = [inputs.len() as i64, longest as i64];
    let ids = Tensor::from_slice(&ids).view(shape).to_device(net.device);
    let mask = Tensor::from_slice(&mask).view(shape).to_device(net.device);
    let enc = net.encode(&ids, &mask);
    if s.num_beams <= 1 {
        Ok(greedy(net, &enc, &mask, s))
    } else {
        beam_search(net, &enc, &mask, s)
    }
}

fn greedy(net: &Seq2Seq, enc: &Tensor, mask: &Tensor, s: &GenerationSettings) -> Vec<Vec<i64>> {
    let rows = enc.size()[0] as usize;
    let mut seqs = vec![vec![s.decoder_start_token_id]; rows];
    let mut open = vec![true; rows];
    let mut past = Past::Empty;
    loop {
        let last: Vec<i64> = seqs.iter().map(|q| q[q.len() - 1]).collect();
        let last = Tensor::from_slice(&last)
            .view([-1, 1])
            .to_device(net.device);
        let (mut scores, next) = net.step(&last, enc, mask, past);
        past = next;
        process(&mut scores, &seqs, s);
        let best = Vec::<i64>::try_from(scores.argmax(-1, false).to_device(tch::Device::Cpu))
            .unwrap_or_default();
        for (r, q) in seqs.iter_mut().enumerate() {
            let tok = if open[r] { best[r] } else { s.pad_token_id };
            q.push(tok);
            open[r] &= tok != s.eos_token_id;
        }
        if seqs[0].len() >= s.max_length || !open.iter().any(|&o| o) {
            break;
        }
    }
    for q in &mut seqs {
        // (the start token may be the end token, as in BART)
        if let Some(end) = q[1..].iter().position(|&t| t == s.eos_token_id) {
            q.truncate(end + 2);
        }
    }
    seqs
}

/// HF's logits processors in HF's order: no repeated n-grams, minimum length, forced first
/// and last tokens; `scores` has one row per sequence of `seqs`.
fn process(scores: &mut Tensor, seqs: &[Vec<i64>], s: &GenerationSettings) {
    let cur_len = seqs[0].len();
    let n = s.no_repeat_ngram_size;
    if n > 0 && cur_len + 1 >= n {
        let (mut rows, mut cols) = (Vec::new(), Vec::new());
        for (r, q) in seqs.iter().enumerate() {
            let tail = &q[cur_len + 1 - n..];
            for w in q.windows(n) {
                if &w[..n - 1] == tail {
                    rows.push(r as i64);
                    cols.push(w[n - 1]);
                }
            }
        }
        if !rows.is_empty() {
            let d = scores.device();
            let idx = [
                Some(Tensor::from_slice(&rows).to_device(d)),
                Some(Tensor::from_slice(&cols).to_device(d)),
            ];
            let _ = scores.index_put_(&idx, &Tensor::from(f32::NEG_INFINITY).to_device(d), false);
        }
    }
    if cur_len < s.min_length {
        let _ = scores.narrow(1, s.eos_token_id, 1).fill_(f64::NEG_INFINITY);
    }
    let force = |scores: &mut Tensor, tok: i64| {
        let _ = scores.fill_(f64::NEG_INFINITY);
        let _ = scores.narrow(1, tok, 1).fill_(0.0);
    };
    if let Some(bos) = s.forced_bos_token_id {
        if cur_len == 1 {
            force(scores, bos);
        }
    }
    if let Some(eos) = s.forced_eos_token_id {
        if cur_len + 1 == s.max_length {
            force(scores, eos);
        }
    }
}

/// The finished hypotheses of one input (HF's `BeamHypotheses`).
struct Hyps {
    beams: Vec<(f64, Vec<i64>)>,
    worst: f64,
}

impl Hyps {
    fn add(&mut self, hyp: Vec<i64>, sum_logprobs: f64, generated: usize, s: &GenerationSettings) {
        let score = sum_logprobs / (generated as f64).powf(s.length_penalty);
        if self.beams.len() < s.num_beams || score > self.worst {
            self.beams.push((score, hyp));
            if self.beams.len() > s.num_beams {
                // sorted by (score, index) as Python sorts the tuples
                let mut order: Vec<usize> = (0..self.beams.len()).collect();
                order.sort_by(|&a, &b| self.beams[a].0.total_cmp(&self.beams[b].0).then(a.cmp(&b)));
                self.worst = self.beams[order[1]].0;
                self.beams.remove(order[0]);
            } else {
                self.worst = self.worst.min(score);
            }
        }
    }

    fn is_done(&self, best_sum_logprobs: f64, cur_len: usize, s: &GenerationSettings) -> bool {
        if self.beams.len() < s.num_beams {
            return false;
        }
        // the decoder prompt is the start token
        let len = match s.early_stopping {
            EarlyStopping::Yes => return true,
            EarlyStopping::Never if s.length_penalty > 0.0 => s.max_length - 1,
            _ => cur_len - 1,
        };
        self.worst >= best_sum_logprobs / (len as f64).powf(s.length_penalty)
    }
}

fn beam_search(
    net: &Seq2Seq,
    enc: &Tensor,
    mask: &Tensor,
    s: &GenerationSettings,
) -> Result<Vec<Vec<i64>>> {
    let batch = enc.size()[0] as usize;
    let k = s.num_beams;
    let enc = enc.repeat_interleave_self_int(k as i64, 0, None);
    let mask = mask.repeat_interleave_self_int(k as i64, 0, None);
    let mut seqs = vec![vec![s.decoder_start_token_id]; batch * k];
    let mut beam_scores: Vec<f32> = (0..batch * k)
        .map(|i| if i % k == 0 { 0.0 } else { -1e9 })
        .collect();
    let mut hyps: Vec<Hyps> = (0..batch)
        .map(|_| Hyps {
            beams: Vec::new(),
            worst: 1e9,
        })
        .collect();
    let mut done = vec![false; batch];
    let mut past = Past::Empty;
    let dev = net.device;
    let cpu = tch::Device::Cpu;
    loop {
        let last: Vec<i64> = seqs.iter().map(|q| q[q.len() - 1]).collect();
        let last = Tensor::from_slice(&last).view([-1, 1]).to_device(dev);
        let (logits, next) = net.step(&last, &enc, &mask, past);
        past = next;
        let mut scores = logits.log_softmax(-1, Kind::Float);
        process(&mut scores, &seqs, s);
        let vocab = scores.size()[1];
        let total = scores + Tensor::from_slice(&beam_scores).to_device(dev).unsqueeze(1);
        let (vals, idx) =
            total
                .view([batch as i64, k as i64 * vocab])
                .topk(2 * k as i64, 1, true, true);
        let vals = Vec::<f32>::try_from(vals.to_device(cpu).reshape([-1])).unwrap_or_default();
        let idx = Vec::<i64>::try_from(idx.to_device(cpu).reshape([-1])).unwrap_or_default();
        let cur_len = seqs[0].len() + 1;
        let mut next_scores = vec![0f32; batch * k];
        let mut next_tokens = vec![s.pad_token_id; batch * k];
        let mut next_rows = vec![0i64; batch * k];
        for b in 0..batch {
            if done[b] {
                continue;
            }
            let mut filled = 0;
            for rank in 0..2 * k {
                let (score, flat) = (vals[b * 2 * k + rank], idx[b * 2 * k + rank]);
                let (tok, row) = (flat % vocab, b * k + (flat / vocab) as usize);
                if tok == s.eos_token_id {
                    if rank >= k {
                        continue;
                    }
                    hyps[b].add(seqs[row].clone(), f64::from(score), cur_len - 1, s);
                } else {
                    next_scores[b * k + filled] = score;
                    next_tokens[b * k + filled] = tok;
                    next_rows[b * k + filled] = row as i64;
                    filled += 1;
                }
                if filled == k {
                    break;
                }
            }
            if filled < k {
                return Err(Error::Model(
                    "beam search: more end tokens than beams among the best candidates".into(),
                ));
            }
            let best = vals[b * 2 * k..(b + 1) * 2 * k]
                .iter()
                .fold(f32::NEG_INFINITY, |m, &v| m.max(v));
            done[b] = done[b] || hyps[b].is_done(f64::from(best), cur_len, s);
        }
        seqs = next_rows
            .iter()
            .zip(&next_tokens)
            .map(|(&r, &t)| {
                let mut q = seqs[r as usize].clone();
                q.push(t);
                q
            })
            .collect();
        past.reorder(&Tensor::from_slice(&next_rows).to_device(dev));
        beam_scores = next_scores;
        let all_end = seqs.iter().all(|q| q[q.len() - 1] == s.eos_token_id);
        if done.iter().all(|&d| d) || seqs[0].len() >= s.max_length || all_end {
            break;
        }
    }
    let mut out = Vec::with_capacity(batch);
    for (b, h) in hyps.iter_mut().enumerate() {
        if !done[b] {
            for r in b * k..(b + 1) * k {
                let len = seqs[r].len();
                h.add(seqs[r].clone(), f64::from(beam_scores[r]), len - 1, s);
            }
        }
        // the best score; of equal ones the last added (Python's stable sort, then pop)
        let mut best = 0;
        for (i, (score, _)) in h.beams.iter().enumerate() {
            if score.total_cmp(&h.beams[best].0).is_ge() {
                best = i;
            }
        }
        let mut q = h.beams.get(best).map(|b| b.1.clone()).unwrap_or_default();
        if q.len() < s.max_length {
            q.push(s.eos_token_id);
        }
        out.push(q);
    }
    Ok(out)
}
