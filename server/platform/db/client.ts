import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQLWrapper } from 'drizzle-orm';
import { schema } from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** Plain SQL access for the few places that need it (pg-boss, LISTEN/NOTIFY, readiness). */
export type RawSql = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs parameterless, possibly multi-statement SQL; returns the last statement's rows. */
  exec<T = Record<string, unknown>>(text: string): Promise<{ rows: T[] }>;
};

export type Database = {
  kind: 'pglite' | 'postgres';
  /** The PostgreSQL URL (postgres only), for dedicated connections such as the migration lock. */
  url?: string;
  db: Db;
  raw: RawSql;
  /** Subscribe to a NOTIFY channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | null }; // null: in memory (tests)

/** Opens PGlite (embedded, default) or a node-postgres pool when a DATABASE_URL is given. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.kind === 'postgres') return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.dataDir);
}

/**
 * Search's typo tolerance (modules/search/sql.ts, pg_trgm's `<%`): a word typed with one letter wrong
 * or missing ("kühlng" for "Kühlungsgrenzen" is 0.57) must still find its title; pg_trgm's default of
 * 0.6 misses many such typos. Set per connection, so the GIN trigram indexes still serve the operator.
 */
const WORD_SIMILARITY_THRESHOLD = 0.5;

async function openPglite(dataDir: string | null): Promise<Database> {
  // Search (issue 5): trigram similarity for typos, btree_gin for indexes that start with org_id.
  const extensions = { pg_trgm, btree_gin };
  let client: PGlite;
  if (dataDir) {
    const dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir, { extensions });
  } else {
    client = await PGlite.create({ extensions });
  }
  await client.exec(`SET pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    raw: {
      query: async <T>(text: string, params?: unknown[]) => {
        const r = await client.query<T>(text, params as never[]);
        return { rows: r.rows };
      },
      exec: async <T>(text: string) => {
        const results = await client.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as T[] };
      },
    },
    listen: async (channel, onPayload) => {
      const unsub = await client.listen(channel, onPayload);
      return async () => unsub();
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000, options: `-c pg_trgm.word_similarity_threshold=${WORD_SIMILARITY_THRESHOLD}` });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing
  const probe = await pool.connect(); // fails fast when the server cannot be reached
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners: pg.PoolClient[] = [];
  return {
    kind: 'postgres',
    url,
    db,
    raw: {
      query: async <T>(text: string, params?: unknown[]) => {
        const r = await pool.query(text, params);
        return { rows: r.rows as T[] };
      },
      exec: async <T>(text: string) => {
        const r = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
        const last = Array.isArray(r) ? r.at(-1) : r;
        return { rows: (last?.rows ?? []) as T[] };
      },
    },
    listen: async (channel, onPayload) => {
      const client = await pool.connect();
      listeners.push(client);
      client.on('notification', (msg) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      });
      await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      return async () => {
        await client.query(`UNLISTEN "${channel.replace(/"/g, '')}"`).catch(() => {});
        client.release();
        listeners.splice(listeners.indexOf(client), 1);
      };
    },
    close: async () => {
      for (const c of listeners.splice(0)) c.release();
      await pool.end();
    },
  };
}

/** The rows of a `db.execute(sql…)` result, the same on PGlite and node-postgres. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Runs other writes as parts of the next statement (data-modifying CTEs: `WITH w0 AS (INSERT …), w1 AS
 * (INSERT …) INSERT …`), so a hot path that writes several tables pays one round trip instead of one per
 * table. PostgreSQL runs all parts, checks foreign keys at the end of the statement (a part may refer to
 * the row the main statement inserts) and commits them together. Usage:
 * `await writingAlso(tx, [auditInsert(…), outboxInsert(…)]).insert(tickets).values(row).returning()`.
 */
export function writingAlso(tx: DbOrTx, parts: SQLWrapper[]) {
  return tx.with(...parts.map((part, i) => tx.$with(`also_${i}`, {}).as(part.getSQL())));
}
