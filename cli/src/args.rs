//! The command-line interface, declared with clap derive. GUIDE §2 is the contract.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// docpipe turns documents into clean, structured, safe documents.
#[derive(Debug, Parser)]
#[command(name = "docpipe", version, after_help = EXAMPLES)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  docpipe convert report.docx -o report.html
  docpipe convert report.txt -T normalize -T anonymize -o clean.docx
  docpipe convert a.docx -t json | ./my-filter | docpipe convert - -f json -o a.html
  docpipe batch inbox/ -o outbox/ -t html,json -T normalize -T anonymize
  docpipe inspect report.txt --json
  docpipe plugins";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert one document, running transforms on the way.
    #[command(after_help = "\
Examples:
  docpipe convert report.docx -o report.html
  docpipe convert report.txt -T normalize -T anonymize:strategy=mask -o clean.docx
  cat notes.txt | docpipe convert - -f txt -t json
  docpipe convert in.docx --config pipeline.toml -o out.html")]
    Convert(ConvertArgs),
    /// Convert whole folders in parallel, mirroring the tree, with a JSON report.
    #[command(after_help = "\
Examples:
  docpipe batch inbox/ -o outbox/ -t html,json -T normalize -T anonymize
  docpipe batch inbox/ -o outbox/ -t json --shard 0/4 --report shard0.json")]
    Batch(crate::batch_cmd::BatchArgs),
    /// Work with batch reports (merge shard reports).
    #[command(
        subcommand,
        after_help = "Example:\n  docpipe report merge shard-0.json shard-1.json -o all.json"
    )]
    Report(crate::batch_cmd::ReportCommand),
    /// Print the outline of a document (after `-T normalize` by default).
    #[command(after_help = "\
Examples:
  docpipe inspect report.txt
  docpipe inspect report.docx --json
  docpipe inspect report.txt -T normalize:markers=keep --json")]
    Inspect(InspectArgs),
    /// Find person and place names in JSON lines of {"id", "text"}.
    #[command(after_help = "\
Examples:
  echo '{\"id\":\"1\",\"text\":\"张三在北京工作。\"}' | docpipe entities
  docpipe entities sentences.jsonl --lang zh > found.jsonl")]
    Entities(crate::entities_cmd::EntitiesArgs),
    /// List the importers, transforms and exporters available, and where they come from.
    #[command(after_help = "\
Examples:
  docpipe plugins
  docpipe plugins --plugin ./libstamp.so --json")]
    Plugins(PluginsArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  docpipe completions bash > /etc/bash_completion.d/docpipe"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Flags shared by every command that builds a pipeline.
#[derive(Debug, Args, Clone, Default)]
pub struct PipelineArgs {
    /// A transform to run, in order: NAME or NAME:key=value,... (repeatable).
    #[arg(short = 'T', long = "transform", value_name = "TRANSFORM")]
    pub transforms: Vec<String>,
    /// A TOML pipeline file (see the README).
    #[arg(long, value_name = "PIPELINE.toml")]
    pub config: Option<PathBuf>,
    /// Load a plugin: a shared library, an executable or a manifest (repeatable).
    #[arg(long = "plugin", value_name = "LIB_OR_PROGRAM")]
    pub plugins: Vec<String>,
    /// Let plugins replace built-in components of the same name.
    #[arg(long)]
    pub plugin_override: bool,
}

/// `docpipe convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The input file, or - for standard input.
    pub input: String,
    /// The output file (written atomically); standard output when absent or -.
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<String>,
    /// Input format (txt, docx, json); from the extension or the content when absent.
    #[arg(short = 'f', long = "from", value_name = "FMT")]
    pub from: Option<String>,
    /// Output format (txt, docx, json, html); from the output's extension when absent,
    /// json when writing to standard output.
    #[arg(short = 't', long = "to", value_name = "FMT")]
    pub to: Option<String>,
    /// Exporter option key=value (repeatable), e.g. --set fragment=true.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Write only the body of an HTML page (the same as --set fragment=true).
    #[arg(long)]
    pub fragment: bool,
    /// Do not print warnings (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// Pipeline flags.
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// `docpipe inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The input file, or - for standard input.
    pub input: String,
    /// Input format; from the extension or the content when absent.
    #[arg(short = 'f', long = "from", value_name = "FMT")]
    pub from: Option<String>,
    /// Print the outline as JSON.
    #[arg(long)]
    pub json: bool,
    /// Run no default transform: show the headings exactly as the importer found them.
    #[arg(long, conflicts_with = "transforms")]
    pub raw: bool,
    /// Pipeline flags (default transforms: normalize).
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// `docpipe plugins`.
#[derive(Debug, Args)]
pub struct PluginsArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Pipeline flags (for --plugin and --config).
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}
