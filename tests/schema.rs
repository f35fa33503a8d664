//! The committed JSON Schemas in `schema/` are the ones generated from the Rust types, and
//! real output has the shape they describe.
#![cfg(feature = "schema")]

use std::path::Path;

#[test]
fn committed_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for (name, generated) in nutgraf::schema::schema_files() {
        let committed = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("schema/{name}: {e}"));
        assert!(
            committed == generated,
            "schema/{name} is out of date: regenerate with `cargo run --release -- schema --write schema`"
        );
    }
}

#[test]
fn schema_lists_every_field_of_an_analysis() {
    let nlp = nutgraf::Analyzer::builtin().unwrap();
    let a = nlp
        .analyze("Angela Merkel traf Emmanuel Macron in Paris. Danach reiste sie nach Berlin.")
        .unwrap();
    let value = serde_json::to_value(&a).unwrap();
    let schema = nutgraf::schema::analysis_schema();
    let props = schema["properties"].as_object().unwrap();
    let fields = value.as_object().unwrap();
    // every serialized field is described; a described field may be absent only if optional
    for key in fields.keys() {
        assert!(props.contains_key(key), "field {key} is not in the schema");
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for key in props.keys() {
        if !fields.contains_key(key) {
            assert!(
                !required.contains(&key.as_str()),
                "{key} is required but absent"
            );
        }
    }
    assert!(
        props.contains_key("abstractive_summary") && !fields.contains_key("abstractive_summary")
    );
    assert_eq!(
        props["schema_version"]["const"],
        serde_json::json!(nutgraf::SCHEMA_VERSION)
    );
}
