//! `jianbao stats`: what the index holds.

use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::{self, Store};
use jianbao::print;

use crate::cli::StatsArgs;

pub fn run(args: &StatsArgs) -> Result<ExitCode> {
    let store = Store::open_for_search(&super::resolve_index(args.index.as_deref())?)?;
    let stats = index::stats(&store)?;
    super::write_out(&stats, args.format, |out, s| print::stats(out, s, store.path()))
}
