//! The command line, as typed: clap parses it here and `cmd` turns it into requests.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jianbao::search::Date;

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
    /// Bring the index up to date with corpus files (.txt, .md, .html, .jsonl, .jsonl.gz,
    /// .jsonl.zst): add new, replace changed, delete gone.
    Index(IndexArgs),
    /// Search the index and print ranked clippings with highlighted snippets.
    Search(SearchArgs),
    /// Print one whole clipping, as it reads in print.
    Show(ShowArgs),
    /// Print what the index holds.
    Stats(StatsArgs),
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Where the index is kept.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Highlight the matches of QUERY.
    #[arg(long, value_name = "QUERY")]
    pub highlight: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Colour the highlights: auto (on a terminal, unless NO_COLOR is set), always (also
    /// into a pipe, as for `less -R`, whatever NO_COLOR says) or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = When::Auto)]
    pub color: When,
    /// Page the text through $JIANBAO_PAGER, else $PAGER, else `less -R`: auto (on a
    /// terminal), always (also into a pipe) or never. JSON is never paged.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = When::Auto)]
    pub paging: When,
    /// The id of the clipping, as search prints it.
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Where the index is kept.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
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
    /// Drop a folder the index holds, with all its clippings; may be repeated.
    #[arg(long, value_name = "PATH")]
    pub forget: Vec<PathBuf>,
    /// Follow symbolic links that lead out of the corpus folder (by default they are
    /// skipped with a warning).
    #[arg(long)]
    pub follow: bool,
    /// Folders or files to index: new ones are added to those the index holds, held ones
    /// (or parts of them) updated. Default: every folder the index holds; for a new
    /// index, ./corpus.
    #[arg(value_name = "PATH")]
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
    /// Clippings to skip first, for paging.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: u32,
    /// Passages per snippet, joined by `…`; each shows matches the others do not.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub fragments: u32,
    /// Only clippings dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<Date>,
    /// Only clippings dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<Date>,
    /// Only clippings whose source contains TEXT (either script).
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// Only clippings in this language.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Order of the clippings (`--sort -date` and `--sort=-date` both work).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance, allow_hyphen_values = true)]
    pub sort: SortArg,
    /// Print only the number of matching clippings.
    #[arg(long)]
    pub count: bool,
    /// Output format [default: text; with --batch or --queries, JSON lines].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Colour the highlights: auto (on a terminal, unless NO_COLOR is set), always (also
    /// into a pipe, as for `less -R`, whatever NO_COLOR says) or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = When::Auto)]
    pub color: When,
    /// Read one query per line from standard input and write one JSON line per query.
    #[arg(long, conflicts_with = "query")]
    pub batch: bool,
    /// Like --batch, reading the queries from FILE.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["query", "batch"])]
    pub queries: Option<PathBuf>,
    /// What to find: words that must all occur, "quoted phrases", AND, OR, NOT or -word,
    /// (parentheses), and title:, body: or source: before a word or phrase.
    #[arg(value_name = "QUERY", required_unless_present_any = ["batch", "queries"], num_args = 1..)]
    pub query: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best matches first.
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    #[value(name = "zh-Hant")]
    ZhHant,
    #[value(name = "zh-Hans")]
    ZhHans,
    #[value(name = "en")]
    En,
}

impl LangArg {
    pub fn tag(self) -> &'static str {
        match self {
            LangArg::ZhHant => "zh-Hant",
            LangArg::ZhHans => "zh-Hans",
            LangArg::En => "en",
        }
    }
}

/// When to do what suits a terminal (`--color`, `--paging`), as ripgrep and bat ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    /// When standard output is a terminal.
    Auto,
    Always,
    Never,
}

/// The output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Jsonl,
}

/// The output formats of `show` and `stats`, which print one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::Cli;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_and_formats_are_checked_as_arguments_are_parsed() {
        let parse = |args: &[&str]| Cli::try_parse_from([&["jianbao"], args].concat()).map_err(|e| e.to_string());
        assert!(parse(&["search", "--since", "2024-03", "--until", "2024", "港"]).is_ok());
        for bad in ["2024-13", "24", "2024-3-1", "2024-03-32", "today"] {
            let refused = parse(&["search", "--since", bad, "港"]).unwrap_err();
            assert!(refused.contains("expected YYYY, YYYY-MM or YYYY-MM-DD"), "{bad}: {refused}");
        }
        assert!(parse(&["show", "--format", "jsonl", "a"]).is_err(), "show prints one object, not lines");
        assert!(parse(&["stats", "--format", "jsonl"]).is_err());
        assert!(parse(&["stats", "--format", "json"]).is_ok());
    }
}
