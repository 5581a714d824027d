/**
 * Operator commands.
 * - `npm run portico -- create-provider-admin --email a@b.c --name "Ada" [--org "Provider AS"]` creates the
 *   provider organisation if there is none and invites its first admin: the invitation link is printed
 *   (and mailed when SMTP_URL is set). This is how a production install without demo data starts.
 * - `npm run portico -- invite-staff --email a@b.c --name "Ada" [--role provider_agent|provider_admin]`
 *   invites a member of the provider's staff the same way (when no admin can sign in to do it).
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

const STAFF_ROLES = ['provider_admin', 'provider_agent'] as const;
type StaffRole = (typeof STAFF_ROLES)[number];

async function inviteStaff(command: string, args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' } } });
  const usage =
    command === 'create-provider-admin'
      ? 'usage: create-provider-admin --email <address> --name <full name> [--org <provider name>]'
      : 'usage: invite-staff --email <address> --name <full name> [--role provider_agent|provider_admin]';
  if (!values.email || !values.name) throw new ConfigError(usage);
  const role: StaffRole = command === 'create-provider-admin' ? 'provider_admin' : ((values.role ?? 'provider_agent') as StaffRole);
  if (!STAFF_ROLES.includes(role)) throw new ConfigError(`--role must be one of ${STAFF_ROLES.join(', ')}`);
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
      return createInvitedUser(tx, portico.deps, src, { orgId: provider!.id, email: values.email!, name: values.name!, role }, 'Portico');
    });
    if (!result) {
      console.error(`portico: ${values.email} already has an account; nothing was changed.`);
      process.exitCode = 1;
      return;
    }
    const link = (await db.select().from(mailMessages).where(eq(mailMessages.to, values.email.toLowerCase()))).map((m) => /https?:\/\/\S+\/invite\/\S+/.exec(m.text)?.[0]).filter(Boolean).at(-1);
    console.log(`Invited ${values.email} as ${role === 'provider_admin' ? 'provider admin' : 'provider agent'}.${link ? `\nInvitation link: ${link}` : ''}`);
  } finally {
    await portico.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'create-provider-admin' || command === 'invite-staff') await inviteStaff(command, rest);
  else throw new ConfigError('commands: create-provider-admin, invite-staff');
} catch (err) {
  console.error(err instanceof ConfigError ? `portico: ${err.message}` : `portico: ${(err as Error).message}`);
  process.exitCode = 1;
}
