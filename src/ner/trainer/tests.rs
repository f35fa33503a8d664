//! Tests of the trainer: a tiny corpus learnt, domain copies folded, the final fit, dev F1
//! of mixed dev sets, training with word clusters. Test code only.

use super::data::TSent;
use super::perceptron::dev_f1;
use super::weights::fold_default_copies;
use super::*;
use crate::eval::ner::score_docs;
use crate::ner::clusters::{self, ClusterOptions, Corpus};
use crate::ner::features::domain_key;
use crate::ner::model::{iob_to_tag, NPREV, NT};
use crate::types::EntityLabel::*;
use crate::types::Iob;

fn sent(words: &[(&str, Iob)]) -> LabeledSentence {
    LabeledSentence {
        tokens: words.iter().map(|w| w.0.to_string()).collect(),
        tags: words.iter().map(|w| w.1).collect(),
    }
}

fn corpus() -> Vec<TrainDoc> {
    let names = ["Anna", "Bert", "Carla", "Dieter", "Emil", "Frida"];
    let cities = ["Paris", "Rome", "Oslo", "Lima", "Kyiv", "Bonn"];
    let mut docs = Vec::new();
    for d in 0..6 {
        let mut sentences = Vec::new();
        for i in 0..8 {
            let n = names[(d + i) % 6];
            let c = cities[(d * 2 + i) % 6];
            sentences.push(sent(&[
                (n, Iob::B(PER)),
                ("Smith", Iob::I(PER)),
                ("visited", Iob::O),
                (c, Iob::B(LOC)),
                ("with", Iob::O),
                ("Acme", Iob::B(ORG)),
                ("Corp", Iob::I(ORG)),
                (".", Iob::O),
            ]));
        }
        docs.push(TrainDoc {
            sentences,
            no_misc: false,
            domain: 0,
        });
    }
    docs
}

#[test]
fn learns_tiny_corpus() {
    let docs = corpus();
    let opts = TrainOptions {
        epochs: 5,
        folds: 3,
        ..Default::default()
    };
    let m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
    let sc = score_docs(&m, &docs[5..], false);
    assert!(sc.total.f1() > 99.0, "{sc}");
    let out = m.tag_document(&[vec!["Carla", "Smith", "visited", "Oslo", "."]]);
    let tags: Vec<Iob> = out[0].iter().map(|x| x.0).collect();
    assert_eq!(
        tags,
        vec![Iob::B(PER), Iob::I(PER), Iob::O, Iob::B(LOC), Iob::O]
    );
    assert!(out[0].iter().all(|x| (0.0..=1.0).contains(&x.1)));
    // Round trip through bytes.
    let bytes = m.to_bytes().unwrap();
    let m2 = NerModel::from_bytes(&bytes).unwrap();
    assert_eq!(
        m2.tag_document(&[vec!["Carla", "Smith", "visited", "Oslo", "."]]),
        out
    );
    assert_eq!(m2.language(), "en");
    // Corruption is detected.
    let mut bad = bytes.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x55;
    assert!(NerModel::from_bytes(&bad).is_err());
    assert!(NerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert!(NerModel::from_bytes(b"").is_err());
    // Odd input does not panic and stays valid IOB2.
    let long = "x".repeat(5000);
    let odd = m.tag_document(&[vec![], vec!["", "😀", "e\u{301}", &long, "I"]]);
    assert!(odd[0].is_empty());
    assert_eq!(odd[1].len(), 5);
}

#[test]
fn folding_default_copies_keeps_scores() {
    let (a, b, c) = (11u32, 22u32, 33u32);
    let keys = [
        a,
        b,
        c,
        domain_key(a, DEFAULT_COPY),
        domain_key(a, 1),
        domain_key(b, DEFAULT_COPY),
        domain_key(c, 1),
    ];
    let w: Vec<f32> = (0..keys.len() * NT).map(|i| (i % 7) as f32 - 3.0).collect();
    let (fk, fw) = fold_default_copies(&keys, &w);
    let row = |ks: &[u32], ws: &[f32], k: u32| -> Vec<f32> {
        match ks.iter().position(|&x| x == k) {
            Some(i) => ws[i * NT..(i + 1) * NT].to_vec(),
            None => vec![0.0; NT],
        }
    };
    let sum = |ks: &[u32], ws: &[f32], list: &[u32]| -> Vec<f32> {
        let mut s = vec![0f32; NT];
        for &k in list {
            for (x, y) in s.iter_mut().zip(row(ks, ws, k)) {
                *x += y;
            }
        }
        s
    };
    for &k in &[a, b, c] {
        // default domain: general + default copy while training, general alone after
        let before = sum(&keys, &w, &[k, domain_key(k, DEFAULT_COPY)]);
        assert_eq!(sum(&fk, &fw, &[k]), before);
        // domain 1: general + its copy, before and after
        let before = sum(&keys, &w, &[k, domain_key(k, 1)]);
        assert_eq!(sum(&fk, &fw, &[k, domain_key(k, 1)]), before);
    }
    assert!(!fk.contains(&domain_key(a, DEFAULT_COPY)));
    assert_eq!(fk.len(), 6); // two copies dropped, a row for b's domain-1 copy added
                             // copies of training-only domains are dropped; the rest folds as before
    let parl = crate::ner::train_domain_id("parl").unwrap();
    let en = crate::ner::train_domain_id("en").unwrap();
    assert!(crate::ner::foreign_domain(en) && !crate::ner::foreign_domain(parl));
    let mut k2 = keys.to_vec();
    k2.extend([domain_key(a, parl), domain_key(c, en)]);
    let w2: Vec<f32> = (0..k2.len() * NT).map(|i| (i % 7) as f32 - 3.0).collect();
    let (fk2, fw2) = fold_default_copies(&k2, &w2);
    assert_eq!((&fk2, &fw2[..]), (&fk, &fw[..]));
    assert!(crate::ner::train_domain_id("poetry").is_err());
}

#[test]
fn trains_with_a_second_domain() {
    let mut docs = corpus();
    for d in &mut docs[3..5] {
        d.domain = 1;
        d.no_misc = true;
    }
    let opts = TrainOptions {
        epochs: 5,
        folds: 3,
        ..Default::default()
    };
    let mut m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
    assert!(score_docs(&m, &docs[5..], false).total.f1() > 99.0);
    m.set_domain("wiki").unwrap();
    assert!(score_docs(&m, &docs[5..], false).total.f1() > 99.0);
    assert!(m.set_domain("poetry").is_err());
    // a training-only domain: tagged as news afterwards, no rows of its own
    docs[4].domain = crate::ner::train_domain_id("en").unwrap();
    let mut m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
    assert!(score_docs(&m, &docs[5..], false).total.f1() > 99.0);
    assert!(m.set_domain("en").is_err());
}

fn has_entry(m: &NerModel, word: &str) -> bool {
    m.gazetteer_entries
        .entries()
        .iter()
        .any(|(s, _)| s.to_lowercase().contains(word))
}

#[test]
fn final_fit_retrains_on_dev_with_the_selected_epochs() {
    let docs = corpus();
    let mut dev = docs[4..5].to_vec();
    dev[0].sentences.push(sent(&[
        ("Zorro", Iob::B(PER)),
        ("Quint", Iob::I(PER)),
        ("visited", Iob::O),
        ("Oslo", Iob::B(LOC)),
        (".", Iob::O),
    ]));
    let extra = vec![TrainDoc {
        sentences: vec![sent(&[
            ("Anna", Iob::B(PER)),
            ("Smith", Iob::I(PER)),
            ("visited", Iob::O),
            ("Yverdon", Iob::B(LOC)),
            (".", Iob::O),
        ])],
        no_misc: true,
        domain: 0,
    }];
    let opts = TrainOptions {
        epochs: 6,
        patience: 2,
        folds: 3,
        ..Default::default()
    };
    let (selected, fitted, sel) =
        final_fit(&opts, &docs[..4], &dev, &extra, &BTreeMap::new(), &|_| {}).unwrap();
    for e in sel.epochs {
        assert!((1..=6).contains(&e), "{sel:?}");
    }
    assert!(sel.dev_f1[0] > 90.0 && sel.dev_f1[1] > 90.0, "{sel:?}");
    // the dev-selected model has not seen dev or the extra data, the final model has
    assert!(!has_entry(&selected, "zorro") && !has_entry(&selected, "yverdon"));
    assert!(has_entry(&fitted, "zorro") && has_entry(&fitted, "yverdon"));
    assert!(score_docs(&fitted, &docs[5..], false).total.f1() > 99.0);
    // the final model is exactly a fixed-epoch run on train + dev + extra
    let all: Vec<TrainDoc> = docs[..4]
        .iter()
        .chain(&dev)
        .chain(&extra)
        .cloned()
        .collect();
    assert!(fitted.description().contains("final fit"));
    let fixed = TrainOptions {
        fixed_epochs: Some(sel.epochs),
        description: fitted.description().to_string(),
        ..opts.clone()
    };
    let (again, sel2) = train_selected(&fixed, &all, &[], &BTreeMap::new(), &|_| {}).unwrap();
    assert_eq!(sel2.epochs, sel.epochs);
    assert_eq!(again.to_bytes().unwrap(), fitted.to_bytes().unwrap());
    // fixed epochs ignore early stopping even with a dev set
    let long = TrainOptions {
        fixed_epochs: Some([5, 3]),
        ..opts.clone()
    };
    let (_, sel3) = train_selected(&long, &docs[..4], &dev, &BTreeMap::new(), &|_| {}).unwrap();
    assert_eq!(sel3.epochs, [5, 3]);
    // no dev set: a typed error
    let empty: Vec<TrainDoc> = Vec::new();
    assert!(final_fit(&opts, &docs[..4], &empty, &[], &BTreeMap::new(), &|_| {}).is_err());
}

#[test]
fn dev_f1_averages_news_and_no_misc_groups() {
    // feature 0 votes B-PER
    let mut w = vec![0f32; NT + NPREV * NT];
    w[iob_to_tag(Iob::B(PER)) as usize] = 1.0;
    let mk = |gold: Iob| TSent {
        feats: vec![0],
        offs: vec![0, 1],
        gold: vec![iob_to_tag(gold)],
        mask: None,
    };
    // news: the PER is found (F1 100); wiki: a false PER (F1 0); its MISC is ignored
    let dev = vec![vec![mk(Iob::B(PER))], vec![mk(Iob::O), mk(Iob::B(MISC))]];
    assert_eq!(dev_f1(&w, 1, &dev[..1], &[false]), 100.0);
    assert_eq!(dev_f1(&w, 1, &dev[1..], &[true]), 0.0);
    // the mean of the two groups (micro over both would be 66.7 or lower)
    assert_eq!(dev_f1(&w, 1, &dev, &[false, true]), 50.0);
}

#[test]
fn trains_with_clusters() {
    let docs = corpus();
    let mut c = Corpus::default();
    for d in &docs {
        for s in &d.sentences {
            c.add_sentence(s.tokens.iter().map(String::as_str));
        }
    }
    let copts = ClusterOptions {
        min_count: 1,
        contexts: 20,
        dim: 4,
        levels: vec![8, 4, 2, 1],
        ..Default::default()
    };
    let cl = clusters::train(&c, &copts, "en", "test", &|_| {}).unwrap();
    let opts = TrainOptions {
        epochs: 5,
        folds: 3,
        clusters: Some(std::sync::Arc::new(cl)),
        ..Default::default()
    };
    let m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
    assert!(score_docs(&m, &docs[5..], false).total.f1() > 99.0);
    let m2 = NerModel::from_bytes(&m.to_bytes().unwrap()).unwrap();
    let cl2 = m2.clusters().expect("clusters stored in the model");
    assert!(cl2.lookup("Oslo").is_some());
    assert!(cl2.lookup("unknownword").is_none());
    let s = [vec!["Carla", "Smith", "visited", "Oslo", "."]];
    assert_eq!(m2.tag_document(&s), m.tag_document(&s));
}

#[test]
fn generic_feature_set_is_stored_and_used() {
    let docs = corpus();
    for fs in [FeatureSet::Generic, FeatureSet::GenericAffixes] {
        let opts = TrainOptions {
            epochs: 5,
            folds: 3,
            features: fs,
            ..Default::default()
        };
        let m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
        assert_eq!(m.features(), fs);
        // no casing dictionary: no word identities
        assert!(m.casing_entries.entries().is_empty());
        let words = vec!["Carla", "Smith", "visited", "Oslo", "."];
        let out = m.tag_document(std::slice::from_ref(&words));
        let bytes = m.to_bytes().unwrap();
        assert_eq!(
            crate::model_file::payload_version(&bytes),
            Some(crate::ner::VERSION_FEATURES)
        );
        let m2 = NerModel::from_bytes(&bytes).unwrap();
        assert_eq!(m2.features(), fs);
        assert_eq!(m2.tag_document(&[words]), out);
        assert_eq!(m2.to_bytes().unwrap(), bytes);
    }
    // stem models keep their casing dictionary, store the feature set and tag the same
    // after a round trip
    let opts = TrainOptions {
        language: "fi".into(),
        epochs: 3,
        folds: 3,
        features: FeatureSet::FullStems,
        ..Default::default()
    };
    let m = train(&opts, &docs[..5], &docs[5..], &BTreeMap::new(), &|_| {}).unwrap();
    assert!(!m.casing_entries.entries().is_empty());
    assert!(m.stems.is_some());
    let bytes = m.to_bytes().unwrap();
    let m2 = NerModel::from_bytes(&bytes).unwrap();
    assert_eq!(m2.features(), FeatureSet::FullStems);
    let s = [vec!["Carla", "Smith", "visited", "Oslo", "."]];
    assert_eq!(m2.tag_document(&s), m.tag_document(&s));
    assert_eq!(m2.to_bytes().unwrap(), bytes);
    // full-feature models keep the old layout
    let m = train(
        &TrainOptions {
            epochs: 2,
            folds: 3,
            ..Default::default()
        },
        &docs[..5],
        &docs[5..],
        &BTreeMap::new(),
        &|_| {},
    )
    .unwrap();
    let bytes = m.to_bytes().unwrap();
    assert_eq!(
        crate::model_file::payload_version(&bytes),
        Some(crate::ner::VERSION)
    );
    assert_eq!(
        NerModel::from_bytes(&bytes).unwrap().features(),
        FeatureSet::Full
    );
}
