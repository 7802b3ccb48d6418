//! Datelines: the words that open a news report and say who sent it.
//!
//! Chinese papers open a report with their name and 訊 (`【大公報訊】`, `香港文匯報訊（記者
//! 殷考玲）`), news agencies with their name, the place and date and 電
//! (`新華社北京3月5日電`), web sites with their name and 消息 (`央視網消息：`), and English
//! wires with their name in brackets before a dash (`HONG KONG (Reuters) -`). Such a line
//! is no headline, and the name in it is the clipping's source.
//!
//! Only a name that looks like one counts: two to eight Han characters ending as papers,
//! agencies and sites end (報, 社, 網, 台, 刊 in either script), and not 本報 / 本社 (“this
//! paper”, which names nobody) nor 據… (“according to”); a wrong source is worse than none.

/// The name of the paper, agency or site whose dateline opens `line` (leading white
/// space and bullets such as `●` aside), if it opens with one.
pub fn source(line: &str) -> Option<&str> {
    let line = line.trim_start_matches(|c: char| c.is_whitespace() || "●■◆▲►•·*".contains(c));
    bracketed(line).or_else(|| paper(line)).or_else(|| agency(line)).or_else(|| wire(line))
}

/// True if `line` is a dateline and nothing else: it ends where a dateline ends (`】`,
/// 訊, 電, a closing bracket, a colon or a dash), not in the text it opens.
pub fn is_whole_line(line: &str) -> bool {
    let line = line.trim_end();
    source(line).is_some() && line.ends_with(['】', '訊', '讯', '電', '电', '）', ')', '：', ':', '-', '–', '—'])
}

/// Characters a name may end with: what papers, agencies, sites and stations are.
const NAME_ENDS: &str = "報报社網网台刊";

/// True if `name` is a name a dateline can give (see the module comment).
fn is_name(name: &str) -> bool {
    let count = name.chars().count();
    (2..=8).contains(&count)
        && name.chars().all(super::is_ngram_char)
        && name.chars().next_back().is_some_and(|c| NAME_ENDS.contains(c))
        && !name.starts_with(['本', '據', '据'])
}

/// `【大公報訊】`, `【新華社電】`.
fn bracketed(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('【')?.split('】').next()?;
    let name = inner.strip_suffix(['訊', '讯', '電', '电'])?;
    is_name(name).then_some(name)
}

/// `香港文匯報訊（記者 殷考玲）`, `大公報訊 記者…`: a name, 訊, then a bracket, a colon,
/// a space or the end of the line.
fn paper(line: &str) -> Option<&str> {
    let (at, mark) = line.char_indices().take(10).find(|&(_, c)| matches!(c, '訊' | '讯' | '消'))?;
    let name = &line[..at];
    let mut rest = &line[at + mark.len_utf8()..];
    if mark == '消' {
        rest = rest.strip_prefix('息')?;
    }
    let follows = rest.chars().next().is_none_or(|c| "（(：: \u{3000}記记".contains(c));
    (follows && is_name(name)).then_some(name)
}

/// `新華社北京3月5日電`, `中新社香港電`: a name ending in 社, then at most twenty
/// characters of place and date (no punctuation), then 電.
fn agency(line: &str) -> Option<&str> {
    let (at, _) = line.char_indices().take(8).find(|&(_, c)| c == '社')?;
    let name = &line[..at + '社'.len_utf8()];
    let place = line[name.len()..].chars().take(21).take_while(|&c| !matches!(c, '電' | '电'));
    let (mut count, mut clean) = (0, true);
    for c in place {
        count += 1;
        clean &= c.is_alphanumeric() || c == ' ' || c == '\u{3000}';
    }
    let ends = line[name.len()..].chars().nth(count).is_some_and(|c| matches!(c, '電' | '电'));
    (ends && clean && count <= 20 && is_name(name)).then_some(name)
}

/// `HONG KONG, March 5 (Reuters) -`: a place in capitals, one to three capitalised words
/// in brackets, then a dash, within the first 80 bytes of the line.
fn wire(line: &str) -> Option<&str> {
    let end = (0..=line.len().min(80)).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
    let head = &line[..end];
    let open = head.find('(')?;
    let close = open + head[open..].find(')')?;
    let name = &head[open + 1..close];
    // Before the brackets, a place in capitals: `HONG KONG, March 5`.
    let place = head[..open].split([' ', ',']).next().unwrap_or("");
    if place.len() < 2 || !place.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let after = line[close + 1..].trim_start_matches(' ');
    let dash = after.starts_with(['-', '–', '—']);
    let words: Vec<&str> = name.split(' ').collect();
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && w.chars().all(|c| c.is_ascii_alphabetic())
    };
    (dash && (1..=3).contains(&words.len()) && words.iter().all(capitalised)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::source;

    #[test]
    fn datelines_and_their_sources() {
        let table = [
            ("【大公報訊】記者卓彤報道：河套深創科園", Some("大公報")),
            ("【香港商報訊】香港工業總會昨天舉辦", Some("香港商報")),
            (" 香港文匯報訊（記者 殷考玲）內地大力拓展", Some("香港文匯報")),
            ("香港文汇报讯(记者 殷考玲)", Some("香港文汇报")),
            ("大公報訊 記者", Some("大公報")),
            ("新華社北京3月5日電 國務院總理", Some("新華社")),
            ("新华社北京1月31日电  2月1日出版", Some("新华社")),
            ("　　中新社香港电（记者 韩星童）", Some("中新社")),
            ("央视网消息（新闻联播）：2022年1月1日", Some("央视网")),
            ("●【新華社電】", Some("新華社")),
            ("HONG KONG, March 5 (Reuters) - China's economy", Some("Reuters")),
            ("WASHINGTON (AP) — The Senate", Some("AP")),
            // Not datelines, or naming nobody.
            ("　　本报北京1月31日电 （记者杜一菲）", None),
            ("【本報訊】記者", None),
            ("●香港文匯報記者 莊程敏", None),
            ("孫東：龍頭企業將落戶元朗 建立國家製造業基地", None),
            ("社會新聞電視台報道", None),
            ("新華社記者在北京採訪，電視台", None),
            ("【快訊】", None),
            ("据新华社北京3月5日电", None),
            ("Members of the (Civil Disobedience Movement) - said", None),
            ("資訊科技業界表示", None),
            ("Shares rose (sharply) - analysts said", None),
            ("The firm (Time Warner) said", None),
            ("", None),
        ];
        for (line, expected) in table {
            assert_eq!(source(line), expected, "{line:?}");
        }
    }

    #[test]
    fn lines_that_are_only_a_dateline() {
        let whole = [
            "新華社 北京電",
            "【大公報訊】",
            "香港文匯報訊（記者 殷考玲） ",
            "央视网消息（新闻联播）：",
            "HONG KONG (Reuters) -",
        ];
        for line in whole {
            assert!(super::is_whole_line(line), "{line:?}");
        }
        let more = [
            "新華社北京3月5日電 國務院總理",
            "【大公報訊】記者卓彤報道",
            "香港文匯報訊（記者 殷考玲）內地",
            "本報北京電",
            "港府推進（一）",
        ];
        for line in more {
            assert!(!super::is_whole_line(line), "{line:?}");
        }
    }
}
