//! End-to-end tests: convert (pipes, JSON round trips, atomic output, every bad input).

use std::path::{Path, PathBuf};

use crate::util::*;

#[test]
fn version_prints() {
    let out = run(&["--version"], b"");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("docpipe "));
}

const REPORT: &str =
    "工作总结\n一、总体情况\n今年以来，各项工作稳步推进。\n二、下一步打算\n继续努力。\n";

#[test]
fn txt_to_json_piped_into_json_to_html() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    let json = run_in(dir.path(), &["convert", "x.txt", "-t", "json"]);
    check_stderr(&json, "x.txt");
    assert_eq!(code(&json), 0, "{}", stderr_text(&json));
    assert!(is_docpipe_json(&json.stdout));
    let html = docpipe()
        .args(["convert", "-", "-f", "json", "-t", "html", "-o", "x.html"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = html else {
        panic!("cannot start docpipe")
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(&json.stdout);
    }
    let Ok(html) = child.wait_with_output() else {
        panic!("docpipe did not finish")
    };
    check_stderr(&html, "<stdin>");
    assert_eq!(code(&html), 0, "{}", stderr_text(&html));
    assert!(html.stdout.is_empty(), "-o given, yet stdout has output");
    let page = String::from_utf8_lossy(&read(&dir.path().join("x.html"))).into_owned();
    assert!(page.to_ascii_lowercase().starts_with("<!doctype html>"));
    assert!(page.contains("总体情况"));
    assert_eq!(entries(dir.path()), ["x.html", "x.txt"]);
}

#[test]
fn stdout_defaults_to_json_and_extension_picks_the_format() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    let out = run_in(dir.path(), &["convert", "x.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    assert!(is_docpipe_json(&out.stdout));
    let out = run_in(dir.path(), &["convert", "x.txt", "-o", "sub/y.html"]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let page = read(&dir.path().join("sub/y.html"));
    assert!(String::from_utf8_lossy(&page)
        .to_ascii_lowercase()
        .starts_with("<!doctype html>"));
    // stdin is sniffed when no -f is given: JSON comes back as JSON.
    let again = run(&["convert", "-", "-t", "txt"], &out_json(dir.path()));
    assert_eq!(code(&again), 0, "{}", stderr_text(&again));
    assert!(stdout_text(&again).contains("总体情况"));
}

fn is_docpipe_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|v| v["docpipe"].is_u64())
}

fn out_json(dir: &Path) -> Vec<u8> {
    let out = run_in(dir, &["convert", "x.txt", "-t", "json"]);
    out.stdout
}

#[test]
fn fragment_and_set_reach_the_exporter() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    let out = run_in(
        dir.path(),
        &["convert", "x.txt", "-t", "html", "--fragment"],
    );
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let text = stdout_text(&out).to_ascii_lowercase();
    assert!(!text.contains("<!doctype"), "a fragment has no doctype");
    assert!(text.contains("总体情况"));
    let out = run_in(
        dir.path(),
        &["convert", "x.txt", "-t", "html", "--set", "nosuch=1"],
    );
    assert_eq!(code(&out), 2);
    check_stderr(&out, "nosuch");
    let out = run_in(
        dir.path(),
        &["convert", "x.txt", "-t", "html", "--set", "novalue"],
    );
    assert_eq!(code(&out), 2);
    check_stderr(&out, "KEY=VALUE");
}

/// The files a round trip covers: every file at the top of `examples/`, and every seed
/// text of the shared corpus when it is present.
fn round_trip_inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(root().join("examples")) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(e) => panic!("cannot list examples/: {e}"),
    };
    assert!(
        files.len() >= 3,
        "examples/ should hold the example reports"
    );
    if let Some(shared) = shared() {
        if let Ok(rd) = std::fs::read_dir(shared.join("corpus/seeds")) {
            files.extend(
                rd.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "txt")),
            );
        }
    }
    files.sort();
    files
}

#[test]
fn json_round_trip_is_exact_for_examples_and_seeds() {
    let dir = tempdir();
    for (i, input) in round_trip_inputs().iter().enumerate() {
        let a = dir.path().join(format!("{i}-a.json"));
        let b = dir.path().join(format!("{i}-b.json"));
        let (Some(input_s), Some(a_s), Some(b_s)) = (input.to_str(), a.to_str(), b.to_str()) else {
            panic!("non-UTF-8 temporary path")
        };
        let first = run(&["convert", input_s, "-t", "json", "-o", a_s], b"");
        check_stderr(&first, input_s);
        assert_eq!(code(&first), 0, "{input_s}: {}", stderr_text(&first));
        let second = run(&["convert", a_s, "-t", "json", "-o", b_s], b"");
        check_stderr(&second, a_s);
        assert_eq!(code(&second), 0, "{input_s}: {}", stderr_text(&second));
        let (ab, bb) = (read(&a), read(&b));
        let av: serde_json::Value = match serde_json::from_slice(&ab) {
            Ok(v) => v,
            Err(e) => panic!("{input_s}: output is not JSON: {e}"),
        };
        let bv: serde_json::Value = serde_json::from_slice(&bb).unwrap_or_default();
        assert_eq!(av, bv, "{input_s}: JSON changed on the round trip");
        assert!(ab == bb, "{input_s}: JSON bytes changed on the round trip");
    }
}

#[test]
fn refuses_to_write_over_the_input() {
    let dir = tempdir();
    let json = out_json_fixture(dir.path());
    let before = read(&json);
    for target in ["x.json", "./x.json", "../x.json"] {
        let cwd = if target.starts_with("..") {
            let sub = dir.path().join("sub");
            let _ = std::fs::create_dir_all(&sub);
            sub
        } else {
            dir.path().to_path_buf()
        };
        let input = if target.starts_with("..") {
            "../x.json"
        } else {
            "x.json"
        };
        let out = run_in(&cwd, &["convert", input, "-t", "json", "-o", target]);
        assert_eq!(code(&out), 2, "{target}: {}", stderr_text(&out));
        check_stderr(&out, "refusing to write over the input");
        assert_eq!(read(&json), before, "the input was changed");
    }
    // A hard link or a symbolic link to the input is the input too.
    let hard = dir.path().join("hard.json");
    let soft = dir.path().join("soft.json");
    if std::fs::hard_link(&json, &hard).is_ok() {
        let out = run_in(
            dir.path(),
            &["convert", "x.json", "-t", "json", "-o", "hard.json"],
        );
        assert_eq!(code(&out), 2, "hard link: {}", stderr_text(&out));
    }
    if std::os::unix::fs::symlink(&json, &soft).is_ok() {
        let out = run_in(
            dir.path(),
            &["convert", "soft.json", "-t", "json", "-o", "x.json"],
        );
        assert_eq!(code(&out), 2, "symbolic link: {}", stderr_text(&out));
    }
    assert_eq!(read(&json), before, "the input was changed");
}

fn out_json_fixture(dir: &Path) -> PathBuf {
    write(dir, "x.txt", REPORT.as_bytes());
    let out = run_in(dir, &["convert", "x.txt", "-t", "json", "-o", "x.json"]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    std::fs::remove_file(dir.join("x.txt")).unwrap_or_default();
    dir.join("x.json")
}

#[test]
fn outputs_that_cannot_be_files() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    let _ = std::fs::create_dir(dir.path().join("folder"));
    let out = run_in(dir.path(), &["convert", "x.txt", "-o", "folder"]);
    assert_eq!(code(&out), 2);
    check_stderr(&out, "folder: is a folder");
    let out = run_in(dir.path(), &["convert", "x.txt", "-o", "x.txt/y.json"]);
    assert_eq!(code(&out), 1);
    check_stderr(&out, "x.txt is not a folder");
    assert_eq!(entries(dir.path()), ["folder", "x.txt"]);
    assert!(entries(&dir.path().join("folder")).is_empty());
}

#[test]
fn output_replaces_atomically_and_leaves_no_temporary_files() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    write(dir.path(), "x.html", b"old");
    for _ in 0..2 {
        let out = run_in(dir.path(), &["convert", "x.txt", "-o", "x.html"]);
        assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    }
    assert_ne!(read(&dir.path().join("x.html")), b"old");
    assert_eq!(entries(dir.path()), ["x.html", "x.txt"]);
}

/// Runs `convert NAME -o out/result.json` (plus `extra` flags) in `dir` and checks the
/// contract for a bad input: a clear one-line error naming the file, or a good output;
/// the exit status; and no stray or partial file in `out/`.
fn convert_bad(dir: &Path, name: &str, extra: &[&str]) -> std::process::Output {
    let out_dir = dir.join("out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::create_dir_all(&out_dir);
    let mut args = vec!["convert", name, "-o", "out/result.json"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    // A failed input is named; a usage error names what is wrong with the call instead.
    check_stderr(&out, if code(&out) == 1 { name } else { "" });
    let found = entries(&out_dir);
    match code(&out) {
        0 => {
            assert_eq!(found, ["result.json"], "{name}: outputs");
            let bytes = read(&out_dir.join("result.json"));
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                panic!("{name}: the output is not JSON: {e}");
            }
        }
        1 | 2 => {
            assert!(found.is_empty(), "{name}: failure left files: {found:?}");
            assert_eq!(stderr_text(&out).lines().count(), 1, "{name}: one line");
        }
        c => panic!("{name}: unexpected exit status {c}: {}", stderr_text(&out)),
    }
    out
}

#[test]
fn missing_file_fails_with_status_1() {
    let dir = tempdir();
    let out = convert_bad(dir.path(), "nope.txt", &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr_text(&out).starts_with("docpipe: nope.txt: "));
}

#[test]
fn folder_as_input_fails_with_status_1() {
    let dir = tempdir();
    let _ = std::fs::create_dir(dir.path().join("folder.txt"));
    let out = convert_bad(dir.path(), "folder.txt", &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr_text(&out).contains("folder"));
}

#[test]
fn unreadable_file_fails_with_status_1() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let p = write(dir.path(), "secret.txt", REPORT.as_bytes());
    if std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).is_err() {
        eprintln!("note: cannot change permissions; skipping");
        return;
    }
    if std::fs::read(&p).is_ok() {
        eprintln!("note: running with rights to read any file (root); skipping");
        return;
    }
    let out = convert_bad(dir.path(), "secret.txt", &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr_text(&out).contains("permission denied"));
}

#[test]
fn empty_files() {
    let dir = tempdir();
    write(dir.path(), "empty.txt", b"");
    let out = convert_bad(dir.path(), "empty.txt", &[]);
    assert_eq!(code(&out), 0, "an empty text is an empty document");
    write(dir.path(), "empty.json", b"");
    let out = convert_bad(dir.path(), "empty.json", &["-f", "json"]);
    assert_eq!(code(&out), 1);
    assert!(stderr_text(&out).contains("line 1"));
}

#[test]
fn invalid_json_names_line_and_column() {
    let dir = tempdir();
    write(
        dir.path(),
        "bad.json",
        b"{\"docpipe\": 1,\n  \"parts\": [ }\n",
    );
    for extra in [&[][..], &["-f", "json"][..]] {
        let out = convert_bad(dir.path(), "bad.json", extra);
        assert_eq!(code(&out), 1);
        let err = stderr_text(&out);
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("column"), "{err}");
    }
}

#[test]
fn newer_json_version_is_refused() {
    let dir = tempdir();
    write(dir.path(), "new.json", b"{\"docpipe\": 999, \"parts\": []}");
    let out = convert_bad(dir.path(), "new.json", &["-f", "json"]);
    assert_eq!(code(&out), 1);
    assert!(stderr_text(&out).contains("version"));
}

#[test]
fn unknown_formats_are_usage_errors() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    let out = convert_bad(dir.path(), "x.txt", &["-f", "pdf"]);
    assert_eq!(code(&out), 2);
    assert!(stderr_text(&out).contains("unknown importer `pdf` (known: "));
    let out = run_in(dir.path(), &["convert", "x.txt", "-t", "pdf"]);
    assert_eq!(code(&out), 2);
    check_stderr(&out, "unknown exporter `pdf` (known: ");
    let out = run_in(dir.path(), &["convert", "x.txt", "-o", "x.pdf"]);
    assert_eq!(code(&out), 2);
    check_stderr(&out, "give -t FMT");
    assert_eq!(entries(dir.path()), ["out", "x.txt"]);
    assert!(entries(&dir.path().join("out")).is_empty());
}

#[test]
fn unknown_transform_lists_the_known_ones() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    let out = convert_bad(dir.path(), "x.txt", &["-T", "nosuch"]);
    assert_eq!(code(&out), 2);
    let err = stderr_text(&out);
    assert!(err.contains("unknown transform `nosuch` (known: "), "{err}");
    for known in registered("transform") {
        assert!(err.contains(&known), "{err} should list {known}");
    }
}

#[test]
fn malformed_transform_options_are_usage_errors() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    for bad in [
        ":x=1",
        "normalize:novalue",
        "normalize:=1",
        "anonymize:a=1,b",
    ] {
        let out = convert_bad(dir.path(), "x.txt", &["-T", bad]);
        assert_eq!(code(&out), 2, "-T {bad}: {}", stderr_text(&out));
    }
}

#[test]
fn pipeline_files() {
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    write(
        dir.path(),
        "p.toml",
        b"to = \"html\"\n[exporter.html]\nfragment = true\n",
    );
    let out = run_in(dir.path(), &["convert", "x.txt", "--config", "p.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    assert!(!stdout_text(&out).to_ascii_lowercase().contains("<!doctype"));
    write(dir.path(), "bad.toml", b"to = [\n");
    let out = convert_bad(dir.path(), "x.txt", &["--config", "bad.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr_text(&out).contains("bad.toml"));
    let out = convert_bad(dir.path(), "x.txt", &["--config", "missing.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr_text(&out).contains("missing.toml"));
    write(
        dir.path(),
        "unknown.toml",
        b"[[transform]]\nname = \"nosuch\"\n",
    );
    let out = convert_bad(dir.path(), "x.txt", &["--config", "unknown.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr_text(&out).contains("nosuch"));
}

#[test]
fn a_50_mb_single_line() {
    let dir = tempdir();
    let unit = "abcdefghij 一二三四五六七八九十 ";
    let line = unit.repeat(50 * 1024 * 1024 / unit.len() + 1);
    write(dir.path(), "long.txt", line.as_bytes());
    let out = convert_bad(dir.path(), "long.txt", &[]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let size = std::fs::metadata(dir.path().join("out/result.json"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert!(size > 50 * 1024 * 1024, "output too small: {size}");
}

#[test]
fn half_a_million_short_lines() {
    let dir = tempdir();
    let mut text = String::new();
    for i in 0..500_000 {
        text.push_str(&format!("第{i}行\n"));
    }
    write(dir.path(), "many.txt", text.as_bytes());
    let out = convert_bad(dir.path(), "many.txt", &[]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
}

#[test]
fn binary_garbage_named_txt() {
    let dir = tempdir();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let bytes: Vec<u8> = (0..256 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    write(dir.path(), "garbage.txt", &bytes);
    let out = convert_bad(dir.path(), "garbage.txt", &[]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr_text(&out));
    // Without a telling extension the content is sniffed; still no panic.
    write(dir.path(), "garbage", &bytes);
    convert_bad(dir.path(), "garbage", &[]);
    let mut zipish = b"PK\x03\x04".to_vec();
    zipish.extend_from_slice(&bytes[..4096]);
    write(dir.path(), "broken", &zipish);
    let out = convert_bad(dir.path(), "broken", &[]);
    assert_eq!(code(&out), 1, "{}", stderr_text(&out));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempdir();
    let text = "一、总体情况 some words to fill the line\n".repeat(100_000);
    write(dir.path(), "big.txt", text.as_bytes());
    let child = docpipe()
        .args(["convert", "big.txt", "-t", "txt", "--quiet"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        panic!("cannot start docpipe")
    };
    drop(child.stdout.take());
    let Ok(out) = child.wait_with_output() else {
        panic!("docpipe did not finish")
    };
    assert_eq!(stderr_text(&out), "", "nothing on stderr for a closed pipe");
    assert_eq!(code(&out), 0);
}

#[test]
fn help_shows_examples_for_every_command() {
    for cmd in [
        "convert",
        "batch",
        "report",
        "report merge",
        "inspect",
        "entities",
        "plugins",
        "completions",
    ] {
        let mut args: Vec<&str> = cmd.split(' ').collect();
        args.push("--help");
        let out = run(&args, b"");
        assert_eq!(code(&out), 0, "{cmd} --help");
        assert!(
            stdout_text(&out).contains("Example"),
            "{cmd} --help has no example"
        );
    }
    for bad in [
        &["convert"][..],
        &["convert", "x.txt", "--bogus"],
        &["convert", "x", "-o"],
    ] {
        let out = run(bad, b"");
        assert_eq!(code(&out), 2, "{bad:?} is a usage error");
        check_stderr(&out, "see docpipe convert --help");
        assert_eq!(stderr_text(&out).lines().count(), 1, "{bad:?}: one line");
    }
}

#[test]
fn warnings_are_one_line_each_and_quiet_silences_them() {
    let dir = tempdir();
    // A NUL and a zero-width space: the txt importer drops them with a warning.
    write(dir.path(), "w.txt", "abc\u{0}def\u{200b}ghi\n".as_bytes());
    let out = run_in(dir.path(), &["convert", "w.txt", "-t", "txt"]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let err = check_stderr(&out, "");
    assert!(!err.is_empty(), "the importer reported nothing");
    for line in err.lines() {
        assert!(line.starts_with("docpipe: w.txt: txt: "), "{line}");
    }
    let out = run_in(dir.path(), &["convert", "w.txt", "-t", "txt", "--quiet"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr_text(&out), "");
    assert!(stdout_text(&out).contains("abc"));
}

#[test]
fn binary_output_is_refused_on_a_terminal() {
    if !registered("exporter").iter().any(|e| e == "docx") {
        eprintln!("note: no docx exporter registered yet; skipping");
        return;
    }
    // `script` (util-linux) runs the command with a pseudo-terminal as its stdout.
    let dir = tempdir();
    write(dir.path(), "x.txt", REPORT.as_bytes());
    let cmd = format!("{} convert x.txt -t docx", env!("CARGO_BIN_EXE_docpipe"));
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output();
    let Ok(out) = out else {
        eprintln!("note: `script` is not installed; skipping");
        return;
    };
    let text = stdout_text(&out);
    assert!(text.contains("refusing to write binary docx"), "{text}");
    assert_eq!(code(&out), 2, "{text}");
    // Redirected, the same command writes the document.
    let out = run_in(dir.path(), &["convert", "x.txt", "-t", "docx"]);
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    assert!(out.stdout.starts_with(b"PK"));
}

#[test]
fn odd_stdin_never_panics() {
    // Inputs shaped to reach each importer through sniffing, cut and mangled.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let seeds: [&[u8]; 6] = [
        b"{\"docpipe\": 1, \"parts\": [{\"blocks\": [{\"type\": \"heading\", \"level\": 1}]}]}",
        b"{\"docpipe\": 1, \"parts\": [{\"blocks\": [{\"type\": \"paragraph\", \"content\": []}]}]}",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00word/document.xml",
        b"\xEF\xBB\xBF\xE4\xB8\x80\xE3\x80\x81\r\n\r\n\xFF\xFE",
        b"\xFF\xFEa\x00b\x00\x00\xD8",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00",
    ];
    for (i, seed) in seeds.iter().enumerate() {
        for round in 0..4 {
            let mut bytes = seed.to_vec();
            // Cut, then flip a few bytes.
            let keep = (next() as usize) % (bytes.len() + 1);
            if round > 0 {
                bytes.truncate(keep.max(1));
            }
            for _ in 0..round {
                let len = bytes.len().max(1);
                if let Some(b) = bytes.get_mut((next() as usize) % len) {
                    *b ^= (next() & 0xFF) as u8;
                }
            }
            for to in ["json", "html"] {
                let out = run(&["convert", "-", "-t", to], &bytes);
                check_stderr(&out, "<stdin>");
                assert!(
                    matches!(code(&out), 0 | 1),
                    "seed {i} round {round} -t {to}: status {} {}",
                    code(&out),
                    stderr_text(&out)
                );
            }
        }
    }
}
