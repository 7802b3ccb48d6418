//! Never lose a clipping: the faults that once lost, hid or duplicated clippings, each
//! replayed against the real binary (issue 11).

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::common::{assert_says, jsonl_line, walk, Env};

/// A `.jsonl` of `n` clippings that take a debug build a few seconds to index.
fn bulk(n: usize, tag: &str) -> String {
    let mut lines = String::new();
    for i in 0..n {
        let body = format!("{tag}第{i}篇：香港新型工業化。{}", "河套深港科技創新合作區發展新質生產力。".repeat(30));
        lines += &jsonl_line(&format!("{tag}{i}"), &body);
    }
    lines
}

#[test]
fn a_rebuild_refused_by_a_running_index_changes_nothing() {
    let env = Env::indexed();
    env.put("corpus/bulk.jsonl", bulk(5_000, "b"));
    let mut running = env.spawn(&["index", "--threads", "1"]);
    std::thread::sleep(Duration::from_millis(300));
    // Another dictionary: the rebuild would replace the index, were it not refused.
    env.put("dict.txt", "河套地區 10\n");
    let refused = env.run(&["index", "--rebuild", "--dict", "dict.txt"]);
    assert!(running.try_wait().unwrap().is_none(), "the first index ended too soon for the test to mean anything");
    refused.assert_one_line_error("being written by another");
    assert!(running.wait().unwrap().success());
    assert_eq!(env.total(&["新质生产力"]), 4 + 5_000, "nothing was lost");
}

#[test]
fn file_names_that_are_not_utf8_get_distinct_stable_ids() {
    let env = Env::new();
    // GBK names; a lossy conversion makes both `��.txt`.
    for (name, body) in [(&b"\xd0\xc2.txt"[..], "鯉魚門甲"), (&b"\xc2\xc5.txt"[..], "鯉魚門乙")] {
        let path = env.path("corpus").join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, body).unwrap();
    }
    env.index(&[]);
    assert_eq!(env.stats_json(&[]).documents, 7);
    let found = env.ids(&["鲤鱼门"]);
    assert_eq!(found, ["\\xc2\\xc5.txt", "\\xd0\\xc2.txt"]);
    let out = env.assert_success(&["show", "--format", "json", &found[1]]);
    assert!(out.stdout.contains("鯉魚門甲"), "{}", out.stdout);
    assert_says(&env.index(&[]), "0 added, 0 changed, 0 removed, 7 unchanged");
    assert_eq!(env.ids(&["鲤鱼门"]), found, "ids are stable");
}

/// Overwrites `file` with `n` articles in two zstd frames, the second cut short when
/// `broken`: the first frame reads, then the stream breaks.
fn zst(file: &Path, ids: &[&str], broken: bool) {
    let line = |id: &str| jsonl_line(id, &format!("流浮山{id}篇"));
    let mut bytes = zstd::encode_all(line(ids[0]).as_bytes(), 3).unwrap();
    let rest: String = ids[1..].iter().map(|id| line(id)).collect();
    let second = zstd::encode_all(rest.as_bytes(), 3).unwrap();
    bytes.extend_from_slice(if broken { &second[..second.len() / 2] } else { &second });
    std::fs::write(file, bytes).unwrap();
}

#[test]
fn a_file_that_breaks_off_keeps_what_the_index_held_and_is_read_again() {
    let env = Env::new();
    let file = env.path("corpus/feed.jsonl.zst");
    zst(&file, &["a", "b", "c"], false);
    env.index(&[]);
    assert_eq!(env.ids(&["流浮山"]).len(), 3);
    zst(&file, &["a", "b", "c", "d"], true);
    let out = env.index(&[]);
    assert_says(&out, "cannot read further");
    assert_says(&out, "0 removed");
    assert_eq!(env.ids(&["流浮山"]), ["a", "b", "c"], "nothing lost to the broken part");
    assert_says(&env.index(&[]), "read 1 file,"); // tried again, though unchanged
    zst(&file, &["a", "b", "c", "d"], false);
    assert_says(&env.index(&[]), "1 added, 0 changed, 0 removed");
    assert_says(&env.index(&[]), "read 0 files");
}

#[test]
fn a_file_without_read_permission_keeps_its_clippings_and_is_read_again() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.put("corpus/locked.txt", "標題\n白石角");
    // Root reads any file: run as nobody where this process is root.
    if env.as_reader().is_none() {
        eprintln!("skipped: no setpriv to drop root");
        return;
    }
    let run = |args: &[&str]| {
        let out = env.as_reader().unwrap().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stderr).unwrap()
    };
    let open = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    open(&env.path(""), 0o777);
    run(&["index"]);
    for entry in walk(&env.path("")) {
        open(&entry, if entry.is_dir() { 0o777 } else { 0o666 });
    }
    env.put("corpus/locked.txt", "標題\n白石角，改過");
    open(&env.path("corpus/locked.txt"), 0o000);
    let out = run(&["index"]);
    assert_says(&out, "locked.txt: cannot read");
    assert_says(&out, "0 removed");
    assert_says(&out, "1 skipped, 0 warnings");
    assert_eq!(env.ids(&["白石角"]), ["locked.txt"], "the clipping is kept");
    open(&env.path("corpus/locked.txt"), 0o666);
    let out = run(&["index"]);
    assert_says(&out, "0 added, 1 changed, 0 removed");
}

#[test]
fn an_id_too_long_to_index_is_refused_not_a_ghost() {
    let env = Env::new();
    let long = "x".repeat(70_000);
    env.put("corpus/long.jsonl", jsonl_line(&long, "大嶼山") + &jsonl_line("short", "大嶼山北"));
    let out = env.index(&[]);
    assert_says(&out, "longer than 4096; skipped");
    assert_says(&out, "6 added");
    env.put("corpus/long.jsonl", jsonl_line(&long, "大嶼山改") + &jsonl_line("short", "大嶼山北"));
    env.index(&[]);
    assert_eq!(env.ids(&["大屿山"]), ["short"], "only clippings that can be shown, replaced and deleted");
    assert_eq!(env.stats_json(&[]).documents, 6);
}

#[test]
fn indexing_another_folder_adds_it_and_keeps_the_rest() {
    let env = Env::indexed();
    env.put("other/a.txt", "標題\n屯門");
    let out = env.index(&["other"]);
    assert_says(&out, "1 added, 0 changed, 0 removed, 5 unchanged");
    assert_says(&out, "holds 2 folders");
    assert_eq!(env.stats_json(&[]).documents, 6);
    let folders = env.stats_json(&[]).folders;
    let labels: Vec<&str> = folders.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["", "other"]);
    assert_eq!(env.ids(&["屯门"]), ["other/a.txt"]);
    // Without a path, every folder held is updated.
    env.put("corpus/new.txt", "標題\n元朗");
    assert_says(&env.index(&[]), "1 added, 0 changed, 0 removed, 6 unchanged");
    std::fs::remove_file(env.path("other/a.txt")).unwrap();
    assert_says(&env.index(&["other"]), "0 added, 0 changed, 1 removed, 6 unchanged");
    // A folder that is missing keeps its clippings; --forget drops them.
    env.put("other/b.txt", "標題\n天水圍");
    env.index(&[]);
    std::fs::rename(env.path("other"), env.path("elsewhere")).unwrap();
    let out = env.index(&[]);
    assert_says(&out, "is missing: its clippings are kept");
    assert_eq!(env.stats_json(&[]).documents, 7);
    env.assert_failure_with_error(&["index", "--rebuild"], "--forget");
    assert_eq!(env.stats_json(&[]).documents, 7, "a refused rebuild changes nothing");
    let out = env.index(&["--forget", "other"]);
    assert_says(&out, "1 removed");
    assert_says(&out, "holds 1 folder:");
    assert_eq!(env.stats_json(&[]).documents, 6);
    env.assert_failure_with_error(&["index", "--forget", "nowhere"], "not a folder the index holds");
    // A refused first run leaves no index folder behind.
    env.assert_failure_with_error(&["index", "--index", "fresh", "no-such-folder"], "no-such-folder");
    assert!(!env.path("fresh").exists());
}

#[test]
fn the_same_file_name_in_two_folders_gives_two_clippings() {
    let env = Env::new();
    env.put("papers/mingpao/2024-03-14.txt", "明報\n將軍澳隧道通車");
    env.put("papers/takungpao/2024-03-14.txt", "大公報\n將軍澳隧道開通");
    let args = ["--index", "idx", "papers/mingpao", "papers/takungpao"];
    assert_says(&env.index(&args), "2 added");
    assert_eq!(env.stats_json(&["--index", "idx"]).documents, 2);
    let found = env.ids(&["--index", "idx", "将军澳隧道"]);
    assert_eq!(found, ["2024-03-14.txt", "takungpao/2024-03-14.txt"]);
    assert_says(&env.index(&args), "0 added, 0 changed, 0 removed, 2 unchanged");
    assert_says(&env.index(&["--index", "idx"]), "0 added, 0 changed, 0 removed, 2 unchanged");
    assert_eq!(env.ids(&["--index", "idx", "将军澳隧道"]), found, "ids are stable across runs");
}

#[test]
fn an_interrupted_first_build_is_finished_by_the_next_run() {
    let env = Env::new();
    std::fs::create_dir(env.path("empty")).unwrap();
    env.index(&["--index", "idx", "empty"]);
    // Indexing an empty folder left an index that a later run can add to.
    assert_says(&env.index(&["--index", "idx", "corpus"]), "5 added");
    env.put("big/bulk.jsonl", bulk(5_000, "k"));
    env.kill_after(&["index", "--index", "killed", "big"], Duration::from_millis(400));
    let out = env.index(&["--index", "killed"]);
    assert_says(&out, "added");
    assert_eq!(env.stats_json(&["--index", "killed"]).documents, 5_000);
}

#[test]
fn an_id_repeated_on_every_line_costs_no_more_than_distinct_ids() {
    let env = Env::new();
    let n = 200_000;
    let mut lines = String::with_capacity(n * 40);
    for i in 0..n {
        lines += &jsonl_line("same", &format!("第{i}版"));
    }
    env.put("corpus/repeat.jsonl", lines);
    let started = Instant::now();
    let out = env.index(&[]);
    // Quadratic, this took minutes; linear, a few seconds even in a debug build.
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
    assert_says(&out, "6 added");
    assert_says(&out, "more warnings from this line on");
    assert_eq!(env.stats_json(&[]).documents, 6);
    assert_eq!(env.ids(&[&format!("第{}版", n - 1)]), ["same"], "the last line wins");
    assert!(out.lines().count() < 200, "warnings are counted, not listed a line each");
}

#[test]
fn symbolic_links_out_of_the_corpus_are_not_followed_unless_asked() {
    let env = Env::new();
    env.put("outside/secret.txt", "標題\n機密文件");
    env.put("outside/dir/more.txt", "標題\n機密資料");
    std::os::unix::fs::symlink(env.path("outside/secret.txt"), env.path("corpus/secret.txt")).unwrap();
    std::os::unix::fs::symlink(env.path("outside/dir"), env.path("corpus/dir")).unwrap();
    env.put("corpus/sub/inside.txt", "標題\n內部文件甲");
    std::os::unix::fs::symlink(env.path("corpus/sub/inside.txt"), env.path("corpus/link.txt")).unwrap();
    let out = env.index(&[]);
    assert_says(&out, "outside the corpus folder: not followed");
    assert_eq!(env.ids(&["机密"]), Vec::<String>::new());
    assert_eq!(env.ids(&["内部文件甲"]), ["link.txt", "sub/inside.txt"], "links inside are followed");
    env.index(&["--follow"]);
    assert_eq!(env.ids(&["机密"]), ["dir/more.txt", "secret.txt"]);
}

#[test]
fn a_named_pipe_is_reported_and_never_opened() {
    let env = Env::new();
    let fifo = env.path("corpus/feed.txt");
    assert!(Process::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = env.index(&[]);
    assert_says(&out, "feed.txt: not a regular file (a named pipe); skipped");
    assert_says(&out, "5 added");
}

#[test]
fn an_id_in_two_files_is_counted_once() {
    let env = Env::new();
    env.put("corpus/a.jsonl", jsonl_line("same", "第一版本"));
    env.put("corpus/b.jsonl", jsonl_line("same", "第二版本"));
    let out = env.index(&[]);
    assert_says(&out, "6 added, 0 changed, 0 removed");
    assert_eq!(env.stats_json(&[]).documents, 6);
}

#[test]
fn orphaned_files_are_collected_and_a_killed_merge_is_done_next_time() {
    let env = Env::indexed();
    let orphan = env.path("index/0123456789abcdef0123456789abcdef.idx");
    std::fs::write(&orphan, vec![0; 4096]).unwrap();
    let managed = env.path("index/.managed.json");
    let mut list: Vec<String> = serde_json::from_slice(&std::fs::read(&managed).unwrap()).unwrap();
    list.push("0123456789abcdef0123456789abcdef.idx".into());
    std::fs::write(&managed, serde_json::to_vec(&list).unwrap()).unwrap();
    assert_says(&env.index(&[]), "0 added, 0 changed, 0 removed");
    assert!(!orphan.exists(), "a run with nothing to do still collects what no commit uses");
    // An update adds a segment; a build whose merge was cut short says so in its manifest.
    env.put("corpus/new.txt", "標題\n馬鞍山");
    env.index(&[]);
    let segments = || env.stats_json(&[]).segments;
    assert_eq!(segments(), 2);
    let manifest = env.path("index/jianbao-files.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    m["merge_pending"] = true.into();
    std::fs::write(&manifest, serde_json::to_vec(&m).unwrap()).unwrap();
    env.index(&[]);
    assert_eq!(segments(), 1, "the merge is finished");
}

#[test]
fn a_full_disk_says_so_in_one_line_and_loses_nothing() {
    let env = Env::new();
    let mount = env.path("tiny");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Process::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let unmount = || {
        let _ = Process::new("umount").arg(&mount).status();
    };
    env.index(&["--index", "tiny/idx"]);
    // Text that compresses badly: characters drawn at random from the CJK block.
    let mut seed = 1u32;
    let mut lines = String::new();
    for i in 0..2_000 {
        let body: String = (0..300)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from_u32(0x4e00 + (seed >> 16) % 20_000).unwrap()
            })
            .collect();
        lines += &jsonl_line(&format!("f{i}"), &body);
    }
    env.put("corpus/bulk.jsonl", lines);
    let out = env.run(&["index", "--index", "tiny/idx"]);
    let searched = env.total(&["--index", "tiny/idx", "新质生产力"]);
    unmount();
    out.assert_one_line_error("no space left on");
    assert!(searched >= 4, "what was committed is still there: {searched}");
}

#[test]
fn sort_takes_minus_date_as_a_separate_word() {
    let env = Env::indexed();
    env.assert_success(&["search", "--sort", "-date", "--format", "json", "新质生产力"]);
}

#[test]
fn a_path_inside_a_held_folder_updates_that_part_only() {
    let env = Env::new();
    env.put("corpus/2024/a.txt", "標題\n粉嶺北");
    env.put("corpus/2024/userdict.txt", "標題\n粉嶺南");
    env.index(&[]);
    std::fs::remove_file(env.path("corpus/000_b51270311f0cce77.txt")).unwrap();
    env.put("corpus/2024/b.txt", "標題\n粉嶺東");
    let out = env.index(&["corpus/2024"]);
    assert_says(&out, "1 added, 0 changed, 0 removed");
    assert_says(&out, "holds 1 folder:");
    assert_eq!(env.ids(&["粉岭"]), ["2024/a.txt", "2024/b.txt", "2024/userdict.txt"]);
    assert_says(&env.index(&[]), "0 added, 0 changed, 1 removed");
}
