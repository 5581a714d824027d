/**
 * Roles and permissions: the one place that says who may do what. Services check permissions,
 * never roles. Customer admins may delegate single delegable permissions to a customer user.
 */
export const ROLES = ['customer_user', 'customer_admin', 'provider_agent', 'provider_admin'] as const;
export type Role = (typeof ROLES)[number];
export const CUSTOMER_ROLES = ['customer_user', 'customer_admin'] as const satisfies readonly Role[];
export const PROVIDER_ROLES = ['provider_agent', 'provider_admin'] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'profile.manage', // own profile, sessions, second factors, API tokens
  'users.read', // list users of the own organisation
  'users.invite',
  'users.manage', // change role, deactivate, delegate permissions
  'audit.read', // the own organisation's audit log
  'access.request', // request physical access for people (seed 000: authorised requesters only)
  'orders.create',
  'orders.approve',
  'tickets.create',
  'tickets.read_org', // all tickets of the own organisation
  // provider side
  'orgs.manage', // create customer organisations, relax MFA
  'orgs.read_all',
  'users.manage_all',
  'audit.read_all',
  'mail.read_outbox',
  'tickets.work',
  'tickets.configure', // categories, priority matrix, SLA policies, support groups
  'integrations.manage', // tokens for monitoring and access-control systems
  'orders.fulfil', // provider staff: approve the provider step, work fulfilment tasks, see every organisation's orders
  'sites.manage', // regions, sites, locations, racks; customers' location entitlements
  'catalogue.manage', // provider admins: catalogue items, their texts, forms, approval rules and fulfilment tasks
  'access.read', // the own organisation's access grants, who is on site, access activity and reports
  'access.manage', // provider staff: every organisation's grants (revoke), flagged access events, CSV import
  'access.configure', // provider admins: access rules (maximum visit, badge validity, lapse)
  'billing.read', // the own organisation's billing documents (invoices, price lists)
  'documents.manage', // provider staff: upload documents for organisations, new versions, visibility
  'documents.configure', // provider admins: document categories (add, rename, reorder, archive)
  'kb.write', // provider staff: write knowledge-base articles, see drafts and internal articles, submit for review
  'kb.publish', // provider staff: publish, unpublish and restore articles; the review interval
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  customer_user: ['profile.manage', 'orders.create', 'tickets.create'],
  customer_admin: [
    'profile.manage',
    'users.read',
    'users.invite',
    'users.manage',
    'audit.read',
    'access.request',
    'access.read',
    'orders.create',
    'orders.approve',
    'tickets.create',
    'tickets.read_org',
    'billing.read',
  ],
  provider_agent: ['profile.manage', 'users.read', 'orgs.read_all', 'tickets.work', 'tickets.read_org', 'orders.fulfil', 'access.manage', 'documents.manage', 'kb.write', 'kb.publish'],
  provider_admin: [
    'profile.manage',
    'users.read',
    'users.invite',
    'users.manage',
    'audit.read',
    'orgs.manage',
    'orgs.read_all',
    'users.manage_all',
    'audit.read_all',
    'mail.read_outbox',
    'tickets.work',
    'tickets.read_org',
    'tickets.configure',
    'integrations.manage',
    'sites.manage',
    'catalogue.manage',
    'orders.fulfil',
    'access.manage',
    'access.configure',
    'documents.manage',
    'documents.configure',
    'kb.write',
    'kb.publish',
  ],
};

/** Permissions a customer admin may grant to a single customer user (e.g. an authorised requester). */
export const DELEGABLE_PERMISSIONS = [
  'access.request',
  'access.read',
  'orders.approve',
  'users.read',
  'audit.read',
  'tickets.read_org',
  'billing.read',
] as const satisfies readonly Permission[];
export type DelegablePermission = (typeof DELEGABLE_PERMISSIONS)[number];

/** The effective permissions of a user: the role's plus any delegated ones (customer roles only). */
export function permissionsFor(role: Role, granted: readonly string[] = []): Set<Permission> {
  const set = new Set<Permission>(ROLE_PERMISSIONS[role]);
  if (role === 'customer_user' || role === 'customer_admin') {
    for (const p of granted) if ((DELEGABLE_PERMISSIONS as readonly string[]).includes(p)) set.add(p as Permission);
  }
  return set;
}

export const isProviderRole = (role: Role) => role === 'provider_agent' || role === 'provider_admin';
