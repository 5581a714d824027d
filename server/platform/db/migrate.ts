import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Database } from './client.js';
import { MIGRATIONS_DIR } from '../paths.js';
export { MIGRATIONS_DIR };

const LOCK_KEY = 7_234_001; // one instance migrates at a time when several start together

/** Applies pending drizzle-kit migrations; the same files serve PGlite and PostgreSQL. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  // Advisory locks belong to one connection, so the lock and the migration share a dedicated client.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await migratePg(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** True when every migration file has been applied (used by /api/ready). */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const { readFile } = await import('node:fs/promises');
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  try {
    const r = await database.raw.query<{ n: string | number }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    return Number(r.rows[0]?.n ?? 0) >= journal.entries.length;
  } catch {
    return false;
  }
}
