//! End-to-end tests: convert.

use crate::util::*;

#[test]
fn version_prints() {
    let out = run(&["--version"], b"");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("docpipe "));
}
