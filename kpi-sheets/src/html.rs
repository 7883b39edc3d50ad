//! Printable pay slips: one A5 page per agent, in one language with the other beside, every
//! line with its clause and the computation behind it, a bar per point category against its
//! full marks, the tier and what the next one needs, and the policy's note at the foot.
//! Self-contained: no script, font or image is loaded from elsewhere.

use crate::labels;
use crate::money::{money_text, points_text};
use crate::options::Lang;
use kpi_core::policy::{Label, PolicySpec};
use kpi_core::{AgentResult, Error, Payroll, Policy};
use rust_decimal::Decimal;
use std::fmt::Write;

const STYLE: &str = include_str!("slip.css");

/// The payroll as an HTML document of printable pay slips.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let batch = kpi_core::Batch::new("2012-03").agent(kpi_core::AgentRecord::new("A01", "2000"));
/// let payroll = kpi_core::payroll(&policy, &batch, &kpi_core::Options::default())?;
/// let html = kpi_sheets::write_html(&payroll, &policy, kpi_sheets::Lang::En)?;
/// let gross = payroll.line(payroll.agent("A01").unwrap(), "gross").unwrap();
/// assert!(html.contains(&gross.to_string()));
/// # Ok(()) }
/// ```
///
/// # Errors
/// None in practice; the signature leaves room for a writer that can fail.
pub fn write_html(payroll: &Payroll, policy: &Policy, lang: Lang) -> Result<String, Error> {
    let spec = policy.spec();
    let mut out = String::with_capacity(4096 + payroll.results.len() * 6000);
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let title = both(lang, "工资条", "Pay slips");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} {}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>\n{STYLE}</style>\n\
         </head>\n<body>\n",
        escape(&title),
        escape(&payroll.month)
    );
    for result in &payroll.results {
        slip(&mut out, payroll, spec, result, lang);
    }
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

/// `primary <small>other</small>` as HTML.
fn both_html(lang: Lang, zh: &str, en: &str) -> String {
    let (first, second) = match lang {
        Lang::Zh => (zh, en),
        Lang::En => (en, zh),
    };
    if second.is_empty() || second == first {
        return escape(first);
    }
    format!("{} <small>{}</small>", escape(first), escape(second))
}

fn both(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => format!("{zh} {en}"),
        Lang::En => format!("{en} {zh}"),
    }
}

fn label_html(lang: Lang, label: &Label) -> String {
    both_html(lang, &label.zh, &label.en)
}

fn slip(out: &mut String, payroll: &Payroll, spec: &PolicySpec, r: &AgentResult, lang: Lang) {
    let _ = write!(
        out,
        "<section class=\"slip\" id=\"agent-{}\">\n<header>\n<h1>{}</h1>\n\
         <p class=\"meta\">{} · {} · {} v{}</p>\n\
         <p class=\"who\"><b>{}</b> {} · {} {} · {} {}</p>\n</header>\n",
        escape(&r.id),
        both_html(lang, "工资条", "Pay slip"),
        label_html(lang, &spec.name),
        escape(&payroll.month),
        escape(&payroll.policy.id),
        escape(&payroll.policy.version),
        escape(&r.id),
        escape(&r.name),
        both_html(lang, "小组", "group"),
        escape(&r.group),
        both_html(lang, "名次", "rank"),
        r.rank
    );
    score(out, payroll, spec, r, lang);
    bars(out, payroll, spec, r, lang);
    adjustments(out, spec, r, lang);
    lines(out, payroll, spec, r, lang);
    let _ = write!(
        out,
        "<footer class=\"note\">{}</footer>\n</section>\n",
        label_html(lang, &spec.note)
    );
}

fn score(out: &mut String, payroll: &Payroll, spec: &PolicySpec, r: &AgentResult, lang: Lang) {
    let total = payroll.points(r, "total").unwrap_or_default();
    let tier = labels::tier(spec, payroll.tier_id(r));
    let _ = write!(
        out,
        "<div class=\"score\"><span class=\"total\">{} <b>{}</b></span>\
         <span class=\"tier t{}\">{}</span>",
        both_html(lang, "总分", "total"),
        points_text(total),
        r.tier % 6,
        label_html(lang, &tier)
    );
    if r.below_floor {
        let _ = write!(
            out,
            "<span class=\"flag\">{}</span>",
            both_html(lang, "低于底级分数线", "below the floor score")
        );
    }
    let next = match &r.next_tier {
        Some(next) => {
            let name = labels::tier(spec, &next.tier);
            let (points, gain) = (points_text(next.points_needed), money_text(next.bonus_gain));
            both_html(
                lang,
                &format!("距{}还差 {points} 分：绩效奖金 +{gain}", name.zh),
                &format!("{points} points to {}: bonus +{gain}", name.en),
            )
        }
        None => both_html(lang, "已是最高可达等级", "top reachable tier"),
    };
    let _ = writeln!(out, "<span class=\"next\">{next}</span></div>");
}

/// One bar per category: its points against its full marks.
fn bars(out: &mut String, payroll: &Payroll, spec: &PolicySpec, r: &AgentResult, lang: Lang) {
    out.push_str("<table class=\"bars\">\n");
    for category in &spec.categories {
        let points = payroll.points(r, &category.id).unwrap_or_default();
        let share = points
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|p| p.checked_div(category.max))
            .unwrap_or_default()
            .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
            .round_dp(1);
        let _ = writeln!(
            out,
            "<tr><th>{} <small>{}</small></th><td><div class=\"bar\"><span style=\"width:{}%\">\
             </span></div></td><td class=\"num\">{} / {}</td></tr>",
            label_html(lang, &category.label),
            escape(&category.clause),
            share.normalize(),
            points_text(points),
            points_text(category.max)
        );
    }
    let adjustments = payroll.points(r, "adjustments").unwrap_or_default();
    let sign = if adjustments > Decimal::ZERO { "+" } else { "" };
    let _ = writeln!(
        out,
        "<tr><th>{}</th><td></td><td class=\"num\">{sign}{}</td></tr>\n</table>",
        both_html(lang, "加减分", "adjustments"),
        points_text(adjustments)
    );
}

/// The explanation lines of the adjustments and team rules that fired.
fn adjustments(out: &mut String, spec: &PolicySpec, r: &AgentResult, lang: Lang) {
    let is_adjustment = |rule: &str| {
        spec.adjustments.iter().any(|a| a.id == rule)
            || spec.team_rules.iter().any(|t| t.id == rule)
    };
    let fired: Vec<_> = r
        .explanation
        .iter()
        .flatten()
        .filter(|line| is_adjustment(&line.rule))
        .collect();
    if fired.is_empty() {
        return;
    }
    out.push_str("<ul class=\"adjust\">\n");
    for line in fired {
        let _ = writeln!(out, "<li>{}</li>", both_html(lang, &line.zh, &line.en));
    }
    out.push_str("</ul>\n");
}

fn lines(out: &mut String, payroll: &Payroll, spec: &PolicySpec, r: &AgentResult, lang: Lang) {
    let _ = writeln!(
        out,
        "<table class=\"lines\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>\
         <th class=\"num\">{}</th></tr></thead>\n<tbody>",
        both_html(lang, "项目", "item"),
        both_html(lang, "条款", "clause"),
        both_html(lang, "依据", "reason"),
        both_html(lang, "金额", "amount")
    );
    let layout = &payroll.layout;
    let mut gross = None;
    for (i, (key, amount)) in layout.slip.iter().zip(&r.slip).enumerate() {
        if key == "gross" {
            gross = Some(*amount);
            continue;
        }
        let (label, clause) = labels::slip(spec, key);
        let paid = layout.uses.get(i) == Some(&kpi_core::LineUse::Paid);
        // The slip's lines come last in an explanation; a category may share the id
        // (`attendance` is both C4's points and its allowance).
        let reason = r
            .explanation
            .iter()
            .flatten()
            .rev()
            .find(|line| line.rule == *key)
            .map(|line| escape(&line.formula))
            .unwrap_or_default();
        let not_added = if paid {
            String::new()
        } else {
            format!(
                "<br><small>{}</small>",
                escape(&both(lang, "仅显示，不计入应发", "shown, not added"))
            )
        };
        let _ = writeln!(
            out,
            "<tr{}><td>{}</td><td>{}</td><td class=\"reason\">{reason}{not_added}</td>\
             <td class=\"num\">{}</td></tr>",
            if paid { "" } else { " class=\"muted\"" },
            label_html(lang, &label),
            escape(&clause),
            money_text(*amount)
        );
    }
    let (label, clause) = labels::slip(spec, "gross");
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><th colspan=\"2\">{}</th><td class=\"reason\">{}</td>\
         <td class=\"num gross\">{}</td></tr></tfoot>\n</table>",
        label_html(lang, &label),
        escape(&clause),
        money_text(gross.unwrap_or_default())
    );
}

/// Text as HTML: the five characters that could open markup are escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(escape("<b>&'\""), "&lt;b&gt;&amp;&#39;&quot;");
    }
}
