//! Writing an output file whole or not at all.
//!
//! The output goes to a new temporary file beside the target (same folder, so the same file
//! system), is flushed and synced, and is then renamed over the target: a reader sees the old
//! file or the new one, never half of one. On any failure the temporary file is removed and
//! the target is left exactly as it was. A killed process (SIGKILL, a power cut) cannot clean
//! up: it may leave its temporary file (`.NAME.kpi-PID-N-TIME.tmp`), never a damaged target.
//!
//! - An existing target keeps its permissions (not its owner: only root may give a file away).
//! - A target that is a symbolic link: the file it points to is replaced, the link is kept.
//! - A target that is not a regular file (`/dev/stdout`, `/dev/null`, a FIFO), or is reached
//!   through `/dev` or `/proc` (`/dev/stdout` redirected to a file is a stream the shell
//!   opened, not a file of ours), is written directly, never renamed over.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Symbolic links followed before giving up (the kernel's own limit is 40).
const MAX_LINKS: usize = 40;

/// Temporary names tried before giving up (another process may hold one).
const MAX_TRIES: u32 = 100;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Writes a file through `fill`, atomically where the target is a regular file (or does not
/// exist yet). The writer given to `fill` is buffered.
///
/// # Errors
/// Any error of creating, writing, syncing or renaming; the target is then untouched.
pub fn write_file(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_links(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let special = existing.as_ref().is_some_and(|m| !m.is_file());
    if special || is_stream_path(path) || is_stream_path(&target) {
        return write_directly(path, fill);
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let (temp, file) = create_temp(&dir, &name)?;
    let written =
        fill_and_sync(file, existing.as_ref(), fill).and_then(|()| std::fs::rename(&temp, &target));
    if let Err(e) = written {
        // The temporary file is ours and unfinished; the target was never touched.
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    // The rename is durable once the folder is synced; a folder that cannot be opened for
    // that (some file systems) still holds the whole file.
    if let Ok(folder) = File::open(&dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Fills the temporary file, gives it the target's permissions, flushes and syncs it.
fn fill_and_sync(
    file: File,
    existing: Option<&std::fs::Metadata>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if let Some(meta) = existing {
        file.set_permissions(meta.permissions())?;
    }
    let mut out = BufWriter::with_capacity(1 << 16, file);
    fill(&mut out)?;
    out.flush()?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()
}

/// A new file beside the target, created exclusively (`O_EXCL`): never one that exists.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut last = None;
    for _ in 0..MAX_TRIES {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let temp = dir.join(format!(".{name}.kpi-{pid}-{n}-{nanos}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary file name")))
}

/// A stream or device: opened for writing as it is (no truncation of what it is not ours to
/// truncate, no rename).
fn write_directly(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let file = OpenOptions::new().write(true).open(path)?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    match fill(&mut out).and_then(|()| out.flush()) {
        // A reader that stopped early (`-o /dev/stdout | head`), as on standard output.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Whether a path names a device or a process's open file rather than a file on disk.
fn is_stream_path(path: &Path) -> bool {
    let mut parts = path.components();
    matches!(parts.next(), Some(Component::RootDir))
        && matches!(parts.next(), Some(Component::Normal(top)) if top == "dev" || top == "proc")
}

/// The path a chain of symbolic links ends at (which may not exist yet); the path itself when
/// it is no link.
///
/// # Errors
/// A loop of links, or a link that cannot be read.
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links from {}",
        path.display()
    )))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kpi-atomic-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_fill_leaves_the_target_and_no_temporary_file() {
        let dir = scratch("fail");
        let target = dir.join("out.json");
        std::fs::write(&target, "old").unwrap();
        let result = write_file(&target, |out| {
            out.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        });
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(&dir), ["out.json"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn until_the_rename_the_target_is_untouched() {
        let dir = scratch("until");
        let target = dir.join("out.csv");
        std::fs::write(&target, "old").unwrap();
        write_file(&target, |out| {
            out.write_all(b"new")?;
            out.flush()?;
            // Mid-write: the old file whole, the new bytes in a temporary file beside it.
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
            let names = entries(&dir);
            assert_eq!(names.len(), 2, "{names:?}");
            assert!(names[0].starts_with(".out.csv.kpi-") && names[0].ends_with(".tmp"));
            Ok(())
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(entries(&dir), ["out.csv"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dev_and_proc_paths_are_streams() {
        assert!(is_stream_path(Path::new("/dev/stdout")));
        assert!(is_stream_path(Path::new("/proc/self/fd/1")));
        assert!(!is_stream_path(Path::new("dev/stdout")));
        assert!(!is_stream_path(Path::new("/tmp/dev")));
    }
}
