//! Feature tests on DOCX packages built by the tests themselves.

use docpipe_core::model::*;

use crate::testdocx::{np, p, TestDocx, NS};
use crate::{read, DocxOptions};

fn import(d: &TestDocx) -> Document {
    match read(&d.build(), &DocxOptions::default()) {
        Ok((doc, _)) => doc,
        Err(e) => panic!("import failed: {e}"),
    }
}

fn text(doc: &Document) -> String {
    doc.body_text()
}

#[test]
fn smoke() {
    let doc = import(&TestDocx::new(&p("", "hello")));
    assert_eq!(doc.parts.len(), 1);
    assert!(text(&doc).contains("hello"));
}
