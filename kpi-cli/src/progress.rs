//! Progress of long runs on stderr: only past ~100,000 rows, and only when stderr is a
//! terminal, so piped and redirected output stays clean.

use std::io::IsTerminal;
use std::time::Instant;

/// Rows from which a run reports its stages.
const LONG_RUN: usize = 100_000;

/// Stage messages with elapsed time, or nothing.
pub struct Progress {
    start: Option<Instant>,
}

impl Progress {
    /// Progress for a run of this many rows.
    pub fn new(rows: usize) -> Progress {
        let show = rows > LONG_RUN && std::io::stderr().is_terminal();
        Progress {
            start: show.then(Instant::now),
        }
    }

    /// Reports a stage, overwriting the previous one.
    pub fn say(&self, stage: &str) {
        if let Some(start) = self.start {
            eprint!(
                "\r\x1b[Kkpi: {stage}… ({:.1} s)",
                start.elapsed().as_secs_f32()
            );
        }
    }

    /// Ends the progress line.
    pub fn done(&self) {
        if let Some(start) = self.start {
            eprintln!(
                "\r\x1b[Kkpi: done in {:.1} s",
                start.elapsed().as_secs_f32()
            );
        }
    }
}
