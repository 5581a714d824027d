import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { LocationKind } from '../../../contracts/sites.js';
import { audit } from '../../platform/audit.js';
import type { Db } from '../../platform/db/client.js';
import { organizations } from '../../platform/tenancy.js';
import { userIdsByEmail } from '../identity/index.js';
import { locationEntitlements, locations, racks, regions, sites } from './sites.tables.js';

type Node = { kind: LocationKind; code: string; name: string; children?: Node[]; racks?: { code: string; units?: number; powerKw?: number; notes?: string }[] };

const cageRacks = (cage: string, n: number, powerKw: number) => Array.from({ length: n }, (_, i) => ({ code: `${cage}-R${String(i + 1).padStart(2, '0')}`, units: 42, powerKw }));

/**
 * Demo sites (demo data only): Nordics with OSL1 Oslo (Building 1, halls A and B, cages A01–A04,
 * shared racks in hall B) and DACH with FRA1 Frankfurt (Building 1, floor 2, data hall 2.1, cages
 * C01–C03). Acme is entitled to cage A01 in OSL1, the single shared rack B-R05 and cage C01 in FRA1;
 * Globex to cage C02 in FRA1. Does nothing when the regions exist already.
 */
export async function seedSitesDemo(db: Db) {
  const [existing] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, 'NORDICS'));
  if (existing) return;

  const byCode = new Map<string, string>();
  async function place(siteId: string, parentId: string | null, nodes: Node[], siteCode: string) {
    for (const [i, n] of nodes.entries()) {
      const id = uuidv7();
      await db.insert(locations).values({ id, siteId, parentId, kind: n.kind, code: n.code, name: n.name, sort: (i + 1) * 10 });
      byCode.set(`${siteCode}/${n.code}`, id);
      for (const r of n.racks ?? []) {
        const rackId = uuidv7();
        await db.insert(racks).values({ id: rackId, siteId, locationId: id, code: r.code, units: r.units ?? 42, powerKw: r.powerKw ?? null, notes: r.notes ?? '' });
        byCode.set(`${siteCode}/${r.code}`, rackId);
      }
      await place(siteId, id, n.children ?? [], siteCode);
    }
  }

  const nordics = uuidv7();
  const dach = uuidv7();
  await db.insert(regions).values([
    { id: nordics, code: 'NORDICS', name: 'Nordics' },
    { id: dach, code: 'DACH', name: 'DACH' },
  ]);
  const osl1 = uuidv7();
  const fra1 = uuidv7();
  await db.insert(sites).values([
    { id: osl1, regionId: nordics, code: 'OSL1', name: 'Oslo 1', address: 'Ole Deviks vei 10, 0668 Oslo', country: 'NO', timeZone: 'Europe/Oslo' },
    { id: fra1, regionId: dach, code: 'FRA1', name: 'Frankfurt 1', address: 'Hanauer Landstraße 300, 60314 Frankfurt am Main', country: 'DE', timeZone: 'Europe/Berlin' },
  ]);

  await place(
    osl1,
    null,
    [
      {
        kind: 'building',
        code: 'B1',
        name: 'Building 1',
        children: [
          {
            kind: 'room',
            code: 'HA',
            name: 'Hall A',
            children: ['A01', 'A02', 'A03', 'A04'].map((c, i) => ({ kind: 'cage' as const, code: c, name: `Cage ${c}`, racks: cageRacks(c, i === 0 ? 4 : 3, i === 0 ? 8 : 6) })),
          },
          {
            kind: 'room',
            code: 'HB',
            name: 'Hall B',
            racks: Array.from({ length: 8 }, (_, i) => ({ code: `B-R${String(i + 1).padStart(2, '0')}`, units: 47, powerKw: 5, notes: 'Shared colocation row, single cabinet' })),
          },
          { kind: 'room', code: 'MMR', name: 'Meet-Me Room' },
        ],
      },
    ],
    'OSL1',
  );
  await place(
    fra1,
    null,
    [
      {
        kind: 'building',
        code: 'B1',
        name: 'Building 1',
        children: [
          {
            kind: 'floor',
            code: 'F2',
            name: 'Floor 2',
            children: [
              {
                kind: 'room',
                code: 'DH21',
                name: 'Data Hall 2.1',
                children: ['C01', 'C02', 'C03'].map((c) => ({ kind: 'cage' as const, code: c, name: `Cage ${c}`, racks: cageRacks(c, 4, 10) })),
              },
            ],
          },
        ],
      },
    ],
    'FRA1',
  );

  const orgs = await db.select().from(organizations);
  const acme = orgs.find((o) => o.name === 'Acme Hosting AS');
  const globex = orgs.find((o) => o.name === 'Globex GmbH');
  const grantedBy = (await userIdsByEmail(db, ['admin@nordlys.example'])).get('admin@nordlys.example') ?? null;
  // Granted as a provider admin would, with the audit record a grant leaves.
  const grant = async (orgId: string, key: string, rack = false) => {
    const id = uuidv7();
    const target = { locationId: rack ? null : byCode.get(key)!, rackId: rack ? byCode.get(key)! : null };
    await db.insert(locationEntitlements).values({ id, orgId, grantedBy, ...target });
    const source = { actorId: grantedBy, actorEmail: 'admin@nordlys.example', ip: null, userAgent: 'demo data', requestId: null };
    await audit(db, source, { orgId, action: 'sites.entitlement_granted', targetType: 'location_entitlement', targetId: id, after: { target: key.replace('/', ' › '), ...target } });
  };
  if (acme) {
    await grant(acme.id, 'OSL1/A01');
    await grant(acme.id, 'OSL1/B-R05', true);
    await grant(acme.id, 'FRA1/C01');
  }
  if (globex) await grant(globex.id, 'FRA1/C02');
}
