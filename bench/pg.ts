/** The bench database: where it is, whether PostgreSQL answers, and creating it when missing. */
import pg from 'pg';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/portico_bench';

const dbName = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));

/** The same server's maintenance database, to create or drop the bench database from. */
function adminUrl(url: string) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Null when PostgreSQL answers, else why not (the ticket benchmarks are then skipped). */
export async function unreachable(url = BENCH_DATABASE_URL): Promise<string | null> {
  const c = new pg.Client({ connectionString: adminUrl(url), connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Creates the database of `url` if it does not exist; `fresh` drops it first (the bench database only). */
export async function ensureDatabase(url = BENCH_DATABASE_URL, fresh = false): Promise<void> {
  const name = dbName(url);
  if (!name || name === 'postgres') throw new Error(`BENCH_DATABASE_URL must name a database of its own, not "${name}"`);
  const c = new pg.Client({ connectionString: adminUrl(url) });
  await c.connect();
  try {
    if (fresh) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await c.end();
  }
}
