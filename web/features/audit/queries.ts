import { infiniteQueryOptions } from '@tanstack/react-query';
import type { AuditEntryDto } from '../../../contracts/audit';
import { get, qs, type PageOf } from '../../ui/api';
import { zonedDayBoundary } from '../../ui/format';

export type AuditEntry = AuditEntryDto;
/** The audit filters as they stand in the address bar: days are calendar days in the user's zone. */
export type AuditSearch = { actorId?: string; action?: string; from?: string; to?: string; orgId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pick = (v: unknown, re: RegExp) => (typeof v === 'string' && re.test(v) ? v : undefined);

export const parseAuditSearch = (s: Record<string, unknown>): AuditSearch => ({
  actorId: pick(s.actorId, UUID),
  action: pick(s.action, /^[a-z_.]+\*?$/),
  from: pick(s.from, DAY),
  to: pick(s.to, DAY),
  orgId: pick(s.orgId, UUID),
});

/** The API's query parameters: the user's calendar days become instants in their time zone. */
export function auditParams(f: AuditSearch, timeZone: string) {
  return {
    actorId: f.actorId,
    action: f.action,
    orgId: f.orgId,
    from: f.from ? zonedDayBoundary(f.from, timeZone, 'start') : undefined,
    to: f.to ? zonedDayBoundary(f.to, timeZone, 'end') : undefined,
  };
}

/** Audit entries, newest first, page by page. */
export const auditQuery = (f: AuditSearch, timeZone: string) =>
  infiniteQueryOptions({
    queryKey: ['audit', auditParams(f, timeZone)],
    queryFn: ({ pageParam, signal }) => get<PageOf<AuditEntry>>(`/api/v1/audit${qs({ ...auditParams(f, timeZone), cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The CSV export of the same filters (a plain link: the browser downloads it with the session cookie). */
export const auditExportUrl = (f: AuditSearch, timeZone: string) => `/api/v1/audit/export.csv${qs(auditParams(f, timeZone))}`;

/** Actions Portico records, for the filter; wildcards select a family. */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.password_verified',
  'auth.second_factor_added',
  'auth.second_factor_removed',
  'auth.second_factor_failed',
  'auth.backup_codes_regenerated',
  'auth.password_changed',
  'auth.password_change_failed',
  'auth.password_reset_requested',
  'auth.password_reset',
  'auth.session_revoked',
  'auth.sessions_revoked',
  'auth.api_token_created',
  'auth.api_token_revoked',
  'auth.throttled',
  'user.invited',
  'user.invite_existing_address',
  'user.invitation_resent',
  'user.invitation_accepted',
  'user.role_changed',
  'user.permissions_changed',
  'user.deactivated',
  'user.reactivated',
  'user.profile_updated',
  'user.email_change_requested',
  'org.created',
  'org.mfa_required',
  'org.mfa_relaxed',
] as const;
export const AUDIT_FAMILIES = ['auth.*', 'user.*', 'org.*'] as const;
