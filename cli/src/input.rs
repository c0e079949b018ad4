//! Reading the one input of `convert` and `inspect`: a file or standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::output::{io_message, Failure};

/// An input named on the command line.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path, or `None` for standard input (`-`).
    pub path: Option<PathBuf>,
    /// The name used in messages: the path as given, or `<stdin>`.
    pub name: String,
}

impl Input {
    /// The input named by the argument `arg` (`-` is standard input).
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input {
                path: None,
                name: "<stdin>".into(),
            }
        } else {
            Input {
                path: Some(PathBuf::from(arg)),
                name: arg.to_string(),
            }
        }
    }

    /// The path when the input is a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Reads the whole input. A missing file, a folder or an unreadable file is a failed
    /// input (exit status 1), with a message naming it.
    pub fn read(&self) -> Result<Vec<u8>, Failure> {
        let fail = |what: String| Failure::input(format!("{}: {what}", self.name));
        match &self.path {
            None => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut buf)
                    .map_err(|e| fail(format!("cannot read: {}", io_message(&e))))?;
                Ok(buf)
            }
            Some(p) => {
                let meta = std::fs::metadata(p)
                    .map_err(|e| fail(format!("cannot read: {}", io_message(&e))))?;
                if meta.is_dir() {
                    return Err(fail(
                        "is a folder, not a file (use `docpipe batch` for folders)".into(),
                    ));
                }
                std::fs::read(p).map_err(|e| fail(format!("cannot read: {}", io_message(&e))))
            }
        }
    }
}
