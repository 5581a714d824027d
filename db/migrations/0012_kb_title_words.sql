CREATE TABLE IF NOT EXISTS "kb_title_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "kb_title_words_trgm_idx" ON "kb_title_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE OR REPLACE FUNCTION kb_title_words_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kb_title_words (word)
  SELECT DISTINCT w FROM live, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, live.title))) AS w
  WHERE length(w) BETWEEN 3 AND 64
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS kb_title_words_on_insert ON kb_article_variants;--> statement-breakpoint
CREATE TRIGGER kb_title_words_on_insert AFTER INSERT ON kb_article_variants REFERENCING NEW TABLE AS live FOR EACH STATEMENT EXECUTE FUNCTION kb_title_words_keep();--> statement-breakpoint
DROP TRIGGER IF EXISTS kb_title_words_on_update ON kb_article_variants;--> statement-breakpoint
CREATE TRIGGER kb_title_words_on_update AFTER UPDATE ON kb_article_variants REFERENCING NEW TABLE AS live FOR EACH STATEMENT EXECUTE FUNCTION kb_title_words_keep();--> statement-breakpoint
INSERT INTO kb_title_words (word)
SELECT DISTINCT w FROM kb_article_variants v, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, v.title))) AS w
WHERE length(w) BETWEEN 3 AND 64
ON CONFLICT (word) DO NOTHING;
