//! The network of the experimental neural tagger (candle, CPU): embeddings of word, cluster,
//! shape and domain ids plus a character CNN, a residual dilated CNN over the sentence and a
//! per-token softmax; its training loop (AdamW, latent-MISC loss) and batch tagging. Reads
//! and writes only the paths it is given.

use super::{decode, Encoded, Example, Vocab, MAXC, NCL, NSHAPES, NTAGS};
use crate::error::{Error, Result};
use crate::types::Iob;
use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::{Embedding, Linear, Optimizer, VarBuilder, VarMap};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

fn err(e: candle_core::Error) -> Error {
    Error::Model(format!("neural tagger: {e}"))
}

/// Sizes of the network.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NetConfig {
    /// Word embedding size.
    pub word_dim: usize,
    /// Character embedding size.
    pub char_dim: usize,
    /// Character CNN filters.
    pub char_filters: usize,
    /// Embedding size per cluster level (0 = no cluster input).
    pub cluster_dim: usize,
    /// Hidden size of the sentence CNN.
    pub hidden: usize,
    /// Dilations of the residual sentence-CNN layers (kernel 3 each).
    pub dilations: Vec<usize>,
    /// Dropout while training.
    pub dropout: f32,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            word_dim: 64,
            char_dim: 24,
            char_filters: 64,
            cluster_dim: 16,
            hidden: 128,
            dilations: vec![1, 2, 4],
            dropout: 0.3,
        }
    }
}

/// The network with its variables.
pub struct Net {
    /// Sizes.
    pub config: NetConfig,
    /// Input vocabularies.
    pub vocab: Vocab,
    vars: VarMap,
    word: Embedding,
    char: Embedding,
    char_conv: Linear,
    cluster: Embedding,
    cluster_offsets: Vec<u32>,
    shape: Embedding,
    domain: Embedding,
    input: Linear,
    convs: Vec<Linear>,
    output: Linear,
}

fn emb(n: usize, d: usize, vb: &VarBuilder, name: &str) -> candle_core::Result<Embedding> {
    let w = vb.get_with_hints(
        (n, d),
        &format!("{name}.weight"),
        candle_nn::Init::Randn {
            mean: 0.,
            stdev: 0.1,
        },
    )?;
    Ok(Embedding::new(w, d))
}

/// A kernel-3 convolution's input with dilation `d` as features: `(b, t, c)` ->
/// `(b, t, 3c)` holding positions `i - d`, `i`, `i + d` (zeros outside), so that the
/// convolution is one matrix product (fast forward and backward on the CPU).
fn shift_cat(x: &Tensor, d: usize) -> candle_core::Result<Tensor> {
    let (b, t, c) = x.dims3()?;
    let z = Tensor::zeros((b, d, c), x.dtype(), x.device())?;
    let p = Tensor::cat(&[&z, x, &z], 1)?;
    Tensor::cat(&[p.narrow(1, 0, t)?, x.clone(), p.narrow(1, 2 * d, t)?], 2)
}

impl Net {
    /// A freshly initialised network (the variable initialisation depends on candle's RNG).
    pub fn new(config: NetConfig, vocab: Vocab) -> Result<Net> {
        Self::build(config, vocab).map_err(err)
    }

    fn build(config: NetConfig, vocab: Vocab) -> candle_core::Result<Net> {
        let vars = VarMap::new();
        let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
        let c = &config;
        let mut cluster_offsets = Vec::with_capacity(NCL);
        let mut total = 0u32;
        for &k in &vocab.cluster_levels {
            cluster_offsets.push(total);
            total += k + 1;
        }
        let cd = c.cluster_dim.max(1);
        let shape_dim = 8;
        let domain_dim = 8;
        let in_dim = c.word_dim + c.char_filters + NCL * cd + shape_dim + domain_dim;
        let convs = (0..c.dilations.len())
            .map(|i| candle_nn::linear(3 * c.hidden, c.hidden, vb.pp(format!("conv{i}"))))
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(Net {
            word: emb(vocab.n_words(), c.word_dim, &vb, "word")?,
            char: emb(vocab.n_chars(), c.char_dim, &vb, "char")?,
            char_conv: candle_nn::linear(3 * c.char_dim, c.char_filters, vb.pp("char_conv"))?,
            cluster: emb(total as usize, cd, &vb, "cluster")?,
            cluster_offsets,
            shape: emb(NSHAPES, shape_dim, &vb, "shape")?,
            domain: emb(vocab.domains.max(1) as usize, domain_dim, &vb, "domain")?,
            input: candle_nn::linear(in_dim, c.hidden, vb.pp("input"))?,
            convs,
            output: candle_nn::linear(c.hidden, NTAGS, vb.pp("output"))?,
            config,
            vocab,
            vars,
        })
    }

    /// Number of parameters.
    pub fn n_params(&self) -> usize {
        self.vars.all_vars().iter().map(|v| v.elem_count()).sum()
    }

    /// Per-token tag logits, `(b, t, NTAGS)`.
    fn forward(&self, e: &Encoded, train: bool) -> candle_core::Result<Tensor> {
        let dev = Device::Cpu;
        let (b, t) = (e.b, e.t);
        let drop = |x: Tensor| {
            if train && self.config.dropout > 0.0 {
                candle_nn::ops::dropout(&x, self.config.dropout)
            } else {
                Ok(x)
            }
        };
        let words = Tensor::from_slice(&e.words, (b, t), &dev)?;
        let xw = self.word.forward(&words)?;
        let chars = Tensor::from_slice(&e.chars, (b * t, MAXC), &dev)?;
        let xc = shift_cat(&self.char.forward(&chars)?, 1)?;
        let xc = self.char_conv.forward(&xc)?.relu()?.max(1)?;
        let xc = xc.reshape((b, t, self.config.char_filters))?;
        let cl: Vec<u32> = e
            .clusters
            .iter()
            .enumerate()
            .map(|(i, &c)| c + self.cluster_offsets[i % NCL])
            .collect();
        let cl = Tensor::from_vec(cl, (b, t, NCL), &dev)?;
        let xcl = self.cluster.forward(&cl)?.reshape((b, t, ()))?;
        let xs = self
            .shape
            .forward(&Tensor::from_slice(&e.shapes, (b, t), &dev)?)?;
        let xd = self
            .domain
            .forward(&Tensor::from_slice(&e.domains, (b, t), &dev)?)?;
        let x = Tensor::cat(&[xw, xc, xcl, xs, xd], 2)?;
        let x = drop(x)?;
        let mut h = self.input.forward(&x)?.relu()?;
        for (conv, &d) in self.convs.iter().zip(&self.config.dilations) {
            let y = conv.forward(&shift_cat(&h, d)?)?.relu()?;
            h = (h + drop(y)?)?;
        }
        self.output.forward(&h)
    }

    /// Mean negative log-likelihood of the allowed tags per real token.
    fn loss(&self, e: &Encoded) -> candle_core::Result<Tensor> {
        let logits = self.forward(e, true)?;
        let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
        let mask: Vec<f32> = e
            .allowed
            .iter()
            .map(|&a| if a > 0.0 { 0.0 } else { -1e4 })
            .collect();
        let mask = Tensor::from_vec(mask, (e.b, e.t, NTAGS), &Device::Cpu)?;
        let lse = (logp + mask)?.log_sum_exp(D::Minus1)?;
        lse.sum_all()?.neg()? / (e.real.max(1) as f64)
    }

    /// Tags sentences (batches of up to `batch` sentences of similar length).
    pub fn tag(&self, examples: &[Example], batch: usize) -> Result<Vec<Vec<Iob>>> {
        let mut order: Vec<usize> = (0..examples.len()).collect();
        order.sort_by_key(|&i| examples[i].tokens.len());
        let mut out = vec![Vec::new(); examples.len()];
        for chunk in order.chunks(batch.max(1)) {
            let refs: Vec<&Example> = chunk.iter().map(|&i| &examples[i]).collect();
            let enc = self.vocab.encode(&refs);
            let lp = self
                .forward(&enc, false)
                .and_then(|l| candle_nn::ops::log_softmax(&l, D::Minus1))
                .and_then(|l| l.flatten_all()?.to_vec1::<f32>())
                .map_err(err)?;
            for (k, &i) in chunk.iter().enumerate() {
                let n = examples[i].tokens.len();
                let start = k * enc.t * NTAGS;
                out[i] = decode(&lp[start..start + n * NTAGS], n);
            }
        }
        Ok(out)
    }

    fn snapshot(&self) -> candle_core::Result<HashMap<String, Tensor>> {
        let data = self.vars.data().lock().expect("var map lock");
        data.iter()
            .map(|(k, v)| Ok((k.clone(), v.as_tensor().copy()?)))
            .collect()
    }

    fn restore(&self, snap: &HashMap<String, Tensor>) -> candle_core::Result<()> {
        let data = self.vars.data().lock().expect("var map lock");
        for (k, v) in data.iter() {
            if let Some(t) = snap.get(k) {
                v.set(&t.to_dtype(DType::F32)?)?;
            }
        }
        Ok(())
    }

    /// Saves the weights as f16 safetensors (`PATH`) and config + vocabulary as JSON
    /// (`PATH.json`). Returns the size in bytes of both files together.
    pub fn save(&self, path: &Path) -> Result<u64> {
        let snap = self.snapshot().map_err(err)?;
        let half: HashMap<String, Tensor> = snap
            .into_iter()
            .map(|(k, v)| Ok((k, v.to_dtype(DType::F16)?)))
            .collect::<candle_core::Result<_>>()
            .map_err(err)?;
        candle_core::safetensors::save(&half, path).map_err(err)?;
        let meta = path.with_extension("json");
        let json = serde_json::to_vec(&(&self.config, &self.vocab))
            .map_err(|e| Error::Internal(e.to_string()))?;
        std::fs::write(&meta, json).map_err(|e| Error::io(meta.display().to_string(), e))?;
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        Ok(size(path) + size(&meta))
    }

    /// Loads a network saved by [`Net::save`] (clusters must be set again by the caller).
    pub fn load(path: &Path) -> Result<Net> {
        let meta = path.with_extension("json");
        let bytes = std::fs::read(&meta).map_err(|e| Error::io(meta.display().to_string(), e))?;
        let (config, vocab): (NetConfig, Vocab) =
            serde_json::from_slice(&bytes).map_err(|e| Error::Model(e.to_string()))?;
        let net = Net::new(config, vocab)?;
        let w = candle_core::safetensors::load(path, &Device::Cpu).map_err(err)?;
        net.restore(&w).map_err(err)?;
        Ok(net)
    }
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Maximum epochs.
    pub epochs: usize,
    /// Stop after this many epochs without a better dev score.
    pub patience: usize,
    /// Sentences per batch.
    pub batch: usize,
    /// AdamW learning rate.
    pub lr: f64,
    /// Shuffling seed.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            patience: 3,
            batch: 32,
            lr: 2e-3,
            seed: 1,
        }
    }
}

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

/// Trains `net` on `train`; after each epoch `dev(net, epoch, mean_loss)` returns the dev
/// score (higher is better); `progress(batch, batches, mean_loss)` is called every 200
/// batches. The weights of the best epoch are restored at the end.
/// Returns (best epoch, best score).
pub fn train(
    net: &mut Net,
    train: &[Example],
    opts: &TrainOptions,
    mut dev: impl FnMut(&Net, usize, f64) -> Result<f64>,
    mut progress: impl FnMut(usize, usize, f64),
) -> Result<(usize, f64)> {
    let params = candle_nn::ParamsAdamW {
        lr: opts.lr,
        weight_decay: 0.0,
        ..Default::default()
    };
    let mut opt = candle_nn::AdamW::new(net.vars.all_vars(), params).map_err(err)?;
    let mut rng = opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let (mut best, mut best_epoch, mut snap) = (f64::NEG_INFINITY, 0, None);
    for epoch in 1..=opts.epochs {
        let mut order: Vec<usize> = (0..train.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, (xorshift(&mut rng) % (i as u64 + 1)) as usize);
        }
        // Batches of similar length: sort windows of 50 batches by length.
        let mut batches: Vec<Vec<usize>> = Vec::new();
        for win in order.chunks(opts.batch * 50) {
            let mut w = win.to_vec();
            w.sort_by_key(|&i| train[i].tokens.len());
            batches.extend(w.chunks(opts.batch).map(<[usize]>::to_vec));
        }
        for i in (1..batches.len()).rev() {
            batches.swap(i, (xorshift(&mut rng) % (i as u64 + 1)) as usize);
        }
        let mut total = 0.0;
        for (k, b) in batches.iter().enumerate() {
            if k % 200 == 199 {
                progress(k + 1, batches.len(), total / (k + 1) as f64);
            }
            let refs: Vec<&Example> = b.iter().map(|&i| &train[i]).collect();
            let enc = net.vocab.encode(&refs);
            let loss = net.loss(&enc).map_err(err)?;
            total += f64::from(loss.to_scalar::<f32>().map_err(err)?);
            opt.backward_step(&loss).map_err(err)?;
        }
        let score = dev(net, epoch, total / batches.len().max(1) as f64)?;
        if score > best {
            best = score;
            best_epoch = epoch;
            snap = Some(net.snapshot().map_err(err)?);
        } else if epoch >= best_epoch + opts.patience {
            break;
        }
    }
    if let Some(s) = snap {
        net.restore(&s).map_err(err)?;
    }
    Ok((best_epoch, best))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::conll::read_labeled;

    #[test]
    fn overfits_a_few_sentences() {
        let text = "Angela\tB-PER\nMerkel\tI-PER\nbesucht\tO\nParis\tB-LOC\n.\tO\n\n\
                    Die\tO\nNATO\tB-ORG\ntagt\tO\nin\tO\nBrüssel\tB-LOC\n.\tO\n\n\
                    Der\tO\nDax\tB-MISC\nsteigt\tO\n.\tO\n";
        let docs = read_labeled(text, "t").unwrap();
        let ex: Vec<Example> = docs[0]
            .iter()
            .map(|s| Example::labeled(s, 0, false))
            .collect();
        let vocab = Vocab::build(&ex, 1, 1, None, 1);
        let config = NetConfig {
            hidden: 32,
            dropout: 0.0,
            ..Default::default()
        };
        let mut net = Net::new(config, vocab).unwrap();
        let opts = TrainOptions {
            epochs: 60,
            patience: 60,
            batch: 3,
            lr: 1e-2,
            seed: 1,
        };
        let (_, best) = train(
            &mut net,
            &ex,
            &opts,
            |n, _, _| {
                let pred = n.tag(&ex, 8)?;
                let ok = ex.iter().zip(&pred).filter(|(e, p)| &e.tags == *p).count();
                Ok(ok as f64)
            },
            |_, _, _| {},
        )
        .unwrap();
        assert_eq!(best, 3.0);
        let pred = net.tag(&ex, 8).unwrap();
        for (e, p) in ex.iter().zip(&pred) {
            assert_eq!(&e.tags, p);
        }
        let dir = std::env::temp_dir().join(format!("nutgraf-neural-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.safetensors");
        assert!(net.save(&path).unwrap() > 0);
        let back = Net::load(&path).unwrap();
        assert_eq!(back.tag(&ex, 8).unwrap(), pred);
        std::fs::remove_dir_all(&dir).ok();
    }
}
