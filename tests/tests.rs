//! Integration tests, in one binary: the real `jianbao` command on fixture corpora.

mod alerts;
mod cli;
mod clippings;
mod common;
mod exact;
mod flags;
mod folding;
mod formats;
mod ignore;
mod index;
#[cfg(feature = "libopencc")]
mod opencc_backends;
mod operators;
mod operators_prop;
mod output;
mod remote_client;
mod remote_parity;
mod robustness;
mod robustness_corpus;
mod safety;
mod spaces;
mod stories;
mod threads;
mod trend;
mod watch;
