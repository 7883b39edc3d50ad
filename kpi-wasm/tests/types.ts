// Compiled by `tsc --noEmit` (test.sh): the types describe what the functions return, and
// misuse does not compile. This is also the README's snippet.
import init, { payroll, payrollJson, payrollJsonBytes, payrollJsonChunks, bundledPolicy, compare, diff, writeXlsx, PolicyBook, KpiError, lintPolicy, type LintReport, type Batch, type Comparison, type Diff, type PayrollResult, type Problem } from '../index.js';

await init();
const batch: Batch = {
  month: '2012-03',
  teams: [{ group: 'after-sales', review_growth: '0.15' }],
  agents: [{ id: 'A01', name: '王芳', base_salary: '2000', roles: ['review_team'], quality: 18, execution: '17' }],
};
try {
  const result: PayrollResult = payroll(batch, { ties: 'dense' });
  const gross: string = result.results[0].slip.gross; // "3336.67": a decimal string, never a float
  const tier: string = result.results[0].tier;
  console.log(gross, tier, bundledPolicy().spec.tiers.length);
} catch (error) {
  if (error instanceof KpiError) {
    const first: Problem = error.errors[0];
    console.log(first.code, first.agent, first.field, first.row);
  }
}

// @ts-expect-error: an unknown tie rule does not type-check
payroll(batch, { ties: 'fair' });
// Explanations in one language, a compact document; a line's other language is absent.
const english: string | undefined = payroll(batch, { lang: 'en' }).results[0].explanation?.[0]?.en;
const compactJson: string = payrollJson(JSON.stringify(batch), null, { lang: 'zh', compact: true });
void english; void compactJson;
// @ts-expect-error: explanations are in both, zh or en
payroll(batch, { lang: 'fr' });
// @ts-expect-error: compact is a boolean
payrollJson('{}', null, { compact: 'yes' });
// @ts-expect-error: money is a string, not a number
const wrong: number = payroll(batch).results[0].slip.gross;
void wrong;

// Policies over time.
const proposed = bundledPolicy().toml.replace('top = "1000"', 'top = "1200"');
const whatIf: Comparison = compare(batch, null, proposed, { ties: 'shared' });
const cost: string = whatIf.overall.difference.payout.gross;
const book = new PolicyBook({ '2012-03.toml': proposed });
const inForce: string = book.forMonth('2012-04').version;
const months: Diff = diff(payroll(batch), book.payrollJson(JSON.stringify(batch)));
for (const agent of months.agents) {
  if (agent.status === 'both') console.log(agent.rules.map((r) => r.rule), agent.difference.gross);
}
const workbook: Uint8Array = writeXlsx(book.payroll(batch));
console.log(cost, inForce, book.versions[0].effective_from, workbook.length);
// @ts-expect-error: compare takes policy B
compare(batch, null);

// lintPolicy: the lint document, typed.
const advice: LintReport = lintPolicy(null, batch, { bounds: { praise_calls: 40 } });
const firstCode: string | undefined = advice.findings[0]?.code;
const exhaustive: boolean | undefined = advice.search.sweeps[0]?.exhaustive;
void firstCode; void exhaustive;
// @ts-expect-error: bounds are numbers or decimal strings
lintPolicy(null, null, { bounds: { praise_calls: true } });

// Past V8's string limit: the document as bytes, whole or in chunks.
const batchText = JSON.stringify(batch);
const bytes: Uint8Array = payrollJsonBytes(batchText, null, { explain: false });
let streamed = 0;
for (const chunk of payrollJsonChunks(batchText)) streamed += chunk.byteLength;
console.log(bytes.byteLength, streamed);
// @ts-expect-error: the batch is JSON text
payrollJsonBytes(batch);
