//! Fixtures are encoded here with encoding_rs, so each test shows the bytes a desk
//! would really save.

use encoding_rs::{BIG5, GB18030, GBK};

use super::*;

/// Hong Kong news in Traditional Chinese; 嘅 is a Big5-HKSCS character (0xFB48).
const HK: &str = "香港新聞：新質生產力成為今年兩會的熱門話題。\n政府表示將加大對科技創新的投入，推動產業升級，\
並支持中小企業發展。\r\n市民話呢個係好嘅開始，但仍然要睇實施細節。";

/// Mainland news in Simplified Chinese; 𠮷 needs a four-byte GB18030 sequence.
const CN: &str = "新华社北京电：新质生产力成为今年全国两会的热门话题。政府工作报告提出，要加快发展新质生产力，\
推动高质量发展。\n专家表示，科技创新是发展新质生产力的核心要素。";

/// The text and encoding a decoding should give, or part of the reason it fails.
type Expected<'a> = Result<(&'a str, &'static Encoding), &'a str>;

/// `text` in `encoding`, refusing fixtures with characters the encoding lacks.
fn encoded(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot encode the fixture", encoding.name());
    bytes.into_owned()
}

/// Big5-HKSCS characters that encoding_rs decodes but, like browsers, never encodes
/// (lead bytes 0x81-0xA0), with their bytes from the HKSCS-2008 table.
const HKSCS_DECODE_ONLY: [(char, [u8; 2]); 4] =
    [('㗎', [0x9D, 0xEE]), ('啲', [0x9D, 0xF8]), ('咗', [0x9D, 0xF7]), ('嚟', [0x91, 0xC1])];

/// `text` in Big5-HKSCS, including the characters the encoder leaves out.
fn big5_hkscs(text: &str) -> Vec<u8> {
    let char_bytes = |c: char| match HKSCS_DECODE_ONLY.iter().find(|(h, _)| *h == c) {
        Some((_, bytes)) => bytes.to_vec(),
        None => encoded(BIG5, c.encode_utf8(&mut [0; 4])),
    };
    text.chars().flat_map(char_bytes).collect()
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = text.encode_utf16().chain(None).collect::<Vec<_>>();
    let unit = |u: u16| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() };
    let start = if bom { vec![unit(0xFEFF)] } else { vec![] };
    start.into_iter().chain(units.into_iter().map(unit)).flatten().collect()
}

/// Asserts that `bytes` decode to `expected` as `encoding`, or fail with a message holding `error`.
#[track_caller]
fn assert_decode(name: &str, bytes: &[u8], expected: Expected<'_>) {
    match (decode(bytes), expected) {
        (Ok(d), Ok((text, encoding))) => {
            assert_eq!(d.text, text, "{name}: text");
            assert_eq!(d.encoding, encoding, "{name}: encoding");
        }
        (Err(message), Err(error)) => assert!(message.contains(error), "{name}: {message:?} lacks {error:?}"),
        (got, expected) => panic!("{name}: got {got:?}, expected {expected:?}"),
    }
}

#[test]
fn encodings_are_detected_and_decoded() {
    let cn_rare = format!("{CN}吉祥的𠮷字。");
    let cantonese = format!("{HK}\n佢話啲人嚟咗好耐㗎。");
    let gb18030 = encoded(GB18030, &cn_rare);
    assert!(encoded(GBK, CN) != encoded(GB18030, &cn_rare));
    let table: Vec<(&str, Vec<u8>, Expected<'_>)> = vec![
        ("UTF-8", HK.as_bytes().to_vec(), Ok((HK, UTF_8))),
        ("UTF-8 with BOM", [b"\xEF\xBB\xBF", HK.as_bytes()].concat(), Ok((HK, UTF_8))),
        ("UTF-16LE with BOM", utf16(HK, false, true), Ok((HK, UTF_16LE))),
        ("UTF-16BE with BOM", utf16(HK, true, true), Ok((HK, UTF_16BE))),
        ("UTF-16LE without BOM, by NULs", utf16(HK, false, false), Ok((HK, UTF_16LE))),
        ("UTF-16BE without BOM or ASCII, by characters", utf16(CN, true, false), Ok((CN, UTF_16BE))),
        (
            "UTF-16LE English without BOM",
            utf16("Hong Kong budget\n", false, false),
            Ok(("Hong Kong budget\n", UTF_16LE)),
        ),
        ("Big5-HKSCS", encoded(BIG5, HK), Ok((HK, BIG5))),
        ("Big5-HKSCS, lead bytes 0x81-0xA0", big5_hkscs(&cantonese), Ok((&cantonese, BIG5))),
        ("GBK", encoded(GBK, CN), Ok((CN, GBK))),
        // encoding_rs's GBK decoder is GB18030's, so four-byte sequences read right.
        ("GB18030", gb18030, Ok((&cn_rare, GBK))),
        ("ASCII", b"plain ASCII\n".to_vec(), Ok(("plain ASCII\n", UTF_8))),
    ];
    for (name, bytes, expected) in table {
        assert_decode(name, &bytes, expected);
    }
}

#[test]
fn damage_is_tolerated_a_little_and_noise_not_at_all() {
    let cut = &HK.as_bytes()[..HK.len() - 1];
    let cut_text = format!("{}\u{FFFD}", &HK[..HK.len() - 3]);
    let long = HK.repeat(2);
    let paged = (format!("{HK}\x0c{HK}\x07\n"), format!("{HK}\n{HK}\n"));
    let png = [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(), &[0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]].concat();
    let every_other_nul: Vec<u8> = (0..400u16).flat_map(|i| [(i % 7) as u8, 0]).collect();
    let table: Vec<(&str, Vec<u8>, Expected<'_>)> = vec![
        ("UTF-8 cut mid-character", cut.to_vec(), Ok((&cut_text, UTF_8))),
        ("PNG", png, Err("binary file")),
        ("NUL-separated numbers", every_other_nul, Err("binary file")),
        ("UTF-16 with unpaired surrogates", vec![0xff, 0xfe, 0x00, 0xd8, 0x41], Err("cannot decode as UTF-16LE")),
        ("control characters", b"a\x01b\x02c\x03d\x04e".to_vec(), Err("binary file")),
        ("stray NUL in long text", [long.as_bytes(), b"\0"].concat(), Ok((&long, UTF_8))),
        ("form feed and bell", paged.0.into_bytes(), Ok((&paged.1, UTF_8))),
    ];
    for (name, bytes, expected) in table {
        assert_decode(name, &bytes, expected);
    }
}

#[test]
fn replacements_are_counted() {
    let cut = &HK.as_bytes()[..HK.len() - 1];
    assert_eq!(decode(cut).map(|d| d.replaced), Ok(1));
    assert_eq!(decode(HK.as_bytes()).map(|d| d.replaced), Ok(0));
}

#[test]
fn control_characters_are_stripped_but_line_breaks_kept() {
    let table = [
        ("plain\ttext\r\n", "plain\ttext\r\n"),
        ("a\0b\x1bc\x7fd\u{85}e", "abcde"),
        ("page\x0cbreak\x0bline", "page\nbreak\nline"),
        ("香港\u{3000}新聞", "香港\u{3000}新聞"),
    ];
    for (input, expected) in table {
        assert_eq!(strip_controls(input), expected, "{input:?}");
    }
}
