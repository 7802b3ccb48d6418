//! The `jianbao` command: parses arguments, calls the library, maps the outcome to an
//! exit code (0 hits, 1 no hits, 2 error, like grep).
//!
//! A panic is caught here and said in one line. tantivy panics on some damaged files
//! (reading out of bounds) that the checks on opening an index do not see; for a command
//! that reads the index, a panic outside jianbao's own code is taken for such damage.

mod cli;
mod cmd;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;

use cli::{AlertCommand, Cli, Command};

fn main() -> ExitCode {
    if !cpu_runs_this_build() {
        eprintln!("jianbao: this binary was built for CPUs with BMI2 (scripts/build-static); build one with `cargo build --release`");
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse_from(cli::arrange(std::env::args_os())) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            eprintln!("jianbao: {} (see --help)", usage_error(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    panic::set_hook(Box::new(record_panic));
    let outcome = match panic::catch_unwind(AssertUnwindSafe(|| run(&cli.command))) {
        Ok(outcome) => outcome,
        Err(_) => {
            eprintln!("jianbao: {}", one_line(&after_panic(&cli.command)));
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(code) => code,
        // Whoever reads the output stopped (`| head`): it got what it wanted.
        Err(e) if cmd::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jianbao: {}", one_line(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Index(args) => cmd::index::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Duplicates(args) => cmd::duplicates::run(args),
        Command::Trend(args) => cmd::trend::run(args),
        Command::Alert(args) => cmd::alert::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "jianbao",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The first panic of the process: its message and where it was raised.
struct Panic {
    message: String,
    file: String,
    line: u32,
}

static PANIC: Mutex<Option<Panic>> = Mutex::new(None);

/// The panic hook: keeps the first panic for [`after_panic`] and prints nothing.
fn record_panic(info: &panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let message =
        payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned());
    let (file, line) = info.location().map_or((String::new(), 0), |l| (l.file().to_owned(), l.line()));
    let mut first = PANIC.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    first.get_or_insert(Panic { message: message.unwrap_or_default(), file, line });
}

/// What to tell the user after `command` panicked: that its index is damaged if the panic
/// came from reading it, else that jianbao failed.
fn after_panic(command: &Command) -> String {
    let first = PANIC.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    let Some(panic) = first else { return "internal error; please report it".to_owned() };
    // This crate's files are named as this one is, relative to the same folder.
    let root = file!().strip_suffix("src/main.rs").unwrap_or_default();
    let ours = panic.file.strip_prefix(root).is_some_and(|f| f.starts_with("src/"));
    let in_tantivy = panic.file.contains("/tantivy");
    let default = || PathBuf::from("index");
    let damaged = |dir: &Path| jianbao::Error::Damaged { path: dir.to_owned(), why: None }.to_string();
    match command {
        Command::Search(a) if !ours => damaged(&a.index.clone().unwrap_or_else(default)),
        Command::Show(a) if !ours => damaged(&a.index.clone().unwrap_or_else(default)),
        Command::Stats(a) if !ours => damaged(&a.index.clone().unwrap_or_else(default)),
        Command::Duplicates(a) if !ours => damaged(&a.index.clone().unwrap_or_else(default)),
        Command::Trend(a) if !ours => damaged(&a.index.clone().unwrap_or_else(default)),
        Command::Alert(a) if !ours => match &a.command {
            AlertCommand::Add(a) => damaged(&a.index.clone().unwrap_or_else(default)),
            AlertCommand::Run(a) => damaged(&a.index.clone().unwrap_or_else(default)),
            _ => format!("internal error: {} ({}:{}); please report it", panic.message, panic.file, panic.line),
        },
        Command::Index(a) if in_tantivy && !a.rebuild => damaged(&a.index),
        _ => format!("internal error: {} ({}:{}); please report it", panic.message, panic.file, panic.line),
    }
}

/// clap's message about arguments, on one line, with what it knows: the argument that
/// is missing, the values a flag takes, the flag or subcommand meant (its `tip:`). The
/// usage and the pointer to `--help` that follow are left out.
fn usage_error(rendered: &str) -> String {
    let lines: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut said = String::new();
    for line in lines {
        let line = line.trim_start_matches("error: ");
        if !said.is_empty() {
            said.push_str(if said.ends_with(':') { " " } else { "; " });
        }
        said.push_str(line);
    }
    said
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
