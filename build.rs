//! Tells the tests whether the real corpora in `../shared/data` are beside the checkout:
//! the suites over them are `#[ignore]`d (with the reason in the summary) when they are
//! not, instead of passing without checking anything. Cargo runs this again when the
//! folder's README changes; after adding the folder to a checkout, `touch build.rs`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_data)");
    println!("cargo::rerun-if-changed=build.rs");
    let readme = std::path::Path::new("../shared/data/README.md");
    if readme.is_file() {
        println!("cargo::rerun-if-changed=../shared/data/README.md");
        println!("cargo::rustc-cfg=shared_data");
    }
}
