//! CSV records written field by field into one buffer, quoted as the `csv` crate's default
//! writer quotes them (a field holding `,`, `"`, CR or LF is quoted, its quotes doubled), so
//! the bytes stay those of `csv::Writer`; numbers, which never need quotes, skip the scan.
//! A payroll's CSV is mostly numbers: `csv::Writer` spent more time deciding not to quote
//! them than formatting them. Text fields never begin a formula ([`formula_safe`]).

use crate::formula::formula_safe;
use std::io;

/// Bytes gathered before they go to the writer.
const CHUNK: usize = 1 << 16;

/// A CSV record writer over any `io::Write`.
pub(crate) struct CsvOut<W: io::Write> {
    out: W,
    buf: Vec<u8>,
    /// Whether the record has a field yet (the next one needs a comma).
    in_record: bool,
}

impl<W: io::Write> CsvOut<W> {
    /// A writer into `out`.
    pub fn new(out: W) -> CsvOut<W> {
        CsvOut {
            out,
            buf: Vec::with_capacity(CHUNK + 1024),
            in_record: false,
        }
    }

    fn separate(&mut self) {
        if self.in_record {
            self.buf.push(b',');
        }
        self.in_record = true;
    }

    /// A text field, guarded against being read as a formula ([`formula_safe`]), quoted
    /// where the `csv` crate would quote it.
    pub fn text(&mut self, field: &str) {
        self.separate();
        let field = formula_safe(field);
        let bytes = field.as_bytes();
        if !bytes
            .iter()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
        {
            self.buf.extend_from_slice(bytes);
            return;
        }
        self.buf.push(b'"');
        for part in field.split_inclusive('"') {
            self.buf.extend_from_slice(part.as_bytes());
            if part.ends_with('"') {
                self.buf.push(b'"');
            }
        }
        self.buf.push(b'"');
    }

    /// A field known to need no quotes (digits, a sign, a point).
    pub fn plain(&mut self, field: &str) {
        self.separate();
        self.buf.extend_from_slice(field.as_bytes());
    }

    /// Ends the record; hands the buffer on once it is full.
    pub fn end(&mut self) -> io::Result<()> {
        self.buf.push(b'\n');
        self.in_record = false;
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is left and flushes the writer.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_the_csv_crate_quotes_them() {
        let fields = [
            "plain",
            "",
            "a,b",
            "say \"hi\"",
            "\"",
            "two\nlines",
            "a\rb",
            "王芳 ",
        ];
        let mut ours = Vec::new();
        let mut writer = CsvOut::new(&mut ours);
        let mut theirs = csv::Writer::from_writer(Vec::new());
        for _ in 0..2 {
            for field in fields {
                writer.text(field);
            }
            writer.plain("-1.50");
            writer.end().unwrap();
            theirs
                .write_record(fields.iter().chain(&["-1.50"]))
                .unwrap();
        }
        writer.finish().unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs.into_inner().unwrap()).unwrap()
        );
    }
}
