//! The `jianbao` command: parses arguments, calls the library, maps the outcome to an
//! exit code (0 hits, 1 no hits, 2 error, like grep).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Index(args) => cmd::index::run(args),
        Command::Search(args) => cmd::search::run(args),
    };
    outcome.unwrap_or_else(|e| {
        eprintln!("jianbao: {}", one_line(&format!("{e:#}")));
        ExitCode::from(2)
    })
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
