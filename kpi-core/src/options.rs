//! Options of a payroll run, and the limits that keep hostile input from costing gigabytes.

use crate::error::{Allowed, Code, Error, Problem};
use crate::policy::TieRule;

/// Options every door takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Tie rule; `None`: the policy's default.
    pub ties: Option<TieRule>,
    /// Whether each result carries its explanation lines.
    pub explain: bool,
    /// The languages of the explanation lines' text (default: both).
    pub lang: Lang,
    /// Whether [`crate::payroll_json`] writes the document without indentation (default:
    /// indented with two spaces). Same content, same key order.
    pub compact: bool,
    /// Size limits.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            ties: None,
            explain: true,
            lang: Lang::Both,
            compact: false,
            limits: Limits::default(),
        }
    }
}

impl Options {
    /// Options with a tie rule.
    pub fn with_ties(mut self, ties: TieRule) -> Options {
        self.ties = Some(ties);
        self
    }

    /// Options with explanations on or off.
    pub fn with_explain(mut self, explain: bool) -> Options {
        self.explain = explain;
        self
    }

    /// Options with explanation text in these languages.
    pub fn with_lang(mut self, lang: Lang) -> Options {
        self.lang = lang;
        self
    }

    /// Options writing the document without indentation.
    pub fn with_compact(mut self, compact: bool) -> Options {
        self.compact = compact;
        self
    }
}

/// The languages of explanation text. A line always has its rule, clause, inputs, formula
/// and result; its `zh` and `en` texts are written for the languages asked for (a typed line
/// holds an empty text for a language not asked for, and the document leaves its key out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese and English (the default).
    #[default]
    Both,
    /// Chinese only.
    Zh,
    /// English only.
    En,
}

impl Lang {
    /// The option as text: `both`, `zh`, `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Both => "both",
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// Reads the explanation languages given as text (an option of the command, Python or JS).
///
/// # Errors
/// `invalid_option` on field `lang`, naming the three choices.
///
/// # Example
/// ```
/// assert_eq!(kpi_core::options::parse_lang("en").unwrap(), kpi_core::options::Lang::En);
/// assert!(kpi_core::options::parse_lang("fr").is_err());
/// ```
pub fn parse_lang(text: &str) -> Result<Lang, Error> {
    const ALL: [Lang; 3] = [Lang::Both, Lang::Zh, Lang::En];
    ALL.into_iter().find(|l| l.as_str() == text).ok_or_else(|| {
        Error::batch(vec![Problem::new(
            Code::InvalidOption,
            None,
            "lang",
            text,
            Allowed::OneOf(ALL.map(|l| l.as_str().to_string()).to_vec()),
        )])
    })
}

/// Reads a tie rule given as text (an option of the command, Python or JS).
///
/// # Errors
/// `invalid_option` on field `ties`, naming the three rules.
///
/// # Example
/// ```
/// assert!(kpi_core::options::parse_ties("dense").is_ok());
/// assert_eq!(kpi_core::options::parse_ties("fair").unwrap_err().codes(), [kpi_core::Code::InvalidOption]);
/// ```
pub fn parse_ties(text: &str) -> Result<TieRule, Error> {
    TieRule::parse(text).ok_or_else(|| {
        Error::batch(vec![Problem::new(
            Code::InvalidOption,
            None,
            "ties",
            text,
            Allowed::OneOf(TieRule::ALL.map(|r| r.as_str().to_string()).to_vec()),
        )])
    })
}

/// Size limits of a batch. Exceeding one is a `too_large` problem, never a hang.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most agent-months in one batch (default 10,000,000).
    pub max_agents: usize,
    /// Longest id, name, group or role, in characters (default 200).
    pub max_text_len: usize,
    /// Most entries of a list input (default 1,000).
    pub max_list_len: usize,
    /// Most agent-months of one run with explanations (default 100,000). An explained agent
    /// costs some 20 KB of memory while its lines are built and written (without, under
    /// 1 KB), so a million explained agents would need some 20 GB.
    pub max_explained_agents: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_agents: 10_000_000,
            max_text_len: 200,
            max_list_len: 1_000,
            max_explained_agents: 100_000,
        }
    }
}

impl Limits {
    /// The limits a door's `limits` option may set, by name.
    pub const NAMES: [&'static str; 4] = [
        "max_agents",
        "max_text_len",
        "max_list_len",
        "max_explained_agents",
    ];

    /// Sets a limit by name: the `limits` option of Python's `kpi.payroll` and of the JS
    /// functions, worded the same in both.
    ///
    /// # Errors
    /// `invalid_option` on `limits.NAME` for a name not in [`Limits::NAMES`].
    ///
    /// # Example
    /// ```
    /// let mut limits = kpi_core::Limits::default();
    /// limits.set("max_explained_agents", 250_000).unwrap();
    /// assert_eq!(limits.max_explained_agents, 250_000);
    /// assert!(limits.set("max_agent", 1).is_err());
    /// ```
    pub fn set(&mut self, name: &str, value: u64) -> Result<(), Error> {
        let slot = match name {
            "max_agents" => &mut self.max_agents,
            "max_text_len" => &mut self.max_text_len,
            "max_list_len" => &mut self.max_list_len,
            "max_explained_agents" => &mut self.max_explained_agents,
            _ => {
                return Err(Error::batch(vec![Problem::new(
                    Code::InvalidOption,
                    None,
                    format!("limits.{name}"),
                    value.to_string(),
                    format!("one of the limits {}", Limits::NAMES.join(", ")),
                )]))
            }
        };
        *slot = usize::try_from(value).unwrap_or(usize::MAX);
        Ok(())
    }

    /// Limits from a door's `limits` option: (name, the value if it is a whole number 0 or
    /// more, the value as the caller wrote it) for each entry, every problem at once.
    ///
    /// # Errors
    /// `invalid_option` on `limits.NAME` for each unknown name and each value that is not a
    /// whole number, 0 or more.
    pub fn from_named(
        entries: impl IntoIterator<Item = (String, Option<u64>, String)>,
    ) -> Result<Limits, Error> {
        let mut limits = Limits::default();
        let mut problems = Vec::new();
        for (name, whole, echo) in entries {
            let outcome = match whole {
                Some(value) => limits.set(&name, value),
                None => Err(Error::batch(vec![Problem::new(
                    Code::InvalidOption,
                    None,
                    format!("limits.{name}"),
                    echo,
                    "a whole number, 0 or more",
                )])),
            };
            if let Err(error) = outcome {
                problems.extend(error.problems);
            }
        }
        if problems.is_empty() {
            Ok(limits)
        } else {
            Err(Error::batch(problems))
        }
    }
}
