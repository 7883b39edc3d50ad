//! What every host language shares beyond the batch itself: the team shorthand, worded in the
//! policy's own terms. The command, kpi-sheets, Python and JavaScript call these instead of
//! deciding for themselves.

use crate::error::{Code, Error, Problem};
use crate::input::{RawValue, TeamRecord};
use crate::policy::Policy;

/// Team records from the shorthand `{group: value}` (Python, JS `readSheet`) or `--team
/// GROUP=VALUE` (the command): each value is the group's value of the policy's **one** team
/// input. A policy that declares no team input, or several, has no shorthand: every entry is
/// then refused (`invalid_option` on `teams.GROUP`), naming the declared inputs, and the caller
/// gives full team records instead (`{group: {input: value, …}}`, a team sheet, or the batch's
/// `teams` list). Values are kept as text for the checker, which reads them like any other.
///
/// # Example
/// ```
/// use kpi_core::{host::team_shorthand, Policy};
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = Policy::bundled()?;
/// let records = team_shorthand(&policy, &[("after-sales".into(), "0.15".into())])?;
/// assert!(records[0].fields.iter().any(|(key, _)| key == "review_growth"));
/// let two = Policy::parse(&kpi_core::policy::BUNDLED_TOML.replacen(
///     "[[team_rules]]",
///     "[[team_inputs]]\nid = \"csat\"\nkind = \"decimal\"\nlabel = { zh = \"满意度\", en = \"satisfaction\" }\n\n[[team_rules]]",
///     1,
/// ))?;
/// let refused = team_shorthand(&two, &[("after-sales".into(), "0.15".into())]).unwrap_err();
/// assert_eq!(refused.problems[0].field, "teams.after-sales");
/// # Ok(()) }
/// ```
///
/// # Errors
/// `invalid_option` for every entry when the policy does not declare exactly one team input.
pub fn team_shorthand(
    policy: &Policy,
    entries: &[(String, String)],
) -> Result<Vec<TeamRecord>, Error> {
    let declared: Vec<&str> = policy
        .spec()
        .team_inputs
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let [input] = declared.as_slice() else {
        let allowed = match declared.as_slice() {
            [] => "no team values: the policy declares no team input".to_string(),
            several => format!(
                "a team record naming each input (the policy declares {} team inputs: {}); \
                 the shorthand GROUP=VALUE needs exactly one",
                several.len(),
                several.join(", ")
            ),
        };
        let problems = entries
            .iter()
            .map(|(group, value)| {
                Problem::new(
                    Code::InvalidOption,
                    None,
                    format!("teams.{}", group.trim()),
                    value.trim(),
                    allowed.as_str(),
                )
            })
            .collect();
        return Err(Error::batch(problems));
    };
    Ok(entries
        .iter()
        .map(|(group, value)| {
            TeamRecord::new(group.trim()).with(input, RawValue::Text(value.trim().into()))
        })
        .collect())
}
