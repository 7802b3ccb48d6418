//! Where a passage begins and ends: not inside a word of letters or digits (`…ision to
//! revoke` is not shown), while CJK text may be cut between any two characters; and,
//! if one begins between where a passage would and its first match, at a sentence.

use std::ops::Range;

use crate::text::is_ngram_char;

/// Characters an end of a passage moves at most to reach a place to cut: half of a long
/// word. Moving to the nearest such place keeps a passage about as long as it was.
const MAX_SHIFT: usize = 20;

/// True for the characters of words not to cut: letters and digits other than CJK, whose
/// runs the n-grams take as one word each (so a match begins and ends between words).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() && !is_ngram_char(c)
}

/// `window` (folded characters of a text, as indices of its whole folding) with each end
/// moved to the nearest place that cuts no word, and its start rather to the start of a
/// sentence between it and the first match, each by at most [`MAX_SHIFT`] characters
/// (a quarter of the window, if shorter), not into `keep` (where the matches it shows
/// lie) and not out of `room`. `folded` is the folding of a stretch of the text that
/// begins at index `base`, begins and ends where the text may be cut, and holds `room`.
pub fn snap(
    folded: &str,
    base: usize,
    window: Range<usize>,
    keep: Option<Range<usize>>,
    room: Range<usize>,
) -> Range<usize> {
    let shift = MAX_SHIFT.min(window.len() / 4);
    // The characters around the window, from `from` (in the stretch) on.
    let from = (window.start - base).saturating_sub(shift + 1);
    let chars: Vec<char> = folded.chars().skip(from).take(window.len() + 2 * shift + 2).collect();
    let local = |at: usize| at - base - from;
    let cuts = |at: usize| {
        let i = local(at);
        let before = i.checked_sub(1).and_then(|b| chars.get(b)).is_some_and(|&c| in_word(c));
        !(before && chars.get(i).is_some_and(|&c| in_word(c)))
    };
    let keep = keep.unwrap_or(window.end..window.start);
    let start = {
        let (lo, hi) = (window.start.saturating_sub(shift).max(room.start), (window.start + shift).min(keep.start));
        let sentence = (window.start..=hi).find(|&at| starts_sentence(&chars, local(at)));
        sentence.or_else(|| nearest(window.start, lo, hi, cuts)).unwrap_or(window.start)
    };
    let end = {
        let (lo, hi) = (window.end.saturating_sub(shift).max(keep.end).max(start), (window.end + shift).min(room.end));
        nearest(window.end, lo, hi, cuts).unwrap_or(window.end)
    };
    start..end
}

/// The place nearest to `at` in `lo..=hi` for which `fits` holds; the earlier of two.
fn nearest(at: usize, lo: usize, hi: usize, fits: impl Fn(usize) -> bool) -> Option<usize> {
    (0..=MAX_SHIFT)
        .flat_map(|d| [at.checked_sub(d), at.checked_add(d)])
        .flatten()
        .find(|&p| lo <= p && p <= hi && fits(p))
}

/// True if a sentence begins at character `i` of `chars`: a character that is not a space
/// follows a sentence-final mark (after a space, for a Latin one: not `3.5`).
fn starts_sentence(chars: &[char], i: usize) -> bool {
    if chars.get(i).is_none_or(|&c| c == ' ') {
        return false;
    }
    let before = &chars[..i.min(chars.len())];
    let spaces = before.iter().rev().take_while(|&&c| c == ' ').count();
    match before[..before.len() - spaces].last() {
        Some('。' | '！' | '？' | '；') => true,
        Some('.' | '!' | '?' | ';') => spaces > 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `window` of `text` after [`snap`], with the matches at `keep`.
    fn snapped(text: &str, window: Range<usize>, keep: Option<Range<usize>>) -> String {
        let len = text.chars().count();
        let w = snap(text, 0, window, keep, 0..len);
        text.chars().skip(w.start).take(w.len()).collect()
    }

    #[test]
    fn ends_move_to_the_nearest_place_between_words() {
        let text = "the decision to revoke the licence was upheld when the court had ruled";
        let table = [
            (6..66, "decision to revoke the licence was upheld when the court had"),
            (9..62, "to revoke the licence was upheld when the court"),
            (12..68, "to revoke the licence was upheld when the court had ruled"),
            (0..70, "the decision to revoke the licence was upheld when the court had ruled"),
        ];
        for (window, expected) in table {
            assert_eq!(snapped(text, window.clone(), None).trim(), expected, "{window:?}");
        }
    }

    #[test]
    fn cjk_is_cut_anywhere_and_a_sentence_start_is_preferred() {
        let text = "香港經濟發展新質生產力是今年的重點工作之一";
        assert_eq!(snapped(text, 3..15, None), "濟發展新質生產力是今年的");
        let text = "He said so. The court ruled on the licence today, and later said more.";
        assert_eq!(snapped(text, 8..60, Some(16..21)).trim_end(), "The court ruled on the licence today, and later");
    }

    #[test]
    fn matches_and_the_room_are_kept() {
        let text = "aaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cccc";
        let len = text.chars().count();
        // No place to cut near: the window stays as it was.
        assert_eq!(snap(text, 0, 20..40, None, 0..len), 20..40);
        // A place that would leave out a match, or go out of the room, is not taken.
        assert_eq!(snap(text, 0, 3..52, Some(3..10), 0..len), 0..51);
        assert_eq!(snap(text, 0, 3..52, None, 4..50), 4..50);
    }
}
