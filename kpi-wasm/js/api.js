// The JavaScript face of the module, shared by the web and node entry points.
// It computes nothing: it checks argument types (so a wrong type is a KpiError, not a
// crash inside the bindings), turns JSON text into objects and errors into KpiError.

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

function problem(code, field, value, allowed) {
  return { code, agent: null, field, value, allowed, row: null, column: null, sheet: null };
}

/** The one place a thrown value becomes a KpiError. */
function toKpiError(thrown) {
  if (thrown instanceof KpiError) return thrown;
  if (thrown instanceof Error && thrown.name === 'KpiError' && Array.isArray(thrown.errors)) {
    const errors = thrown.errors.map((p) => Object.fromEntries(PROBLEM_KEYS.map((k) => [k, p[k] ?? null])));
    return new KpiError(thrown.message, thrown.stage, errors);
  }
  // Anything else is a bug of the module (a trap): still a KpiError, with the cause kept.
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return new KpiError(`internal error: ${text}`, 'batch',
    [problem('internal', '(module)', text, 'no internal error: please report it')], { cause: thrown });
}

function argumentError(field, value, allowed) {
  const shown = typeof value === 'string' ? value : typeof value;
  return new KpiError(`batch refused: 1 problem\nerror[invalid_value]: ${field} = ${shown}: allowed ${allowed}`,
    'batch', [problem('invalid_value', field, shown, allowed)]);
}

function expectText(name, value, optional = false) {
  if (optional && (value === undefined || value === null)) return undefined;
  if (typeof value !== 'string') throw argumentError(name, value, 'a string');
  return value;
}

function expectBytes(name, value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw argumentError(name, value, 'a Uint8Array or an ArrayBuffer');
}

function guarded(fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (thrown) {
      throw toKpiError(thrown);
    }
  };
}

function expectMonth(name, value) {
  if (typeof value !== 'string') throw argumentError(name, value, 'a month, YYYY-MM');
  return value;
}

/** A result document as JSON text: the text itself, or any object of a result's shape. */
function resultText(name, result) {
  if (typeof result === 'string') return result;
  if (result !== null && typeof result === 'object' && !Array.isArray(result)) return JSON.stringify(result);
  throw argumentError(name, result, 'a result document: JSON text, or the object payroll() returns');
}

/** Policy texts of a book as `[[name, text], ...]`: from an array of texts (named
 * `versions[i]`), an array of `[name, text]` pairs, or an object `{name: text}`. */
function bookTexts(texts) {
  let pairs;
  if (Array.isArray(texts)) {
    pairs = texts.map((item, i) => (Array.isArray(item) ? item : [`versions[${i}]`, item]));
  } else if (texts !== null && typeof texts === 'object') {
    pairs = Object.entries(texts);
  } else {
    throw argumentError('texts', texts, 'policy texts: an array of strings, or an object { name: text }');
  }
  pairs.forEach(([name, text], i) => {
    expectText(`texts[${i}].name`, name);
    expectText(typeof name === 'string' ? name : `texts[${i}]`, text);
  });
  return JSON.stringify(pairs);
}

/** Builds the API over the generated bindings (`raw`). */
export function makeApi(raw) {
  // The policy text each result of payroll() was computed under, so writeXlsx/writeCsv/
  // writeSlips need not be told again.
  const origins = new WeakMap();
  const remember = (result, policy) => {
    origins.set(result, { policy: policy ?? undefined });
    return result;
  };

  // A document given as text: a string, and valid Unicode (a lone surrogate is refused with
  // its line and column, as Python refuses it, never replaced by U+FFFD on the way in).
  const expectDocument = (name, value, stage, optional = false) => {
    const text = expectText(name, value, optional);
    if (text !== undefined) raw.checkText(text, stage);
    return text;
  };

  const payroll = guarded((batch, options) => {
    const result = JSON.parse(raw.payrollValue(batch, options));
    return remember(result, options?.policy);
  });

  // Any result document: JSON text, the object payroll() returned, or one read back from a
  // file. `options.policy` names the policy it was computed under (default: the one payroll()
  // used, else the bundled one); a result of another policy is refused.
  const written = (write, takesFormulas = false) => guarded((result, options) => {
    const text = resultText('result', result);
    const origin = typeof result === 'object' ? origins.get(result) : undefined;
    const passed = { lang: options?.lang, policy: options?.policy ?? origin?.policy };
    // writeXlsx's `formulas`: the batch the result was computed from, as batch JSON.
    const batch = takesFormulas ? options?.formulas : undefined;
    if (batch !== undefined && batch !== null && batch !== false) {
      passed.formulas = typeof batch === 'string' ? batch : raw.batchJson(batch);
    }
    return write(text, passed);
  });

  const compareJson = guarded((batchJson, policyA, policyB, options) =>
    raw.compareJson(expectDocument('batchJson', batchJson, 'batch'),
      expectDocument('policyA', policyA, 'policy', true), expectDocument('policyB', policyB, 'policy'), options));

  /** Policy versions, each with `effective_from`: a month's batch runs under the version in force. */
  class PolicyBook {
    #texts;

    /** `texts`: policy texts (TOML or JSON) as an array, or an object `{ fileName: text }`. */
    constructor(texts) {
      try {
        this.#texts = bookTexts(texts);
        this.versions = Object.freeze(JSON.parse(raw.bookVersions(this.#texts)));
      } catch (thrown) {
        throw toKpiError(thrown);
      }
    }

    /** The version in force in `month` (`YYYY-MM`), as validatePolicy() describes a policy. */
    forMonth(month) {
      try {
        return JSON.parse(raw.bookForMonth(this.#texts, expectMonth('month', month)));
      } catch (thrown) {
        throw toKpiError(thrown);
      }
    }

    /** Batch JSON in, result JSON out, under the version in force in the batch's month. */
    payrollJson(batchJson, options) {
      try {
        return raw.bookPayrollJson(this.#texts, expectDocument('batchJson', batchJson, 'batch'), options);
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

  return {
    payrollJson: guarded((batchJson, policyText, options) =>
      raw.payrollJson(expectDocument('batchJson', batchJson, 'batch'),
        expectDocument('policyText', policyText, 'policy', true), options)),
    payroll,
    bundledPolicy: guarded(() => JSON.parse(raw.bundledPolicy())),
    validatePolicy: guarded((text) => JSON.parse(raw.validatePolicy(expectDocument('text', text, 'policy')))),
    readSheet: guarded((bytes, fileName, options) =>
      JSON.parse(raw.readSheet(expectBytes('bytes', bytes), expectText('fileName', fileName), options))),
    template: guarded((format, options) => raw.template(expectText('format', format), options)),
    writeXlsx: written((text, options) => raw.writeXlsx(text, options), true),
    writeCsv: written((text, options) => raw.writeCsv(text, options)),
    writeSlips: written((text, options) => raw.writeSlips(text, options)),
    compareJson,
    compare: guarded((batch, policyA, policyB, options) =>
      JSON.parse(compareJson(raw.batchJson(batch), policyA, policyB, options))),
    diff: guarded((lastResult, thisResult) =>
      JSON.parse(raw.diffJson(resultText('lastResult', lastResult), resultText('thisResult', thisResult)))),
    PolicyBook,
    // Lint (docs/lint.md): the policy (text, or none for the bundled one), an optional batch
    // object, `{bounds: {input: max}}`; the lint document.
    lintPolicy: guarded((policyText, batch, options) =>
      JSON.parse(raw.lintPolicyJson(expectDocument('policyText', policyText, 'policy', true),
        batch === undefined || batch === null ? undefined : raw.batchJson(batch),
        JSON.stringify(Object.entries(options?.bounds ?? {}).map(([k, v]) => [k, String(v)]))))),
    hasSheets: () => raw.hasSheets(),
  };
}
