/**
 * CSV in the browser, with the same rules as the server's exports (server/platform/csv.ts): RFC 4180
 * quoting, CRLF line ends, and a text cell that a spreadsheet would read as a formula (starting with
 * = + - @, or a tab or carriage return that some strip first) prefixed with an apostrophe ("CSV
 * injection"). Numbers are written as they are: a number is never a formula, and -3 must stay -3.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: a header line and one line per row, each ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',') + '\r\n').join('');
}

/**
 * Offers text as a file download. The byte-order mark lets spreadsheet programs read UTF-8 (names in
 * Cyrillic or with umlauts) correctly.
 */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
