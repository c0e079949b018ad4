//! The batch engine: walks the input folder as a stream, converts each input on a pool
//! of worker threads with per-file limits, writes outputs under temporary names, and
//! hands them to the committer ([`crate::commit`]), which makes them durable, renames them
//! and gathers the report entries.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use docpipe_core::fsio::{self, Staged};
use docpipe_core::{Context, Kind, Output, Pipeline, Warning};
use rayon::iter::{ParallelBridge, ParallelIterator};
use sha2::{Digest, Sha256};

use crate::commit::{self, Finished, Handoff, Sink};
use crate::report::{Entry, Report, Settings, Status};
use crate::shard::Shard;
use crate::spill::Spill;
use crate::walk::{stem_of, Filter, Item, ItemKind, Walker};

/// The default per-file input size limit: 256 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 256 * 1024 * 1024;
/// The default per-file time limit: 300 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// How often a waiting worker looks at the time limit and at Ctrl-C.
const TICK: Duration = Duration::from_millis(50);
/// Stack size of the thread that converts one file (deeply nested documents recurse).
const FILE_STACK: usize = 32 * 1024 * 1024;

/// What to run a batch on, and how.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The folder to read.
    pub in_dir: PathBuf,
    /// The folder to write (the input tree is mirrored there).
    pub out_dir: PathBuf,
    /// Conversions at once (0: one per core); `jobs + 2` more workers read the next inputs
    /// and write finished outputs meanwhile, so at most `2 × jobs + 2` files are in memory.
    pub jobs: usize,
    /// Only the inputs of this shard.
    pub shard: Option<Shard>,
    /// `--include` globs (an input must match one, when any are given).
    pub include: Vec<String>,
    /// `--exclude` globs (files and folders matching one are left out).
    pub exclude: Vec<String>,
    /// Inputs larger than this many bytes fail without being read.
    pub max_size: u64,
    /// Inputs taking longer than this fail; `None`: no limit.
    pub timeout: Option<Duration>,
    /// The settings recorded in the report (and compared by `--resume`).
    pub settings: Settings,
    /// The report file, never treated as an input.
    pub report_path: Option<PathBuf>,
    /// A previous report: its `ok` entries made with equal settings, whose input has not
    /// changed and whose outputs exist, are kept instead of converting again.
    pub previous: Option<Report>,
}

impl BatchOptions {
    /// Options with the defaults for everything but the folders and settings.
    pub fn new(in_dir: PathBuf, out_dir: PathBuf, settings: Settings) -> BatchOptions {
        BatchOptions {
            in_dir,
            out_dir,
            jobs: 0,
            shard: None,
            include: Vec::new(),
            exclude: Vec::new(),
            max_size: DEFAULT_MAX_SIZE,
            timeout: Some(DEFAULT_TIMEOUT),
            settings,
            report_path: None,
            previous: None,
        }
    }
}

/// Hears about a running batch (the progress bar is one).
pub trait Observer: Sync {
    /// The number of entries to expect, when [`Observer::wants_total`] asked for it.
    fn start(&self, total: u64) {
        let _ = total;
    }
    /// True when the engine should count the entries first (one extra listing pass).
    fn wants_total(&self) -> bool {
        false
    }
    /// One entry is done.
    fn done(&self, entry: &Entry) {
        let _ = entry;
    }
    /// Something worth telling the user that is not about one input.
    fn note(&self, message: &str) {
        let _ = message;
    }
}

/// An observer that ignores everything.
#[derive(Debug, Default)]
pub struct Silent;
impl Observer for Silent {}

/// A problem with how the batch was asked for (exit status 2), or the pool not starting.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The folders, patterns or other options are not usable.
    #[error("{0}")]
    Usage(String),
}

fn usage(msg: impl Into<String>) -> BatchError {
    BatchError::Usage(msg.into())
}

/// `path` made absolute with links resolved, even when its last components do not exist.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = abs.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            let mut out = c;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(name)) => {
                rest.push(name);
                existing = p;
            }
            _ => return Ok(abs),
        }
    }
}

fn rel_string(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Lower-case hex of a SHA-256 digest.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of a file, read in pieces.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// A file name stem safe to use as one path component.
fn safe_stem(stem: &str) -> String {
    let s: String = stem
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c == '\0' {
                '_'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() || s == "." || s == ".." {
        "_".to_string()
    } else {
        s
    }
}

/// What the helper thread sends back for one input.
struct Converted {
    sha256: Option<String>,
    size: Option<u64>,
    warnings: Vec<Warning>,
    /// The output stem, whether a transform changed it, and the outputs.
    result: Result<(String, bool, Vec<Output>), String>,
}

/// Everything the helper thread needs to convert one input.
struct Job {
    pipeline: Arc<Pipeline>,
    ctx: Context,
    path: PathBuf,
    rel: String,
    keep_extension: bool,
    from: Option<String>,
    max_size: u64,
}

impl Job {
    fn run(mut self) -> Converted {
        let mut out = Converted {
            sha256: None,
            size: None,
            warnings: Vec::new(),
            result: Err(String::new()),
        };
        out.result = self.convert(&mut out);
        out.warnings = self.ctx.take_warnings();
        out
    }

    fn convert(&mut self, out: &mut Converted) -> Result<(String, bool, Vec<Output>), String> {
        let bytes = std::fs::read(&self.path).map_err(|e| format!("cannot read: {e}"))?;
        out.size = Some(bytes.len() as u64);
        out.sha256 = Some(hex(&Sha256::digest(&bytes)));
        if bytes.len() as u64 > self.max_size {
            return Err(too_big(bytes.len() as u64, self.max_size));
        }
        let p = &self.pipeline;
        let format = p.input_format(self.from.as_deref(), Some(&self.path), &bytes);
        let doc = p
            .to_document(&format, &bytes, &mut self.ctx)
            .map_err(|e| e.to_string())?;
        drop(bytes);
        let name = self.rel.rsplit('/').next().unwrap_or(&self.rel);
        let base = if self.keep_extension {
            name
        } else {
            stem_of(name)
        };
        let stem = p
            .output_stem(base, &mut self.ctx)
            .map_err(|e| e.to_string())?;
        let outputs = p.export(&doc, &mut self.ctx).map_err(|e| e.to_string())?;
        let rewritten = stem != base;
        Ok((safe_stem(&stem), rewritten, outputs))
    }
}

fn too_big(size: u64, max: u64) -> String {
    format!("input is {size} bytes, over the limit of {max} bytes (--max-size)")
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// One batch being run.
struct Engine<'a> {
    pipeline: Arc<Pipeline>,
    opts: &'a BatchOptions,
    out_dir: PathBuf,
    parent: Context,
    /// (format, file extension) of each output.
    outputs: Vec<(String, String)>,
    previous: HashMap<String, Entry>,
    claimed: Mutex<HashSet<String>>,
    cancel: Arc<AtomicBool>,
    slots: Slots,
    helpers: Helpers,
}

/// Work for a helper thread.
type Task = Box<dyn FnOnce() + Send + 'static>;

/// Long-lived threads that run the conversions (each file on a helper thread, so that a
/// worker can stop waiting for it). Reusing them, rather than starting a thread per file,
/// keeps the allocator from spreading memory over ever more per-thread arenas: memory
/// stays flat however many files the folder holds.
struct Helpers {
    tx: mpsc::Sender<Task>,
    rx: Arc<Mutex<mpsc::Receiver<Task>>>,
}

impl Helpers {
    fn new(n: usize) -> std::io::Result<Helpers> {
        let (tx, rx) = mpsc::channel::<Task>();
        let h = Helpers {
            tx,
            rx: Arc::new(Mutex::new(rx)),
        };
        for _ in 0..n.max(1) {
            h.spawn()?;
        }
        Ok(h)
    }

    fn spawn(&self) -> std::io::Result<()> {
        let rx = Arc::clone(&self.rx);
        std::thread::Builder::new()
            .name("docpipe-file".into())
            .stack_size(FILE_STACK)
            .spawn(move || loop {
                let task = lock(&rx).recv();
                match task {
                    Ok(t) => t(),
                    // The batch is over.
                    Err(_) => break,
                }
            })
            .map(|_| ())
    }

    /// One more helper, for one that is stuck on a file past its time limit.
    fn add(&self) {
        let _ = self.spawn();
    }

    fn submit(&self, task: Task) -> Result<(), String> {
        self.tx
            .send(task)
            .map_err(|_| "the conversion threads are gone".to_string())
    }
}

/// Counts conversions running at once: at most `jobs`.
struct Slots {
    free: Arc<(Mutex<usize>, Condvar)>,
}

/// One taken conversion slot; `release` gives it back once, however often it is called.
#[derive(Clone)]
struct Slot {
    free: Arc<(Mutex<usize>, Condvar)>,
    released: Arc<AtomicBool>,
}

impl Slots {
    fn new(n: usize) -> Slots {
        Slots {
            free: Arc::new((Mutex::new(n.max(1)), Condvar::new())),
        }
    }

    /// Waits for a free slot; `None` when `cancel` is set meanwhile.
    fn acquire(&self, cancel: &AtomicBool) -> Option<Slot> {
        let (m, cv) = &*self.free;
        let mut free = lock(m);
        while *free == 0 {
            if cancel.load(Ordering::SeqCst) {
                return None;
            }
            free = match cv.wait_timeout(free, TICK) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
        *free -= 1;
        Some(Slot {
            free: Arc::clone(&self.free),
            released: Arc::new(AtomicBool::new(false)),
        })
    }
}

impl Slot {
    fn release(&self) {
        if !self.released.swap(true, Ordering::SeqCst) {
            let (m, cv) = &*self.free;
            *lock(m) += 1;
            cv.notify_one();
        }
    }
}

impl Engine<'_> {
    fn process(&self, seq: u64, item: Item) -> Option<Finished> {
        if self.cancel.load(Ordering::SeqCst) {
            return None;
        }
        let plain = |entry| Finished {
            seq,
            entry,
            staged: Vec::new(),
        };
        match item.kind {
            ItemKind::Skipped(why) => Some(plain(Entry::skipped(item.rel, why))),
            ItemKind::Failed(why) => Some(plain(Entry::failed(item.rel, why))),
            ItemKind::Input {
                size,
                keep_extension,
            } => self.convert(seq, item.rel, item.path, size, keep_extension),
        }
    }

    fn resumed(&self, rel: &str, path: &Path, size: u64) -> Option<Entry> {
        let prev = self.previous.get(rel)?;
        if prev.size != Some(size)
            || prev.outputs.len() != self.outputs.len()
            || !prev.outputs.iter().all(|o| self.out_dir.join(o).is_file())
        {
            return None;
        }
        let hash = sha256_file(path).ok()?;
        if prev.sha256.as_deref() != Some(hash.as_str()) {
            return None;
        }
        let mut e = prev.clone();
        e.resumed = true;
        Some(e)
    }

    fn convert(
        &self,
        seq: u64,
        rel: String,
        path: PathBuf,
        size: u64,
        keep_extension: bool,
    ) -> Option<Finished> {
        let (entry, staged) = self.convert_entry(rel, path, size, keep_extension)?;
        Some(Finished { seq, entry, staged })
    }

    fn convert_entry(
        &self,
        rel: String,
        path: PathBuf,
        size: u64,
        keep_extension: bool,
    ) -> Option<(Entry, Vec<Staged>)> {
        if size > self.opts.max_size {
            let mut e = Entry::failed(rel, too_big(size, self.opts.max_size));
            e.size = Some(size);
            return Some((e, Vec::new()));
        }
        if let Some(e) = self.resumed(&rel, &path, size) {
            return Some((e, Vec::new()));
        }
        // Wait for a conversion slot (at most `jobs` conversions at once; the other
        // workers meanwhile read inputs and write finished outputs).
        let slot = self.slots.acquire(&self.cancel)?;
        let start = Instant::now();
        let job = Job {
            pipeline: Arc::clone(&self.pipeline),
            ctx: self.parent.for_input(rel.clone()),
            path,
            rel: rel.clone(),
            keep_extension,
            from: self.opts.settings.from.clone(),
            max_size: self.opts.max_size,
        };
        let (tx, rx) = mpsc::channel();
        let submitted = self.helpers.submit(Box::new({
            let slot = slot.clone();
            move || {
                let r = catch_unwind(AssertUnwindSafe(|| job.run()));
                slot.release();
                let _ = tx.send(r);
            }
        }));
        if let Err(e) = submitted {
            slot.release();
            return Some((Entry::failed(rel, e), Vec::new()));
        }
        let result = loop {
            match rx.recv_timeout(TICK) {
                Ok(r) => break r,
                Err(RecvTimeoutError::Timeout) => {
                    if self.cancel.load(Ordering::SeqCst) {
                        // Abandoned: nothing was written for it, and it is not reported.
                        slot.release();
                        return None;
                    }
                    if let Some(limit) = self.opts.timeout {
                        if start.elapsed() >= limit {
                            // The thread goes on (it cannot be killed) but no longer
                            // holds a slot, and its result is never written; another
                            // helper thread takes its place.
                            slot.release();
                            self.helpers.add();
                            let mut e = Entry::failed(
                                rel,
                                format!(
                                    "took longer than {} s (--timeout); abandoned",
                                    limit.as_secs_f64()
                                ),
                            );
                            e.duration_ms = ms(start.elapsed());
                            e.size = Some(size);
                            return Some((e, Vec::new()));
                        }
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    slot.release();
                    let e = Entry::failed(rel, "the conversion thread vanished");
                    return Some((e, Vec::new()));
                }
            }
        };
        let mut entry = Entry::new(rel, Status::Failed);
        let mut staged = Vec::new();
        match result {
            Err(panic) => {
                entry.error = Some(format!(
                    "internal error (a stage panicked): {}",
                    panic_message(panic.as_ref())
                ));
                entry.size = Some(size);
            }
            Ok(c) => {
                entry.size = c.size;
                entry.sha256 = c.sha256;
                entry.warnings = c.warnings;
                match c.result {
                    Err(msg) => entry.error = Some(msg),
                    Ok((stem, rewritten, outs)) => {
                        match self.stage(&entry.path, &stem, rewritten, outs) {
                            Ok((names, written)) => {
                                entry.status = Status::Ok;
                                entry.outputs = names;
                                staged = written;
                            }
                            Err(msg) => entry.error = Some(msg),
                        }
                    }
                }
            }
        }
        entry.duration_ms = ms(start.elapsed());
        Some((entry, staged))
    }

    /// Output paths (relative) for `stem` in the folder of `rel`.
    fn output_names(&self, rel: &str, stem: &str) -> Vec<String> {
        let dir = match rel.rfind('/') {
            Some(i) => &rel[..=i],
            None => "",
        };
        self.outputs
            .iter()
            .map(|(_, ext)| format!("{dir}{stem}.{ext}"))
            .collect()
    }

    /// Claims output names no other input of this batch uses: `stem`, else
    /// `stem.<input extension>`, else `stem-2`, `stem-3`, …
    fn claim(&self, rel: &str, stem: &str) -> Vec<String> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut claimed = lock(&self.claimed);
        let mut n = 2u64;
        let mut tried: Vec<String> = {
            let mut v = vec![stem.to_string()];
            if let Some(ext) = Path::new(name).extension() {
                v.push(format!("{stem}.{}", ext.to_string_lossy()));
            }
            v
        };
        loop {
            for cand in &tried {
                let names = self.output_names(rel, cand);
                if names.iter().all(|o| !claimed.contains(o)) {
                    claimed.extend(names.iter().cloned());
                    return names;
                }
            }
            tried = vec![format!("{stem}-{n}")];
            n += 1;
        }
    }

    /// Writes one input's outputs under temporary names beside their destinations (the
    /// committer syncs and renames them); on failure removes those already written.
    /// Names a transform rewrote are claimed so that two inputs never share an output;
    /// unchanged names cannot clash (the walk gives inputs of one folder sharing a stem
    /// their extension), so they are not remembered and memory stays flat.
    fn stage(
        &self,
        rel: &str,
        stem: &str,
        rewritten: bool,
        outs: Vec<Output>,
    ) -> Result<(Vec<String>, Vec<Staged>), String> {
        let names = if rewritten {
            self.claim(rel, stem)
        } else {
            self.output_names(rel, stem)
        };
        let mut written: Vec<Staged> = Vec::new();
        for (name, out) in names.iter().zip(outs) {
            match fsio::stage(&self.out_dir.join(name), &out.bytes) {
                Ok(s) => written.push(s),
                Err(e) => {
                    for w in written {
                        w.discard();
                    }
                    return Err(format!("cannot write {name}: {e}"));
                }
            }
        }
        Ok((names, written))
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Runs a batch. Returns its outcome (also when interrupted: then `interrupted` is set
/// and only finished inputs are listed). Fails only on a usage error, before any input is
/// read.
pub fn run(
    pipeline: Arc<Pipeline>,
    opts: &BatchOptions,
    observer: &dyn Observer,
    cancel: Arc<AtomicBool>,
) -> Result<Outcome, BatchError> {
    let started = Instant::now();
    let in_dir =
        resolve(&opts.in_dir).map_err(|e| usage(format!("{}: {e}", opts.in_dir.display())))?;
    if !in_dir.is_dir() {
        return Err(usage(format!(
            "{}: not a folder (batch reads a folder; use `docpipe convert` for one file)",
            opts.in_dir.display()
        )));
    }
    let out_dir =
        resolve(&opts.out_dir).map_err(|e| usage(format!("{}: {e}", opts.out_dir.display())))?;
    let extensions: Option<HashSet<String>> = if opts.settings.from.is_some() {
        None
    } else {
        let set: HashSet<String> = pipeline
            .registry()
            .components()
            .filter(|c| c.kind == Kind::Importer)
            .flat_map(|c| c.extensions.iter().cloned())
            .collect();
        (!set.is_empty()).then_some(set)
    };
    let mut filter = Filter::new(&opts.include, &opts.exclude, extensions, opts.shard)
        .map_err(|e| usage(e.to_string()))?;
    if out_dir == in_dir {
        return Err(usage(format!(
            "the output folder {} is the input folder",
            opts.out_dir.display()
        )));
    }
    if let Ok(inside) = out_dir.strip_prefix(&in_dir) {
        let rel = rel_string(inside);
        if !filter.excluded(&rel, true) {
            return Err(usage(format!(
                "the output folder {} is inside the input folder; choose another one \
                 or add --exclude '{rel}/**'",
                opts.out_dir.display()
            )));
        }
    }
    if in_dir.starts_with(&out_dir) {
        return Err(usage(format!(
            "the input folder {} is inside the output folder {}",
            opts.in_dir.display(),
            opts.out_dir.display()
        )));
    }
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| usage(format!("{}: cannot create: {e}", opts.out_dir.display())))?;
    filter.avoid(&out_dir);
    if let Some(r) = &opts.report_path {
        filter.avoid(r);
    }
    let exts: Vec<(String, String)> = pipeline
        .output_formats()
        .into_iter()
        .map(|f| {
            let ext = pipeline
                .registry()
                .info(Kind::Exporter, f)
                .and_then(|i| i.extensions.first().cloned())
                .unwrap_or_else(|| f.to_string());
            (f.to_string(), ext)
        })
        .collect();
    if exts.is_empty() {
        return Err(usage("no output format: give -t FMT[,FMT...]"));
    }
    let mut previous = HashMap::new();
    if let Some(prev) = &opts.previous {
        if prev.settings == opts.settings {
            for e in &prev.entries {
                if e.status == Status::Ok {
                    previous.insert(e.path.clone(), e.clone());
                }
            }
        } else {
            observer.note(
                "the previous report was made with other settings; converting everything again",
            );
        }
    }
    let jobs = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    };
    // More workers than conversion slots, so that reading inputs and writing outputs
    // overlaps with converting the next files. Syncing happens on the committer thread.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs * 2 + 2)
        .thread_name(|i| format!("docpipe-batch-{i}"))
        .build()
        .map_err(|e| usage(format!("cannot start {jobs} worker threads: {e}")))?;
    if observer.wants_total() {
        let total = Walker::new(&in_dir, filter.clone(), Arc::clone(&cancel))
            .map(|w| w.count() as u64)
            .unwrap_or(0);
        observer.start(total);
    }
    let walker = Walker::new(&in_dir, filter, Arc::clone(&cancel))
        .map_err(|e| usage(format!("{}: {e}", opts.in_dir.display())))?;
    let engine = Engine {
        parent: Context::new(opts.in_dir.display().to_string()),
        pipeline,
        opts,
        out_dir,
        outputs: exts,
        previous,
        claimed: Mutex::new(HashSet::new()),
        slots: Slots::new(jobs),
        helpers: Helpers::new(jobs)
            .map_err(|e| usage(format!("cannot start {jobs} conversion threads: {e}")))?,
        cancel: Arc::clone(&cancel),
    };
    let spill = Spill::new().map_err(|e| {
        usage(format!(
            "cannot create a temporary file for the report: {e}"
        ))
    })?;
    let sink = Reported {
        observer,
        spill: &spill,
    };
    let (handoff, finished) = mpsc::sync_channel::<Finished>(commit::QUEUE);
    std::thread::scope(|scope| {
        scope.spawn(|| commit::run(finished, &sink));
        pool.install(|| {
            walker.enumerate().par_bridge().for_each_with(
                handoff,
                |handoff: &mut Handoff, (seq, item)| {
                    if let Some(f) = engine.process(seq as u64, item) {
                        // Fails only when the committer is gone (it panicked): then the
                        // input is not reported, like one cut short by Ctrl-C.
                        let _ = handoff.send(f);
                    }
                },
            )
        });
        // Every sender is dropped with the pool's work: the committer syncs what is left
        // and ends, and the scope waits for it.
    });
    let mut report = Report::new(
        opts.settings.clone(),
        opts.in_dir.display().to_string(),
        opts.out_dir.display().to_string(),
    );
    report.shards = opts.shard.iter().map(|s| s.to_string()).collect();
    report.interrupted = cancel.load(Ordering::SeqCst);
    report.duration_ms = ms(started.elapsed());
    report.totals = spill.totals();
    Ok(Outcome { report, spill })
}

/// Where the committer hands durable entries: the progress observer and the spill.
struct Reported<'a> {
    observer: &'a dyn Observer,
    spill: &'a Spill,
}

impl Sink for Reported<'_> {
    fn done(&self, seq: u64, entry: Entry) {
        self.observer.done(&entry);
        self.spill.push(seq, &entry);
    }
}

/// The result of a batch: the report's header and totals, with the entries kept on disk.
pub struct Outcome {
    /// The report without its entries (`entries` is empty; `totals` counts them).
    pub report: Report,
    spill: Spill,
}

impl Outcome {
    /// Writes the full report atomically to `path`, streaming the entries.
    pub fn write_report(&self, path: &Path) -> std::io::Result<()> {
        self.spill.write_report(&self.report, path)
    }

    /// The full report, entries in walk order, in memory.
    pub fn into_report(self) -> std::io::Result<Report> {
        let mut r = self.report;
        r.entries = self.spill.entries()?;
        Ok(r)
    }
}
