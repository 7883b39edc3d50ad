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

/** Builds the API over the generated bindings (`raw`). */
export function makeApi(raw) {
  // What produced each result, so writeXlsx/writeCsv can write exactly that payroll.
  const origins = new WeakMap();

  const payroll = guarded((batch, options) => {
    const batchJson = raw.batchJson(batch);
    const result = JSON.parse(raw.payrollJson(batchJson, undefined, options));
    origins.set(result, { batchJson, ties: options?.ties, policy: options?.policy });
    return result;
  });

  // Takes the result itself (not the batch again), so what is written is what was shown.
  const written = (write) => guarded((result, options) => {
    const origin = result !== null && typeof result === 'object' ? origins.get(result) : undefined;
    if (!origin) throw argumentError('result', result, 'a result returned by payroll() of this module');
    return write(origin.batchJson, { ties: origin.ties, policy: origin.policy, lang: options?.lang });
  });

  return {
    payrollJson: guarded((batchJson, policyText, options) =>
      raw.payrollJson(expectText('batchJson', batchJson), expectText('policyText', policyText, true), options)),
    payroll,
    bundledPolicy: guarded(() => JSON.parse(raw.bundledPolicy())),
    validatePolicy: guarded((text) => JSON.parse(raw.validatePolicy(expectText('text', text)))),
    readSheet: guarded((bytes, fileName, options) =>
      JSON.parse(raw.readSheet(expectBytes('bytes', bytes), expectText('fileName', fileName), options))),
    template: guarded((format, options) => raw.template(expectText('format', format), options)),
    writeXlsx: written((batchJson, options) => raw.writeXlsx(batchJson, options)),
    writeCsv: written((batchJson, options) => raw.writeCsv(batchJson, options)),
    writeSlips: written((batchJson, options) => raw.writeSlips(batchJson, options)),
    hasSheets: () => raw.hasSheets(),
  };
}
