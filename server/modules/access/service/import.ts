import type { z } from 'zod';
import { AccessEventInput, type ImportResult } from '../../../../contracts/access.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type Ctx } from '../../../platform/context.js';
import { ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { managesAccess } from '../internal.js';
import { ingestEvents } from './events.js';

/** Parses CSV (RFC 4180: quoted cells, "" inside quotes, CRLF or LF) into rows with their line numbers. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const s = text.replace(/^\uFEFF/, '');
  // Spreadsheets in much of Europe write ';' between cells: decided by the header line.
  const first = s.slice(0, s.indexOf('\n') === -1 ? s.length : s.indexOf('\n'));
  const sep = first.includes(';') && !first.includes(',') ? ';' : ',';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) (cells.push(cell), (cell = ''));
    else if (ch === '\r') continue;
    else if (ch === '\n') {
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) (cells.push(cell), rows.push({ line: rowLine, cells }));
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/** Header names the import understands (snake_case or camelCase, any case). */
const COLUMNS: Record<string, keyof z.input<typeof AccessEventInput>> = {
  event_id: 'eventId',
  eventid: 'eventId',
  badge_id: 'badgeId',
  badgeid: 'badgeId',
  badge: 'badgeId',
  person: 'person',
  location_id: 'locationId',
  locationid: 'locationId',
  reader: 'reader',
  direction: 'direction',
  occurred_at: 'occurredAt',
  occurredat: 'occurredAt',
  time: 'occurredAt',
  result: 'result',
};
export const MAX_IMPORT_ROWS = 50_000;

/**
 * CSV import of access events (provider staff, `access.manage`): the good rows are stored (matched,
 * flagged and de-duplicated exactly like the API's), the bad ones reported by line with the reason.
 * Every row is atomic: it is stored whole or not at all, and one bad row never stops the others.
 */
export async function importEventsCsv(ctx: Ctx, text: string): Promise<z.infer<typeof ImportResult>> {
  requirePermission(ctx, 'access.manage');
  if (!managesAccess(ctx)) throw new ForbiddenError();
  const rows = parseCsv(text);
  const head = rows.shift();
  if (!head) throw new ValidationError([{ path: 'file', message: 'the file is empty; the first line must name the columns' }]);
  const keys = head.cells.map((c) => COLUMNS[c.trim().toLowerCase().replace(/[\s-]/g, '_')] ?? null);
  const missing = (['eventId', 'locationId', 'direction', 'occurredAt', 'result'] as const).filter((k) => !keys.includes(k));
  if (missing.length) throw new ValidationError([{ path: 'file', message: `line ${head.line}: missing column(s) ${missing.join(', ')}` }]);
  if (rows.length > MAX_IMPORT_ROWS) throw new ValidationError([{ path: 'file', message: `at most ${MAX_IMPORT_ROWS} rows per file` }]);
  const good: { line: number; event: AccessEventInput }[] = [];
  const errors: { line: number; message: string }[] = [];
  for (const r of rows) {
    const obj: Record<string, string> = {};
    keys.forEach((k, i) => {
      const v = (r.cells[i] ?? '').trim();
      if (k && v !== '') obj[k] = k === 'direction' || k === 'result' ? v.toLowerCase() : v;
    });
    const parsed = AccessEventInput.safeParse(obj);
    if (parsed.success) good.push({ line: r.line, event: parsed.data });
    else errors.push({ line: r.line, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
  }
  let imported = 0;
  let duplicates = 0;
  let flagged = 0;
  if (good.length) {
    // One transaction for the good rows (set-based, like the API); each row is one INSERT row, so a
    // row is never half-written, and the bad rows were left out before it began.
    for (let i = 0; i < good.length; i += 1000) {
      const chunk = good.slice(i, i + 1000);
      const res = await withTx(ctx, (tx) => ingestEvents(tx, chunk.map((g) => g.event), 'csv'));
      imported += res.stored;
      duplicates += res.duplicates;
      flagged += res.flagged;
    }
  }
  await audit(ctx.db, auditSource(ctx), { orgId: null, action: 'access.events_imported', targetType: 'access_event', after: { imported, duplicates, flagged, rejected: errors.length } });
  return { imported, duplicates, flagged, errors: errors.slice(0, 1000) };
}
