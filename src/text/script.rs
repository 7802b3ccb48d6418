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
}

impl Convert for ferrous_opencc::OpenCC {
    fn convert(&self, text: &str) -> String {
        ferrous_opencc::OpenCC::convert(self, text)
    }
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
            .map(|cc| Box::new(cc) as Box<dyn Convert>)
            .map_err(|e| e.to_string()),
        #[cfg(feature = "libopencc")]
        Backend::LibOpenCC => opencc_rust::OpenCC::new(opencc_rust::DefaultConfig::HK2S)
            .map(|cc| Box::new(cc) as Box<dyn Convert>)
            .map_err(str::to_string),
    }
}

fn converter(backend: Backend) -> Result<&'static dyn Convert> {
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

/// Loads the converter now, so that a broken installation is reported before any work.
pub fn init() -> Result<()> {
    converter(Backend::DEFAULT).map(|_| ())
}

/// Folds `text` to Simplified Chinese, keeping its character count.
///
/// Characters outside CJK pass through unchanged.
pub fn to_simplified(text: &str) -> Result<String> {
    to_simplified_with(Backend::DEFAULT, text)
}

/// [`to_simplified`] with a given backend, to compare them.
pub fn to_simplified_with(backend: Backend, text: &str) -> Result<String> {
    let cc = converter(backend)?;
    if text.is_ascii() {
        return Ok(text.to_owned());
    }
    let converted = cc.convert(text);
    let folded = if converted.chars().count() == text.chars().count() {
        converted
    } else {
        text.chars().map(|c| convert_char(cc, c)).collect()
    };
    Ok(folded.chars().map(extra_fold).collect())
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
fn extra_fold(c: char) -> char {
    match c {
        '著' => '着',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_folds(table: &[(&str, &str)]) {
        for (input, expected) in table {
            assert_eq!(to_simplified(input).unwrap(), *expected, "folding {input:?}");
        }
    }

    #[test]
    fn folds_hong_kong_traditional_to_simplified() {
        assert_folds(&[
            ("新質生產力", "新质生产力"),
            ("新质生产力", "新质生产力"),
            ("睡著了", "睡着了"),
            ("着數", "着数"),
            ("電綫", "电线"),
            ("屋裏", "屋里"),
            ("DeepSeek 2025", "DeepSeek 2025"),
            ("", ""),
        ]);
    }

    #[test]
    fn keeps_character_count() {
        for text in ["香港特別行政區政府", "乾隆皇帝", "🦀 emoji 與 é 組合", "\u{0}\u{FFFF}"] {
            let folded = to_simplified(text).unwrap();
            assert_eq!(folded.chars().count(), text.chars().count(), "{text:?} -> {folded:?}");
        }
    }
}
