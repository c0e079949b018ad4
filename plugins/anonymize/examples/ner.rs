//! Reads JSON lines `{"id","text"}` on stdin and prints the recognised entities (like
//! `docpipe entities`), for measuring the recogniser without building the whole CLI.
//! Usage: `cargo run --release -p docpipe-anonymize --example ner -- [auto|zh|en] < in.jsonl`

use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lang = std::env::args().nth(1).unwrap_or_else(|| "auto".into());
    let settings = docpipe_anonymize::Settings {
        lang: docpipe_anonymize::Lang::parse(&lang).unwrap_or_default(),
        ..Default::default()
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else {
            continue;
        };
        let ents = docpipe_anonymize::find(&settings, text);
        serde_json::to_writer(&mut out, &serde_json::json!({"id": id, "entities": ents}))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
