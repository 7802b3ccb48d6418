//! `jianbao show`: one whole clipping, as it reads in print.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::Store;
use jianbao::print::{self, Article};
use jianbao::search::{query, snippet};

use crate::cli::{FormatArg, ShowArgs};

pub fn run(args: &ShowArgs) -> Result<ExitCode> {
    let store = Store::open(&super::resolve_index(args.index.as_deref())?)?;
    let Some(doc) = store.get(&args.id)? else {
        eprintln!("jianbao: no clipping with id {:?} in {}", args.id, store.path().display());
        return Ok(ExitCode::from(1));
    };
    let terms = match &args.highlight {
        Some(q) => query::plan(q, &store.fields, store.segmenter())?.terms,
        None => Vec::new(),
    };
    let printed = snippet::whole(&doc.body, &terms);
    let article = Article::new(doc, printed);
    let mut out = io::stdout().lock();
    let written = match args.format {
        FormatArg::Text => print::article(&mut out, &article, super::use_color()),
        FormatArg::Json | FormatArg::Jsonl => {
            serde_json::to_writer(&mut out, &article).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
