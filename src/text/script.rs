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

/// Which OpenCC implementation this build folds with.
#[cfg(not(feature = "libopencc"))]
pub const BACKEND: &str = "ferrous-opencc";
#[cfg(feature = "libopencc")]
pub const BACKEND: &str = "libopencc";

#[cfg(not(feature = "libopencc"))]
type Converter = ferrous_opencc::OpenCC;
#[cfg(feature = "libopencc")]
type Converter = opencc_rust::OpenCC;

#[cfg(not(feature = "libopencc"))]
fn load() -> std::result::Result<Converter, String> {
    use ferrous_opencc::config::BuiltinConfig;
    Converter::from_config(BuiltinConfig::Hk2s).map_err(|e| e.to_string())
}

#[cfg(feature = "libopencc")]
fn load() -> std::result::Result<Converter, String> {
    Converter::new(opencc_rust::DefaultConfig::HK2S).map_err(str::to_string)
}

fn converter() -> Result<&'static Converter> {
    static CONVERTER: OnceLock<std::result::Result<Converter, String>> = OnceLock::new();
    CONVERTER
        .get_or_init(load)
        .as_ref()
        .map_err(|e| Error::Script(format!("loading OpenCC {OPENCC_CONFIG} ({BACKEND}): {e}")))
}

/// Loads the converter now, so that a broken installation is reported before any work.
pub fn init() -> Result<()> {
    converter().map(|_| ())
}

/// Folds `text` to Simplified Chinese, keeping its character count.
///
/// Characters outside CJK pass through unchanged.
pub fn to_simplified(text: &str) -> Result<String> {
    let cc = converter()?;
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

fn convert_char(cc: &Converter, c: char) -> String {
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
