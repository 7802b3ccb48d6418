//! `jianbao duplicates`: the stories printed more than once, from the index.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::{self, Store};
use jianbao::print;

use crate::cli::{DuplicatesArgs, FormatArg};

/// What `--format json` writes: the stories listed, with their counts.
#[derive(serde::Serialize)]
struct Listing<'a> {
    stories: usize,
    clippings: usize,
    groups: &'a [index::Listed],
}

pub fn run(args: &DuplicatesArgs) -> Result<ExitCode> {
    let layout = super::layout(args.color);
    let store = Store::open_for_search(&super::resolve_index(args.index.as_deref())?)?;
    let stories = index::stories_listed(&store, args.min_size as usize)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        FormatArg::Text => print::stories(&mut out, &stories, layout)?,
        FormatArg::Json => {
            let clippings = stories.iter().map(|s| s.ids.len()).sum();
            print::json(&mut out, &Listing { stories: stories.len(), clippings, groups: &stories })?
        }
        FormatArg::Jsonl => stories.iter().try_for_each(|story| print::json(&mut out, story))?,
        FormatArg::Csv => print::csv::stories(&mut out, &stories)?,
    }
    out.flush()?;
    Ok(ExitCode::from(if stories.is_empty() { 1 } else { 0 }))
}
