#!/usr/bin/env node
// `npm test`: every Vitest suite (units, services and routes through app.inject, on PGlite or on
// PostgreSQL with TEST_DATABASE_URL), then the browser journeys in Chromium. Prints `N passed, N failed`.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, args) {
  const out = path.join(tmpdir(), `portico-vitest-${label}-${process.pid}.json`);
  rmSync(out, { force: true });
  console.log(`\n── ${label} ──`);
  const r = spawnSync(process.execPath, [vitest, 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], { cwd: root, stdio: 'inherit', env: process.env });
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    // A suite that failed to load counts as a failure even when it had no test to fail.
    failed += j.testResults.filter((s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed')).length;
  } else if (r.status !== 0) failed += 1;
  return r.status === 0;
}

function findChromium() {
  for (const p of [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  return null;
}

// The types first: a type error counts as one failed test (strict TypeScript is part of "done").
console.log('\n── typecheck ──');
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.'], { cwd: root, stdio: 'inherit' });
if (tsc.status === 0) passed += 1;
else failed += 1;

run('api and units', []);

const chromium = findChromium();
if (!chromium) {
  if (process.env.E2E_REQUIRED === '1') {
    console.error('E2E_REQUIRED=1 but no Chromium was found (apt-get install -y chromium, or set CHROME_PATH).');
    failed += 1;
  } else console.warn('\nBrowser journeys skipped: no Chromium (apt-get install -y chromium, or set CHROME_PATH).');
} else {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('web build failed');
    failed += 1;
  } else {
    process.env.CHROME_PATH = chromium;
    run('browser journeys', ['--config', 'vitest.e2e.config.ts']);
  }
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
