//! Properties of the txt importer and exporter over arbitrary input.

use docpipe_core::{Context, Exporter, Importer};
use docpipe_txt::{TxtExporter, TxtImporter};
use proptest::prelude::*;

fn import(bytes: &[u8]) -> Result<docpipe_core::Document, docpipe_core::Error> {
    TxtImporter::default().import(bytes, &mut Context::new("p.txt"))
}

/// Text made of lines of mixed scripts, white space, line ends of every kind, and the
/// occasional invisible character.
fn texty() -> impl Strategy<Value = String> {
    "([一二三、（）总结报告abc ABC0-9.,\t　]|\r\n|\n|\r|\u{2028}|\u{c}|\u{200b}|\u{202e}|\u{0}){0,200}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Exporting an imported text and importing it again gives the same document.
    #[test]
    fn export_then_import_is_stable(text in texty()) {
        let Ok(doc) = import(text.as_bytes()) else {
            // Refused as binary: nothing to compare.
            return Ok(());
        };
        let out = TxtExporter::default()
            .export(&doc, &mut Context::new("p.txt"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = import(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, doc);
    }

    /// Any bytes at all: a document or a clear error, never a panic; paragraphs never
    /// hold line ends or dropped characters.
    #[test]
    fn any_bytes_give_a_document_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match import(&bytes) {
            Ok(doc) => {
                let text = doc.body_text();
                let bad = ['\r', '\0', '\u{202e}', '\u{200b}', '\u{2028}'];
                prop_assert!(!text.contains(bad), "{:?}", text);
            }
            Err(e) => prop_assert!(e.to_string().starts_with("txt: "), "{}", e),
        }
    }
}
