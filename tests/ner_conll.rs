//! The shipped NER weights on the CoNLL-2003 development split (real data; ignored when
//! ../shared/data is absent). The test split is for bench/ner.sh only.

use newsdex::analyze::ner::conll;
use newsdex::analyze::ner::train::evaluate;
use newsdex::analyze::ner::Model;
use std::path::Path;

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data beside the checkout")]
fn shipped_weights_score_on_dev_as_trained() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/conll2003/eng.testa");
    let text = std::fs::read_to_string(&path).expect("CoNLL-2003 dev split");
    let docs = conll::parse(&text).unwrap();
    let model = Model::shipped();
    let scores = evaluate(model, model.caps(), &docs);
    let (p, r, f) = scores.micro();
    // newsdex-train-ner printed dev F1 0.9141 for the shipped weights.
    assert!(f > 0.90, "dev P {p:.4} R {r:.4} F1 {f:.4}");
    assert!(scores.per_type.iter().all(|t| t.2 > 0), "every type in dev");
}
