import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { SearchParams, SearchResultDto } from '../../../contracts/search.js';
import { parseSearchInput } from './query.js';
import { searchRegistry, type SearchHit, type SearchKind, type SearchRegistry } from './registry.js';

/**
 * One search over the portal: parses the input once, asks every provider the caller may use (all, or
 * the requested kinds) at once, and merges their hits by rank. Open to visitors: signed out, only the
 * providers that allow it answer (public articles). No words (empty input, only punctuation or emoji):
 * no provider is asked. Each provider applies its own visibility rule; a failing provider is logged and
 * named in `failed` while the others still answer. `p` is validated by the route's schema.
 */
export async function search(ctx: Ctx, registry: SearchRegistry, p: z.output<typeof SearchParams>): Promise<SearchResultDto> {
  const lang = ctx.actor?.locale ?? p.lang ?? 'en';
  const q = parseSearchInput(p.q, lang, { prefix: p.prefix, limit: p.limit });
  if (q.terms.length === 0) return { terms: [], items: [], groups: [], failed: [] };
  const wanted = p.kinds ? new Set<SearchKind>(p.kinds) : null;
  const providers = [...registry.providers.values()].filter((pr) => (!wanted || wanted.has(pr.kind)) && pr.allowed(ctx));
  const failed: SearchKind[] = [];
  const answers = await Promise.all(
    providers.map(async (pr) => {
      try {
        return (await pr.search(ctx, q)).slice(0, q.limit);
      } catch (err) {
        ctx.log.error({ err, kind: pr.kind }, 'search provider failed');
        failed.push(pr.kind);
        return [] as SearchHit[];
      }
    }),
  );
  const items = answers.flat().sort((a, b) => b.rank - a.rank || b.updatedAt.localeCompare(a.updatedAt));
  const counts = new Map<SearchKind, number>();
  for (const h of items) counts.set(h.kind, (counts.get(h.kind) ?? 0) + 1);
  return {
    terms: q.terms,
    items: items.map((h) => ({ ...h, rank: Math.round(h.rank * 10_000) / 10_000 })),
    groups: [...counts].map(([kind, count]) => ({ kind, count })),
    failed: failed.sort(),
  };
}

export { searchRegistry };
