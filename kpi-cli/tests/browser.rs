//! The printable slips rendered by headless Chromium: every agent's gross is in the rendered
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
//! page, and a screenshot is kept under artifacts/ (gitignored) for a person to look at.
//! Skipped when `chromium` is not on PATH, unless KPI_REQUIRE_BROWSER=1 (cli.sh sets it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

fn headless(chromium: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    // `timeout` bounds a hung browser; a profile of our own avoids locks with other runs.
    Command::new("timeout")
        .arg("120")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn slips_render_in_chromium_with_every_gross() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var("KPI_REQUIRE_BROWSER").is_err(),
            "chromium is required (run scripts/wait-browser.sh)"
        );
        eprintln!("skipped: chromium not on PATH");
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let artifacts = root.join("artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&scratch).unwrap();
    let html = artifacts.join("slips-2012-03.html");
    let examples = root.join("test-vectors/examples.json");
    let kpi = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args([
            "payroll",
            examples.to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        kpi.status.success(),
        "{}",
        String::from_utf8_lossy(&kpi.stderr)
    );
    let json = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args(["payroll", examples.to_str().unwrap(), "--no-explain"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let url = format!("file://{}", html.canonicalize().unwrap().display());

    let dom = headless(
        &chromium,
        &scratch.join("profile-dom"),
        &["--dump-dom", &url],
    );
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8(dom.stdout).unwrap();
    let results = doc["results"].as_array().unwrap();
    assert_eq!(dom.matches("class=\"slip\"").count(), results.len());
    for r in results {
        let gross = r["slip"]["gross"].as_str().unwrap();
        let cell = format!("<td class=\"num gross\">{gross}</td>");
        assert!(
            dom.contains(&cell),
            "{} gross {gross} not rendered",
            r["id"]
        );
    }

    let png = artifacts.join("slips-2012-03.png");
    let _ = std::fs::remove_file(&png);
    let shot = headless(
        &chromium,
        &scratch.join("profile-shot"),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=900,2400",
            &url,
        ],
    );
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG screenshot");
    assert!(bytes.len() > 10_000, "the screenshot shows something");
}
