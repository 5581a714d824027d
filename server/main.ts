import { ConfigError, loadConfig } from './platform/config.js';
import { buildApp } from './app.js';
import { DEMO_ORGS, DEMO_PASSWORD, seedDemo } from './seed.js';

/** Reads config, builds the app, seeds demo data where allowed, listens, drains on SIGTERM. */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  const portico = await buildApp({ config, jobs: true });
  const seeded = config.demo ? await seedDemo(portico.deps) : false;

  try {
    await portico.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await portico.close().catch(() => {});
    throw err;
  }
  const ms = Date.now() - started;
  const db = portico.deps.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
  const lines = [`Portico is ready on ${config.publicUrl} (${db}, ready in ${ms} ms)`];
  if (portico.inbound) lines.push(`Replies by mail: SMTP on ${config.inboundMail.host}:${portico.inbound.port} for *@${config.inboundMail.domain}`);
  if (config.demo) {
    lines.push(seeded ? 'Demo data seeded.' : 'Demo data present.');
    lines.push(`Demo logins (password for all: ${DEMO_PASSWORD}; each enrols an authenticator app on first sign-in):`);
    for (const org of DEMO_ORGS) for (const u of org.users) lines.push(`  ${u.role.padEnd(15)} ${u.email.padEnd(26)} ${org.name}`);
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests and closing the database…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await portico.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** One clear line instead of a stack trace for the failures an operator can fix. */
function explain(err: unknown): string {
  if (err instanceof ConfigError) return `portico: ${err.message}`;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'EADDRINUSE') return `portico: port ${e.port ?? ''} is already in use; stop the other process or set PORT.`;
  if (e?.code === 'EACCES') return `portico: not allowed to listen on port ${e.port ?? ''}; choose a port above 1024 with PORT.`;
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'ETIMEDOUT' || e?.code === '28P01' || e?.code === '3D000') {
    return `portico: cannot reach PostgreSQL (${e.code}${e.message ? `: ${e.message}` : ''}); check DATABASE_URL.`;
  }
  if (e?.message?.includes('timeout exceeded when trying to connect')) return 'portico: cannot reach PostgreSQL (connection timed out); check DATABASE_URL.';
  return `portico: failed to start: ${e?.message ?? String(err)}`;
}

main().catch((err) => {
  console.error(explain(err));
  if (process.env.PORTICO_DEBUG) console.error(err);
  process.exit(1);
});
