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
