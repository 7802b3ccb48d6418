//! `jianbao stats`: what the index holds.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::{self, Store};
use jianbao::print;

use crate::cli::{FormatArg, StatsArgs};

pub fn run(args: &StatsArgs) -> Result<ExitCode> {
    let store = Store::open(&super::resolve_index(args.index.as_deref())?)?;
    let stats = index::stats(&store)?;
    let mut out = io::stdout().lock();
    let written = match args.format {
        FormatArg::Text => print::stats(&mut out, &stats, store.path()),
        FormatArg::Json | FormatArg::Jsonl => {
            serde_json::to_writer(&mut out, &stats).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
