//! Fuzz target: the DOCX reader must turn any bytes into a document or an error,
//! never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = docpipe_docx_import::read(data, &docpipe_docx_import::DocxOptions::default());
});
