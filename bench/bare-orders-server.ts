// The order and access baseline: bare Fastify + node-postgres, same pool size as Portico, running the
// bare minimum of each measured request: one indexed SELECT for an organisation's first page of orders
// (orders_org_created_idx) and for a month of its access events (access_events_org_time_idx), and one
// multi-row INSERT for a batch of access events (no matching, no names, no authentication).
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
app.get<{ Querystring: { org: string; limit?: string } }>('/orders', async (req) => {
  const { rows } = await pool.query(`SELECT * FROM orders WHERE org_id = $1 AND status <> 'draft' ORDER BY created_at DESC NULLS LAST, id DESC NULLS LAST LIMIT $2`, [req.query.org, Number(req.query.limit ?? 50)]);
  return { items: rows };
});
app.get<{ Querystring: { org: string; from: string; to: string; limit?: string } }>('/activity', async (req) => {
  const { rows } = await pool.query('SELECT * FROM access_events WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ORDER BY occurred_at DESC, id DESC LIMIT $4', [
    req.query.org,
    req.query.from,
    req.query.to,
    Number(req.query.limit ?? 100),
  ]);
  return { items: rows };
});
type Ev = { eventId: string; badgeId?: string; person?: string; locationId: string; reader?: string; direction: string; occurredAt: string; result: string };
app.post<{ Body: Ev[] }>('/events', async (req) => {
  const ev = req.body;
  const { rowCount } = await pool.query(
    `INSERT INTO access_events (id, event_id, badge_id, person_ref, person_key, location_id, reader, direction, occurred_at, result, source)
     SELECT gen_random_uuid(), e.event_id, e.badge_id, e.person, coalesce('b:' || e.badge_id, 'e:' || e.person), e.location_id, e.reader, e.direction, e.occurred_at, e.result, 'api'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::text[]) AS e(event_id, badge_id, person, location_id, reader, direction, occurred_at, result)
     ON CONFLICT (event_id) DO NOTHING`,
    [ev.map((e) => e.eventId), ev.map((e) => e.badgeId ?? null), ev.map((e) => e.person ?? null), ev.map((e) => e.locationId), ev.map((e) => e.reader ?? null), ev.map((e) => e.direction), ev.map((e) => e.occurredAt), ev.map((e) => e.result)],
  );
  return { stored: rowCount };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
