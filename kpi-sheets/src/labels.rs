//! Labels of result keys: points and slip lines are labelled by the policy, except the
//! totals the engine adds (`adjustments`, `total`, `gross`).

use kpi_core::policy::{Label, PolicySpec};

fn label(zh: &str, en: &str) -> Label {
    Label {
        zh: zh.to_string(),
        en: en.to_string(),
    }
}

/// The label of a points key.
pub(crate) fn points(spec: &PolicySpec, key: &str) -> Label {
    match key {
        "adjustments" => label("加减分", "adjustments"),
        "total" => label("总分", "total"),
        _ => spec
            .categories
            .iter()
            .find(|c| c.id == key)
            .map_or_else(|| label(key, key), |c| c.label.clone()),
    }
}

/// The label and clause of a slip key.
pub(crate) fn slip(spec: &PolicySpec, key: &str) -> (Label, String) {
    match key {
        "gross" => (label("应发合计", "gross pay"), "P".to_string()),
        _ => spec.slip.iter().find(|l| l.id == key).map_or_else(
            || (label(key, key), String::new()),
            |l| (l.label.clone(), l.clause.clone()),
        ),
    }
}

/// The label of a tier id.
pub(crate) fn tier(spec: &PolicySpec, id: &str) -> Label {
    spec.tiers
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| label(id, id), |t| t.label.clone())
}

/// `中文\nEnglish`, for a two-line header.
pub(crate) fn two_lines(label: &Label) -> String {
    format!("{}\n{}", label.zh, label.en)
}
