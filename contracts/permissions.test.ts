import { describe, expect, it } from 'vitest';
import { DELEGABLE_PERMISSIONS, PERMISSIONS, ROLE_PERMISSIONS, ROLES, permissionsFor } from './permissions.js';
import { mfaState } from '../server/modules/identity/index.js';

describe('roles and permissions', () => {
  it('gives every role only known permissions', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });

  it('only the authorised requester (delegated) or a customer admin may request access', () => {
    expect(permissionsFor('customer_user').has('access.request')).toBe(false);
    expect(permissionsFor('customer_user', ['access.request']).has('access.request')).toBe(true);
    expect(permissionsFor('customer_admin').has('access.request')).toBe(true);
  });

  it('ignores delegations that are not delegable, and delegations to provider roles', () => {
    expect(permissionsFor('customer_user', ['orgs.manage', 'audit.read_all', 'nonsense']).has('orgs.manage')).toBe(false);
    expect(permissionsFor('customer_user', ['orgs.manage']).size).toBe(ROLE_PERMISSIONS.customer_user.length);
    expect(permissionsFor('provider_agent', ['access.request']).has('access.request')).toBe(false);
  });

  it('never lets a customer role act across organisations', () => {
    for (const role of ['customer_user', 'customer_admin'] as const) {
      const all = permissionsFor(role, [...DELEGABLE_PERMISSIONS]);
      for (const p of ['orgs.manage', 'orgs.read_all', 'users.manage_all', 'audit.read_all', 'mail.read_outbox'] as const) expect(all.has(p)).toBe(false);
    }
  });
});

describe('second-factor state', () => {
  it('asks for enrolment without a factor, a challenge after a password-only sign-in, nothing after MFA', () => {
    expect(mfaState(true, false, 0, 'pwd')).toBe('enrol');
    expect(mfaState(true, true, 0, 'pwd')).toBe('challenge');
    expect(mfaState(true, false, 1, 'pwd')).toBe('challenge');
    expect(mfaState(true, true, 0, 'mfa')).toBe('ok');
    expect(mfaState(true, false, 2, 'mfa')).toBe('ok');
  });

  it('lets an organisation whose requirement was relaxed in with a password', () => {
    expect(mfaState(false, false, 0, 'pwd')).toBe('ok');
  });
});
