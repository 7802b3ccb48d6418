//! jianbao (剪報): full-text search for Chinese and English news clippings.
//!
//! The pipeline, stage by stage:
//! - [`corpus`] reads clippings (`.txt`, `.md`, `.html`, `.jsonl[.gz|.zst]`, in any common
//!   encoding) into [`corpus::Document`]s;
//! - [`text`] folds text (script, width, case, hard wraps) keeping a map to the original;
//! - [`analysis`] cuts folded text into terms, one definition for documents and queries;
//! - [`index`] stores documents in a tantivy index;
//! - [`search`] turns a query into typed [`search::Hit`]s with snippets;
//! - [`print`] writes hits as text or JSON;
//! - [`story`] groups the versions of one story printed by several papers.
//! - [`remote`] hands the index to Quickwit or OpenSearch and searches it there.
//! - [`alerts`] keeps saved searches with an index and finds what is new to each.

pub mod alerts;
pub mod analysis;
pub mod corpus;
mod error;
pub mod index;
pub mod print;
pub mod remote;
pub mod search;
pub mod story;
pub mod text;

pub use error::{Error, Result};
