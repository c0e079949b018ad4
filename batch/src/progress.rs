//! What the user sees while a batch runs: a progress bar on stderr when it is a terminal
//! (files done/total, failures, rate, ETA), one line per failed input, and notes.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::report::{Entry, Status};
use crate::run::Observer;

/// The terminal observer: a progress bar (when `show_bar` and stderr is a terminal) and
/// one stderr line per failed input, naming the file.
pub struct Progress {
    bar: Option<ProgressBar>,
    failed: AtomicU64,
    in_dir: String,
}

impl Progress {
    /// An observer for a batch over `in_dir`. The bar appears only when `show_bar` is true
    /// and stderr is a terminal.
    pub fn new(in_dir: &str, show_bar: bool) -> Progress {
        let bar = (show_bar && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} files, {msg}, \
                 {rate}, ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1} files/s", s.per_sec());
            })
            .progress_chars("=> ");
            b.set_style(style);
            b.set_message("0 failed");
            b
        });
        Progress {
            bar,
            failed: AtomicU64::new(0),
            in_dir: in_dir.trim_end_matches('/').to_string(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }
}

impl Observer for Progress {
    fn wants_total(&self) -> bool {
        self.bar.is_some()
    }

    fn start(&self, total: u64) {
        if let Some(b) = &self.bar {
            b.set_length(total);
            b.reset_eta();
        }
    }

    fn done(&self, entry: &Entry) {
        if entry.status == Status::Failed {
            let n = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(b) = &self.bar {
                b.set_message(format!("{n} failed"));
            }
            self.line(&format!(
                "docpipe: {}/{}: {}",
                self.in_dir,
                entry.path,
                entry.error.as_deref().unwrap_or("failed")
            ));
        }
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    fn note(&self, message: &str) {
        self.line(&format!("docpipe: {message}"));
    }
}
