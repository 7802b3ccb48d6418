//! `jianbao search --remote URL --engine E INDEX QUERY…`: a search of an index exported
//! to Quickwit or OpenSearch, printed as a local search prints (see docs/remote.md).

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Result};

use jianbao::analysis::Segmenter;
use jianbao::print::{self, Format, Layout};
use jianbao::remote::{self, Remote};
use jianbao::search::Request;

use crate::cli::SearchArgs;

pub fn run(url: &str, args: &SearchArgs, mut request: Request, format: Format, layout: Layout) -> Result<ExitCode> {
    let Some(engine) = args.remote.engine else { bail!("--remote needs --engine quickwit|opensearch") };
    let Some((index, words)) = args.query.split_first().filter(|(_, words)| !words.is_empty()) else {
        bail!("--remote needs the index's name and then the query: search --remote URL --engine E INDEX QUERY…");
    };
    request.query = words.join(" ");
    let timeout = Duration::from_secs(args.remote.timeout);
    let remote = Remote::new(engine.engine(), url, index, timeout)?;
    let segmenter = Segmenter::default();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.remote.show_request {
        print::json(&mut out, &remote::client::request_body(&remote, &request, &segmenter)?)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let results = remote::search(&remote, &request, &segmenter)?;
    super::search::print_one(&results, request.count_only, format, layout, &mut out)
}
