//! `docpipe entities`: JSON lines in, recognised person and place spans out.

use clap::Args;

/// `docpipe entities`.
#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// JSON lines of {"id", "text"}; standard input when absent.
    pub input: Option<std::path::PathBuf>,
    /// Language of the texts.
    #[arg(long, default_value = "auto", value_parser = ["auto", "zh", "en"])]
    pub lang: String,
}

/// Runs `docpipe entities`; returns the exit status.
pub fn run(args: &EntitiesArgs) -> anyhow::Result<i32> {
    let _ = args;
    anyhow::bail!("entities: not implemented yet")
}
