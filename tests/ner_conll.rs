//! The shipped NER weights on the CoNLL-2003 test split (real data; ignored when
//! ../shared/data is absent). The weights were trained on train + dev with settings chosen
//! on dev (see `analyze::ner`), so dev says nothing about them; this test only guards
//! against shipping weights that score worse than the ones measured by bench/ner.sh.

use newsdex::analyze::ner::conll;
use newsdex::analyze::ner::train::evaluate;
use newsdex::analyze::ner::Model;
use std::path::Path;

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data beside the checkout")]
fn shipped_weights_score_on_test_as_measured() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/conll2003/eng.testb");
    let text = std::fs::read_to_string(&path).expect("CoNLL-2003 test split");
    let docs = conll::parse(&text).unwrap();
    let model = Model::shipped();
    let scores = evaluate(model, model.caps(), &docs);
    let (p, r, f) = scores.micro();
    // bench/ner.sh printed test F1 0.9002 for the shipped weights.
    assert!(f > 0.895, "test P {p:.4} R {r:.4} F1 {f:.4}");
    assert!(
        scores.per_type.iter().all(|t| t.2 > 0),
        "every type in test"
    );
}
