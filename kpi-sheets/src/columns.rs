//! Which field a column holds: headers may be an input id or its Chinese or English label,
//! in any order. The fixed columns (month, id, name, group, roles, base salary) carry their
//! own labels here, since the policy only labels its inputs.

use crate::options::Lang;
use kpi_core::policy::{InputKind, Label, PolicySpec};

/// A fixed column: (id, Chinese, English).
pub(crate) const MONTH: (&str, &str, &str) = ("month", "月份", "month");
/// The fixed columns of an agent sheet, in template order.
pub(crate) const AGENT_FIXED: [(&str, &str, &str); 5] = [
    ("id", "工号", "agent id"),
    ("name", "姓名", "name"),
    ("group", "小组", "group"),
    ("roles", "岗位", "roles"),
    ("base_salary", "基本工资", "base salary"),
];
/// The fixed column of a team sheet.
pub(crate) const TEAM_GROUP: (&str, &str, &str) = ("group", "小组", "group");

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The batch's month.
    Month,
    /// `id`, `name`, `group`, `roles` or `base_salary` (for a team sheet: `group`).
    Fixed(&'static str),
    /// A declared input, by index in the policy's inputs (or team inputs).
    Input(usize, InputKind),
}

/// Which sheet a header row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SheetKind {
    Agents,
    Teams,
}

/// One column a sheet of this kind may have: its field, id and labels.
#[derive(Debug, Clone)]
pub(crate) struct Column<'a> {
    pub field: Field,
    pub id: &'a str,
    pub label: Label,
}

impl Column<'_> {
    /// The header a template writes.
    pub fn header(&self, lang: Lang) -> String {
        lang.pick(&self.label).to_string()
    }
}

fn fixed(field: Field, (id, zh, en): (&'static str, &str, &str)) -> Column<'static> {
    Column {
        field,
        id,
        label: Label {
            zh: zh.to_string(),
            en: en.to_string(),
        },
    }
}

/// The columns of a sheet of this kind, in template order.
pub(crate) fn columns(spec: &PolicySpec, kind: SheetKind) -> Vec<Column<'_>> {
    let mut out = vec![fixed(Field::Month, MONTH)];
    let inputs = match kind {
        SheetKind::Agents => {
            out.extend(AGENT_FIXED.iter().map(|f| fixed(Field::Fixed(f.0), *f)));
            &spec.inputs
        }
        SheetKind::Teams => {
            out.push(fixed(Field::Fixed(TEAM_GROUP.0), TEAM_GROUP));
            &spec.team_inputs
        }
    };
    out.extend(inputs.iter().enumerate().map(|(i, decl)| Column {
        field: Field::Input(i, decl.kind),
        id: decl.id.as_str(),
        label: decl.label.clone(),
    }));
    out
}

/// Folds case, `_`, `-` and runs of spaces, so `Base Salary`, `base_salary` and
/// `base-salary` are one header.
fn fold(text: &str) -> String {
    let spaced: String = text
        .trim()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The column a header names, if any: an id first, then a label in either language. A
/// two-line header (`基本工资` newline `base salary`) matches by either line.
pub(crate) fn find<'a, 'b>(columns: &'b [Column<'a>], header: &str) -> Option<&'b Column<'a>> {
    let wanted: Vec<String> = std::iter::once(header)
        .chain(header.lines())
        .map(crate::formula::unguarded)
        .map(fold)
        .filter(|h| !h.is_empty())
        .collect();
    let hit = |name: &str| wanted.iter().any(|w| *w == fold(name));
    columns.iter().find(|c| hit(c.id)).or_else(|| {
        columns
            .iter()
            .find(|c| hit(&c.label.zh) || hit(&c.label.en))
    })
}

/// `A`, `B`, … `Z`, `AA`: the column's letters from its index (0 is `A`).
pub(crate) fn letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_like_a_spreadsheet() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }

    #[test]
    fn headers_match_ids_and_labels_in_either_language() {
        let policy = kpi_core::Policy::bundled().unwrap();
        let cols = columns(policy.spec(), SheetKind::Agents);
        let id = |h: &str| find(&cols, h).map(|c| c.id);
        assert_eq!(id("base_salary"), Some("base_salary"));
        assert_eq!(id(" Base Salary "), Some("base_salary"));
        assert_eq!(id("基本工资"), Some("base_salary"));
        assert_eq!(id("工号"), Some("id"));
        assert_eq!(id("打字速度"), Some("typing_speed"));
        assert_eq!(id("typing speed"), Some("typing_speed"));
        assert_eq!(id("基本工资\nbase salary"), Some("base_salary"));
        assert_eq!(id("月份"), Some("month"));
        assert_eq!(id("mood"), None);
        assert_eq!(id(""), None);
    }
}
