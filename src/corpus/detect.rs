//! What a clipping's text tells of it when its file does not: its title, its language
//! and its source.
//!
//! A clipping saved as text carries no fields, so they are read from the text as a
//! reader would: the headline ([`crate::text::headline`]), the script it is written in,
//! and the paper named by its dateline ([`crate::text::dateline`]). A field the file does
//! give (front matter, a page's tags) always wins; a language tag it gives is written
//! the way `--lang` takes it.

use crate::text::{dateline, headline, is_ngram_char, script};

use super::Document;

/// Characters of a title, at most.
const MAX_TITLE_CHARS: usize = 200;
/// Characters of a text looked at to tell its language.
const LANG_SAMPLE_CHARS: usize = 4000;
/// Non-empty lines, at most, and bytes of the text in which a dateline is looked for.
const DATELINE_LINES: usize = 20;
const DATELINE_BYTES: usize = 3000;

/// Fills in what `document` lacks of its language and source from its text, and writes
/// a language tag it has as `zh-Hant`, `zh-Hans` or `en` where it means one of them.
pub fn complete(document: &mut Document) {
    let meta = &mut document.meta;
    let body = &document.body;
    // The title of a `.txt` clipping is a line of its body: not counted twice.
    let title = meta.title.as_deref().filter(|t| !body.contains(*t)).unwrap_or("");
    // Only the first characters are looked at: no copy of the whole body.
    let detected =
        || lang(&title.chars().chain(['\n']).chain(body.chars()).take(LANG_SAMPLE_CHARS).collect::<String>());
    meta.lang = match meta.lang.as_deref() {
        Some(given) => Some(normalize_lang(given, detected)),
        None => detected().map(str::to_owned),
    };
    if meta.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
        meta.source = source(&document.body).map(str::to_owned);
    }
}

/// The headline of `text` as a title: see [`headline::headline`].
pub fn title(text: &str) -> Option<String> {
    headline::headline(text).map(|range| text[range].chars().take(MAX_TITLE_CHARS).collect())
}

/// The source named by the first dateline that opens one of the first lines of `text`.
pub fn source(text: &str) -> Option<&str> {
    let mut start = 0;
    let lines = text.split('\n').map(|line| {
        let at = start;
        start += line.len() + 1;
        (at, line)
    });
    let lines = lines.take_while(|&(at, _)| at < DATELINE_BYTES).filter(|(_, l)| !l.trim().is_empty());
    lines.take(DATELINE_LINES).find_map(|(_, line)| dateline::source(line))
}

/// The language of `text`: `en` where Latin letters outnumber Han characters more than
/// two to one, else, given enough Han characters, `zh-Hant` when script folding changes
/// at least one in twenty of them and `zh-Hans` when it changes fewer than one in a
/// hundred; `None` in between, for text in kana (Japanese), or for too little text.
pub fn lang(text: &str) -> Option<&'static str> {
    let (mut latin, mut han, mut kana) = (0usize, String::new(), 0usize);
    for c in text.chars().take(LANG_SAMPLE_CHARS) {
        if c.is_ascii_alphabetic() {
            latin += 1;
        } else if matches!(c, '\u{3040}'..='\u{30FF}') {
            kana += 1;
        } else if is_ngram_char(c) {
            han.push(c);
        }
    }
    let han_count = han.chars().count();
    if kana * 10 > han_count {
        return None;
    }
    if latin > 2 * han_count {
        return (latin >= 20).then_some("en");
    }
    if han_count < 10 {
        return None;
    }
    let changed = han.chars().zip(script::to_simplified(&han).chars()).filter(|(a, b)| a != b).count();
    if changed * 20 >= han_count {
        Some("zh-Hant")
    } else if changed * 100 < han_count {
        Some("zh-Hans")
    } else {
        None
    }
}

/// A language tag as `--lang` takes it: Chinese in Traditional script (`zh-Hant…`, or
/// of Taiwan, Hong Kong, Macau) is `zh-Hant`, in Simplified (`zh-Hans…`, or of China,
/// Singapore, Malaysia) `zh-Hans`, plain `zh` whichever `detected` finds (else `zh`),
/// any English `en`; other tags are kept as given.
pub fn normalize_lang(given: &str, detected: impl FnOnce() -> Option<&'static str>) -> String {
    let tag = given.trim().replace('_', "-").to_ascii_lowercase();
    let mut parts = tag.split('-');
    let (primary, region) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    match (primary, region) {
        ("en", _) => "en".to_owned(),
        ("zh", "hant" | "tw" | "hk" | "mo") => "zh-Hant".to_owned(),
        ("zh", "hans" | "cn" | "sg" | "my") => "zh-Hans".to_owned(),
        ("zh", "") => detected().filter(|l| l.starts_with("zh")).unwrap_or("zh").to_owned(),
        _ => given.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests;
