#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the server.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist/web/index.html');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (existsSync(path.join(root, 'web/index.html'))) {
  const stale = !existsSync(built) || newest(path.join(root, 'web')) > statSync(built).mtimeMs;
  if (stale) {
    console.log('Building the web app (first start or changed sources)…');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('portico: the web build failed (see above).');
      process.exit(1);
    }
  }
}

// The server runs from one bundle (dependencies stay in node_modules): starting it skips compiling
// TypeScript on every start. Rebuilt when the sources are newer; tsx is the fallback for a checkout
// without esbuild.
const bundle = path.join(root, 'dist/server/main.mjs');
const serverSources = Math.max(newest(path.join(root, 'server')), newest(path.join(root, 'contracts')));
if (!existsSync(bundle) || serverSources > statSync(bundle).mtimeMs) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(root, 'server/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
process.setSourceMapsEnabled(true);
await import(bundle);
