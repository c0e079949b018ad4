//! Engine tests with a tiny in-test registry: an importer of `.fk`/`.fk2` files whose
//! content says how to behave, a transform that rewrites names and counts inputs through
//! the batch-wide shared state, and an exporter writing upper-case text.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use docpipe_core::model::{Block, Inline, Paragraph};
use docpipe_core::{
    ComponentInfo, Context, Document, Error, Exporter, Importer, Kind, Pipeline, PipelineSpec,
    Registry, StageSpec, Transform,
};

use crate::report::{Report, Settings};
use crate::run::{run, BatchOptions, Silent};
use crate::shard::Shard;

type TestResult = Result<(), Box<dyn std::error::Error>>;

struct Fake;
impl Importer for Fake {
    fn import(&self, input: &[u8], ctx: &mut Context) -> docpipe_core::Result<Document> {
        let text = std::str::from_utf8(input).map_err(|e| Error::stage_from("fake", e))?;
        if text.starts_with("PANIC") {
            panic!("fake importer exploded");
        }
        if text.starts_with("SLEEP") {
            std::thread::sleep(Duration::from_millis(1500));
        }
        if text.starts_with("BAD") {
            return Err(Error::stage("fake", "this file is bad"));
        }
        if text.starts_with("WARN") {
            ctx.warn("odd but fine");
        }
        Ok(Document::from_blocks(vec![Block::Paragraph(Paragraph {
            content: vec![Inline::text(text)],
            align: None,
        })]))
    }
}

/// Counts inputs in the batch-wide shared state and replaces `secret` in file stems.
struct Stamp;
impl Transform for Stamp {
    fn transform(&self, doc: Document, ctx: &mut Context) -> docpipe_core::Result<Document> {
        ctx.shared
            .get::<AtomicUsize>()
            .fetch_add(1, Ordering::SeqCst);
        Ok(doc)
    }
    fn file_stem(&self, stem: &str, _ctx: &mut Context) -> docpipe_core::Result<String> {
        Ok(stem.replace("secret", "[X]"))
    }
}

struct Upper;
impl Exporter for Upper {
    fn export(&self, doc: &Document, _ctx: &mut Context) -> docpipe_core::Result<Vec<u8>> {
        Ok(doc.body_text().trim_end().to_uppercase().into_bytes())
    }
}

fn registry() -> docpipe_core::Result<Registry> {
    let mut r = Registry::new();
    r.add_importer(
        ComponentInfo::builtin(Kind::Importer, "fake", "test importer")
            .with_extensions(&["fk", "fk2"]),
        |_| Ok(Box::new(Fake)),
    )?;
    r.add_transform(
        ComponentInfo::builtin(Kind::Transform, "stamp", "test transform"),
        |_| Ok(Box::new(Stamp)),
    )?;
    r.add_exporter(
        ComponentInfo::builtin(Kind::Exporter, "upper", "test exporter").with_extensions(&["up"]),
        |_| Ok(Box::new(Upper)),
    )?;
    r.add_exporter(
        ComponentInfo::builtin(Kind::Exporter, "copy", "test exporter 2"),
        |_| Ok(Box::new(Upper)),
    )?;
    Ok(r)
}

struct Setup {
    pipeline: Arc<Pipeline>,
    settings: Settings,
}

fn setup(to: &[&str], transforms: &[&str]) -> Result<Setup, Box<dyn std::error::Error>> {
    let reg = registry()?;
    let spec = PipelineSpec {
        from: None,
        to: to.iter().map(|s| s.to_string()).collect(),
        transforms: transforms
            .iter()
            .map(|t| StageSpec::parse(t))
            .collect::<Result<_, _>>()?,
        ..PipelineSpec::default()
    };
    // Give the fake importer a fallback for files without extension: sniffing says txt.
    let pipeline = Pipeline::build(&reg, &spec)?;
    Ok(Setup {
        pipeline: Arc::new(pipeline),
        settings: Settings::from_spec(&spec, "test"),
    })
}

fn write(root: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let p = root.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(p, bytes)
}

fn go(s: &Setup, opts: &BatchOptions) -> Result<Report, Box<dyn std::error::Error>> {
    Ok(run(
        Arc::clone(&s.pipeline),
        opts,
        &Silent,
        Arc::new(AtomicBool::new(false)),
    )?
    .into_report()?)
}

fn statuses(r: &Report) -> Vec<String> {
    r.entries
        .iter()
        .map(|e| {
            format!(
                "{} {:?} {}{}",
                e.path,
                e.status,
                e.outputs.join(","),
                e.error
                    .as_deref()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn converts_a_tree_and_reports_every_input() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    let out = t.path().join("out");
    write(&inp, "a/b/one.fk", b"hello")?;
    write(&inp, "two.fk", b"WARN world")?;
    write(&inp, "bad.fk", b"BAD")?;
    write(&inp, "boom.fk", b"PANIC")?;
    write(&inp, "not-utf8.fk", &[0xff, 0xfe, 0x00])?;
    write(&inp, "名前 with space/報告 一.fk", b"deep")?;
    write(&inp, ".hidden.fk", b"x")?;
    write(&inp, "image.png", b"x")?;
    let s = setup(&["upper", "copy"], &[])?;
    let before = fs::read(inp.join("a/b/one.fk"))?;
    let r = go(
        &s,
        &BatchOptions::new(inp.clone(), out.clone(), s.settings.clone()),
    )?;
    assert_eq!(
        statuses(&r),
        vec![
            ".hidden.fk Skipped  (hidden file)",
            "a/b/one.fk Ok a/b/one.up,a/b/one.copy",
            "bad.fk Failed  (fake: this file is bad)",
            "boom.fk Failed  (internal error (a stage panicked): fake importer exploded)",
            "image.png Skipped  (no importer reads .png files)",
            "not-utf8.fk Failed  (fake: invalid utf-8 sequence of 1 bytes from index 0)",
            "two.fk Ok two.up,two.copy",
            "名前 with space/報告 一.fk Ok 名前 with space/報告 一.up,名前 with space/報告 一.copy",
        ]
    );
    assert_eq!(fs::read_to_string(out.join("a/b/one.up"))?, "HELLO");
    assert_eq!(fs::read(inp.join("a/b/one.fk"))?, before);
    assert!(!out.join("bad.up").exists());
    let two = r.entries.iter().find(|e| e.path == "two.fk");
    assert_eq!(two.map(|e| e.warnings.len()), Some(1));
    let one = r.entries.iter().find(|e| e.path == "a/b/one.fk");
    assert_eq!(
        one.and_then(|e| e.sha256.clone()).as_deref(),
        // sha256("hello")
        Some("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    );
    assert_eq!(one.and_then(|e| e.size), Some(5));
    assert_eq!((r.totals.ok, r.totals.failed, r.totals.skipped), (3, 3, 2));
    // No temporary files are left behind.
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d)? {
            let p = e?.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            assert!(
                !name.unwrap_or_default().ends_with(".tmp"),
                "{}",
                p.display()
            );
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    Ok(())
}

#[test]
fn limits_fail_one_file_alone() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    write(&inp, "slow.fk", b"SLEEP")?;
    write(&inp, "big.fk", &[b'x'; 2000])?;
    write(&inp, "ok.fk", b"fine")?;
    let s = setup(&["upper"], &[])?;
    let mut o = BatchOptions::new(inp, t.path().join("out"), s.settings.clone());
    o.timeout = Some(Duration::from_millis(200));
    o.max_size = 1000;
    let r = go(&s, &o)?;
    assert_eq!(
        statuses(&r),
        vec![
            "big.fk Failed  (input is 2000 bytes, over the limit of 1000 bytes (--max-size))",
            "ok.fk Ok ok.up",
            "slow.fk Failed  (took longer than 0.2 s (--timeout); abandoned)",
        ]
    );
    // The abandoned conversion finishes later but never writes.
    std::thread::sleep(Duration::from_millis(1600));
    assert!(!t.path().join("out/slow.up").exists());
    Ok(())
}

#[test]
fn shared_state_spans_the_batch_and_stems_are_rewritten() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    for i in 0..12 {
        write(&inp, &format!("d{}/f{i}.fk", i % 3), b"x")?;
    }
    write(&inp, "my secret.fk", b"s")?;
    write(&inp, "same.fk", b"1")?;
    write(&inp, "same.fk2", b"2")?;
    let s = setup(&["upper"], &["stamp"])?;
    let mut o = BatchOptions::new(inp, t.path().join("out"), s.settings.clone());
    o.jobs = 3;
    let r = go(&s, &o)?;
    assert_eq!(r.totals.ok, 15);
    let outs: Vec<&str> = r
        .entries
        .iter()
        .flat_map(|e| e.outputs.iter().map(String::as_str))
        .filter(|p| !p.starts_with('d'))
        .collect();
    assert_eq!(outs, ["my [X].up", "same.fk.up", "same.fk2.up"]);
    Ok(())
}

#[test]
fn the_parent_context_is_shared_by_every_input() -> TestResult {
    // Stamp bumps a counter in ctx.shared; every input sees the same one, so the last
    // input to run sees the total. We check it through a transform that records the
    // counter's value as a warning.
    struct Seen;
    impl Transform for Seen {
        fn transform(&self, doc: Document, ctx: &mut Context) -> docpipe_core::Result<Document> {
            let n = ctx.shared.get::<AtomicUsize>().load(Ordering::SeqCst);
            ctx.warn(format!("{n}"));
            Ok(doc)
        }
    }
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    for i in 0..8 {
        write(&inp, &format!("f{i}.fk"), b"x")?;
    }
    let mut reg = registry()?;
    reg.add_transform(ComponentInfo::builtin(Kind::Transform, "seen", "t"), |_| {
        Ok(Box::new(Seen))
    })?;
    let spec = PipelineSpec {
        to: vec!["upper".into()],
        transforms: vec![StageSpec::parse("stamp")?, StageSpec::parse("seen")?],
        ..PipelineSpec::default()
    };
    let s = Setup {
        pipeline: Arc::new(Pipeline::build(&reg, &spec)?),
        settings: Settings::from_spec(&spec, "test"),
    };
    let mut o = BatchOptions::new(inp, t.path().join("out"), s.settings.clone());
    o.jobs = 2;
    let r = go(&s, &o)?;
    let seen: Vec<usize> = r
        .entries
        .iter()
        .filter_map(|e| e.warnings.first().and_then(|w| w.message.parse().ok()))
        .collect();
    // Two workers may both read after both bumped, but only a shared counter reaches 8.
    assert_eq!(seen.len(), 8);
    assert_eq!(seen.iter().max(), Some(&8));
    Ok(())
}

#[test]
fn shards_process_every_input_exactly_once() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    for i in 0..30 {
        write(&inp, &format!("d{}/f{i}.fk", i % 4), b"x")?;
    }
    write(&inp, ".skip.fk", b"x")?;
    let s = setup(&["upper"], &[])?;
    let whole = go(
        &s,
        &BatchOptions::new(inp.clone(), t.path().join("all"), s.settings.clone()),
    )?;
    let mut parts = Vec::new();
    for i in 0..4 {
        let mut o = BatchOptions::new(inp.clone(), t.path().join("sharded"), s.settings.clone());
        o.shard = Some(Shard { index: i, count: 4 });
        let r = go(&s, &o)?;
        assert_eq!(r.shards, [format!("{i}/4")]);
        parts.push((format!("shard{i}"), r));
    }
    let merged = crate::report::merge(parts)?;
    assert!(merged.notes.is_empty());
    assert_eq!(statuses(&merged.report), statuses(&whole));
    assert_eq!(merged.report.totals.ok, 30);
    Ok(())
}

#[test]
fn resume_keeps_unchanged_outputs_only() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    let out = t.path().join("out");
    write(&inp, "a.fk", b"one")?;
    write(&inp, "b.fk", b"two")?;
    write(&inp, "c.fk", b"BAD")?;
    write(&inp, "d.fk", b"four")?;
    let s = setup(&["upper"], &[])?;
    let first = go(
        &s,
        &BatchOptions::new(inp.clone(), out.clone(), s.settings.clone()),
    )?;
    assert_eq!(first.totals.ok, 3);
    write(&inp, "b.fk", b"TWO changed")?;
    write(&inp, "c.fk", b"fixed")?;
    fs::remove_file(out.join("d.up"))?;
    let mut o = BatchOptions::new(inp.clone(), out.clone(), s.settings.clone());
    o.previous = Some(first.clone());
    let second = go(&s, &o)?;
    let resumed: Vec<(&str, bool)> = second
        .entries
        .iter()
        .map(|e| (e.path.as_str(), e.resumed))
        .collect();
    assert_eq!(
        resumed,
        [
            ("a.fk", true),
            ("b.fk", false),
            ("c.fk", false),
            ("d.fk", false)
        ]
    );
    assert_eq!(second.totals.ok, 4);
    assert_eq!(fs::read_to_string(out.join("b.up"))?, "TWO CHANGED");
    // Other settings: nothing is resumed.
    let other = setup(&["upper"], &["stamp"])?;
    let mut o = BatchOptions::new(inp, out, other.settings.clone());
    o.previous = Some(second);
    let third = go(&other, &o)?;
    assert_eq!(third.totals.resumed, 0);
    assert_eq!(third.totals.ok, 4);
    Ok(())
}

#[test]
fn refuses_an_output_folder_inside_the_input_unless_excluded() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    write(&inp, "a.fk", b"one")?;
    let s = setup(&["upper"], &[])?;
    let o = BatchOptions::new(inp.clone(), inp.join("out"), s.settings.clone());
    let err = go(&s, &o).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("inside the input folder"), "{err}");
    assert!(!inp.join("out").exists());
    let o = BatchOptions::new(inp.clone(), inp.clone(), s.settings.clone());
    assert!(go(&s, &o).is_err());
    let mut o = BatchOptions::new(inp.clone(), inp.join("out"), s.settings.clone());
    o.exclude = vec!["out/**".into()];
    let r = go(&s, &o)?;
    assert_eq!(statuses(&r), ["a.fk Ok a.up"]);
    // A second run does not read its own outputs.
    let r = go(&s, &o)?;
    assert_eq!(statuses(&r), ["a.fk Ok a.up"]);
    let o = BatchOptions::new(
        t.path().join("missing"),
        t.path().join("o"),
        s.settings.clone(),
    );
    assert!(go(&s, &o).is_err());
    Ok(())
}

#[test]
fn a_stop_request_stops_taking_inputs() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    for i in 0..5 {
        write(&inp, &format!("f{i}.fk"), b"x")?;
    }
    let s = setup(&["upper"], &[])?;
    let o = BatchOptions::new(inp, t.path().join("out"), s.settings.clone());
    let r = run(
        Arc::clone(&s.pipeline),
        &o,
        &Silent,
        Arc::new(AtomicBool::new(true)),
    )?
    .into_report()?;
    assert!(r.interrupted);
    assert!(r.entries.is_empty());
    Ok(())
}

#[test]
fn any_number_of_jobs_gives_the_same_outputs() -> TestResult {
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    for i in 0..20 {
        write(&inp, &format!("x/f{i}.fk"), format!("text {i}").as_bytes())?;
    }
    let s = setup(&["upper"], &[])?;
    let mut reports = Vec::new();
    for jobs in [1, 4] {
        let mut o = BatchOptions::new(
            inp.clone(),
            t.path().join(format!("o{jobs}")),
            s.settings.clone(),
        );
        o.jobs = jobs;
        reports.push(go(&s, &o)?);
    }
    assert_eq!(statuses(&reports[0]), statuses(&reports[1]));
    for i in 0..20 {
        let a = fs::read(t.path().join(format!("o1/x/f{i}.up")))?;
        let b = fs::read(t.path().join(format!("o4/x/f{i}.up")))?;
        assert_eq!(a, b);
    }
    Ok(())
}

#[test]
fn exactly_jobs_conversions_run_at_once() -> TestResult {
    #[derive(Default)]
    struct Gauge {
        now: AtomicUsize,
        max: AtomicUsize,
    }
    struct Busy;
    impl Transform for Busy {
        fn transform(&self, doc: Document, ctx: &mut Context) -> docpipe_core::Result<Document> {
            let g = ctx.shared.get::<Gauge>();
            let n = g.now.fetch_add(1, Ordering::SeqCst) + 1;
            g.max.fetch_max(n, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(20));
            g.now.fetch_sub(1, Ordering::SeqCst);
            ctx.warn(format!("{}", g.max.load(Ordering::SeqCst)));
            Ok(doc)
        }
    }
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    for i in 0..12 {
        write(&inp, &format!("f{i}.fk"), b"x")?;
    }
    let mut reg = registry()?;
    reg.add_transform(ComponentInfo::builtin(Kind::Transform, "busy", "t"), |_| {
        Ok(Box::new(Busy))
    })?;
    let spec = PipelineSpec {
        to: vec!["upper".into()],
        transforms: vec![StageSpec::parse("busy")?],
        ..PipelineSpec::default()
    };
    let s = Setup {
        pipeline: Arc::new(Pipeline::build(&reg, &spec)?),
        settings: Settings::from_spec(&spec, "test"),
    };
    for jobs in [1usize, 2] {
        let mut o = BatchOptions::new(
            inp.clone(),
            t.path().join(format!("out{jobs}")),
            s.settings.clone(),
        );
        o.jobs = jobs;
        let r = go(&s, &o)?;
        assert_eq!(r.totals.ok, 12);
        let max = r
            .entries
            .iter()
            .filter_map(|e| {
                e.warnings
                    .last()
                    .and_then(|w| w.message.parse::<usize>().ok())
            })
            .max();
        // Never more than `jobs` at once, and (20 ms each, 12 files) `jobs` at once.
        assert_eq!(max, Some(jobs), "jobs {jobs}");
    }
    Ok(())
}

/// Walks `dir` and returns the relative paths of every file in it, sorted.
fn files_under(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[test]
fn an_input_is_reported_only_once_its_outputs_are_at_their_final_names() -> TestResult {
    use std::sync::Mutex;
    /// Checks, when each entry is handed on, that its outputs are complete at their
    /// final names; counts the ok entries seen, and stops the batch after `stop_after`.
    struct Check {
        out: std::path::PathBuf,
        seen: AtomicUsize,
        stop_after: usize,
        stop: Arc<AtomicBool>,
        problems: Mutex<Vec<String>>,
    }
    impl crate::run::Observer for Check {
        fn done(&self, entry: &crate::report::Entry) {
            if entry.status != crate::report::Status::Ok {
                return;
            }
            for o in &entry.outputs {
                match fs::read_to_string(self.out.join(o)) {
                    Ok(text) if text.starts_with("TEXT ") => {}
                    other => self
                        .problems
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(format!("{o}: {other:?}")),
                }
            }
            if self.seen.fetch_add(1, Ordering::SeqCst) + 1 >= self.stop_after {
                self.stop.store(true, Ordering::SeqCst);
            }
        }
    }
    let t = tempfile::tempdir()?;
    let inp = t.path().join("in");
    for i in 0..60 {
        write(
            &inp,
            &format!("d{}/f{i}.fk", i % 4),
            format!("text {i}").as_bytes(),
        )?;
    }
    let s = setup(&["upper", "copy"], &[])?;
    for (stop_after, jobs) in [(usize::MAX, 1), (usize::MAX, 3), (10, 2)] {
        let out = t.path().join(format!("out-{jobs}"));
        let stop = Arc::new(AtomicBool::new(false));
        let check = Check {
            out: out.clone(),
            seen: AtomicUsize::new(0),
            stop_after,
            stop: Arc::clone(&stop),
            problems: Mutex::new(Vec::new()),
        };
        let mut o = BatchOptions::new(inp.clone(), out.clone(), s.settings.clone());
        o.jobs = jobs;
        let r = run(Arc::clone(&s.pipeline), &o, &check, stop)?.into_report()?;
        assert_eq!(check.problems.into_inner()?, Vec::<String>::new());
        // What is on disk is exactly what the report lists: no temporary file, no output
        // of an input it does not list (also when the batch was stopped half-way).
        let mut listed: Vec<String> = r
            .entries
            .iter()
            .flat_map(|e| e.outputs.iter().cloned())
            .collect();
        listed.sort();
        assert_eq!(files_under(&out)?, listed);
        if stop_after == usize::MAX {
            assert_eq!(r.totals.ok, 60);
            assert!(!r.interrupted);
        } else {
            // (How many inputs were finished by then depends on the machine.)
            assert!(r.interrupted);
            assert!(r.totals.ok >= 10, "{:?}", r.totals);
        }
    }
    Ok(())
}
