//! Loading real plugins through the host: the example and fixture libraries (built here
//! with cargo into `<target>/plugin-fixtures`) and small programs written by the tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use docpipe_core::model::{Block, Document, Inline, Paragraph};
use docpipe_core::registry::OnClash;
use docpipe_core::{ComponentInfo, Context, Kind, Options, Origin, Registry, Transform};
use docpipe_plugin_host::{load, load_all, LoadError};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds the example and fixture plugins once per test run; returns the folder holding
/// the libraries.
fn fixtures() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let exe = std::env::current_exe().unwrap_or_default();
        // <target>/debug/deps/load-… → <target>
        let target = exe
            .ancestors()
            .nth(3)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let dir = target.join("plugin-fixtures");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(workspace())
            .args(["build", "--quiet", "--target-dir"])
            .arg(&dir)
            .args([
                "-p",
                "docpipe-plugin-stamp",
                "-p",
                "docpipe-test-plugin-faulty",
            ])
            .args(["-p", "docpipe-test-plugin-wrong-abi"])
            .status();
        match status {
            Ok(s) if s.success() => dir.join("debug"),
            other => panic!("building the fixture plugins failed: {other:?}"),
        }
    })
}

fn lib(name: &str) -> PathBuf {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    fixtures().join(format!("{DLL_PREFIX}{name}{DLL_SUFFIX}"))
}

fn doc(text: &str) -> Document {
    Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content: vec![Inline::text(text)],
        align: None,
    })])
}

fn transform(r: &Registry, name: &str, opts: &str, d: Document) -> Result<Document, String> {
    let mut ctx = Context::new("in.json");
    ctx.enter_stage(name);
    let opts = Options::parse_kv(name, opts).map_err(|e| e.to_string())?;
    let t = r.transform(name, &opts).map_err(|e| e.to_string())?;
    t.transform(d, &mut ctx).map_err(|e| e.to_string())
}

#[test]
fn a_native_plugin_registers_and_runs() -> TestResult {
    let mut r = Registry::new();
    let plugin = load(&lib("stamp"))?;
    assert_eq!(plugin.description().name, "stamp");
    plugin.register(&mut r, OnClash::Refuse)?;
    let info = r
        .info(Kind::Transform, "stamp")
        .ok_or("stamp not registered")?;
    assert_eq!(info.version, "1.0.0");
    assert!(
        matches!(&info.origin, Origin::Native { path } if path.ends_with(&lib("stamp").file_name().unwrap_or_default().to_string_lossy().to_string()))
    );
    let out = transform(&r, "stamp", "text=TOP SECRET", doc("body"))?;
    let first = docpipe_core::walk::block_text(&out.parts[0].blocks[0]);
    assert_eq!(first, "TOP SECRET");
    // Options are checked against what the plugin declared, before any document.
    let err = r
        .transform("stamp", &Options::parse_kv("stamp", "colour=red")?)
        .err();
    assert!(err
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("unknown option `colour`"));
    Ok(())
}

#[test]
fn a_panic_in_a_plugin_fails_only_that_document() -> TestResult {
    let mut r = Registry::new();
    load(&lib("faulty"))?.register(&mut r, OnClash::Refuse)?;
    let err = transform(&r, "boom", "", doc("x"))
        .err()
        .unwrap_or_default();
    assert!(
        err.contains("the plugin panicked: boom: refusing a document of 1 blocks"),
        "{err}"
    );
    assert!(err.contains("faulty ("), "{err}");
    // The library keeps working afterwards.
    assert_eq!(
        transform(&r, "noop", "", doc("still here"))?,
        doc("still here")
    );
    Ok(())
}

#[test]
fn a_wrong_abi_is_refused_before_anything_else() {
    let path = lib("wrong_abi");
    match load(&path) {
        Err(
            e @ LoadError::AbiMismatch {
                found: 999,
                expected: 1,
                ..
            },
        ) => {
            let msg = e.to_string();
            assert!(msg.starts_with(&path.display().to_string()), "{msg}");
            assert!(msg.contains("ABI 999") && msg.contains("ABI 1"), "{msg}");
        }
        other => panic!("expected an ABI mismatch, got {other:?}"),
    }
}

#[test]
fn not_a_plugin_library_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let fake = dir.path().join("libfake.so");
    std::fs::write(&fake, b"not an ELF file")?;
    let msg = load(&fake).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        msg.starts_with(&format!("{}: cannot load the library", fake.display())),
        "{msg}"
    );
    let msg = load(&dir.path().join("missing.so"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.ends_with("missing.so: no such plugin file"), "{msg}");
    Ok(())
}

struct Builtin;
impl Transform for Builtin {
    fn transform(&self, d: Document, _ctx: &mut Context) -> docpipe_core::Result<Document> {
        Ok(d)
    }
}

#[test]
fn clashes_with_built_ins_are_refused_unless_overriding() -> TestResult {
    let mut r = Registry::new();
    r.add_transform(
        ComponentInfo::builtin(Kind::Transform, "stamp", "built-in"),
        |_| Ok(Box::new(Builtin)),
    )?;
    let err = load(&lib("stamp"))?.register(&mut r, OnClash::Refuse).err();
    assert!(err.as_ref().is_some_and(LoadError::is_clash), "{err:?}");
    load(&lib("stamp"))?.register(&mut r, OnClash::Replace)?;
    let info = r.info(Kind::Transform, "stamp").ok_or("no stamp")?;
    assert!(matches!(info.origin, Origin::Native { .. }));
    Ok(())
}

#[test]
fn folders_are_searched_and_broken_plugins_there_skipped() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::copy(
        lib("stamp"),
        dir.path().join(lib("stamp").file_name().ok_or("name")?),
    )?;
    std::fs::copy(
        lib("wrong_abi"),
        dir.path().join(lib("wrong_abi").file_name().ok_or("name")?),
    )?;
    std::fs::write(dir.path().join("notes.txt"), "ignored")?;
    let mut r = Registry::new();
    // The same library named twice (explicitly and through the folder) loads once.
    let skipped = load_all(
        &mut r,
        &[dir.path().join(lib("stamp").file_name().ok_or("name")?)],
        &[dir.path().to_path_buf(), dir.path().join("absent")],
        OnClash::Refuse,
    )?;
    assert_eq!(r.names(Kind::Transform), vec!["stamp"]);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].contains("ABI 999"), "{skipped:?}");
    // Named explicitly, the broken one is an error.
    let err = load_all(
        &mut Registry::new(),
        &[dir.path().to_path_buf()],
        &[],
        OnClash::Refuse,
    );
    assert!(matches!(err, Err(LoadError::AbiMismatch { .. })), "{err:?}");
    Ok(())
}

#[cfg(unix)]
mod programs {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn python() -> bool {
        let ok = Command::new("python3")
            .arg("-c")
            .arg("pass")
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("note: python3 not found; skipping a program-plugin test");
        }
        ok
    }

    fn script(dir: &Path, name: &str, body: &str) -> Result<PathBuf, std::io::Error> {
        let p = dir.join(name);
        std::fs::write(
            &p,
            format!("#!/usr/bin/env python3\nimport json, os, sys, time\n{body}"),
        )?;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))?;
        Ok(p)
    }

    fn manifest(
        dir: &Path,
        name: &str,
        command: &str,
        extra: &str,
    ) -> Result<PathBuf, std::io::Error> {
        let p = dir.join(format!("{name}.toml"));
        std::fs::write(
            &p,
            format!("name = \"{name}\"\nkind = \"transform\"\nversion = \"2.0\"\ncommand = \"{command}\"\n{extra}"),
        )?;
        Ok(p)
    }

    fn registry_with(path: &Path) -> Result<Registry, LoadError> {
        let mut r = Registry::new();
        load(path)?.register(&mut r, OnClash::Refuse)?;
        Ok(r)
    }

    #[test]
    fn a_filter_runs_and_its_warnings_and_options_arrive() -> TestResult {
        if !python() {
            return Ok(());
        }
        let dir = tempfile::tempdir()?;
        script(
            dir.path(),
            "up.py",
            r#"
doc = json.load(sys.stdin)
opts = json.loads(os.environ["DOCPIPE_OPTIONS"])
for b in doc["parts"][0]["blocks"]:
    for i in b["content"]:
        i["text"] = i["text"].upper() + opts.get("suffix", "")
print("warning: shouted at " + os.environ.get("DOCPIPE_SOURCE", "?"), file=sys.stderr)
print("some chatter", file=sys.stderr)
json.dump(doc, sys.stdout)
"#,
        )?;
        let m = manifest(dir.path(), "up", "up.py", "[[option]]\nname = \"suffix\"\n")?;
        let r = registry_with(&m)?;
        let info = r.info(Kind::Transform, "up").ok_or("up missing")?;
        assert_eq!(info.version, "2.0");
        assert!(matches!(&info.origin, Origin::Program { path } if path.ends_with("up.toml")));
        let t = r.transform("up", &Options::parse_kv("up", "suffix=!")?)?;
        let mut ctx = Context::new("a.txt");
        ctx.enter_stage("up");
        let out = t.transform(doc("hello"), &mut ctx)?;
        assert_eq!(out, doc("HELLO!"));
        let w: Vec<String> = ctx.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(w, vec!["up: shouted at a.txt".to_string()]);
        Ok(())
    }

    #[test]
    fn crash_garbage_and_hang_fail_the_document_with_stderr() -> TestResult {
        if !python() {
            return Ok(());
        }
        let dir = tempfile::tempdir()?;
        script(
            dir.path(),
            "crash.py",
            "print('oh no: bad input', file=sys.stderr)\nsys.exit(3)\n",
        )?;
        script(
            dir.path(),
            "garbage.py",
            "sys.stdin.read()\nprint('hello, not json')\n",
        )?;
        script(
            dir.path(),
            "hang.py",
            "print('thinking', file=sys.stderr, flush=True)\ntime.sleep(30)\n",
        )?;
        script(dir.path(), "abort.py", "os.abort()\n")?;
        let crash = registry_with(&manifest(dir.path(), "crash", "crash.py", "")?)?;
        let err = transform(&crash, "crash", "", doc("x"))
            .err()
            .unwrap_or_default();
        assert!(
            err.contains("crash: the program exited with status 3; stderr: oh no: bad input"),
            "{err}"
        );
        assert!(err.starts_with("plugin crash ("), "{err}");

        let garbage = registry_with(&manifest(dir.path(), "garbage", "garbage.py", "")?)?;
        let err = transform(&garbage, "garbage", "", doc("x"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("not a docpipe document"), "{err}");
        assert!(err.contains("hello, not json"), "{err}");

        let aborted = registry_with(&manifest(dir.path(), "abort", "abort.py", "")?)?;
        let err = transform(&aborted, "abort", "", doc("x"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("the program was killed (signal: 6"), "{err}");

        let hang = registry_with(&manifest(dir.path(), "hang", "hang.py", "timeout = 3")?)?;
        let started = std::time::Instant::now();
        let err = transform(&hang, "hang", "", doc("x"))
            .err()
            .unwrap_or_default();
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(
            err.contains("did not finish within 3 s and was killed; stderr: thinking"),
            "{err}"
        );
        // The option overrides the manifest's timeout, and is checked.
        let err = transform(&hang, "hang", "timeout=1.5", doc("x"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("within 1.5 s"), "{err}");
        let err = transform(&hang, "hang", "timeout=soon", doc("x"))
            .err()
            .unwrap_or_default();
        assert!(
            err.contains("option `timeout` must be a positive number"),
            "{err}"
        );
        Ok(())
    }

    #[test]
    fn programs_describe_themselves() -> TestResult {
        if !python() {
            return Ok(());
        }
        let dir = tempfile::tempdir()?;
        let exe = script(
            dir.path(),
            "shout",
            r#"
if sys.argv[1:] == ["--describe"]:
    print(json.dumps({"name": "shout", "version": "0.3", "components": [
        {"kind": "exporter", "name": "shout", "extensions": ["shout"], "future_field": 1}]}))
    sys.exit(0)
doc = json.load(sys.stdin)
sys.stdout.write("LOUD " + os.environ["DOCPIPE_KIND"])
"#,
        )?;
        let r = registry_with(&exe)?;
        let info = r.info(Kind::Exporter, "shout").ok_or("no shout")?;
        assert_eq!(info.version, "0.3");
        assert_eq!(
            r.format_for_extension(Kind::Exporter, "shout"),
            Some("shout")
        );
        let e = r.exporter("shout", &Options::new())?;
        let out = e.export(&doc("x"), &mut Context::new("x"))?;
        assert_eq!(out, b"LOUD exporter");
        Ok(())
    }

    #[test]
    fn bad_manifests_and_descriptions_are_named() -> TestResult {
        if !python() {
            return Ok(());
        }
        let dir = tempfile::tempdir()?;
        let m = dir.path().join("bad.toml");
        std::fs::write(&m, "name = \"x\"\nkind = \"filter\"\ncommand = \"x\"\n")?;
        let msg = load(&m).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.starts_with(&format!("{}: invalid plugin manifest", m.display())),
            "{msg}"
        );
        let m = manifest(dir.path(), "nothere", "does-not-exist-anywhere", "")?;
        let err = transform(&registry_with(&m)?, "nothere", "", doc("x"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("cannot start"), "{err}");
        let exe = script(dir.path(), "mute", "print('no description')\n")?;
        let msg = load(&exe).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.contains("invalid plugin description: not JSON"),
            "{msg}"
        );
        let newer = script(dir.path(), "newer", "print(json.dumps({'name':'n','format_version':9,'components':[{'kind':'transform','name':'n'}]}))\n")?;
        let msg = load(&newer)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("needs docpipe JSON format version 9"), "{msg}");
        Ok(())
    }
}
