//! JSON round trip over real texts: every `.txt` in the repository's `examples/` and
//! every seed text in `../shared/corpus/seeds/` (skipped with a note when absent) is
//! imported, written as JSON (pretty and compact), read back and compared; `.json`
//! examples are read and written back byte-for-byte in the canonical pretty form.

use std::path::{Path, PathBuf};

use docpipe_core::{Context, Exporter, Importer};
use docpipe_json::{JsonExporter, JsonImporter};
use docpipe_txt::TxtImporter;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, ext, out)?;
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    Ok(())
}

fn round_trip(path: &Path) -> TestResult {
    let bytes = std::fs::read(path)?;
    let mut ctx = Context::new(path.display().to_string());
    let doc = TxtImporter::default().import(&bytes, &mut ctx)?;
    for compact in [false, true] {
        let json = JsonExporter { compact }.export(&doc, &mut ctx)?;
        let back = JsonImporter.import(&json, &mut ctx)?;
        if back != doc {
            return Err(format!("{}: JSON round trip changed the document", path.display()).into());
        }
    }
    Ok(())
}

#[test]
fn examples_round_trip() -> TestResult {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    if !root.is_dir() {
        eprintln!("note: no examples/ folder, nothing to check");
        return Ok(());
    }
    let mut txt = Vec::new();
    files(&root, "txt", &mut txt)?;
    for path in &txt {
        round_trip(path)?;
    }
    let mut json = Vec::new();
    files(&root, "json", &mut json)?;
    for path in &json {
        let bytes = std::fs::read(path)?;
        // Only docpipe documents (plugin manifests and the like are other JSON).
        if docpipe_core::format::sniff(&bytes) != "json" {
            continue;
        }
        let mut ctx = Context::new(path.display().to_string());
        let doc = JsonImporter.import(&bytes, &mut ctx)?;
        let again =
            JsonImporter.import(&JsonExporter::default().export(&doc, &mut ctx)?, &mut ctx)?;
        assert_eq!(again, doc, "{}", path.display());
    }
    Ok(())
}

#[test]
fn shared_seed_texts_round_trip() -> TestResult {
    let shared = std::env::var_os("DOCPIPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let seeds = shared.join("corpus/seeds");
    if !seeds.is_dir() {
        eprintln!(
            "note: {} not found, seed round trip skipped",
            seeds.display()
        );
        return Ok(());
    }
    let mut txt = Vec::new();
    files(&seeds, "txt", &mut txt)?;
    assert!(!txt.is_empty(), "no seed texts in {}", seeds.display());
    for path in &txt {
        round_trip(path)?;
    }
    Ok(())
}
