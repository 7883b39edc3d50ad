// Result documents past V8's string limit (src/big.rs): payrollJsonBytes and
// payrollJsonChunks give payrollJson's bytes for the same arguments, the chunks in order and
// at most 1 MiB each, every problem thrown by the call as a KpiError before any chunk. A
// batch whose document passes the limit (some 600,000 agents) takes longer and more memory
// than a test suite should: that run is benches/big-wasm.mjs, measured in benches/README.md;
// here the mechanism runs on a document of several chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payrollJson, payrollJsonBytes, payrollJsonChunks, KpiError } from '../js/node.mjs';

const example = readFileSync(new URL('../../examples/2012-03.json', import.meta.url), 'utf8');
const MIB = 1 << 20;

/** A batch of `count` agents: the example's agents over and over, each with its own id. */
function bigBatch(count) {
  const doc = JSON.parse(example);
  const agents = [];
  for (let i = 0; agents.length < count; i++) {
    const agent = doc.agents[i % doc.agents.length];
    agents.push({ ...agent, id: `${agent.id}-${i}` });
  }
  return JSON.stringify({ ...doc, agents });
}

const concat = (chunks) => Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));

test('the bytes are payrollJson\'s text, with and without explanations and options', () => {
  for (const options of [undefined, { explain: false }, { ties: 'dense' }]) {
    const bytes = payrollJsonBytes(example, null, options);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(Buffer.from(bytes).toString('utf8'), payrollJson(example, null, options));
  }
});

test('a document of several chunks comes out whole and in order, 1 MiB at most a chunk', () => {
  const batch = bigBatch(1500); // explained: about 14 MB, 14 chunks
  const whole = Buffer.from(payrollJsonBytes(batch));
  assert.ok(whole.length > 3 * MIB, `only ${whole.length} bytes`);
  const chunks = [...payrollJsonChunks(batch)];
  assert.equal(chunks.length, Math.ceil(whole.length / MIB));
  for (const chunk of chunks.slice(0, -1)) assert.equal(chunk.byteLength, MIB);
  assert.ok(concat(chunks).equals(whole));
  assert.equal(whole.toString('utf8'), payrollJson(batch));
});

test('a chunked document may be dropped part way (the generator frees it) and the next call still works', () => {
  const batch = bigBatch(1500);
  for (let round = 0; round < 3; round++) {
    for (const chunk of payrollJsonChunks(batch)) {
      assert.equal(chunk.byteLength, MIB);
      break; // the generator's finally frees the document in the module
    }
  }
  assert.equal(payrollJsonBytes(batch).byteLength, Buffer.byteLength(payrollJson(batch)));
});

test('problems are thrown by the call, as payrollJson throws them, before any chunk', () => {
  const bad = JSON.stringify({ month: '2012-03', agents: [{ id: 'A01', base_salary: '-1' }] });
  const expected = (() => {
    try {
      payrollJson(bad);
    } catch (error) {
      return error;
    }
    return null;
  })();
  assert.ok(expected instanceof KpiError);
  for (const call of [() => payrollJsonBytes(bad), () => payrollJsonChunks(bad)]) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof KpiError);
      assert.deepEqual(error.errors, expected.errors);
      return true;
    });
  }
  assert.throws(() => payrollJsonBytes(example, null, { tie: 'dense' }), (e) => e instanceof KpiError && e.codes[0] === 'invalid_option');
  assert.throws(() => payrollJsonChunks(42), (e) => e instanceof KpiError);
});
