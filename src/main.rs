//! The `jianbao` command: parses arguments, calls the library, maps the outcome to an
//! exit code (0 hits, 1 no hits, 2 error, like grep).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    if !cpu_runs_this_build() {
        eprintln!("jianbao: this binary was built for CPUs with BMI2 (scripts/build-static); build one with `cargo build --release`");
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            let message = e.to_string();
            let first = message.lines().next().unwrap_or_default();
            eprintln!("jianbao: {} (see --help)", first.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    let outcome = match &cli.command {
        Command::Index(args) => cmd::index::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "jianbao",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
    };
    outcome.unwrap_or_else(|e| {
        eprintln!("jianbao: {}", one_line(&format!("{e:#}")));
        ExitCode::from(2)
    })
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// False if this binary's C code (zstd) was compiled for BMI2 (`scripts/build-static` on
/// x86-64 does, see `build.rs`) and the CPU lacks it: better a message than a crash.
fn cpu_runs_this_build() -> bool {
    #[cfg(all(c_bmi2, target_arch = "x86_64"))]
    return std::arch::is_x86_feature_detected!("bmi2");
    #[cfg(not(all(c_bmi2, target_arch = "x86_64")))]
    return true;
}
