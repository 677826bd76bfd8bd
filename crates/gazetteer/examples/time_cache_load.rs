//! Times loading a compiled gazetteer (`tonle gazetteer compile -o FILE`) in a fresh process:
//! `cargo run --release -p tonle-gazetteer --example time_cache_load -- FILE`. This is the
//! figure BENCHMARKS.md reports as the cache's load time.

fn main() {
    let path = std::env::args_os()
        .nth(1)
        .expect("usage: time_cache_load FILE.tonlegaz");
    let start = std::time::Instant::now();
    let (g, _) = tonle_gazetteer::Gazetteer::load_compiled(path.as_ref()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "loaded {} entries, {} names in {seconds:.3} s",
        g.entries().len(),
        g.name_count()
    );
    std::mem::forget(g);
}
