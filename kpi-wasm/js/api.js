// The JavaScript face of the module, shared by the web and node entry points.
// It computes, checks and words nothing: the bindings check every argument (a wrong type is
// a KpiError worded by the core, never a crash inside the bindings); this file turns JSON
// text into objects and thrown errors into the KpiError class.

// The core's `internal` error, written by build.sh from the bindings ("\u0000" stands for the
// failure): a trap can leave the module unable to answer, and before `init()` there is none.
import INTERNAL from '../pkg/internal.mjs';

/** Every problem the engine found, as `.errors` (the same fields as Rust and Python). */
export class KpiError extends Error {
  constructor(message, stage, errors, options) {
    super(message, options);
    this.name = 'KpiError';
    this.stage = stage;
    this.errors = errors;
  }

  /** The codes of the problems, in order. */
  get codes() {
    return this.errors.map((problem) => problem.code);
  }
}

const PROBLEM_KEYS = ['code', 'agent', 'field', 'value', 'allowed', 'row', 'column', 'sheet'];

/** An error the bindings threw (`{name: 'KpiError', message, stage, errors}`) as the class. */
function fromBindings(thrown, options) {
  const errors = thrown.errors.map((p) => Object.fromEntries(PROBLEM_KEYS.map((k) => [k, p[k] ?? null])));
  return new KpiError(thrown.message, thrown.stage, errors, options);
}

const INTERNAL_MARK = '\u0000';

const isKpiError = (thrown) => thrown instanceof Error && thrown.name === 'KpiError' && Array.isArray(thrown.errors);

/** Builds the API over the generated bindings (`raw`). */
export function makeApi(raw) {
  /** The one place a thrown value becomes a KpiError. */
  const toKpiError = (thrown) => {
    if (thrown instanceof KpiError) return thrown;
    if (isKpiError(thrown)) return fromBindings(thrown);
    // Anything else is a bug of the module (a trap): the core's `internal` error, with the
    // cause kept.
    const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    const fill = (words) => words.replaceAll(INTERNAL_MARK, text);
    const internal = { ...INTERNAL, message: fill(INTERNAL.message), errors: INTERNAL.errors.map((p) => ({ ...p, value: fill(p.value) })) };
    return fromBindings(internal, { cause: thrown });
  };

  const guarded = (fn) => (...args) => {
    try {
      return fn(...args);
    } catch (thrown) {
      throw toKpiError(thrown);
    }
  };

  // The policy text each result of payroll() was computed under, so writeXlsx/writeCsv/
  // writeSlips need not be told again.
  const origins = new WeakMap();
  const remember = (result, policy) => {
    origins.set(result, { policy: policy ?? undefined });
    return result;
  };

  const payroll = guarded((batch, options) => {
    const result = JSON.parse(raw.payrollValue(batch, options));
    return remember(result, options?.policy);
  });

  // Any result document: JSON text, the object payroll() returned, or one read back from a
  // file. `options.policy` names the policy it was computed under (default: the one payroll()
  // used, else the bundled one); a result of another policy is refused.
  const written = (write) => guarded((result, options) => {
    const origin = result !== null && typeof result === 'object' ? origins.get(result) : undefined;
    const policy = options?.policy ?? origin?.policy;
    const plain = options === undefined || options === null || typeof options === 'object';
    return write(result, policy === undefined || !plain ? options : { ...options, policy });
  });

  const compareJson = guarded((batchJson, policyA, policyB, options) =>
    raw.compareJson(batchJson, policyA, policyB, options));

  /** Policy versions, each with `effective_from`: a month's batch runs under the version in force. */
  class PolicyBook {
    #texts;

    /** `texts`: policy texts (TOML or JSON) as an array, or an object `{ fileName: text }`. */
    constructor(texts) {
      try {
        this.#texts = raw.bookTexts(texts);
        this.versions = Object.freeze(JSON.parse(raw.bookVersions(this.#texts)));
      } catch (thrown) {
        throw toKpiError(thrown);
      }
    }

    /** The version in force in `month` (`YYYY-MM`), as validatePolicy() describes a policy. */
    forMonth(month) {
      try {
        return JSON.parse(raw.bookForMonth(this.#texts, month));
      } catch (thrown) {
        throw toKpiError(thrown);
      }
    }

    /** Batch JSON in, result JSON out, under the version in force in the batch's month. */
    payrollJson(batchJson, options) {
      try {
        return raw.bookPayrollJson(this.#texts, batchJson, options);
      } catch (thrown) {
        throw toKpiError(thrown);
      }
    }

    /** The payroll of a batch object under the version in force, as typed objects. */
    payroll(batch, options) {
      try {
        const result = JSON.parse(raw.bookPayrollJson(this.#texts, raw.batchJson(batch), options));
        return remember(result, this.forMonth(result.month).toml);
      } catch (thrown) {
        throw toKpiError(thrown);
      }
    }
  }

  // Past V8's string limit (src/big.rs): the document as UTF-8 bytes, whole or in chunks.
  const wholeOf = (document) => {
    try {
      return document.rest();
    } finally {
      document.free();
    }
  };

  function* chunksOf(document) {
    try {
      for (let chunk = document.nextChunk(); chunk !== undefined; chunk = document.nextChunk()) yield chunk;
    } finally {
      document.free();
    }
  }

  return {
    payrollJson: guarded((batchJson, policyText, options) => raw.payrollJson(batchJson, policyText, options)),
    payrollJsonBytes: guarded((batchJson, policyText, options) => wholeOf(raw.payrollJsonDocument(batchJson, policyText, options))),
    payrollJsonChunks: guarded((batchJson, policyText, options) =>
      chunksOf(raw.payrollJsonDocument(batchJson, policyText, options))),
    payroll,
    bundledPolicy: guarded(() => JSON.parse(raw.bundledPolicy())),
    validatePolicy: guarded((text) => JSON.parse(raw.validatePolicy(text))),
    readSheet: guarded((bytes, fileName, options) => JSON.parse(raw.readSheet(bytes, fileName, options))),
    template: guarded((format, options) => raw.template(format, options)),
    writeXlsx: written((text, options) => raw.writeResult(text, options, 'xlsx')),
    writeCsv: written((text, options) => raw.writeResult(text, options, 'csv')),
    writeSlips: written((text, options) => raw.writeResult(text, options, 'slips')),
    compareJson,
    compare: guarded((batch, policyA, policyB, options) =>
      JSON.parse(compareJson(raw.batchJson(batch), policyA, policyB, options))),
    diff: guarded((lastResult, thisResult) => JSON.parse(raw.diffJson(lastResult, thisResult))),
    PolicyBook,
    // Lint (docs/lint.md): the policy (text, or none for the bundled one), an optional batch
    // object, `{bounds: {input: max}}`; the lint document.
    lintPolicy: guarded((policyText, batch, options) =>
      JSON.parse(raw.lintPolicyJson(policyText, batch,
        JSON.stringify(Object.entries(options?.bounds ?? {}).map(([k, v]) => [k, String(v)]))))),
    hasSheets: () => raw.hasSheets(),
  };
}
