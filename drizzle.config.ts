import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./server/platform/audit.ts', './server/platform/outbox.ts', './server/platform/mail.ts', './server/platform/tenancy.ts', './server/platform/idempotency.ts', './server/modules/*/*.tables.ts'],
  out: './db/migrations',
});
