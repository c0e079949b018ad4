//! External-program plugins: any executable that speaks docpipe JSON over stdin/stdout.
//!
//! - a **transform** reads the document's JSON on stdin and writes the changed document's
//!   JSON on stdout;
//! - an **importer** reads the raw input bytes on stdin and writes a document's JSON;
//! - an **exporter** reads the document's JSON and writes the output bytes.
//!
//! Options and context come in environment variables: `DOCPIPE_KIND`,
//! `DOCPIPE_COMPONENT`, `DOCPIPE_OPTIONS` (a JSON object), `DOCPIPE_SOURCE`,
//! `DOCPIPE_LANG`, `DOCPIPE_SETTINGS` (a JSON object). Lines the program writes to stderr
//! starting with `warning:` become warnings. A non-zero exit, a crash, output that is not
//! a document, or running longer than the timeout fails that document only, with the
//! end of the program's stderr in the message.
//!
//! A program is described by a TOML manifest (see [`Manifest`]) or, given directly, by
//! what it prints when run with `--describe` (a [`PluginDescription`] in JSON).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use docpipe_core::model::Document;
use docpipe_core::registry::Factory;
use docpipe_core::{Context, Error, Exporter, Importer, Origin, Result, Transform};
use docpipe_plugin_sdk::wire::{ComponentDesc, ComponentKind, OptionDesc, PluginDescription};
use serde::Deserialize;
use serde_json::Value;
use wait_timeout::ChildExt;

use crate::wire_call::request_context;
use crate::{check_description, LoadError, LoadedPlugin};

/// How long a program may run on one document unless its manifest or the `timeout`
/// option says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a program may take to answer `--describe`.
const DESCRIBE_TIMEOUT: Duration = Duration::from_secs(10);

/// The option every program component accepts: seconds before the program is killed.
pub const TIMEOUT_OPTION: &str = "timeout";

/// How much of the program's stderr goes into an error message.
const STDERR_LIMIT: usize = 1500;

/// A plugin manifest (`*.toml`). With `kind` and `name` it describes one component;
/// without them the program is asked with `--describe`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The component's name (also the plugin's name).
    #[serde(default)]
    pub name: Option<String>,
    /// `importer`, `transform` or `exporter`.
    #[serde(default)]
    pub kind: Option<ComponentKind>,
    /// The program: a path relative to the manifest's folder, or a name looked up in
    /// `PATH`.
    pub command: String,
    /// Arguments given before anything else.
    #[serde(default)]
    pub args: Vec<String>,
    /// Seconds before the program is killed (default 60).
    #[serde(default)]
    pub timeout: Option<f64>,
    /// One line saying what it does.
    #[serde(default)]
    pub description: String,
    /// The plugin's version.
    #[serde(default)]
    pub version: String,
    /// File extensions an importer reads or an exporter writes.
    #[serde(default)]
    pub extensions: Vec<String>,
    /// For exporters: the output is binary.
    #[serde(default)]
    pub binary: bool,
    /// The options the component accepts.
    #[serde(default, rename = "option")]
    pub options: Vec<OptionDesc>,
}

/// How to start the program and how long to let it run.
#[derive(Debug, Clone)]
struct Program {
    /// `name (path)`, for messages.
    label: String,
    command: PathBuf,
    args: Vec<String>,
    timeout: Duration,
}

fn seconds(path: &Path, s: f64) -> std::result::Result<Duration, LoadError> {
    Duration::try_from_secs_f64(s)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| LoadError::Manifest {
            path: path.display().to_string(),
            message: format!("timeout must be a positive number of seconds, not {s}"),
        })
}

/// Loads a plugin from its manifest.
pub fn load_manifest(path: &Path) -> std::result::Result<LoadedPlugin, LoadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    let m: Manifest = toml::from_str(&text).map_err(|e| LoadError::Manifest {
        path: shown.clone(),
        message: e.to_string().trim().to_string(),
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let command = resolve_command(dir, &m.command);
    let timeout = match m.timeout {
        Some(s) => seconds(path, s)?,
        None => DEFAULT_TIMEOUT,
    };
    let mut program = Program {
        label: shown.clone(),
        command,
        args: m.args.clone(),
        timeout,
    };
    let description = match (m.kind, &m.name) {
        (Some(kind), Some(name)) => PluginDescription {
            name: name.clone(),
            version: m.version.clone(),
            format_version: 1,
            components: vec![ComponentDesc {
                kind,
                name: name.clone(),
                description: m.description.clone(),
                options: m.options.clone(),
                extensions: m.extensions.clone(),
                binary: m.binary,
            }],
        },
        (None, _) => {
            let mut d = describe(path, &program)?;
            if d.version.is_empty() {
                d.version = m.version.clone();
            }
            d
        }
        (Some(_), None) => {
            return Err(LoadError::Manifest {
                path: shown,
                message: "`kind` is given but `name` is missing".into(),
            })
        }
    };
    check_description(path, &description)?;
    program.label = format!("{} ({shown})", description.name);
    Ok(finish(path, program, description))
}

/// Loads an executable that describes itself with `--describe`.
pub fn load_program(path: &Path) -> std::result::Result<LoadedPlugin, LoadError> {
    let shown = path.display().to_string();
    let command = if path.is_absolute() || path.components().count() > 1 {
        path.to_path_buf()
    } else {
        Path::new(".").join(path)
    };
    let mut program = Program {
        label: shown.clone(),
        command,
        args: Vec::new(),
        timeout: DEFAULT_TIMEOUT,
    };
    let description = describe(path, &program)?;
    check_description(path, &description)?;
    program.label = format!("{} ({shown})", description.name);
    Ok(finish(path, program, description))
}

fn finish(path: &Path, program: Program, mut description: PluginDescription) -> LoadedPlugin {
    for c in &mut description.components {
        if !c.options.iter().any(|o| o.name == TIMEOUT_OPTION) {
            c.options.push(OptionDesc {
                name: TIMEOUT_OPTION.into(),
                description: "seconds before the program is killed and the document fails".into(),
                default: Some(format!("{}", program.timeout.as_secs_f64())),
            });
        }
    }
    let program = Arc::new(program);
    let factories = description
        .components
        .iter()
        .map(|c| (c.clone(), factory(&program, c.kind, &c.name)))
        .collect();
    LoadedPlugin {
        path: path.to_path_buf(),
        description,
        origin: Origin::Program {
            path: path.display().to_string(),
        },
        factories,
    }
}

/// `command` relative to the manifest's folder when it names a path or a file there;
/// otherwise left for `PATH` lookup.
fn resolve_command(dir: &Path, command: &str) -> PathBuf {
    let p = Path::new(command);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    let local = dir.join(p);
    if command.contains('/') || command.contains('\\') || local.is_file() {
        local
    } else {
        p.to_path_buf()
    }
}

fn describe(path: &Path, program: &Program) -> std::result::Result<PluginDescription, LoadError> {
    let fail = |message: String| LoadError::Describe {
        path: path.display().to_string(),
        message,
    };
    let env = vec![("DOCPIPE_KIND".to_string(), "describe".to_string())];
    // Describing is quick; a program that hangs on `--describe` must not hold up every
    // docpipe run for the full document timeout.
    let quick = Program {
        timeout: program.timeout.min(DESCRIBE_TIMEOUT),
        ..program.clone()
    };
    let out = run(&quick, &["--describe".to_string()], Vec::new(), env)
        .map_err(|e| fail(format!("`--describe` {e}")))?;
    crate::native::parse_description(path, &out)
}

fn factory(program: &Arc<Program>, kind: ComponentKind, name: &str) -> Factory {
    let program = Arc::clone(program);
    let name = name.to_string();
    let make = move |options: &docpipe_core::Options| -> Result<ProgramComponent> {
        let mut options = options.0.clone();
        let timeout = match options.remove(TIMEOUT_OPTION) {
            None => program.timeout,
            Some(v) => {
                let secs = match &v {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                };
                secs.and_then(|s| Duration::try_from_secs_f64(s).ok())
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| {
                        Error::option(
                            name.as_str(),
                            format!(
                                "option `timeout` must be a positive number of seconds, not {v}"
                            ),
                        )
                    })?
            }
        };
        Ok(ProgramComponent {
            program: Arc::clone(&program),
            kind,
            name: name.clone(),
            options,
            timeout,
        })
    };
    match kind {
        ComponentKind::Importer => Factory::Importer(Arc::new(move |o| {
            Ok(Box::new(make(o)?) as Box<dyn Importer>)
        })),
        ComponentKind::Transform => Factory::Transform(Arc::new(move |o| {
            Ok(Box::new(make(o)?) as Box<dyn Transform>)
        })),
        ComponentKind::Exporter => Factory::Exporter(Arc::new(move |o| {
            Ok(Box::new(make(o)?) as Box<dyn Exporter>)
        })),
    }
}

/// One component of a program plugin, with its options.
struct ProgramComponent {
    program: Arc<Program>,
    kind: ComponentKind,
    name: String,
    options: BTreeMap<String, Value>,
    timeout: Duration,
}

impl ProgramComponent {
    fn error(&self, message: String) -> Error {
        Error::Plugin {
            plugin: self.program.label.clone(),
            message,
        }
    }

    fn exec(&self, stdin: Vec<u8>, ctx: &mut Context) -> Result<Vec<u8>> {
        let rc = request_context(ctx);
        let kind = match self.kind {
            ComponentKind::Importer => "importer",
            ComponentKind::Transform => "transform",
            ComponentKind::Exporter => "exporter",
        };
        let mut env = vec![
            ("DOCPIPE_KIND".to_string(), kind.to_string()),
            ("DOCPIPE_COMPONENT".to_string(), self.name.clone()),
            (
                "DOCPIPE_OPTIONS".to_string(),
                serde_json::to_string(&self.options).unwrap_or_else(|_| "{}".into()),
            ),
            (
                "DOCPIPE_SETTINGS".to_string(),
                serde_json::to_string(&rc.settings).unwrap_or_else(|_| "{}".into()),
            ),
        ];
        if let Some(s) = rc.source {
            env.push(("DOCPIPE_SOURCE".to_string(), s));
        }
        if let Some(l) = rc.lang {
            env.push(("DOCPIPE_LANG".to_string(), l));
        }
        let program = Program {
            timeout: self.timeout,
            ..(*self.program).clone()
        };
        match run_with_stderr(&program, &[], stdin, env) {
            Ok((out, stderr)) => {
                for line in String::from_utf8_lossy(&stderr).lines() {
                    if let Some(w) = line.trim().strip_prefix("warning:") {
                        ctx.warn(w.trim().to_string());
                    }
                }
                Ok(out)
            }
            Err(e) => Err(self.error(format!("{}: {e}", self.name))),
        }
    }

    fn read_document(&self, out: &[u8]) -> Result<Document> {
        docpipe_core::json::from_slice(out).map_err(|e| {
            let start: String = String::from_utf8_lossy(out).chars().take(60).collect();
            self.error(format!(
                "{}: the program printed something that is not a docpipe document ({e}); its output began with {:?}",
                self.name,
                start.trim()
            ))
        })
    }

    fn write_document(&self, doc: &Document) -> Result<Vec<u8>> {
        docpipe_core::json::to_vec(doc).map_err(|e| self.error(e.to_string()))
    }
}

impl Importer for ProgramComponent {
    fn import(&self, input: &[u8], ctx: &mut Context) -> Result<Document> {
        let out = self.exec(input.to_vec(), ctx)?;
        self.read_document(&out)
    }
}

impl Transform for ProgramComponent {
    fn transform(&self, doc: Document, ctx: &mut Context) -> Result<Document> {
        let input = self.write_document(&doc)?;
        drop(doc);
        let out = self.exec(input, ctx)?;
        self.read_document(&out)
    }
}

impl Exporter for ProgramComponent {
    fn export(&self, doc: &Document, ctx: &mut Context) -> Result<Vec<u8>> {
        let input = self.write_document(doc)?;
        self.exec(input, ctx)
    }
}

/// Why running a program failed, in words (the caller adds the plugin's name).
fn failure(what: String, stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return format!("{what} (no message on stderr)");
    }
    let mut joined = lines.join(" | ");
    if joined.chars().count() > STDERR_LIMIT {
        let skip = joined.chars().count() - STDERR_LIMIT;
        joined = format!("…{}", joined.chars().skip(skip).collect::<String>());
    }
    format!("{what}; stderr: {joined}")
}

fn run(
    program: &Program,
    extra: &[String],
    stdin: Vec<u8>,
    env: Vec<(String, String)>,
) -> std::result::Result<Vec<u8>, String> {
    run_with_stderr(program, extra, stdin, env).map(|(out, _)| out)
}

/// A pipe read to the end on its own thread, so that neither stdout nor stderr can fill
/// up and block the program.
struct Drain {
    data: Arc<Mutex<Vec<u8>>>,
    done: mpsc::Receiver<()>,
}

impl Drain {
    fn start(mut pipe: impl Read + Send + 'static) -> Drain {
        let data = Arc::new(Mutex::new(Vec::new()));
        let (tx, done) = mpsc::channel();
        let sink = Arc::clone(&data);
        thread::spawn(move || {
            let mut chunk = [0u8; 64 * 1024];
            loop {
                match pipe.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => match sink.lock() {
                        Ok(mut v) => v.extend_from_slice(&chunk[..n]),
                        Err(p) => p.into_inner().extend_from_slice(&chunk[..n]),
                    },
                }
            }
            let _ = tx.send(());
        });
        Drain { data, done }
    }

    /// What was read, waiting up to `grace` for the end of the stream (a grandchild of
    /// the program may hold the pipe open after the program itself has ended).
    fn finish(self, grace: Duration) -> Vec<u8> {
        let _ = self.done.recv_timeout(grace);
        let taken = match self.data.lock() {
            Ok(mut v) => std::mem::take(&mut *v),
            Err(p) => std::mem::take(&mut *p.into_inner()),
        };
        taken
    }
}

fn describe_status(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("the program exited with status {code}"),
        None => format!("the program was killed ({status})"),
    }
}

/// Runs the program with `stdin`, returning stdout and stderr when it exits with
/// status 0 within its timeout.
fn run_with_stderr(
    program: &Program,
    extra: &[String],
    stdin: Vec<u8>,
    env: Vec<(String, String)>,
) -> std::result::Result<(Vec<u8>, Vec<u8>), String> {
    let mut child = Command::new(&program.command)
        .args(&program.args)
        .args(extra)
        .envs(env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", program.command.display()))?;
    let writer = child.stdin.take().map(|mut pipe| {
        thread::spawn(move || {
            // A program that exits without reading all its input closes the pipe; that is
            // its business, and its exit status tells whether it worked.
            let _ = pipe.write_all(&stdin);
        })
    });
    let out = child.stdout.take().map(Drain::start);
    let err = child.stderr.take().map(Drain::start);
    let status = match child.wait_timeout(program.timeout) {
        Ok(Some(s)) => s,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = err
                .map(|d| d.finish(Duration::from_millis(200)))
                .unwrap_or_default();
            return Err(failure(
                format!(
                    "the program did not finish within {} s and was killed",
                    program.timeout.as_secs_f64()
                ),
                &stderr,
            ));
        }
        Err(e) => {
            let _ = child.kill();
            return Err(format!("cannot wait for the program: {e}"));
        }
    };
    let grace = Duration::from_secs(2);
    let stdout = out.map(|d| d.finish(grace)).unwrap_or_default();
    let stderr = err.map(|d| d.finish(grace)).unwrap_or_default();
    if let Some(w) = writer {
        let _ = w.join();
    }
    if !status.success() {
        return Err(failure(describe_status(status), &stderr));
    }
    Ok((stdout, stderr))
}
