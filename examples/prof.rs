fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let draft = std::fs::read_to_string(std::env::args().nth(2).unwrap()).unwrap();
    let n: usize = std::env::args().nth(3).map_or(50, |x| x.parse().unwrap());
    let (corpus, _, _) = copydesk::index::open(&[dir]).unwrap();
    let opts = copydesk::Options::default();
    let doc = copydesk::Doc::parse(&draft, copydesk::Format::Markdown);
    let t = std::time::Instant::now();
    let first = copydesk::check(&corpus, &doc, &opts);
    eprintln!("first {:?} {}", t.elapsed(), first.len());
    let mut v = Vec::new();
    for _ in 0..n {
        let t = std::time::Instant::now();
        std::hint::black_box(copydesk::check(
            &corpus,
            &copydesk::Doc::parse(&draft, copydesk::Format::Markdown),
            &opts,
        ));
        v.push(t.elapsed());
    }
    v.sort();
    eprintln!("median {:?}", v[n / 2]);
}
