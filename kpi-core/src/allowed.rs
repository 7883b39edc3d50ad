//! What a problem allows, as data, and its wording: the one place where the `allowed` text
//! of a problem is written, whichever door or stage found it.

use crate::num::MAX_MAGNITUDE;
use rust_decimal::Decimal;

/// What is allowed where a problem was found: the data behind the problem's `allowed` text,
/// for programs that react to a problem rather than print it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Allowed {
    /// A value between bounds (either may be open).
    Range {
        /// Smallest allowed value.
        min: Option<Decimal>,
        /// Largest allowed value.
        max: Option<Decimal>,
    },
    /// A number too large or too fine for exact arithmetic (within a range, if any).
    Representable {
        /// Smallest allowed value.
        min: Option<Decimal>,
        /// Largest allowed value.
        max: Option<Decimal>,
        /// Most decimal places.
        max_scale: usize,
    },
    /// A multiple of a step.
    MultipleOf(Decimal),
    /// At most `limit` of something.
    AtMost {
        /// The limit.
        limit: u64,
        /// What is counted.
        of: Counted,
    },
    /// One of a fixed list of option values.
    OneOf(Vec<String>),
    /// A declared input of the policy; the nearest declared id when the key looks like a typo,
    /// and how many more records repeat the same unknown key (reported once).
    DeclaredInput {
        /// The declared input nearest to the unknown key, if one is near.
        nearest: Option<String>,
        /// Further records with the same unknown key.
        repeats: u64,
    },
    /// Only agents with one of these roles.
    Roles(Vec<String>),
    /// A sheet column the policy knows (by id, or its Chinese or English label); the nearest
    /// known column when the header looks like a typo.
    Column {
        /// The ids of the columns the sheet may have.
        known: Vec<String>,
        /// The known column nearest to the header, if one is near.
        nearest: Option<String>,
    },
    /// A key of a policy table (the table's keys); the nearest key when the unknown one looks
    /// like a typo.
    PolicyKey {
        /// The keys the table may have.
        known: Vec<String>,
        /// The known key nearest to the unknown one, if one is near.
        nearest: Option<String>,
    },
    /// A decimal number, written as text in a policy file.
    DecimalText,
    /// Anything else, in words.
    Words(String),
}

/// What an [`Allowed::AtMost`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Counted {
    /// Characters of a text.
    Characters,
    /// Entries of a list.
    Entries,
    /// Agent-months in one batch.
    AgentMonths,
}

impl Allowed {
    /// The problem's `allowed` text.
    pub fn words(&self) -> String {
        match self {
            Allowed::Range { min, max } => range_words(*min, *max),
            Allowed::Representable {
                min,
                max,
                max_scale,
            } => {
                let limit = format!(
                    "at most {MAX_MAGNITUDE} in magnitude, with at most {max_scale} decimals"
                );
                match (min, max) {
                    (None, None) => limit,
                    _ => format!("{}; {limit}", range_words(*min, *max)),
                }
            }
            Allowed::MultipleOf(step) => format!("a multiple of {step}"),
            Allowed::AtMost { limit, of } => match of {
                Counted::Characters => format!("at most {limit} characters"),
                Counted::Entries => format!("at most {limit} entries"),
                Counted::AgentMonths => format!("at most {limit} agent-months in one batch"),
            },
            Allowed::OneOf(names) => either(names),
            Allowed::DeclaredInput { nearest, repeats } => {
                let mut text = String::from("the policy's declared inputs");
                if let Some(near) = nearest {
                    text.push_str(&format!(" (did you mean {near}?)"));
                }
                match repeats {
                    0 => {}
                    1 => text.push_str("; the same key in 1 more record"),
                    n => text.push_str(&format!("; the same key in {n} more records")),
                }
                text
            }
            Allowed::Roles(roles) => format!("only agents with role {}", roles.join(" or ")),
            Allowed::Column { known, nearest } => {
                let mut text = String::from("a column the policy knows");
                if let Some(near) = nearest {
                    text.push_str(&format!(" (did you mean {near}?)"));
                }
                text.push_str(", by id or its Chinese or English label: ");
                text.push_str(&known.join(", "));
                text
            }
            Allowed::PolicyKey { known, nearest } => {
                let mut text = String::from("a key of this table");
                if let Some(near) = nearest {
                    text.push_str(&format!(" (did you mean {near}?)"));
                }
                text.push_str(": ");
                text.push_str(&known.join(", "));
                text
            }
            Allowed::DecimalText => "a decimal number as text, such as \"1000\" or \"0.5\"".into(),
            Allowed::Words(words) => words.clone(),
        }
    }
}

fn range_words(min: Option<Decimal>, max: Option<Decimal>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => format!("at most {MAX_MAGNITUDE} in magnitude"),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn either(names: &[String]) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

impl From<&str> for Allowed {
    fn from(words: &str) -> Allowed {
        Allowed::Words(words.to_string())
    }
}

impl From<String> for Allowed {
    fn from(words: String) -> Allowed {
        Allowed::Words(words)
    }
}

impl From<&String> for Allowed {
    fn from(words: &String) -> Allowed {
        Allowed::Words(words.clone())
    }
}

/// The declared id nearest to a misspelled key, if one is near enough to be the one meant:
/// within two edits, and fewer than a third of the key's characters (case aside).
///
/// ```
/// let near = kpi_core::error::nearest("qualty", ["quality", "execution"]);
/// assert_eq!(near.as_deref(), Some("quality"));
/// ```
pub fn nearest<'a>(key: &str, declared: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let key = key.to_lowercase();
    let most = (key.chars().count() / 3).clamp(1, 2);
    declared
        .into_iter()
        .map(|id| (edits(&key, &id.to_lowercase()), id))
        .filter(|(d, _)| *d <= most)
        .min_by_key(|(d, _)| *d)
        .map(|(_, id)| id.to_string())
}

/// Levenshtein distance, with an adjacent swap counted as one edit.
fn edits(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the distance table: two back (for swaps), one back, this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = last
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != cb));
            let insert = row.get(j).map_or(usize::MAX, |d| d + 1);
            let delete = last.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let mut best = substitute.min(insert).min(delete);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                best = best.min(before.get(j - 1).map_or(usize::MAX, |d| d + 1));
            }
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_input() {
        let declared = ["quality", "execution", "typing_speed", "absences"];
        assert_eq!(nearest("qualty", declared).as_deref(), Some("quality"));
        assert_eq!(nearest("Quality", declared).as_deref(), Some("quality"));
        assert_eq!(
            nearest("excecution", declared).as_deref(),
            Some("execution")
        );
        assert_eq!(nearest("absecnes", declared).as_deref(), Some("absences"));
        assert_eq!(nearest("bonus", declared), None);
        assert_eq!(nearest("xy", declared), None);
    }

    #[test]
    fn edits_count_swaps_once() {
        assert_eq!(edits("ab", "ba"), 1);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("same", "same"), 0);
    }

    #[test]
    fn words_of_each_kind() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        let range = Allowed::Range {
            min: Some(d("0")),
            max: Some(d("20")),
        };
        assert_eq!(range.words(), "0 to 20");
        let names = vec!["competition".into(), "dense".into(), "shared".into()];
        assert_eq!(
            Allowed::OneOf(names).words(),
            "competition, dense or shared"
        );
        let typo = Allowed::DeclaredInput {
            nearest: Some("quality".into()),
            repeats: 9,
        };
        assert_eq!(
            typo.words(),
            "the policy's declared inputs (did you mean quality?); the same key in 9 more records"
        );
        let long = Allowed::AtMost {
            limit: 3,
            of: Counted::Characters,
        };
        assert_eq!(long.words(), "at most 3 characters");
    }
}
