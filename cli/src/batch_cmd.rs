//! `docpipe batch` and `docpipe report`: argument structs and glue to the batch crate.

use clap::{Args, Subcommand};

use crate::args::PipelineArgs;

/// `docpipe batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The folder to convert.
    pub in_dir: std::path::PathBuf,
    /// The folder to write to (the input tree is mirrored there).
    #[arg(short, long, value_name = "OUT_DIR")]
    pub output: std::path::PathBuf,
    /// Output formats, comma-separated.
    #[arg(
        short = 't',
        long = "to",
        value_name = "FMT[,FMT...]",
        value_delimiter = ','
    )]
    pub to: Vec<String>,
    /// Pipeline flags.
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// `docpipe report …`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Merge shard reports into one.
    Merge {
        /// The reports to merge.
        reports: Vec<std::path::PathBuf>,
        /// Where to write the merged report.
        #[arg(short, long)]
        output: std::path::PathBuf,
    },
}

/// Runs `docpipe batch`; returns the exit status.
pub fn run_batch(args: &BatchArgs) -> anyhow::Result<i32> {
    let _ = args;
    anyhow::bail!("batch: not implemented yet")
}

/// Runs `docpipe report …`; returns the exit status.
pub fn run_report(cmd: &ReportCommand) -> anyhow::Result<i32> {
    let _ = cmd;
    anyhow::bail!("report: not implemented yet")
}
