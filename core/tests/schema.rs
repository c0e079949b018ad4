//! The JSON Schema kept in the repository (`docs/schema/docpipe-v1.schema.json`) must be
//! the one generated from the Rust types. When the model changes, regenerate it with
//! `DOCPIPE_UPDATE_SCHEMA=1 cargo test -p docpipe-core --test schema`.

use std::path::PathBuf;

use docpipe_core::json;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/schema/docpipe-v1.schema.json")
}

fn generated() -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(&json::schema())?;
    s.push('\n');
    Ok(s)
}

#[test]
fn schema_file_is_up_to_date() -> Result<(), Box<dyn std::error::Error>> {
    let want = generated()?;
    let path = schema_path();
    if std::env::var_os("DOCPIPE_UPDATE_SCHEMA").is_some_and(|v| v != "0") {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &want)?;
        eprintln!("wrote {}", path.display());
        return Ok(());
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale or missing: the document model changed. Regenerate it with\n  \
         DOCPIPE_UPDATE_SCHEMA=1 cargo test -p docpipe-core --test schema\n\
         and commit the file (and update docs/json-format.md if fields changed).",
        path.display()
    );
    Ok(())
}

#[test]
fn schema_pins_the_version_key_and_refuses_unknown_fields() {
    let schema = json::schema();
    let required = schema["required"].as_array().cloned().unwrap_or_default();
    assert!(
        required.iter().any(|r| r == "docpipe"),
        "the version key must be required: {required:?}"
    );
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
    let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
    for name in [
        "Block",
        "Inline",
        "Metadata",
        "Part",
        "Cell",
        "Row",
        "ListItem",
        "Note",
        "Comment",
        "Resource",
        "HeaderFooter",
        "FormatVersion",
    ] {
        assert!(defs.contains_key(name), "schema lacks {name}");
    }
    let tags = |def: &str| -> Vec<String> {
        defs.get(def)
            .and_then(|d| d["oneOf"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|o| o["properties"]["type"]["const"].as_str().map(String::from))
            .collect()
    };
    assert_eq!(
        tags("Block"),
        [
            "heading",
            "paragraph",
            "list",
            "table",
            "quote",
            "code",
            "rule",
            "page_break",
            "image",
            "div"
        ]
    );
    assert_eq!(
        tags("Inline"),
        [
            "text",
            "styled",
            "code",
            "link",
            "line_break",
            "note_ref",
            "image",
            "span"
        ]
    );
}

/// The example in `docs/json-format.md` must be a document this build reads.
#[test]
fn documented_example_reads() -> Result<(), Box<dyn std::error::Error>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/json-format.md");
    let text = std::fs::read_to_string(&path)?;
    let start = text.find("```json\n").ok_or("no ```json block")? + "```json\n".len();
    let example = text
        .get(start..)
        .and_then(|rest| rest.find("```").and_then(|len| rest.get(..len)))
        .ok_or("unterminated ```json block")?;
    let doc = json::from_slice(example.as_bytes())?;
    assert_eq!(doc.parts.len(), 1);
    assert_eq!(doc.notes.len(), 1);
    assert_eq!(doc.resources.len(), 1);
    let err = json::from_slice(br#"{"docpipe": 2, "parts": []}"#)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        text.contains(&err.replace("json: ", "")),
        "docs quote the newer-version error differently: {err}"
    );
    Ok(())
}
