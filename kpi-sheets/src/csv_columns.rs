//! A CSV file read straight into the columnar evaluator's columns as it streams: the header
//! mapped once (by the sheet's own [`Sheet`]), each row split into cells borrowed from the text
//! and handed cell by cell to the core's [`CellColumns`], which judges every value by the
//! checker's rules. No record, field list or agent-month per row.
//!
//! It only saves time, never decides an error: on anything the records path would report or
//! warn about — a header problem, a stray value, a second month, a value the core's rules
//! refuse — and on CSV text its plain splitter does not cover (a doubled quote inside a quoted
//! cell, a quote inside an unquoted one, text after a closing quote, an unclosed quote), it
//! declines (`None`), and [`crate::csv_facts::check`] reads the file and words every problem.
//! The splitter gives the `csv` crate's cells for the text it takes (its differential tests).

use crate::cell::{split_list, split_roles, trim};
use crate::columns::{Field, SheetKind};
use crate::csv_read::delimiter;
use crate::options::ReadOptions;
use crate::read::month_in_name;
use crate::sheet_rows::{role_id, Found, Sheet};
use crate::text;
use kpi_core::stages::{CellColumns, ColumnBatch};
use kpi_core::{Limits, Policy};

/// Reads a CSV file's agent-months into columns, or declines (`None`).
pub(crate) fn read(
    bytes: &[u8],
    file_name: &str,
    policy: &Policy,
    options: &ReadOptions,
    limits: &Limits,
) -> Option<ColumnBatch> {
    let text = text::decode(bytes, options.encoding.as_deref()).ok()?;
    let teams = kpi_core::host::team_shorthand(policy, &options.teams).ok()?;
    let rows = text.as_bytes().iter().filter(|&&b| b == b'\n').count() + 1;
    let mut columns = CellColumns::new(policy, limits, rows, 0)?;
    let mut split = Splitter::new(&text);
    let mut cells: Vec<&str> = Vec::new();
    let named = month_in_name(file_name);
    // The header: the first row that is not blank.
    loop {
        if !split.next(&mut cells)? {
            // No header, no agents: the batch of the month given.
            let month = options.month.as_deref().or(named.as_deref());
            return columns.finish(month, &teams);
        }
        if !cells.iter().all(|c| c.trim().is_empty()) {
            break;
        }
    }
    let mut found = Found::new();
    let header: &[&str] = &cells;
    let sheet = Sheet::new(
        policy.spec(),
        SheetKind::Agents,
        None,
        0,
        (1, &header),
        &mut found,
    );
    if !found.problems.is_empty() || !found.complete {
        return None;
    }
    let targets = targets(&sheet, &columns)?;
    let headed: Vec<bool> = (0..cells.len()).map(|i| sheet.is_headed(i)).collect();
    let unheaded: Vec<usize> = (0..headed.len()).filter(|&i| !sheet.is_headed(i)).collect();
    let mut month: Option<&str> = None;
    let mut row: Vec<&str> = vec![""; targets.len()];
    while split.next(&mut cells)? {
        // A value under no header is a problem of the sheet.
        let past = cells.get(headed.len()..).unwrap_or_default();
        let stray = unheaded
            .iter()
            .filter_map(|&i| cells.get(i))
            .chain(past)
            .any(|c| !trim(c).is_empty());
        if stray {
            return None;
        }
        let mut holds_data = false;
        for (slot, target) in row.iter_mut().zip(&targets) {
            *slot = cells.get(target.offset).map_or("", |c| trim(c));
            holds_data |= target.what != Target::Month && !slot.is_empty();
        }
        if !holds_data {
            continue;
        }
        let (mut id, mut name, mut group) = ("", "", "");
        for (&cell, target) in row.iter().zip(&targets) {
            if cell.is_empty() {
                continue;
            }
            match target.what {
                Target::Month => match month {
                    None => month = Some(cell),
                    Some(first) if first != cell => return None, // one month per batch
                    Some(_) => {}
                },
                Target::Id => id = cell,
                Target::Name => name = cell,
                Target::Group => group = cell,
                Target::Roles if one_entry(cell, true) => {
                    columns.role(role_id(policy.spec(), cell))?;
                }
                Target::Roles => {
                    for role in split_roles(cell) {
                        columns.role(role_id(policy.spec(), role))?;
                    }
                }
                Target::Base => columns.base_salary(cell)?,
                Target::Value(i) => columns.value(i, cell)?,
                Target::List(i) if one_entry(cell, false) => columns.entry(i, cell)?,
                Target::List(i) => {
                    for entry in split_list(cell) {
                        columns.entry(i, entry)?;
                    }
                }
            }
        }
        columns.agent(id, name, group)?;
    }
    let month = options.month.as_deref().or(month).or(named.as_deref());
    columns.finish(month, &teams)
}

/// What a mapped column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Month,
    Id,
    Name,
    Group,
    Roles,
    Base,
    /// A declared input (not a list), by index.
    Value(usize),
    /// A list input, by index.
    List(usize),
}

/// A mapped column: where it is in a row and what it fills.
#[derive(Debug, Clone, Copy)]
struct Mapped {
    offset: usize,
    what: Target,
}

/// The sheet's mapped columns as targets; `None` for a field the columns do not know.
fn targets(sheet: &Sheet<'_>, columns: &CellColumns<'_, '_>) -> Option<Vec<Mapped>> {
    sheet
        .fields()
        .map(|(offset, field, id)| {
            let what = match field {
                Field::Month => Target::Month,
                Field::Fixed("id") => Target::Id,
                Field::Fixed("name") => Target::Name,
                Field::Fixed("group") => Target::Group,
                Field::Fixed("roles") => Target::Roles,
                Field::Fixed("base_salary") => Target::Base,
                Field::Fixed(_) => return None,
                Field::Input(..) => {
                    let i = columns.input_index(id)?;
                    if columns.is_list(i) {
                        Target::List(i)
                    } else {
                        Target::Value(i)
                    }
                }
            };
            Some(Mapped { offset, what })
        })
        .collect()
}

/// CSV text split into records of cells borrowed from it, as the `csv` crate splits it
/// (records end at LF, CR or CRLF; empty lines are skipped; a quoted cell may hold
/// delimiters and line breaks) for the text it takes; `None` for the rest (see the module).
pub(crate) struct Splitter<'t> {
    text: &'t str,
    at: usize,
    delimiter: u8,
    breaks: [bool; 256],
}

impl<'t> Splitter<'t> {
    /// Records of the text (decoded, BOM removed), with the delimiter the records path uses.
    pub fn new(text: &'t str) -> Splitter<'t> {
        Splitter {
            text,
            // The `csv` crate skips a BOM at the very start (one a GB18030 file may hold).
            at: if text.starts_with('\u{FEFF}') { 3 } else { 0 },
            delimiter: delimiter(text),
            breaks: breaks(delimiter(text)),
        }
    }

    /// The next record's cells into `cells`: `Some(true)`, or `Some(false)` at the end;
    /// `None` where the splitter declines the text.
    pub fn next(&mut self, cells: &mut Vec<&'t str>) -> Option<bool> {
        cells.clear();
        let bytes = self.text.as_bytes();
        while let Some(b'\r' | b'\n') = bytes.get(self.at) {
            self.at += 1;
        }
        if self.at >= bytes.len() {
            return Some(false);
        }
        loop {
            let cell = if bytes.get(self.at) == Some(&b'"') {
                self.quoted()?
            } else {
                self.unquoted()?
            };
            cells.push(cell);
            match bytes.get(self.at) {
                None => return Some(true),
                Some(&b) if b == self.delimiter => self.at += 1,
                Some(b'\n') => {
                    self.at += 1;
                    return Some(true);
                }
                Some(b'\r') => {
                    self.at += 1;
                    if bytes.get(self.at) == Some(&b'\n') {
                        self.at += 1;
                    }
                    return Some(true);
                }
                Some(_) => return None, // text after a closing quote
            }
        }
    }

    /// An unquoted cell, up to the delimiter or the line's end; `None` at a quote in it.
    #[inline]
    fn unquoted(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        self.at = next_break(bytes, start, &self.breaks);
        if bytes.get(self.at) == Some(&b'"') {
            return None;
        }
        self.text.get(start..self.at)
    }

    /// A quoted cell's text, its quotes left out; `None` for a doubled quote in it or an
    /// unclosed one.
    fn quoted(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let len = bytes.get(start..)?.iter().position(|&b| b == b'"')?;
        let end = start + len;
        if bytes.get(end + 1) == Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        self.text.get(start..end)
    }
}

/// Where the next delimiter, line break or quote is, from `from` (the text's length if none):
/// byte by byte through a table (`breaks[b]`: the byte ends an unquoted cell), since most cells
/// are a few bytes long.
#[inline]
fn next_break(bytes: &[u8], from: usize, breaks: &[bool; 256]) -> usize {
    let mut at = from;
    while let Some(&b) = bytes.get(at) {
        if breaks.get(usize::from(b)) == Some(&true) {
            break;
        }
        at += 1;
    }
    at
}

/// The bytes that end an unquoted cell: the delimiter, CR, LF and the quote.
fn breaks(delimiter: u8) -> [bool; 256] {
    let mut breaks = [false; 256];
    for b in [delimiter, b'\n', b'\r', b'"'] {
        if let Some(slot) = breaks.get_mut(usize::from(b)) {
            *slot = true;
        }
    }
    breaks
}

/// Whether a list or roles cell holds one entry as it is: ASCII without a separator (the
/// full-width ones are not ASCII), already trimmed and not empty.
fn one_entry(cell: &str, roles: bool) -> bool {
    cell.bytes()
        .all(|b| b.is_ascii() && b != b';' && !(roles && b == b','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_are_found_as_one_by_one() {
        let text = b"abcdefghij,klmnopqrstuvwxyz\r0123456789\"ABCDEFGH\n\xe7\x8e\x8b";
        for from in 0..text.len() {
            let want = text[from..]
                .iter()
                .position(|&b| matches!(b, b',' | b'\n' | b'\r' | b'"'))
                .map_or(text.len(), |p| from + p);
            assert_eq!(next_break(text, from, &breaks(b',')), want, "{from}");
        }
    }

    #[test]
    fn one_entry_cells_are_those_the_splitters_leave_whole() {
        for cell in [
            "5",
            "review_team",
            "a,b",
            "5;10",
            "5、10",
            "5；1",
            "王",
            "a b",
        ] {
            assert_eq!(
                one_entry(cell, false),
                split_list(cell).eq([cell]) && cell.is_ascii(),
                "{cell}"
            );
            assert_eq!(
                one_entry(cell, true),
                split_roles(cell).eq([cell]) && cell.is_ascii(),
                "{cell}"
            );
        }
    }

    fn split(text: &str) -> Option<Vec<Vec<String>>> {
        let mut s = Splitter::new(text);
        let mut cells = Vec::new();
        let mut out = Vec::new();
        while s.next(&mut cells)? {
            out.push(cells.iter().map(|c| c.to_string()).collect());
        }
        Some(out)
    }

    fn by_csv(text: &str) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter(text))
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn cells_are_the_csv_crates() {
        for text in [
            "",
            "a",
            "a,b\n",
            "a,b\r\nc,\"d,e\"\r\n",
            "\n\n\ra,,\n\r\n,\n",
            "x,\"two\nlines\",\"\"\n",
            "a\tb,c\td\n",
            "a,b,",
            "\"a\"",
            "\"\",\"\"\r",
            " a , b \n",
            "abcdefgh,ijklmnopq\r\nrstuvwxyz0123456789,\"x\"\n",
            "王芳,張偉偉偉,\"李\"\n",
            "\u{FEFF}a,b\n",
            "\n\u{FEFF}a,\u{FEFF}b\n",
        ] {
            assert_eq!(split(text), Some(by_csv(text)), "{text:?}");
        }
    }

    #[test]
    fn text_it_does_not_cover_is_declined() {
        for text in [
            "a,\"say \"\"hi\"\"\"\n",
            "a,b\"c\n",
            "\"a\"b,c\n",
            "a,\"unclosed\n",
            "abcdefghijkl,mnopqrstu\"v\n",
        ] {
            assert_eq!(split(text), None, "{text:?}");
        }
    }
}
