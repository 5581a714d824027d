import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../platform/tenancy.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Answers before a ticket (issue 5): a customer opened a suggested article while writing a new ticket
 * (one row per form visit `draft_id` and article). Outcome `opened` until the form is left: `deflected`
 * when left without submitting, `ticket` (with ticket_id: the article is linked to the ticket) when the
 * ticket was submitted after all.
 */
export const deflectionEvents = pgTable(
  'deflection_events',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id').notNull(),
    articleId: uuid('article_id').notNull(),
    draftId: uuid('draft_id').notNull(),
    outcome: text('outcome').notNull().default('opened'),
    ticketId: uuid('ticket_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deflection_events_draft_article_uq').on(t.orgId, t.draftId, t.articleId),
    index('deflection_events_org_updated_idx').on(t.orgId, t.updatedAt),
    index('deflection_events_ticket_idx').on(t.orgId, t.ticketId),
  ],
);

/**
 * Typo tolerance: the words of titles, per kind of item ('article': live article titles, 'ticket':
 * ticket titles), lower-cased as to_tsvector('simple') splits them, kept by triggers on the owning
 * tables (migration 0012). A typo fallback finds the words similar to what was typed here (pg_trgm on
 * a small table) and asks the full-text index for them (similarWords in words.ts), instead of comparing
 * what was typed with every title. The words are never shown: they only widen a query whose rows the
 * provider's own rule still decides, so a word stays when its row goes.
 */
export const searchWords = pgTable(
  'search_words',
  {
    kind: text('kind').notNull(),
    word: text('word').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.word] }), index('search_words_trgm_idx').using('gin', t.kind, sql`${t.word} gin_trgm_ops`)],
);
