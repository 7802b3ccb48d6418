//! The command line, as typed: clap parses it here and `cmd` turns it into requests.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
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
    /// List the stories printed more than once: versions of one article in several
    /// papers, in either script, cut or with a lead of their own.
    Duplicates(DuplicatesArgs),
    /// Count matching clippings by month (day, week, year, source, language) and chart them.
    Trend(TrendArgs),
    /// Saved searches that report only the clippings new to them: add, list, rm, run.
    Alert(AlertArgs),
    /// Write the index (or a corpus) for Quickwit or OpenSearch: the index definition and
    /// the documents, pre-analyzed, as NDJSON files (see docs/remote.md).
    Export(ExportArgs),
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
pub struct DuplicatesArgs {
    /// Where the index is kept.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Only stories of at least N clippings.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(2..))]
    pub min_size: u32,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = When::Auto)]
    pub color: When,
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
    /// Leave out the files and folders that GLOB matches (`.gitignore` syntax, relative
    /// to the corpus folder: '2019/**', '*.md'); may be repeated. The index remembers the
    /// set for the folders named (every folder it holds, if none): a new set replaces it.
    #[arg(long, value_name = "GLOB", value_parser = jianbao::corpus::Root::check_exclude)]
    pub exclude: Vec<String>,
    /// Clear the --exclude patterns of the folders named (every folder, if none).
    #[arg(long, conflicts_with = "exclude")]
    pub no_exclude: bool,
    /// After the update, stay and index what changes in the corpus folders as it
    /// changes, a burst in one commit, until Ctrl-C or SIGTERM.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: after each commit, print the clippings new to each saved search.
    #[arg(long, requires = "watch")]
    pub alerts: bool,
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
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Order of the clippings (`--sort -date` and `--sort=-date` both work).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance, allow_hyphen_values = true)]
    pub sort: SortArg,
    /// Print only the number of matching clippings (of stories, with --collapse).
    #[arg(long)]
    pub count: bool,
    /// One hit per story: the best-ranked of the versions of one article that several
    /// papers printed stands for them, the others listed as its versions.
    #[arg(long)]
    pub collapse: bool,
    /// Score or date every match and sort them all, instead of finding the page without
    /// (the same page, slower): to check that it is the same (docs/query.md).
    #[arg(long, hide = true)]
    pub exhaustive: bool,
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
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// What to find: words that must all occur, "quoted phrases", AND, OR, NOT or -word,
    /// (parentheses), and title:, body: or source: before a word or phrase. With --remote,
    /// the name of the engine's index comes first.
    #[arg(value_name = "QUERY", required_unless_present_any = ["batch", "queries"], num_args = 1..)]
    pub query: Vec<String>,
}

/// Searching an index exported to Quickwit or OpenSearch (`search --remote`).
#[derive(Debug, clap::Args)]
pub struct RemoteArgs {
    /// Search the index exported to the engine at URL (http:// or https://, maybe with
    /// user:password@) instead of a local index; the first word is the index's name.
    #[arg(long, value_name = "URL", requires = "engine", conflicts_with_all = ["index", "batch", "queries", "collapse"])]
    pub remote: Option<String>,
    /// The engine at --remote.
    #[arg(long, value_enum, requires = "remote")]
    pub engine: Option<EngineArg>,
    /// Seconds to wait for the engine, connecting and answering.
    #[arg(long, value_name = "SECS", default_value_t = 30, requires = "remote",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Print the JSON that --remote would send, without sending it.
    #[arg(long, requires = "remote")]
    pub show_request: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The index to export (default ./index); or use --corpus.
    #[arg(long, value_name = "DIR", conflicts_with = "corpus")]
    pub index: Option<PathBuf>,
    /// Export these corpus folders or files, read as `index` reads them, without an index.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub corpus: Vec<PathBuf>,
    /// The engine to load the export into.
    #[arg(long, value_enum)]
    pub to: EngineArg,
    /// The index's name in the engine.
    #[arg(long, value_name = "NAME", default_value = "jianbao")]
    pub name: String,
    /// Largest size of a documents file, in MB (the engines' usual limit of a request).
    #[arg(long, value_name = "MB", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_file_mb: u64,
    /// The folder to write into: new, or empty.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
}

/// The engines an index is exported to and searched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Quickwit,
    #[value(name = "opensearch")]
    OpenSearch,
}

impl EngineArg {
    pub fn engine(self) -> jianbao::remote::Engine {
        match self {
            EngineArg::Quickwit => jianbao::remote::Engine::Quickwit,
            EngineArg::OpenSearch => jianbao::remote::Engine::OpenSearch,
        }
    }
}

/// The filters of `search`, `trend` and a saved search (`alert add`), on the metadata of
/// clippings.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only clippings dated on or after DATE: YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday,
    /// or Nd, Nw, Nm, Ny (N days, weeks, months, years ago).
    #[arg(long, value_name = "DATE")]
    pub since: Option<Date>,
    /// Only clippings dated on or before DATE (as for --since; YYYY-MM is all of that month).
    #[arg(long, value_name = "DATE")]
    pub until: Option<Date>,
    /// Only clippings whose source contains TEXT (either script).
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// Only clippings in this language.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
pub struct TrendArgs {
    /// Where the index is kept. The default one is built from ./corpus if missing.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// What to count by: day, week (ISO, as 2024-W09), month, year, source or lang.
    #[arg(long, value_enum, default_value_t = ByArg::Month)]
    pub by: ByArg,
    /// A query counted as a series of its own, beside the others; may be repeated.
    #[arg(short = 'e', long = "series", value_name = "QUERY")]
    pub series: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Divide each count by all clippings of its bucket under the same filters (text:
    /// mentions per 1,000 clippings), instead of by the series' total.
    #[arg(long)]
    pub share: bool,
    /// Output format: a chart, one JSON object per series, or CSV.
    #[arg(long, value_enum, default_value_t = ChartFormat::Text)]
    pub format: ChartFormat,
    /// Colour the bars: auto (on a terminal, unless NO_COLOR is set), always (also into a
    /// pipe, as for `less -R`, whatever NO_COLOR says) or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = When::Auto)]
    pub color: When,
    /// What to count, as search takes it: one series, first, before those of -e.
    #[arg(value_name = "QUERY", required_unless_present = "series", num_args = 1..)]
    pub query: Vec<String>,
}

/// The arguments of `jianbao search`, `trend` and `alert add` (which saves a search) put
/// in the order clap reads them: its options first, then `--`, then the words of the
/// query. Other commands are left as they are.
///
/// - Before `--`, a word that begins with `-` but is not one of search's options (`-經濟`,
///   `-oil`, `-n` followed by anything but a number) is a query word, an exclusion:
///   `jianbao search 香港 -經濟` works without `--`.
/// - After `--`, every word is query text, except one that is exactly an option of
///   search (`-n`, `-n5`, `--limit`, `--limit=5`, `--count`), with its value if it takes
///   one: `jianbao search -- -香港 -n 1` shows one clipping without 香港. An exclusion
///   spelt like an option is written `NOT n`.
/// - A value of an option is never a query word (`--sort -date`, `--source -`).
pub fn arrange(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut args = args.into_iter();
    let mut arranged: Vec<OsString> = args.by_ref().take(2).collect();
    let (search, mut args) = match arranged.get(1).and_then(|a| a.to_str()) {
        Some(name @ ("search" | "trend")) => (Cli::command().find_subcommand(name).cloned(), args.peekable()),
        Some("alert") => {
            let mut args = args.peekable();
            let add = args.peek().is_some_and(|a| a == OsStr::new("add"));
            arranged.extend(args.next_if(|_| add));
            let alert = Cli::command().find_subcommand("alert").cloned();
            (alert.and_then(|a| a.find_subcommand("add").cloned()).filter(|_| add), args)
        }
        _ => (None, args.peekable()),
    };
    let Some(search) = search else {
        arranged.extend(args);
        return arranged;
    };
    let mut query = Vec::new();
    let mut after_dashes = false;
    while let Some(arg) = args.next() {
        let text = arg.to_str().unwrap_or_default();
        if text == "--" && !after_dashes {
            after_dashes = true;
            continue;
        }
        let option = match text.strip_prefix("--") {
            Some(long) if !after_dashes || known_long(&search, long).is_some() => known_long(&search, long),
            Some(_) => None,
            None if text.starts_with('-') && text.len() > 1 => known_short(&search, &text[1..]),
            None => None,
        };
        let is_option = option.is_some() || (text.starts_with("--") && !after_dashes);
        if !is_option {
            query.push(arg);
            continue;
        }
        arranged.push(arg);
        if option == Some(Needs::Value) {
            arranged.extend(args.next());
        }
    }
    if !query.is_empty() {
        arranged.push("--".into());
        arranged.extend(query);
    }
    arranged
}

#[derive(Debug, clap::Args)]
pub struct AlertArgs {
    #[command(subcommand)]
    pub command: AlertCommand,
}

#[derive(Debug, Subcommand)]
pub enum AlertCommand {
    /// Save a search, with search's filters, under NAME.
    Add(AlertAddArgs),
    /// List the saved searches.
    List(AlertListArgs),
    /// Remove saved searches.
    Rm(AlertRmArgs),
    /// Print the clippings that came into the index since each saved search last ran and
    /// match it (all of them on its first run), newest first; then record them.
    Run(AlertRunArgs),
}

#[derive(Debug, clap::Args)]
pub struct AlertAddArgs {
    /// Where the index is kept; the saved search is kept with it.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The name of the saved search: letters, digits, `-`, `_`, `.` (not first).
    #[arg(value_parser = jianbao::alerts::check_name)]
    pub name: String,
    /// What to find, as for search.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct AlertListArgs {
    /// Where the index is kept.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Debug, clap::Args)]
pub struct AlertRmArgs {
    /// Where the index is kept.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// The saved searches to remove.
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub names: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct AlertRunArgs {
    /// Where the index is kept.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Colour the highlights: auto (on a terminal, unless NO_COLOR is set), always (also
    /// into a pipe, as for `less -R`, whatever NO_COLOR says) or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = When::Auto)]
    pub color: When,
    /// One hit per story, as `search --collapse`: the new versions of one article are
    /// reported together.
    #[arg(long)]
    pub collapse: bool,
    /// The saved searches to run (default: all, in the order saved).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

/// Whether an option, as written, still needs its value from the next argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nothing,
    Value,
}

/// `--NAME` or `--NAME=VALUE`, if NAME is an option of `command` (also `--help`).
fn known_long(command: &clap::Command, written: &str) -> Option<Needs> {
    let (name, value) = match written.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (written, None),
    };
    if name == "help" {
        return Some(Needs::Nothing);
    }
    let arg = command.get_arguments().find(|a| a.get_long() == Some(name))?;
    let takes_value = arg.get_action().takes_values();
    match (takes_value, value) {
        (true, None) => Some(Needs::Value),
        (true, Some(_)) => Some(Needs::Nothing),
        (false, None) => Some(Needs::Nothing),
        (false, Some(_)) => None,
    }
}

/// `-C` or `-CVALUE`, if C is a short option of `command` (also `-h`) and VALUE is what
/// it takes: `-n5` is the limit 5, `-news` is the query word `-news`.
fn known_short(command: &clap::Command, written: &str) -> Option<Needs> {
    let mut chars = written.chars();
    let short = chars.next()?;
    let value = chars.as_str();
    if short == 'h' {
        return value.is_empty().then_some(Needs::Nothing);
    }
    let arg = command.get_arguments().find(|a| a.get_short() == Some(short))?;
    if !arg.get_action().takes_values() {
        return value.is_empty().then_some(Needs::Nothing);
    }
    let value = value.strip_prefix('=').unwrap_or(value);
    match value {
        "" => Some(Needs::Value),
        // -n takes a number; a word joined to trend's -e is an exclusion (`-economy`), as
        // in search, and `-e QUERY` is written apart.
        v if v.bytes().all(|b| b.is_ascii_digit()) => Some(Needs::Nothing),
        _ => None,
    }
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
    /// A header, then one row per hit: id,date,source,lang,title,score,snippet,path,url.
    Csv,
}

/// The output formats of `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    Text,
    Json,
    Csv,
}

/// What `trend` counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Day,
    Week,
    Month,
    Year,
    Source,
    Lang,
}

/// The output formats of `show` and `stats`, which print one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::{CommandFactory, Parser};

    use super::{arrange, Cli};

    fn arranged(args: &[&str]) -> Vec<String> {
        let args = [&["jianbao"], args].concat().into_iter().map(OsString::from);
        arrange(args).into_iter().skip(1).map(|a| a.into_string().unwrap()).collect()
    }

    #[test]
    fn search_options_go_before_the_query_words() {
        let table: [(&[&str], &[&str]); 14] = [
            (&["search", "香港"], &["search", "--", "香港"]),
            (&["search", "香港", "-經濟"], &["search", "--", "香港", "-經濟"]),
            (&["search", "--", "-香港", "-n", "1"], &["search", "-n", "1", "--", "-香港"]),
            (&["search", "-n5", "-oil", "gas"], &["search", "-n5", "--", "-oil", "gas"]),
            (&["search", "-news", "-n=2"], &["search", "-n=2", "--", "-news"]),
            (&["search", "--sort", "-date", "港"], &["search", "--sort", "-date", "--", "港"]),
            (
                &["search", "港", "--", "--count", "--limit=3", "--nope"],
                &["search", "--count", "--limit=3", "--", "港", "--nope"],
            ),
            (&["search", "--limt", "5", "港"], &["search", "--limt", "--", "5", "港"]),
            (&["search", "--batch"], &["search", "--batch"]),
            (&["search", "--", "--", "a"], &["search", "--", "--", "a"]),
            (&["show", "-x", "--", "-n"], &["show", "-x", "--", "-n"]),
            (
                &["trend", "香港", "-經濟", "-e", "-港", "--by", "year"],
                &["trend", "-e", "-港", "--by", "year", "--", "香港", "-經濟"],
            ),
            (
                &["alert", "add", "hk", "香港", "-經濟", "--lang", "en"],
                &["alert", "add", "--lang", "en", "--", "hk", "香港", "-經濟"],
            ),
            (&["alert", "run", "-x"], &["alert", "run", "-x"]),
        ];
        for (args, expected) in table {
            assert_eq!(arranged(args), expected, "{args:?}");
        }
        let parsed = Cli::try_parse_from(arrange(["jianbao", "search", "--", "-香港", "-n", "1"].map(OsString::from)));
        let super::Command::Search(search) = parsed.unwrap().command else { panic!("not search") };
        assert_eq!((search.limit, search.query), (1, vec!["-香港".to_owned()]));
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_and_formats_are_checked_as_arguments_are_parsed() {
        let parse = |args: &[&str]| Cli::try_parse_from([&["jianbao"], args].concat()).map_err(|e| e.to_string());
        assert!(parse(&["search", "--since", "2024-03", "--until", "2024", "港"]).is_ok());
        for bad in ["2024-13", "24", "2024-3-1", "2024-03-32", "tomorrow", "7x", "d", "12345d", "1.5y"] {
            let refused = parse(&["search", "--since", bad, "港"]).unwrap_err();
            assert!(refused.contains("expected YYYY, YYYY-MM, YYYY-MM-DD, today"), "{bad}: {refused}");
        }
        assert!(parse(&["show", "--format", "jsonl", "a"]).is_err(), "show prints one object, not lines");
        assert!(parse(&["stats", "--format", "jsonl"]).is_err());
        assert!(parse(&["stats", "--format", "json"]).is_ok());
    }
}
