import PgBoss from 'pg-boss';
import type { Database } from './db/client.js';

/** Queues a job for a worker (QueuedJob). A job with the same id is only ever queued once. */
export type JobSender = { send(name: string, data: Record<string, unknown>, opts: { id: string; singletonKey: string }): Promise<string | null> };
export type JobHandler = (jobs: JobSender) => Promise<void>;
export type ScheduledJob = { name: string; cron: string; handler: JobHandler };
/** A job that runs when queued (e.g. one per organisation and month, fanned out by a scheduled job). */
export type QueuedJob = { name: string; work: (data: Record<string, unknown>) => Promise<void> };

/**
 * pg-boss on the same database: on PostgreSQL through its own pool, on PGlite through a small
 * executeSql adapter. Scheduled jobs run once per schedule across all instances.
 */
export async function startJobs(database: Database, jobs: ScheduledJob[], log: (msg: string, err?: unknown) => void, queued: QueuedJob[] = []) {
  const boss =
    database.kind === 'postgres'
      ? new PgBoss({ connectionString: database.url!, max: 3 })
      : new PgBoss({
          db: {
            executeSql: async (text: string, values?: unknown[]) =>
              values && values.length > 0 ? database.raw.query(text, values) : database.raw.exec(text),
          },
        });
  boss.on('error', (err) => log('job system error', err));
  await boss.start();
  const sender: JobSender = { send: (name, data, opts) => boss.send(name, data, { id: opts.id, singletonKey: opts.singletonKey, retryLimit: 3, retryDelay: 300 }) };
  for (const q of queued) {
    await boss.createQueue(q.name);
    await boss.work<Record<string, unknown>>(q.name, async ([job]) => {
      try {
        if (job) await q.work(job.data ?? {});
      } catch (err) {
        log(`job ${q.name} failed`, err);
        throw err;
      }
    });
  }
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async () => {
      try {
        await job.handler(sender);
      } catch (err) {
        log(`job ${job.name} failed`, err);
        throw err;
      }
    });
  }
  return { stop: () => boss.stop({ graceful: true, wait: true, timeout: 5000 }) };
}
