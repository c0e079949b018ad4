//! docpipe: the command-line tool. Parses arguments, builds the registry and pipeline,
//! and dispatches to each command's module.

mod args;
mod batch_cmd;
mod builtins;
mod entities_cmd;
mod plugin_loading;
mod setup;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Batch(a) => batch_cmd::run_batch(a),
        Command::Report(c) => batch_cmd::run_report(c),
        Command::Entities(a) => entities_cmd::run(a),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "docpipe",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
        Command::Convert(_) | Command::Inspect(_) | Command::Plugins(_) => {
            let _ = (setup::spec, setup::registry, setup::pipeline);
            Err(anyhow::anyhow!("not implemented yet"))
        }
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            eprintln!("docpipe: {e:#}");
            ExitCode::from(2)
        }
    }
}
