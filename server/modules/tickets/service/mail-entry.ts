import { z } from 'zod';
import type { TicketEventDto } from '../../../../contracts/tickets.js';
import type { AuthedCtx, Ctx } from '../../../platform/context.js';
import type { MailTokens } from '../../../platform/mail-tokens.js';
import { AppError } from '../../../platform/errors.js';
import { loadActor } from '../../identity/index.js';
import { getVisibleTicket } from '../internal.js';
import { getRating, RateTicket, rateTicket } from './csat-canned.js';
import { addComment } from './update-ticket.js';

/** Longest reply taken from a mail (the portal's limit for a comment). */
export const MAIL_REPLY_MAX_CHARS = 20_000;

/**
 * A reply that came by mail: a public comment of the sender, under exactly the rules of a portal
 * reply (visibility, closed tickets, a reply to a ticket waiting for the customer resumes its SLA),
 * marked `source: email` on the timeline entry. `ctx` is the sender's, built by the mail-in module.
 */
export function addCommentFromMail(ctx: AuthedCtx, ticketId: string, body: string): Promise<TicketEventDto> {
  return addComment(ctx, ticketId, { body: body.slice(0, MAIL_REPLY_MAX_CHARS), internal: false }, { source: 'email' });
}

export const RatingLinkInput = z.strictObject({ token: z.string().min(1).max(300), score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() });
export const RatingLinkQuery = z.strictObject({ token: z.string().min(1).max(300) });
export const RatingLinkDto = z
  .object({
    ticket: z.object({ id: z.uuid(), ref: z.string(), title: z.string(), status: z.string() }),
    rating: z.object({ score: z.number().int(), comment: z.string().nullable(), createdAt: z.iso.datetime({ offset: true }) }).nullable(),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'RatingLink' });
export type RatingLinkDto = z.infer<typeof RatingLinkDto>;

const invalid = () => new AppError(400, 'TOKEN_INVALID', 'This rating link is not valid or has expired. Rate the ticket in the portal instead.');

/** The person a rating link was sent to, as the acting user; the link stands in for their sign-in to this one ticket. */
async function linkCtx(ctx: Ctx, tokens: MailTokens, token: string) {
  const claim = tokens.verifyRating(token);
  if (!claim) throw invalid();
  const loaded = await loadActor(ctx.db, claim.userId);
  if (!loaded) throw invalid();
  return { claim, ctx: { ...ctx, actor: loaded.actor } as AuthedCtx };
}

/**
 * What the rating page shows (ticket reference and title, an earlier rating). Public, with the signed
 * token of the resolution mail; reading never records anything (mail scanners prefetch links).
 */
export async function ratingLinkInfo(ctx: Ctx, tokens: MailTokens, input: z.input<typeof RatingLinkQuery>): Promise<RatingLinkDto> {
  const data = RatingLinkQuery.parse(input);
  const { claim, ctx: as } = await linkCtx(ctx, tokens, data.token);
  const t = await getVisibleTicket(as.db, as, claim.ticketId).catch(() => {
    throw invalid();
  });
  const { rating } = await getRating(as, t.id);
  return { ticket: { id: t.id, ref: t.ref, title: t.title, status: t.status }, rating, expiresAt: claim.expiresAt.toISOString() };
}

/**
 * Records the rating of a rating link: the portal's rule exactly (rateTicket: customers only, once the
 * ticket is resolved, changeable while it may be reopened, else 409), as the user the link was sent to.
 */
export async function rateByLink(ctx: Ctx, tokens: MailTokens, input: z.input<typeof RatingLinkInput>) {
  const data = RatingLinkInput.parse(input);
  const { claim, ctx: as } = await linkCtx(ctx, tokens, data.token);
  const rating: z.input<typeof RateTicket> = { score: data.score, ...(data.comment ? { comment: data.comment } : {}) };
  return rateTicket(as, claim.ticketId, rating);
}
