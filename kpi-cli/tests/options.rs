//! `--lang zh|en|both` and `--compact`: the command writes the core's bytes for the same
//! options (`kpi_core::payroll_json`, which Python and JavaScript call), takes the core's
//! names for the languages, and refuses what the options cannot do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::{kpi, stdout, vectors};

use kpi_core::options::{parse_lang, Lang};
use kpi_core::{Options, Policy};

#[test]
fn every_lang_and_compact_gives_the_cores_bytes() {
    let batch = vectors("examples.json");
    let text = std::fs::read_to_string(&batch).unwrap();
    let policy = Policy::bundled().unwrap();
    let mut seen = Vec::new();
    for lang in ["both", "zh", "en"] {
        for compact in [false, true] {
            for explain in [true, false] {
                let mut args = vec!["payroll", batch.as_str(), "--lang", lang];
                if compact {
                    args.push("--compact");
                }
                if !explain {
                    args.push("--no-explain");
                }
                let ours = stdout(&kpi(&args));
                let options = Options::default()
                    .with_lang(parse_lang(lang).unwrap())
                    .with_explain(explain)
                    .with_compact(compact);
                let core = kpi_core::payroll_json(&text, &policy, &options).unwrap();
                assert_eq!(ours, format!("{core}\n"), "{args:?}");
                seen.push(ours);
            }
        }
    }
    // The options change the bytes: explained documents differ by language and layout.
    let explained: std::collections::HashSet<&String> = seen.iter().step_by(2).collect();
    assert_eq!(explained.len(), 6);
    // No --lang, no --compact: the default document (both languages, indented).
    let default = stdout(&kpi(&["payroll", batch.as_str()]));
    assert_eq!(default, seen[0]);
}

#[test]
fn one_language_leaves_the_others_text_out() {
    let batch = vectors("examples.json");
    let en = stdout(&kpi(&["payroll", &batch, "--lang", "en", "--compact"]));
    assert!(
        en.contains(r#""en":"#) && !en.contains(r#""zh":"#),
        "{en:.300}"
    );
    assert!(!en.contains('\n') || en.trim_end().lines().count() == 1);
    let zh = stdout(&kpi(&["payroll", &batch, "--lang", "zh"]));
    assert!(
        zh.contains(r#""zh": "#) && !zh.contains(r#""en": "#),
        "{zh:.300}"
    );
}

#[test]
fn an_unknown_language_is_refused_in_the_cores_words() {
    let out = kpi(&["payroll", &vectors("examples.json"), "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let core = parse_lang("fr").unwrap_err().problems[0].to_string();
    assert!(err.contains(&core), "{err}");
    assert!(out.stdout.is_empty());
    let out = kpi(&[
        "explain",
        &vectors("examples.json"),
        "--agent",
        "B05",
        "--lang",
        "de",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn compact_is_refused_for_formats_other_than_json() {
    for format in ["csv", "table", "html"] {
        let out = kpi(&[
            "payroll",
            &vectors("examples.json"),
            "--compact",
            "--format",
            format,
        ]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--compact") && err.contains("nothing was written"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_csv_sheet_gives_the_same_document_as_its_json_batch_for_every_lang() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("options");
    std::fs::create_dir_all(&dir).unwrap();
    let sheet = dir.join("examples.csv");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors("examples.json")).unwrap()).unwrap();
    let agents = doc["agents"].as_array().unwrap();
    let keys: Vec<&String> = agents[0].as_object().unwrap().keys().collect();
    let cell = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    };
    let mut text = String::from("month,");
    text += &keys
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    for a in agents {
        let cells: Vec<String> = keys.iter().map(|k| cell(&a[k.as_str()])).collect();
        text.push_str("2012-03,");
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    std::fs::write(&sheet, text).unwrap();
    for lang in ["zh", "en", "both"] {
        let from_json = stdout(&kpi(&[
            "payroll",
            &vectors("examples.json"),
            "--lang",
            lang,
            "--compact",
        ]));
        let from_csv = stdout(&kpi(&[
            "payroll",
            sheet.to_str().unwrap(),
            "--team",
            "after-sales=0.15",
            "--lang",
            lang,
            "--compact",
        ]));
        assert_eq!(from_csv, from_json, "{lang}");
    }
}

#[test]
fn explain_in_one_language_or_both() {
    let batch = vectors("examples.json");
    let lines = |lang: &str| {
        stdout(&kpi(&["explain", &batch, "--agent", "B05", "--lang", lang]))
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (zh, en, both) = (lines("zh"), lines("en"), lines("both"));
    let default = stdout(&kpi(&["explain", &batch, "--agent", "B05"]));
    assert_eq!(default.lines().collect::<Vec<_>>(), zh);
    let traced = |lines: &[String]| lines.iter().filter(|l| l.starts_with("  [")).count();
    assert!(traced(&zh) > 5);
    assert_eq!(traced(&zh), traced(&en));
    assert_eq!(traced(&both), traced(&zh));
    // Both: each traced line in Chinese, the English under it.
    let pairs: Vec<&String> = both.iter().skip_while(|l| !l.starts_with("  [")).collect();
    for (i, line) in pairs.iter().enumerate().step_by(2) {
        assert!(zh.contains(line), "{line}");
        let english = pairs[i + 1].trim_start();
        assert!(
            en.iter().any(|e| e.ends_with(english)),
            "{english} not among the English lines"
        );
    }
    assert_eq!(Lang::default(), Lang::Both);
}

#[test]
fn slips_take_the_language_shown_first_and_both_is_chinese_first() {
    let batch = vectors("examples.json");
    let page = |lang: Option<&str>| {
        let mut args = vec!["payroll", batch.as_str(), "--format", "html"];
        if let Some(lang) = lang {
            args.extend(["--lang", lang]);
        }
        stdout(&kpi(&args))
    };
    let zh = page(Some("zh"));
    assert_eq!(page(None), zh);
    assert_eq!(page(Some("both")), zh);
    assert_ne!(page(Some("en")), zh);
}
