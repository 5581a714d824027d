CREATE TABLE IF NOT EXISTS "search_words" (
	"kind" text NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_words_kind_word_pk" PRIMARY KEY("kind","word")
);
--> statement-breakpoint
DROP INDEX IF EXISTS "kb_article_variants_tsv_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "kb_article_variants_title_tsv_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "kb_article_variants_title_trgm_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_words_trgm_idx" ON "search_words" USING gin ("kind","word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_tsv_en_idx" ON "kb_article_variants" USING gin ("tsv") WHERE lang = 'en';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_title_tsv_en_idx" ON "kb_article_variants" USING gin ("title_tsv") WHERE lang = 'en';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_tsv_de_idx" ON "kb_article_variants" USING gin ("tsv") WHERE lang = 'de';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_title_tsv_de_idx" ON "kb_article_variants" USING gin ("title_tsv") WHERE lang = 'de';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_tsv_nb_idx" ON "kb_article_variants" USING gin ("tsv") WHERE lang = 'nb';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_title_tsv_nb_idx" ON "kb_article_variants" USING gin ("title_tsv") WHERE lang = 'nb';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_tsv_ru_idx" ON "kb_article_variants" USING gin ("tsv") WHERE lang = 'ru';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_article_variants_title_tsv_ru_idx" ON "kb_article_variants" USING gin ("title_tsv") WHERE lang = 'ru';--> statement-breakpoint
DROP INDEX IF EXISTS "kb_article_variants_lang_tsv_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "kb_article_variants_lang_title_tsv_idx";--> statement-breakpoint
-- The words of titles for search's typo fallback (search_words, see search.tables.ts): lower-cased
-- words as to_tsvector('simple') splits them, 3 to 64 characters. One function per trigger level; the
-- kind is the trigger's argument.
CREATE OR REPLACE FUNCTION portico_search_words_of_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (kind, word)
  SELECT DISTINCT TG_ARGV[0], w FROM live, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, coalesce(live.title, '')))) AS w
  WHERE length(w) BETWEEN 3 AND 64
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION portico_search_words_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (kind, word)
  SELECT DISTINCT TG_ARGV[0], w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, coalesce(NEW.title, '')))) AS w
  WHERE length(w) BETWEEN 3 AND 64
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS search_words_on_insert ON kb_article_variants;--> statement-breakpoint
CREATE TRIGGER search_words_on_insert AFTER INSERT ON kb_article_variants REFERENCING NEW TABLE AS live FOR EACH STATEMENT EXECUTE FUNCTION portico_search_words_of_rows('article');--> statement-breakpoint
DROP TRIGGER IF EXISTS search_words_on_update ON kb_article_variants;--> statement-breakpoint
CREATE TRIGGER search_words_on_update AFTER UPDATE ON kb_article_variants REFERENCING NEW TABLE AS live FOR EACH STATEMENT EXECUTE FUNCTION portico_search_words_of_rows('article');--> statement-breakpoint
DROP TRIGGER IF EXISTS search_words_on_insert ON tickets;--> statement-breakpoint
CREATE TRIGGER search_words_on_insert AFTER INSERT ON tickets REFERENCING NEW TABLE AS live FOR EACH STATEMENT EXECUTE FUNCTION portico_search_words_of_rows('ticket');--> statement-breakpoint
DROP TRIGGER IF EXISTS search_words_on_title ON tickets;--> statement-breakpoint
CREATE TRIGGER search_words_on_title AFTER UPDATE OF title ON tickets FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION portico_search_words_of_row('ticket');--> statement-breakpoint
INSERT INTO search_words (kind, word)
SELECT DISTINCT 'article', w FROM kb_article_variants v, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, v.title))) AS w
WHERE length(w) BETWEEN 3 AND 64
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO search_words (kind, word)
SELECT DISTINCT 'ticket', w FROM tickets t, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, t.title))) AS w
WHERE length(w) BETWEEN 3 AND 64
ON CONFLICT DO NOTHING;--> statement-breakpoint
ANALYZE search_words;--> statement-breakpoint
ALTER TABLE "kb_attachments" ADD COLUMN IF NOT EXISTS "state" text DEFAULT 'live' NOT NULL;
