//! Where results go (standard output or `-o FILE`) and how failures end the process:
//! exit 2 with one stderr line per problem for refused input, 1 for a file problem or a
//! refused request (an output over an input, an output extension kpi does not write).
//!
//! A file is written whole or not at all ([`crate::atomic`]): a failure part way leaves the
//! previous output as it was.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// What a verb produced.
pub enum Output {
    /// Text printed with a final newline (JSON, a table, a summary).
    Text(String),
    /// An HTML document, written as it is.
    Html(String),
    /// Bytes written as they are (CSV, XLSX).
    Bytes(Vec<u8>),
    /// Text written as it is made (a payroll's CSV), never held whole.
    Stream(Box<Writer>),
}

/// Writes a streamed output to its destination.
pub type Writer = dyn FnOnce(&mut dyn Write) -> std::io::Result<()>;

/// Why a verb failed.
pub enum Failure {
    /// Input the rules refuse: exit status 2, one line per problem.
    Refused(kpi_core::Error),
    /// A file that cannot be read or written, a wrong or refused request (`-o` over an
    /// input, an unknown output extension): exit status 1.
    Io(String),
}

impl From<kpi_core::Error> for Failure {
    fn from(error: kpi_core::Error) -> Failure {
        Failure::Refused(error)
    }
}

/// Writes the output and turns the outcome into an exit status.
pub fn finish(outcome: Result<(Output, Option<PathBuf>), Failure>) -> ExitCode {
    let written = outcome.and_then(|(output, path)| write(output, path.as_ref()));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(error)) => {
            for problem in &error.problems {
                eprintln!("{problem}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) => {
            eprintln!("kpi: {message}");
            ExitCode::from(1)
        }
    }
}

fn write(output: Output, path: Option<&PathBuf>) -> Result<(), Failure> {
    let (bytes, binary) = match output {
        Output::Stream(writer) => return stream(writer, path),
        Output::Text(mut text) => {
            text.push('\n');
            (text.into_bytes(), false)
        }
        Output::Html(text) => (text.into_bytes(), false),
        Output::Bytes(bytes) => {
            let binary = !bytes.starts_with("\u{FEFF}".as_bytes());
            (bytes, binary)
        }
    };
    if let Some(path) = path {
        return crate::atomic::write_file(path, |out| out.write_all(&bytes))
            .map_err(|e| cannot_write(path, &e));
    }
    let mut out = std::io::stdout().lock();
    if binary && out.is_terminal() {
        return Err(Failure::Io(
            "a workbook is binary: write it to a file with -o FILE.xlsx".into(),
        ));
    }
    match out.write_all(&bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Io(format!("cannot write the output: {e}"))),
    }
}

fn cannot_write(path: &std::path::Path, e: &std::io::Error) -> Failure {
    Failure::Io(format!("cannot write {}: {e}", path.display()))
}

/// A streamed output into its file (buffered, whole or not at all), or to standard output.
fn stream(writer: Box<Writer>, path: Option<&PathBuf>) -> Result<(), Failure> {
    if let Some(path) = path {
        return crate::atomic::write_file(path, |out| writer(out))
            .map_err(|e| cannot_write(path, &e));
    }
    let mut out = std::io::stdout().lock();
    match writer(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Io(format!("cannot write the output: {e}"))),
    }
}
