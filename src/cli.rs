//! The command line, as typed: clap parses it here and `cmd` turns it into requests.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Full-text search for Chinese and English news clippings.
///
/// Traditional and Simplified script match each other, words split by line breaks are
/// found, and every occurrence of what you type is found, also inside longer words.
#[derive(Debug, Parser)]
#[command(name = "jianbao", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bring the index up to date with corpus files: add new, replace changed, delete gone.
    Index(IndexArgs),
    /// Search the index and print ranked clippings with highlighted snippets.
    Search(SearchArgs),
}

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Where the index is kept.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Start from an empty index instead of updating it.
    #[arg(long)]
    pub rebuild: bool,
    /// Threads that read, fold and segment (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub threads: Option<u32>,
    /// Exit with status 2 if any file or line was skipped or any other warning was given.
    #[arg(long)]
    pub strict: bool,
    /// A user dictionary for word segmentation (jieba format: `word [freq] [tag]` per
    /// line); may be repeated. A corpus folder's own `userdict.txt` is used as well.
    #[arg(long, value_name = "FILE")]
    pub dict: Vec<PathBuf>,
    /// Folders or files to index.
    #[arg(value_name = "PATH", default_value = "corpus")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Where the index is kept. The default one is built from ./corpus if missing.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Most clippings to print.
    #[arg(short = 'n', long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
    /// Passages per snippet, joined by `…`; each shows matches the others do not.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub fragments: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Words that must all occur; "quoted words" form a phrase.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Jsonl,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
