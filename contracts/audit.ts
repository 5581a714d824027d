import { z } from 'zod';

export const AuditEntryDto = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime({ offset: true }),
    orgId: z.uuid().nullable(),
    actorId: z.uuid().nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

export const AuditQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  actorId: z.uuid().optional(),
  action: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Provider admins only: one organisation's entries. */
  orgId: z.uuid().optional(),
});

export const MailDto = z
  .object({
    id: z.uuid(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    template: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    /** The last delivery error (SMTP answer), while queued for a retry or failed. */
    error: z.string().nullable(),
    /** When the next delivery attempt is due, for a queued message. */
    nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    sentAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'Mail' });
