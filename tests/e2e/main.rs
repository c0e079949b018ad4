//! End-to-end tests: each drives the built `docpipe` binary.

use std::process::Command;

fn docpipe() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docpipe"))
}

#[test]
fn version_prints() -> std::io::Result<()> {
    let out = docpipe().arg("--version").output()?;
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("docpipe "));
    Ok(())
}
