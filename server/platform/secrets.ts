import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config.js';

/**
 * The auth secret: from AUTH_SECRET when set, else generated on first start and kept (mode 0600) in
 * the data directory. There is no default secret. Several instances on one PostgreSQL must share it:
 * set AUTH_SECRET for them.
 */
export function resolveAuthSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    // An empty or truncated file (a crash during the first start) must not fall back to Better Auth's public default secret.
    if (kept.length < 32) throw new ConfigError(`${file} is empty or too short; delete it to generate a new secret, or set AUTH_SECRET.`);
    return kept;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
