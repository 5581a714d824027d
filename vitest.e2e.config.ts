import { defineConfig } from 'vitest/config';

// Browser journeys: a real Portico (embedded database, demo data) driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A busy 2-core CI machine renders slower than a laptop: polls wait up to 10 s, not 1 s.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
  },
});
