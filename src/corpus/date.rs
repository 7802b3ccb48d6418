//! Publication dates, as clippings write them, into ISO `YYYY-MM-DD`.
//!
//! Dates arrive from front matter, JSON, HTML meta tags and file names in many shapes
//! (`2024-03-14T09:00:00+08:00`, `2024年3月14日`, Reuters' `26-FEB-1987`, RFC 2822).
//! One form in the index lets dates be compared and sorted. Only the calendar day is
//! kept; a time or zone after it is ignored, and nothing is guessed: numeric day-first
//! or month-first forms (`03/04/2024`) are ambiguous and so not understood.

/// Years outside this range are typing errors, not news.
const YEARS: std::ops::RangeInclusive<u32> = 1800..=2200;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// A run of ASCII digits or letters, and the separator written before it (trimmed).
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    before: &'a str,
    text: &'a str,
}

impl Token<'_> {
    fn is_number(&self, digits: std::ops::RangeInclusive<usize>) -> bool {
        digits.contains(&self.text.len()) && self.text.bytes().all(|b| b.is_ascii_digit())
    }

    fn number(&self) -> Option<u32> {
        self.is_number(1..=8).then(|| self.text.parse().ok()).flatten()
    }

    fn month(&self) -> Option<u32> {
        let word = self.text.to_ascii_lowercase();
        let found = MONTHS.iter().position(|m| word.len() >= 3 && m.starts_with(&word));
        found.and_then(|i| u32::try_from(i + 1).ok())
    }
}

/// The ISO form of a date written as `text`, or `None` if it is not understood.
pub fn normalize(text: &str) -> Option<String> {
    let text = ascii_digits(text);
    let tokens = tokens(&text);
    year_first(&tokens).or_else(|| compact(&tokens)).or_else(|| day_first(&tokens)).or_else(|| month_first(&tokens))
}

/// The date a file name starts with (`2024-03-14_…`, `2024_03_14-…`, `20240314-…`).
pub fn from_file_name(name: &str) -> Option<String> {
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let compact = name.get(..8).filter(|d| all_digits(d)).map(|d| (&d[..4], &d[4..6], &d[6..8], &name[8..]));
    let separated = || {
        let sep = name.get(4..5).filter(|s| ["-", "_", "."].contains(s))?;
        (name.get(7..8)? == sep).then_some((name.get(..4)?, name.get(5..7)?, name.get(8..10)?, name.get(10..)?))
    };
    let (y, m, d, rest) = compact.or_else(separated)?;
    if ![y, m, d].iter().all(|s| all_digits(s)) || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    iso(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Full-width digits (`２０２４年３月`) as ASCII, so that one set of patterns reads both.
fn ascii_digits(text: &str) -> String {
    let ascii = |c: char| match c {
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c),
        _ => c,
    };
    text.trim().chars().map(ascii).collect()
}

/// The runs of digits and letters of `text`, leaving out a leading weekday and ordinal
/// suffixes (`Thu,`, `14th`), which say nothing the rest does not.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(|c: char| c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let (before, tail) = rest.split_at(start);
        let digits = tail.starts_with(|c: char| c.is_ascii_digit());
        let end = tail.find(|c: char| !c.is_ascii_alphanumeric() || c.is_ascii_digit() != digits).unwrap_or(tail.len());
        let token = Token { before: before.trim(), text: &tail[..end] };
        if !is_noise(&tokens, token) && !token.text.is_empty() {
            tokens.push(token);
        }
        rest = &tail[end..];
    }
    tokens
}

fn is_noise(so_far: &[Token<'_>], token: Token<'_>) -> bool {
    let word = token.text.to_ascii_lowercase();
    let weekday = so_far.is_empty() && word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&word));
    let after_number = so_far.last().is_some_and(|t| t.is_number(1..=2)) && token.before.is_empty();
    weekday || (after_number && ["st", "nd", "rd", "th"].contains(&word.as_str()))
}

/// `2024-03-14`, `2024/3/14`, `2024.03.14`, `2024年3月14日`, any time after it.
fn year_first(tokens: &[Token<'_>]) -> Option<String> {
    let [y, m, d, ..] = tokens else { return None };
    let seps = (m.before, d.before);
    let consistent = matches!(seps, ("-", "-") | ("/", "/") | (".", ".") | ("年", "月"));
    (consistent && y.is_number(4..=4) && m.is_number(1..=2) && d.is_number(1..=2))
        .then(|| iso(y.number()?, m.number()?, d.number()?))?
}

/// `20240314`, alone or before a time.
fn compact(tokens: &[Token<'_>]) -> Option<String> {
    let t = tokens.first().filter(|t| t.is_number(8..=8))?.text;
    iso(t[..4].parse().ok()?, t[4..6].parse().ok()?, t[6..].parse().ok()?)
}

/// `14 March 2024`, `26-FEB-1987 15:01:01.79`, `Thu, 14 Mar 2024 10:00:00 +0000`.
fn day_first(tokens: &[Token<'_>]) -> Option<String> {
    let [d, m, y, ..] = tokens else { return None };
    (d.is_number(1..=2) && y.is_number(4..=4)).then(|| iso(y.number()?, m.month()?, d.number()?))?
}

/// `March 14, 2024`, `Mar 14 2024`.
fn month_first(tokens: &[Token<'_>]) -> Option<String> {
    let [m, d, y, ..] = tokens else { return None };
    (d.is_number(1..=2) && y.is_number(4..=4)).then(|| iso(y.number()?, m.month()?, d.number()?))?
}

/// `YYYY-MM-DD`, if that day exists.
fn iso(year: u32, month: u32, day: u32) -> Option<String> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (YEARS.contains(&year) && (1..=days).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_dates(parse: fn(&str) -> Option<String>, table: &[(&str, Option<&str>)]) {
        for &(input, expected) in table {
            assert_eq!(parse(input).as_deref(), expected, "date of {input:?}");
        }
    }

    #[test]
    fn written_dates() {
        assert_dates(
            normalize,
            &[
                ("2024-03-14", Some("2024-03-14")),
                (" 2024-3-4 ", Some("2024-03-04")),
                ("2024-03-14T09:00:00+08:00", Some("2024-03-14")),
                ("2024-03-14 09:00", Some("2024-03-14")),
                ("2024/03/14", Some("2024-03-14")),
                ("2024.03.14", Some("2024-03-14")),
                ("20240314", Some("2024-03-14")),
                ("20240314T090000Z", Some("2024-03-14")),
                ("2024年3月14日", Some("2024-03-14")),
                ("2024 年 03 月 14 日 星期四", Some("2024-03-14")),
                ("２０２４年３月１４日", Some("2024-03-14")),
                ("26-FEB-1987 15:01:01.79", Some("1987-02-26")),
                ("14 March 2024", Some("2024-03-14")),
                ("14 Sept 2024", Some("2024-09-14")),
                ("March 14, 2024", Some("2024-03-14")),
                ("Mar. 14th, 2024", Some("2024-03-14")),
                ("Thu, 14 Mar 2024 10:00:00 +0000", Some("2024-03-14")),
                ("Thursday, March 14, 2024", Some("2024-03-14")),
                ("2024-02-29", Some("2024-02-29")),
                ("2000-02-29", Some("2000-02-29")),
                ("1900-02-29", None),
                ("2023-02-29", None),
                ("2024-04-31", None),
                ("2024-13-01", None),
                ("2024-00-10", None),
                ("2024-03-00", None),
                ("1799-12-31", None),
                ("2201-01-01", None),
                ("2024-03/14", None),
                ("03/14/2024", None),
                ("14 Mon 2024", None),
                ("14 Ma 2024", None),
                ("yesterday", None),
                ("", None),
                ("1710403200", None),
                ("2024-03", None),
                ("２０２４-０３-１４", Some("2024-03-14")),
            ],
        );
    }

    #[test]
    fn dates_in_file_names() {
        assert_dates(
            from_file_name,
            &[
                ("2024-03-14_hk-budget.txt", Some("2024-03-14")),
                ("2024_03_14-budget.md", Some("2024-03-14")),
                ("20240314-budget.html", Some("2024-03-14")),
                ("2024.03.14.txt", Some("2024-03-14")),
                ("20240314.jsonl.gz", Some("2024-03-14")),
                ("2024-03-14", Some("2024-03-14")),
                ("202403141-x.txt", None),
                ("2024-03-141.txt", None),
                ("2024-03_14.txt", None),
                ("2024-+3-14.txt", None),
                ("2024-02-30.txt", None),
                ("000_b51270311f0cce77.txt", None),
                ("budget-2024-03-14.txt", None),
                ("新聞2024.txt", None),
                ("2024年3月14日.txt", None),
            ],
        );
    }
}
