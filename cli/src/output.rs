//! What the commands print and how they end: one-line error messages, exit statuses,
//! warnings on stderr, and writing results to stdout or to a file atomically.

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use docpipe_core::{Error, Warning};

/// Exit status: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit status: the input (or some inputs) failed.
pub const EXIT_INPUT: u8 = 1;
/// Exit status: docpipe was called or configured wrongly.
pub const EXIT_USAGE: u8 = 2;

/// An error that knows its exit status and carries its complete one-line message.
#[derive(Debug)]
pub struct Failure {
    /// The exit status to end with.
    pub code: u8,
    /// The message, already naming the file when there is one.
    pub message: String,
}

impl Failure {
    /// A usage or configuration error (exit status 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// A failed input (exit status 1).
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_INPUT,
            message: message.into(),
        }
    }

    /// The failure for an error raised while building the pipeline: usage errors give
    /// exit status 2, and so does anything else at that point (a plugin that does not
    /// load, a pipeline file that cannot be read), since no input has been touched yet.
    pub fn setup(err: &anyhow::Error) -> Failure {
        if let Some(f) = err.downcast_ref::<Failure>() {
            return Failure {
                code: f.code,
                message: f.message.clone(),
            };
        }
        Failure::usage(one_line(err))
    }

    /// The failure for an error raised while processing the input called `file`: exit
    /// status 1 unless the error is about options or configuration.
    pub fn running(file: &str, err: &Error) -> Failure {
        let code = match err {
            Error::InvalidOption { .. } | Error::Config(_) | Error::Clash { .. } => EXIT_USAGE,
            _ => EXIT_INPUT,
        };
        Failure {
            code,
            message: format!("{file}: {}", error_chain(err)),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The exit status for an error that reached `main`: the [`Failure`]'s own status, 2
/// for a docpipe usage error, 1 for any other docpipe error, and 2 otherwise.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(f) = err.downcast_ref::<Failure>() {
        return f.code;
    }
    match err.downcast_ref::<Error>() {
        Some(e) if e.is_usage() => EXIT_USAGE,
        Some(_) => EXIT_INPUT,
        None => EXIT_USAGE,
    }
}

/// The message of `err` and its causes on one line, `: `-separated, skipping a cause
/// whose text the message already contains (stage errors copy their source's text).
pub fn one_line(err: &anyhow::Error) -> String {
    join_chain(err.chain().map(|e| e.to_string()))
}

/// Like [`one_line`] for a plain error and its sources.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut texts = vec![err.to_string()];
    let mut next = err.source();
    while let Some(e) = next {
        texts.push(e.to_string());
        next = e.source();
    }
    join_chain(texts.into_iter())
}

fn join_chain(texts: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for t in texts {
        let t = t.trim();
        if t.is_empty() || out.contains(t) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(t);
    }
    flatten(&out)
}

/// `s` on one line: line breaks and tabs become spaces, runs of spaces collapse.
pub fn flatten(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.trim().to_string()
}

/// Prints one line to stderr, `docpipe: ` first. A closed stderr is ignored rather than
/// being fatal.
pub fn eprint_line(message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "docpipe: {}", flatten(message));
}

/// Prints each warning as `docpipe: FILE: stage: message`, one line each.
pub fn print_warnings(file: &str, warnings: &[Warning]) {
    for w in warnings {
        eprint_line(&format!("{file}: {w}"));
    }
}

/// Writes `bytes` to stdout. A reader that went away (broken pipe) is not an error: the
/// command ends quietly.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::input(format!(
            "cannot write to standard output: {}",
            io_message(&e)
        ))),
    }
}

/// Writes `bytes` to the file `dest` atomically (a temporary file in the same folder,
/// then a rename), so that a failure leaves no partial file.
pub fn write_file(dest: &Path, bytes: &[u8]) -> Result<(), Failure> {
    // A file where a folder should be gives a confusing OS message; say it plainly.
    if let Some(blocker) = dest
        .ancestors()
        .skip(1)
        .find(|a| !a.as_os_str().is_empty() && a.exists())
        .filter(|a| !a.is_dir())
    {
        return Err(Failure::input(format!(
            "{}: cannot write: {} is not a folder",
            dest.display(),
            blocker.display()
        )));
    }
    docpipe_core::fsio::write_atomic(dest, bytes).map_err(|e| {
        Failure::input(format!(
            "{}: cannot write: {}",
            dest.display(),
            io_message(&e)
        ))
    })
}

/// A short description of an I/O error, without the `(os error N)` suffix.
pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_skip_repeated_text_and_stay_on_one_line() {
        let io = io::Error::new(io::ErrorKind::InvalidData, "corrupt zip:\nbad header");
        let e = Error::stage_from("docx", io);
        assert_eq!(error_chain(&e), "docx: corrupt zip: bad header");
        let a = anyhow::Error::new(Error::stage("txt", "oops")).context("in.txt");
        assert_eq!(one_line(&a), "in.txt: txt: oops");
    }

    #[test]
    fn exit_codes_follow_the_contract() {
        let usage = anyhow::Error::new(Error::Config("bad".into()));
        assert_eq!(exit_code(&usage), EXIT_USAGE);
        let input = anyhow::Error::new(Error::stage("txt", "bad"));
        assert_eq!(exit_code(&input), EXIT_INPUT);
        let f = anyhow::Error::new(Failure::input("x"));
        assert_eq!(exit_code(&f), EXIT_INPUT);
        let stage = Error::stage("json", "x");
        assert_eq!(Failure::running("a.json", &stage).code, EXIT_INPUT);
        assert_eq!(
            Failure::running("a.json", &stage).message,
            "a.json: json: x"
        );
        let opt = Error::option("html", "unknown option `x`");
        assert_eq!(Failure::running("a", &opt).code, EXIT_USAGE);
    }
}
