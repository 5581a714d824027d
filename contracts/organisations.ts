import { z } from 'zod';
import { DELEGABLE_PERMISSIONS, PERMISSIONS, ROLES } from './permissions.js';

export const OrgDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    kind: z.enum(['provider', 'customer']),
    mfaRequired: z.boolean(),
    status: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    userCount: z.number().int(),
  })
  .meta({ id: 'Organisation' });
export type OrgDto = z.infer<typeof OrgDto>;

export const CreateOrg = z.strictObject({
  name: z.string().trim().min(2).max(120),
  admin: z.strictObject({ name: z.string().trim().min(1).max(120), email: z.email().max(254) }),
});

export const SetOrgMfa = z.strictObject({
  mfaRequired: z.boolean(),
  /** Why the requirement is relaxed (kept in the audit log). Required when turning it off. */
  reason: z.string().trim().min(5).max(500).optional(),
});

export const UserDto = z
  .object({
    id: z.uuid(),
    orgId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    status: z.enum(['invited', 'active', 'deactivated']),
    grantedPermissions: z.array(z.enum(PERMISSIONS)),
    secondFactor: z.boolean(),
    lastSignInAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    abilities: z.object({ changeRole: z.boolean(), deactivate: z.boolean(), delegate: z.boolean() }),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof UserDto>;

export const UserListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(120).optional(),
  status: z.enum(['invited', 'active', 'deactivated']).optional(),
});

export const InviteUser = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  role: z.enum(ROLES),
  locale: z.enum(['en', 'de', 'nb', 'ru']).optional(),
});

export const UpdateUser = z.strictObject({
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  grantedPermissions: z.array(z.enum(DELEGABLE_PERMISSIONS)).max(DELEGABLE_PERMISSIONS.length).optional(),
});
