import { z } from 'zod';
import { Id } from './common.js';

/** One search over the portal (issue 5): what the API accepts and answers. */
export const SEARCH_KINDS = ['article', 'document', 'catalogue_item', 'ticket', 'order'] as const;
export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;
export const SEARCH_LANGS = ['en', 'de', 'nb', 'ru'] as const;
export const SearchLang = z.enum(SEARCH_LANGS);

/** The raw input may be anything up to 10,000 characters; the server cuts and cleans it (never a 400 for odd characters). */
export const SearchParams = z.strictObject({
  q: z.string().max(10_000).default(''),
  /** Comma-separated kinds to search; all the caller may see when absent. */
  kinds: z
    .string()
    .max(200)
    .optional()
    .transform((s, c) => {
      if (!s) return undefined;
      const list = [...new Set(s.split(',').map((k) => k.trim()).filter(Boolean))];
      const bad = list.filter((k) => !(SEARCH_KINDS as readonly string[]).includes(k));
      if (bad.length) {
        c.addIssue({ code: 'custom', message: `Unknown kind: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return list as SearchKind[];
    }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** As-you-type: match the last word as a prefix (default true). */
  prefix: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The reader's language when signed out (signed in: the profile's). */
  lang: SearchLang.optional(),
});
export type SearchParams = z.input<typeof SearchParams>;

export const SearchHitDto = z.object({
  kind: SearchKind,
  id: Id,
  ref: z.string().nullable(),
  title: z.string(),
  /** HTML-escaped text where only <mark>…</mark> wraps the matches. */
  snippet: z.string(),
  url: z.string(),
  rank: z.number(),
  updatedAt: z.string(),
  lang: SearchLang.nullable(),
});
export type SearchHitDto = z.infer<typeof SearchHitDto>;

export const SearchResultDto = z.object({
  /** The words searched for (empty: nothing was searched). */
  terms: z.array(z.string()),
  /** Every hit, best first. */
  items: z.array(SearchHitDto),
  /** Hits per kind, in the order the kinds' best hits rank. */
  groups: z.array(z.object({ kind: SearchKind, count: z.number().int() })),
  /** Kinds whose provider failed this time (logged); the rest answered. */
  failed: z.array(SearchKind),
});
export type SearchResultDto = z.infer<typeof SearchResultDto>;

/** Deflection (issue 5): a customer opened a suggested article while writing a ticket. */
export const DeflectionEventInput = z.strictObject({
  /** The new-ticket form's draft session (random id the web makes per form visit). */
  draftId: z.uuid(),
  articleId: z.uuid(),
  /** opened: the suggestion was opened; abandoned: the form was left without submitting. */
  type: z.enum(['opened', 'abandoned']),
});
export type DeflectionEventInput = z.infer<typeof DeflectionEventInput>;
