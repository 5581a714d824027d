import { z } from 'zod';
import { Locale, TimeZone } from './common.js';
import { PERMISSIONS, ROLES } from './permissions.js';

export const Password = z.string().min(12, 'must be at least 12 characters').max(256);

/** GET /api/v1/me: who am I, what may I do, what is left to do before I get in. */
export const Me = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    permissions: z.array(z.enum(PERMISSIONS)),
    locale: Locale,
    timeZone: z.string(),
    org: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['provider', 'customer']), mfaRequired: z.boolean() }),
    /** ok: fully signed in; enrol: must add a second factor; challenge: must verify one. */
    mfa: z.enum(['ok', 'enrol', 'challenge']),
    secondFactors: z.object({ totp: z.boolean(), passkeys: z.number().int() }),
    via: z.enum(['session', 'token']),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

export const UpdateMe = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  locale: Locale.optional(),
  timeZone: TimeZone.optional(),
});
export type UpdateMe = z.infer<typeof UpdateMe>;

export const ChangeEmail = z.strictObject({ newEmail: z.email().max(254), password: z.string().min(1).max(256) });

export const SessionDto = z
  .object({
    id: z.uuid(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });
export type SessionDto = z.infer<typeof SessionDto>;

export const ApiTokenDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    start: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiTokenDto = z.infer<typeof ApiTokenDto>;

export const CreateApiToken = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** Days until the token expires; 1–366. */
  expiresInDays: z.number().int().min(1).max(366),
});
/** The secret is in this answer only; Portico keeps a hash. */
export const CreatedApiToken = ApiTokenDto.extend({ token: z.string() }).meta({ id: 'CreatedApiToken' });

export const AcceptInvitation = z.strictObject({ token: z.string().min(16).max(200), password: Password });
export const InvitationInfo = z.object({ email: z.string(), orgName: z.string(), expiresAt: z.iso.datetime({ offset: true }) });
