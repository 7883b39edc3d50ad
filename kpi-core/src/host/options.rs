//! Options by name, as every door takes them: the tie rule, explanations, size limits, the
//! language of sheets, and (JavaScript) the options object, each problem worded here once.

use super::read::{one, Host, Native};
use crate::error::{Code, Error, Problem, Stage};
use crate::options::{parse_ties, Limits, Options};

/// Run options from their names: `ties` (`competition`, `dense` or `shared`; `None`: the
/// policy's), `explain`, and `limits`, a mapping of limit names to whole numbers
/// ([`Limits::NAMES`]; `None` or a null: the defaults). Every problem at once.
///
/// # Errors
/// `invalid_option` on `ties`, on `limits` (not a mapping), on `limits.NAME`.
pub fn run_options<H: Host>(
    host: &mut H,
    ties: Option<&str>,
    explain: bool,
    limits: Option<&H::Value>,
) -> Result<Options, Error> {
    let mut options = Options::default().with_explain(explain);
    let mut problems = Vec::new();
    match ties.map(parse_ties).transpose() {
        Ok(ties) => options.ties = ties,
        Err(error) => problems.extend(error.problems),
    }
    if let Some(limits) = limits {
        match read_limits(host, limits) {
            Ok(limits) => options.limits = limits,
            Err(error) => problems.extend(error.problems),
        }
    }
    if problems.is_empty() {
        Ok(options)
    } else {
        Err(Error::batch(problems))
    }
}

/// What the `limits` option allows.
fn limits_allowed() -> String {
    format!(
        "a mapping of limits by name {{ {}? }}",
        Limits::NAMES.join("?, ")
    )
}

fn read_limits<H: Host>(host: &mut H, value: &H::Value) -> Result<Limits, Error> {
    let entries = match host.read(value) {
        Native::Null(_) | Native::Absent => return Ok(Limits::default()),
        Native::Map(entries) => entries,
        _ => {
            let echo = echo_of(host, value);
            return Err(one(Code::InvalidOption, "limits", &echo, &limits_allowed()));
        }
    };
    let read: Vec<(String, Option<u64>, String)> = entries
        .into_iter()
        .map(|(name, value)| {
            let whole = match host.read(&value) {
                Native::Number(text) => text.parse::<u64>().ok(),
                _ => None,
            };
            (name, whole, host.echo(&value))
        })
        .collect();
    Limits::from_named(read)
}

/// A language of sheets and slips by its code.
///
/// # Errors
/// `invalid_option` on `lang` for anything but `zh` and `en`.
///
/// ```
/// assert_eq!(kpi_core::host::lang("en").unwrap(), "en");
/// assert!(kpi_core::host::lang("fr").is_err());
/// ```
pub fn lang(code: &str) -> Result<&'static str, Error> {
    match code {
        "zh" => Ok("zh"),
        "en" => Ok("en"),
        other => Err(one(Code::InvalidOption, "lang", other, "zh or en")),
    }
}

/// An options object (JavaScript's `{ties?, explain?, policy?, limits?, lang?, month?,
/// teams?, encoding?}`), read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DoorOptions {
    /// Engine options: ties, explanations, limits.
    pub engine: Options,
    /// A policy's text (TOML or JSON); `None`: the bundled policy.
    pub policy: Option<String>,
    /// `zh` or `en`; `None`: the door's default.
    pub lang: Option<&'static str>,
    /// The month of a sheet, `YYYY-MM`.
    pub month: Option<String>,
    /// Team values as (group, value of the policy's one team input).
    pub teams: Vec<(String, String)>,
    /// A CSV's encoding label.
    pub encoding: Option<String>,
}

/// Reads an options object; `allowed` lists the keys the function takes. Unknown keys are
/// refused, like unknown batch fields: a typo (`tie: "dense"`) must not silently give the
/// default. A key without a value (`undefined`) is left out; a null text option is unset.
///
/// # Errors
/// `invalid_option` for an unknown key, a value of the wrong type, an unknown tie rule or
/// language, a limit; a policy error for policy text with a lone surrogate.
pub fn door_options<H: Host>(
    host: &mut H,
    value: &H::Value,
    allowed: &[&str],
) -> Result<DoorOptions, Error> {
    let mut options = DoorOptions::default();
    let entries = match host.read(value) {
        Native::Null(_) | Native::Absent => return Ok(options),
        Native::Map(entries) => entries,
        _ => {
            let echo = echo_of(host, value);
            return Err(one(Code::InvalidOption, "options", &echo, "an object"));
        }
    };
    let mut problems = Vec::new();
    for (key, item) in entries {
        let native = host.read(&item);
        if matches!(native, Native::Absent) {
            continue;
        }
        if !allowed.contains(&key.as_str()) {
            problems.push(Problem::new(
                Code::InvalidOption,
                None,
                key.as_str(),
                echo_of(host, &item),
                format!("one of the options {}", allowed.join(", ")),
            ));
            continue;
        }
        let outcome = match key.as_str() {
            "ties" => text(host, &key, &item).and_then(|ties| {
                options.engine.ties = ties.as_deref().map(parse_ties).transpose()?;
                Ok(())
            }),
            "explain" => match native {
                Native::Bool(explain) => {
                    options.engine.explain = explain;
                    Ok(())
                }
                _ => Err(one(
                    Code::InvalidOption,
                    "explain",
                    &echo_of(host, &item),
                    "true or false",
                )),
            },
            "policy" => match native {
                Native::Null(_) => Ok(()),
                _ => match host.document(&item, Stage::Policy) {
                    Some(Ok(text)) => {
                        options.policy = Some(text);
                        Ok(())
                    }
                    Some(Err(error)) => return Err(error),
                    None => Err(not_text(host, &key, &item)),
                },
            },
            "lang" => text(host, &key, &item).and_then(|code| {
                options.lang = code.as_deref().map(lang).transpose()?;
                Ok(())
            }),
            "month" => text(host, &key, &item).map(|month| options.month = month),
            "encoding" => text(host, &key, &item).map(|label| options.encoding = label),
            "teams" => read_teams(host, &item).map(|teams| options.teams = teams),
            "limits" => read_limits(host, &item).map(|limits| options.engine.limits = limits),
            _ => Ok(()),
        };
        if let Err(error) = outcome {
            problems.extend(error.problems);
        }
    }
    if problems.is_empty() {
        Ok(options)
    } else {
        Err(Error::batch(problems))
    }
}

/// A text option, or `None` for a null; a lone surrogate is kept escaped, so that the
/// option's own check names it.
fn text<H: Host>(host: &mut H, key: &str, item: &H::Value) -> Result<Option<String>, Error> {
    match host.read(item) {
        Native::Null(_) => Ok(None),
        Native::Text(text) | Native::LoneSurrogate(text) => Ok(Some(text)),
        _ => Err(not_text(host, key, item)),
    }
}

fn not_text<H: Host>(host: &mut H, key: &str, item: &H::Value) -> Error {
    let echo = echo_of(host, item);
    one(Code::InvalidOption, key, &echo, "a string")
}

/// `{ group: value of the policy's one team input }`: text or numbers.
fn read_teams<H: Host>(host: &mut H, item: &H::Value) -> Result<Vec<(String, String)>, Error> {
    const ALLOWED: &str = "an object { group: team input value }";
    let Native::Map(entries) = host.read(item) else {
        let echo = echo_of(host, item);
        return Err(one(Code::InvalidOption, "teams", &echo, ALLOWED));
    };
    let mut teams = Vec::new();
    let mut problems = Vec::new();
    for (group, value) in entries {
        match host.read(&value) {
            Native::Text(text)
            | Native::LoneSurrogate(text)
            | Native::Number(text)
            | Native::NotFinite { echo: text, .. } => teams.push((group, text)),
            _ => problems.push(Problem::new(
                Code::InvalidOption,
                None,
                format!("teams.{group}"),
                echo_of(host, &value),
                ALLOWED,
            )),
        }
    }
    if problems.is_empty() {
        Ok(teams)
    } else {
        Err(Error::batch(problems))
    }
}

/// A value as an option's problem echoes it: a container abbreviated.
fn echo_of<H: Host>(host: &mut H, value: &H::Value) -> String {
    match host.read(value) {
        Native::Map(_) => "{…}".into(),
        Native::List(_) => "[…]".into(),
        _ => host.echo(value),
    }
}
