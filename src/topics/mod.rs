//! Topic classification: the topic model's modules and the built-in model (embedded bytes,
//! decoded once). Knows no dataset and no command line: evaluation lives in
//! `crate::eval::topics`, the built-in recipe in `crate::train::topics`.
//!
//! A fast multilingual multi-label classifier: one-vs-rest logistic regression over hashed word
//! and character n-gram features ([`features`]), trained with AdaGrad ([`trainer`]), stored with
//! i8-quantized weights and per-label Platt calibration ([`model`]). The built-in model uses the
//! news taxonomy of [`taxonomy::LABELS`]; see `models/topics.md`. Custom models are trained with
//! [`TopicModel::train`] (data from [`jsonl::read_examples`]) or built from seed terms with
//! [`TopicModel::from_keywords`] ([`keywords`]); use them in an analyzer with
//! [`crate::Analyzer::builtin_with_topics`].
//!
//! ```no_run
//! let model = nutgraf::topics::builtin()?;
//! for t in model.predict("Die Bundesregierung beschließt den Haushalt.").iter().take(3) {
//!     println!("{} {:.2}", t.label, t.score);
//! }
//! # Ok::<(), nutgraf::Error>(())
//! ```

pub mod features;
pub mod jsonl;
pub mod keywords;
pub mod model;
pub mod taxonomy;
pub mod trainer;

pub use keywords::KeywordOptions;
pub use model::{LengthCalibration, TopicModel};
pub use trainer::{Loss, Sample, TrainOptions};

use crate::error::Result;
use std::sync::{Arc, OnceLock};

/// Bytes of the built-in topic model.
pub fn builtin_bytes() -> &'static [u8] {
    include_bytes!("../../models/topics.ngm")
}

/// The built-in news topic model (embedded in the library; decoded once, shared).
pub fn builtin() -> Result<Arc<TopicModel>> {
    static CELL: OnceLock<Arc<TopicModel>> = OnceLock::new();
    if let Some(m) = CELL.get() {
        return Ok(m.clone());
    }
    let m = Arc::new(TopicModel::from_bytes(builtin_bytes())?);
    Ok(CELL.get_or_init(|| m).clone())
}

#[cfg(test)]
mod tests {
    use super::features::FeatureConfig;
    use super::*;
    use crate::error::Error;

    fn opts() -> TrainOptions {
        TrainOptions {
            features: FeatureConfig {
                bits: 14,
                ..FeatureConfig::default()
            },
            epochs: 20,
            ..TrainOptions::default()
        }
    }

    fn corpus() -> (Vec<&'static str>, Vec<Vec<String>>) {
        let mut t = Vec::new();
        let mut l = Vec::new();
        let sport = [
            "The striker scored twice as the team won the football match",
            "Der Stürmer traf zweimal, die Mannschaft gewann das Fußballspiel",
            "The coach praised the goalkeeper after the league game",
            "Tennis champion wins the final in straight sets",
        ];
        let biz = [
            "Shares fell as the bank reported lower quarterly profits",
            "Die Aktien fielen, die Bank meldete geringere Gewinne",
            "The company said sales and revenue rose in the quarter",
            "Investors sold stocks as the market fell on inflation data",
        ];
        let pol = [
            "The minister said parliament will vote on the election law",
            "Der Minister sagte, das Parlament stimmt über das Wahlgesetz ab",
            "The government and the opposition clashed over the budget vote",
        ];
        for _ in 0..4 {
            for s in sport {
                t.push(s);
                l.push(vec!["sports".to_string()]);
            }
            for s in biz {
                t.push(s);
                l.push(vec!["business".to_string()]);
            }
            for s in pol {
                t.push(s);
                l.push(vec!["politics".to_string(), "government".to_string()]);
            }
        }
        (t, l)
    }

    #[test]
    fn custom_training_round_trip() {
        let (t, l) = corpus();
        let m = TopicModel::train(&t, &l, &opts()).unwrap();
        assert_eq!(m.labels(), ["business", "government", "politics", "sports"]);
        let p = m.predict("The team won the match after the striker scored");
        assert_eq!(p[0].label, "sports");
        assert!(p.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(p.iter().all(|s| (0.0..=1.0).contains(&s.score)));
        // multi-label: both labels of the political examples score high
        let p = m.predict("Parliament will vote on the law, the minister said");
        let top2: Vec<&str> = p[..2].iter().map(|s| s.label.as_str()).collect();
        assert!(
            top2.contains(&"politics") && top2.contains(&"government"),
            "{p:?}"
        );
        assert!(p[1].score > 0.5, "{p:?}");

        let bytes = m.to_bytes().unwrap();
        let m2 = TopicModel::from_bytes(&bytes).unwrap();
        assert_eq!(m2.labels(), m.labels());
        let texts = ["Aktien und Gewinne der Bank", "Fußball"];
        assert_eq!(m.predict_batch(&texts), m2.predict_batch(&texts));
        let mb = m.predict_batch(&texts);
        assert_eq!(mb.shape(), [2, 4]);
        let s0 = m.scores(texts[0]);
        assert_eq!(mb.row(0).to_vec(), s0);

        let dir = std::env::temp_dir().join(format!("nutgraf-topics-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.ngm");
        m.save(&path).unwrap();
        let m3 = TopicModel::load(&path).unwrap();
        assert_eq!(m3.predict("Fußball"), m.predict("Fußball"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn squared_hinge_loss_trains_a_working_model() {
        let (t, l) = corpus();
        let o = TrainOptions {
            loss: Loss::SquaredHinge,
            ..opts()
        };
        let m = TopicModel::train(&t, &l, &o).unwrap();
        let logistic = TopicModel::train(&t, &l, &opts()).unwrap();
        assert_ne!(m.to_bytes().unwrap(), logistic.to_bytes().unwrap());
        let cases = [
            ("The team won the match after the striker scored", "sports"),
            ("Die Aktien der Bank fielen, geringere Gewinne", "business"),
        ];
        for (text, want) in cases {
            let p = m.predict(text);
            assert_eq!(p[0].label, want, "{text}: {p:?}");
            assert!(p.iter().all(|s| (0.0..=1.0).contains(&s.score)));
        }
    }

    #[test]
    fn fast_scores_match_the_sparse_vector_path() {
        let (t, l) = corpus();
        let m = TopicModel::train(&t, &l, &opts()).unwrap();
        let texts = [
            "Der Stürmer traf zweimal. Die Aktien der Bank fielen, der Minister sagte: Reform!",
            "",
            "ÖLPREIS ölpreis İstanbul 👍",
        ];
        for text in texts {
            let x = super::features::extract(text, m.feature_config());
            let mut a = vec![0f32; m.labels().len()];
            let mut b = vec![0f32; m.labels().len()];
            m.logits(&x, &mut a);
            m.logits_text(text, &mut b);
            for (p, q) in a.iter().zip(&b) {
                assert!((p - q).abs() < 1e-4, "{text}: {a:?} vs {b:?}");
            }
        }
        // a wrong-sized output buffer is left alone
        let mut short = [7f32; 1];
        m.scores_into("Fußball", &mut short);
        assert_eq!(short, [7.0]);
    }

    #[test]
    fn saturated_scores_are_ranked_by_log_odds() {
        let (t, l) = corpus();
        let mut m = TopicModel::train(&t, &l, &opts()).unwrap();
        let text = "Der Stürmer traf zweimal im Spiel, der Trainer jubelte.";
        let mut z = vec![0f32; m.labels().len()];
        m.log_odds_into(text, &mut z);
        // an over-confident calibration: every probability rounds to 1.0 in f32
        let n = z.len();
        m.p.calib_a = vec![1.0; n];
        m.p.calib_b = vec![100.0; n];
        let mut s = vec![0f32; n];
        m.scores_into(text, &mut s);
        let mut lo = vec![0f32; n];
        m.log_odds_into(text, &mut lo);
        assert!(s.iter().all(|&p| p == 1.0), "{s:?}");
        let best = (0..n).max_by(|&a, &b| lo[a].total_cmp(&lo[b])).unwrap();
        assert_ne!(best, 0, "the test needs a top label other than the first");
        let p = m.predict(text);
        assert_eq!(p[0].label, m.labels()[best]);
        assert!(p.windows(2).all(|w| w[0].score >= w[1].score));
        let zb = m.log_odds_batch(&[text]);
        assert_eq!(zb.row(0).to_vec(), lo);
    }

    #[test]
    fn version_2_and_3_files_still_load() {
        use super::model::{FeatureConfigV2, PayloadV2, KIND, PAYLOAD_V2, PAYLOAD_V3};
        let (t, l) = corpus();
        let m = TopicModel::train(&t, &l, &opts()).unwrap();
        // they have no length calibration
        let mut plain = m.clone();
        plain.length = Default::default();
        let v2: PayloadV2 = m.p.clone().map_features(FeatureConfigV2::from);
        let bytes = crate::model_file::encode(KIND, PAYLOAD_V2, &v2).unwrap();
        let old = TopicModel::from_bytes(&bytes).unwrap();
        assert_eq!(old.to_bytes().unwrap(), plain.to_bytes().unwrap());
        let bytes = crate::model_file::encode(KIND, PAYLOAD_V3, &m.p).unwrap();
        let old = TopicModel::from_bytes(&bytes).unwrap();
        assert_eq!(old.to_bytes().unwrap(), plain.to_bytes().unwrap());
        // a version 4 file is not read as version 2, nor a version 3 file as version 4
        let mut wrong = m.to_bytes().unwrap();
        wrong[18..20].copy_from_slice(&PAYLOAD_V2.to_le_bytes());
        assert!(TopicModel::from_bytes(&wrong).is_err());
        let mut wrong = bytes.clone();
        wrong[18..20].copy_from_slice(&super::model::PAYLOAD_VERSION.to_le_bytes());
        assert!(TopicModel::from_bytes(&wrong).is_err());
    }

    #[test]
    fn a_short_text_moves_towards_the_priors() {
        use super::model::LengthCalibration;
        let (t, l) = corpus();
        let mut m = TopicModel::train(&t, &l, &opts()).unwrap();
        let n = m.labels().len();
        let prior: Vec<f32> = (0..n).map(|k| -1.0 - k as f32 * 0.1).collect();
        m.set_length_calibration(LengthCalibration {
            scale: 4.0,
            shape: 1.0,
            prior: prior.clone(),
        })
        .unwrap();
        let back = TopicModel::from_bytes(&m.to_bytes().unwrap()).unwrap();
        assert_eq!(back.length_calibration(), m.length_calibration());
        let mut plain = m.clone();
        plain.length = Default::default();
        for text in [
            "Stürmer",
            "Der Stürmer traf zweimal im Spiel, der Trainer jubelte laut.",
        ] {
            let (mut z, mut z0) = (vec![0f32; n], vec![0f32; n]);
            m.log_odds_into(text, &mut z);
            plain.log_odds_into(text, &mut z0);
            let words = text.split_whitespace().count() as f32;
            let f = 1.0 - (-words / 4.0).exp();
            assert!((m.length_factor(text) - f).abs() < 1e-6);
            for k in 0..n {
                assert!((z[k] - (f * z0[k] + (1.0 - f) * prior[k])).abs() < 1e-4);
            }
        }
        // a calibration that does not fit the labels is refused
        let bad = LengthCalibration {
            scale: 4.0,
            shape: 1.0,
            prior: vec![0.0],
        };
        assert!(m.set_length_calibration(bad).is_err());
    }

    #[test]
    fn corrupted_bytes_are_an_error() {
        let (t, l) = corpus();
        let m = TopicModel::train(&t, &l, &opts()).unwrap();
        let mut bytes = m.to_bytes().unwrap();
        let n = bytes.len();
        bytes[n / 2] ^= 0x55;
        assert!(matches!(
            TopicModel::from_bytes(&bytes),
            Err(Error::Model(_))
        ));
        assert!(TopicModel::from_bytes(&bytes[..n / 3]).is_err());
        assert!(TopicModel::from_bytes(b"").is_err());
    }

    #[test]
    fn bad_training_data() {
        let o = opts();
        let e = |r: Result<TopicModel>| match r {
            Err(Error::Data(m)) => m,
            other => panic!("expected a data error, got {other:?}"),
        };
        let l = |s: &str| vec![s.to_string()];
        let m = e(TopicModel::train(&[], &[], &o));
        assert!(m.contains("no training examples"), "{m}");
        let m = e(TopicModel::train(&["a"], &[], &o));
        assert!(m.contains("1 texts but 0 label lists"), "{m}");
        // an example without labels
        let m = e(TopicModel::train(&["a b", "c d"], &[l("x"), vec![]], &o));
        assert!(m.contains("example 1 has no labels"), "{m}");
        // an empty label
        let m = e(TopicModel::train(&["a b", "c d"], &[l("x"), l(" ")], &o));
        assert!(m.contains("example 1 has an empty label"), "{m}");
        // an empty text
        let m = e(TopicModel::train(&["a b", " ... "], &[l("x"), l("y")], &o));
        assert!(m.contains("example 1: empty text"), "{m}");
        // one class only
        let m = e(TopicModel::train(&["a", "b"], &[l("x"), l("x")], &o));
        assert!(
            m.contains("two distinct labels") && m.contains("\"x\""),
            "{m}"
        );
        // too few examples of a label
        let m = e(TopicModel::train(
            &["a", "b", "c"],
            &[l("x"), l("x"), l("y")],
            &o,
        ));
        assert!(
            m.contains("too few examples") && m.contains("\"y\" (1)"),
            "{m}"
        );
        // bad settings are configuration errors
        let bad = TrainOptions {
            epochs: 0,
            ..opts()
        };
        assert!(matches!(
            TopicModel::train(
                &["a", "b", "c", "d"],
                &[l("x"), l("x"), l("y"), l("y")],
                &bad
            ),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn streamed_features_train_the_same_model() {
        let (t, l) = corpus();
        let cached = TopicModel::train(&t, &l, &opts()).unwrap();
        let streamed = TopicModel::train(
            &t,
            &l,
            &TrainOptions {
                feature_cache_bytes: 0,
                ..opts()
            },
        )
        .unwrap();
        assert_eq!(cached.to_bytes().unwrap(), streamed.to_bytes().unwrap());
    }

    #[test]
    fn keyword_topics() {
        let seeds = vec![
            (
                "sport".to_string(),
                vec!["football".into(), "Fußball".into(), "goal".into()],
            ),
            (
                "money".to_string(),
                vec!["stock market".into(), "Börse".into(), "profit".into()],
            ),
            (
                "state".to_string(),
                vec!["parliament".into(), "election".into(), "Regierung".into()],
            ),
        ];
        let m = TopicModel::from_keywords(&seeds, &KeywordOptions::default()).unwrap();
        assert_eq!(m.labels(), ["sport", "money", "state"]);
        let cases = [
            (
                "The striker scored twice and the club won the league match.",
                "sport",
            ),
            (
                "Der Stürmer traf zweimal, die Mannschaft gewann das Spiel.",
                "sport",
            ),
            (
                "Shares fell as the bank reported lower quarterly earnings.",
                "money",
            ),
            (
                "Die Aktien der Bank fielen nach schwachen Quartalszahlen.",
                "money",
            ),
            (
                "The prime minister called a vote in parliament on the new law.",
                "state",
            ),
            (
                "Le gouvernement a présenté son projet de loi au Parlement.",
                "state",
            ),
        ];
        for (text, want) in cases {
            let p = m.predict(text);
            assert_eq!(p[0].label, want, "{text}: {p:?}");
            assert!(p.iter().all(|t| (0.0..=1.0).contains(&t.score)));
        }
        // seed terms only (no transfer): the seeds themselves still decide
        let lex = KeywordOptions {
            transfer_weight: 0.0,
            ..KeywordOptions::default()
        };
        let m = TopicModel::from_keywords(&seeds, &lex).unwrap();
        assert_eq!(m.predict("Die Börse und der Profit")[0].label, "money");
        // bad seeds
        let e = |s: &[(String, Vec<String>)]| {
            matches!(
                TopicModel::from_keywords(s, &KeywordOptions::default()),
                Err(Error::Data(_))
            )
        };
        assert!(e(&[]));
        assert!(e(&[(" ".into(), vec!["a".into()])]));
        assert!(e(&[("a".into(), vec!["...".into()])]));
        assert!(e(&[
            ("a".into(), vec!["x".into()]),
            ("a".into(), vec!["y".into()])
        ]));
    }

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync>() {}
        check::<TopicModel>();
    }
}
