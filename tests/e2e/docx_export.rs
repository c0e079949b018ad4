//! End-to-end tests: docx_export (公文 and plain DOCX; round trips through docpipe's own
//! reader, LibreOffice and pandoc when they are installed).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::*;

fn convert(dir: &Path, input: &Path, output: &str, extra: &[&str]) {
    let input = input.to_string_lossy().into_owned();
    let mut args = vec!["convert", input.as_str(), "-o", output];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    assert_eq!(code(&out), 0, "{input}: {}", stderr_text(&out));
}

/// `inspect --json` of a file: the outline parts, flattened to (level, label, heading).
fn sections(dir: &Path, file: &str) -> (Vec<serde_like::Section>, Vec<String>) {
    let out = run_in(dir, &["inspect", "--json", file]);
    assert_eq!(code(&out), 0, "{file}: {}", stderr_text(&out));
    serde_like::parse(&stdout_text(&out))
}

/// Plain text of a file as docpipe reads it (after normalize for txt), whitespace removed.
fn text(dir: &Path, file: &str, normalize: bool) -> String {
    let mut args = vec!["convert", file, "-t", "txt"];
    if normalize {
        args.extend(["-T", "normalize"]);
    }
    let out = run_in(dir, &args);
    assert_eq!(code(&out), 0, "{file}: {}", stderr_text(&out));
    stdout_text(&out)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A tiny reader for the outline JSON that needs no JSON crate: the CLI prints
/// `inspect --json` as JSON, and docpipe itself turns it into a comparable line list.
mod serde_like {
    /// One section line: depth-first `level|label|heading`.
    pub type Section = String;

    pub fn parse(json: &str) -> (Vec<Section>, Vec<String>) {
        // Pull "level", "label", "heading" and part "title" values in document order.
        let mut secs = Vec::new();
        let mut titles = Vec::new();
        let mut rest = json;
        let mut level = String::new();
        let mut label = String::new();
        while let Some(pos) = rest.find('"') {
            rest = &rest[pos + 1..];
            let Some(end) = rest.find('"') else { break };
            let key = &rest[..end];
            rest = &rest[end + 1..];
            let after = rest.trim_start().trim_start_matches(':').trim_start();
            let value = if let Some(s) = after.strip_prefix('"') {
                let mut v = String::new();
                let mut chars = s.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(n) = chars.next() {
                                v.push('\\');
                                v.push(n);
                            }
                        }
                        '"' => break,
                        c => v.push(c),
                    }
                }
                v
            } else {
                after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect()
            };
            match key {
                "title" => titles.push(value),
                "level" => level = value,
                "label" => label = value,
                "heading" => secs.push(format!("{level}|{label}|{value}")),
                "removed" | "warnings" => break,
                _ => continue,
            }
        }
        (secs, titles)
    }
}

#[test]
fn chinese_report_gives_a_gbt9704_docx_with_the_same_outline_and_text() {
    let dir = tempdir();
    let input = root().join("examples/zh-report.txt");
    convert(dir.path(), &input, "a.docx", &["-T", "normalize"]);
    convert(dir.path(), &input, "b.docx", &["-T", "normalize"]);
    let a = read(&dir.path().join("a.docx"));
    assert!(a.starts_with(b"PK\x03\x04"));
    assert_eq!(
        a,
        read(&dir.path().join("b.docx")),
        "identical input, identical bytes"
    );
    let input_s = input.to_string_lossy();
    let (want, want_titles) = sections(dir.path(), &input_s);
    let (got, got_titles) = sections(dir.path(), "a.docx");
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert_eq!(got_titles, want_titles);
    assert_eq!(
        text(dir.path(), "a.docx", false),
        text(dir.path(), &input_s, true)
    );
}

#[test]
fn english_example_round_trips() {
    let dir = tempdir();
    let input = root().join("examples/en-report.txt");
    convert(
        dir.path(),
        &input,
        "en.docx",
        &["-T", "normalize", "--set", "paper=letter"],
    );
    let input_s = input.to_string_lossy();
    assert_eq!(
        sections(dir.path(), "en.docx"),
        sections(dir.path(), &input_s)
    );
    assert_eq!(
        text(dir.path(), "en.docx", false),
        text(dir.path(), &input_s, true)
    );
}

#[test]
fn seeds_keep_their_sections_and_text() {
    let Some(shared) = shared() else { return };
    let dir = tempdir();
    for seed in seed_files(&shared) {
        let s = seed.to_string_lossy().into_owned();
        convert(dir.path(), &seed, "seed.docx", &["-T", "normalize"]);
        // Sections in order (the reader gives one part per file; see the README).
        assert_eq!(
            sections(dir.path(), "seed.docx").0,
            sections(dir.path(), &s).0,
            "{s}"
        );
        assert_eq!(
            text(dir.path(), "seed.docx", false),
            text(dir.path(), &s, true),
            "{s}"
        );
    }
}

fn seed_files(shared: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/seeds"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A document using every feature, as docpipe JSON.
const RICH: &str = r##"{"docpipe":1,"meta":{"title":"Rich <doc>","authors":["Ann"],"language":"en-US"},
"parts":[{"title":[{"type":"text","text":"First part"}],"blocks":[
 {"type":"heading","level":1,"label":"1.","content":[{"type":"text","text":"Scope"}],"id":"scope"},
 {"type":"paragraph","content":[{"type":"text","text":"Body & text "},{"type":"styled","style":"bold","content":[{"type":"text","text":"bold"}]},
   {"type":"link","target":"https://example.com/x?a=1&b=2","content":[{"type":"text","text":"link"}]},{"type":"line_break"},
   {"type":"note_ref","id":"n1"},{"type":"code","text":"x<y"}]},
 {"type":"list","ordered":true,"start":2,"items":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"item two"}]},
   {"type":"list","ordered":false,"items":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"nested"}]}]}]}]}]},
 {"type":"table","header_rows":1,"rows":[{"cells":[{"colspan":2,"blocks":[{"type":"paragraph","content":[{"type":"text","text":"head"}]}]}]},
   {"cells":[{"rowspan":2,"blocks":[{"type":"paragraph","content":[{"type":"text","text":"tall cell"}]}]},{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]},
   {"cells":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"c"}]}]}]}]},
 {"type":"quote","blocks":[{"type":"paragraph","content":[{"type":"text","text":"quoted words"}]}]},
 {"type":"code","text":"fn main() {}\n  x"},{"type":"rule"},{"type":"page_break"},
 {"type":"paragraph","content":[{"type":"text","text":"anchored here"}]}]},
 {"title":[{"type":"text","text":"Second part"}],"blocks":[{"type":"paragraph","content":[{"type":"text","text":"more"}]}]}],
"headers":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"running head"}]}]}],
"footers":[{"kind":"even","blocks":[{"type":"paragraph","content":[{"type":"text","text":"even foot"}]}]}],
"notes":[{"id":"n1","blocks":[{"type":"paragraph","content":[{"type":"text","text":"the footnote"}]}]},{"id":"e1","kind":"endnote","blocks":[{"type":"paragraph","content":[{"type":"text","text":"the endnote"}]}]}],
"comments":[{"id":"c1","author":"Rev","anchor":"anchored","blocks":[{"type":"paragraph","content":[{"type":"text","text":"a remark"}]}]}]}"##;

#[test]
fn json_with_every_feature_converts_and_reads_back() {
    let dir = tempdir();
    write(dir.path(), "rich.json", RICH.as_bytes());
    convert(dir.path(), Path::new("rich.json"), "rich.docx", &[]);
    let t = text(dir.path(), "rich.docx", false);
    for needle in [
        "Scope",
        "Body&text",
        "itemtwo",
        "nested",
        "tallcell",
        "quotedwords",
        "fnmain(){}",
        "anchoredhere",
        "Secondpart",
    ] {
        assert!(t.contains(needle), "{needle} missing from {t}");
    }
    let out = run_in(dir.path(), &["convert", "rich.docx", "-t", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let j = stdout_text(&out);
    for needle in [
        "the footnote",
        "a remark",
        "running head",
        "Rich <doc>",
        "https://example.com/x?a=1&b=2",
    ] {
        assert!(j.contains(needle), "{needle} missing from the re-read JSON");
    }
}

#[test]
fn bad_options_are_usage_errors() {
    let dir = tempdir();
    write(dir.path(), "x.txt", "一、总体情况\n正文。\n".as_bytes());
    let out = run_in(
        dir.path(),
        &[
            "convert",
            "x.txt",
            "-o",
            "x.docx",
            "--set",
            "reference-docx=/nonexistent/ref.docx",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("reference"),
        "{}",
        stderr_text(&out)
    );
    let out = run_in(
        dir.path(),
        &["convert", "x.txt", "-o", "x.docx", "--set", "style=fancy"],
    );
    assert_eq!(code(&out), 2, "{}", stderr_text(&out));
    // A docpipe DOCX is a valid reference document for another one.
    let out = run_in(
        dir.path(),
        &["convert", "x.txt", "-o", "ref.docx", "--set", "style=plain"],
    );
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let out = run_in(
        dir.path(),
        &[
            "convert",
            "x.txt",
            "-o",
            "y.docx",
            "--set",
            "reference-docx=ref.docx",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    assert_eq!(
        sections(dir.path(), "y.docx").0,
        sections(dir.path(), "x.txt").0
    );
}

/// Every DOCX the examples, the seeds (when present) and the rich JSON give.
fn all_outputs(dir: &Path) -> Vec<String> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    if let Some(shared) = shared() {
        inputs.extend(seed_files(&shared));
    }
    inputs.sort();
    let mut outs = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let name = format!("out{i:02}.docx");
        convert(dir, input, &name, &["-T", "normalize"]);
        outs.push(name);
    }
    write(dir, "rich.json", RICH.as_bytes());
    convert(dir, Path::new("rich.json"), "rich.docx", &[]);
    outs.push("rich.docx".into());
    outs
}

fn tool(names: &[&str]) -> Option<String> {
    for n in names {
        let ok = Command::new(n)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(n.to_string());
        }
    }
    None
}

#[test]
fn libreoffice_converts_every_output_to_pdf() {
    let Some(soffice) = tool(&["soffice", "libreoffice"]) else {
        eprintln!("note: LibreOffice (soffice) not installed; skipping the DOCX → PDF check");
        return;
    };
    let dir = tempdir();
    let outs = all_outputs(dir.path());
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        dir.path().display()
    );
    let mut cmd = Command::new(&soffice);
    cmd.args([
        profile.as_str(),
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        "pdf",
    ])
    .args(&outs)
    .current_dir(dir.path());
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run {soffice}: {e}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The heading tree is real: LibreOffice's HTML export turns the heading styles into
    // <h1>…<h4> (the navigation pane reads the same outline levels).
    convert(
        dir.path(),
        &root().join("examples/zh-report.txt"),
        "zh.docx",
        &["-T", "normalize"],
    );
    let html = Command::new(&soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "html",
            "--outdir",
            "html",
            "zh.docx",
        ])
        .current_dir(dir.path())
        .output();
    assert!(html.is_ok_and(|o| o.status.success()));
    let page = String::from_utf8_lossy(&read(&dir.path().join("html/zh.html"))).into_owned();
    for h in ["<h1", "<h2", "<h3", "<h4"] {
        assert!(page.contains(h), "LibreOffice sees no {h} heading");
    }
    assert!(page.contains("一、主要工作及成效"));
    for o in &outs {
        let pdf = dir.path().join("pdf").join(o.replace(".docx", ".pdf"));
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 1000,
            "{o}: LibreOffice wrote no PDF ({})",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// pandoc from `$PANDOC`, the `PATH`, or the `pypandoc-binary` Python package.
fn pandoc() -> Option<String> {
    let mut cands: Vec<String> = std::env::var("PANDOC").ok().into_iter().collect();
    cands.push("pandoc".into());
    let py = Command::new("python3")
        .args(["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .output();
    if let Ok(o) = py {
        if o.status.success() {
            cands.push(String::from_utf8_lossy(&o.stdout).trim().to_string());
        }
    }
    let names: Vec<&str> = cands
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    tool(&names)
}

#[test]
fn pandoc_reads_every_output() {
    let Some(pandoc) = pandoc() else {
        eprintln!(
            "note: pandoc not installed (pip install pypandoc-binary); skipping the pandoc check"
        );
        return;
    };
    let dir = tempdir();
    for o in all_outputs(dir.path()) {
        let out = Command::new(&pandoc)
            .args(["-f", "docx", "-t", "plain", o.as_str()])
            .current_dir(dir.path())
            .output();
        let Ok(out) = out else {
            panic!("cannot run pandoc")
        };
        assert!(
            out.status.success(),
            "{o}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{o}: pandoc read no text");
    }
}
