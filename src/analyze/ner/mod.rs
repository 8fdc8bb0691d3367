//! Named-entity recognition: a tokenizer and sentence splitter for raw news text, hashed
//! features, an averaged-perceptron tagger over BILOU tags with greedy decoding, its
//! training and its scoring on CoNLL-2003. The shipped weights are `models/ner.bin`.

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
