//! The page metadata of every HTML page in a folder as JSON Lines, for error analysis
//! against gold metadata (scored with `score()` of `bench/web_metadata.py`):
//! `cargo run --release --example metadata_dump -- DIR > out.jsonl`.

fn main() {
    let dir = std::env::args().nth(1).expect("usage: metadata_dump DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("readable folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        let Ok(b) = std::fs::read(&p) else { continue };
        let html = nutgraf::text::encoding::decode_html(&b).text;
        let m = nutgraf::text::metadata::extract_metadata(&html);
        let key = p.file_stem().map(|s| s.to_string_lossy().to_string());
        let line = serde_json::json!({"key": key, "title": m.title, "date": m.published, "author": m.authors, "modified": m.modified});
        println!("{line}");
    }
}
