ALTER TABLE "kb_articles" ADD COLUMN IF NOT EXISTS "review_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_categories" ADD COLUMN IF NOT EXISTS "archived_at" timestamp with time zone;--> statement-breakpoint
-- Search within one organisation (server/modules/search/sql.ts scopedMatchSql): each lexeme of a vector
-- prefixed by 8 hex digits of md5(scope), so a prefix query reads only that scope's index entries.
CREATE OR REPLACE FUNCTION portico_scoped_tsvector(scope uuid, v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_to_tsvector(array_agg(left(md5(scope::text), 8) || '_' || u.lexeme)), ''::tsvector) FROM unnest(v) u
$$;--> statement-breakpoint
-- The same prefix on every lexeme of a query (quoted lexemes in the text form, '' inside them kept).
CREATE OR REPLACE FUNCTION portico_scoped_tsquery(scope uuid, q tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT regexp_replace(q::text, '''((?:[^'']|'''')*)''', '''' || left(md5(scope::text), 8) || '_\1''', 'g')::tsquery
$$;--> statement-breakpoint
ALTER TABLE "kb_article_variants" ADD COLUMN IF NOT EXISTS "title_tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector((CASE lang WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END), coalesce(title, '')), 'A')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "org_documents_scoped_search_idx" ON "org_documents" USING gin (portico_scoped_tsvector("org_id", "search_vector"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_scoped_search_idx" ON "tickets" USING gin (portico_scoped_tsvector("org_id", "search_vector"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "orders_scoped_search_idx" ON "orders" USING gin (portico_scoped_tsvector("org_id", "search_vector"));--> statement-breakpoint
ALTER TABLE "kb_article_variants" ADD COLUMN IF NOT EXISTS "published_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Live content went live when its article was last published.
UPDATE "kb_article_variants" v SET "published_at" = coalesce(a."published_at", a."updated_at") FROM "kb_articles" a WHERE a."id" = v."article_id";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_title_tsv_idx" ON "kb_article_variants" USING gin ("title_tsv");

