fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = std::time::Instant::now();
    let store = jianbao::index::Store::open_for_search(&dir).unwrap();
    let s = store.searcher().unwrap();
    eprintln!("open: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let st = store.stories().unwrap();
    eprintln!("stories: {:?} ({} stories, {} docs)", t.elapsed(), st.all().len(), s.num_docs());
    let t = std::time::Instant::now();
    let l = jianbao::index::stories_listed(&store, 2).unwrap();
    eprintln!("listed: {:?} ({})", t.elapsed(), l.len());
}
