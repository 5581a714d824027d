import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Query parameters of every list: an opaque cursor and a page size. */
export const PageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A keyset cursor: the sort key and id of the last row seen, base64url-encoded JSON. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // Every list pages by a uuid id: anything else would reach the database and fail there (500).
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && UUID.test(v[1])) return { key: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this server issued' }]);
}

/** The timestamp key of a cursor, or 400 naming the cursor (never a database error). */
export function cursorTime(after: { key: string }): Date {
  const at = new Date(after.key);
  if (Number.isNaN(at.getTime())) throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this server issued' }]);
  return at;
}

/** Wraps a page of rows fetched with limit+1 into { items, nextCursor }. */
export function page<T>(rows: T[], limit: number, cursorOf: (row: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}
