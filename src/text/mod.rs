//! Text normalisation: what two texts must agree on before they can match.
//!
//! [`Folded`] is the one entry point; [`script`] is the Traditional/Simplified stage.
//! [`headline`] and [`dateline`] read the lines a clipping opens with: the reader takes
//! its title and source from them, and folding never joins the headline to the body.
//! [`paragraph`] says where a paragraph ends, for printing and for `/p`.

pub mod dateline;
mod fold;
pub mod headline;
pub mod paragraph;
#[cfg(test)]
pub(crate) mod peak;
pub mod script;

#[cfg(test)]
pub use fold::cuts_cleanly;
pub use fold::{each_unscripted, is_cut_at, part_end, sentence_end_after, space_vanishes, Folded};

/// True for characters of scripts written without spaces between words (Han, kana,
/// bopomofo): they are matched by character n-grams.
pub fn is_ngram_char(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // hiragana, katakana
        | 0x3100..=0x312F   // bopomofo
        | 0x31A0..=0x31BF   // bopomofo extended
        | 0x31F0..=0x31FF   // katakana phonetic extensions
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x20000..=0x3FFFF // CJK extensions B and later
    ) || c == '〇'
}

/// True for characters of CJK text, including its punctuation and full-width forms: white
/// space between two of them (an OCR hard wrap, justified spacing) is not a word boundary.
pub fn is_cjk(c: char) -> bool {
    is_ngram_char(c)
        || matches!(c as u32,
            0x3000..=0x303F     // CJK symbols and punctuation
            | 0xFE30..=0xFE4F   // CJK compatibility forms
            | 0xFF00..=0xFFEF   // half-width and full-width forms
        )
}
