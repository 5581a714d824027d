/**
 * CSV for spreadsheets (RFC 4180, CRLF line ends). Every cell that a spreadsheet would read as a
 * formula (starting with = + - @, or a tab or carriage return that some strip first) is prefixed
 * with an apostrophe, so an exported value can never run as a formula ("CSV injection").
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, with its CRLF. */
export const csvRow = (cells: readonly unknown[]) => cells.map(csvCell).join(',') + '\r\n';
