//! docpipe: the command-line tool. Parses arguments, builds the registry and pipeline,
//! and dispatches to each command's module.

mod args;
mod batch_cmd;
mod builtins;
mod convert;
mod entities_cmd;
mod input;
mod inspect;
mod output;
mod plugin_loading;
mod plugins_cmd;
mod setup;

use std::process::ExitCode;

/// jemalloc, set up in `.cargo/config.toml` (one arena per CPU, freed memory returned
/// after about 0.3 s): with glibc's allocator the peak memory of a batch of 10,000
/// files was 2.4× that of 100 files, with it about 1.2× (bench/batch.md, section 3).
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::{CommandFactory, Parser};

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let result: anyhow::Result<i32> = match &cli.command {
        Command::Convert(a) => mine(convert::run(a)),
        Command::Inspect(a) => mine(inspect::run(a)),
        Command::Plugins(a) => mine(plugins_cmd::run(a)),
        Command::Batch(a) => batch_cmd::run_batch(a),
        Command::Report(c) => batch_cmd::run_report(c),
        Command::Entities(a) => entities_cmd::run(a),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "docpipe", &mut script);
            mine(output::write_stdout(&script).map(|()| output::EXIT_OK))
        }
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(output::EXIT_INPUT)),
        Err(e) => {
            output::eprint_line(&output::one_line(&e));
            ExitCode::from(output::exit_code(&e))
        }
    }
}

/// Ends on a command-line parsing error: help and version requests print as clap prints
/// them; real errors become one line on stderr (the contract: one line per error) and
/// exit status 2.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(if e.use_stderr() {
                output::EXIT_USAGE
            } else {
                output::EXIT_OK
            })
        }
        _ => {
            // clap's first paragraph is the error itself (then tips and usage).
            let text = e.to_string();
            let first: Vec<&str> = text
                .lines()
                .map(str::trim)
                .skip_while(|l| l.is_empty())
                .take_while(|l| !l.is_empty())
                .collect();
            let first = first.join(" ");
            let first = first.strip_prefix("error: ").unwrap_or(&first);
            let command = std::env::args()
                .nth(1)
                .filter(|a| Cli::command().find_subcommand(a).is_some())
                .map(|a| format!("docpipe {a} --help"))
                .unwrap_or_else(|| "docpipe --help".into());
            output::eprint_line(&format!("{first} (see {command})"));
            ExitCode::from(output::EXIT_USAGE)
        }
    }
}

/// The result of one of the commands defined in this crate, in the shape `main` handles.
fn mine(r: Result<u8, output::Failure>) -> anyhow::Result<i32> {
    r.map(i32::from).map_err(anyhow::Error::new)
}
