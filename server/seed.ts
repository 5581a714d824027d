import { count } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Role } from '../contracts/permissions.js';
import type { AppDeps } from './platform/deps.js';
import { audit } from './platform/audit.js';
import { createActiveUser, users } from './modules/identity/index.js';
import { organizations, slugify } from './modules/organisations/index.js';
import { seedTicketDemo } from './modules/tickets/index.js';
import { seedCatalogueDemo } from './modules/catalogue/index.js';
import { seedSitesDemo } from './modules/sites/index.js';
import { seedAccessDemo, seedAccessReportsDemo } from './modules/access/index.js';
import { seedOrdersDemo } from './modules/orders/index.js';
import { seedKbDemo } from './modules/kb/index.js';
import { seedDocumentsDemo } from './modules/documents/index.js';

/** The demo password. It exists only where demo data was seeded; every demo user must still enrol TOTP. */
export const DEMO_PASSWORD = 'portico-demo-2026';

type DemoUser = { email: string; name: string; role: Role; locale?: string; granted?: string[] };
type DemoOrg = { name: string; kind: 'provider' | 'customer'; users: DemoUser[] };

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: 'Nordlys Data Centres',
    kind: 'provider',
    users: [
      { email: 'admin@nordlys.example', name: 'Ingrid Berg', role: 'provider_admin' },
      { email: 'agent1@nordlys.example', name: 'Ola Nordmann', role: 'provider_agent', locale: 'nb' },
      { email: 'agent2@nordlys.example', name: 'Kari Hansen', role: 'provider_agent' },
    ],
  },
  {
    name: 'Acme Hosting AS',
    kind: 'customer',
    users: [
      { email: 'admin@acme.example', name: 'Eva Lund', role: 'customer_admin' },
      { email: 'sara@acme.example', name: 'Sara Holm', role: 'customer_user', granted: ['access.request'] },
      { email: 'jonas@acme.example', name: 'Jonas Vik', role: 'customer_user' },
    ],
  },
  {
    name: 'Globex GmbH',
    kind: 'customer',
    users: [
      { email: 'admin@globex.example', name: 'Hans Müller', role: 'customer_admin', locale: 'de' },
      { email: 'jana@globex.example', name: 'Jana Schulz', role: 'customer_user', locale: 'de' },
      { email: 'lukas@globex.example', name: 'Lukas Weber', role: 'customer_user', locale: 'de' },
    ],
  },
];

/** Seeds the demo organisations and users when the database has no organisation yet. */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  const [n] = await deps.db.select({ n: count() }).from(organizations);
  if (Number(n?.n ?? 0) > 0) return false;
  await deps.db.transaction(async (tx) => {
    for (const org of DEMO_ORGS) {
      const orgId = uuidv7();
      await tx.insert(organizations).values({ id: orgId, kind: org.kind, name: org.name, slug: slugify(org.name) });
      for (const u of org.users) {
        const id = await createActiveUser(tx, deps, { orgId, email: u.email, name: u.name, role: u.role, password: DEMO_PASSWORD, locale: u.locale });
        if (u.granted) {
          const { eq } = await import('drizzle-orm');
          await tx.update(users).set({ grantedPermissions: u.granted }).where(eq(users.id, id));
        }
      }
      await audit(tx, { actorId: null, actorEmail: 'system', ip: null, userAgent: 'seed', requestId: null }, { orgId, action: 'org.created', targetType: 'organisation', targetId: orgId, after: { name: org.name, demo: true } });
    }
  });
  await seedTicketDemo(deps.db);
  const catalogue = await seedCatalogueDemo(deps.db);
  await seedSitesDemo(deps.db);
  await seedAccessDemo(deps.db);
  await seedOrdersDemo(deps, catalogue);
  await seedAccessReportsDemo(deps);
  await seedKbDemo(deps.db);
  await seedDocumentsDemo(deps, ['Acme Hosting AS']);
  return true;
}
