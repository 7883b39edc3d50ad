// Types of the kpi-wasm API. Money and points are decimal strings ("4686.67", "16.5"):
// never JS numbers, so nothing is ever rounded by a binary float.

/** A decimal written in plain notation: `"15.5"`, `"-200.00"`. */
export type Decimal = string;

/** A value a batch accepts where a number belongs. A JS number is read by its shortest
 * round-trip decimal text (0.1 → 0.1); NaN and infinities are refused. Objects with a
 * `toJSON()` (decimal.js, big.js) are read through it. */
export type DecimalInput = Decimal | number | bigint | { toJSON(): string };

/** Tie rules of the ranking ladder. */
export type TieRule = 'competition' | 'dense' | 'shared';

/** A language of labels, templates, slips and workbooks. */
export type Lang = 'zh' | 'en';

/** The languages of a run's explanation text: both (the default), or only one; a line
 * leaves out the key of a language not asked for. */
export type ExplainLang = 'both' | 'zh' | 'en';

/** A bilingual label. */
export interface Label {
  zh: string;
  en: string;
}

// ------------------------------------------------------------------------------ input

/** One agent-month. `id` and `base_salary` are required; any other key must be an input
 * the policy declares (the bundled policy's are listed). */
export interface AgentMonth {
  id: string;
  base_salary: DecimalInput;
  name?: string;
  group?: string;
  roles?: string[];
  quality?: DecimalInput;
  execution?: DecimalInput;
  typing_speed?: DecimalInput;
  absences?: DecimalInput;
  leave_days?: DecimalInput;
  customer_complaints?: DecimalInput;
  after_sales_complaints?: DecimalInput[];
  browsing_violations?: DecimalInput;
  missed_topups?: DecimalInput;
  praise_calls?: DecimalInput;
  review_mentions?: DecimalInput;
  outstanding_award?: DecimalInput;
  [input: string]: DecimalInput | DecimalInput[] | string[] | null | undefined;
}

/** A group's team inputs. */
export interface TeamRecord {
  group: string;
  review_growth?: DecimalInput;
  [input: string]: DecimalInput | null | undefined;
}

/** A month's batch (contract.md). */
export interface Batch {
  month: string;
  teams?: TeamRecord[];
  agents: AgentMonth[];
}

// ------------------------------------------------------------------------------ options

/** Size limits of a run (docs/decisions.md); each replaces its default. */
export interface Limits {
  /** Most agent-months in one batch (default 10,000,000). */
  max_agents?: number;
  /** Longest id, name or group, in characters (default 200). */
  max_text_len?: number;
  /** Most entries of a list input or a roles list (default 1,000). */
  max_list_len?: number;
  /** Most agent-months of one run with explanations (default 100,000; some 20 KB each). */
  max_explained_agents?: number;
}

export interface RunOptions {
  /** Tie rule; default: the policy's. */
  ties?: TieRule | null;
  /** Explanation lines in each result; default true. */
  explain?: boolean;
  /** The languages of the explanation text (`zh` and `en` of each line); default both. */
  lang?: ExplainLang | null;
  /** The result document without whitespace between tokens (`payrollJson`,
   * `PolicyBook.payrollJson`); default false, indented. */
  compact?: boolean;
  /** Size limits; default: the documented ones. */
  limits?: Limits;
}

export interface PayrollOptions extends RunOptions {
  /** A policy's text (TOML or JSON); default: the bundled policy. */
  policy?: string | null;
}

export interface SheetOptions {
  /** A policy's text (TOML or JSON); default: the bundled policy. */
  policy?: string | null;
  /** The month, `YYYY-MM`; default: from the file name (`2012-04.csv`) or the sheet. */
  month?: string | null;
  /** Team values, `{ group: value }` of the policy's one team input. */
  teams?: Record<string, string | number>;
  /** A CSV's encoding label (`gb18030`, `utf-8`, …); default: detected. */
  encoding?: string | null;
}

export interface TemplateOptions {
  policy?: string | null;
  lang?: Lang;
}

export interface WriteOptions {
  /** Language of the slips and workbook headers. */
  lang?: Lang;
  /** The text of the policy the result was computed under; default: the one `payroll()`
   * used for that object, else the bundled policy. A result of another policy is refused. */
  policy?: string | null;
  /** `writeXlsx` only: the batch the result was computed from (batch JSON text or a batch
   * object), for the workbook that computes (`kpi payroll --formulas`): every points column,
   * rank and slip line a formula over the inputs and a policy sheet of named numbers. */
  formulas?: string | Batch | null;
}

export interface CompareOptions {
  /** Tie rule under both policies; default: each policy's. */
  ties?: TieRule | null;
}

export interface BookOptions extends RunOptions {}

// ------------------------------------------------------------------------------ result

/** Points by category id, then `adjustments` and `total` (the bundled policy's keys). */
export interface Points {
  quality: Decimal;
  execution: Decimal;
  complaints: Decimal;
  attendance: Decimal;
  typing: Decimal;
  adjustments: Decimal;
  total: Decimal;
  [category: string]: Decimal;
}

/** Pay-slip lines by id, then `gross` (the bundled policy's keys). `hourly_rate` and
 * `unrecovered_fines` are shown, not added. */
export interface Slip {
  base_pay: Decimal;
  hourly_rate: Decimal;
  full_attendance: Decimal;
  attendance: Decimal;
  meal: Decimal;
  performance_bonus: Decimal;
  ranking_bonus: Decimal;
  review_team_share: Decimal;
  fines: Decimal;
  unrecovered_fines: Decimal;
  gross: Decimal;
  [line: string]: Decimal;
}

export interface NextTier {
  tier: string;
  points_needed: Decimal;
  bonus_gain: Decimal;
  /** Up to three ways to get there with the policy's positive events, fewest events first:
   * each `{ adjustment id: events }`. Present only with explanations (`explain: true`). */
  ways?: Array<Record<string, number>>;
}

/** One rule that fired: its clause, what it read, the formula and the result. */
export interface Explanation {
  rule: string;
  clause: string;
  inputs: Record<string, string>;
  formula: string;
  result: string;
  /** The line in Chinese; left out when the run's `lang` is `en`. */
  zh?: string;
  /** The line in English; left out when the run's `lang` is `zh`. */
  en?: string;
}

export interface AgentResult {
  id: string;
  name: string;
  group: string;
  rank: number;
  points: Points;
  /** Tier id (`bottom` … `top`); labels live in the policy. */
  tier: string;
  below_floor: boolean;
  next_tier: NextTier | null;
  perks?: string[];
  slip: Slip;
  /** Present unless `explain: false`. */
  explanation?: Explanation[];
}

export interface Warning {
  code: string;
  group?: string;
  en: string;
  zh: string;
}

export interface GroupSummary {
  group: string;
  agents: number;
  /** Head count by tier id, highest tier first; tiers with nobody left out. */
  by_tier: Record<string, number>;
  /** Each paid slip line summed over the group, `gross` included. */
  payout: Record<string, Decimal>;
  /** The shown-only amounts (`unrecovered_fines`, any `paid = false` line) summed apart. */
  shown: Record<string, Decimal>;
  warnings: Warning[];
}

export interface PayrollResult {
  /** `effective_from` (`YYYY-MM`): the month a policy book's version took effect, for a
   * policy that declares one. */
  policy: { id: string; version: string; name: string; name_zh: string; effective_from?: string };
  month: string;
  ties: TieRule;
  /** Slip lines shown but not added to gross: gross is the sum of the other lines. */
  shown_only: string[];
  /** By group, rank, id. */
  results: AgentResult[];
  /** By group. */
  groups: GroupSummary[];
  warnings: Warning[];
}

// ------------------------------------------------------------------------------ over time

/** One side of a comparison for one agent (`null`: the agent is not in that side's result). */
export interface ComparedAgentSide {
  rank: number;
  tier: string;
  points: Record<string, Decimal>;
  slip: Record<string, Decimal>;
}

export interface ComparedAgent {
  id: string;
  name: string;
  group: string;
  a: ComparedAgentSide | null;
  b: ComparedAgentSide | null;
  /** B − A: the total's points and every slip line (lines of one policy only count as 0 in the other). */
  difference: { total: Decimal; slip: Record<string, Decimal> };
}

/** Head count by tier, the paid lines' sums (and gross) in `payout`, the shown-only amounts
 * apart in `shown` (rates in neither), as the result document sums them. */
export interface ComparedTotals {
  by_tier: Record<string, number>;
  payout: Record<string, Decimal>;
  shown: Record<string, Decimal>;
}

/** The what-if document: one batch under policy A and policy B (`kpi compare --format json`). */
export interface Comparison {
  policies: { a: { id: string; version: string; name: string }; b: { id: string; version: string; name: string } };
  month: string;
  /** By group, then id. */
  agents: ComparedAgent[];
  groups: { group: string; a: ComparedTotals & { agents: number }; b: ComparedTotals & { agents: number }; difference: { payout: Record<string, Decimal>; shown: Record<string, Decimal> } }[];
  overall: { a: ComparedTotals; b: ComparedTotals; difference: { payout: Record<string, Decimal>; shown: Record<string, Decimal> } };
}

export interface DiffSummary {
  group: string;
  rank: number;
  tier: string;
  total: Decimal | null;
  gross: Decimal | null;
}

/** An explanation line whose result moved, or that fired in one month only (`null` there). */
export interface ChangedRule {
  rule: string;
  clause: string;
  last: string | null;
  this: string | null;
  en: string;
  zh: string;
}

export type DiffAgent =
  | { id: string; name: string; status: 'both'; last: DiffSummary; this: DiffSummary;
      difference: { total: Decimal; gross: Decimal; rank: number; tier_changed: boolean }; rules: ChangedRule[] }
  | { id: string; name: string; status: 'joined'; this: DiffSummary }
  | { id: string; name: string; status: 'left'; last: DiffSummary };

/** Month over month (`kpi diff --format json`): per agent (by id), what changed and which rules caused it. */
export interface Diff {
  last: { month: string; policy: { id: string; version: string } };
  this: { month: string; policy: { id: string; version: string } };
  policy_changed: boolean;
  agents: DiffAgent[];
}

/** A version of a policy book. */
export interface BookVersion {
  effective_from: string;
  id: string;
  version: string;
  name: Label;
}

/** Policy versions, each with `effective_from` (YYYY-MM): a month's batch runs under the
 * version in force then (the latest that took effect by that month). */
export class PolicyBook {
  /** Policy texts (TOML or JSON): an array, or `{ fileName: text }` (names appear in errors). */
  constructor(texts: string[] | [string, string][] | Record<string, string>);
  /** Earliest first. */
  readonly versions: readonly BookVersion[];
  /** The version in force in `month`; `no_policy_in_force` before the first. */
  forMonth(month: string): PolicyInfo;
  /** Batch JSON in, result JSON out, under the version in force in the batch's month. */
  payrollJson(batchJson: string, options?: BookOptions): string;
  /** The payroll of a batch object under the version in force. */
  payroll(batch: Batch, options?: BookOptions): PayrollResult;
}

// ------------------------------------------------------------------------------ policy

export interface InputDecl {
  id: string;
  kind: 'decimal' | 'count' | 'list';
  min?: Decimal;
  max?: Decimal;
  step?: Decimal;
  unit: Label;
  label: Label;
  clause: string;
}

export interface Band {
  from: Decimal;
  points: Decimal;
  per_unit?: Decimal;
}

export type Score =
  | { from: 'input'; input: string }
  | { from: 'events' }
  | { from: 'bands'; input: string; bands: Band[] };

export interface Category {
  id: string;
  clause: string;
  /** Full marks of the category. */
  max: Decimal;
  score: Score;
  label: Label;
}

export interface Tier {
  id: string;
  clause: string;
  /** Absent: not reachable until one is set. */
  threshold?: Decimal;
  bonus: Decimal;
  perks?: string[];
  label: Label;
}

export interface SlipLine {
  id: string;
  clause: string;
  kind: string;
  label: Label;
  paid?: boolean;
  [parameter: string]: unknown;
}

/** The policy model as `Policy::to_json` writes it (decimals as strings). */
export interface PolicySpec {
  id: string;
  version: string;
  name: Label;
  note: Label;
  default_group: string;
  attendance: { clause: string; working_days: Decimal; days_off: string[] };
  roles: { id: string; clause: string; label: Label }[];
  inputs: InputDecl[];
  team_inputs: InputDecl[];
  categories: Category[];
  adjustments: { id: string; clause: string; input: string; points: Decimal; target: string; label: Label; [key: string]: unknown }[];
  team_rules: { id: string; clause: string; input: string; label: Label; [key: string]: unknown }[];
  tiers: Tier[];
  ladder: { clause: string; top: Decimal; step: Decimal; floor: Decimal; low_score_cutoff?: Decimal; ties: TieRule; label: Label };
  slip: SlipLine[];
  rounding: { unit: Decimal; strategy: string };
  /** The month this version takes effect (`YYYY-MM`), for a version of a policy book. */
  effective_from?: string;
  /** What explanations cite: the currency's unit, the clauses and labels of the total and
   * gross lines (left out: no clause and no unit on those lines). */
  explain?: PolicyExplain;
}

/** The words explanations take from the policy. */
export interface PolicyExplain {
  currency?: Label;
  total?: { clause: string; label: Label };
  gross?: { clause: string; label: Label };
  below_floor_clause?: string;
  [key: string]: unknown;
}

/** A validated policy, in both file forms and as the model. */
export interface PolicyInfo {
  id: string;
  version: string;
  name: Label;
  toml: string;
  json: string;
  spec: PolicySpec;
}

// ------------------------------------------------------------------------------ errors

/** One problem: the same fields as Rust's `Problem` and Python's `KpiError.errors`. */
export interface Problem {
  code: string;
  agent: string | null;
  field: string;
  value: string;
  allowed: string;
  /** Policy file: line; sheet: row as the spreadsheet numbers it. */
  row: number | null;
  /** Policy file or document text: column number; sheet: column letter and header
   * (`C quality`); DataFrame (Python): the column's name. */
  column: number | string | null;
  sheet: string | null;
}

/** Every problem found, at once. Every function throws only this. */
export class KpiError extends Error {
  readonly name: 'KpiError';
  readonly stage: 'batch' | 'policy';
  readonly errors: Problem[];
  /** The codes of the problems, in order. */
  readonly codes: string[];
}

// ------------------------------------------------------------------------------ functions

/** Browser: loads the .wasm (default: beside the bindings). Node: nothing to wait for. */
export default function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Batch JSON in, result JSON out: byte-identical to `kpi payroll --format json`. */
export function payrollJson(batchJson: string, policyText?: string | null, options?: RunOptions): string;

/**
 * `payrollJson`'s document as UTF-8 bytes, for documents longer than a JS string holds
 * (2^29 − 24 units: a million agents without explanations is some 890 MB). The batch is
 * still JSON text.
 */
export function payrollJsonBytes(batchJson: string, policyText?: string | null, options?: RunOptions): Uint8Array;

/**
 * The same bytes in chunks of at most 1 MiB (for a stream: JavaScript never holds the
 * document whole). Every problem is thrown by the call itself, before the first chunk.
 */
export function payrollJsonChunks(batchJson: string, policyText?: string | null, options?: RunOptions): Generator<Uint8Array, void, undefined>;

/** The payroll of a batch object, as typed objects. */
export function payroll(batch: Batch, options?: PayrollOptions): PayrollResult;

/** The bundled March 2012 policy. */
export function bundledPolicy(): PolicyInfo;

/** Parses and validates a policy file's text (TOML or JSON). */
export function validatePolicy(text: string): PolicyInfo;

/** Reads a CSV or XLSX sheet into a batch, refusing bad cells with their row and column. */
export function readSheet(bytes: Uint8Array | ArrayBuffer, fileName: string, options?: SheetOptions): Batch;

/** The input template as a CSV or XLSX file. */
export function template(format: 'csv' | 'xlsx', options?: TemplateOptions): Uint8Array;

/** A result document (the object `payroll()` returns, or its JSON text) as an XLSX workbook. */
export function writeXlsx(result: PayrollResult | string, options?: WriteOptions): Uint8Array;

/** A result document as CSV (UTF-8). */
export function writeCsv(result: PayrollResult | string, options?: WriteOptions): Uint8Array;

/** A result document as printable pay slips, one HTML page. */
export function writeSlips(result: PayrollResult | string, options?: WriteOptions): Uint8Array;

/** What-if: a batch under policy A (`null`/`undefined`: the bundled one) and policy B. */
export function compare(batch: Batch, policyA: string | null | undefined, policyB: string, options?: CompareOptions): Comparison;

/** The same from batch JSON: the comparison document's text, byte-identical to `kpi compare --format json`. */
export function compareJson(batchJson: string, policyA: string | null | undefined, policyB: string, options?: CompareOptions): string;

/** One finding of the lint (docs/lint.md): a stable code, the rule, clause and key path, the words. */
export interface LintFinding {
  code: string;
  rule: string;
  clause: string;
  path: string;
  en: string;
  zh: string;
  /** Batch findings: the agents concerned. */
  agents?: string[];
  /** A batch document that shows it; for a cliff, `b` (more points) is paid less than `a`. */
  counterexample?: { agents: string[]; gross: string[]; totals: string[]; batch: Batch };
}

/** The lint document (`kpi lint --format json`). */
export interface LintReport {
  policy: { id: string; version: string };
  findings: LintFinding[];
  search: {
    probes: number;
    seeds: number;
    highest_total: string;
    bounds: { input: string; min: string; max: string; source: string }[];
    sweeps: { input: string; values: number; exhaustive: boolean }[];
  };
}

/** Advice on a policy (text; `null`/`undefined`: the bundled one), with a batch when given. */
export function lintPolicy(policyText?: string | null, batch?: Batch | null, options?: { bounds?: Record<string, string | number> }): LintReport;

/** Month over month: two result documents (objects or JSON text), last month's first. */
export function diff(lastResult: PayrollResult | string, thisResult: PayrollResult | string): Diff;

/** Whether this build reads and writes spreadsheets. */
export function hasSheets(): boolean;
