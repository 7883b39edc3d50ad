// What a file is, by its first bytes, against what its name says: checked before the file
// is read, so a PNG named .xlsx is "not an Excel file", not a zip library's error.
// Nothing here judges the content of a sheet: that is the engine's.

/** The kinds of content this page can tell apart by their magic bytes. */
export function contentKind(head) {
  const b = head;
  const starts = (...bytes) => bytes.every((x, i) => b[i] === x);
  if (b.length === 0) return 'empty';
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (starts(0x1f, 0x8b)) return 'gzip';
  // Text: no NUL byte (UTF-16 text would have them; the readers take UTF-8 and GB18030).
  return b.includes(0) ? 'binary' : 'text';
}

const EXPECTED = { xlsx: 'zip', ods: 'zip', csv: 'text', tsv: 'text', txt: 'text', json: 'text' };

/** Whether only whitespace (and a byte-order mark) is in the bytes. */
function blank(bytes) {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i += 1) if (![0x20, 0x09, 0x0a, 0x0d].includes(bytes[i])) return false;
  return true;
}

/** `null` when the file may be what its name says, else `{problem, looks}`: `empty`,
 * `unsupported`, `oldExcel`, `notExcel`, `notOds` or `notText` (with the kind it looks like).
 * `head`: the first bytes (at least 8; the whole file when it is small). */
export function sniff(name, head, size) {
  const extension = (/\.([^./\\]+)$/.exec(name)?.[1] ?? '').toLowerCase();
  if (size === 0 || (size <= head.length && blank(head))) return { problem: 'empty' };
  const expected = EXPECTED[extension];
  const kind = contentKind(head);
  if (!expected) return { problem: kind === 'ole' && extension === 'xls' ? 'oldExcel' : 'unsupported', looks: kind };
  if (kind === expected) return null;
  if (kind === 'ole') return { problem: 'oldExcel', looks: kind };
  if (extension === 'xlsx') return { problem: 'notExcel', looks: kind };
  if (extension === 'ods') return { problem: 'notOds', looks: kind };
  return { problem: 'notText', looks: kind, as: extension.toUpperCase() };
}
