//! Integration tests, in one binary: the real `jianbao` command on fixture corpora.

mod cli;
mod common;
mod flags;
mod folding;
mod formats;
mod index;
#[cfg(feature = "libopencc")]
mod opencc_backends;
mod output;
mod robustness;
mod robustness_corpus;
mod safety;
