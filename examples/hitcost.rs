//! Measures where the time of answering a query goes: search, document fetch, highlight.
//! `cargo run --release --example hitcost -- INDEX QUERIES_FILE`
use newsdex::highlight::highlight;
use newsdex::search::query::ParsedQuery;
use newsdex::search::Searcher;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let s = Searcher::new(newsdex::index::open(std::path::Path::new(&args[1])).unwrap()).unwrap();
    let queries = std::fs::read_to_string(&args[2]).unwrap();
    let (mut search, mut hl, mut n) = (Duration::ZERO, Duration::ZERO, 0);
    for q in queries.lines() {
        let t = Instant::now();
        let Ok(parsed) = ParsedQuery::parse(q) else {
            continue;
        };
        let Ok(compiled) = s.prepare(Some(&parsed.node), &Default::default()) else {
            continue;
        };
        let Ok(hits) = s.top_hits(compiled.as_ref(), 10, 1) else {
            continue;
        };
        let node = parsed.node;
        search += t.elapsed();
        let t = Instant::now();
        for h in &hits {
            std::hint::black_box(highlight(&node, &h.text));
            n += 1;
        }
        hl += t.elapsed();
    }
    println!(
        "search+fetch {:?}, highlight {:?} for {n} hits ({:?}/hit)",
        search,
        hl,
        hl / n.max(1) as u32
    );
}
