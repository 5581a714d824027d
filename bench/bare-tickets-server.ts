// The ticket baseline: bare Fastify + node-postgres running one indexed SELECT, the first page of one
// organisation's tickets, newest first (tickets_org_created_idx, whose order is DESC NULLS LAST), with
// the same pool size as Portico.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });
app.get<{ Querystring: { org: string; limit?: string } }>('/tickets', async (req) => {
  const { rows } = await pool.query('SELECT * FROM tickets WHERE org_id = $1 ORDER BY created_at DESC NULLS LAST, id DESC NULLS LAST LIMIT $2', [req.query.org, Number(req.query.limit ?? 25)]);
  return { items: rows };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
