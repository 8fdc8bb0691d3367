//! Measures where the time of answering a query goes: ranking, reading and choosing
//! passages, highlighting. `cargo run --release --example hitcost -- INDEX QUERIES_FILE`
use newsdex::highlight::highlight;
use newsdex::search::query::ParsedQuery;
use newsdex::search::Searcher;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let s = Searcher::new(newsdex::index::open(std::path::Path::new(&args[1])).unwrap()).unwrap();
    let queries = std::fs::read_to_string(&args[2]).unwrap();
    let snap = s.snapshot();
    let (mut rank, mut read, mut hl, mut n) = (Duration::ZERO, Duration::ZERO, Duration::ZERO, 0);
    for q in queries.lines() {
        let Ok(parsed) = ParsedQuery::parse(q) else {
            continue;
        };
        let t = Instant::now();
        let Ok(prepared) = s.prepare(&snap, Some(&parsed.node), &Default::default()) else {
            continue;
        };
        let Ok(stories) = s.ranked(&snap, &prepared, 0, 10, true) else {
            continue;
        };
        rank += t.elapsed();
        let t = Instant::now();
        let mut hits = Vec::new();
        for (i, story) in stories.iter().enumerate() {
            hits.extend(s.story_hits(&snap, story, i + 1, 1, &prepared).unwrap());
        }
        read += t.elapsed();
        let t = Instant::now();
        for h in &hits {
            std::hint::black_box(highlight(&parsed.node, &h.text, &mut |_| true));
            n += 1;
        }
        hl += t.elapsed();
    }
    println!(
        "rank {rank:?}, read+choose passages {read:?}, highlight {hl:?} for {n} hits ({:?}/hit)",
        hl / n.max(1) as u32
    );
}
