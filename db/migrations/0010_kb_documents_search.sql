-- Issue 4 (order something, second part) and issue 5 (knowledge base, documents, one search), squashed
-- from the migrations written while they were built; see each section.
CREATE TABLE "document_categories" (
	"key" text PRIMARY KEY NOT NULL,
	"names" jsonb NOT NULL,
	"position" integer DEFAULT 100 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_document_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"filename" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_by" uuid,
	"created_by_system" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"text_status" text DEFAULT 'pending' NOT NULL,
	"text" text
);
--> statement-breakpoint
ALTER TABLE "org_documents" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "org_documents" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "org_documents" ADD COLUMN "visibility" text DEFAULT 'members' NOT NULL;--> statement-breakpoint
ALTER TABLE "org_documents" ADD COLUMN "current_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_documents" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "org_documents" ADD COLUMN "search_text" text;--> statement-breakpoint
ALTER TABLE "org_documents" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector((CASE "language" WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END), coalesce("title", '')), 'A') || setweight(to_tsvector((CASE "language" WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END), coalesce("description", '') || ' ' || coalesce("search_text", '')), 'B')) STORED;--> statement-breakpoint
CREATE UNIQUE INDEX "org_documents_org_id_uq" ON "org_documents" USING btree ("org_id","id");--> statement-breakpoint
ALTER TABLE "org_document_versions" ADD CONSTRAINT "org_document_versions_document_fk" FOREIGN KEY ("org_id","document_id") REFERENCES "public"."org_documents"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "org_document_versions_doc_version_uq" ON "org_document_versions" USING btree ("org_id","document_id","version");--> statement-breakpoint
CREATE INDEX "org_document_versions_pending_idx" ON "org_document_versions" USING btree ("created_at") WHERE text_status = 'pending';--> statement-breakpoint
CREATE INDEX "org_documents_search_idx" ON "org_documents" USING gin ("search_vector");--> statement-breakpoint
-- Hand-written (h5): the unique index above must exist before the composite foreign key; default categories; version rows for documents stored before versions existed.
INSERT INTO "document_categories" ("key", "names", "position") VALUES
  ('operations_manual', '{"en":"Operations manuals","de":"Betriebshandbücher","nb":"Driftshåndbøker","ru":"Руководства по эксплуатации"}', 10),
  ('service_description', '{"en":"Service descriptions","de":"Leistungsbeschreibungen","nb":"Tjenestebeskrivelser","ru":"Описания услуг"}', 20),
  ('contract', '{"en":"Contracts","de":"Verträge","nb":"Kontrakter","ru":"Договоры"}', 30),
  ('report', '{"en":"Reports","de":"Berichte","nb":"Rapporter","ru":"Отчёты"}', 40),
  ('access_report', '{"en":"Access reports","de":"Zutrittsberichte","nb":"Adgangsrapporter","ru":"Отчёты о доступе"}', 50),
  ('billing', '{"en":"Billing","de":"Abrechnung","nb":"Fakturering","ru":"Счета"}', 60),
  ('other', '{"en":"Other","de":"Sonstiges","nb":"Annet","ru":"Прочее"}', 90)
ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
UPDATE "org_documents" SET "visibility" = 'permission' WHERE "required_permission" IS NOT NULL;--> statement-breakpoint
INSERT INTO "org_document_versions" ("id", "org_id", "document_id", "version", "filename", "storage_key", "content_type", "size", "created_by", "created_by_system", "created_at", "text_status")
  SELECT d."id", d."org_id", d."id", 1, d."filename", d."storage_key", d."content_type", d."size", d."created_by", d."created_by_system", d."created_at", 'pending' FROM "org_documents" d
  WHERE NOT EXISTS (SELECT 1 FROM "org_document_versions" v WHERE v."document_id" = d."id");
--> statement-breakpoint
-- Search (issue 5): trigram similarity for typos, and btree_gin so GIN indexes can start with org_id.
-- PGlite loads both as contrib extensions in platform/db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE TABLE "deflection_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"draft_id" uuid NOT NULL,
	"outcome" text DEFAULT 'opened' NOT NULL,
	"ticket_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("texts"->'en'->>'name', '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("texts"->'en'->>'short', '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce("texts"->'en'->>'long', '')), 'C') || setweight(to_tsvector('german'::regconfig, coalesce("texts"->'de'->>'name', '')), 'A') || setweight(to_tsvector('german'::regconfig, coalesce("texts"->'de'->>'short', '')), 'B') || setweight(to_tsvector('german'::regconfig, coalesce("texts"->'de'->>'long', '')), 'C') || setweight(to_tsvector('norwegian'::regconfig, coalesce("texts"->'nb'->>'name', '')), 'A') || setweight(to_tsvector('norwegian'::regconfig, coalesce("texts"->'nb'->>'short', '')), 'B') || setweight(to_tsvector('norwegian'::regconfig, coalesce("texts"->'nb'->>'long', '')), 'C') || setweight(to_tsvector('russian'::regconfig, coalesce("texts"->'ru'->>'name', '')), 'A') || setweight(to_tsvector('russian'::regconfig, coalesce("texts"->'ru'->>'short', '')), 'B') || setweight(to_tsvector('russian'::regconfig, coalesce("texts"->'ru'->>'long', '')), 'C')) STORED;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, "ref" || ' ' || coalesce("item"->'names'->>'en', '') || ' ' || coalesce("item"->'names'->>'de', '') || ' ' || coalesce("item"->'names'->>'nb', '') || ' ' || coalesce("item"->'names'->>'ru', '')), 'A')) STORED;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, "ref" || ' ' || "title"), 'A') || setweight(to_tsvector('simple'::regconfig, left("description", 20000)), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "deflection_events" ADD CONSTRAINT "deflection_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deflection_events_draft_article_uq" ON "deflection_events" USING btree ("org_id","draft_id","article_id");--> statement-breakpoint
CREATE INDEX "deflection_events_org_updated_idx" ON "deflection_events" USING btree ("org_id","updated_at");--> statement-breakpoint
CREATE INDEX "deflection_events_ticket_idx" ON "deflection_events" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE INDEX "catalogue_items_search_idx" ON "catalogue_items" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "orders_search_idx" ON "orders" USING gin ("org_id","search_vector");--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("org_id","search_vector");--> statement-breakpoint
CREATE INDEX "tickets_title_trgm_idx" ON "tickets" USING gin ("org_id","title" gin_trgm_ops);
--> statement-breakpoint
CREATE TABLE "kb_article_orgs" (
	"article_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "kb_article_orgs_article_id_org_id_pk" PRIMARY KEY("article_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "kb_article_variants" (
	"article_id" uuid NOT NULL,
	"lang" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector((CASE lang WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END), coalesce(title, '')), 'A') || setweight(to_tsvector((CASE lang WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END), coalesce(body, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "kb_article_variants_article_id_lang_pk" PRIMARY KEY("article_id","lang")
);
--> statement-breakpoint
CREATE TABLE "kb_articles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'article' NOT NULL,
	"category_id" uuid,
	"main_lang" text NOT NULL,
	"visibility" text NOT NULL,
	"audience_roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience_permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"draft" jsonb,
	"draft_status" text,
	"published_version" integer,
	"last_version" integer DEFAULT 0 NOT NULL,
	"problem_id" uuid,
	"view_count" integer DEFAULT 0 NOT NULL,
	"helpful_yes" integer DEFAULT 0 NOT NULL,
	"helpful_no" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"last_reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_reviewed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "kb_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"parent_id" uuid,
	"names" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"helpful" boolean NOT NULL,
	"comment" text,
	"lang" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_related" (
	"article_id" uuid NOT NULL,
	"related_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kb_related_article_id_related_id_pk" PRIMARY KEY("article_id","related_id")
);
--> statement-breakpoint
CREATE TABLE "kb_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"review_after_days" integer DEFAULT 180 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_versions" (
	"article_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_versions_article_id_number_pk" PRIMARY KEY("article_id","number")
);
--> statement-breakpoint
DROP INDEX "org_documents_search_idx";--> statement-breakpoint
ALTER TABLE "kb_article_orgs" ADD CONSTRAINT "kb_article_orgs_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_orgs" ADD CONSTRAINT "kb_article_orgs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_variants" ADD CONSTRAINT "kb_article_variants_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_category_id_kb_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."kb_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_attachments" ADD CONSTRAINT "kb_attachments_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_categories" ADD CONSTRAINT "kb_categories_parent_id_kb_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."kb_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_related" ADD CONSTRAINT "kb_related_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_related" ADD CONSTRAINT "kb_related_related_id_kb_articles_id_fk" FOREIGN KEY ("related_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_versions" ADD CONSTRAINT "kb_versions_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kb_article_orgs_org_idx" ON "kb_article_orgs" USING btree ("org_id","article_id");--> statement-breakpoint
CREATE INDEX "kb_article_variants_tsv_idx" ON "kb_article_variants" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "kb_article_variants_title_trgm_idx" ON "kb_article_variants" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "kb_articles_live_idx" ON "kb_articles" USING btree ("visibility","updated_at") WHERE published_version is not null;--> statement-breakpoint
CREATE INDEX "kb_articles_views_idx" ON "kb_articles" USING btree ("view_count") WHERE published_version is not null;--> statement-breakpoint
CREATE INDEX "kb_articles_category_idx" ON "kb_articles" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "kb_articles_problem_idx" ON "kb_articles" USING btree ("problem_id") WHERE problem_id is not null;--> statement-breakpoint
CREATE INDEX "kb_articles_tags_idx" ON "kb_articles" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "kb_attachments_article_idx" ON "kb_attachments" USING btree ("article_id","created_at");--> statement-breakpoint
CREATE INDEX "kb_categories_parent_idx" ON "kb_categories" USING btree ("parent_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "kb_feedback_user_uq" ON "kb_feedback" USING btree ("article_id","user_id");--> statement-breakpoint
CREATE INDEX "kb_feedback_org_idx" ON "kb_feedback" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "org_documents_title_trgm_idx" ON "org_documents" USING gin ("org_id","title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "org_documents_search_idx" ON "org_documents" USING gin ("org_id","search_vector");
--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "attachments" jsonb;
