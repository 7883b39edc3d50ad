//! No output over an input: before a verb reads anything, its `-o` file is compared with
//! every file it reads (the batch, each policy, the files of a policy book), by canonical
//! path and by device and inode, so another spelling (`sub/../x.json`, `./x.json`), a
//! symbolic link and a hard link are all caught.

use crate::output::Failure;
use std::path::{Path, PathBuf};

/// A file a verb reads, and what it is to the verb (`the batch`, `the policy`).
pub struct Input<'a> {
    pub role: &'static str,
    pub path: &'a Path,
}

/// Refuses an output that is the same file as one of the inputs; nothing is written then.
///
/// # Errors
/// `Failure::Io` (exit status 1, a refused request) naming both paths.
pub fn refuse_clash(output: Option<&PathBuf>, inputs: &[Input<'_>]) -> Result<(), Failure> {
    let Some(output) = output else {
        return Ok(());
    };
    for input in inputs {
        if same_file(output, input.path) {
            return Err(Failure::Io(format!(
                "refusing to write over an input: -o {} is the same file as {} {}; \
                 nothing was written (choose another output file)",
                output.display(),
                input.role,
                input.path.display()
            )));
        }
    }
    Ok(())
}

/// Whether two paths name one file. An output that does not exist yet is no input; an input
/// that cannot be read is reported when the verb reads it.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        if a == b {
            return true;
        }
    }
    same_inode(a, b)
}

/// Whether two paths reach one device and inode: a hard link has its own path.
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    #[cfg(unix)]
    fn spellings_and_links_of_one_file_are_one_file() {
        let dir = std::env::temp_dir().join(format!("kpi-overwrite-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let file = dir.join("x.json");
        std::fs::write(&file, "{}").unwrap();
        std::fs::hard_link(&file, dir.join("hard.json")).unwrap();
        std::os::unix::fs::symlink(&file, dir.join("soft.json")).unwrap();
        for other in [
            "x.json",
            "sub/../x.json",
            "./x.json",
            "hard.json",
            "soft.json",
        ] {
            assert!(same_file(&file, &dir.join(other)), "{other}");
        }
        std::fs::write(dir.join("y.json"), "{}").unwrap();
        assert!(!same_file(&file, &dir.join("y.json")));
        assert!(!same_file(&file, &dir.join("absent.json")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
