//! Named-entity recognition: a tokenizer and sentence splitter for raw news text, hashed
//! features (words, shapes, affixes, gazetteers, word clusters learnt from unlabelled news,
//! a place list, what the document said before), an averaged-perceptron tagger over BILOU
//! tags with beam decoding, its training (CoNLL-2003 and news annotated by hand) and its
//! scoring. The shipped weights are `models/ner.bin`; they hold the capitalisation table
//! and the clusters too.
//!
//! Reproducing them (deterministic; the steps and timings are in `bench/README.md`):
//! `cargo run --release --example newsdex-clusters -- --data ../shared/data` (word clusters,
//! `data/ner/clusters.tsv`), then
//! `cargo run --release --example newsdex-train-ner -- --data ../shared/data/conll2003 --news data/ner/news --news-weight 1 --news-dev tests/gold/entities --out /tmp/ner.bin`
//! (chooses the epoch on dev) and
//! `cargo run --release --example newsdex-train-ner -- --data ../shared/data/conll2003 --news data/ner/news --news-weight 1 --epochs 17 --with-dev --out models/ner.bin`
//! (the shipped weights: CoNLL train + dev and the news articles of `data/ner/news/`
//! annotated by hand, the epochs chosen).

pub mod annotated;
pub mod clusters;
pub mod conll;
pub mod decode;
pub mod features;
pub mod gaz_index;
pub mod hashing;
pub mod labels;
pub mod model;
pub mod tokenize;
pub mod train;
pub mod word_table;

pub use model::{Mention, Model};
