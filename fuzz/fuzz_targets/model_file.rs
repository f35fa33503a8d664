//! The model-file loader. The first byte picks a mode: the raw bytes as a whole file
//! (header and checksum checks), or the bytes as the payload of an otherwise valid
//! container of each kind (the postcard deserializers and the models' own checks).
//! A model that loads must also run without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::ner::clusters::Clusters;
use nutgraf::ner::NerModel;
use nutgraf::topics::TopicModel;

/// A valid container around `raw` (fast compression, same layout as model_file::encode).
fn wrap(kind: &str, version: u16, raw: &[u8]) -> Vec<u8> {
    let compressed = zstd::bulk::compress(raw, 1).unwrap();
    let mut k = [0u8; 8];
    k[..kind.len()].copy_from_slice(kind.as_bytes());
    let mut out = b"NUTGRAF\0".to_vec();
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&k);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    out.extend_from_slice(&(compressed.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&compressed).to_le_bytes());
    out.extend_from_slice(&compressed);
    out
}

fn use_ner(m: NerModel) {
    let s = vec![vec!["Angela", "Merkel", "besuchte", "Paris", "."]];
    let tags = m.tag_document(&s);
    assert_eq!(tags[0].len(), 5);
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => {
            if let Ok(m) = NerModel::from_bytes(rest) {
                use_ner(m);
            }
            let _ = TopicModel::from_bytes(rest);
            let _ = Clusters::from_bytes(rest);
        }
        1 => {
            if let Ok(m) = NerModel::from_bytes(&wrap("ner", nutgraf::ner::VERSION, rest)) {
                use_ner(m);
            }
        }
        2 => {
            let v = nutgraf::topics::model::PAYLOAD_VERSION;
            if let Ok(m) = TopicModel::from_bytes(&wrap("topics", v, rest)) {
                let p = m.predict("Der FC Bayern gewinnt das Spiel in München.");
                assert_eq!(p.len(), m.labels().len());
            }
        }
        _ => {
            let v = nutgraf::ner::clusters::VERSION;
            if let Ok(c) = Clusters::from_bytes(&wrap("clusters", v, rest)) {
                let _ = c.lookup("München");
            }
        }
    }
});
