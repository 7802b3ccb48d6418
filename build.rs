//! Compiles jieba's standard dictionary into an FST (word → frequency) for query-time
//! segmentation (see `data/jieba/README.md`), turns the OpenCC tables of `data/opencc/`
//! into Rust statics, and links the binary without PIE.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

const DICT: &str = "data/jieba/dict.txt.gz";
const OPENCC_CHARS: &str = "data/opencc/hk2s-chars.tsv";
const OPENCC_PAIRS: &str = "data/opencc/hk2s-pairs.tsv";

fn main() {
    println!("cargo:rerun-if-changed={DICT}");
    println!("cargo:rerun-if-changed=build.rs");
    link_without_pie();
    c_bmi2_cfg();
    opencc_tables();
    let file = std::fs::File::open(DICT).unwrap_or_else(|e| panic!("{DICT}: {e}"));
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    // jieba keeps the later of two entries for a word but counts both in its total.
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    let mut total: u64 = 0;
    for line in reader.lines() {
        let line = line.unwrap_or_else(|e| panic!("{DICT}: {e}"));
        let mut parts = line.split_whitespace();
        let (Some(word), Some(freq)) = (parts.next(), parts.next()) else { continue };
        let freq: u64 = freq.parse().unwrap_or_else(|e| panic!("{DICT}: {line:?}: {e}"));
        total += freq;
        words.insert(word.to_owned(), freq);
    }
    let mut builder = tantivy_fst::MapBuilder::memory();
    for (word, freq) in &words {
        builder.insert(word, *freq).unwrap_or_else(|e| panic!("building the FST: {e}"));
    }
    let fst = builder.into_inner().unwrap_or_else(|e| panic!("building the FST: {e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("jieba_words.fst"), fst).expect("writing the FST");
    let mut consts = std::fs::File::create(out.join("jieba_total.rs")).expect("writing the total");
    writeln!(consts, "/// Sum of all frequencies of the standard dictionary.\npub const TOTAL: u64 = {total};")
        .expect("writing the total");
}

/// Links the `jianbao` binary at a fixed address on Linux. A position-independent
/// executable has its pointers relocated by the loader at every start: ~200 page faults,
/// a third of a millisecond of each search process. (Not for the test binaries, which
/// gain nothing.)
///
/// Not when the C runtime is linked statically (`scripts/build-static`): rustc then links
/// the executable itself, without PIE if asked for `-C relocation-model=static`, and a
/// `-no-pie` of ours would mix a dynamic loader into a static binary that crashes.
fn link_without_pie() {
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let static_crt =
        std::env::var("CARGO_CFG_TARGET_FEATURE").is_ok_and(|features| features.split(',').any(|f| f == "crt-static"));
    if linux && !static_crt {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Sets `cfg(c_bmi2)` when the C code is compiled for BMI2 (`scripts/build-static` does
/// so on x86-64: zstd then decodes without asking the CPU with `cpuid` for each block, a
/// trap to the hypervisor on a virtual machine), so that the binary can check the CPU.
fn c_bmi2_cfg() {
    println!("cargo::rustc-check-cfg=cfg(c_bmi2)");
    println!("cargo:rerun-if-env-changed=CFLAGS");
    if std::env::var("CFLAGS").is_ok_and(|flags| flags.split_whitespace().any(|f| f == "-mbmi2")) {
        println!("cargo:rustc-cfg=c_bmi2");
    }
}

/// The OpenCC tables of `OPENCC_CHARS` and `OPENCC_PAIRS` (see `scripts/opencc-tables`)
/// as Rust statics, so that folding looks characters up without building anything at run
/// time:
/// - `KEY_BITS`: bit `c % 64` of word `c / 64` is set for each key character `c`;
/// - `DENSE`: for each character from `DENSE_FIRST` on, 0 if it is not a key character,
///   else what hk2s makes of it alone (the low 21 bits), with bit 29 set if it begins a
///   pair of step 1, bit 30 if what step 1 makes of it begins a pair of step 2, and bit 31;
/// - `FIRST_STEP`: (character, what step 1 makes of it) where that is another character;
/// - `PAIRS_1`, `PAIRS_2`: the pairs of each step, as `a << 32 | b`, sorted.
fn opencc_tables() {
    const DENSE_FIRST: u32 = 0x3400;
    const DENSE_LAST: u32 = 0x9FFF;
    println!("cargo:rerun-if-changed={OPENCC_CHARS}");
    println!("cargo:rerun-if-changed={OPENCC_PAIRS}");
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let one = |s: &str, path: &str| -> u32 {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => c as u32,
            _ => panic!("{path}: {s:?} is not one character"),
        }
    };
    let mut rows: Vec<(u32, u32, u32)> = Vec::new();
    for line in read(OPENCC_CHARS).lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [c, first, whole] = cols[..] else { panic!("{OPENCC_CHARS}: bad line {line:?}") };
        rows.push((one(c, OPENCC_CHARS), one(first, OPENCC_CHARS), one(whole, OPENCC_CHARS)));
    }
    let mut pairs: [Vec<u64>; 2] = [Vec::new(), Vec::new()];
    for line in read(OPENCC_PAIRS).lines() {
        let (step, pair) = line.split_once('\t').unwrap_or_else(|| panic!("{OPENCC_PAIRS}: bad line {line:?}"));
        let pair: Vec<u32> = pair.chars().map(|c| c as u32).collect();
        let [a, b] = pair[..] else { panic!("{OPENCC_PAIRS}: bad pair in {line:?}") };
        let step: usize = step.parse().unwrap_or_else(|_| panic!("{OPENCC_PAIRS}: bad step in {line:?}"));
        pairs[step - 1].push((a as u64) << 32 | b as u64);
    }
    for p in &mut pairs {
        p.sort_unstable();
        p.dedup();
    }
    let starts = |p: &[u64], c: u32| p.iter().any(|pair| (pair >> 32) as u32 == c);
    let mut bits = vec![0u64; rows.iter().map(|r| r.0 as usize / 64 + 1).max().unwrap_or(0)];
    let mut dense = vec![0u32; (DENSE_LAST - DENSE_FIRST + 1) as usize];
    let mut first_step: Vec<(u32, u32)> = Vec::new();
    for &(c, first, whole) in &rows {
        bits[c as usize / 64] |= 1 << (c as usize % 64);
        if first != c {
            first_step.push((c, first));
        }
        if (DENSE_FIRST..=DENSE_LAST).contains(&c) {
            let flags = (u32::from(starts(&pairs[0], c)) << 29) | (u32::from(starts(&pairs[1], first)) << 30) | 1 << 31;
            dense[(c - DENSE_FIRST) as usize] = whole | flags;
        }
    }
    first_step.sort_unstable();
    let list = |v: &[String]| v.join(", ");
    let hex = |v: &[u64]| list(&v.iter().map(|w| format!("{w:#x}")).collect::<Vec<_>>());
    let code = format!(
        "pub static KEY_BITS: [u64; {}] = [{}];\n\
         pub const DENSE_FIRST: u32 = {DENSE_FIRST:#x};\n\
         pub static DENSE: [u32; {}] = [{}];\n\
         pub static FIRST_STEP: [(u32, u32); {}] = [{}];\n\
         pub static PAIRS_1: [u64; {}] = [{}];\n\
         pub static PAIRS_2: [u64; {}] = [{}];\n",
        bits.len(),
        hex(&bits),
        dense.len(),
        list(&dense.iter().map(|d| format!("{d:#x}")).collect::<Vec<_>>()),
        first_step.len(),
        list(&first_step.iter().map(|(a, b)| format!("({a:#x}, {b:#x})")).collect::<Vec<_>>()),
        pairs[0].len(),
        hex(&pairs[0]),
        pairs[1].len(),
        hex(&pairs[1]),
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("opencc_tables.rs"), code).expect("writing the OpenCC tables");
}
