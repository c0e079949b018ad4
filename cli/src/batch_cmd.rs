//! `docpipe batch` and `docpipe report`: argument structs and glue to the batch crate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use docpipe_batch::progress::Progress;
use docpipe_batch::{BatchOptions, Report, Settings, Shard};

use crate::args::PipelineArgs;

/// `docpipe batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The folder to convert.
    pub in_dir: PathBuf,
    /// The folder to write to (the input tree is mirrored there).
    #[arg(short, long, value_name = "OUT_DIR")]
    pub output: PathBuf,
    /// Output formats, comma-separated.
    #[arg(
        short = 't',
        long = "to",
        value_name = "FMT[,FMT...]",
        value_delimiter = ','
    )]
    pub to: Vec<String>,
    /// Input format for every file; by default from each file's extension, else its content.
    #[arg(short = 'f', long = "from", value_name = "FMT")]
    pub from: Option<String>,
    /// Worker threads (files converted at once); 0 = one per core.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Process only shard I of N (0 <= I < N), chosen by a stable hash of each relative path.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Where to write the JSON report [default: OUT_DIR/docpipe-batch-report.json, or
    /// OUT_DIR/docpipe-batch-report.shard-I-of-N.json with --shard].
    #[arg(long, value_name = "REPORT.json")]
    pub report: Option<PathBuf>,
    /// Keep outputs of inputs that the previous report lists as done with the same input
    /// hash and settings, and whose outputs still exist.
    #[arg(long)]
    pub resume: bool,
    /// Only inputs whose relative path matches this glob (repeatable; `*` crosses `/`).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files and folders whose relative path matches this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// No progress bar and no summary line (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// Inputs larger than this fail without being read (bytes; suffixes K, M, G = KiB, MiB, GiB).
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    pub max_size: u64,
    /// Inputs taking longer than this many seconds fail (0 = no limit).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub timeout: u64,
    /// Pipeline flags.
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// Parses a byte count with an optional K/M/G suffix (powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("`{s}`: unknown size suffix `{c}` (use K, M or G)")),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 1048576, 512K, 256M, 2G)"))?;
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too large"))
}

/// `docpipe report …`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Merge shard reports into one.
    #[command(after_help = "\
Example:
  docpipe report merge out/docpipe-batch-report.shard-*-of-4.json -o all.json")]
    Merge {
        /// The reports to merge.
        #[arg(required = true)]
        reports: Vec<PathBuf>,
        /// Where to write the merged report.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// The report path used when `--report` is not given.
fn default_report(out_dir: &Path, shard: Option<Shard>) -> PathBuf {
    match shard {
        None => out_dir.join("docpipe-batch-report.json"),
        Some(s) => out_dir.join(format!(
            "docpipe-batch-report.shard-{}-of-{}.json",
            s.index, s.count
        )),
    }
}

/// Runs `docpipe batch`; returns the exit status.
pub fn run_batch(args: &BatchArgs) -> anyhow::Result<i32> {
    let mut spec = crate::setup::spec(&args.pipeline)?;
    if args.from.is_some() {
        spec.from = args.from.clone();
    }
    let registry = crate::setup::registry(&args.pipeline, &spec)?;
    let pipeline = crate::setup::pipeline(&registry, &mut spec, &args.to, BTreeMap::new())?;
    if spec.to.is_empty() {
        anyhow::bail!("batch: give the output formats with -t FMT[,FMT...]");
    }
    let settings = Settings::from_spec(&spec, env!("CARGO_PKG_VERSION"));
    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| default_report(&args.output, args.shard));
    let progress = Progress::new(&args.in_dir.display().to_string(), !args.quiet);
    let previous = if args.resume {
        if report_path.is_file() {
            Some(Report::read(&report_path)?)
        } else {
            eprintln!(
                "docpipe: {}: no previous report; converting everything",
                report_path.display()
            );
            None
        }
    } else {
        None
    };
    let mut opts = BatchOptions::new(args.in_dir.clone(), args.output.clone(), settings);
    opts.jobs = args.jobs;
    opts.shard = args.shard;
    opts.include = args.include.clone();
    opts.exclude = args.exclude.clone();
    opts.max_size = args.max_size;
    opts.timeout = (args.timeout > 0).then(|| Duration::from_secs(args.timeout));
    opts.report_path = Some(report_path.clone());
    opts.previous = previous;

    // A panic inside a stage is caught and reported as that file's failure; keep the
    // default panic message for every other thread.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("docpipe-file") {
            default_hook(info);
        }
    }));

    let stop = docpipe_batch::interrupt::stop_flag();
    let result = docpipe_batch::run(Arc::new(pipeline), &opts, &progress, stop);
    progress.finish();
    let outcome = result?;
    outcome
        .write_report(&report_path)
        .with_context(|| format!("{}: cannot write the report", report_path.display()))?;
    let report = &outcome.report;
    let t = &report.totals;
    if !args.quiet || report.interrupted {
        let resumed = if t.resumed > 0 {
            format!(" ({} resumed)", t.resumed)
        } else {
            String::new()
        };
        eprintln!(
            "{}{} ok, {} failed, {} skipped in {:.1}s{resumed}; report: {}",
            if report.interrupted {
                "interrupted: "
            } else {
                ""
            },
            t.ok,
            t.failed,
            t.skipped,
            report.duration_ms as f64 / 1000.0,
            report_path.display()
        );
    }
    Ok(if report.interrupted {
        130
    } else if t.failed > 0 {
        1
    } else {
        0
    })
}

/// Runs `docpipe report …`; returns the exit status.
pub fn run_report(cmd: &ReportCommand) -> anyhow::Result<i32> {
    match cmd {
        ReportCommand::Merge { reports, output } => {
            let mut loaded = Vec::new();
            for p in reports {
                loaded.push((p.display().to_string(), Report::read(p)?));
            }
            let merged = docpipe_batch::merge(loaded)?;
            for n in &merged.notes {
                eprintln!("docpipe: note: {n}");
            }
            merged
                .report
                .write(output)
                .with_context(|| format!("{}: cannot write the report", output.display()))?;
            let t = &merged.report.totals;
            eprintln!(
                "merged {} reports: {} ok, {} failed, {} skipped; written to {}",
                reports.len(),
                t.ok,
                t.failed,
                t.skipped,
                output.display()
            );
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("512K"), Ok(512 * 1024));
        assert_eq!(parse_size("256m"), Ok(256 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }
}
