/**
 * Generates the order and access benchmark's data (issue 4) into the bench database, beside the ticket
 * data of bench/generate-tickets.ts (its 2,000 organisations, their users and the provider's agents):
 *   npx tsx bench/generate-orders.ts [--orders 100000] [--events 5000000] [--force]
 *
 * Migrates with Portico's own migrations, loads the demo catalogue with the catalogue module's own
 * seeding (`seedCatalogueDemo`), then writes set-based (INSERT … SELECT over generate_series):
 *  - four sites in two regions (building → ten halls → one cage per organisation, two racks each), each
 *    organisation entitled to its cage;
 *  - `orders` orders over the last twelve months, spread unevenly over the organisations like the
 *    tickets: items from the demo catalogue in realistic shares, the item snapshot an order keeps,
 *    values that fit each item's form (windows, visitors, locations, devices, carriers …), statuses by
 *    age (recent ones waiting for approval or in fulfilment, old ones completed, some rejected or
 *    cancelled), approvals per the item's rule, fulfilment tasks from the item's template, and the
 *    timeline (created, submitted, approval requested, decided, fulfilment started, tasks, completed);
 *  - access grants: three badge holders per organisation (permanent badges), the badges of completed
 *    permanent-badge orders, and one visit grant per visitor of each approved work visit;
 *  - about `events` access events over the last twelve months: visits of badge holders on working days
 *    (building entrance in, cage door in, cage door out, building out), the visitors' visits inside
 *    their windows, some denied readings and some unknown badges (no organisation, flagged);
 *    the grants' last use from them.
 * A marker (bench.generated_orders) records the sizes: a second run at the same sizes does nothing;
 * other sizes refuse unless --force, which removes the generated order and access data first.
 */
import pg from 'pg';
import { openDatabase } from '../server/platform/db/client.js';
import { runMigrations } from '../server/platform/db/migrate.js';
import { seedCatalogueDemo } from '../server/modules/catalogue/index.js';
import { dropForBulkLoad, numberArg, prepareBulkSession, since as ms } from './lib.js';
import { BENCH_DATABASE_URL } from './pg.js';

export type GeneratedOrders = { orders: number; events: number; grants: number; seconds: number; skipped: boolean };

const SITES = [
  { code: 'OSL1', name: 'Oslo 1', region: 'NORDICS', tz: 'Europe/Oslo', country: 'NO' },
  { code: 'OSL2', name: 'Oslo 2', region: 'NORDICS', tz: 'Europe/Oslo', country: 'NO' },
  { code: 'FRA1', name: 'Frankfurt 1', region: 'DACH', tz: 'Europe/Berlin', country: 'DE' },
  { code: 'BER1', name: 'Berlin 1', region: 'DACH', tz: 'Europe/Berlin', country: 'DE' },
] as const;
const HALLS = 10;
const BADGES_PER_ORG = 3; // user slots 0–2 hold permanent badges
const EVENT_CHUNK = 1_000_000;

/** Item shares of the orders (sum 1), by demo catalogue key. */
const ITEM_SHARES: [string, number][] = [
  ['work-visit', 0.3],
  ['permanent-badge', 0.04],
  ['smart-hands', 0.2],
  ['inbound-shipment', 0.12],
  ['outbound-shipment', 0.06],
  ['cross-connect', 0.06],
  ['cables-consumables', 0.06],
  ['cleaning', 0.03],
  ['imac', 0.06],
  ['decommission', 0.02],
  ['something-else', 0.05],
];

const ISO = (col: string) => `to_char((${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function generateOrders(opts: { orders: number; events: number; url?: string; force?: boolean; log?: (s: string) => void }): Promise<GeneratedOrders> {
  const url = opts.url ?? BENCH_DATABASE_URL;
  const log = opts.log ?? ((s: string) => console.log(s));
  const N = opts.orders;
  const E = opts.events;
  if (!Number.isInteger(N) || N < 1) throw new Error('--orders must be a positive whole number');
  if (!Number.isInteger(E) || E < 1000) throw new Error('--events must be a whole number of at least 1000');

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = (text: string, params?: unknown[]) => client.query(text, params);
  try {
    const tickets = await q('SELECT orgs FROM bench.generated').then((r) => r.rows[0] as { orgs: number } | undefined).catch(() => undefined);
    if (!tickets) throw new Error('the bench database has no ticket data: run `npx tsx bench/generate-tickets.ts` first (its organisations and users are reused)');
    const marker = await q('SELECT orders, events, grants, seconds FROM bench.generated_orders')
      .then((r) => r.rows[0] as { orders: number; events: string; grants: string; seconds: string } | undefined)
      .catch(() => undefined);
    if (marker && marker.orders === N && Number(marker.events) >= E * 0.98 && !opts.force) {
      log(`order and access data already generated: ${N} orders, ${marker.events} access events — skipping`);
      return { orders: N, events: Number(marker.events), grants: Number(marker.grants), seconds: Number(marker.seconds), skipped: true };
    }
    const existing = Number((await q(`SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM access_events) + (SELECT count(*) FROM sites) AS n`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
    if ((existing > 0 || marker) && !opts.force) {
      throw new Error(
        `the bench database holds other order/access data${marker ? ` (${marker.orders} orders, ${marker.events} events)` : ` (${existing} rows)`}: run with --force to replace it`,
      );
    }
    const t0 = performance.now();
    log('migrating with Portico’s migrations …');
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
    try {
      await runMigrations(database);
      if (existing > 0 || marker) {
        log('removing the earlier order and access data …');
        await q(`TRUNCATE access_events, access_grants, order_tasks, order_approvals, order_events, order_files, orders, location_entitlements, racks, locations, sites, regions`);
        await q(`DROP TABLE IF EXISTS bench.generated_orders`);
      }
      log('demo catalogue (the catalogue module’s own seeding) …');
      await seedCatalogueDemo(database.db);
    } finally {
      await database.close();
    }
    await prepareBulkSession(q);

    // The ticket generator's organisations, users and agents.
    await q(`CREATE TEMP TABLE b_org AS
      SELECT substring(slug FROM 16)::int AS idx, id FROM organizations WHERE slug LIKE 'bench-customer-%'`);
    await q(`ALTER TABLE b_org ADD PRIMARY KEY (idx)`);
    const ORGS = Number((await q('SELECT count(*) AS n FROM b_org')).rows[0].n);
    if (ORGS !== tickets.orgs) throw new Error(`expected ${tickets.orgs} bench organisations, found ${ORGS}`);
    await q(`CREATE TEMP TABLE b_user AS
      SELECT o.idx AS org_idx, CASE WHEN u.email LIKE 'admin@%' THEN 0 ELSE substring(u.email FROM 5 FOR 1)::int END AS slot, u.id, u.email, u.name
      FROM users u JOIN b_org o ON o.id = u.org_id`);
    await q(`ALTER TABLE b_user ADD PRIMARY KEY (org_idx, slot)`);
    await q(`CREATE TEMP TABLE b_agent AS SELECT row_number() OVER (ORDER BY email) - 1 AS n, id FROM users WHERE email LIKE 'agent%@provider.bench.example'`);
    const AGENTS = Number((await q('SELECT count(*) AS n FROM b_agent')).rows[0].n);
    if (!AGENTS) throw new Error('no provider agents in the bench database');

    // Sites: regions → sites → building → halls → one cage per organisation (two racks each).
    log(`${SITES.length} sites, ${SITES.length * HALLS} halls, ${ORGS} cages with racks and entitlements …`);
    await q(`CREATE TEMP TABLE b_site (idx int PRIMARY KEY, id uuid, building_id uuid, code text, tz text)`);
    for (const region of [...new Set(SITES.map((s) => s.region))]) {
      await q(`INSERT INTO regions (id, code, name) VALUES (pg_temp.uuid7(now() - interval '1200 days'), $1, $2)`, [region, region === 'NORDICS' ? 'Nordics' : 'DACH']);
    }
    for (const [i, s] of SITES.entries()) {
      await q(`INSERT INTO b_site VALUES ($1, pg_temp.uuid7(now() - interval '1200 days'), pg_temp.uuid7(now() - interval '1200 days'), $2, $3)`, [i, s.code, s.tz]);
      await q(
        `INSERT INTO sites (id, region_id, code, name, address, country, time_zone) SELECT b.id, r.id, $2, $3, $4, $5, $6 FROM b_site b, regions r WHERE b.idx = $1 AND r.code = $7`,
        [i, s.code, s.name, `${s.name} data centre`, s.country, s.tz, s.region],
      );
    }
    await q(`INSERT INTO locations (id, site_id, parent_id, kind, code, name, sort) SELECT building_id, id, NULL, 'building', 'B1', 'Building 1', 10 FROM b_site`);
    await q(`CREATE TEMP TABLE b_hall AS
      SELECT s.idx AS site_idx, h, pg_temp.uuid7(now() - interval '1200 days') AS id, s.id AS site_id, s.building_id FROM b_site s, generate_series(1, ${HALLS}) h`);
    await q(`INSERT INTO locations (id, site_id, parent_id, kind, code, name, sort)
      SELECT id, site_id, building_id, 'room', 'H' || lpad(h::text, 2, '0'), 'Hall ' || chr(64 + h), h * 10 FROM b_hall`);
    await q(`CREATE TEMP TABLE b_cage AS
      SELECT o.idx AS org_idx, o.id AS org_id, pg_temp.uuid7(now() - interval '1100 days') AS id, h.site_id, h.building_id, h.id AS hall_id, s.code AS site_code,
        'C' || lpad(o.idx::text, 4, '0') AS code
      FROM b_org o
      JOIN b_hall h ON h.site_idx = (o.idx - 1) % ${SITES.length} AND h.h = 1 + ((o.idx - 1) / ${SITES.length}) % ${HALLS}
      JOIN b_site s ON s.idx = h.site_idx`);
    await q(`ALTER TABLE b_cage ADD PRIMARY KEY (org_idx)`);
    await q(`INSERT INTO locations (id, site_id, parent_id, kind, code, name, sort) SELECT id, site_id, hall_id, 'cage', code, 'Cage ' || code, org_idx FROM b_cage`);
    await q(`INSERT INTO racks (id, site_id, location_id, code, units, power_kw)
      SELECT pg_temp.uuid7(now() - interval '1100 days'), site_id, id, code || '-R0' || r, 42, (ARRAY[4, 6, 8, 10])[1 + org_idx % 4] FROM b_cage, generate_series(1, 2) r`);
    await q(`INSERT INTO location_entitlements (id, org_id, location_id, granted_at) SELECT pg_temp.uuid7(now() - interval '1100 days'), org_id, id, now() - interval '1100 days' FROM b_cage`);

    // The catalogue as orders snapshot it.
    await q(`CREATE TEMP TABLE b_item AS
      SELECT row_number() OVER (ORDER BY key) - 1 AS idx, id, key, kind, approval_rule, tasks,
        jsonb_build_object('key', key, 'kind', kind, 'version', version,
          'names', (SELECT jsonb_object_agg(l, t->>'name') FROM jsonb_each(texts) AS x(l, t)),
          'approvalRule', approval_rule, 'form', form, 'tasks', tasks) AS snapshot
      FROM catalogue_items WHERE key = ANY($1::text[])`, [ITEM_SHARES.map(([k]) => k)]);
    const have = (await q('SELECT key FROM b_item')).rows.map((r) => r.key as string);
    const missing = ITEM_SHARES.map(([k]) => k).filter((k) => !have.includes(k));
    if (missing.length) throw new Error(`the demo catalogue lacks ${missing.join(', ')}`);
    let acc = 0;
    const bounds = ITEM_SHARES.map(([k, s]) => ((acc += s), [k, acc] as const));
    const itemCase = `CASE ${bounds.map(([k, b]) => `WHEN r_item < ${b.toFixed(4)} THEN '${k}'`).join(' ')} ELSE 'something-else' END`;

    // Orders: created over the last year, skewed over the organisations; statuses by age and approval rule.
    log(`${N} orders with approvals, tasks and timelines …`);
    let tc = performance.now();
    await q(`CREATE TEMP TABLE b_ord AS
      WITH g AS (
        SELECT i, now() - ((${N} - i)::float8 / ${N}) * interval '365 days' - random() * interval '20 minutes' AS created_at,
          1 + least(${ORGS} - 1, floor(power(random(), 1.6) * ${ORGS})::int) AS org_idx,
          random() AS r_item, random() AS r_st, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
          floor(random() * 5)::int AS slot, floor(random() * ${AGENTS})::int AS agent_n
        FROM generate_series(1, ${N}) i
      ), h AS (
        SELECT g.*, extract(epoch FROM now() - created_at) / 86400 AS age, ${itemCase} AS item_key FROM g
      ), s AS (
        SELECT h.*, CASE
          WHEN age < 2 THEN CASE WHEN r_st < 0.08 THEN 'draft' WHEN r_st < 0.38 THEN 'waiting_for_approval' WHEN r_st < 0.45 THEN 'approved' WHEN r_st < 0.75 THEN 'in_fulfilment' WHEN r_st < 0.93 THEN 'completed' WHEN r_st < 0.96 THEN 'rejected' ELSE 'cancelled' END
          WHEN age < 14 THEN CASE WHEN r_st < 0.01 THEN 'draft' WHEN r_st < 0.08 THEN 'waiting_for_approval' WHEN r_st < 0.28 THEN 'in_fulfilment' WHEN r_st < 0.88 THEN 'completed' WHEN r_st < 0.93 THEN 'rejected' ELSE 'cancelled' END
          ELSE CASE WHEN r_st < 0.005 THEN 'in_fulfilment' WHEN r_st < 0.90 THEN 'completed' WHEN r_st < 0.95 THEN 'rejected' ELSE 'cancelled' END
        END AS st0
        FROM h
      )
      SELECT s.*, it.id AS item_id, it.kind AS item_kind, it.approval_rule, it.snapshot, it.tasks AS item_tasks,
        pg_temp.uuid7(s.created_at) AS id,
        -- Access requests come from holders of access.request: the customer admin (slot 0).
        CASE WHEN it.kind IN ('access_visit', 'access_badge') THEN 0 ELSE s.slot END AS req_slot,
        CASE WHEN it.approval_rule = 'none' THEN CASE s.st0 WHEN 'waiting_for_approval' THEN 'submitted' WHEN 'approved' THEN 'in_fulfilment' WHEN 'rejected' THEN 'completed' ELSE s.st0 END
          ELSE s.st0 END AS status,
        c.id AS cage_id, c.code AS cage_code, c.site_code
      FROM s JOIN b_item it ON it.key = s.item_key JOIN b_cage c ON c.org_idx = s.org_idx`);
    await q(`ALTER TABLE b_ord ADD COLUMN submitted_at timestamptz, ADD COLUMN decided_at timestamptz, ADD COLUMN started_at timestamptz, ADD COLUMN completed_at timestamptz, ADD COLUMN cancelled_at timestamptz,
      ADD COLUMN requester_id uuid, ADD COLUMN admin_id uuid, ADD COLUMN agent_id uuid, ADD COLUMN win_start timestamptz, ADD COLUMN win_end timestamptz`);
    // Each step after the previous, never after now: a share of the time left.
    await q(`UPDATE b_ord o SET
        requester_id = u.id, admin_id = a.id, agent_id = ag.id,
        submitted_at = CASE WHEN o.status <> 'draft' THEN o.created_at + (1 + o.r1 * 30) * interval '1 minute' END
      FROM b_user u, b_user a, b_agent ag
      WHERE u.org_idx = o.org_idx AND u.slot = o.req_slot AND a.org_idx = o.org_idx AND a.slot = 0 AND ag.n = o.agent_n`);
    await q(`UPDATE b_ord SET decided_at = CASE WHEN status IN ('approved', 'rejected', 'in_fulfilment', 'completed') OR (status = 'cancelled' AND r2 < 0.3)
        THEN least(submitted_at + (0.5 + r2 * 30) * interval '1 hour', submitted_at + (now() - submitted_at) * 0.3) END
      WHERE submitted_at IS NOT NULL`);
    await q(`UPDATE b_ord SET started_at = CASE WHEN status IN ('in_fulfilment', 'completed') THEN coalesce(decided_at, submitted_at) + (5 + r3 * 120) * interval '1 minute' END,
        cancelled_at = CASE WHEN status = 'cancelled' THEN least(coalesce(decided_at, submitted_at) + (1 + r3 * 48) * interval '1 hour', coalesce(decided_at, submitted_at) + (now() - coalesce(decided_at, submitted_at)) * 0.5) END
      WHERE submitted_at IS NOT NULL`);
    await q(`UPDATE b_ord SET started_at = least(started_at, submitted_at + (now() - submitted_at) * 0.5) WHERE started_at IS NOT NULL`);
    await q(`UPDATE b_ord SET completed_at = least(started_at + (1 + r4 * 96) * interval '1 hour', started_at + (now() - started_at) * 0.8) WHERE status = 'completed'`);
    // Work visits: a window of one to three days, starting a few days after the order.
    await q(`UPDATE b_ord SET win_start = date_trunc('day', created_at) + (1 + floor(r4 * 6)) * interval '1 day' + interval '7 hours',
        win_end = date_trunc('day', created_at) + (1 + floor(r4 * 6) + floor(r3 * 3)) * interval '1 day' + interval '18 hours'
      WHERE item_key IN ('work-visit', 'permanent-badge', 'imac')`);
    await q(`UPDATE b_ord SET win_end = win_start + interval '365 days' WHERE item_key = 'permanent-badge'`);
    await q(`CREATE INDEX ON b_ord (id)`);

    const values = `CASE item_key
      WHEN 'work-visit' THEN jsonb_build_object(
        'locations', jsonb_build_array(cage_id), 'window', jsonb_build_object('start', ${ISO('win_start')}, 'end', ${ISO('win_end')}),
        'persons', '[]'::jsonb,
        'visitors', CASE WHEN r1 < 0.6
          THEN jsonb_build_array(jsonb_build_object('name', (ARRAY['Ola Nordmann','Kari Hansen','Jens Berg','Anna Weber','Lukas Schmidt','Olga Petrova'])[1 + floor(r2 * 6)::int], 'company', (ARRAY['Nordic Fiber AS','Server Service GmbH','Rack & Stack AB','Kabel Profis GmbH'])[1 + floor(r3 * 4)::int], 'email', 'visitor' || i || 'a@visitors.bench.example', 'phone', '+47 400 ' || lpad((i % 100000)::text, 5, '0')))
          ELSE jsonb_build_array(
            jsonb_build_object('name', (ARRAY['Ola Nordmann','Kari Hansen','Jens Berg','Anna Weber','Lukas Schmidt','Olga Petrova'])[1 + floor(r2 * 6)::int], 'company', (ARRAY['Nordic Fiber AS','Server Service GmbH','Rack & Stack AB','Kabel Profis GmbH'])[1 + floor(r3 * 4)::int], 'email', 'visitor' || i || 'a@visitors.bench.example', 'phone', '+47 400 ' || lpad((i % 100000)::text, 5, '0')),
            jsonb_build_object('name', (ARRAY['Per Olsen','Ingrid Larsen','Max Müller','Sofia Ivanova'])[1 + floor(r1 * 4)::int], 'company', (ARRAY['Nordic Fiber AS','Server Service GmbH','Rack & Stack AB','Kabel Profis GmbH'])[1 + floor(r3 * 4)::int], 'email', 'visitor' || i || 'b@visitors.bench.example', 'phone', '+49 151 ' || lpad((i % 1000000)::text, 6, '0'))) END,
        'purpose', (ARRAY['installation','maintenance','troubleshooting','audit','tour','other'])[1 + floor(r2 * 6)::int],
        'openCabinet', r3 < 0.3, 'escort', r4 < 0.1)
      WHEN 'permanent-badge' THEN jsonb_build_object('persons', jsonb_build_array(b3.id), 'locations', jsonb_build_array(cage_id),
        'validity', jsonb_build_object('start', to_char(win_start, 'YYYY-MM-DD'), 'end', to_char(win_end, 'YYYY-MM-DD')), 'reason', 'Works on our equipment every week.')
      WHEN 'smart-hands' THEN jsonb_build_object('location', jsonb_build_array(cage_id),
        'requestType', (ARRAY['equipment_install','unrack','cable_patch','reboot','visual_inspection','photos','media_swap','shipment_unpack','locate_package','other'])[1 + floor(r2 * 10)::int],
        'device', 'srv-' || lpad((i % 997)::text, 3, '0') || ', U' || (1 + floor(r3 * 40))::int, 'urgency', (ARRAY['standard','standard','urgent','scheduled'])[1 + floor(r4 * 4)::int],
        'instructions', 'Please ' || (ARRAY['power-cycle the server and check the status LEDs','re-seat the uplink cable on port 2','install the new server in the marked units','send photos of the rear of the rack'])[1 + floor(r1 * 4)::int] || '.',
        'photosRequired', r3 < 0.4)
      WHEN 'inbound-shipment' THEN jsonb_build_object('location', jsonb_build_array(cage_id), 'carrier', (ARRAY['dhl','fedex','ups','postnord','own','other'])[1 + floor(r2 * 6)::int],
        'boxes', 1 + floor(r3 * 12)::int, 'weightKg', round((5 + r4 * 300)::numeric, 1), 'expectedDate', to_char(created_at + interval '3 days', 'YYYY-MM-DD'),
        'trackingNumbers', 'JD' || lpad((i * 7919 % 100000000)::text, 10, '0'), 'deliverToCage', r1 < 0.5, 'description', 'Servers and spare parts')
      WHEN 'outbound-shipment' THEN jsonb_build_object('location', jsonb_build_array(cage_id), 'carrier', (ARRAY['dhl','fedex','ups','postnord'])[1 + floor(r2 * 4)::int],
        'boxes', 1 + floor(r3 * 6)::int, 'pickup', ${ISO(`created_at + interval '2 days'`)}, 'shipTo', 'Repair centre, Industrieweg 4, 1000 AB Amsterdam',
        'description', 'Faulty disks for RMA', 'declaredValue', (100 + floor(r4 * 5000))::int, 'insurance', r1 < 0.3)
      WHEN 'cross-connect' THEN jsonb_build_object('aSide', jsonb_build_array(cage_id), 'quantity', 1 + floor(r3 * 2)::int, 'aPanel', cage_code || '-PP1', 'aPort', (1 + floor(r2 * 24))::int::text,
        'zProvider', (ARRAY['Telia Carrier','Lumen','Cogent','GlobalConnect'])[1 + floor(r4 * 4)::int], 'zPanel', 'MMR-PP' || (1 + floor(r1 * 9))::int, 'zPort', (1 + floor(r3 * 48))::int::text,
        'media', (ARRAY['smf','mmf','cat6a'])[1 + floor(r2 * 3)::int], 'connector', (ARRAY['lc','sc','rj45'])[1 + floor(r2 * 3)::int], 'speed', (ARRAY['1g','10g','100g','400g'])[1 + floor(r4 * 4)::int], 'expedite', r1 < 0.1)
      WHEN 'cables-consumables' THEN jsonb_build_object('location', jsonb_build_array(cage_id), 'articles', jsonb_build_array((ARRAY['patch_cat6a','fibre_lc_lc','power_c13_c14','cage_nuts','blanking','labels'])[1 + floor(r2 * 6)::int]),
        'quantity', 1 + floor(r3 * 20)::int, 'length', (ARRAY['1m','2m','3m','5m','10m'])[1 + floor(r4 * 5)::int])
      WHEN 'cleaning' THEN jsonb_build_object('location', jsonb_build_array(cage_id), 'scope', jsonb_build_array((ARRAY['packaging','floor','dust'])[1 + floor(r2 * 3)::int]), 'preferredDate', to_char(created_at + interval '5 days', 'YYYY-MM-DD'))
      WHEN 'imac' THEN jsonb_build_object('change', (ARRAY['install','add','change'])[1 + floor(r2 * 3)::int], 'location', jsonb_build_array(cage_id),
        'window', jsonb_build_object('start', ${ISO('win_start')}, 'end', ${ISO(`win_start + interval '4 hours'`)}), 'devices', 'Install two 1U servers in U20–U21 and cable them to the top-of-rack switch.')
      WHEN 'decommission' THEN jsonb_build_object('scope', 'devices', 'locations', jsonb_build_array(cage_id), 'devices', 'Old storage array in U10–U14',
        'removalDate', to_char(created_at + interval '14 days', 'YYYY-MM-DD'), 'disposal', (ARRAY['collect','ship','dispose'])[1 + floor(r2 * 3)::int], 'wipeMedia', true)
      ELSE jsonb_build_object('subject', (ARRAY['Quote for two more racks','Change of invoice address','Extra power feed','Guided tour for our auditors'])[1 + floor(r2 * 4)::int],
        'description', 'Please get back to us with a proposal.', 'neededBy', to_char(created_at + interval '30 days', 'YYYY-MM-DD'))
    END`;
    await q(`INSERT INTO orders (id, org_id, number, ref, item_id, item_kind, item, "values", location_ids, status, requester_id, created_at, updated_at,
        submitted_at, decided_at, fulfilment_started_at, completed_at, cancelled_at, cancel_reason)
      SELECT o.id, c.org_id, i, 'ORD' || lpad(i::text, 7, '0'), item_id, item_kind, snapshot, ${values},
        CASE WHEN item_key = 'something-else' THEN '{}'::uuid[] ELSE ARRAY[cage_id] END,
        status, requester_id, created_at, coalesce(completed_at, cancelled_at, started_at, decided_at, submitted_at, created_at),
        submitted_at, decided_at, started_at, completed_at, cancelled_at,
        CASE WHEN status = 'cancelled' THEN (ARRAY['No longer needed','Ordered by mistake','We will do it ourselves'])[1 + floor(r1 * 3)::int] END
      FROM b_ord o JOIN b_cage c ON c.org_idx = o.org_idx LEFT JOIN b_user b3 ON b3.org_idx = o.org_idx AND b3.slot = 3`);
    await q(`SELECT setval('order_ref_seq', ${N})`);
    await q(`UPDATE catalogue_items ci SET order_count = n FROM (SELECT item_id, count(*) AS n FROM b_ord WHERE status <> 'draft' GROUP BY item_id) x WHERE ci.id = x.item_id`);
    log(`  orders (${ms(tc)})`);
    tc = performance.now();

    // Approvals per the item's rule: customer step, then provider step.
    await q(`INSERT INTO order_approvals (id, org_id, order_id, step, position, status, decided_by, decided_at, comment, created_at)
      SELECT pg_temp.uuid7(o.submitted_at), c.org_id, o.id, st.step, st.pos,
        -- Rule "both", rejected: by the customer (the provider step then goes) or, after the customer's approval, by the provider.
        CASE WHEN o.decided_at IS NULL THEN 'pending'
             WHEN o.status = 'rejected' AND (o.approval_rule <> 'both' OR (st.step = 'customer') = (o.r3 < 0.5)) THEN 'rejected'
             ELSE 'approved' END,
        CASE WHEN o.decided_at IS NOT NULL THEN CASE WHEN st.step = 'customer' THEN o.admin_id ELSE o.agent_id END END,
        CASE WHEN o.decided_at IS NOT NULL THEN o.decided_at - (2 - st.pos) * interval '10 minutes' END,
        CASE WHEN o.status = 'rejected' THEN 'Not within our budget this quarter.' END,
        o.submitted_at
      FROM b_ord o JOIN b_cage c ON c.org_idx = o.org_idx
      CROSS JOIN LATERAL (VALUES ('customer', 1), ('provider', 2)) AS st(step, pos)
      WHERE o.submitted_at IS NOT NULL AND (
        (st.step = 'customer' AND o.approval_rule IN ('customer_admin', 'both')) OR (st.step = 'provider' AND o.approval_rule IN ('provider', 'both')))`);
    // A rejection by the customer leaves no provider step to decide.
    await q(`DELETE FROM order_approvals a USING order_approvals c WHERE a.order_id = c.order_id AND a.step = 'provider' AND c.step = 'customer' AND c.status = 'rejected'`);

    // Fulfilment tasks from the item's template: all done when completed, the first ones done while in fulfilment.
    await q(`INSERT INTO order_tasks (id, org_id, order_id, position, title, group_id, assignee_id, status, done_by, done_at, created_at, updated_at)
      SELECT pg_temp.uuid7(o.started_at), c.org_id, o.id, t.pos::int, t.task->'title', nullif(t.task->>'groupId', '')::uuid,
        CASE WHEN o.status = 'completed' OR t.pos = 1 THEN o.agent_id END,
        CASE WHEN o.status = 'completed' THEN 'done' WHEN t.pos < 1 + floor(o.r4 * jsonb_array_length(o.item_tasks)) THEN 'done' WHEN t.pos = 1 THEN 'in_progress' ELSE 'todo' END,
        CASE WHEN o.status = 'completed' OR t.pos < 1 + floor(o.r4 * jsonb_array_length(o.item_tasks)) THEN o.agent_id END,
        CASE WHEN o.status = 'completed' THEN o.started_at + (o.completed_at - o.started_at) * t.pos / jsonb_array_length(o.item_tasks)
             WHEN t.pos < 1 + floor(o.r4 * jsonb_array_length(o.item_tasks)) THEN o.started_at + (now() - o.started_at) * t.pos / (jsonb_array_length(o.item_tasks) + 1) END,
        o.started_at, coalesce(o.completed_at, o.started_at)
      FROM b_ord o JOIN b_cage c ON c.org_idx = o.org_idx CROSS JOIN LATERAL jsonb_array_elements(o.item_tasks) WITH ORDINALITY AS t(task, pos)
      WHERE o.started_at IS NOT NULL`);

    // Timelines: every step, in order, with who did it.
    await q(`INSERT INTO order_events (id, org_id, order_id, type, visibility, actor_id, body, data, created_at)
      SELECT pg_temp.uuid7(e.at), c.org_id, o.id, e.type, e.vis, e.actor, e.body, e.data, e.at
      FROM b_ord o JOIN b_cage c ON c.org_idx = o.org_idx CROSS JOIN LATERAL (VALUES
        (true, o.created_at, 'created', 'public', o.requester_id, NULL::text, jsonb_build_object('item', o.item_key, 'version', 1)),
        (o.submitted_at IS NOT NULL, o.submitted_at, 'submitted', 'public', o.requester_id, NULL, '{}'::jsonb),
        (o.submitted_at IS NOT NULL AND o.approval_rule <> 'none', o.submitted_at + interval '1 millisecond', 'approval_requested', 'public', NULL::uuid, NULL,
          jsonb_build_object('step', CASE WHEN o.approval_rule = 'provider' THEN 'provider' ELSE 'customer' END)),
        (o.decided_at IS NOT NULL AND o.approval_rule <> 'none', o.decided_at, CASE WHEN o.status = 'rejected' THEN 'rejected' ELSE 'approved' END, 'public',
          CASE WHEN o.approval_rule = 'provider' THEN o.agent_id ELSE o.admin_id END,
          CASE WHEN o.status = 'rejected' THEN 'Not within our budget this quarter.' END, jsonb_build_object('step', CASE WHEN o.approval_rule = 'provider' THEN 'provider' ELSE 'customer' END, 'via', 'portal')),
        (o.started_at IS NOT NULL, o.started_at, 'fulfilment_started', 'public', NULL, NULL, jsonb_build_object('tasks', jsonb_array_length(o.item_tasks))),
        (o.started_at IS NOT NULL AND o.r2 < 0.25, o.started_at + interval '10 minutes', 'comment', 'public', o.agent_id, 'We have scheduled this with the on-site team.', '{}'::jsonb),
        (o.started_at IS NOT NULL AND o.r3 < 0.1, o.started_at + interval '11 minutes', 'internal_note', 'internal', o.agent_id, 'Check the cage key is in the key box.', '{}'::jsonb),
        (o.completed_at IS NOT NULL, o.completed_at, 'completed', 'public', o.agent_id, NULL, '{}'::jsonb),
        (o.cancelled_at IS NOT NULL, o.cancelled_at, 'cancelled', 'public', o.requester_id, 'No longer needed', '{}'::jsonb)
      ) AS e(present, at, type, vis, actor, body, data)
      WHERE e.present`);
    await q(`INSERT INTO order_events (id, org_id, order_id, type, visibility, actor_id, data, created_at)
      SELECT pg_temp.uuid7(t.done_at), t.org_id, t.order_id, 'task_changed', 'public', t.done_by, jsonb_build_object('taskId', t.id, 'from', 'in_progress', 'to', 'done'), t.done_at
      FROM order_tasks t WHERE t.done_at IS NOT NULL`);
    log(`  approvals, tasks, timelines (${ms(tc)})`);
    tc = performance.now();

    // Grants: badge holders (permanent badges reissued yearly), badges from permanent-badge orders, visitors of work visits.
    await q(`INSERT INTO access_grants (id, org_id, user_id, person_name, person_email, badge_id, site_id, location_ids, valid_from, valid_until, kind, status, created_at)
      SELECT pg_temp.uuid7(now() - interval '400 days'), c.org_id, u.id, u.name, lower(u.email), 'B' || lpad(c.org_idx::text, 4, '0') || '-' || u.slot, c.site_id, ARRAY[c.id],
        now() - interval '400 days', now() + interval '330 days', 'permanent', 'active', now() - interval '400 days'
      FROM b_cage c JOIN b_user u ON u.org_idx = c.org_idx AND u.slot < ${BADGES_PER_ORG}`);
    await q(`INSERT INTO access_grants (id, org_id, user_id, person_name, person_email, badge_id, site_id, location_ids, valid_from, valid_until, kind, source_order_id, source_order_ref, status, created_by, created_at)
      SELECT pg_temp.uuid7(o.decided_at), c.org_id, u.id, u.name, lower(u.email), 'K' || lpad(o.i::text, 7, '0'), c.site_id, ARRAY[c.id],
        o.decided_at, o.decided_at + interval '365 days', 'permanent', o.id, 'ORD' || lpad(o.i::text, 7, '0'),
        CASE WHEN o.decided_at + interval '365 days' < now() THEN 'expired' ELSE 'active' END, o.agent_id, o.decided_at
      FROM b_ord o JOIN b_cage c ON c.org_idx = o.org_idx JOIN b_user u ON u.org_idx = o.org_idx AND u.slot = 3
      WHERE o.item_key = 'permanent-badge' AND o.status IN ('approved', 'in_fulfilment', 'completed')`);
    await q(`CREATE TEMP TABLE b_visitor AS
      SELECT pg_temp.uuid7(o.decided_at) AS id, o.id AS order_id, o.i, c.org_id, c.org_idx, c.site_id, c.id AS cage_id, c.building_id, c.hall_id, c.code AS cage_code,
        v->>'name' AS name, v->>'company' AS company, v->>'email' AS email, v->>'phone' AS phone, o.win_start, o.win_end, o.decided_at, o.agent_id
      FROM b_ord o JOIN b_cage c ON c.org_idx = o.org_idx JOIN orders x ON x.id = o.id CROSS JOIN LATERAL jsonb_array_elements(x."values"->'visitors') AS v
      WHERE o.item_key = 'work-visit' AND o.status IN ('approved', 'in_fulfilment', 'completed')`);
    await q(`INSERT INTO access_grants (id, org_id, person_name, visitor_company, person_email, visitor_phone, site_id, location_ids, valid_from, valid_until, kind, source_order_id, source_order_ref, status, created_by, created_at)
      SELECT id, org_id, name, company, email, phone, site_id, ARRAY[cage_id], win_start, win_end, 'visit', order_id, 'ORD' || lpad(i::text, 7, '0'),
        CASE WHEN win_end < now() THEN 'expired' ELSE 'active' END, agent_id, decided_at
      FROM b_visitor`);
    const grants = Number((await q('SELECT count(*) AS n FROM access_grants')).rows[0].n);
    log(`  ${grants} access grants (${ms(tc)})`);

    // Access events: bulk load without the secondary indexes and the foreign key, rebuilt afterwards.
    const restoreEventKeys = await dropForBulkLoad(q, ['access_events'], { indexes: true });
    const visitEvents = (alias: string, key: string, ref: string, badge: string) => `
      SELECT pg_temp.uuid7(e.at), ${alias}.org_id, 'acs-' || ${alias}.vid || '-' || e.n, ${ref}, ${badge}, ${key}, e.loc, e.reader, e.dir, e.at, e.result, ${alias}.grant_id,
        CASE WHEN e.result = 'denied' THEN 'denied' ELSE 'none' END, 'api', e.at + (1 + ${alias}.r1 * 4) * interval '1 second'
      FROM ${alias} CROSS JOIN LATERAL (VALUES
        (1, ${alias}.t0, ${alias}.building_id, 'B1 main entrance', 'in', 'granted'),
        (2, ${alias}.t0 + (2 + ${alias}.r1 * 4) * interval '1 minute', ${alias}.cage_id, ${alias}.cage_code || ' door', 'in', CASE WHEN ${alias}.r2 < 0.01 THEN 'denied' ELSE 'granted' END),
        (3, ${alias}.t1 - (2 + ${alias}.r1 * 4) * interval '1 minute', ${alias}.cage_id, ${alias}.cage_code || ' door', 'out', 'granted'),
        (4, ${alias}.t1, ${alias}.building_id, 'B1 main entrance', 'out', 'granted')
      ) AS e(n, at, loc, reader, dir, result)
      WHERE e.at <= now()`;
    const cols = `(id, org_id, event_id, person_ref, badge_id, person_key, location_id, reader, direction, occurred_at, result, grant_id, flag, source, received_at)`;

    // Visitors: one or two visits inside their window.
    tc = performance.now();
    await q(`CREATE TEMP TABLE b_vv AS
      SELECT 'v' || v.id || '-' || d AS vid, v.org_id, v.id AS grant_id, v.email, v.building_id, v.cage_id, v.cage_code, r1, r2,
        t0, t0 + (1 + r1 * 6) * interval '1 hour' AS t1
      FROM b_visitor v
      CROSS JOIN LATERAL generate_series(0, CASE WHEN random() < 0.5 THEN 0 ELSE 1 END) d
      CROSS JOIN LATERAL (SELECT random() AS r1, random() AS r2, least(v.win_start + d * interval '1 day' + random() * interval '2 hours', v.win_end - interval '2 hours') AS t0) x
      WHERE v.win_start < now()`);
    const vis = await q(`INSERT INTO access_events ${cols} ${visitEvents('b_vv', `'e:' || b_vv.email`, 'b_vv.email', 'NULL')}`);
    let events = vis.rowCount ?? 0;
    log(`  ${events} visitor events (${ms(tc)})`);

    // Unknown badges at the building entrances: nobody's, flagged for the provider.
    const unknown = Math.round(E * 0.002);
    await q(`INSERT INTO access_events ${cols}
      SELECT pg_temp.uuid7(at), NULL, 'acs-x' || n, NULL, 'X' || lpad((n % 5000)::text, 6, '0'), 'b:X' || lpad((n % 5000)::text, 6, '0'), s.building_id, 'B1 main entrance', 'in', at, 'denied', NULL, 'unknown_badge', 'api', at + interval '2 seconds'
      FROM (SELECT n, now() - random() * interval '365 days' AS at, floor(random() * ${SITES.length})::int AS site_idx FROM generate_series(1, ${unknown}) n) u JOIN b_site s ON s.idx = u.site_idx`);
    events += unknown;

    // Badge holders: visits on working days, skewed over the organisations like the orders.
    await q(`CREATE TEMP TABLE b_badge AS
      SELECT c.org_idx, u.slot, g.id AS grant_id, g.org_id, g.user_id, g.badge_id, c.building_id, c.id AS cage_id, c.code AS cage_code
      FROM access_grants g JOIN b_cage c ON c.org_id = g.org_id JOIN b_user u ON u.id = g.user_id
      WHERE g.badge_id LIKE 'B%'`);
    await q(`ALTER TABLE b_badge ADD PRIMARY KEY (org_idx, slot)`);
    let chunk = 0;
    while (events < E) {
      const visits = Math.min(EVENT_CHUNK / 4, Math.ceil((E - events) / 4));
      tc = performance.now();
      await q(`DROP TABLE IF EXISTS b_mv`);
      await q(`CREATE TEMP TABLE b_mv AS
        SELECT 'm' || ${chunk} || '-' || n AS vid, b.org_id, b.grant_id, b.user_id, b.badge_id, b.building_id, b.cage_id, b.cage_code, x.r1, x.r2, x.t0,
          x.t0 + (20 + x.r1 * 340) * interval '1 minute' AS t1
        FROM (
          SELECT n, 1 + least(${ORGS} - 1, floor(power(random(), 1.6) * ${ORGS})::int) AS org_idx, floor(random() * ${BADGES_PER_ORG})::int AS slot,
            random() AS r1, random() AS r2,
            -- a working day (Monday–Friday) of the last year, between 06:00 and 18:00 UTC
            date_trunc('day', now() - floor(random() * 365) * interval '1 day') + (6 + random() * 12) * interval '1 hour' AS t0
          FROM generate_series(1, ${Math.ceil(visits * 1.5)}) n
        ) x JOIN b_badge b ON b.org_idx = x.org_idx AND b.slot = x.slot
        WHERE extract(isodow FROM x.t0) < 6 AND x.t0 < now()
        LIMIT ${visits}`); // the series is in random time order, so the limit cuts no period short
      const r = await q(`INSERT INTO access_events ${cols} ${visitEvents('b_mv', `'u:' || b_mv.user_id`, 'NULL', 'b_mv.badge_id')} ORDER BY 10`);
      events += r.rowCount ?? 0;
      chunk++;
      log(`  badge holders' events: ${events} in all (${ms(tc)})`);
      if ((r.rowCount ?? 0) === 0) break;
    }
    await q(`DROP TABLE IF EXISTS b_mv`);
    tc = performance.now();
    log('rebuilding the access_events indexes and foreign key …');
    await restoreEventKeys();
    await q(`UPDATE access_grants g SET last_used_at = x.at FROM (SELECT grant_id, max(occurred_at) AS at FROM access_events WHERE grant_id IS NOT NULL AND result = 'granted' GROUP BY grant_id) x WHERE g.id = x.grant_id`);
    log(`  (${ms(tc)})`);
    log('VACUUM ANALYZE …');
    for (const tbl of ['orders', 'order_events', 'order_approvals', 'order_tasks', 'access_grants', 'access_events', 'locations', 'racks', 'location_entitlements', 'catalogue_items']) await q(`VACUUM ANALYZE ${tbl}`);
    const seconds = (performance.now() - t0) / 1000;
    await q(`CREATE SCHEMA IF NOT EXISTS bench; CREATE TABLE IF NOT EXISTS bench.generated_orders (orders int, events bigint, grants bigint, seconds numeric, at timestamptz)`);
    await q(`DELETE FROM bench.generated_orders`);
    await q(`INSERT INTO bench.generated_orders VALUES ($1, $2, $3, $4, now())`, [N, events, grants, seconds.toFixed(1)]);
    log(`generated ${N} orders, ${grants} access grants and ${events} access events in ${seconds.toFixed(0)} s`);
    return { orders: N, events, grants, seconds, skipped: false };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await generateOrders({ orders: numberArg('orders', 100_000), events: numberArg('events', 5_000_000), force: process.argv.includes('--force') });
}
