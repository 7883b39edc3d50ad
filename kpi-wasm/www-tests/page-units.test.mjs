// The page's own small rules, without a browser: file sniffing, the currency read from a
// policy, lines shown only, grouped problems with the nearest expected column, exact sums.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sniff, contentKind } from '../www/sniff.js';
import { currencyOf, shownOnly, nearest, groupProblems } from '../www/views.js';
import { sumDecimal } from '../www/format.js';

const bytes = (hex) => Uint8Array.from(Buffer.from(hex, 'hex'));

test('a file is sniffed by its first bytes against its extension', () => {
  assert.equal(contentKind(bytes('504b0304')), 'zip');
  assert.equal(contentKind(bytes('89504e470d0a1a0a')), 'png');
  assert.equal(sniff('a.xlsx', bytes('504b03040a'), 5000), null);
  assert.deepEqual(sniff('a.xlsx', bytes('89504e470d0a1a0a'), 5000), { problem: 'notExcel', looks: 'png' });
  assert.deepEqual(sniff('a.ods', new TextEncoder().encode('id,name\n'), 8), { problem: 'notOds', looks: 'text' });
  assert.deepEqual(sniff('a.csv', bytes('504b0304'), 5000), { problem: 'notText', looks: 'zip', as: 'CSV' });
  assert.deepEqual(sniff('a.xlsx', bytes('d0cf11e0a1b11ae1'), 5000), { problem: 'oldExcel', looks: 'ole' });
  assert.deepEqual(sniff('a.csv', new Uint8Array(), 0), { problem: 'empty' });
  assert.deepEqual(sniff('a.csv', bytes('efbbbf0d0a20'), 6), { problem: 'empty' });
  assert.equal(sniff('a.csv', new TextEncoder().encode('id\n'), 3), null);
  assert.equal(sniff('a.png', bytes('89504e47'), 4).problem, 'unsupported');
});

test('the currency comes from the policy when it names one, else nothing', () => {
  assert.equal(currencyOf({}, 'en'), '');
  assert.equal(currencyOf({ explain: { currency: { zh: '', en: '' } } }, 'en'), '');
  assert.equal(currencyOf({ explain: { currency: { zh: '元', en: 'yuan' } } }, 'zh'), '元');
  assert.equal(currencyOf({ explain: { currency: { zh: '元', en: 'yuan' } } }, 'en'), 'yuan');
  assert.equal(currencyOf({ currency: 'CNY' }, 'en'), 'CNY');
  assert.equal(currencyOf({ currency: { symbol: '¥' } }, 'en'), '¥');
});

test('lines shown only are the ones the result document lists in shown_only', () => {
  const listed = ['hr', 'uf', 'bonus'];
  assert.deepEqual(['base_pay', 'hr', 'uf', 'bonus', 'gross'].map((id) => shownOnly(listed, id)), [false, true, true, true, false]);
  assert.equal(shownOnly(undefined, 'hr'), false);
});

test('unknown columns: grouped by place, the expected list said once, the nearest named', () => {
  const allowed = 'a column the policy knows, by id or its Chinese or English label: month, id, name, quality, execution, praise_calls';
  const problem = (value, column) => ({ code: 'unknown_field', agent: null, field: '(header)', value, allowed, row: 1, column, sheet: null });
  const grouped = groupProblems([problem('qualty', 'F'), problem('praise', 'O'), problem('qualty', 'H')]);
  assert.equal(grouped.length, 2);
  assert.equal(grouped[0].places.length, 2);
  assert.ok(grouped.every((g) => g.shared));
  assert.equal(nearest('qualty', allowed), 'quality');
  assert.equal(nearest('praise', allowed), 'praise_calls');
  assert.equal(nearest('zzzzzzzz', allowed), null);
});

test('the grand total is the exact sum of the groups’ decimal strings', () => {
  assert.equal(sumDecimal(['20886.36', '13894.15']), '34780.51');
  assert.equal(sumDecimal(['0.1', '0.2']), '0.3');
  assert.equal(sumDecimal(['-5.00', '2.50']), '-2.50');
});
