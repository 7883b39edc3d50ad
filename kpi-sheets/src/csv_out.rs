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
        escape_into(field, &mut self.buf);
    }

    /// A field already written by [`escaped`] (one that repeats on every row: the month, a
    /// group, a tier).
    pub fn escaped(&mut self, bytes: &[u8]) {
        self.separate();
        self.buf.extend_from_slice(bytes);
    }

    /// A field known to need no quotes (digits, a sign, a point).
    pub fn plain(&mut self, field: &str) {
        self.separate();
        self.buf.extend_from_slice(field.as_bytes());
    }

    /// A number written straight into the buffer by `write` (digits, a sign, a point: no
    /// quotes needed, no text in between).
    pub fn number(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        self.separate();
        write(&mut self.buf);
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

/// A text field's bytes as [`CsvOut::text`] writes them.
pub(crate) fn escaped(field: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(field.len() + 2);
    escape_into(field, &mut bytes);
    bytes
}

fn escape_into(field: &str, buf: &mut Vec<u8>) {
    let field = formula_safe(field);
    let bytes = field.as_bytes();
    if !bytes
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        buf.extend_from_slice(bytes);
        return;
    }
    buf.push(b'"');
    for part in field.split_inclusive('"') {
        buf.extend_from_slice(part.as_bytes());
        if part.ends_with('"') {
            buf.push(b'"');
        }
    }
    buf.push(b'"');
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
            for (i, field) in fields.iter().enumerate() {
                if i % 2 == 0 {
                    writer.text(field);
                } else {
                    writer.escaped(&escaped(field));
                }
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
