//! `jianbao index` on the messy files people have: every format, every encoding, and
//! bad files next to good ones.

use std::io::Write;

use crate::common::Env;

const NEWS: &str = "香港新聞：政府推動新質生產力，大力發展創新科技。記者報道，河套合作區將迎來更多企業。";

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

#[test]
fn every_encoding_is_decoded_and_found() {
    let env = Env::new();
    let text = format!("{NEWS}\n{NEWS}\n");
    env.put("in/big5.txt", &encoding_rs::BIG5.encode(&text).0);
    env.put("in/gbk.txt", &encoding_rs::GBK.encode(&text.replace("香港新聞", "香港新闻")).0);
    env.put("in/gb18030.txt", &encoding_rs::GB18030.encode(&text).0);
    env.put("in/utf16le.txt", utf16(&text, false));
    env.put("in/utf16be.txt", utf16(&text, true));
    env.put("in/bom.txt", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
    let stderr = env.index(&["--index", "idx", "in"]);
    assert!(stderr.contains("6 added") && stderr.contains("0 skipped"), "{stderr}");
    let all = ["big5.txt", "bom.txt", "gb18030.txt", "gbk.txt", "utf16be.txt", "utf16le.txt"];
    assert_eq!(env.ids(&["--index", "idx", "新质生产力"]), all);
    assert_eq!(env.ids(&["--index", "idx", "河套合作區"]), all);
}

#[test]
fn every_format_is_read() {
    let env = Env::new();
    env.put("in/2024-03-14_note.txt", "標題\n落馬洲河套區".as_bytes());
    env.put("in/page.html", "<html lang=zh-Hant><head><title>河套頁面</title><script>var x='不要';</script></head><body><p>沙頭角</p><p>禁區</p></body></html>".as_bytes());
    env.put("in/post.md", "---\ntitle: 港深創科\ndate: 2024-05-01\nsource: 文匯報\n---\n正文鯉魚門".as_bytes());
    let line = |id: &str, body: &str| {
        format!("{{\"id\":\"{id}\",\"body\":\"{body}\",\"date\":\"26-FEB-1987 15:01:01.79\"}}\n")
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(line("g1", "赤鱲角機場").as_bytes()).unwrap();
    env.put("in/a.jsonl.gz", gz.finish().unwrap());
    env.put("in/b.jsonl.zst", zstd::encode_all(line("z1", "將軍澳隧道").as_bytes(), 3).unwrap());
    env.index(&["--index", "idx", "in"]);
    let show = |id: &str| env.show_json(&["--index", "idx", id]);
    assert_eq!(env.ids(&["--index", "idx", "落马洲"]), ["2024-03-14_note.txt"]);
    assert_eq!(show("2024-03-14_note.txt").date.as_deref(), Some("2024-03-14"));
    assert_eq!(env.ids(&["--index", "idx", "沙头角"]), ["page.html"]);
    assert_eq!(show("page.html").title.as_deref(), Some("河套頁面"));
    assert_eq!(env.total(&["--index", "idx", "不要"]), 0, "script text is not indexed");
    assert_eq!(show("post.md").source.as_deref(), Some("文匯報"));
    assert_eq!(show("post.md").date.as_deref(), Some("2024-05-01"));
    assert_eq!(env.ids(&["--index", "idx", "赤鱲角"]), ["g1"]);
    assert_eq!(show("z1").date.as_deref(), Some("1987-02-26"));
    assert_eq!(env.ids(&["--index", "idx", "将军澳"]), ["z1"]);
}

#[test]
fn bad_files_are_named_and_skipped_and_the_rest_is_indexed() {
    let env = Env::new();
    env.put("in/good.txt", NEWS.as_bytes());
    env.put("in/empty.txt", b"");
    env.put("in/blank.md", b"  \n\n");
    env.put("in/binary.txt", [0u8, 1, 2, 3, 0xFF, 0, 0x10, 0x80, 0, 0, 7, 8, 0, 0xC3, 0x28, 0].repeat(64));
    env.put(
        "in/lines.jsonl",
        b"{\"id\":\"ok\",\"body\":\"\xe5\x90\x89\xe6\x9e\x97\"}\n{oops\n{\"id\":\"ok\",\"body\":\"later wins\"}\n",
    );
    env.put("in/broken.jsonl.zst", &zstd::encode_all(NEWS.repeat(50).as_bytes(), 3).unwrap()[..40]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(env.path("in"), env.path("in/loop")).unwrap();
    let stderr = env.index(&["--index", "idx", "in"]);
    for name in ["empty.txt", "blank.md", "binary.txt", "lines.jsonl:2", "broken.jsonl.zst"] {
        assert!(stderr.contains(name), "{name} should be named: {stderr}");
    }
    #[cfg(unix)]
    assert!(stderr.contains("loop"), "the symlink loop is named: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(env.ids(&["--index", "idx", "新质生产力"]), ["good.txt"]);
    assert_eq!(env.ids(&["--index", "idx", "\"later wins\""]), ["ok"], "a duplicate id: the later line wins");
    let strict = env.run(&["index", "--index", "idx", "--strict", "in"]);
    assert_eq!(strict.code, Some(2), "{}", strict.stderr);
}
