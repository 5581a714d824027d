import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Module boundaries (STYLE.md): code outside a module imports only its index.ts. The one exception
 * is the schema aggregator, which gathers every module's tables for Drizzle.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const EXEMPT = new Set(['server/platform/db/schema.ts']);

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const moduleOf = (file: string) => /^server\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;

describe('module boundaries', () => {
  it('imports another module only through its index.ts', () => {
    const violations: string[] = [];
    for (const file of [...files('server'), ...files('test')]) {
      if (EXEMPT.has(file) || file.endsWith('.test.ts')) continue;
      const src = readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
        const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[1]!)).replace(/\.js$/, '.ts');
        const targetModule = moduleOf(target);
        if (!targetModule || targetModule === moduleOf(file)) continue;
        if (target !== `server/modules/${targetModule}/index.ts`) violations.push(`${file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps process.env in the config file', () => {
    const readers = files('server').filter((f) => !f.endsWith('.test.ts') && f !== 'server/platform/config.ts' && f !== 'server/main.ts' && readFileSync(path.join(ROOT, f), 'utf8').includes('process.env'));
    expect(readers).toEqual([]);
  });
});
