//! Paragraph boundaries: where `show` starts a new paragraph, and where `/p` stops.
//!
//! A paragraph boundary lies in a run of white space of the original text that holds a
//! line break and follows one of `。！？」』：.!?:"”`, or that starts where the headline
//! ends ([`super::headline::end`]). Any other line break is an OCR wrap and separates
//! nothing. The printer (`search::snippet`) and the marks view of the index
//! (`analysis::marks`) both decide by [`is_break`], so what `/p` counts is what is shown.

use std::ops::Range;

/// True if `original[space]`, a run of white space of `original` (all of it, between
/// characters that are not), is a paragraph boundary; `headline_end` is
/// [`super::headline::end`] of `original`. An empty run is none.
pub fn is_break(original: &str, space: Range<usize>, headline_end: Option<usize>) -> bool {
    let Some(run) = original.get(space.clone()).filter(|run| !run.is_empty()) else {
        return false;
    };
    let after_sentence = original[..space.start].chars().next_back().is_some_and(ends_sentence);
    headline_end == Some(space.start) || (after_sentence && run.contains(LINE_BREAKS))
}

/// The characters that break a line: those of ASCII, and Unicode's next line, line
/// separator and paragraph separator (as the snippet's rendering takes them).
pub const LINE_BREAKS: [char; 5] = ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];

/// True for the characters after which a line break ends a paragraph.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '」' | '』' | '：' | '.' | '!' | '?' | ':' | '"' | '”')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_break` of the first run of white space in `text`.
    fn first_run_breaks(text: &str, headline_end: Option<usize>) -> bool {
        let start = text.find(char::is_whitespace).unwrap_or(text.len());
        let len = text[start..].find(|c: char| !c.is_whitespace()).unwrap_or(text.len() - start);
        is_break(text, start..start + len, headline_end)
    }

    #[test]
    fn a_line_break_after_a_sentence_end_or_the_headline_is_a_boundary() {
        let table = [
            ("起步。\n新質", None, true),
            ("起步。\r\n\n新質", None, true),
            ("起步。\u{2028}新質", None, true),
            ("起步。\u{2029}新質", None, true),
            ("他說：「好。」\n新質", None, true),
            ("so.\nNext", None, true),
            ("“quoted”\nNext", None, true),
            // An OCR wrap: no sentence end before it.
            ("新質\n生產力", None, false),
            ("起步，\n新質", None, false),
            // No line break: spacing inside a paragraph.
            ("起步。 新質", None, false),
            ("so.  Next", None, false),
            // The white space after the headline, with or without a line break.
            ("港府推進新型工業化\n新質", Some("港府推進新型工業化".len()), true),
            ("港府推進 新型工業化\n新質", Some("港府推進 新型工業化".len()), false),
        ];
        for (text, headline_end, expected) in table {
            assert_eq!(first_run_breaks(text, headline_end), expected, "{text:?}");
        }
        assert!(!is_break("起步。\n", 3..3, None), "an empty run");
        assert!(!is_break("起步。\n", 0..100, None), "out of bounds");
    }
}
