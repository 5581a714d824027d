import PgBoss from 'pg-boss';
import type { Database } from './db/client.js';

export type JobHandler = () => Promise<void>;
export type ScheduledJob = { name: string; cron: string; handler: JobHandler };

/**
 * pg-boss on the same database: on PostgreSQL through its own pool, on PGlite through a small
 * executeSql adapter. Scheduled jobs run once per schedule across all instances.
 */
export async function startJobs(database: Database, jobs: ScheduledJob[], log: (msg: string, err?: unknown) => void) {
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
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async () => {
      try {
        await job.handler();
      } catch (err) {
        log(`job ${job.name} failed`, err);
        throw err;
      }
    });
  }
  return { stop: () => boss.stop({ graceful: true, wait: true, timeout: 5000 }) };
}
