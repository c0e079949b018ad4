//! Reading and writing the versioned JSON form of the model (`docs/json-format.md`).

use crate::model::Document;

/// Why a JSON document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// Not JSON, or JSON that does not fit the model; names line and column.
    #[error("invalid docpipe JSON at line {line}, column {column}: {message}")]
    Invalid {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What serde found wrong.
        message: String,
    },
    /// Serialising failed (should not happen for a well-formed model).
    #[error("cannot write docpipe JSON: {0}")]
    Write(String),
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        // serde_json appends " at line L column C" to its message; keep only the message.
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        JsonError::Invalid {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

/// Reads a document from its JSON form. Unknown fields, a missing or newer `docpipe`
/// version and type mismatches are errors that name the line and column.
pub fn from_slice(bytes: &[u8]) -> Result<Document, JsonError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Ok(serde_json::from_slice(bytes)?)
}

/// Writes a document as compact JSON.
pub fn to_vec(doc: &Document) -> Result<Vec<u8>, JsonError> {
    // Pre-size for the base64 of the resources (4/3 of their bytes) plus a margin, so
    // the buffer is not regrown and copied while writing images.
    let media: usize = doc.resources.iter().map(|r| r.data.len()).sum();
    let mut out = Vec::with_capacity(media / 3 * 4 + 4096);
    serde_json::to_writer(&mut out, doc).map_err(|e| JsonError::Write(e.to_string()))?;
    Ok(out)
}

/// Writes a document as indented JSON, ending with a newline.
pub fn to_vec_pretty(doc: &Document) -> Result<Vec<u8>, JsonError> {
    let mut v = serde_json::to_vec_pretty(doc).map_err(|e| JsonError::Write(e.to_string()))?;
    v.push(b'\n');
    Ok(v)
}

/// The JSON Schema of the model, generated from the Rust types.
pub fn schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Document);
    serde_json::to_value(&schema).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn round_trips_a_small_document() -> Result<(), JsonError> {
        let doc = Document::from_blocks(vec![Block::Heading(Heading {
            level: 1,
            label: Some("一、".into()),
            content: vec![Inline::text("总体情况")],
            id: None,
        })]);
        let bytes = to_vec(&doc)?;
        assert!(bytes.starts_with(br#"{"docpipe":1,"#));
        assert_eq!(from_slice(&bytes)?, doc);
        Ok(())
    }

    #[test]
    fn newer_version_is_refused_clearly() {
        let err = from_slice(br#"{"docpipe": 7, "parts": []}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("version 7 is not supported"), "{err}");
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn unknown_fields_and_bad_json_name_the_place() {
        let err = from_slice(b"{\"docpipe\": 1,\n \"partz\": []}")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("unknown field `partz`"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        let err = from_slice(b"{\"docpipe\": 1,\n\n  oops")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("line 3, column 3"), "{err}");
        let err = from_slice(br#"{"parts": []}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("missing field `docpipe`"), "{err}");
    }

    #[test]
    fn unknown_block_fields_are_refused() {
        let src = br#"{"docpipe":1,"parts":[{"blocks":[{"type":"paragraph","content":[],"colour":"red"}]}]}"#;
        assert!(from_slice(src).is_err());
    }
}
