//! The bytes of a clipping into text, whatever encoding it was saved in.
//!
//! Clippings come from many desks: UTF-8 with or without a byte-order mark, UTF-16 from
//! Windows tools, Big5 (with the Hong Kong HKSCS characters) and GBK/GB18030 from older
//! systems. Detection runs from the surest sign to the weakest: a byte-order mark; a
//! pattern of NUL bytes that only UTF-16 explains (checked before UTF-8, because UTF-16
//! of ASCII text is also valid UTF-8); UTF-8 itself; then chardetng's guess. A file that
//! decodes badly or looks binary is refused with a reason rather than indexed as noise.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes the UTF-16 test looks at: enough to see a pattern.
const UTF16_SAMPLE: usize = 64 * 1024;

/// Text decoded from a file, and how.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark and without stray control characters.
    pub text: String,
    pub encoding: &'static Encoding,
    /// Malformed byte sequences, each replaced by U+FFFD.
    pub replaced: usize,
}

/// Decodes `bytes`, or says why they are not text (`binary file`, `cannot decode as Big5 …`).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (encoding, text, replaced) = detect_and_decode(bytes);
    if looks_binary(&text) {
        return Err("binary file".into());
    }
    if !tolerable(&text, replaced, bytes.len()) {
        return Err(format!("cannot decode as {} ({replaced} malformed byte sequence(s))", encoding.name()));
    }
    Ok(Decoded { text: strip_controls(&text).into_owned(), encoding, replaced })
}

/// Removes control characters other than line breaks and tabs, which would only disturb
/// searching and printing; form feeds and vertical tabs (Word's line break) become `\n`.
pub fn strip_controls(text: &str) -> Cow<'_, str> {
    let stray = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if !text.contains(stray) {
        return Cow::Borrowed(text);
    }
    let keep = |c: char| match c {
        '\x0b' | '\x0c' => Some('\n'),
        c if stray(c) => None,
        c => Some(c),
    };
    Cow::Owned(text.chars().filter_map(keep).collect())
}

fn detect_and_decode(bytes: &[u8]) -> (&'static Encoding, String, usize) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return with(encoding, &bytes[bom..]);
    }
    if let Some(encoding) = utf16_by_nuls(bytes) {
        return with(encoding, bytes);
    }
    let (encoding, text, replaced) = with(UTF_8, bytes);
    if replaced == 0 || damaged_utf8(&text, replaced, bytes.len()) {
        return (encoding, text, replaced);
    }
    match utf16_by_characters(bytes) {
        Some(encoding) => with(encoding, bytes),
        None => with(guess(bytes), bytes),
    }
}

fn with(encoding: &'static Encoding, bytes: &[u8]) -> (&'static Encoding, String, usize) {
    let (text, replaced) = decode_counting(encoding, bytes);
    (encoding, text, replaced)
}

/// Decodes `bytes` without BOM sniffing, counting malformed sequences.
fn decode_counting(encoding: &'static Encoding, mut bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len());
    let mut text = String::with_capacity(capacity.unwrap_or(bytes.len()));
    let mut replaced = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
        bytes = &bytes[read..];
        match result {
            DecoderResult::InputEmpty => return (text, replaced),
            DecoderResult::OutputFull => text.reserve(bytes.len().max(16) * 3),
            DecoderResult::Malformed(..) => {
                replaced += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
}

/// UTF-16 without a byte-order mark, when many code units have a zero high byte (ASCII,
/// line breaks) and almost none a zero low byte.
fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE)];
    let units = sample.len() / 2;
    let zeros = |parity: usize| sample.iter().skip(parity).step_by(2).take(units).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    // Chinese text has few ASCII characters, so 2% of units is already a clear sign.
    let clear = |hits: usize, other: usize| hits > 0 && hits * 50 >= units && other * 4 <= hits;
    if clear(odd, even) {
        Some(UTF_16LE)
    } else if clear(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// UTF-16 without a byte-order mark or ASCII, when nearly every code unit is a character
/// of Chinese text. Legacy encodings read as UTF-16 fall mostly outside these ranges.
fn utf16_by_characters(bytes: &[u8]) -> Option<&'static Encoding> {
    const TEXT: [(u16, u16); 6] = [
        (0x0009, 0x007E), // ASCII, with tab and line breaks
        (0x2000, 0x206F), // general punctuation: “ ” — …
        (0x3000, 0x303F), // CJK punctuation: 　、。「」
        (0x3400, 0x4DBF), // CJK extension A
        (0x4E00, 0x9FFF), // CJK unified ideographs
        (0xFF00, 0xFFEF), // full-width forms: ，：（）
    ];
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE)];
    let textual = |unit: fn([u8; 2]) -> u16| {
        let units = sample.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let hits = units.filter(|u| TEXT.iter().any(|&(lo, hi)| (lo..=hi).contains(u))).count();
        hits * 10 >= sample.len() / 2 * 9
    };
    if sample.len() < 2 {
        None
    } else if textual(u16::from_le_bytes) {
        Some(UTF_16LE)
    } else if textual(u16::from_be_bytes) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True for UTF-8 with a few broken bytes (a clipping cut mid-character) rather than a
/// legacy encoding, in which nearly every non-ASCII character would be malformed.
fn damaged_utf8(text: &str, replaced: usize, len: usize) -> bool {
    let non_ascii = text.chars().filter(|&c| !c.is_ascii() && c != char::REPLACEMENT_CHARACTER).count();
    tolerable(text, replaced, len) && non_ascii >= 10 * replaced
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

/// At most one malformed sequence, or one in a thousand bytes, amid real text: a damaged
/// file, not a wrong guess.
fn tolerable(text: &str, replaced: usize, len: usize) -> bool {
    let good = || text.chars().filter(|&c| !c.is_whitespace() && c != char::REPLACEMENT_CHARACTER).count();
    replaced == 0 || (replaced <= 1 + len / 1000 && good() >= 10 * replaced)
}

/// More than one character in a hundred is a control character that text does not use.
fn looks_binary(text: &str) -> bool {
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        controls += usize::from(c.is_ascii_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0b' | '\x0c'));
    }
    controls * 100 > chars
}

#[cfg(test)]
mod tests;
