//! Build-time facts:
//!
//! - the fingerprints of the shipped entity model (`models/ner.bin`) and of the entity
//!   check's weights (`data/ner/entity_check.tsv`), so that opening an index compares
//!   them without hashing megabytes at every start;
//! - whether the real corpora in `../shared/data` are beside the checkout: the suites over
//!   them are `#[ignore]`d (with the reason in the summary) when they are not, instead of
//!   passing without checking anything. Cargo runs this again when the folder's README
//!   changes; after adding the folder to a checkout, `touch build.rs`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_data)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=models/ner.bin");
    let model = std::fs::read("models/ner.bin").expect("models/ner.bin is part of the crate");
    let hash = blake3::hash(&model).to_hex();
    println!("cargo::rustc-env=NEWSDEX_NER_MODEL_HASH={}", &hash[..12]);
    println!("cargo::rerun-if-changed=data/ner/entity_check.tsv");
    let check = std::fs::read("data/ner/entity_check.tsv")
        .expect("data/ner/entity_check.tsv is part of the crate");
    let hash = blake3::hash(&check).to_hex();
    println!("cargo::rustc-env=NEWSDEX_ENTITY_CHECK_HASH={}", &hash[..12]);
    let readme = std::path::Path::new("../shared/data/README.md");
    if readme.is_file() {
        println!("cargo::rerun-if-changed=../shared/data/README.md");
        println!("cargo::rustc-cfg=shared_data");
    }
}
