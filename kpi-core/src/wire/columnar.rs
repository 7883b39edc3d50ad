//! The result document without explanations, written straight from the columnar evaluator's
//! numbers — no `Payroll`, no `AgentResult`, no `Decimal`: the bytes [`super::write`] gives
//! for the payroll the columns' typed results would build, indented or compact.
//!
//! An agent's text around its values is the same for every agent of a tier (keys,
//! indentation, punctuation, the tier's id, perks and next tier), so it is written once per
//! document by write.rs's own JSON writer (its indentation, punctuation and escaping; the
//! fields in `write::agent`'s order, which the differential tests hold the two to), and each
//! agent is those pieces with its id, name and numbers between them, the numbers printed from
//! their scaled integers. Wherever the numbers are not what the typed results would accept (an
//! inconsistency the typed path reports as `internal`), the writer declines and the typed
//! path writes the document.

use super::write::{self, Bytes, GroupDoc, Json, Out};
use crate::columns::{self, Checked, Columns, Numbers};
use crate::facts::Facts;
use crate::policy::scaled::{Fixed, ScaledPlan};
use crate::policy::{Policy, TieRule};
use crate::result::{LineUse, PolicyRef, Warning};

/// The unexplained document of checked facts, from the columns; `None` where the columns
/// decline the policy or the batch (then the typed path writes it, from the same facts).
pub(super) fn write_facts(
    policy: &Policy,
    facts: &Facts,
    ties: TieRule,
    compact: bool,
) -> Option<String> {
    let scaled = policy.scaled()?;
    let kinds: Vec<_> = policy.plan().inputs.iter().map(|d| d.kind).collect();
    let columns = Columns::read(scaled, &kinds, facts)?;
    write_batch(
        policy,
        scaled,
        &Checked::of_facts(facts, &columns),
        ties,
        compact,
    )
}

/// The unexplained document of a batch in columns (from the checker's facts, or a reader
/// that fills columns itself); `None` where the columns decline.
pub(crate) fn write_batch(
    policy: &Policy,
    scaled: &ScaledPlan,
    batch: &Checked<'_>,
    ties: TieRule,
    compact: bool,
) -> Option<String> {
    let numbers = columns::numbers(policy, scaled, batch, ties)?;
    document(policy, scaled, batch, &numbers, ties, compact)
}

/// The document of a batch and its numbers; `None` where the typed results would report an
/// internal inconsistency.
pub(crate) fn document(
    policy: &Policy,
    scaled: &ScaledPlan,
    batch: &Checked<'_>,
    numbers: &Numbers,
    ties: TieRule,
    compact: bool,
) -> Option<String> {
    let layout = policy.layout();
    let columns = batch.columns;
    let agents = columns.group.len();
    let shaped = numbers.points.categories.len() + 2 == layout.points.len()
        && numbers.slip.len() == layout.slip.len()
        && batch.agents.len() >= agents;
    if !shaped {
        return None;
    }
    let mut pieces = Pieces::new(policy, scaled, compact);
    let groups: Vec<String> = batch
        .groups
        .iter()
        .map(|g| {
            let mut text = String::with_capacity(g.len());
            write::push_escaped(&mut text, g);
            text
        })
        .collect();
    let texts: usize = (0..agents)
        .map(|i| batch.agents.id(i).len() + batch.agents.name(i).len())
        .sum();
    let capacity = 2048 + groups.len() * pieces.per_group + agents * pieces.per_agent + texts;
    let mut w = Json::new(
        Bytes::with_capacity(capacity),
        compact,
        Vec::with_capacity(8),
    );
    write::head(
        &mut w,
        &PolicyRef::of(policy.spec()),
        batch.month,
        ties,
        layout,
    );
    let values = Values {
        batch,
        numbers,
        groups: &groups,
        points_scale: scaled.points_scale,
        places: policy.plan().rounder.places,
    };
    for &i in &numbers.placings.listing {
        w.item();
        agent(w.out(), &mut pieces, &values, i as usize)?;
    }
    w.end(']');
    w.plain_key("groups");
    w.begin('[');
    group_summaries(&mut w, policy, batch, numbers);
    w.end(']');
    w.plain_key("warnings");
    let empty = (agents == 0).then(Warning::empty_batch);
    write::warnings(&mut w, batch.warnings.iter().chain(empty.as_ref()));
    w.end('}');
    Some(w.into_string())
}

/// The constant text of the agents of each tier, made when a tier's first agent is written
/// (a batch of a few agents makes few), and what a document needs per agent and per group
/// beyond its ids and names (to reserve it at once).
struct Pieces<'p> {
    policy: &'p Policy,
    scaled: &'p ScaledPlan,
    compact: bool,
    tiers: Vec<Made>,
    per_agent: usize,
    per_group: usize,
}

/// A tier's pieces: not made yet, made, or refused (a tier the typed results refuse).
enum Made {
    Later,
    Ready(Tier),
    Refused,
}

/// An agent's text around its values, for one tier: `text[k]` before the k-th value (id,
/// name, group, rank, the points, below_floor, the points needed for the next tier if any,
/// the slip), the last after them.
struct Tier {
    text: Vec<Box<str>>,
    /// The next tier's threshold, when the tier shows a next tier.
    next: Option<Fixed>,
}

/// Longest number an agent's value prints (a sign, 19 digits, a point).
const NUMBER: usize = 21;

impl<'p> Pieces<'p> {
    fn new(policy: &'p Policy, scaled: &'p ScaledPlan, compact: bool) -> Pieces<'p> {
        let layout = policy.layout();
        let tiers = &policy.spec().tiers;
        // At most what the indented document writes around the values: a key's line is its
        // quotes, colon, space, comma, newline and indentation (16), the fields without a
        // policy key some 256, a tier's own texts (id, next tier, perks) as long as they are.
        let keys = layout.points.iter().chain(&layout.slip);
        let keys: usize = keys.map(|k| k.len() + 16).sum();
        let own = tiers
            .iter()
            .zip(tiers.iter().skip(1).map(Some).chain([None]));
        let own = own.map(|(t, next)| {
            let perks: usize = t.perks.iter().map(|p| p.len() + 16).sum();
            t.id.len() + next.map_or(0, |n| n.id.len() + 128) + perks
        });
        let values = layout.points.len() + layout.slip.len() + 2;
        let sums = |keys: &[String]| keys.iter().map(|k| k.len() + 40).sum::<usize>();
        Pieces {
            policy,
            scaled,
            compact,
            tiers: tiers.iter().map(|_| Made::Later).collect(),
            per_agent: 256 + keys + own.max().unwrap_or(0) + NUMBER * values,
            per_group: 256 + 2 * sums(&layout.slip) + sums(&layout.tiers),
        }
    }

    /// The pieces of a tier, made on first use; `None` for a tier the typed results refuse.
    #[inline]
    fn tier(&mut self, t: usize) -> Option<&Tier> {
        let slot = self.tiers.get_mut(t)?;
        if let Made::Later = slot {
            *slot = match tier(self.policy, self.scaled, t, self.compact) {
                Some(tier) => Made::Ready(tier),
                None => Made::Refused,
            };
        }
        match slot {
            Made::Ready(tier) => Some(tier),
            Made::Later | Made::Refused => None,
        }
    }
}

/// The pieces of one tier's agents, written as `write::agent` writes an agent.
fn tier(policy: &Policy, scaled: &ScaledPlan, tier: usize, compact: bool) -> Option<Tier> {
    let layout = policy.layout();
    let spec = policy.spec();
    // The agent's object opens inside the document's object and the results list.
    let mut w = Json::new(String::with_capacity(2048), compact, vec![true, true]);
    let mut ends = Vec::with_capacity(layout.points.len() + layout.slip.len() + 8);
    let mut cut = |w: &mut Json<String>| ends.push(w.out().len());
    w.begin('{');
    for key in ["id", "name", "group"] {
        w.plain_key(key);
        w.out().push('"');
        cut(&mut w);
        w.out().push('"');
    }
    w.plain_key("rank");
    cut(&mut w);
    w.plain_key("points");
    quoted_values(&mut w, &layout.points, &mut cut);
    w.text_field("tier", layout.tiers.get(tier)?);
    w.plain_key("below_floor");
    cut(&mut w);
    let next = match scaled.tiers.get(tier)?.gain {
        None => {
            w.raw_field("next_tier", "null");
            None
        }
        Some(gain) => {
            let threshold = scaled.tiers.get(tier + 1)?.threshold?;
            w.plain_key("next_tier");
            w.begin('{');
            w.text_field("tier", &spec.tiers.get(tier + 1)?.id);
            w.key("points_needed");
            w.out().push('"');
            cut(&mut w);
            w.out().push('"');
            w.money_field("bonus_gain", gain);
            w.end('}');
            Some(threshold)
        }
    };
    let perks = &spec.tiers.get(tier)?.perks;
    if !perks.is_empty() {
        w.plain_key("perks");
        w.begin('[');
        for perk in perks {
            w.item();
            w.string(perk);
        }
        w.end(']');
    }
    w.plain_key("slip");
    quoted_values(&mut w, &layout.slip, &mut cut);
    w.end('}');
    cut(&mut w);
    // Written as one string, kept cut: the agents' loop copies whole pieces, unchecked.
    let whole = w.take();
    let mut start = 0;
    let mut text = Vec::with_capacity(ends.len());
    for end in ends {
        text.push(Box::from(whole.get(start..end)?));
        start = end;
    }
    Some(Tier { text, next })
}

/// An object of quoted values under `keys`, cut before each value.
fn quoted_values(w: &mut Json<String>, keys: &[String], cut: &mut impl FnMut(&mut Json<String>)) {
    w.begin('{');
    for key in keys {
        w.key(key);
        w.out().push('"');
        cut(w);
        w.out().push('"');
    }
    w.end('}');
}

/// What an agent's values are read from.
struct Values<'a> {
    batch: &'a Checked<'a>,
    numbers: &'a Numbers,
    /// Group names, escaped.
    groups: &'a [String],
    points_scale: u32,
    /// Decimals of the slip's units.
    places: u32,
}

/// Agent `i`'s result: its tier's pieces with its values between them.
#[inline]
fn agent(out: &mut Bytes, pieces: &mut Pieces<'_>, v: &Values<'_>, i: usize) -> Option<()> {
    let n = v.numbers;
    let template = pieces.tier(*n.tier.get(i)? as usize)?;
    let group = v.groups.get(*v.batch.columns.group.get(i)? as usize)?;
    let mut text = template.text.iter();
    let mut piece = |out: &mut Bytes| {
        if let Some(t) = text.next() {
            out.push_str(t);
        }
    };
    piece(out);
    write::push_escaped(out, v.batch.agents.id(i));
    piece(out);
    write::push_escaped(out, v.batch.agents.name(i));
    piece(out);
    out.push_str(group);
    piece(out);
    write::push_count(out, *n.placings.rank.get(i)?);
    piece(out);
    let p = &n.points;
    for column in &p.categories {
        points(out, *column.get(i)?, v.points_scale)?;
        piece(out);
    }
    let total = *p.total.get(i)?;
    points(out, *p.adjustments.get(i)?, v.points_scale)?;
    piece(out);
    points(out, total, v.points_scale)?;
    piece(out);
    let below = n.below_floor.get(i).copied().unwrap_or(false);
    out.push_str(if below { "true" } else { "false" });
    piece(out);
    if let Some(threshold) = template.next {
        points(out, threshold.minus(total)?, v.points_scale)?;
        piece(out);
    }
    for column in &n.slip {
        write::push_money_scaled(out, *column.get(i)?, v.places);
        piece(out);
    }
    Some(())
}

/// Points as the typed result's decimal (`Fixed::decimal`) writes them; `None` where it has
/// none.
#[inline]
fn points(out: &mut Bytes, x: Fixed, scale: u32) -> Option<()> {
    let own = u32::from(x.n);
    let mantissa = x.v / crate::money::power_of_ten(scale.checked_sub(own)?)?;
    write::push_points_scaled(out, mantissa, own);
    Some(())
}

/// The groups' summaries, as the typed results make them (`columns::summaries`): a line's
/// sum in units where the group has agents, a plain zero where it has none or for a rate.
fn group_summaries(w: &mut Json<Bytes>, policy: &Policy, batch: &Checked<'_>, n: &Numbers) {
    let layout = policy.layout();
    let uses = &layout.uses;
    let places = policy.plan().rounder.places;
    let payouts = &n.payouts;
    let rows = payouts
        .agents
        .iter()
        .zip(payouts.by_tier.chunks(payouts.tiers.max(1)))
        .zip(payouts.sums.chunks(payouts.lines.max(1)));
    for ((name, warnings), ((&agents, by_tier), sums)) in
        batch.groups.iter().zip(&n.group_warnings).zip(rows)
    {
        let sum = |out: &mut Bytes, line: usize| match (sums.get(line), uses.get(line)) {
            (Some(&units), Some(u)) if agents > 0 && *u != LineUse::Rate => {
                write::push_money_scaled(out, units, places);
            }
            _ => write::push_money_scaled(out, 0, 0),
        };
        let summary = GroupDoc {
            group: name,
            agents,
            by_tier: by_tier
                .iter()
                .copied()
                .enumerate()
                .rev()
                .filter(|(_, count)| *count > 0),
            lines: sums.len().min(uses.len()),
            warnings,
        };
        w.item();
        write::group(w, layout, summary, sum);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::columns::OwnedBatch;
    use crate::options::Limits;

    /// The document of an owned batch (ids and names in one arena) is the document of the
    /// facts it copies, and the typed writer's.
    #[test]
    fn an_owned_batch_writes_the_document_of_its_facts() {
        let dir = format!("{}/../test-vectors", env!("CARGO_MANIFEST_DIR"));
        let read = |file: &str| std::fs::read_to_string(format!("{dir}/{file}")).expect(file);
        let bundled = Policy::bundled().unwrap();
        let variant = Policy::from_toml(&read("after-sales-variant-a.toml")).unwrap();
        let mut written = 0;
        for (file, policy) in [
            ("examples.json", &bundled),
            ("examples-variant.json", &variant),
            ("batches/all-tie.json", &bundled),
            ("batches/empty.json", &bundled),
            ("batches/warnings.json", &bundled),
        ] {
            let batch = crate::batch_from_json(&read(file)).unwrap();
            let facts = crate::facts::check(policy, &batch, &Limits::default()).unwrap();
            let scaled = policy.scaled().unwrap();
            let kinds: Vec<_> = policy.plan().inputs.iter().map(|d| d.kind).collect();
            let columns = Columns::read(scaled, &kinds, &facts).unwrap();
            let owned = OwnedBatch::from_facts(&facts, columns.clone());
            for ties in TieRule::ALL {
                for compact in [false, true] {
                    let of_facts = write_facts(policy, &facts, ties, compact).expect(file);
                    let of_owned =
                        write_batch(policy, scaled, &owned.checked(), ties, compact).unwrap();
                    assert_eq!(of_owned, of_facts, "{file}");
                    let options = crate::Options {
                        ties: Some(ties),
                        ..crate::Options::default()
                    }
                    .with_explain(false);
                    let payroll = crate::engine::evaluate_exact(policy, facts.clone(), &options);
                    assert_eq!(of_facts, write::write(&payroll.unwrap(), None, compact));
                    written += 1;
                }
            }
        }
        assert_eq!(written, 5 * 3 * 2);
    }

    /// Numbers the typed results would refuse (an agent past the columns' rows) make the
    /// writer decline, not write a different document.
    #[test]
    fn inconsistent_numbers_decline() {
        let policy = Policy::bundled().unwrap();
        let dir = format!("{}/../test-vectors", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(format!("{dir}/examples.json")).unwrap();
        let batch = crate::batch_from_json(&text).unwrap();
        let facts = crate::facts::check(&policy, &batch, &Limits::default()).unwrap();
        let scaled = policy.scaled().unwrap();
        let kinds: Vec<_> = policy.plan().inputs.iter().map(|d| d.kind).collect();
        let columns = Columns::read(scaled, &kinds, &facts).unwrap();
        let checked = Checked::of_facts(&facts, &columns);
        let ties = TieRule::Competition;
        let mut numbers = columns::numbers(&policy, scaled, &checked, ties).unwrap();
        assert!(document(&policy, scaled, &checked, &numbers, ties, false).is_some());
        numbers.placings.listing.push(u32::MAX);
        assert!(document(&policy, scaled, &checked, &numbers, ties, false).is_none());
        numbers.placings.listing.pop();
        numbers.tier[0] = 99;
        assert!(document(&policy, scaled, &checked, &numbers, ties, false).is_none());
    }
}
