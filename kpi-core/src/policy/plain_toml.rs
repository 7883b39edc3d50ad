//! A short reader for the plain TOML that policy files are written in, so that loading a
//! policy does not pay for the toml crate's general tree (it was three quarters of a load).
//!
//! It reads a strict subset: bare keys, basic strings without escapes, `true`/`false`,
//! arrays, one-line inline tables, `[name]`, `[[name]]` and `[name.child]` headers, comments,
//! LF line ends, at most `MAX_KEYS` keys a table. Anything else — and anything the toml
//! crate would refuse, such as a key given twice or a table defined twice — returns `None`,
//! and the caller reads the text with the toml crate, whose errors are the documented ones.
//! So this reader never decides an error, and it accepts only texts that the toml crate
//! reads to the same value (`plain_toml_de`'s tests, and a differential run over 540,000
//! edits of the bundled policy, check it).

/// A value of the subset.
#[derive(Debug)]
pub(super) enum Node<'a> {
    /// A basic string, borrowed from the text (no escapes to decode).
    Str(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// A static array `[a, b]`.
    Array(Vec<Node<'a>>),
    /// An array of tables, one `[[name]]` header each.
    Tables(Vec<Table<'a>>),
    /// A table: a header's or an inline one.
    Table(Table<'a>),
}

/// Keys and values in the order written (the reader refuses repeated keys).
pub(super) type Table<'a> = Vec<(&'a str, Node<'a>)>;

/// Most keys in one table read here: a policy's tables have a few dozen at most, and keys
/// are looked up by a scan, which must not grow quadratic on a hostile file.
const MAX_KEYS: usize = 64;

/// Deepest nesting of arrays and inline tables read here (the toml crate reads deeper ones).
const MAX_DEPTH: usize = 8;

/// The document's root table, or `None` when the text is outside the subset.
pub(super) fn read(text: &str) -> Option<Table<'_>> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        inline: 0,
    };
    let mut root: Table<'_> = Vec::new();
    // Root entries made by `[name]` headers: the only tables (besides arrays of tables) a
    // `[name.child]` header may add to; an inline table is closed.
    let mut declared: Vec<usize> = Vec::new();
    let mut place = Place::Root;
    loop {
        reader.spaces();
        match reader.peek() {
            None => return Some(root),
            Some(b'\n') => reader.pos += 1,
            Some(b'#') => reader.line_end()?,
            Some(b'[') => {
                let (many, name, child) = reader.header()?;
                place = open(&mut root, &mut declared, many, name, child)?;
                reader.line_end()?;
            }
            Some(_) => {
                let (key, value) = reader.key_value(0)?;
                insert(table(&mut root, place)?, key, value)?;
                reader.line_end()?;
            }
        }
    }
}

/// Where key/value lines go: the root, a header's table in the root (the last one of an
/// array of tables), or the `[name.child]` table at an index inside that one.
#[derive(Debug, Clone, Copy)]
enum Place {
    Root,
    Top(usize),
    Child(usize, usize),
}

fn top<'t, 'a>(root: &'t mut Table<'a>, i: usize) -> Option<&'t mut Table<'a>> {
    match &mut root.get_mut(i)?.1 {
        Node::Table(table) => Some(table),
        Node::Tables(tables) => tables.last_mut(),
        _ => None,
    }
}

fn table<'t, 'a>(root: &'t mut Table<'a>, place: Place) -> Option<&'t mut Table<'a>> {
    match place {
        Place::Root => Some(root),
        Place::Top(i) => top(root, i),
        Place::Child(i, j) => match &mut top(root, i)?.get_mut(j)?.1 {
            Node::Table(table) => Some(table),
            _ => None,
        },
    }
}

/// Opens the table of a header; `None` for anything TOML refuses (a table defined twice, a
/// header over a key or an inline table) and for what the subset leaves out (a header that
/// makes its parent implicitly, `[[name.child]]`, deeper paths).
fn open<'a>(
    root: &mut Table<'a>,
    declared: &mut Vec<usize>,
    many: bool,
    name: &'a str,
    child: Option<&'a str>,
) -> Option<Place> {
    let existing = root.iter().position(|(k, _)| *k == name);
    match (existing, many, child) {
        (None, false, None) => {
            root.push((name, Node::Table(Vec::new())));
            declared.push(root.len() - 1);
            Some(Place::Top(root.len() - 1))
        }
        (None, true, None) => {
            root.push((name, Node::Tables(vec![Vec::new()])));
            Some(Place::Top(root.len() - 1))
        }
        (Some(i), true, None) => match &mut root.get_mut(i)?.1 {
            Node::Tables(tables) => {
                tables.push(Vec::new());
                Some(Place::Top(i))
            }
            _ => None,
        },
        (Some(i), false, Some(child)) => {
            let parent_is_header = declared.contains(&i)
                || matches!(root.get(i).map(|(_, node)| node), Some(Node::Tables(_)));
            if !parent_is_header {
                return None;
            }
            let parent = top(root, i)?;
            insert(parent, child, Node::Table(Vec::new()))?;
            Some(Place::Child(i, parent.len() - 1))
        }
        _ => None,
    }
}

/// Adds a key to a table; `None` if the table has it already, or has `MAX_KEYS`.
fn insert<'a>(table: &mut Table<'a>, key: &'a str, value: Node<'a>) -> Option<()> {
    if table.len() >= MAX_KEYS || table.iter().any(|(k, _)| *k == key) {
        return None;
    }
    table.push((key, value));
    Some(())
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Inline tables open around the current value.
    inline: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.pos += 1)
    }

    /// Spaces and tabs, TOML's whitespace.
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Optional comment, then a line feed or the end of the text.
    fn line_end(&mut self) -> Option<()> {
        self.spaces();
        if self.peek() == Some(b'#') {
            self.pos += 1;
            while let Some(b) = self.peek() {
                if b == b'\n' {
                    break;
                }
                if is_control(b) {
                    return None;
                }
                self.pos += 1;
            }
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            Some(_) => None,
        }
    }

    /// `[name]`, `[[name]]` or `[name.child]`, without spaces: (many, name, child).
    fn header(&mut self) -> Option<(bool, &'a str, Option<&'a str>)> {
        self.eat(b'[')?;
        let many = self.eat(b'[').is_some();
        let name = self.key()?;
        let child = match self.eat(b'.') {
            Some(()) => Some(self.key()?),
            None => None,
        };
        self.eat(b']')?;
        if many {
            self.eat(b']')?;
        }
        Some((many, name, child))
    }

    /// A bare key: ASCII letters, digits, `_` and `-`.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.pos += 1;
        }
        (self.pos > start).then_some(())?;
        self.text.get(start..self.pos)
    }

    fn key_value(&mut self, depth: usize) -> Option<(&'a str, Node<'a>)> {
        let key = self.key()?;
        self.spaces();
        self.eat(b'=')?;
        self.spaces();
        Some((key, self.value(depth)?))
    }

    fn value(&mut self, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string(),
            b'[' => self.array(depth + 1),
            b'{' => self.inline_table(depth + 1),
            b't' | b'f' => self.boolean(),
            _ => None,
        }
    }

    /// A one-line basic string without escapes (not a multi-line `"""` one).
    fn string(&mut self) -> Option<Node<'a>> {
        self.eat(b'"')?;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => return None,
                b if is_control(b) => return None,
                _ => self.pos += 1,
            }
        }
        let end = self.pos;
        self.pos += 1;
        if start == end && self.peek() == Some(b'"') {
            return None;
        }
        self.text.get(start..end).map(Node::Str)
    }

    fn boolean(&mut self) -> Option<Node<'a>> {
        let rest = self.bytes.get(self.pos..)?;
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.pos += len;
        // `trueish` is not a boolean.
        match self.peek() {
            None | Some(b' ' | b'\t' | b'\n' | b',' | b']' | b'}' | b'#') => {
                Some(Node::Bool(value))
            }
            Some(_) => None,
        }
    }

    /// Inside an array: whitespace, line feeds and comments; outside of inline tables only.
    fn array_space(&mut self, one_line: bool) -> Option<()> {
        loop {
            self.spaces();
            match self.peek() {
                Some(b'\n') if !one_line => self.pos += 1,
                Some(b'#') if !one_line => {
                    self.line_end()?;
                }
                _ => return Some(()),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Node<'a>> {
        // Inside an inline table, stay on one line (stricter than TOML, never looser).
        let one_line = self.inline > 0;
        self.eat(b'[')?;
        let mut items = Vec::new();
        loop {
            self.array_space(one_line)?;
            if self.eat(b']').is_some() {
                return Some(Node::Array(items));
            }
            items.push(self.value(depth)?);
            self.array_space(one_line)?;
            if self.eat(b',').is_none() {
                self.array_space(one_line)?;
                self.eat(b']')?;
                return Some(Node::Array(items));
            }
        }
    }

    fn inline_table(&mut self, depth: usize) -> Option<Node<'a>> {
        self.eat(b'{')?;
        self.inline += 1;
        let mut table = Vec::new();
        self.spaces();
        if self.eat(b'}').is_none() {
            loop {
                let (key, value) = self.key_value(depth)?;
                insert(&mut table, key, value)?;
                self.spaces();
                if self.eat(b',').is_some() {
                    self.spaces();
                    continue;
                }
                self.eat(b'}')?;
                break;
            }
        }
        self.inline -= 1;
        Some(Node::Table(table))
    }
}

/// Control characters, which TOML refuses in comments and (but for tab) in strings.
fn is_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7f
}
