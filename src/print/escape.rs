//! What text output does to stored text before a terminal sees it: control characters
//! shown as escapes, and URLs shown as a browser's address bar shows them.

use std::borrow::Cow;

/// `s` with each control character written as an escape: `\n`, `\r`, `\t`, `\x1b` (C0
/// and DEL), `\u{9b}` (C1).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.contains(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    s.chars().for_each(|c| push_visible(&mut out, c));
    Cow::Owned(out)
}

pub(super) fn push_visible(out: &mut String, c: char) {
    if c.is_control() {
        crate::corpus::name::push_control(out, c);
    } else {
        out.push(c);
    }
}

/// `s` on one line, white space collapsed, control characters [`visible`].
pub(super) fn one_line(s: &str) -> String {
    visible(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// `url` with its percent-encoded UTF-8 decoded (`%E6%96%B0` as `新`), if that gives
/// valid UTF-8 with no control character and no invisible one that could disguise the
/// address (bidirectional and zero-width formatting); else `url` as it is. The escapes
/// of ASCII (`%20`, `%2F`, `%25`) stay: decoding them would change the address.
pub fn readable_url(url: &str) -> Cow<'_, str> {
    let bytes = url.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i + 1..i + 3).and_then(non_ascii_escape) {
            Some(byte) if bytes[i] == b'%' => {
                decoded.push(byte);
                i += 3;
            }
            _ => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    match String::from_utf8(decoded) {
        Ok(text) if text != url && !text.chars().any(disguises) => Cow::Owned(text),
        _ => Cow::Borrowed(url),
    }
}

/// The byte that the two hex digits `hex` stand for, if it is not ASCII.
fn non_ascii_escape(hex: &[u8]) -> Option<u8> {
    let hex = std::str::from_utf8(hex).ok()?;
    u8::from_str_radix(hex, 16).ok().filter(|&b| b >= 0x80 && !hex.starts_with('+'))
}

/// True for the characters a decoded URL must not show: controls, and formatting that
/// reorders or hides text.
fn disguises(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::{one_line, readable_url, visible};

    #[test]
    fn control_characters_are_shown_as_escapes() {
        let table = [
            ("plain 新聞", "plain 新聞"),
            ("a\x1b[2Jb", "a\\x1b[2Jb"),
            ("line\nforged\r\t", "line\\nforged\\r\\t"),
            ("\0\x7f\u{9b}", "\\x00\\x7f\\u{9b}"),
        ];
        for (text, shown) in table {
            assert_eq!(visible(text), shown, "{text:?}");
        }
        assert_eq!(one_line(" 標題\n \x1b[31m紅 "), "標題 \\x1b[31m紅");
    }

    #[test]
    fn urls_show_their_utf8_decoded_and_their_ascii_escapes_kept() {
        let table = [
            ("https://a.hk/%E6%96%B0%E8%81%9E", "https://a.hk/新聞"),
            ("https://a.hk/%e6%96%b0?q=%E6%96%B0&x=1", "https://a.hk/新?q=新&x=1"),
            ("https://a.hk/a%20b%2Fc%25", "https://a.hk/a%20b%2Fc%25"),
            ("https://a.hk/%E6%96%B0%20%E6%96%B0", "https://a.hk/新%20新"),
            // Not UTF-8 (a GBK escape, a cut sequence): as stored.
            ("https://a.hk/%D0%C2", "https://a.hk/%D0%C2"),
            ("https://a.hk/%E6%96", "https://a.hk/%E6%96"),
            // A C1 control, a right-to-left override: as stored.
            ("https://a.hk/%C2%9B2J", "https://a.hk/%C2%9B2J"),
            ("https://a.hk/%E2%80%AEgpj.exe", "https://a.hk/%E2%80%AEgpj.exe"),
            ("https://a.hk/%E6%9", "https://a.hk/%E6%9"),
            ("https://a.hk/%+8%E6%96%B0", "https://a.hk/%+8新"),
            ("%", "%"),
            ("https://a.hk/新", "https://a.hk/新"),
        ];
        for (stored, shown) in table {
            assert_eq!(readable_url(stored), shown, "{stored}");
        }
    }
}
