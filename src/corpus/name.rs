//! File names as text: lossless, unambiguous and safe to print.
//!
//! A file name on Unix is any bytes but `/` and NUL: a GBK name unpacked from a Windows
//! archive is not UTF-8, and a name may hold a newline or an ANSI escape. Ids and file
//! keys are made of names, so two names must never give one text, and printing an id
//! must never move the cursor. [`escape`] writes a name as text:
//!
//! - characters of valid UTF-8 stay as they are, but for `\`, written `\\`;
//! - control characters are written as text output shows them ([`push_control`]):
//!   `\n`, `\r`, `\t`, `\x1b` (C0 and DEL), `\u{9b}` (C1);
//! - each byte that is not part of valid UTF-8 (so 0x80 or above) is written `\xNN`.
//!
//! [`unescape`] gives the bytes back: escaping is one-to-one.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;

/// `name` as text, losslessly (see the module).
pub fn escape(name: &OsStr) -> String {
    escape_bytes(name.as_encoded_bytes())
}

fn escape_bytes(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    while !bytes.is_empty() {
        let (valid, rest) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, &[][..]),
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                (std::str::from_utf8(valid).unwrap_or_default(), rest)
            }
        };
        escape_text(valid, &mut out);
        let Some((&bad, after)) = rest.split_first() else { break };
        let _ = write!(out, "\\x{bad:02x}");
        bytes = after;
    }
    out
}

/// `text` with `\` and control characters escaped, as in [`escape`]: safe to print.
pub fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => push_control(out, c),
            c => out.push(c),
        }
    }
}

/// Writes control character `c` as an escape: `\n`, `\r`, `\t`, `\x1b` (C0 and DEL),
/// `\u{9b}` (C1). The one way jianbao shows a control character as text.
pub fn push_control(out: &mut String, c: char) {
    // Writing to a String cannot fail.
    let _ = match c {
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        '\t' => write!(out, "\\t"),
        '\0'..='\x1f' | '\x7f' => write!(out, "\\x{:02x}", c as u32),
        c => write!(out, "\\u{{{:x}}}", c as u32),
    };
}

/// The name [`escape`] wrote as `text`; `None` if `text` is not such an escape.
pub fn unescape(text: &str) -> Option<OsString> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next()?.1 {
            '\\' => bytes.push(b'\\'),
            'n' => bytes.push(b'\n'),
            'r' => bytes.push(b'\r'),
            't' => bytes.push(b'\t'),
            'x' => {
                let hex: String = [chars.next()?.1, chars.next()?.1].iter().collect();
                bytes.push(u8::from_str_radix(&hex, 16).ok()?);
            }
            'u' => {
                if chars.next()?.1 != '{' {
                    return None;
                }
                let mut hex = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    hex.push(c);
                }
                let c = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
                let mut buf = [0; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            _ => return None,
        }
    }
    Some(os_string(bytes))
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn names_are_escaped_losslessly_and_printably() {
        let cases: &[(&[u8], &str)] = &[
            (b"2024-03-14.txt", "2024-03-14.txt"),
            ("新聞.txt".as_bytes(), "新聞.txt"),
            // GBK for 新聞: not UTF-8.
            (b"\xd0\xc2\xc2\xc5.txt", "\\xd0\\xc2\\xc2\\xc5.txt"),
            (b"a\\xd0.txt", "a\\\\xd0.txt"),
            (b"a\nb\x1b[31m.txt", "a\\nb\\x1b[31m.txt"),
            ("a\u{9b}b".as_bytes(), "a\\u{9b}b"),
        ];
        for (bytes, text) in cases {
            let name = os_string(bytes.to_vec());
            assert_eq!(escape(&name), *text);
            assert_eq!(unescape(text).as_deref(), Some(name.as_os_str()));
        }
        // Two GBK names that a lossy conversion makes one.
        assert_ne!(escape(&os_string(b"\xd0\xc2.txt".to_vec())), escape(&os_string(b"\xc2\xc5.txt".to_vec())));
    }

    proptest! {
        #[test]
        fn escaping_is_one_to_one_and_never_prints_a_control(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let name = os_string(bytes);
            let text = escape(&name);
            prop_assert!(!text.chars().any(char::is_control));
            prop_assert_eq!(unescape(&text), Some(name));
        }
    }
}
