fn main() {
    let g = tonle_gazetteer::Gazetteer::defaults().unwrap();
    println!("entries={} names={}", g.entries().len(), g.name_count());
    for f in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut tokens = Vec::new();
        tonle_text::tokenize(&text, &mut tokens);
        let mut out = Vec::new();
        g.find(&text, &tokens, &mut out);
        for m in &out {
            let e = g.entry(m.entry);
            println!(
                "{}\t{}\t{}\t{}",
                e.kind,
                m.as_str(&text).replace('\n', " "),
                e.name,
                e.id
            );
        }
    }
}
