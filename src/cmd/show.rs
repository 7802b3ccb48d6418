//! `jianbao show`: one whole clipping, as it reads in print, paged on a terminal.

use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::{self, Store};
use jianbao::print::{self, Article};
use jianbao::search::{query, snippet};

use crate::cli::ShowArgs;

pub fn run(args: &ShowArgs) -> Result<ExitCode> {
    let layout = super::layout(args.color);
    let store = Store::open_for_search(&super::resolve_index(args.index.as_deref())?)?;
    let Some(doc) = store.get(&args.id)? else {
        eprintln!("jianbao: no clipping with id {:?} in {}", args.id, store.path().display());
        return Ok(ExitCode::from(1));
    };
    let terms = match &args.highlight {
        Some(q) => query::plan(q, &store.fields, store.segmenter())?.terms,
        None => Vec::new(),
    };
    let printed = snippet::whole(&doc.body, &terms);
    let versions = index::versions_of(&store, &args.id)?;
    let article = Article::new(doc, printed, versions);
    super::write_out(&article, args.format, |out, a| {
        let mut text = Vec::new();
        print::article(&mut text, a, layout)?;
        super::pager::page(out, args.paging, &text)
    })
}
