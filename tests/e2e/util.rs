//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A command running the built `docpipe` binary.
pub fn docpipe() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docpipe"))
}

/// Runs docpipe with `args` and `stdin`, returning its output.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = match docpipe()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot start docpipe: {e}"),
    };
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => panic!("docpipe did not finish: {e}"),
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The shared data folder (`$DOCPIPE_SHARED`, else `../shared` beside the checkout), or
/// `None` with a printed note when it is absent: tests that need it then skip.
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("DOCPIPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if p.join("corpus").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "note: {} not found; skipping a test that needs the shared corpus",
            p.display()
        );
        None
    }
}

/// A fresh temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("cannot make a temporary folder: {e}"),
    }
}

/// Runs docpipe with `args` in the folder `dir`, with empty stdin.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = docpipe()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output();
    match out {
        Ok(o) => o,
        Err(e) => panic!("cannot run docpipe: {e}"),
    }
}

/// Stdout as text (lossy).
pub fn stdout_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stderr as text (lossy).
pub fn stderr_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit status, or -1 when killed by a signal.
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Checks the stderr contract: no panic, every line starts with `docpipe: `; on failure
/// the error is the last line and names `needle`. Returns stderr for further checks.
pub fn check_stderr(out: &Output, needle: &str) -> String {
    let err = stderr_text(out);
    assert!(!err.contains("panicked"), "docpipe panicked: {err}");
    for line in err.lines() {
        assert!(
            line.starts_with("docpipe: "),
            "stderr line without the docpipe prefix: {line:?}\nall: {err}"
        );
    }
    if !out.status.success() {
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.contains(needle),
            "error line {last:?} does not mention {needle:?}"
        );
    }
    err
}

/// The names of the entries in `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => panic!("cannot list {}: {e}", dir.display()),
    };
    names.sort();
    names
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Err(e) = std::fs::write(&p, bytes) {
        panic!("cannot write {}: {e}", p.display());
    }
    p
}

/// Reads a file, panicking with its name on failure.
pub fn read(path: &Path) -> Vec<u8> {
    match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// The names of the registered components of `kind` (`importer`, `transform`,
/// `exporter`), from `docpipe plugins --json`.
pub fn registered(kind: &str) -> Vec<String> {
    let out = run(&["plugins", "--json"], b"");
    let v: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("plugins --json is not JSON: {e}"),
    };
    v["components"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| c["kind"] == kind)
                .filter_map(|c| c["name"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
