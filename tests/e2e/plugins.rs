//! End-to-end tests: plugins (issue 8). The example and fixture plugins are built once
//! per run with cargo into `<target>/plugin-fixtures` (their own target folder, so the
//! outer build is not locked), then driven through `docpipe convert --plugin …`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use crate::util::{docpipe, root, tempdir};

/// The folder holding the built example and fixture libraries.
fn fixtures() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // <target>/debug/docpipe → <target>
        let target = Path::new(env!("CARGO_BIN_EXE_docpipe"))
            .ancestors()
            .nth(2)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let dir = target.join("plugin-fixtures");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(root())
            .args(["build", "--quiet", "--target-dir"])
            .arg(&dir)
            .args([
                "-p",
                "docpipe-plugin-stamp",
                "-p",
                "docpipe-plugin-markdown",
            ])
            .args([
                "-p",
                "docpipe-test-plugin-faulty",
                "-p",
                "docpipe-test-plugin-wrong-abi",
            ])
            .status();
        match status {
            Ok(s) if s.success() => dir.join("debug"),
            other => panic!("building the example plugins failed: {other:?}"),
        }
    })
}

/// The path of a built plugin library, as a string for the command line.
fn lib(name: &str) -> String {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    fixtures()
        .join(format!("{DLL_PREFIX}{name}{DLL_SUFFIX}"))
        .display()
        .to_string()
}

/// The example filter's manifest.
fn redact_manifest() -> String {
    root()
        .join("examples/plugins/redact-dates/redact-dates.toml")
        .display()
        .to_string()
}

/// Runs docpipe isolated from the user's plugin folders, with extra environment.
fn run_env(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let empty = tempdir();
    let mut cmd = docpipe();
    cmd.args(args)
        .env_remove("DOCPIPE_PLUGIN_PATH")
        .env("XDG_DATA_HOME", empty.path())
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run docpipe: {e}"),
    }
}

fn run(args: &[&str]) -> Output {
    run_env(args, &[])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn python() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "pass"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("note: python3 not found; skipping a program-plugin test");
    }
    ok
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    if let Err(e) = std::fs::write(&p, text) {
        panic!("cannot write {}: {e}", p.display());
    }
    p.display().to_string()
}

/// A python script plus its manifest in `dir`; returns the manifest's path.
#[cfg(unix)]
fn program(dir: &Path, name: &str, body: &str, manifest_extra: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join(format!("{name}.py"));
    write(
        dir,
        &format!("{name}.py"),
        &format!("#!/usr/bin/env python3\nimport json, os, sys, time\n{body}"),
    );
    if let Err(e) = std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)) {
        panic!("chmod: {e}");
    }
    write(
        dir,
        &format!("{name}.toml"),
        &format!(
            "name = \"{name}\"\nkind = \"transform\"\ncommand = \"{name}.py\"\n{manifest_extra}"
        ),
    )
}

fn json_of(bytes: &[u8]) -> serde_json::Value {
    match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)),
    }
}

#[test]
fn stamp_marks_a_docx_through_the_cli() {
    let dir = tempdir();
    let txt = write(dir.path(), "in.txt", "一、总体情况\n正文第一段。\n");
    let docx = dir.path().join("in.docx").display().to_string();
    let o = run(&["convert", &txt, "-o", &docx]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out.docx").display().to_string();
    let stamp = lib("stamp");
    let o = run(&[
        "convert",
        &docx,
        "--plugin",
        &stamp,
        "-T",
        "stamp:text=机密",
        "-o",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["convert", &out, "-t", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = json_of(&o.stdout);
    let body = doc["parts"][0]["blocks"].to_string();
    let first = doc["parts"][0]["blocks"][0].to_string();
    assert!(first.contains("机密"), "{first}");
    assert!(body.contains("正文第一段"), "{body}");
    let headers = doc["headers"].to_string();
    assert!(headers.contains("机密"), "{headers}");
}

#[test]
fn markdown_exporter_writes_commonmark_with_tables() {
    let dir = tempdir();
    let input = write(
        dir.path(),
        "in.json",
        r#"{"docpipe":1,"parts":[{"blocks":[
  {"type":"heading","level":1,"label":"一、","content":[{"type":"text","text":"总体情况"}]},
  {"type":"paragraph","content":[{"type":"text","text":"see "},
     {"type":"styled","style":"italic","content":[{"type":"text","text":"this"}]}]},
  {"type":"table","header_rows":1,"rows":[
     {"cells":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"项目"}]}]},
               {"blocks":[{"type":"paragraph","content":[{"type":"text","text":"金额"}]}]}]},
     {"cells":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"a|b"}]}]},
               {"blocks":[{"type":"paragraph","content":[{"type":"text","text":"10"}]}]}]}]}
]}]}"#,
    );
    let out = dir.path().join("out.md");
    let md = lib("markdown");
    let o = run(&[
        "convert",
        &input,
        "--plugin",
        &md,
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert_eq!(
        text,
        "# 一、总体情况\n\nsee *this*\n\n| 项目 | 金额 |\n| --- | --- |\n| a\\|b | 10 |\n"
    );
    // Options are passed through, and unknown ones refused before any work (exit 2).
    let o = run(&[
        "convert",
        &input,
        "--plugin",
        &md,
        "-t",
        "markdown",
        "--set",
        "labels=false",
    ]);
    assert!(stdout(&o).starts_with("# 总体情况\n"), "{}", stdout(&o));
    let o = run(&[
        "convert", &input, "--plugin", &md, "-t", "markdown", "--set", "x=1",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unknown option `x`"), "{}", stderr(&o));
}

fn assert_redacted(text: &str, mark: &str) {
    assert!(text.contains(&format!("会议于{mark}召开。")), "{text}");
    assert!(text.contains(&format!("Due {mark}.")), "{text}");
    assert!(!text.contains("2025"), "{text}");
}

#[test]
fn python_filter_redacts_dates_via_manifest_describe_and_pipeline_file() {
    if !python() {
        return;
    }
    let dir = tempdir();
    let txt = write(
        dir.path(),
        "in.txt",
        "会议于2025年3月1日召开。\nDue 2025-12-01.\n",
    );
    let manifest = redact_manifest();
    let o = run(&[
        "convert",
        &txt,
        "--plugin",
        &manifest,
        "-T",
        "redact-dates",
        "-t",
        "txt",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_redacted(&stdout(&o), "[DATE]");
    // The script alone describes itself.
    let script = root().join("examples/plugins/redact-dates/redact-dates.py");
    let script = script.display().to_string();
    let o = run(&[
        "convert",
        &txt,
        "--plugin",
        &script,
        "-T",
        "redact-dates:replacement=XX",
        "-t",
        "txt",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_redacted(&stdout(&o), "XX");
    // A pipeline file names the plugin and the transform; warnings reach stderr.
    let pipeline = write(
        dir.path(),
        "p.toml",
        &format!(
            "plugins = [{manifest:?}]\nto = \"txt\"\n[[transform]]\nname = \"redact-dates\"\nreplacement = \"[日期]\"\n"
        ),
    );
    let o = run(&["convert", &txt, "--config", &pipeline]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_redacted(&stdout(&o), "[日期]");
    let plain = write(dir.path(), "plain.txt", "no dates here\n");
    let o = run(&["convert", &plain, "--config", &pipeline]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("no date found"), "{}", stderr(&o));
    // A relative plugin path in a pipeline file is read from the file's folder, not from
    // the folder docpipe runs in (the tests run in the crate folder).
    let sub = dir.path().join("conf");
    if let Err(e) = std::fs::create_dir_all(sub.join("plug")) {
        panic!("cannot make a folder: {e}");
    }
    for f in ["redact-dates.toml", "redact-dates.py"] {
        let from = root().join("examples/plugins/redact-dates").join(f);
        if let Err(e) = std::fs::copy(&from, sub.join("plug").join(f)) {
            panic!("cannot copy {}: {e}", from.display());
        }
    }
    let relative = write(
        &sub,
        "relative.toml",
        "plugins = [\"plug/redact-dates.toml\"]\nto = \"txt\"\n[[transform]]\nname = \"redact-dates\"\nreplacement = \"[D]\"\n",
    );
    let o = run(&["convert", &txt, "--config", &relative]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_redacted(&stdout(&o), "[D]");
}

#[test]
fn a_panicking_native_plugin_fails_its_document_without_crashing() {
    let dir = tempdir();
    let txt = write(dir.path(), "in.txt", "hello\n");
    let out = dir.path().join("out.json");
    let faulty = lib("faulty");
    let o = run(&[
        "convert",
        &txt,
        "--plugin",
        &faulty,
        "-T",
        "boom",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("the plugin panicked: boom: refusing a document of 1 blocks"),
        "{err}"
    );
    assert!(err.contains(&faulty), "{err}");
    assert!(
        err.contains("(at examples/plugins/testing/faulty/src/lib.rs:"),
        "{err}"
    );
    // One line: the plugin's panic message is not printed by its panic hook.
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!out.exists());
    // The same library's other transform still works in the same process.
    let o = run(&[
        "convert", &txt, "--plugin", &faulty, "-T", "noop", "-T", "boom", "-t", "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "convert", &txt, "--plugin", &faulty, "-T", "noop", "-t", "txt",
    ]);
    assert_eq!(stdout(&o), "hello\n", "{}", stderr(&o));
}

#[test]
fn a_wrong_abi_is_refused_with_both_versions_named() {
    let dir = tempdir();
    let txt = write(dir.path(), "in.txt", "hello\n");
    let wrong = lib("wrong_abi");
    let o = run(&["convert", &txt, "--plugin", &wrong, "-t", "txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&wrong), "{err}");
    assert!(err.contains("ABI 999") && err.contains("ABI 1"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[cfg(unix)]
#[test]
fn crashing_hanging_and_garbage_programs_fail_only_their_document() {
    if !python() {
        return;
    }
    let dir = tempdir();
    let txt = write(dir.path(), "in.txt", "hello\n");
    let crash = program(
        dir.path(),
        "crash",
        "print('segfault-ish: cannot cope', file=sys.stderr)\nos.abort()\n",
        "",
    );
    let garbage = program(
        dir.path(),
        "garbage",
        "sys.stdin.read()\nprint('<html>nope</html>')\n",
        "",
    );
    let hang = program(
        dir.path(),
        "hang",
        "print('stuck', file=sys.stderr, flush=True)\ntime.sleep(60)\n",
        "timeout = 30",
    );
    let cases: [(&str, &str, &str); 3] = [
        (&crash, "crash", "the program was killed"),
        (&garbage, "garbage", "not a docpipe document"),
        (
            &hang,
            "hang:timeout=2",
            "did not finish within 2 s and was killed; stderr: stuck",
        ),
    ];
    for (manifest, stage, expect) in cases {
        let started = std::time::Instant::now();
        let o = run(&[
            "convert", &txt, "--plugin", manifest, "-T", stage, "-t", "json",
        ]);
        assert!(started.elapsed().as_secs() < 20, "{stage} took too long");
        assert_eq!(o.status.code(), Some(1), "{stage}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(expect), "{stage}: {err}");
        assert!(o.stdout.is_empty(), "{stage}");
    }
    let o = run(&[
        "convert", &txt, "--plugin", &crash, "-T", "crash", "-t", "json",
    ]);
    assert!(stderr(&o).contains("cannot cope"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn in_a_batch_a_failing_plugin_fails_only_the_documents_it_fails_on() {
    if !python() {
        return;
    }
    let dir = tempdir();
    let inbox = dir.path().join("in");
    if let Err(e) = std::fs::create_dir_all(&inbox) {
        panic!("{e}");
    }
    write(&inbox, "good.txt", "fine\n");
    write(&inbox, "bad.txt", "please crash\n");
    let picky = program(
        dir.path(),
        "picky",
        "data = sys.stdin.read()\nif 'crash' in data:\n    print('I refuse', file=sys.stderr)\n    sys.exit(4)\nsys.stdout.write(data)\n",
        "",
    );
    let out = dir.path().join("out");
    let o = run(&[
        "batch",
        &inbox.display().to_string(),
        "-o",
        &out.display().to_string(),
        "-t",
        "txt",
        "--plugin",
        &picky,
        "-T",
        "picky",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("good.txt")).unwrap_or_default(),
        "fine\n"
    );
    assert!(!out.join("bad.txt").exists());
    assert!(stderr(&o).contains("I refuse"), "{}", stderr(&o));
}

#[test]
fn plugin_folders_are_searched_and_listed_with_origin_and_version() {
    let folder = tempdir();
    let stamp = PathBuf::from(lib("stamp"));
    let Some(name) = stamp.file_name() else {
        panic!("no file name");
    };
    if let Err(e) = std::fs::copy(&stamp, folder.path().join(name)) {
        panic!("{e}");
    }
    let o = run_env(
        &["plugins", "--json"],
        &[("DOCPIPE_PLUGIN_PATH", folder.path())],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let v = json_of(text.as_bytes());
    let list = v["components"].as_array().cloned().unwrap_or_default();
    let Some(c) = list.iter().find(|c| c["name"] == "stamp") else {
        panic!("stamp not listed: {text}");
    };
    assert_eq!(c["kind"], "transform");
    assert_eq!(c["version"], "1.0.0");
    assert_eq!(c["origin"]["type"], "native");
    let shown = c["origin"]["path"].as_str().unwrap_or_default();
    assert!(
        shown.starts_with(&folder.path().display().to_string()),
        "{shown}"
    );
    // The user's data folder is searched too.
    let data = tempdir();
    let plugins = data.path().join("docpipe/plugins");
    if let Err(e) =
        std::fs::create_dir_all(&plugins).and_then(|_| std::fs::copy(&stamp, plugins.join(name)))
    {
        panic!("{e}");
    }
    let o = run_env(&["plugins"], &[("XDG_DATA_HOME", data.path())]);
    assert!(stdout(&o).contains("stamp"), "{}", stdout(&o));
    // A broken plugin in a folder is skipped with a warning; docpipe still works.
    let wrong = PathBuf::from(lib("wrong_abi"));
    if let Some(n) = wrong.file_name() {
        let _ = std::fs::copy(&wrong, folder.path().join(n));
    }
    let o = run_env(&["plugins"], &[("DOCPIPE_PLUGIN_PATH", folder.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("ABI 999"), "{}", stderr(&o));
    assert!(stdout(&o).contains("stamp"));
}

#[cfg(unix)]
#[test]
fn a_clash_with_a_built_in_needs_plugin_override() {
    if !python() {
        return;
    }
    let dir = tempdir();
    let txt = write(dir.path(), "in.txt", "一、标题\n");
    let fake = program(
        dir.path(),
        "normalize",
        "doc = json.load(sys.stdin)\ndoc['meta'] = {'title': 'replaced'}\njson.dump(doc, sys.stdout)\n",
        "version = \"9.9\"",
    );
    let o = run(&[
        "convert",
        &txt,
        "--plugin",
        &fake,
        "-T",
        "normalize",
        "-t",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("clashes with the one from built-in") && err.contains("--plugin-override"),
        "{err}"
    );
    let o = run(&[
        "convert",
        &txt,
        "--plugin",
        &fake,
        "--plugin-override",
        "-T",
        "normalize",
        "-t",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json_of(&o.stdout)["meta"]["title"], "replaced");
}

#[cfg(unix)]
#[test]
fn a_program_importer_feeds_a_native_exporter() {
    if !python() {
        return;
    }
    let dir = tempdir();
    let csv = write(dir.path(), "prices.csv", "item,price\ntea,3\ncake,5\n");
    // An importer: raw bytes in, a document out; picked by the .csv extension.
    let body = r#"
import csv, io
rows = list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode("utf-8"))))
cell = lambda t: {"blocks": [{"type": "paragraph", "content": [{"type": "text", "text": t}]}]}
table = {"type": "table", "header_rows": 1, "rows": [{"cells": [cell(c) for c in r]} for r in rows]}
sys.stdout.write(json.dumps({"docpipe": 1, "parts": [{"blocks": [table]}]}))
"#;
    let manifest = program(dir.path(), "csvin", body, "extensions = [\"csv\"]");
    let text = match std::fs::read_to_string(&manifest) {
        Ok(t) => t.replace("kind = \"transform\"", "kind = \"importer\""),
        Err(e) => panic!("{e}"),
    };
    write(dir.path(), "csvin.toml", &text);
    let md = lib("markdown");
    let o = run(&[
        "convert", &csv, "--plugin", &manifest, "--plugin", &md, "-t", "markdown",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "| item | price |\n| --- | --- |\n| tea | 3 |\n| cake | 5 |\n"
    );
}
