import { z } from 'zod';

/** Replies by mail: the provider admins' log of what the inbound listener took in. Shared by server and web. */
export const INBOUND_OUTCOMES = ['accepted', 'rejected', 'duplicate'] as const;
export const INBOUND_REASONS = ['unknown_sender', 'staff_sender', 'auto_reply', 'bad_token', 'no_ticket', 'not_allowed', 'ticket_closed', 'empty', 'invalid'] as const;

export const InboundMailDto = z
  .object({
    id: z.uuid(),
    messageId: z.string().nullable(),
    from: z.string(),
    recipients: z.string(),
    subject: z.string(),
    size: z.number().int(),
    outcome: z.enum(INBOUND_OUTCOMES),
    /** Why a mail was dropped (null when accepted or a duplicate). */
    reason: z.enum(INBOUND_REASONS).nullable(),
    /** How its ticket was found: the signed reply address (token) or Message-ID threading (thread). */
    matchedBy: z.enum(['token', 'thread']).nullable(),
    ticketId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
    /** The timeline entry an accepted mail became. */
    eventId: z.uuid().nullable(),
    receivedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'InboundMail' });
export type InboundMailDto = z.infer<typeof InboundMailDto>;

export const InboundMailQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  outcome: z.enum(INBOUND_OUTCOMES).optional(),
});
export type InboundMailQuery = z.input<typeof InboundMailQuery>;
