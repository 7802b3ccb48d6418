//! Compiles jieba's standard dictionary into an FST (word → frequency) for query-time
//! segmentation (see `data/jieba/README.md`), turns the OpenCC key characters into a bit
//! set, and links the binary without PIE.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

const DICT: &str = "data/jieba/dict.txt.gz";
const OPENCC_KEYS: &str = "data/opencc/hk2s-key-chars.txt";

fn main() {
    println!("cargo:rerun-if-changed={DICT}");
    println!("cargo:rerun-if-changed=build.rs");
    link_without_pie();
    opencc_key_bits();
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

/// The characters of `OPENCC_KEYS` as a bit set over code points, so that folding tests
/// them without building anything at run time.
fn opencc_key_bits() {
    println!("cargo:rerun-if-changed={OPENCC_KEYS}");
    let keys = std::fs::read_to_string(OPENCC_KEYS).unwrap_or_else(|e| panic!("{OPENCC_KEYS}: {e}"));
    let keys = keys.trim_end();
    let mut bits = vec![0u64; keys.chars().map(|c| c as usize / 64 + 1).max().unwrap_or(0)];
    for c in keys.chars() {
        bits[c as usize / 64] |= 1 << (c as usize % 64);
    }
    let words: Vec<String> = bits.iter().map(|w| format!("{w:#x}")).collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let code = format!(
        "/// Bit `c % 64` of word `c / 64` is set for each character `c` of {OPENCC_KEYS}.\n\
         pub static KEY_BITS: [u64; {}] = [{}];\n",
        words.len(),
        words.join(", ")
    );
    std::fs::write(out.join("opencc_key_bits.rs"), code).expect("writing the OpenCC key bits");
}
