import type { Database } from '../../platform/db/client.js';

export type ThrottleResult = { allowed: true } | { allowed: false; retryAfter: number };

/**
 * Fixed-window attempt counters kept in the database: one atomic upsert per attempt, so a parallel
 * burst cannot slip past the limit and several instances share the count.
 */
export function createThrottle(database: Database, windowMinutes: number) {
  const windowSec = windowMinutes * 60;
  return {
    async hit(key: string, max: number): Promise<ThrottleResult> {
      const { rows } = await database.raw.query<{ count: number; retry: number }>(
        `INSERT INTO auth_attempts (key, count, window_start) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN auth_attempts.window_start < now() - make_interval(secs => $2) THEN 1 ELSE auth_attempts.count + 1 END,
           window_start = CASE WHEN auth_attempts.window_start < now() - make_interval(secs => $2) THEN now() ELSE auth_attempts.window_start END
         RETURNING count, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::int AS retry`,
        [key, windowSec],
      );
      const row = rows[0];
      if (!row || Number(row.count) <= max) return { allowed: true };
      return { allowed: false, retryAfter: Math.max(1, Number(row.retry)) };
    },
    async clear(key: string): Promise<void> {
      await database.raw.query('DELETE FROM auth_attempts WHERE key = $1', [key]);
    },
  };
}
export type Throttle = ReturnType<typeof createThrottle>;
