//! English word forms: the regular plural and possessive forms a word also matches, as in
//! LexisNexis (see docs/query.md, "English word forms").
//!
//! Possessives need nothing here: the analyzer takes `'s`, `’s` and a final `s'` into the
//! word before them ([`crate::analysis::ngrams`]), so `company's` is indexed as
//! `company`. What is left is plurals, both ways: a typed word is taken back to the
//! singulars it may be the plural of, and each singular matches itself and its plurals.
//! The rules overshoot on purpose (`taxes` also looks for `taxe`): a form no clipping
//! holds costs a look-up and matches nothing. They never make a different word of one
//! that merely looks plural (`news`, `business`, `campus`, `crisis`).

/// Words that end like plurals but are not, or whose "singular" is another word.
const NOT_PLURAL: &[&str] = &["news", "series", "species", "means", "lens", "chaos", "does"];

/// Words whose plural-looking form is another word: `new` must not find `news`.
const NO_PLURAL: &[&str] = &["new"];

/// The forms folded English word `word` matches besides itself, in order, none equal to
/// it: empty for a word shorter than three letters, or with a character that is not an
/// ASCII letter (a number, `gpt4`, a CJK word).
pub fn of(word: &str) -> Vec<String> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut forms = Vec::new();
    for singular in singulars(word) {
        if !NO_PLURAL.contains(&singular.as_str()) {
            forms.extend(plurals(&singular));
        }
        forms.push(singular);
    }
    forms.sort_unstable();
    forms.dedup();
    forms.retain(|f| f != word);
    forms
}

/// `word` and the singulars it may be the regular plural of.
fn singulars(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    if NOT_PLURAL.contains(&word) {
        return out;
    }
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 2) {
        out.push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es").filter(|s| s.len() >= 2 && takes_es(s)) {
        out.push(stem.to_owned());
    }
    let plural_s = word.ends_with('s') && !["ss", "us", "is"].iter().any(|end| word.ends_with(end));
    if plural_s && word.len() >= 4 {
        out.push(word[..word.len() - 1].to_owned());
    }
    // Only words of three letters or more have forms: `uses` is no plural of `us`.
    out.retain(|singular| singular.len() >= 3);
    out
}

/// The regular plurals of `singular`.
fn plurals(singular: &str) -> Vec<String> {
    if let Some(stem) = singular.strip_suffix('y').filter(|s| s.ends_with(|c: char| !is_vowel(c))) {
        return vec![format!("{stem}ies")];
    }
    if takes_es(singular) {
        // `heroes` and `photos` both: which an -o word takes is not regular.
        return if singular.ends_with('o') {
            vec![format!("{singular}es"), format!("{singular}s")]
        } else {
            vec![format!("{singular}es")]
        };
    }
    vec![format!("{singular}s")]
}

/// True if a word ending so takes `-es` for its plural.
fn takes_es(stem: &str) -> bool {
    ["s", "x", "z", "ch", "sh", "o"].iter().any(|end| stem.ends_with(end))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

#[cfg(test)]
mod tests {
    use super::of;

    fn finds(word: &str, other: &str) -> bool {
        of(word).iter().any(|f| f == other)
    }

    #[test]
    fn plurals_both_ways() {
        for (singular, plural) in [
            ("election", "elections"),
            ("policy", "policies"),
            ("tax", "taxes"),
            ("church", "churches"),
            ("box", "boxes"),
            ("bus", "buses"),
            ("hero", "heroes"),
            ("day", "days"),
            ("movie", "movies"),
            ("class", "classes"),
            ("company", "companies"),
        ] {
            assert!(finds(singular, plural), "{singular} finds {plural}: {:?}", of(singular));
            assert!(finds(plural, singular), "{plural} finds {singular}: {:?}", of(plural));
        }
    }

    #[test]
    fn no_other_forms() {
        for (word, other) in [
            ("market", "marketing"),
            ("share", "shared"),
            ("news", "new"),
            ("new", "news"),
            ("business", "busines"),
            ("campus", "campu"),
            ("crisis", "crisi"),
            ("us", "uses"),
            ("uses", "us"),
            ("oxes", "ox"),
            ("as", "a"),
            ("day", "dayies"),
            ("policy", "policys"),
        ] {
            assert!(!finds(word, other), "{word} must not find {other}: {:?}", of(word));
        }
        assert!(of("4s").is_empty() && of("gpt4").is_empty() && of("香港").is_empty() && of("it").is_empty());
        assert!(!of("election").contains(&"election".to_owned()), "a word is not its own other form");
    }
}
