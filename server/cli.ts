/**
 * Operator commands. `npm run portico -- create-provider-admin --email a@b.c --name "Ada" [--org "Provider AS"]`
 * creates the provider organisation if there is none and invites its first admin: the invitation link
 * is printed (and mailed when SMTP_URL is set). This is how a production install without demo data starts.
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { organizations } from './platform/tenancy.js';
import { mailMessages } from './platform/mail.js';
import { createInvitedUser } from './modules/identity/index.js';
import { slugify } from './modules/organisations/index.js';

async function createProviderAdmin(args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' } } });
  if (!values.email || !values.name) throw new ConfigError('usage: create-provider-admin --email <address> --name <full name> [--org <provider name>]');
  const config = loadConfig();
  const portico = await buildApp({ config, logger: false });
  try {
    const db = portico.deps.db;
    const result = await db.transaction(async (tx) => {
      let [provider] = await tx.select().from(organizations).where(eq(organizations.kind, 'provider'));
      if (!provider) {
        const name = values.org ?? 'Provider';
        [provider] = await tx.insert(organizations).values({ id: uuidv7(), kind: 'provider', name, slug: slugify(name) }).returning();
      }
      const src = { actorId: null, actorEmail: 'cli', ip: null, userAgent: 'portico cli', requestId: null };
      return createInvitedUser(tx, portico.deps, src, { orgId: provider!.id, email: values.email!, name: values.name!, role: 'provider_admin' }, 'Portico');
    });
    if (!result) {
      console.error(`portico: ${values.email} already has an account; nothing was changed.`);
      process.exitCode = 1;
      return;
    }
    const link = (await db.select().from(mailMessages).where(eq(mailMessages.to, values.email.toLowerCase()))).map((m) => /https?:\/\/\S+\/invite\/\S+/.exec(m.text)?.[0]).filter(Boolean).at(-1);
    console.log(`Invited ${values.email} as provider admin.${link ? `\nInvitation link: ${link}` : ''}`);
  } finally {
    await portico.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'create-provider-admin') await createProviderAdmin(rest);
  else throw new ConfigError('commands: create-provider-admin');
} catch (err) {
  console.error(err instanceof ConfigError ? `portico: ${err.message}` : `portico: ${(err as Error).message}`);
  process.exitCode = 1;
}
