//! User dictionaries: words jieba should keep whole, in jieba's format.
//!
//! Each line is `word [frequency] [tag]`; blank lines and `#` comments are ignored.
//! Words are folded like any text (a Traditional entry serves Simplified text too), since
//! segmentation runs on folded text.

use crate::text::Folded;
use crate::{Error, Result};

/// One entry, its word folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub word: String,
    pub freq: Option<usize>,
    pub tag: Option<String>,
}

/// A parsed user dictionary, with its source text (stored with the index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserDict {
    source: String,
    entries: Vec<Entry>,
}

impl UserDict {
    /// Parses a dictionary; a bad line is an error that names it.
    pub fn parse(source: &str) -> Result<UserDict> {
        crate::text::script::init()?;
        let mut entries = Vec::new();
        for (number, line) in source.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let entry = parse_line(line).map_err(|e| Error::Dictionary(format!("line {}: {e}", number + 1)))?;
            entries.push(entry);
        }
        Ok(UserDict { source: source.to_owned(), entries })
    }

    /// Joins dictionaries, later entries winning.
    pub fn merge(dicts: &[UserDict]) -> UserDict {
        UserDict {
            source: dicts.iter().map(|d| d.source.trim_end()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n"),
            entries: dicts.iter().flat_map(|d| d.entries.iter().cloned()).collect(),
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The text it was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }
}

fn parse_line(line: &str) -> std::result::Result<Entry, String> {
    let mut parts = line.split_whitespace();
    let word = parts.next().unwrap_or_default();
    let word = Folded::new(word).as_str().to_owned();
    let mut freq = None;
    let mut tag = None;
    for part in parts {
        match part.parse::<usize>() {
            Ok(n) if freq.is_none() && tag.is_none() => freq = Some(n),
            _ if tag.is_none() && !part.starts_with(|c: char| c.is_ascii_digit()) => tag = Some(part.to_owned()),
            _ => return Err(format!("expected `word [frequency] [tag]`, found {line:?}")),
        }
    }
    Ok(Entry { word, freq, tag })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_jieba_format_and_folds_words() {
        let dict = UserDict::parse("# names\n新質生產力 50 n\n孟晚舟\n\nＡＩ芯片 nz\n").unwrap();
        let words: Vec<_> = dict.entries().iter().map(|e| (e.word.as_str(), e.freq, e.tag.as_deref())).collect();
        assert_eq!(words, [("新质生产力", Some(50), Some("n")), ("孟晚舟", None, None), ("ai芯片", None, Some("nz"))]);
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = UserDict::parse("好\n詞 n 12x\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
