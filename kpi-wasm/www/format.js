// Decimal strings for people: thousands separators and two decimals, by string arithmetic
// only. Money never becomes a JS number here (a float would print 0.30000000000000004).

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function parts(text) {
  const match = DECIMAL.exec(String(text).trim());
  return match ? { minus: match[1] === '-', whole: match[2], fraction: match[3] ?? '' } : null;
}

function group(whole, separator) {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** "12345.6" → "12,345.60"; the engine's money already has two decimals, kept as given. */
export function formatMoney(text, separator = ',') {
  const p = parts(text);
  if (!p) return String(text ?? '');
  const fraction = p.fraction.padEnd(2, '0');
  const zero = /^0+$/.test(p.whole) && /^0*$/.test(fraction);
  return `${p.minus && !zero ? '-' : ''}${group(p.whole, separator)}.${fraction}`;
}

/** Points as the engine writes them ("16.5", "-2"), with separators for big totals. */
export function formatPoints(text, separator = ',') {
  const p = parts(text);
  if (!p) return String(text ?? '');
  return `${p.minus ? '-' : ''}${group(p.whole, separator)}${p.fraction ? `.${p.fraction}` : ''}`;
}

/** Orders two decimal strings exactly (for sorting), without converting them to floats. */
export function compareDecimal(a, b) {
  const x = parts(a);
  const y = parts(b);
  if (!x || !y) return String(a).localeCompare(String(b));
  const sign = (p) => (p.minus && !/^0*$/.test(p.whole + p.fraction) ? -1 : 1);
  if (sign(x) !== sign(y)) return sign(x) - sign(y);
  const width = Math.max(x.fraction.length, y.fraction.length);
  const digits = (p) => (p.whole.replace(/^0+(?=\d)/, '') + p.fraction.padEnd(width, '0')).replace(/^0+(?=\d)/, '');
  const dx = digits(x);
  const dy = digits(y);
  const magnitude = dx.length !== dy.length ? dx.length - dy.length : dx < dy ? -1 : dx > dy ? 1 : 0;
  return sign(x) * Math.sign(magnitude);
}

/** A share of a whole for drawing a bar (geometry only, never shown as money). */
export function ratio(part, whole) {
  const w = Number(whole);
  return w > 0 ? Math.max(0, Math.min(1, Number(part) / w)) : 0;
}

/** The exact sum of decimal strings (BigInt on their digits), as a decimal string: only to add
 * up the engine's group totals into one grand total, never to compute pay. */
export function sumDecimal(values) {
  const all = values.map(parts).filter(Boolean);
  const width = Math.max(0, ...all.map((p) => p.fraction.length));
  let sum = 0n;
  for (const p of all) {
    const digits = BigInt(p.whole + p.fraction.padEnd(width, '0'));
    sum += p.minus ? -digits : digits;
  }
  const minus = sum < 0n;
  const text = (minus ? -sum : sum).toString().padStart(width + 1, '0');
  const whole = text.slice(0, text.length - width);
  return `${minus ? '-' : ''}${whole}${width ? `.${text.slice(text.length - width)}` : ''}`;
}
