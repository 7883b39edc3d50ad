// What a spreadsheet can hold, checked before a workbook is written: a month that would not
// fit is refused at once with its figures, instead of failing after minutes of work.

/** Rows of an Excel sheet (XLSX), header included. */
export const XLSX_ROWS = 1048576;

/** Rows the longest sheet of a result's workbook needs: one an agent (payroll sheet) or one
 * an explanation line (explanations sheet), under a header. */
export function xlsxRows(result) {
  let lines = 0;
  for (const r of result.results) lines += r.explanation?.length ?? 0;
  return Math.max(result.results.length, lines) + 1;
}
