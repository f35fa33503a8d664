//! The JSONL batch reader: every line gives exactly one record and one output line
//! that is valid JSON with the record's line number.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::cli::{output_line, parse_record};

fuzz_target!(|data: &[u8]| {
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        let rec = parse_record(i + 1, line, "text", "id");
        assert_eq!(rec.line, i + 1);
        let result = match &rec.text {
            Ok(t) if t.is_empty() => Err(nutgraf::Error::EmptyInput),
            Ok(_) => Err(nutgraf::Error::InvalidInput("not analyzed here".into())),
            Err(e) => Err(nutgraf::Error::InvalidInput(e.to_string())),
        };
        let out = output_line(&rec, result);
        let v: serde_json::Value = serde_json::from_str(&out).expect("output is JSON");
        assert_eq!(v["line"], serde_json::json!(i + 1));
        assert!(!out.contains('\n'));
    }
});
