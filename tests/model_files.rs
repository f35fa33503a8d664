//! Hostile model files: truncated, corrupted, wrong magic, absurd sizes in the header or
//! inside a valid container. Each gives a clear `Error::Model`, and no allocation grows
//! beyond a bound (a counting allocator records the largest one). Loading only decodes
//! data (postcard): there is nothing in the format that could run code.

use nutgraf::model_file::{self, MAX_PAYLOAD};
use nutgraf::ner::clusters::Clusters;
use nutgraf::ner::NerModel;
use nutgraf::topics::TopicModel;
use nutgraf::Error;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

struct Counting;
static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LARGEST.fetch_max(l.size(), Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LARGEST.fetch_max(new, Ordering::Relaxed);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// The tests measure allocations one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// Runs `f` and returns its result with the largest single allocation it made.
fn largest_alloc<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST.store(0, Ordering::Relaxed);
    let r = f();
    (r, LARGEST.load(Ordering::Relaxed))
}

fn model_err<T: std::fmt::Debug>(r: nutgraf::Result<T>) -> String {
    match r {
        Err(e @ Error::Model(_)) => e.to_string(),
        other => panic!("expected a model error, got {other:?}"),
    }
}

const MIB: usize = 1 << 20;

#[test]
fn header_damage_gives_clear_errors() {
    let _s = SERIAL.lock().unwrap();
    let good = nutgraf::models::ner_bytes("de").unwrap();
    let mut bad_magic = good.to_vec();
    bad_magic[0] = b'X';
    assert!(model_err(NerModel::from_bytes(&bad_magic)).contains("bad magic"));
    assert!(model_err(NerModel::from_bytes(b"PK\x03\x04 zip, not a model")).contains("too short"));
    assert!(model_err(NerModel::from_bytes(&good[..100])).contains("truncated"));
    assert!(model_err(NerModel::from_bytes(&good[..good.len() - 1])).contains("truncated"));
    let mut flipped = good.to_vec();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    assert!(model_err(NerModel::from_bytes(&flipped)).contains("checksum"));
    assert!(model_err(TopicModel::from_bytes(good)).contains("expected \"topics\""));
    let mut version = good.to_vec();
    version[8] = 9;
    assert!(model_err(NerModel::from_bytes(&version)).contains("format version"));
    // absurd sizes in the header: rejected before any allocation of that size
    for (at, value) in [
        (20, u64::MAX),
        (20, MAX_PAYLOAD + 1),
        (28, u64::MAX),
        (28, 1 << 40),
    ] {
        let mut huge = good.to_vec();
        huge[at..at + 8].copy_from_slice(&value.to_le_bytes());
        let (r, largest) = largest_alloc(|| NerModel::from_bytes(&huge));
        model_err(r);
        assert!(largest < 16 * MIB, "allocated {largest} bytes");
    }
}

#[test]
fn payload_that_lies_about_its_length_is_rejected_cheaply() {
    let _s = SERIAL.lock().unwrap();
    // a valid container whose header claims 200 MiB uncompressed, but holds 10 bytes
    let mut file = model_file::encode_raw("ner", nutgraf::ner::VERSION, &[0u8; 10]).unwrap();
    file[20..28].copy_from_slice(&(200u64 << 20).to_le_bytes());
    let (r, largest) = largest_alloc(|| NerModel::from_bytes(&file));
    assert!(model_err(r).contains("length does not match"));
    assert!(largest < 4 * MIB, "allocated {largest} bytes");
}

/// A postcard varint.
fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[test]
fn absurd_lengths_inside_a_valid_container() {
    let _s = SERIAL.lock().unwrap();
    for declared in [1u64 << 32, u64::MAX >> 1, 200_000_000] {
        // ner: language string, then description, gazetteer Vec... each declaring `declared`
        for prefix_fields in 0..3 {
            let mut raw = Vec::new();
            for _ in 0..prefix_fields {
                varint(2, &mut raw);
                raw.extend_from_slice(b"de");
            }
            varint(declared, &mut raw);
            raw.extend_from_slice(&[0x41; 64]);
            let file = model_file::encode_raw("ner", nutgraf::ner::VERSION, &raw).unwrap();
            let (r, largest) = largest_alloc(|| NerModel::from_bytes(&file));
            assert!(model_err(r).contains("deserialize"));
            assert!(
                largest < 4 * MIB,
                "declared {declared}: allocated {largest} bytes"
            );
        }
        // topics: labels Vec<String> with an absurd count
        let mut raw = Vec::new();
        varint(declared, &mut raw);
        raw.extend_from_slice(&[1, b'x'].repeat(100));
        let v = nutgraf::topics::model::PAYLOAD_VERSION;
        let file = model_file::encode_raw("topics", v, &raw).unwrap();
        let (r, largest) = largest_alloc(|| TopicModel::from_bytes(&file));
        model_err(r);
        assert!(
            largest < 4 * MIB,
            "declared {declared}: allocated {largest} bytes"
        );
        let file =
            model_file::encode_raw("clusters", nutgraf::ner::clusters::VERSION, &raw).unwrap();
        let (r, largest) = largest_alloc(|| Clusters::from_bytes(&file));
        model_err(r);
        assert!(
            largest < 4 * MIB,
            "declared {declared}: allocated {largest} bytes"
        );
    }
}

#[test]
fn zstd_bomb_is_bounded_by_the_declared_length() {
    let _s = SERIAL.lock().unwrap();
    // 16 MiB of zeros compress to a few KB; the header declares only 1 MiB
    let zeros = vec![0u8; 16 * MIB];
    let mut file = model_file::encode_raw("ner", nutgraf::ner::VERSION, &zeros).unwrap();
    drop(zeros);
    file[20..28].copy_from_slice(&(MIB as u64).to_le_bytes());
    let (r, largest) = largest_alloc(|| NerModel::from_bytes(&file));
    assert!(model_err(r).contains("length does not match"));
    assert!(largest < 8 * MIB, "allocated {largest} bytes");
}

#[test]
fn valid_container_with_inconsistent_tables() {
    let _s = SERIAL.lock().unwrap();
    // the built-in models load; truncating their payloads gives a deserialize error
    let good = nutgraf::models::topics_bytes();
    assert!(TopicModel::from_bytes(good).is_ok());
    for cut in [0usize, 1, 7, 1000] {
        let raw = vec![0u8; cut];
        let file = model_file::encode_raw("topics", nutgraf::topics::model::PAYLOAD_VERSION, &raw)
            .unwrap();
        model_err(TopicModel::from_bytes(&file));
    }
}
