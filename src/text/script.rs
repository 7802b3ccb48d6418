//! Script folding: Hong Kong Traditional (and plain Traditional) to Simplified.
//!
//! Users type either script and must find both, so every text is folded to Simplified
//! before it is segmented. The converter is OpenCC `hk2s` plus 著→着, which `hk2s`
//! leaves alone although `睡著` and `睡着` are the same word. Two backends give the same
//! answer: `ferrous-opencc` (pure Rust, the default) and the reference C++ OpenCC behind
//! the `libopencc` feature. Both are loaded once per process.
//!
//! Folding must keep the number of characters, because offsets into the original text
//! are mapped character by character. Where a phrase rule would change the count, the
//! text is converted one character at a time instead.
//!
//! `ferrous-opencc` looks every character up in four dictionaries, which made folding a
//! sixth of the indexing time. Yet only the
//! 4,472 characters its `hk2s` dictionaries have in their keys can change, and no rule
//! spans any other character, so only the runs of those characters need converting. A
//! run in which no phrase rule can apply converts character by character, by table
//! ([`table`]); the others are handed to `ferrous-opencc`, and short ones are remembered
//! per thread. The answer is the same as converting the whole text, which tests check.
//!
//! The converter is loaded once per process, by [`init`], before any text is folded:
//! opening an index calls it, so a converter that cannot load is an error of that
//! command, and folding itself cannot fail.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::{Error, Result};

/// Name of the OpenCC configuration, recorded in the index's analyzer fingerprint.
pub const OPENCC_CONFIG: &str = "hk2s";

/// An OpenCC implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `ferrous-opencc`, pure Rust.
    Ferrous,
    /// The reference C++ OpenCC, through `opencc-rust`.
    #[cfg(feature = "libopencc")]
    LibOpenCC,
}

impl Backend {
    /// The backend this build folds with.
    #[cfg(not(feature = "libopencc"))]
    pub const DEFAULT: Backend = Backend::Ferrous;
    /// The backend this build folds with.
    #[cfg(feature = "libopencc")]
    pub const DEFAULT: Backend = Backend::LibOpenCC;

    /// Its name, as recorded with an index.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Ferrous => "ferrous-opencc",
            #[cfg(feature = "libopencc")]
            Backend::LibOpenCC => "libopencc",
        }
    }
}

/// A loaded converter of either backend.
trait Convert: Send + Sync {
    fn convert(&self, text: &str) -> String;

    /// The text converted in one piece, as the backend would by itself.
    fn convert_whole(&self, text: &str) -> String {
        self.convert(text)
    }
}

mod table;

use table::is_key_char;

/// `ferrous-opencc`, handed only the runs of key characters the tables cannot convert
/// ([`fold_by_table`]).
struct Ferrous(ferrous_opencc::OpenCC);

/// Runs of key characters up to this long (16 CJK characters) are converted once per
/// thread and remembered: words such as 經濟 or 發展 recur in every clipping.
const SHORT_RUN_BYTES: usize = 48;
/// How many short runs a thread remembers before it starts afresh (15 MB at most).
const SHORT_RUNS_KEPT: usize = 100_000;

impl Convert for Ferrous {
    fn convert_whole(&self, text: &str) -> String {
        self.0.convert(text)
    }

    /// Converts `text` (a run, or one character), remembering short ones.
    fn convert(&self, text: &str) -> String {
        thread_local! {
            static SHORT: RefCell<HashMap<Box<str>, Box<str>>> = RefCell::new(HashMap::new());
        }
        if text.len() > SHORT_RUN_BYTES {
            return self.0.convert(text);
        }
        SHORT.with_borrow_mut(|short| {
            if let Some(to) = short.get(text) {
                return to.to_string();
            }
            let converted = self.0.convert(text);
            if short.len() >= SHORT_RUNS_KEPT {
                short.clear();
            }
            short.insert(text.into(), converted.as_str().into());
            converted
        })
    }
}

/// `text` cut into runs of key characters and the text between them, in order, each
/// with whether it is a run.
fn pieces(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = text;
    let mut run_next = false;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let end = if run_next { rest.find(|c| !is_key_char(c)) } else { rest.find(is_key_char) };
        let (piece, after) = rest.split_at(end.unwrap_or(rest.len()));
        rest = after;
        let is_run = run_next;
        run_next = !run_next;
        if !piece.is_empty() {
            return Some((is_run, piece));
        }
    })
}

#[cfg(feature = "libopencc")]
impl Convert for opencc_rust::OpenCC {
    /// The C API takes NUL-terminated strings, so text is converted between NULs.
    fn convert(&self, text: &str) -> String {
        let pieces: Vec<String> = text.split('\0').map(|piece| opencc_rust::OpenCC::convert(self, piece)).collect();
        pieces.join("\0")
    }
}

type Loaded = std::result::Result<Box<dyn Convert>, String>;

fn load(backend: Backend) -> Loaded {
    match backend {
        Backend::Ferrous => ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::Hk2s)
            .map(|cc| Box::new(Ferrous(cc)) as Box<dyn Convert>)
            .map_err(|e| e.to_string()),
        #[cfg(feature = "libopencc")]
        Backend::LibOpenCC => opencc_rust::OpenCC::new(opencc_rust::DefaultConfig::HK2S)
            .map(|cc| Box::new(cc) as Box<dyn Convert>)
            .map_err(str::to_string),
    }
}

/// The converter of `backend`, loaded on first use and kept for the process.
fn loaded(backend: Backend) -> Result<&'static dyn Convert> {
    static FERROUS: OnceLock<Loaded> = OnceLock::new();
    #[cfg(feature = "libopencc")]
    static LIBOPENCC: OnceLock<Loaded> = OnceLock::new();
    let cell = match backend {
        Backend::Ferrous => &FERROUS,
        #[cfg(feature = "libopencc")]
        Backend::LibOpenCC => &LIBOPENCC,
    };
    match cell.get_or_init(|| load(backend)) {
        Ok(cc) => Ok(cc.as_ref()),
        Err(e) => Err(Error::Script(format!("loading OpenCC {OPENCC_CONFIG} ({}): {e}", backend.name()))),
    }
}

/// The converter of `backend`, which [`init`] (or [`init_with`]) has loaded.
///
/// Every command that folds text opens an index first, and opening one calls [`init`],
/// which reports a converter that cannot load as an error: folding itself cannot fail.
/// Code that folds without opening an index (tests, benchmarks) loads it here, and a
/// broken OpenCC installation is then a panic that names it.
fn converter(backend: Backend) -> &'static dyn Convert {
    match loaded(backend) {
        Ok(cc) => cc,
        Err(e) => panic!("{e} (text::script::init reports this before any text is folded)"),
    }
}

/// True if script folding may change `c` (alone or in some phrase); no other character
/// is ever changed, and none stands in a phrase rule.
pub fn may_change(c: char) -> bool {
    is_key_char(c) || extra_fold(c) != c
}

/// Loads the converter of this build, so that a broken installation is reported as an
/// error before any text is folded; after it, folding cannot fail. Cheap once done.
pub fn init() -> Result<()> {
    init_with(Backend::DEFAULT)
}

/// [`init`] for a given backend, to compare them.
pub fn init_with(backend: Backend) -> Result<()> {
    loaded(backend).map(|_| ())
}

/// Folds `text` to Simplified Chinese, keeping its character count.
///
/// Characters outside CJK pass through unchanged.
pub fn to_simplified(text: &str) -> String {
    to_simplified_with(Backend::DEFAULT, text)
}

/// [`to_simplified`] with a given backend, to compare them.
pub fn to_simplified_with(backend: Backend, text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    match backend {
        Backend::Ferrous => fold_by_table(text),
        #[cfg(feature = "libopencc")]
        Backend::LibOpenCC => fold(converter(backend), text, false),
    }
}

/// Folds with [`table`] where it can, loading `ferrous-opencc` only for a run it
/// cannot convert (a search whose snippets need none never loads it).
fn fold_by_table(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (is_run, piece) in pieces(text) {
        if !is_run {
            out.push_str(piece);
        } else if !table::convert_run(piece, &mut out) {
            out.push_str(&converter(Backend::Ferrous).convert(piece));
        }
    }
    // Only a phrase rule (applied by `ferrous-opencc`, loaded then) changes the length.
    keep_count(text, out, || converter(Backend::Ferrous))
}

/// [`to_simplified_with`] `ferrous-opencc` converting whole texts, without the shortcut
/// of converting only runs of its key characters: for tests of that shortcut.
#[doc(hidden)]
pub fn to_simplified_whole_text(text: &str) -> String {
    fold(converter(Backend::Ferrous), text, true)
}

fn fold(cc: &dyn Convert, text: &str, whole: bool) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let converted = if whole { cc.convert_whole(text) } else { cc.convert(text) };
    keep_count(text, converted, || cc)
}

/// `converted` (from `text`) if it kept the character count, else `text` converted one
/// character at a time by `cc`; then the folds OpenCC does not make.
fn keep_count<'a>(text: &str, converted: String, cc: impl FnOnce() -> &'a dyn Convert) -> String {
    let folded = if converted.chars().count() == text.chars().count() {
        converted
    } else {
        let cc = cc();
        text.chars().map(|c| convert_char(cc, c)).collect()
    };
    folded.chars().map(extra_fold).collect()
}

fn convert_char(cc: &dyn Convert, c: char) -> String {
    let mut buf = [0u8; 4];
    let one = cc.convert(c.encode_utf8(&mut buf));
    let mut chars = one.chars();
    match (chars.next(), chars.next()) {
        (Some(single), None) => single.to_string(),
        _ => c.to_string(),
    }
}

/// Folds that OpenCC's `hk2s` does not make but readers expect.
/// What script folding makes of `c` standing alone, by table, without the phrase rules
/// of OpenCC: the cheap folding of a text to compare with others, where a phrase folded
/// character by character only rarely differs (`docs/duplicates.md`).
pub fn simplified_alone(c: char) -> char {
    let alone = if table::is_key_char(c) { table::alone(c).unwrap_or(c) } else { c };
    extra_fold(alone)
}

fn extra_fold(c: char) -> char {
    match c {
        '著' => '着',
        other => other,
    }
}

#[cfg(test)]
mod tests;
