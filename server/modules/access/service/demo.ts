import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.js';
import { organizations } from '../../../platform/tenancy.js';
import { activeOrgMembers } from '../../identity/index.js';
import { entitledLocations } from '../../sites/index.js';
import { accessGrants } from '../access.tables.js';
import { ingestEvents } from './events.js';
import { createGrantsFromRequest } from './grants.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Demo access data (idempotent): for each customer with entitled locations, a permanent badge for its
 * admin, a contractor's work visit that is on site now, and some activity last month (with a denied
 * attempt and an unknown badge), so /access and the monthly report have something to show.
 */
export async function seedAccessDemo(db: Db, now = new Date()) {
  const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(and(eq(organizations.kind, 'customer'), eq(organizations.status, 'active')));
  let n = 0;
  for (const org of orgs) {
    const [existing] = await db.select({ id: accessGrants.id }).from(accessGrants).where(eq(accessGrants.orgId, org.id)).limit(1);
    if (existing) continue;
    const places = (await entitledLocations(db, org.id)).filter((l) => l.kind !== 'rack');
    const cage = places.find((l) => l.kind === 'cage') ?? places[0];
    if (!cage) continue;
    const admin = (await activeOrgMembers(db, org.id)).find((u) => u.role === 'customer_admin');
    const slug = org.name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    const visitor = { name: 'Lars Kabelmann', company: 'Nordic Cabling AS', email: `lars@nordic-cabling.example`, phone: '+47 400 00 000' };
    const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 12, 7));
    await db.transaction(async (tx) => {
      const src = { orgId: org.id, orderId: null, orderRef: null, createdBy: admin?.id ?? null };
      if (admin) {
        const [badge] = await createGrantsFromRequest(tx, { ...src, kind: 'permanent' }, { personIds: [admin.id], personKey: null, visitors: [], visitorsKey: null, locationIds: [cage.id], locationKey: null, window: null, windowKey: null });
        // Issued some weeks ago, so last month's entries have it.
        if (badge) await tx.update(accessGrants).set({ validFrom: new Date(now.getTime() - 40 * DAY), validUntil: new Date(now.getTime() + 325 * DAY) }).where(eq(accessGrants.id, badge.id));
      }
      await createGrantsFromRequest(tx, { ...src, kind: 'visit' }, { personIds: [], personKey: null, visitors: [visitor], visitorsKey: null, locationIds: [cage.id], locationKey: null, window: { start: new Date(now.getTime() - 2 * HOUR), end: new Date(now.getTime() + 30 * HOUR) }, windowKey: null });
      await createGrantsFromRequest(tx, { ...src, kind: 'visit' }, { personIds: [], personKey: null, visitors: [visitor], visitorsKey: null, locationIds: [cage.id], locationKey: null, window: { start: lastMonthStart, end: new Date(lastMonthStart.getTime() + 2 * DAY) }, windowKey: null });
      const ev = (id: string, person: string | undefined, badgeId: string | undefined, at: Date, direction: 'in' | 'out', result: 'granted' | 'denied' = 'granted') => ({
        eventId: `demo-${slug}-${id}`,
        person,
        badgeId,
        locationId: cage.id,
        reader: `${cage.siteCode}-${cage.code}-R1`,
        direction,
        occurredAt: at.toISOString(),
        result,
      });
      await ingestEvents(
        tx,
        [
          ev('m1', visitor.email, undefined, new Date(lastMonthStart.getTime() + HOUR), 'in'),
          ev('m2', visitor.email, undefined, new Date(lastMonthStart.getTime() + 5 * HOUR), 'out'),
          ev('m3', visitor.email, undefined, new Date(lastMonthStart.getTime() + DAY + HOUR), 'in'),
          ev('m4', visitor.email, undefined, new Date(lastMonthStart.getTime() + DAY + 7 * HOUR), 'out'),
          ev('m5', visitor.email, undefined, new Date(lastMonthStart.getTime() + 3 * DAY), 'in', 'denied'),
          ...(admin ? [ev('m6', admin.email, undefined, new Date(lastMonthStart.getTime() + 5 * DAY), 'in'), ev('m7', admin.email, undefined, new Date(lastMonthStart.getTime() + 5 * DAY + 3 * HOUR), 'out')] : []),
          ev('t1', visitor.email, undefined, new Date(now.getTime() - 90 * 60_000), 'in'),
          ev('u1', undefined, `99${slug.length}7731`, new Date(now.getTime() - 3 * HOUR), 'in', 'denied'),
        ],
        'api',
      );
    });
    n++;
  }
  return n;
}
