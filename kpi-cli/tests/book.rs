//! The book's shell examples (`docs/*.md`), run with the built `kpi`.
//!
//! In each page, in order:
//! - a ```` ```toml file=NAME ```` block (or `json`, `csv`) is written to `NAME` in the page's
//!   scratch folder;
//! - a ```` ```diff edit=NAME ```` block edits `NAME` there: each hunk (hunks are separated by
//!   `@@` lines) replaces the first occurrence of its context and `-` lines by its context and
//!   `+` lines; a hunk of `+` lines only is appended to the file;
//! - a ```` ```sh ```` block is run line by line: every line (comments and blank lines aside)
//!   must be a `kpi ...` command, optionally ending in `> FILE`; it must exit 0, or the code
//!   the info string names (```` ```sh exit=2 ````);
//! - a ```` ```text output ```` block right after a `sh` block is what its last command prints
//!   (stdout, else stderr), compared line by line with trailing spaces trimmed;
//! - ```` ```sh no-run ```` blocks are not run (the page says why: installs, long runs, other
//!   tools); plain ```` ```text ```` blocks are samples, not checked.
//!
//! The scratch folder holds links to the repository's `examples/`, `test-vectors/` and
//! `kpi-core/`, so commands read paths as written from the repository root.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fenced block: its info string and its text.
struct Block {
    info: String,
    text: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in markdown.lines() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some((info.trim().to_string(), String::new()));
                }
            }
            Some((info, text)) => {
                if line.trim_end() == "```" {
                    out.push(Block {
                        info: std::mem::take(info),
                        text: std::mem::take(text),
                    });
                    open = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    out
}

/// Splits a command line into words: spaces separate, '…' and "…" quote, `#` outside quotes
/// starts a comment.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => break,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in `{line}`");
    words.extend(word);
    words
}

fn scratch(page: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("book")
        .join(page.trim_end_matches(".md"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["examples", "test-vectors", "kpi-core"] {
        link(&root().join(name), &dir.join(name));
    }
    dir
}

#[cfg(unix)]
fn link(from: &Path, to: &Path) {
    std::os::unix::fs::symlink(from, to).unwrap();
}

#[cfg(not(unix))]
fn link(from: &Path, to: &Path) {
    // Without symlinks, a copy of the few files the book reads would do; the book's CI is Linux.
    let _ = (from, to);
}

/// What the last command of a block printed.
struct Ran {
    shown: String,
    commands: usize,
}

fn run_block(dir: &Path, page: &str, block: &Block) -> Ran {
    let want: i32 = block
        .info
        .split_whitespace()
        .find_map(|w| w.strip_prefix("exit="))
        .map_or(0, |code| code.parse().unwrap());
    let mut shown = String::new();
    let mut commands = 0;
    for line in block.text.lines() {
        let mut args = words(line);
        if args.is_empty() {
            continue;
        }
        assert_eq!(
            args[0], "kpi",
            "{page}: `{line}` is not a kpi command: mark its block ```sh no-run and say why"
        );
        let mut redirect = None;
        if let Some(at) = args.iter().position(|a| a == ">") {
            redirect = Some(dir.join(&args[at + 1]));
            args.truncate(at);
        }
        let out = Command::new(env!("CARGO_BIN_EXE_kpi"))
            .args(&args[1..])
            .current_dir(dir)
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(
            code,
            want,
            "{page}: `{line}` exited {code}, the book says {want}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(file) = redirect {
            std::fs::write(file, &out.stdout).unwrap();
        }
        shown = if out.stdout.is_empty() {
            String::from_utf8_lossy(&out.stderr).into_owned()
        } else {
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        commands += 1;
    }
    Ran { shown, commands }
}

/// Applies the hunks of a `diff edit=` block to a file.
fn edit(file: &Path, hunks: &str, page: &str) {
    let mut text = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("{page}: {} to edit: {e}", file.display()));
    for hunk in hunks.split("@@\n") {
        let (mut old, mut new) = (String::new(), String::new());
        for line in hunk.lines() {
            let (mark, rest) = line.split_at(line.len().min(1));
            let rest = format!("{rest}\n");
            match mark {
                "-" => old.push_str(&rest),
                "+" => new.push_str(&rest),
                _ => {
                    old.push_str(&rest);
                    new.push_str(&rest);
                }
            }
        }
        if old.is_empty() {
            text.push_str(&new);
        } else {
            assert!(
                text.contains(&old),
                "{page}: {} has no\n{old}",
                file.display()
            );
            text = text.replacen(&old, &new, 1);
        }
    }
    std::fs::write(file, text).unwrap();
}

fn trimmed(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].to_vec()
}

/// Runs one page; gives the number of commands run.
fn run_page(page: &str) -> usize {
    let markdown = std::fs::read_to_string(root().join("docs").join(page)).unwrap();
    let dir = scratch(page);
    let mut last: Option<Ran> = None;
    let mut commands = 0;
    // KPI_BLESS=1 rewrites the output blocks from what the commands print: review the diff.
    let bless = std::env::var_os("KPI_BLESS").is_some();
    let (mut blessed, mut cursor) = (markdown.clone(), 0);
    for block in blocks(&markdown) {
        let mut info = block.info.split_whitespace();
        let lang = info.next().unwrap_or("");
        let flags: Vec<&str> = info.collect();
        match lang {
            "toml" | "json" | "csv" => {
                if let Some(name) = flags.iter().find_map(|f| f.strip_prefix("file=")) {
                    std::fs::write(dir.join(name), &block.text).unwrap();
                }
                last = None;
            }
            "diff" => {
                if let Some(name) = flags.iter().find_map(|f| f.strip_prefix("edit=")) {
                    edit(&dir.join(name), &block.text, page);
                }
                last = None;
            }
            "sh" if flags.contains(&"no-run") => last = None,
            "sh" => {
                let ran = run_block(&dir, page, &block);
                commands += ran.commands;
                last = Some(ran);
            }
            "text" if flags.contains(&"output") => {
                let ran = last.take().unwrap_or_else(|| {
                    panic!("{page}: a ```text output block with no sh block before it")
                });
                if bless {
                    let at = cursor + blessed[cursor..].find(&block.text).unwrap();
                    let new = trimmed(&ran.shown).join("\n") + "\n";
                    blessed.replace_range(at..at + block.text.len(), &new);
                    cursor = at + new.len();
                    continue;
                }
                assert_eq!(
                    trimmed(&ran.shown),
                    trimmed(&block.text),
                    "{page}: the output differs from the book's"
                );
            }
            _ => last = None,
        }
    }
    if bless && blessed != markdown {
        std::fs::write(root().join("docs").join(page), blessed).unwrap();
    }
    commands
}

fn pages() -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_shell_example_of_the_book_runs() {
    let mut total = 0;
    for page in pages() {
        total += run_page(&page);
    }
    // The CLI guide alone has more; a parser that finds nothing must not pass.
    assert!(total >= 10, "only {total} commands found in docs/");
}

#[test]
fn every_code_block_says_its_language() {
    // An untagged block would be compiled as Rust by the doctests, or silently skipped here.
    for page in pages() {
        let markdown = std::fs::read_to_string(root().join("docs").join(&page)).unwrap();
        for block in blocks(&markdown) {
            assert!(
                !block.info.is_empty(),
                "{page}: a code block without a language:\n{}",
                block.text
            );
        }
    }
}

#[test]
fn words_split_like_a_shell() {
    assert_eq!(
        words(r#"kpi payroll "a b.json" --team after-sales=0.15 # note"#),
        ["kpi", "payroll", "a b.json", "--team", "after-sales=0.15"]
    );
    assert_eq!(words("kpi x ''"), ["kpi", "x", ""]);
    assert!(words("# only a comment").is_empty());
}
