//! Options by name, as every door takes them: an options object (JavaScript's, and the
//! keywords Python passes on as a mapping) holding the tie rule, explanations and their
//! languages, the compact document, size limits, a policy, the language of sheets; each
//! problem worded here once.

use super::read::{one, Host, Native};
use crate::error::{Code, Error, Problem, Stage};
use crate::options::{parse_lang, parse_ties, Limits, Options};

/// The options of a payroll run, by the names every door gives them.
pub const RUN_OPTIONS: &[&str] = &["ties", "explain", "lang", "compact", "limits"];

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

/// An options object (JavaScript's `{ties?, explain?, lang?, compact?, policy?, limits?,
/// month?, teams?, encoding?}`, Python's keywords), read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DoorOptions {
    /// Engine options: ties, explanations and their languages, the compact form, limits.
    pub engine: Options,
    /// A policy's text (TOML or JSON); `None`: the bundled policy.
    pub policy: Option<String>,
    /// The language of a sheet or slips, `zh` or `en`; `None`: the door's default.
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
/// `lang` names the explanation languages (`both`, `zh`, `en`) for a function that takes
/// `explain` (a run), the language of a sheet or slips (`zh`, `en`) for any other.
///
/// # Errors
/// `invalid_option` for an unknown key, a value of the wrong type, an unknown tie rule or
/// language, a limit; a policy error for policy text with a lone surrogate.
///
/// ```
/// use kpi_core::host::{door_options, RUN_OPTIONS};
/// # use kpi_core::host::{Host, Native};
/// # struct Words(Vec<(&'static str, &'static str)>);
/// # impl Host for Words {
/// #     type Value = Option<&'static str>;
/// #     fn read(&mut self, v: &Self::Value) -> Native<Self::Value> {
/// #         match v {
/// #             None => Native::Map(self.0.iter().map(|(k, v)| (k.to_string(), Some(*v))).collect()),
/// #             Some(text) => Native::Text(text.to_string()),
/// #         }
/// #     }
/// #     fn echo(&mut self, v: &Self::Value) -> String { v.unwrap_or("{…}").to_string() }
/// #     fn document(&mut self, _: &Self::Value, _: kpi_core::Stage) -> Option<Result<String, kpi_core::Error>> { None }
/// # }
/// let mut object = Words(vec![("lang", "en"), ("ties", "dense")]);
/// let options = door_options(&mut object, &None, RUN_OPTIONS).unwrap();
/// assert_eq!(options.engine.lang, kpi_core::options::Lang::En);
/// let mut object = Words(vec![("lang", "fr")]);
/// let refused = door_options(&mut object, &None, RUN_OPTIONS).unwrap_err();
/// assert_eq!(refused.problems[0].allowed, "both, zh or en");
/// ```
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
        if matches!(host.read(&item), Native::Absent) {
            continue;
        }
        let outcome = if allowed.contains(&key.as_str()) {
            read_option(host, &mut options, &key, &item, allowed)
        } else {
            Err(unknown_option(host, &key, &item, allowed))
        };
        match outcome {
            Ok(()) => {}
            Err(error) if error.stage == Stage::Policy => return Err(error),
            Err(error) => problems.extend(error.problems),
        }
    }
    if problems.is_empty() {
        Ok(options)
    } else {
        Err(Error::batch(problems))
    }
}

fn unknown_option<H: Host>(host: &mut H, key: &str, item: &H::Value, allowed: &[&str]) -> Error {
    Error::batch(vec![Problem::new(
        Code::InvalidOption,
        None,
        key,
        echo_of(host, item),
        format!("one of the options {}", allowed.join(", ")),
    )])
}

/// One option of a known key into `options`.
fn read_option<H: Host>(
    host: &mut H,
    options: &mut DoorOptions,
    key: &str,
    item: &H::Value,
    allowed: &[&str],
) -> Result<(), Error> {
    match key {
        "ties" => {
            let ties = text(host, key, item)?;
            options.engine.ties = ties.as_deref().map(parse_ties).transpose()?;
        }
        "explain" => options.engine.explain = flag(host, key, item)?,
        "compact" => options.engine.compact = flag(host, key, item)?,
        "lang" if allowed.contains(&"explain") => {
            if let Some(code) = text(host, key, item)? {
                options.engine.lang = parse_lang(&code)?;
            }
        }
        "lang" => options.lang = text(host, key, item)?.as_deref().map(lang).transpose()?,
        "policy" => options.policy = policy_text(host, key, item)?,
        "month" => options.month = text(host, key, item)?,
        "encoding" => options.encoding = text(host, key, item)?,
        "teams" => options.teams = read_teams(host, item)?,
        "limits" => options.engine.limits = read_limits(host, item)?,
        _ => {}
    }
    Ok(())
}

/// A boolean option.
fn flag<H: Host>(host: &mut H, key: &str, item: &H::Value) -> Result<bool, Error> {
    match host.read(item) {
        Native::Bool(flag) => Ok(flag),
        _ => Err(one(
            Code::InvalidOption,
            key,
            &echo_of(host, item),
            "true or false",
        )),
    }
}

/// A policy's text, or `None` for a null; text with a lone surrogate is a policy error.
fn policy_text<H: Host>(host: &mut H, key: &str, item: &H::Value) -> Result<Option<String>, Error> {
    if let Native::Null(_) = host.read(item) {
        return Ok(None);
    }
    match host.document(item, Stage::Policy) {
        Some(text) => text.map(Some),
        None => Err(not_text(host, key, item)),
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
