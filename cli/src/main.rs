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

use clap::{CommandFactory, Parser};

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
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

/// The result of one of the commands defined in this crate, in the shape `main` handles.
fn mine(r: Result<u8, output::Failure>) -> anyhow::Result<i32> {
    r.map(i32::from).map_err(anyhow::Error::new)
}
