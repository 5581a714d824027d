/**
 * Generates the ticket benchmark's data into the bench database (PostgreSQL):
 *   npx tsx bench/generate-tickets.ts [--tickets 1000000] [--orgs 2000] [--force]
 *
 * Migrates the database with Portico's own migrations, then writes, set-based (INSERT … SELECT over
 * generate_series, one chunk of 100,000 tickets per statement group):
 *  - a provider organisation with an admin and 30 agents in three support groups (skills by category),
 *  - `orgs` customer organisations (80% on the 24/7 policy, 20% on business hours; service levels 1–5),
 *    each with a customer admin and four users, all with the password BENCH_PASSWORD,
 *  - `tickets` tickets over the last three years, spread unevenly over the organisations: kinds,
 *    categories, urgency × impact → priority from the real matrix, SLA targets from the organisation's
 *    policy; most old ones closed or resolved, recent ones new, in progress or waiting for the customer;
 *    open tickets unassigned (some in a group) or assigned; watchers on some;
 *  - their timelines: created, assigned, the agent's first reply, customer replies, status changes,
 *    resolution, closure (about six events per ticket),
 *  - for open tickets the due times and SLA marks computed by the tickets module itself (`dueTimes`,
 *    `slaOf`), with the SLA warning and breach entries the SLA watch would have written.
 * A marker (bench.generated) records the size; a second run at the same size does nothing, another
 * size (or --force) starts from an empty database.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import pg from 'pg';
import { IMPACTS, priorityFor, URGENCIES } from '../contracts/ticket-priority.js';
import { openDatabase } from '../server/platform/db/client.js';
import { runMigrations } from '../server/platform/db/migrate.js';
import { dueTimes, slaOf, type TicketRow } from '../server/modules/tickets/internal.js';
import type { BusinessCalendar } from '../server/modules/tickets/sla.js';
import { dropForBulkLoad, numberArg, prepareBulkSession, since as ms } from './lib.js';
import { BENCH_DATABASE_URL, ensureDatabase } from './pg.js';

export const BENCH_PASSWORD = 'portico-bench-2026';
export const GROUPS = [
  { name: 'Facilities', categories: ['power', 'cooling', 'physical_security', 'access'] },
  { name: 'Network', categories: ['network'] },
  { name: 'Hardware and portal', categories: ['hardware', 'portal', 'other'] },
] as const;
export const AGENTS_PER_GROUP = 10;
export const USERS_PER_ORG = 5; // slot 0 is the customer admin
const CHUNK = 100_000;

/** Deterministic addresses, so the benchmark can sign the generated users in. */
export const orgEmail = (orgIdx: number, slot: number) => `${slot === 0 ? 'admin' : `user${slot}`}@org${String(orgIdx).padStart(4, '0')}.bench.example`;
export const agentEmail = (n: number) => `agent${String(n).padStart(2, '0')}@provider.bench.example`;
export const PROVIDER_ADMIN = 'admin@provider.bench.example';

export type Generated = { tickets: number; orgs: number; events: number; seconds: number; skipped: boolean };

export async function generateTickets(opts: { tickets: number; orgs: number; url?: string; force?: boolean; log?: (s: string) => void }): Promise<Generated> {
  const url = opts.url ?? BENCH_DATABASE_URL;
  const log = opts.log ?? ((s: string) => console.log(s));
  const N = opts.tickets;
  const ORGS = opts.orgs;
  if (!Number.isInteger(N) || N < 1) throw new Error('--tickets must be a positive whole number');
  if (!Number.isInteger(ORGS) || ORGS < 1 || ORGS > 9999) throw new Error('--orgs must be between 1 and 9999');

  await ensureDatabase(url);
  let client = new pg.Client({ connectionString: url });
  await client.connect();
  const marker = await client
    .query<{ tickets: number; orgs: number; events: string; seconds: string }>('SELECT tickets, orgs, events, seconds FROM bench.generated')
    .then((r) => r.rows[0])
    .catch(() => undefined);
  if (marker && marker.tickets === N && marker.orgs === ORGS && !opts.force) {
    await client.end();
    log(`bench data already generated: ${N} tickets over ${ORGS} organisations (${marker.events} events) — skipping`);
    return { tickets: N, orgs: ORGS, events: Number(marker.events), seconds: Number(marker.seconds), skipped: true };
  }
  const used = await client
    .query('SELECT 1 FROM organizations LIMIT 1')
    .then((r) => (r.rowCount ?? 0) > 0)
    .catch(() => false);
  if (used || marker) {
    await client.end();
    log(`bench database holds other data${marker ? ` (${marker.tickets} tickets over ${marker.orgs} organisations)` : ''}: recreating it`);
    await ensureDatabase(url, true);
    client = new pg.Client({ connectionString: url });
    await client.connect();
  }
  const t0 = performance.now();
  const q = (text: string, params?: unknown[]) => client.query(text, params);
  try {
    log('migrating with Portico’s migrations …');
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
    try {
      await runMigrations(database);
    } finally {
      await database.close();
    }
    await prepareBulkSession(q);
    const hash = await hashPassword(BENCH_PASSWORD);

    // Reference data from the migrations: categories, policies with their targets, the priority matrix.
    const cats = (await q('SELECT id, key FROM ticket_categories ORDER BY sort')).rows as { id: string; key: string }[];
    const pols = (await q('SELECT id, name, calendar, targets, is_default FROM sla_policies ORDER BY is_default DESC, name')).rows as {
      id: string;
      calendar: BusinessCalendar;
      targets: Record<string, { firstResponseMinutes: number; resolutionMinutes: number }>;
    }[];
    const matrix = (await q('SELECT priority_matrix FROM ticket_settings WHERE id = 1')).rows[0]!.priority_matrix;
    const defaultPolicy = pols[0]!;
    const otherPolicy = pols[1] ?? defaultPolicy;
    await q(`CREATE TEMP TABLE b_cats (idx int PRIMARY KEY, id uuid, key text, group_idx int, title text)`);
    const titles: Record<string, string> = {
      power: 'Power feed lost on rack',
      cooling: 'Inlet temperature high in row',
      network: 'Packet loss on uplink',
      physical_security: 'Door alarm in suite',
      hardware: 'Disk failure reported by server',
      access: 'Visitor access needed for',
      portal: 'Cannot download invoice',
      other: 'Question about our contract',
    };
    for (const [i, c] of cats.entries()) {
      const g = GROUPS.findIndex((gr) => (gr.categories as readonly string[]).includes(c.key));
      await q('INSERT INTO b_cats VALUES ($1, $2, $3, $4, $5)', [i, c.id, c.key, g < 0 ? 2 : g, titles[c.key] ?? 'Request']);
    }
    await q(`CREATE TEMP TABLE b_matrix (urgency text, impact text, priority text, PRIMARY KEY (urgency, impact))`);
    for (const u of URGENCIES) for (const i of IMPACTS) await q('INSERT INTO b_matrix VALUES ($1, $2, $3)', [u, i, priorityFor(u, i, matrix)]);
    await q(`CREATE TEMP TABLE b_targets (policy_id uuid, priority text, frt int, res int, PRIMARY KEY (policy_id, priority))`);
    for (const p of pols) for (const [prio, t] of Object.entries(p.targets)) await q('INSERT INTO b_targets VALUES ($1, $2, $3, $4)', [p.id, prio, t.firstResponseMinutes, t.resolutionMinutes]);

    // The provider: an admin and agents in three groups, the first of each group its lead.
    log('provider, agents, support groups …');
    await q(`INSERT INTO organizations (id, kind, name, slug, created_at, updated_at)
      VALUES (pg_temp.uuid7(now() - interval '1200 days'), 'provider', 'Bench Provider', 'bench-provider', now() - interval '1200 days', now() - interval '1200 days')`);
    await q(`CREATE TEMP TABLE b_agents AS
      SELECT n, (n - 1) / ${AGENTS_PER_GROUP} AS group_idx, (n - 1) % ${AGENTS_PER_GROUP} AS slot, pg_temp.uuid7(now() - interval '1190 days') AS id
      FROM generate_series(1, ${GROUPS.length * AGENTS_PER_GROUP}) n`);
    await q(`CREATE UNIQUE INDEX ON b_agents (group_idx, slot)`);
    await q(
      `INSERT INTO users (id, name, email, email_verified, org_id, role, status, locale, created_at, updated_at)
       SELECT id, 'Agent ' || lpad(n::text, 2, '0'), 'agent' || lpad(n::text, 2, '0') || '@provider.bench.example', true,
         (SELECT id FROM organizations WHERE kind = 'provider'), 'provider_agent', 'active', (ARRAY['en','de','nb','ru'])[1 + n % 4], now() - interval '1190 days', now() - interval '1190 days'
       FROM b_agents
       UNION ALL
       SELECT pg_temp.uuid7(now() - interval '1195 days'), 'Bench Admin', $1, true, (SELECT id FROM organizations WHERE kind = 'provider'), 'provider_admin', 'active', 'en', now() - interval '1195 days', now() - interval '1195 days'`,
      [PROVIDER_ADMIN],
    );
    await q(`CREATE TEMP TABLE b_groups (idx int PRIMARY KEY, id uuid)`);
    for (const [i, g] of GROUPS.entries()) {
      const id = randomUUID();
      await q('INSERT INTO b_groups VALUES ($1, $2)', [i, id]);
      await q(`INSERT INTO support_groups (id, name, lead_id) VALUES ($1, $2, (SELECT id FROM b_agents WHERE group_idx = $3 AND slot = 0))`, [id, g.name, i]);
      await q(
        `INSERT INTO support_group_members (group_id, user_id, categories, languages) SELECT $1, id, $2::text[], '{}' FROM b_agents WHERE group_idx = $3`,
        [id, g.categories, i],
      );
    }

    // Customers: organisations with their SLA settings, five users each.
    log(`${ORGS} customer organisations, ${ORGS * USERS_PER_ORG} users …`);
    await q(
      `CREATE TEMP TABLE b_orgs AS
       SELECT i AS idx, pg_temp.uuid7(now() - interval '1100 days' + i * interval '1 minute') AS id,
         CASE WHEN random() < 0.2 THEN $1::uuid ELSE $2::uuid END AS policy_id, 1 + floor(random() * 5)::int AS service_level
       FROM generate_series(1, ${ORGS}) i`,
      [otherPolicy.id, defaultPolicy.id],
    );
    await q(`ALTER TABLE b_orgs ADD PRIMARY KEY (idx)`);
    await q(`INSERT INTO organizations (id, kind, name, slug, created_at, updated_at)
      SELECT id, 'customer', 'Bench Customer ' || lpad(idx::text, 4, '0'), 'bench-customer-' || lpad(idx::text, 4, '0'), now() - interval '1100 days', now() - interval '1100 days' FROM b_orgs`);
    await q(`INSERT INTO ticket_org_settings (org_id, sla_policy_id, service_level) SELECT id, policy_id, service_level FROM b_orgs`);
    await q(`CREATE TEMP TABLE b_users AS
      SELECT o.idx AS org_idx, s AS slot, o.id AS org_id, pg_temp.uuid7(now() - interval '1000 days') AS id,
        CASE WHEN s = 0 THEN 'customer_admin' ELSE 'customer_user' END AS role,
        CASE WHEN s = 0 THEN 'admin' ELSE 'user' || s END || '@org' || lpad(o.idx::text, 4, '0') || '.bench.example' AS email,
        (ARRAY['Ada','Bjørn','Clara','Dmitri','Eva','Finn','Greta','Hans','Ingrid','Jonas'])[1 + floor(random() * 10)::int] || ' '
          || (ARRAY['Berg','Hansen','Müller','Ivanova','Larsen','Schmidt','Nilsen','Petrov','Johansen','Weber'])[1 + floor(random() * 10)::int] AS name,
        (ARRAY['en','en','de','nb','ru'])[1 + floor(random() * 5)::int] AS locale
      FROM b_orgs o, generate_series(0, ${USERS_PER_ORG - 1}) s`);
    await q(`ALTER TABLE b_users ADD PRIMARY KEY (org_idx, slot)`);
    await q(`INSERT INTO users (id, name, email, email_verified, org_id, role, status, locale, created_at, updated_at)
      SELECT id, name, email, true, org_id, role, 'active', locale, now() - interval '1000 days', now() - interval '1000 days' FROM b_users`);
    await q(
      `INSERT INTO accounts (id, account_id, provider_id, user_id, password, created_at, updated_at)
       SELECT pg_temp.uuid7(now() - interval '1000 days'), id::text, 'credential', id, $1, now() - interval '1000 days', now() - interval '1000 days'
       FROM users WHERE email LIKE '%bench.example'`,
      [hash],
    );

    // Bulk load: foreign keys checked once afterwards (set-based) instead of per row.
    const restoreKeys = await dropForBulkLoad(q, ['tickets', 'ticket_events', 'ticket_watchers']);

    let events = 0;
    for (let from = 1; from <= N; from += CHUNK) {
      const to = Math.min(N, from + CHUNK - 1);
      const tc = performance.now();
      await q(`DROP TABLE IF EXISTS b_chunk`);
      await q(`CREATE TEMP TABLE b_chunk AS
        WITH g AS (
          SELECT i,
            now() - ((${N} - i)::float8 / ${N}) * interval '1095 days' - random() * interval '30 minutes' AS created_at,
            1 + least(${ORGS} - 1, floor(power(random(), 1.6) * ${ORGS})::int) AS org_idx,
            random() AS rk, random() AS rc, random() AS ru, random() AS ri, random() AS rs, random() AS ra,
            random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS rw,
            floor(random() * ${USERS_PER_ORG})::int AS req_slot, floor(random() * ${AGENTS_PER_GROUP})::int AS agent_slot
          FROM generate_series(${from}, ${to}) i
        ), h AS (
          SELECT g.*, extract(epoch FROM now() - g.created_at) / 86400 AS age,
            CASE WHEN rk < 0.55 THEN 'incident' WHEN rk < 0.9 THEN 'inquiry' ELSE 'safety_quality' END AS kind,
            CASE WHEN rc < 0.18 THEN 0 WHEN rc < 0.30 THEN 1 WHEN rc < 0.55 THEN 2 WHEN rc < 0.60 THEN 3 WHEN rc < 0.75 THEN 4 WHEN rc < 0.85 THEN 5 WHEN rc < 0.93 THEN 6 ELSE 7 END AS cat_idx,
            CASE WHEN ru < 0.05 THEN 'blocker' WHEN ru < 0.2 THEN 'critical' WHEN ru < 0.6 THEN 'major' ELSE 'minor' END AS urgency,
            CASE WHEN ri < 0.05 THEN 'organisation' WHEN ri < 0.2 THEN 'many' WHEN ri < 0.6 THEN 'few' ELSE 'one' END AS impact
          FROM g
        ), s AS (
          SELECT h.*, CASE
            WHEN age < 1 THEN CASE WHEN rs < 0.35 THEN 'new' WHEN rs < 0.7 THEN 'in_progress' WHEN rs < 0.8 THEN 'waiting_for_customer' WHEN rs < 0.95 THEN 'resolved' ELSE 'closed' END
            WHEN age < 14 THEN CASE WHEN rs < 0.04 THEN 'new' WHEN rs < 0.2 THEN 'in_progress' WHEN rs < 0.3 THEN 'waiting_for_customer' WHEN rs < 0.6 THEN 'resolved' ELSE 'closed' END
            ELSE CASE WHEN rs < 0.0003 THEN 'new' WHEN rs < 0.001 THEN 'in_progress' WHEN rs < 0.002 THEN 'waiting_for_customer' WHEN rs < 0.01 THEN 'resolved' ELSE 'closed' END
          END AS status
          FROM h
        ), j AS (
          SELECT s.*, o.id AS org_id, o.policy_id, o.service_level, c.id AS category_id, c.title AS title_base, c.group_idx, m.priority, pt.frt, pt.res,
            u.id AS requester_id, w.id AS watcher_id, a.id AS agent_id, gr.id AS group_id_of_cat
          FROM s
          JOIN b_orgs o ON o.idx = s.org_idx
          JOIN b_cats c ON c.idx = s.cat_idx
          JOIN b_matrix m ON m.urgency = s.urgency AND m.impact = s.impact
          JOIN b_targets pt ON pt.policy_id = o.policy_id AND pt.priority = m.priority
          JOIN b_users u ON u.org_idx = s.org_idx AND u.slot = s.req_slot
          JOIN b_users w ON w.org_idx = s.org_idx AND w.slot = (s.req_slot + 1) % ${USERS_PER_ORG}
          JOIN b_agents a ON a.group_idx = c.group_idx AND a.slot = s.agent_slot
          JOIN b_groups gr ON gr.idx = c.group_idx
        ), k AS (
          SELECT j.*,
            CASE WHEN status = 'new' THEN NULL
              ELSE least(created_at + frt * (0.1 + r1 * 1.1) * interval '1 minute', created_at + (now() - created_at) * 0.5) END AS first_responded_at
          FROM j
        ), l AS (
          SELECT k.*,
            CASE WHEN status IN ('resolved', 'closed')
              THEN greatest(first_responded_at + interval '1 minute', least(created_at + res * (0.2 + r2) * interval '1 minute', created_at + (now() - created_at) * 0.8)) END AS resolved_at
          FROM k
        )
        SELECT l.*,
          pg_temp.uuid7(created_at) AS id,
          CASE WHEN status = 'closed' THEN least(resolved_at + r3 * interval '7 days', resolved_at + (now() - resolved_at) * 0.9) END AS closed_at,
          CASE WHEN status = 'waiting_for_customer' THEN first_responded_at + (now() - first_responded_at) * r3 * 0.9 END AS paused_at,
          CASE WHEN status = 'new' OR ra > 0.97 THEN NULL ELSE agent_id END AS assignee_id,
          CASE WHEN status = 'new' AND ra >= 0.6 THEN NULL ELSE group_id_of_cat END AS group_id
        FROM l`);
      await q(`INSERT INTO tickets (id, org_id, kind, number, ref, title, description, category_id, urgency, impact, priority, status, resolution_code,
          requester_id, assignee_id, group_id, site, service, source, sla_policy_id, first_response_minutes, resolution_minutes, service_level, pauses,
          first_responded_at, first_response_due_at, resolution_due_at, sla_notified, created_at, updated_at, resolved_at, closed_at)
        SELECT id, org_id, kind, i, (CASE kind WHEN 'incident' THEN 'INC' WHEN 'inquiry' THEN 'INQ' ELSE 'SQR' END) || lpad(i::text, 7, '0'),
          title_base || ' ' || (1 + floor(rw * 40))::int,
          'Reported through the portal. ' || title_base || ' since ' || to_char(created_at, 'YYYY-MM-DD HH24:MI') || ' UTC.' || E'\\n\\n'
            || 'Affected: ' || (ARRAY['rack A-12','rack B-03','cage 4','suite 2.1','row C'])[1 + floor(r4 * 5)::int] || '. Please advise on next steps and expected time to fix.',
          category_id, urgency, impact, priority, status,
          CASE WHEN status IN ('resolved', 'closed') THEN (ARRAY['fixed','fixed','fixed','workaround','no_fault_found','duplicate','cancelled_by_customer','not_reproducible'])[1 + floor(r4 * 8)::int] END,
          requester_id, assignee_id, group_id,
          CASE WHEN r4 < 0.6 THEN (ARRAY['OSL1','OSL2','FRA1','BER1'])[1 + floor(r4 / 0.15)::int] END,
          NULL,
          CASE WHEN rw < 0.85 THEN 'portal' WHEN rw < 0.95 THEN 'api' ELSE 'email' END,
          policy_id, frt, res, service_level,
          CASE WHEN paused_at IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object('from', to_char(paused_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'to', NULL)) END,
          first_responded_at, NULL, NULL, '{}',
          created_at, coalesce(closed_at, resolved_at, paused_at, first_responded_at, created_at), resolved_at, closed_at
        FROM b_chunk`);
      const ev = await q(`INSERT INTO ticket_events (id, org_id, ticket_id, type, visibility, actor_id, body, data, created_at)
        SELECT pg_temp.uuid7(e.at), c.org_id, c.id, e.type, 'public', e.actor, e.body, e.data, e.at
        FROM b_chunk c CROSS JOIN LATERAL (VALUES
          (true, c.created_at, 'created', c.requester_id, NULL::text, jsonb_build_object('priority', c.priority, 'urgency', c.urgency, 'impact', c.impact)),
          (c.assignee_id IS NOT NULL, c.created_at + interval '1 millisecond', 'assigned', NULL::uuid, NULL, jsonb_build_object('assigneeId', c.assignee_id, 'groupId', c.group_id, 'auto', true)),
          (c.first_responded_at IS NOT NULL, c.first_responded_at, 'comment', c.agent_id,
            'Thank you, we are looking into it. ' || (ARRAY['A technician is on the way.','We have opened a case with the carrier.','Could you confirm the affected equipment?','We are checking the monitoring data.'])[1 + floor(c.r3 * 4)::int], '{}'::jsonb),
          (c.first_responded_at IS NOT NULL, c.first_responded_at + interval '1 millisecond', 'status_changed', c.agent_id, NULL, '{"from":"new","to":"in_progress"}'::jsonb),
          (c.first_responded_at IS NOT NULL AND c.r1 < 0.3, c.first_responded_at + (coalesce(c.resolved_at, c.paused_at, now()) - c.first_responded_at) * 0.5, 'comment', c.requester_id,
            'Thanks for the update. ' || (ARRAY['It is still happening.','That looks better now.','Please keep us posted.'])[1 + floor(c.r2 * 3)::int], '{}'::jsonb),
          (c.paused_at IS NOT NULL, c.paused_at, 'status_changed', c.agent_id, 'We need more information from you.', '{"from":"in_progress","to":"waiting_for_customer"}'::jsonb),
          (c.resolved_at IS NOT NULL, c.resolved_at, 'resolved', c.agent_id, 'Resolved, please let us know if anything is still wrong.', '{"from":"in_progress","to":"resolved","resolutionCode":"fixed"}'::jsonb),
          (c.closed_at IS NOT NULL, c.closed_at, 'status_changed', c.requester_id, NULL, '{"from":"resolved","to":"closed"}'::jsonb)
        ) AS e(present, at, type, actor, body, data)
        WHERE e.present`);
      events += ev.rowCount ?? 0;
      await q(`INSERT INTO ticket_watchers (org_id, ticket_id, user_id) SELECT org_id, id, watcher_id FROM b_chunk WHERE rw < 0.05`);
      log(`  tickets ${from}–${to}: ${ev.rowCount} events (${ms(tc)})`);
    }
    await q(`DROP TABLE IF EXISTS b_chunk`);
    // The resolution code in the 'resolved' event: the ticket's own.
    await q(`UPDATE ticket_events e SET data = jsonb_set(e.data, '{resolutionCode}', to_jsonb(t.resolution_code))
      FROM tickets t WHERE e.type = 'resolved' AND t.id = e.ticket_id AND t.org_id = e.org_id AND t.resolution_code <> 'fixed'`);
    log(`checking foreign keys …`);
    await restoreKeys();
    // Reference numbers continue after the generated ones (each kind's numbers are unique, with gaps).
    for (const seq of ['ticket_ref_incident_seq', 'ticket_ref_inquiry_seq', 'ticket_ref_safety_quality_seq', 'ticket_ref_problem_seq']) await q(`SELECT setval('${seq}', ${N})`);

    // Open tickets: due times and SLA marks from the tickets module's own arithmetic.
    log('due times and SLA marks of open tickets …');
    const open = (await q(`SELECT * FROM tickets WHERE status IN ('new', 'in_progress', 'waiting_for_customer')`)).rows as Record<string, unknown>[];
    const calendars = new Map(pols.map((p) => [p.id, p.calendar]));
    const now = new Date();
    const upd = { id: [] as string[], f: [] as (string | null)[], r: [] as (string | null)[], m: [] as string[] };
    const sla = { id: [] as string[], org: [] as string[], ticket: [] as string[], type: [] as string[], data: [] as string[], at: [] as string[] };
    for (const raw of open) {
      const t = {
        ...raw,
        createdAt: raw.created_at,
        firstResponseMinutes: raw.first_response_minutes,
        resolutionMinutes: raw.resolution_minutes,
        firstRespondedAt: raw.first_responded_at,
        resolvedAt: raw.resolved_at,
        closedAt: raw.closed_at,
        pauses: raw.pauses,
      } as unknown as TicketRow;
      const cal = calendars.get(raw.sla_policy_id as string)!;
      const due = dueTimes(t, cal, now);
      const s = slaOf(t, cal, now);
      const marks: string[] = [];
      const consider = (prefix: 'frt' | 'res', target: string, st: typeof s.firstResponse, done: boolean) => {
        if (done || (st.state !== 'breached' && st.state !== 'warning')) return;
        marks.push(`${prefix}_warning`);
        if (st.state === 'breached') marks.push(`${prefix}_breach`);
        const started = (t.createdAt as Date).getTime();
        const dueMs = st.dueAt ? st.dueAt.getTime() : now.getTime();
        const at = st.state === 'breached' ? Math.min(now.getTime(), dueMs) : Math.min(now.getTime(), started + 0.75 * (dueMs - started));
        sla.id.push(randomUUID());
        sla.org.push(raw.org_id as string);
        sla.ticket.push(raw.id as string);
        sla.type.push(st.state === 'breached' ? 'sla_breach' : 'sla_warning');
        sla.data.push(JSON.stringify({ target, dueAt: st.dueAt?.toISOString() ?? null }));
        sla.at.push(new Date(at).toISOString());
      };
      consider('frt', 'first_response', s.firstResponse, !!t.firstRespondedAt);
      consider('res', 'resolution', s.resolution, !!t.resolvedAt);
      upd.id.push(raw.id as string);
      upd.f.push(due.firstResponseDueAt?.toISOString() ?? null);
      upd.r.push(due.resolutionDueAt?.toISOString() ?? null);
      upd.m.push(marks.join(','));
    }
    await q(
      `UPDATE tickets t SET first_response_due_at = v.f, resolution_due_at = v.r, sla_notified = CASE WHEN v.m = '' THEN '{}'::text[] ELSE string_to_array(v.m, ',') END
       FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::timestamptz[]) AS f, unnest($3::timestamptz[]) AS r, unnest($4::text[]) AS m) v WHERE t.id = v.id`,
      [upd.id, upd.f, upd.r, upd.m],
    );
    await q(
      `INSERT INTO ticket_events (id, org_id, ticket_id, type, visibility, actor_id, data, created_at)
       SELECT unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::uuid[]), unnest($4::text[]), 'internal', NULL, unnest($5::jsonb[]), unnest($6::timestamptz[])`,
      [sla.id, sla.org, sla.ticket, sla.type, sla.data, sla.at],
    );
    events += sla.id.length;
    log(`  ${open.length} open tickets, ${sla.id.length} SLA warnings and breaches`);
    log('VACUUM ANALYZE …');
    for (const tbl of ['tickets', 'ticket_events', 'ticket_watchers', 'users', 'accounts', 'organizations']) await q(`VACUUM ANALYZE ${tbl}`);
    const seconds = (performance.now() - t0) / 1000;
    await q(`CREATE SCHEMA IF NOT EXISTS bench; CREATE TABLE IF NOT EXISTS bench.generated (tickets int, orgs int, events bigint, seconds numeric, at timestamptz)`);
    await q(`INSERT INTO bench.generated VALUES ($1, $2, $3, $4, now())`, [N, ORGS, events, seconds.toFixed(1)]);
    log(`generated ${N} tickets over ${ORGS} organisations with ${events} timeline events in ${seconds.toFixed(0)} s`);
    return { tickets: N, orgs: ORGS, events, seconds, skipped: false };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await generateTickets({ tickets: numberArg('tickets', 1_000_000), orgs: numberArg('orgs', 2000), force: process.argv.includes('--force') });
}
