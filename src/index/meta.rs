//! What an index records about itself, beside the documents.
//!
//! - The commit payload (inside tantivy's `meta.json`, written atomically with each
//!   commit): the jianbao version, the analyzer fingerprint and the user dictionary, so
//!   that queries are analyzed exactly as the documents were.
//! - The file manifest (`jianbao-files.json`): size and modification time of each corpus
//!   file at the last complete update, so that an unchanged file is not read again. It
//!   is a cache: it names the commit it belongs to and is ignored for any other.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::Schema;
use xxhash_rust::xxh3::Xxh3;

use crate::analysis::{UserDict, UserWords};
use crate::corpus::Root;
use crate::text::script::OPENCC_CONFIG;
use crate::{Error, Result};

/// Bumped whenever analysis changes what terms a text gives, or how documents are keyed:
/// older indexes must be rebuilt. 4: file keys by root and escaped names. 5: a headline is
/// not joined to the line below it, and clippings get titles, languages and sources from
/// their text (a rebuild reads every file again). 6: any white space between two CJK
/// characters vanishes in folding, not only a line break (indexed terms change). 7: an
/// English possessive is part of its word's n-gram, and titles and bodies get marks. 8: each
/// body's story sketch, and the commit that added a document (`added`), for saved searches.
/// 9: the characters views (`title_chars`, `body_chars`), for a query of one character.
const ANALYZER_VERSION: u32 = 9;

/// The analyzer stamp of documents exported to another engine ([`crate::remote`]): the
/// n-gram and word views depend on nothing else (the user dictionary only changes ranking).
pub fn analyzer_stamp() -> String {
    format!("jianbao-a{ANALYZER_VERSION}")
}

/// Name of the manifest file in the index folder.
const MANIFEST: &str = "jianbao-files.json";

/// Recorded with every commit.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Payload {
    pub version: String,
    pub fingerprint: String,
    pub userdict: String,
    /// The user dictionary's words as jieba took them: queries need no whole dictionary.
    #[serde(default)]
    pub user_words: Option<UserWords>,
    /// Seconds since the Unix epoch.
    pub updated: u64,
    /// The corpus folders (and single files) the index holds.
    #[serde(default)]
    pub roots: Vec<Root>,
    #[serde(flatten)]
    pub commits: Commits,
}

/// Which commit of which index: documents carry the number of the commit that added them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commits {
    /// When the index was created, in nanoseconds since the Unix epoch: an index built
    /// anew counts its commits from 1 again, and this tells it from the one it replaced.
    #[serde(default)]
    pub born: u64,
    /// Commits made since then, this one included.
    #[serde(default)]
    pub commits: u64,
}

impl Commits {
    /// The count of a new index, created now.
    pub fn new() -> Commits {
        let born = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Commits { born: u64::try_from(born).unwrap_or(u64::MAX), commits: 0 }
    }
}

impl Payload {
    pub fn new(
        fingerprint: String,
        dict: &UserDict,
        user_words: Option<UserWords>,
        roots: Vec<Root>,
        commits: Commits,
    ) -> Payload {
        let updated = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Payload {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            fingerprint,
            userdict: dict.source().to_owned(),
            user_words,
            updated,
            roots,
            commits,
        }
    }
}

/// The analyzer fingerprint: changes whenever documents would be analyzed differently.
pub fn fingerprint(schema: &Schema, dict: &UserDict) -> String {
    let mut h = Xxh3::new();
    h.update(&ANALYZER_VERSION.to_le_bytes());
    h.update(OPENCC_CONFIG.as_bytes());
    h.update(serde_json::to_string(schema).unwrap_or_default().as_bytes());
    h.update(dict.source().as_bytes());
    format!("a{ANALYZER_VERSION}-{:016x}", h.digest())
}

/// Size and modification time of a corpus file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub modified_ns: u64,
}

/// Corpus files as they were at a commit.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub opstamp: u64,
    pub files: BTreeMap<String, Stamp>,
    /// Set when a build from nothing was committed and its merge into one segment has
    /// not ended: the next run merges.
    #[serde(default)]
    pub merge_pending: bool,
}

impl Manifest {
    /// The manifest of commit `opstamp`; `None` if the stored one is missing, unreadable
    /// or of another commit.
    pub fn load(dir: &Path, opstamp: u64) -> Option<Manifest> {
        let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
        serde_json::from_slice::<Manifest>(&bytes).ok().filter(|m| m.opstamp == opstamp)
    }

    /// Writes it atomically (a temporary file renamed over the old one).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MANIFEST);
        let tmp = dir.join(format!("{MANIFEST}.tmp"));
        let bytes = serde_json::to_vec(self).map_err(|e| Error::io(&tmp, e.into()))?;
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }
}
