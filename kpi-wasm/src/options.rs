//! The options object every function takes: `{ ties?, explain?, policy?, lang? }`.
//!
//! Unknown keys are refused, like unknown batch fields: a typo (`tie: "dense"`) must not
//! silently give the default ranking.

use crate::error::argument_error;
use kpi_core::{Code, Error, Options, Policy, TieRule};
use wasm_bindgen::{JsCast, JsValue};

/// Options as read from JS.
#[derive(Debug, Default)]
pub struct RunOptions {
    /// Engine options.
    pub engine: Options,
    /// A policy's text (TOML or JSON); `None`: the bundled policy.
    pub policy: Option<String>,
    /// Language of templates and workbooks (`zh`, `en`); `None`: the door's default.
    pub lang: Option<String>,
    /// How to read a sheet: month, team inputs, encoding.
    pub read: kpi_sheets::ReadOptions,
}

impl RunOptions {
    /// The policy to run: the given text, parsed and validated, or the bundled one.
    ///
    /// # Errors
    /// The policy's problems.
    pub fn policy(&self) -> Result<Policy, Error> {
        load_policy(self.policy.as_deref())
    }
}

/// The given policy text, or the bundled policy.
///
/// # Errors
/// The policy's problems (syntax with line and column, then validation).
pub fn load_policy(text: Option<&str>) -> Result<Policy, Error> {
    match text {
        Some(text) => Policy::parse(text),
        None => Policy::bundled(),
    }
}

/// Reads an options object; `allowed` lists the keys this function takes.
///
/// # Errors
/// `invalid_option` for an unknown key, a value of the wrong type, an unknown tie rule.
pub fn read(value: &JsValue, allowed: &[&str]) -> Result<RunOptions, Error> {
    let mut options = RunOptions::default();
    if value.is_null() || value.is_undefined() {
        return Ok(options);
    }
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(value) {
        return Err(invalid("options", &describe(value), "an object"));
    }
    let mut problems = Vec::new();
    for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let item = pair.get(1);
        if item.is_undefined() {
            continue;
        }
        if !allowed.contains(&key.as_str()) {
            problems.push(option_problem(&key, &describe(&item), &allowed.join(", ")));
            continue;
        }
        let outcome = match key.as_str() {
            "ties" => text_or_null(&key, &item).and_then(|ties| {
                options.engine.ties = ties.as_deref().map(parse_ties).transpose()?;
                Ok(())
            }),
            "explain" => match item.as_bool() {
                Some(explain) => {
                    options.engine.explain = explain;
                    Ok(())
                }
                None => Err(invalid("explain", &describe(&item), "true or false")),
            },
            "policy" => text_or_null(&key, &item).map(|text| options.policy = text),
            "lang" => text_or_null(&key, &item).and_then(|lang| {
                options.lang = lang.as_deref().map(parse_lang).transpose()?;
                Ok(())
            }),
            "month" => text_or_null(&key, &item).map(|month| options.read.month = month),
            "encoding" => text_or_null(&key, &item).map(|label| options.read.encoding = label),
            "teams" => read_teams(&item).map(|teams| options.read.teams = teams),
            "limits" => read_limits(&item).map(|limits| options.engine.limits = limits),
            _ => Ok(()),
        };
        if let Err(error) = outcome {
            if error.stage == kpi_core::Stage::Policy {
                return Err(error); // policy text that is no text at all
            }
            problems.extend(error.problems);
        }
    }
    if problems.is_empty() {
        Ok(options)
    } else {
        Err(Error::batch(problems))
    }
}

/// A tie rule by its id.
///
/// # Errors
/// `invalid_option` for an unknown rule.
pub fn parse_ties(text: &str) -> Result<TieRule, Error> {
    kpi_core::options::parse_ties(text)
}

/// A language code.
///
/// # Errors
/// `invalid_option` for anything but `zh` and `en`.
pub fn parse_lang(text: &str) -> Result<String, Error> {
    match text {
        "zh" | "en" => Ok(text.to_string()),
        other => Err(invalid("lang", other, "zh or en")),
    }
}

/// `{ max_agents?, max_text_len?, max_list_len?, max_explained_agents? }`: whole numbers,
/// each replacing its default (`kpi_core::Limits`).
fn read_limits(item: &JsValue) -> Result<kpi_core::Limits, Error> {
    if !item.is_object() || js_sys::Array::is_array(item) || item.is_function() {
        return Err(invalid(
            "limits",
            &describe(item),
            "an object { max_agents?, max_text_len?, max_list_len?, max_explained_agents? }",
        ));
    }
    let entries = js_sys::Object::entries(item.unchecked_ref())
        .iter()
        .map(|entry| {
            let pair: js_sys::Array = entry.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1);
            // A whole JS number from 0 to 2^53: exactly an integer.
            let whole = value
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(n))
                .map(|n| n as u64);
            (name, whole, describe(&value))
        })
        .collect::<Vec<_>>();
    kpi_core::Limits::from_named(entries)
}

/// `{ group: value of the policy's first team input }` (review growth for the 2012 policy).
fn read_teams(item: &JsValue) -> Result<Vec<(String, String)>, Error> {
    let allowed = "an object { group: team input value }";
    if !item.is_object() || js_sys::Array::is_array(item) || item.is_function() {
        return Err(invalid("teams", &describe(item), allowed));
    }
    let mut teams = Vec::new();
    for entry in js_sys::Object::entries(item.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let group = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let text = match (value.as_string(), value.as_f64()) {
            (Some(text), _) => text,
            (None, Some(number)) => match crate::value::number_value(number) {
                serde_json::Value::String(word) => word,
                other => other.to_string(),
            },
            _ => {
                return Err(invalid(
                    &format!("teams.{group}"),
                    &describe(&value),
                    allowed,
                ))
            }
        };
        teams.push((group, text));
    }
    Ok(teams)
}

/// A string option; policy text with a lone surrogate is refused, any other keeps it
/// escaped (`\ud800`), so that its check names it.
fn text_or_null(key: &str, item: &JsValue) -> Result<Option<String>, Error> {
    if item.is_null() {
        return Ok(None);
    }
    if key == "policy" {
        if let Some(text) = item.dyn_ref::<js_sys::JsString>() {
            return crate::value::document(text, kpi_core::Stage::Policy).map(Some);
        }
    }
    match crate::value::text(item) {
        Some(Ok(text) | Err(text)) => Ok(Some(text)),
        None => Err(invalid(key, &describe(item), "a string")),
    }
}

fn invalid(field: &str, value: &str, allowed: &str) -> Error {
    argument_error(Code::InvalidOption, field, value, allowed)
}

fn option_problem(key: &str, value: &str, allowed: &str) -> kpi_core::Problem {
    kpi_core::Problem::new(
        Code::InvalidOption,
        None,
        key,
        value,
        format!("one of the options {allowed}"),
    )
}

/// A value as an error message echoes it.
fn describe(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    if let Some(number) = value.as_f64() {
        return format!("{number}");
    }
    if let Some(flag) = value.as_bool() {
        return flag.to_string();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tie_rules_by_id() {
        assert_eq!(parse_ties("dense").ok(), Some(TieRule::Dense));
        let error = parse_ties("fair").err().map(|e| e.codes());
        assert_eq!(error, Some(vec![Code::InvalidOption]));
    }

    #[test]
    fn languages() {
        assert_eq!(parse_lang("zh").ok().as_deref(), Some("zh"));
        assert!(parse_lang("fr").is_err());
    }

    #[test]
    fn bundled_policy_when_none_given() {
        let policy = load_policy(None).map(|p| p.spec().id.clone()).ok();
        assert_eq!(policy.as_deref(), Some("after-sales-2012-03"));
        assert!(load_policy(Some("id = ")).is_err());
    }
}
