//! `jianbao index` on the messy files people have: every format, every encoding, and
//! bad files next to good ones.

use std::io::Write;

use crate::common::Env;

const NEWS: &str = "香港新聞：政府推動新質生產力，大力發展創新科技。記者報道，河套合作區將迎來更多企業。";

fn total(env: &Env, query: &str) -> usize {
    let out = env.search(&["--index", "idx", "--format", "json", query]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|_| panic!("{}", out.stderr));
    v["total"].as_u64().unwrap() as usize
}

fn ids(env: &Env, query: &str) -> Vec<String> {
    let out = env.search(&["--index", "idx", "--format", "json", "--limit", "100", query]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let mut ids: Vec<String> =
        v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

fn put(env: &Env, rel: &str, bytes: &[u8]) {
    let path = env.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

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
    put(&env, "in/big5.txt", &encoding_rs::BIG5.encode(&text).0);
    put(&env, "in/gbk.txt", &encoding_rs::GBK.encode(&text.replace("香港新聞", "香港新闻")).0);
    put(&env, "in/gb18030.txt", &encoding_rs::GB18030.encode(&text).0);
    put(&env, "in/utf16le.txt", &utf16(&text, false));
    put(&env, "in/utf16be.txt", &utf16(&text, true));
    put(&env, "in/bom.txt", &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
    let out = env.run(&["index", "--index", "idx", "in"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("6 added") && out.stderr.contains("0 skipped"), "{}", out.stderr);
    let all = ["big5.txt", "bom.txt", "gb18030.txt", "gbk.txt", "utf16be.txt", "utf16le.txt"];
    assert_eq!(ids(&env, "新质生产力"), all);
    assert_eq!(ids(&env, "河套合作區"), all);
}

#[test]
fn every_format_is_read() {
    let env = Env::new();
    put(&env, "in/2024-03-14_note.txt", "標題\n落馬洲河套區".as_bytes());
    put(&env, "in/page.html", "<html lang=zh-Hant><head><title>河套頁面</title><script>var x='不要';</script></head><body><p>沙頭角</p><p>禁區</p></body></html>".as_bytes());
    put(&env, "in/post.md", "---\ntitle: 港深創科\ndate: 2024-05-01\nsource: 文匯報\n---\n正文鯉魚門".as_bytes());
    let line = |id: &str, body: &str| {
        format!("{{\"id\":\"{id}\",\"body\":\"{body}\",\"date\":\"26-FEB-1987 15:01:01.79\"}}\n")
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(line("g1", "赤鱲角機場").as_bytes()).unwrap();
    put(&env, "in/a.jsonl.gz", &gz.finish().unwrap());
    put(&env, "in/b.jsonl.zst", &zstd::encode_all(line("z1", "將軍澳隧道").as_bytes(), 3).unwrap());
    let out = env.run(&["index", "--index", "idx", "in"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let show = |id: &str| -> serde_json::Value {
        serde_json::from_str(&env.run(&["show", "--index", "idx", "--format", "json", id]).stdout).unwrap()
    };
    assert_eq!(ids(&env, "落马洲"), ["2024-03-14_note.txt"]);
    assert_eq!(show("2024-03-14_note.txt")["date"], "2024-03-14");
    assert_eq!(ids(&env, "沙头角"), ["page.html"]);
    assert_eq!(show("page.html")["title"], "河套頁面");
    assert_eq!(total(&env, "不要"), 0, "script text is not indexed");
    assert_eq!(show("post.md")["source"], "文匯報");
    assert_eq!(show("post.md")["date"], "2024-05-01");
    assert_eq!(ids(&env, "赤鱲角"), ["g1"]);
    assert_eq!(show("z1")["date"], "1987-02-26");
    assert_eq!(ids(&env, "将军澳"), ["z1"]);
}

#[test]
fn bad_files_are_named_and_skipped_and_the_rest_is_indexed() {
    let env = Env::new();
    put(&env, "in/good.txt", NEWS.as_bytes());
    put(&env, "in/empty.txt", b"");
    put(&env, "in/blank.md", b"  \n\n");
    put(&env, "in/binary.txt", &[0u8, 1, 2, 3, 0xFF, 0, 0x10, 0x80, 0, 0, 7, 8, 0, 0xC3, 0x28, 0].repeat(64));
    put(
        &env,
        "in/lines.jsonl",
        b"{\"id\":\"ok\",\"body\":\"\xe5\x90\x89\xe6\x9e\x97\"}\n{oops\n{\"id\":\"ok\",\"body\":\"later wins\"}\n",
    );
    put(&env, "in/broken.jsonl.zst", &zstd::encode_all(NEWS.repeat(50).as_bytes(), 3).unwrap()[..40]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(env.path("in"), env.path("in/loop")).unwrap();
    let out = env.run(&["index", "--index", "idx", "in"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for name in ["empty.txt", "blank.md", "binary.txt", "lines.jsonl:2", "broken.jsonl.zst"] {
        assert!(out.stderr.contains(name), "{name} should be named: {}", out.stderr);
    }
    #[cfg(unix)]
    assert!(out.stderr.contains("loop"), "the symlink loop is named: {}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert_eq!(ids(&env, "新质生产力"), ["good.txt"]);
    assert_eq!(ids(&env, "\"later wins\""), ["ok"], "a duplicate id: the later line wins");
    let strict = env.run(&["index", "--index", "idx", "--strict", "in"]);
    assert_eq!(strict.code, Some(2), "{}", strict.stderr);
}
