//! Never lose a file: an output over an input is refused, and outputs are written whole or
//! not at all (issue 13). The built `kpi` binary on files in a scratch folder per test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
#![cfg(unix)]

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const KPI: &str = env!("CARGO_BIN_EXE_kpi");

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

/// A fresh folder holding the March batch (`2012-03.json`), the bundled policy (`p.toml`,
/// `p.json`), a variant (`b.toml`), a policy book (`book/`) and an empty folder `sub/`.
fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("file_safety")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::create_dir_all(dir.join("book")).unwrap();
    std::fs::copy(repo("examples/2012-03.json"), dir.join("2012-03.json")).unwrap();
    std::fs::copy(
        repo("kpi-core/policies/after-sales-2012-03.toml"),
        dir.join("p.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo("test-vectors/after-sales-variant-a.toml"),
        dir.join("b.toml"),
    )
    .unwrap();
    for version in ["2012-03.toml", "2013-01.toml"] {
        std::fs::copy(
            repo(&format!("examples/policy-book/{version}")),
            dir.join("book").join(version),
        )
        .unwrap();
    }
    let json = run(&dir, &["policy", "show", "--format", "json"]);
    assert!(json.status.success());
    std::fs::write(dir.join("p.json"), &json.stdout).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(KPI)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Every file under `dir` (recursively, links not followed) with its bytes: a link as the
/// text `-> target`.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push((path, format!("-> {}", target.display()).into_bytes()));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Runs a request that must be refused as an output over an input: exit status 1, a message
/// naming both paths, and not one byte changed or added in the folder.
fn assert_refused(dir: &Path, args: &[&str], output: &str, input: &str) {
    let before = snapshot(dir);
    let out = run(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert!(
        stderr.contains("refusing to write over an input")
            && stderr.contains(&format!("-o {output} "))
            && stderr.contains(input),
        "{args:?}: {stderr}"
    );
    assert!(before == snapshot(dir), "{args:?} changed the folder");
}

/// Links to `target` in `dir`: a symbolic one (`soft-NAME`) and a hard one (`hard-NAME`).
fn links(dir: &Path, target: &str) -> [String; 2] {
    let name = Path::new(target).file_name().unwrap().to_string_lossy();
    let soft = format!("soft-{name}");
    let hard = format!("hard-{name}");
    symlink(target, dir.join(&soft)).unwrap();
    std::fs::hard_link(dir.join(target), dir.join(&hard)).unwrap();
    [soft, hard]
}

#[test]
fn payroll_never_writes_over_its_batch_by_any_name() {
    let dir = folder("payroll-batch");
    let [soft, hard] = links(&dir, "2012-03.json");
    let absolute = dir.join("2012-03.json").display().to_string();
    for output in [
        "2012-03.json",
        "./2012-03.json",
        "sub/../2012-03.json",
        absolute.as_str(),
        &soft,
        &hard,
    ] {
        assert_refused(
            &dir,
            &["payroll", "2012-03.json", "-o", output],
            output,
            "the batch 2012-03.json",
        );
    }
    // The batch read through a link, the output by its real name.
    assert_refused(
        &dir,
        &["payroll", &soft, "-o", "2012-03.json"],
        "2012-03.json",
        &format!("the batch {soft}"),
    );
    // Sheets too: a CSV batch and a workbook.
    let csv = run(&dir, &["template", "--lang", "en", "-o", "t.csv"]);
    assert!(csv.status.success());
    let xlsx = run(&dir, &["template", "-o", "t.xlsx"]);
    assert!(xlsx.status.success());
    for sheet in ["t.csv", "t.xlsx"] {
        let spelled = format!("sub/../{sheet}");
        assert_refused(
            &dir,
            &["payroll", sheet, "--month", "2012-03", "-o", &spelled],
            &spelled,
            &format!("the batch {sheet}"),
        );
    }
}

#[test]
fn payroll_never_writes_over_its_policy_or_a_file_of_its_book() {
    let dir = folder("payroll-policy");
    let [soft, hard] = links(&dir, "p.toml");
    for output in ["p.toml", "./p.toml", "sub/../p.toml", &soft, &hard] {
        // `.toml` is no output format: --format json gets past that refusal to this one.
        assert_refused(
            &dir,
            &[
                "payroll",
                "2012-03.json",
                "--policy",
                "p.toml",
                "--format",
                "json",
                "-o",
                output,
            ],
            output,
            "the policy p.toml",
        );
    }
    assert_refused(
        &dir,
        &[
            "payroll",
            "2012-03.json",
            "--policy",
            "p.json",
            "-o",
            "./p.json",
        ],
        "./p.json",
        "the policy p.json",
    );
    assert_refused(
        &dir,
        &[
            "payroll",
            "2012-03.json",
            "--policy-book",
            "book",
            "--format",
            "table",
            "-o",
            "sub/../book/2013-01.toml",
        ],
        "sub/../book/2013-01.toml",
        "the policy book's file book/2013-01.toml",
    );
    // A file beside them is written as usual.
    let out = run(
        &dir,
        &[
            "payroll",
            "2012-03.json",
            "--policy",
            "p.toml",
            "-o",
            "out.json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(dir.join("out.json"))
        .unwrap()
        .starts_with(b"{"));
}

#[test]
fn template_never_writes_over_its_policy() {
    let dir = folder("template");
    let [soft, hard] = links(&dir, "p.toml");
    for output in ["p.toml", "sub/../p.toml", &soft, &hard] {
        assert_refused(
            &dir,
            &[
                "template", "--policy", "p.toml", "--format", "csv", "-o", output,
            ],
            output,
            "the policy p.toml",
        );
    }
}

#[test]
fn compare_never_writes_over_its_batch_or_either_policy() {
    let dir = folder("compare");
    let [soft, hard] = links(&dir, "b.toml");
    let compare = |output: &str| {
        vec![
            "compare".to_string(),
            "2012-03.json".into(),
            "--policy".into(),
            "p.toml".into(),
            "--policy".into(),
            "b.toml".into(),
            "--format".into(),
            "json".into(),
            "-o".into(),
            output.to_string(),
        ]
    };
    for (output, input) in [
        ("./2012-03.json", "the batch 2012-03.json"),
        ("sub/../p.toml", "the current policy p.toml"),
        ("b.toml", "the proposed policy b.toml"),
        (soft.as_str(), "the proposed policy b.toml"),
        (hard.as_str(), "the proposed policy b.toml"),
    ] {
        let args = compare(output);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_refused(&dir, &args, output, input);
    }
}

/// `kpi ARGS` under a file-size limit of 1 KiB or less (`ulimit -f 1`: one block), SIGXFSZ
/// ignored, so a write past it fails with EFBIG instead of killing the process.
fn run_limited(dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1 && trap '' XFSZ && exec \"$0\" \"$@\"")
        .arg(KPI)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn a_write_that_fails_part_way_leaves_the_previous_output_whole() {
    let dir = folder("fails");
    // Whole outputs (JSON, a workbook) and the streamed CSV, each far over the limit.
    for (output, format) in [
        ("out.json", "json"),
        ("out.xlsx", "xlsx"),
        ("out.csv", "csv"),
    ] {
        let previous = format!("the previous {format} output, as it was\n");
        std::fs::write(dir.join(output), &previous).unwrap();
        let before = snapshot(&dir);
        let out = run_limited(&dir, &["payroll", "2012-03.json", "-o", output]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{output}: {stderr}");
        assert!(
            stderr.contains(&format!("cannot write {output}")),
            "{stderr}"
        );
        assert!(stderr.contains("too large"), "EFBIG expected: {stderr}");
        assert_eq!(std::fs::read_to_string(dir.join(output)).unwrap(), previous);
        // No stray temporary file: the folder is exactly as before.
        assert!(before == snapshot(&dir), "{output}: the folder changed");
        // Without the limit the same request succeeds: the limit was the only cause.
        assert!(run(&dir, &["payroll", "2012-03.json", "-o", output])
            .status
            .success());
        assert_ne!(
            std::fs::read_to_string(dir.join(output)).ok(),
            Some(previous)
        );
    }
}

#[test]
fn a_killed_writer_leaves_the_previous_output_whole() {
    // A batch big enough that writing its CSV takes a while (some 40,000 agents); the writer
    // is killed (SIGKILL, no clean-up possible) once its temporary file holds bytes.
    let dir = folder("killed");
    let mut batch = String::from(r#"{"month": "2012-03", "agents": ["#);
    for i in 0..40_000 {
        if i > 0 {
            batch.push(',');
        }
        batch.push_str(&format!(
            r#"{{"id": "A{i:06}", "name": "N{i}", "base_salary": "2000", "quality": 18}}"#
        ));
    }
    batch.push_str("]}");
    std::fs::write(dir.join("big.json"), batch).unwrap();
    let previous = "the previous output, whole\n";
    std::fs::write(dir.join("out.csv"), previous).unwrap();
    let mut child = Command::new(KPI)
        .args(["payroll", "big.json", "--no-explain", "-o", "out.csv"])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let temp = loop {
        let found = std::fs::read_dir(&dir).unwrap().find_map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            (name.starts_with(".out.csv.kpi-") && len > 0).then_some(e.path())
        });
        if let Some(temp) = found {
            break temp;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the writer finished before it could be caught mid-way: make the batch bigger"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(2));
    };
    // Mid-write: the new bytes are in the temporary file, the target is untouched.
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("out.csv")).unwrap(),
        previous
    );
    // A killed process cannot remove its temporary file: it stays, named as kpi's, beside.
    assert!(temp.exists());
    std::fs::remove_file(&temp).unwrap();
}

#[test]
fn a_symbolic_link_target_keeps_the_link_and_replaces_the_file_it_points_to() {
    let dir = folder("symlink");
    std::fs::create_dir_all(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/out.json"), "old").unwrap();
    symlink("real/out.json", dir.join("link.json")).unwrap();
    // A dangling link: the file it names is created.
    symlink("real/new.json", dir.join("dangling.json")).unwrap();
    let expected = run(&dir, &["payroll", "2012-03.json"]).stdout;
    for (link, real) in [
        ("link.json", "real/out.json"),
        ("dangling.json", "real/new.json"),
    ] {
        let out = run(&dir, &["payroll", "2012-03.json", "-o", link]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta = std::fs::symlink_metadata(dir.join(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
        assert_eq!(std::fs::read_link(dir.join(link)).unwrap(), Path::new(real));
        assert_eq!(std::fs::read(dir.join(real)).unwrap(), expected);
    }
    // The temporary file went beside the file pointed to, and is gone.
    let mut names: Vec<String> = std::fs::read_dir(dir.join("real"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["new.json", "out.json"]);
}

#[test]
fn an_existing_output_keeps_its_permissions() {
    let dir = folder("permissions");
    for (output, mode) in [("out.json", 0o640), ("out.csv", 0o600), ("out.xlsx", 0o664)] {
        std::fs::write(dir.join(output), "old").unwrap();
        std::fs::set_permissions(dir.join(output), std::fs::Permissions::from_mode(mode)).unwrap();
        let out = run(&dir, &["payroll", "2012-03.json", "-o", output]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta = std::fs::metadata(dir.join(output)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o7777, mode, "{output}");
        assert_ne!(std::fs::read(dir.join(output)).unwrap(), b"old");
    }
}

#[test]
fn dev_stdout_and_a_fifo_are_written_directly() {
    let dir = folder("streams");
    let expected = run(&dir, &["payroll", "2012-03.json"]).stdout;
    let out = run(&dir, &["payroll", "2012-03.json", "-o", "/dev/stdout"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, expected);
    // A FIFO: written through, never renamed over (it is still a FIFO afterwards).
    let fifo = dir.join("pipe.csv");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // Each end blocks until the other opens: the reader waits on another thread.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let writer = Command::new(KPI)
        .args(["payroll", "2012-03.json", "-o", "pipe.csv"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let read = reader.join().unwrap();
    assert!(
        writer.status.success(),
        "{}",
        String::from_utf8_lossy(&writer.stderr)
    );
    assert!(read.starts_with("\u{FEFF}month,group,rank,id,name".as_bytes()));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn an_output_extension_kpi_does_not_write_is_refused() {
    let dir = folder("extensions");
    for args in [
        &["payroll", "2012-03.json", "-o", "payroll.tsv"][..],
        &["payroll", "2012-03.json", "-o", "payroll.PDF"],
        &["template", "-o", "template.ods"],
        &[
            "compare",
            "2012-03.json",
            "--policy",
            "p.toml",
            "--policy",
            "b.toml",
            "-o",
            "what-if.tsv",
        ],
    ] {
        let before = snapshot(&dir);
        let out = run(&dir, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("no output format has its extension") && stderr.contains(".csv"),
            "{stderr}"
        );
        assert!(before == snapshot(&dir), "{args:?} wrote something");
    }
    // A format chosen by name is written whatever the name of the file.
    let out = run(
        &dir,
        &[
            "payroll",
            "2012-03.json",
            "--format",
            "csv",
            "-o",
            "payroll.tsv",
        ],
    );
    assert!(out.status.success());
    assert!(std::fs::read(dir.join("payroll.tsv"))
        .unwrap()
        .starts_with("\u{FEFF}month,".as_bytes()));
}

#[test]
fn compare_outputs_never_turn_a_name_into_a_formula() {
    let dir = folder("compare-formulas");
    let text = std::fs::read_to_string(repo("test-vectors/examples-variant.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names = ["=1+1", "+1", "-1", "@A1", "\t1", "\r1"];
    for (agent, name) in doc["agents"].as_array_mut().unwrap().iter_mut().zip(names) {
        agent["name"] = serde_json::Value::from(name);
    }
    std::fs::write(dir.join("what-if.json"), doc.to_string()).unwrap();
    let compare = [
        "compare",
        "what-if.json",
        "--policy",
        "p.toml",
        "--policy",
        "b.toml",
    ];
    let out = run(&dir, &[&compare[..], &["-o", "what-if.csv"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(dir.join("what-if.csv")).unwrap();
    for name in ["=1+1", "+1", "-1", "@A1", "\t1"] {
        assert!(
            csv.contains(&format!(",'{name},")),
            "{name:?} guarded: {csv}"
        );
    }
    assert!(
        csv.contains(",\"'\r1\","),
        "a CR is guarded and quoted: {csv}"
    );
    // The differences stay numbers, negative ones too (a cell `-…` right after a comma).
    let negative = csv
        .split([',', '\n'])
        .filter(|cell| cell.starts_with('-') && cell[1..].starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert!(negative > 0, "negative numbers stay numbers: {csv}");
    let out = run(&dir, &[&compare[..], &["-o", "what-if.xlsx"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(dir.join("what-if.xlsx")).unwrap();
    let agents = book.worksheet_range("agents").unwrap();
    for name in names {
        assert!(
            agents
                .cells()
                .any(|(_, _, cell)| *cell == Data::String(name.to_string())),
            "{name:?} is a string in the workbook"
        );
    }
    let out = run(&dir, &[&compare[..], &["-o", "what-if.html"]].concat());
    assert!(out.status.success());
    let html = std::fs::read_to_string(dir.join("what-if.html")).unwrap();
    assert!(html.contains("<td>=1+1</td>") && html.contains("<td>@A1</td>"));
}
