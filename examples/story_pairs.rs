use jianbao::story::Sketch;
use std::collections::HashMap;
use std::io::BufRead;
fn main() {
    let stdin = std::io::stdin();
    let mut docs = Vec::new();
    for line in stdin.lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let id = v["id"].as_str().unwrap().to_owned();
        if let Some(s) = Sketch::of(v["body"].as_str().unwrap_or("")) {
            docs.push((id, s));
        }
    }
    let mut holders: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, (_, s)) in docs.iter().enumerate() {
        for &v in &s.mins {
            holders.entry(v).or_default().push(i);
        }
    }
    let mut shared: HashMap<(usize, usize), u32> = HashMap::new();
    for h in holders.values() {
        if h.len() > 256 {
            continue;
        }
        for a in 0..h.len() {
            for b in a + 1..h.len() {
                *shared.entry((h[a], h[b])).or_default() += 1;
            }
        }
    }
    for ((a, b), n) in shared {
        if n < 2 {
            continue;
        }
        let (sa, sb) = (&docs[a].1, &docs[b].1);
        let (small, large) = if sa.shingles <= sb.shingles { (sa, sb) } else { (sb, sa) };
        let c = small.containment_in(large).unwrap_or(-1.0);
        let c2 = large.containment_in(small).unwrap_or(-1.0);
        println!(
            "{}\t{}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}\t{}",
            docs[a].0,
            docs[b].0,
            c,
            c2,
            small.shingles as f64 / large.shingles as f64,
            small.shingles,
            large.shingles,
            sa.same_story(sb)
        );
    }
}
