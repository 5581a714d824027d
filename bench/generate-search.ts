/**
 * Search bench data (issue 5) on the ticket bench database (bench/generate-tickets.ts: 1,000,000 tickets
 * over 2,000 organisations): 50,000 knowledge-base articles in four languages (one or two variants each;
 * visibility public, all customers, chosen organisations, a role, internal) and 200,000 documents of the
 * organisations (their language, 10 % only for holders of billing.read), in set-based SQL. Needs the
 * tables of the knowledge base and the documents (their migrations); idempotent through bench.search_generated.
 *
 *   npx tsx bench/generate-search.ts [--articles 50000] [--documents 200000] [--force]
 */
import pg from 'pg';
import { openDatabase } from '../server/platform/db/client.js';
import { runMigrations } from '../server/platform/db/migrate.js';
import { BENCH_DATABASE_URL } from './pg.js';

/** Words per language the generated texts are made of (what a data-centre portal's texts say). */
export const WORDS: Record<'en' | 'de' | 'nb' | 'ru', string[]> = {
  en: 'power cooling network rack cage cabinet feed breaker outage maintenance access visitor badge shipment delivery cross connect fibre patch panel router switch firewall temperature humidity alarm generator battery contract invoice report service description manual procedure escalation remote hands smart technician reboot server storage backup'.split(' '),
  de: 'Stromversorgung Kühlung Netzwerk Rack Käfig Schrank Zuleitung Sicherung Ausfall Wartung Zutritt Besucher Ausweis Lieferung Anlieferung Querverbindung Glasfaser Patchfeld Router Switch Firewall Temperatur Luftfeuchtigkeit Alarm Generator Batterie Vertrag Rechnung Bericht Leistungsbeschreibung Handbuch Verfahren Eskalation Techniker Neustart Server Speicher Sicherung'.split(' '),
  nb: 'strømforsyning kjøling nettverk rack bur skap kurs sikring utfall vedlikehold adgang besøkende adgangskort forsendelse levering krysskobling fiber patchepanel ruter svitsj brannmur temperatur luftfuktighet alarm aggregat batteri kontrakt faktura rapport tjenestebeskrivelse håndbok prosedyre eskalering tekniker omstart server lagring sikkerhetskopi'.split(' '),
  ru: 'электропитание охлаждение сеть стойка клетка шкаф ввод автомат авария обслуживание доступ посетитель пропуск отправка доставка кросс-соединение оптоволокно патч-панель маршрутизатор коммутатор межсетевой температура влажность тревога генератор батарея договор счёт отчёт описание руководство процедура эскалация техник перезагрузка сервер хранилище резервное'.split(' '),
};
const LANGS = ['en', 'de', 'nb', 'ru'] as const;

/**
 * A random text of `n` words (SQL, evaluated per row): a domain word of the language's array `w` with
 * probability `domain`, else one of 30,000 other words (`wort123`-like), so a domain word occurs in a
 * realistic share of the texts rather than in all of them. `i` ties the aggregate to the inner query.
 */
const words = (w: string, n: number, domain: number) =>
  `(SELECT string_agg(CASE WHEN random() < ${domain} THEN ${w}[1 + floor(random() * array_length(${w}, 1))::int] ELSE 'w' || (i * 0 + floor(random() * 30000)::int) END, ' ') FROM generate_series(1, ${n}) i)`;

export async function generateSearchData(opts: { articles: number; documents: number; url?: string; force?: boolean; log?: (s: string) => void }) {
  const url = opts.url ?? BENCH_DATABASE_URL;
  const log = opts.log ?? ((s: string) => console.log(s));
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    log('migrating with Portico’s migrations (search columns and indexes on existing rows) …');
    await runMigrations(database);
  } finally {
    await database.close();
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA IF NOT EXISTS bench; CREATE TABLE IF NOT EXISTS bench.search_generated (articles int, documents int, seconds numeric)`);
    const [marker] = (await c.query<{ articles: number; documents: number }>('SELECT articles, documents FROM bench.search_generated')).rows;
    if (marker && marker.articles === opts.articles && marker.documents === opts.documents && !opts.force) {
      log(`search bench data already generated: ${marker.articles} articles, ${marker.documents} documents — skipping`);
      return { skipped: true };
    }
    const t0 = performance.now();
    await c.query(`SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'`);
    await c.query(`DELETE FROM org_documents WHERE created_by_system = 'bench'`);
    const orgs = (await c.query<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'customer' ORDER BY slug`)).rows.map((r) => r.id);
    if (orgs.length === 0) throw new Error('no customer organisations: generate the ticket bench data first (bench/generate-tickets.ts)');
    const [staff] = (await c.query<{ id: string }>(`SELECT u.id FROM users u JOIN organizations o ON o.id = u.org_id WHERE o.kind = 'provider' LIMIT 1`)).rows;
    const [category] = (await c.query<{ key: string }>(`SELECT key FROM document_categories ORDER BY position LIMIT 1`)).rows;
    const arrays = LANGS.map((l) => `ARRAY[${WORDS[l].map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]::text[]`);
    const wordsOf = (langExpr: string) => `(CASE ${langExpr} ${LANGS.map((l, i) => `WHEN '${l}' THEN ${arrays[i]}`).join(' ')} END)`;

    log(`documents: ${opts.documents} over ${orgs.length} organisations …`);
    await c.query(
      `INSERT INTO org_documents (id, org_id, category, title, description, language, visibility, required_permission, filename, storage_key, content_type, size, created_by_system, created_at, updated_at, search_text)
       SELECT gen_random_uuid(), orgs[1 + (g % array_length(orgs, 1))], $2, initcap(${words('w', 4, 0.5)}), ${words('w', 12, 0.1)}, lang,
              CASE WHEN g % 10 = 0 THEN 'permission' ELSE 'members' END, CASE WHEN g % 10 = 0 THEN 'billing.read' END,
              'document-' || g || '.pdf', 'bench/' || g, 'application/pdf', 1000, 'bench', at, at, ${words('w', 120, 0.03)}
       FROM (SELECT g, $1::uuid[] AS orgs, (ARRAY['en','de','nb','ru'])[1 + g % 4] AS lang, now() - (random() * interval '900 days') AS at FROM generate_series(1, $3) g) s,
            LATERAL (SELECT ${wordsOf('s.lang')} AS w) ww`,
      [orgs, category!.key, opts.documents],
    );

    const kb = (await c.query(`SELECT to_regclass('kb_articles') IS NOT NULL AS ok, to_regclass('kb_article_variants') IS NOT NULL AS ok2`)).rows[0] as { ok: boolean; ok2: boolean };
    let articles = 0;
    if (!kb.ok || !kb.ok2) log('knowledge-base tables missing (their migration has not landed): no articles generated');
    else
      try {
        await c.query('BEGIN');
        articles = await generateArticles();
        await c.query('COMMIT');
      } catch (e) {
        // The knowledge base's tables are still changing: say so, and measure the rest.
        await c.query('ROLLBACK');
        log(`articles not generated (the knowledge-base tables do not have the expected shape): ${(e as Error).message}`);
      }
    async function generateArticles() {
      log(`articles: ${opts.articles} in four languages …`);
      await c.query(`DELETE FROM kb_articles WHERE tags @> ARRAY['bench']`);
      await c.query(
        `INSERT INTO kb_articles (id, kind, main_lang, visibility, audience_roles, tags, published_version, last_version, created_by, updated_by, created_at, updated_at, published_at, last_reviewed_at)
         SELECT gen_random_uuid(), 'article', (ARRAY['en','de','nb','ru'])[1 + g % 4],
                (ARRAY['public','customers','customers','customers','organisations','audience','internal','public','customers','customers'])[1 + g % 10],
                CASE WHEN g % 10 = 5 THEN ARRAY['customer_admin'] ELSE '{}'::text[] END, ARRAY['bench'], 1, 1, $1::uuid, $1::uuid, at, at, at, at
         FROM (SELECT g, now() - (random() * interval '900 days') AS at FROM generate_series(1, $2) g) s`,
        [staff!.id, opts.articles],
      );
      await c.query(
        `INSERT INTO kb_article_orgs (article_id, org_id)
         SELECT a.id, ($1::uuid[])[1 + floor(random() * array_length($1::uuid[], 1))::int] FROM kb_articles a WHERE a.visibility = 'organisations' AND a.tags @> ARRAY['bench']`,
        [orgs],
      );
      // The main language's variant, and for every third article a second language.
      await c.query(
        `INSERT INTO kb_article_variants (article_id, lang, title, body, published_at)
         SELECT a.id, v.lang, initcap(${words('w', 6, 0.4)}), ${words('w', 250, 0.02)}, a.updated_at
         FROM kb_articles a
         CROSS JOIN LATERAL (SELECT a.main_lang AS lang UNION ALL SELECT (ARRAY['en','de','nb','ru'])[1 + (array_position(ARRAY['en','de','nb','ru'], a.main_lang) % 4)] WHERE random() < 0.34) v
         CROSS JOIN LATERAL (SELECT ${wordsOf('v.lang')} AS w) ww
         WHERE a.tags @> ARRAY['bench']`,
      );
      return opts.articles;
    }
    log('VACUUM ANALYZE …');
    await c.query('VACUUM ANALYZE org_documents');
    if (articles) for (const t of ['kb_articles', 'kb_article_variants', 'kb_article_orgs']) await c.query(`VACUUM ANALYZE ${t}`);
    await c.query('ANALYZE tickets');
    const seconds = (performance.now() - t0) / 1000;
    await c.query('DELETE FROM bench.search_generated');
    await c.query('INSERT INTO bench.search_generated VALUES ($1, $2, $3)', [articles, opts.documents, seconds.toFixed(1)]);
    log(`generated ${articles} articles and ${opts.documents} documents in ${seconds.toFixed(0)} s`);
    return { skipped: false };
  } finally {
    await c.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  await generateSearchData({ articles: arg('articles', 50_000), documents: arg('documents', 200_000), force: process.argv.includes('--force') });
}
