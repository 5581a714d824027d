import { queryOptions } from '@tanstack/react-query';
import type { Locale } from '../../../contracts/common';
import type { Priority } from '../../../contracts/ticket-priority';
import { get, qs, type PageOf } from '../../ui/api';
import type { Me } from '../auth/queries';
import { can } from '../auth/queries';
import { categoriesQuery, supportGroupsQuery, ticketSettingsQuery } from '../tickets/queries';

/**
 * The help-desk settings of provider admins. The configuration schemas live in the tickets
 * module's routes (server/modules/tickets/service/*.ts), not in contracts/, so the web names the
 * fields it reads and sends here.
 */

export { categoriesQuery, ticketSettingsQuery };

/** The settings' tabs, in order; each needs one permission. */
export const HELPDESK_TABS = ['categories', 'priorities', 'sla', 'groups', 'canned', 'tokens'] as const;
export type HelpdeskTab = (typeof HELPDESK_TABS)[number];
export const tabPermission = (tab: HelpdeskTab) => (tab === 'tokens' ? 'integrations.manage' : 'tickets.configure');
export const tabsFor = (me: Me) => HELPDESK_TABS.filter((tab) => can(me, tabPermission(tab)));
export const parseHelpdeskSearch = (s: Record<string, unknown>): { tab?: HelpdeskTab } => ({ tab: HELPDESK_TABS.find((x) => x === s.tab) });

/** Weekdays as JavaScript numbers them (0 = Sunday), listed Monday first. */
export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '0'] as const;
export type WeekdayKey = (typeof WEEKDAYS)[number];
export type WorkingHours = { start: string; end: string };
export type BusinessCalendar = { timeZone: string; hours: Partial<Record<WeekdayKey, WorkingHours[]>>; holidays: string[] };
export type SlaTargets = Record<Priority, { firstResponseMinutes: number; resolutionMinutes: number }>;
export type SlaPolicy = { id: string; name: string; calendar: BusinessCalendar; targets: SlaTargets; isDefault: boolean };
export type SlaPolicyInput = Omit<SlaPolicy, 'id'>;

export type GroupMember = { userId: string; name: string; categories: string[]; languages: Locale[] };
export type SupportGroupFull = { id: string; name: string; lead: { id: string; name: string } | null; members: GroupMember[] };
export type GroupInput = { name: string; leadId: string | null; members: { userId: string; categories: string[]; languages: Locale[] }[] };

export type Canned = { id: string; title: string; body: string; categoryKey: string | null };
export type CannedInput = Omit<Canned, 'id'>;

export const INTEGRATION_SCOPES = ['alerts', 'access_events'] as const;
export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];
export type IntegrationToken = { id: string; name: string; scopes: string[]; autoResolve: boolean; createdAt: string; lastUsedAt: string | null };
export type CreatedIntegrationToken = IntegrationToken & { token: string };

export type OrgTicketSettings = { slaPolicyId: string | null; serviceLevel: number };
export type StaffUser = { id: string; name: string; email: string; role: string; status: string };

export const slaPoliciesQuery = queryOptions({
  queryKey: ['tickets', 'sla-policies'],
  queryFn: ({ signal }) => get<{ items: SlaPolicy[] }>('/api/v1/sla-policies', signal),
});

/** Support groups with their members' skills (the same list the assignment dialog reads). */
export const groupsQuery = queryOptions({
  queryKey: supportGroupsQuery.queryKey,
  queryFn: ({ signal }) => get<{ items: SupportGroupFull[] }>('/api/v1/support-groups', signal),
});

export const cannedQuery = queryOptions({
  queryKey: ['tickets', 'canned-responses'],
  queryFn: ({ signal }) => get<{ items: Canned[] }>('/api/v1/canned-responses', signal),
});

export const integrationTokensQuery = queryOptions({
  queryKey: ['integration-tokens'],
  queryFn: ({ signal }) => get<{ items: IntegrationToken[] }>('/api/v1/integration-tokens', signal),
});

export const orgTicketSettingsQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['tickets', 'org-settings', orgId],
    queryFn: ({ signal }) => get<OrgTicketSettings>(`/api/v1/orgs/${orgId}/ticket-settings`, signal),
  });

/** The provider's active staff (agents and admins): everyone a group may hold. */
export const staffQuery = queryOptions({
  queryKey: ['helpdesk-admin', 'staff'],
  queryFn: async ({ signal }) => {
    const all: StaffUser[] = [];
    let cursor: string | undefined;
    do {
      const page = await get<PageOf<StaffUser>>(`/api/v1/users${qs({ status: 'active', limit: 200, cursor })}`, signal);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all.filter((u) => u.role === 'provider_agent' || u.role === 'provider_admin').sort((a, b) => a.name.localeCompare(b.name));
  },
  staleTime: 60_000,
});

/** A calendar that counts every minute of every day (what "24/7" is written as). */
export const FULL_WEEK: BusinessCalendar['hours'] = Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]]));
export const is247 = (c: BusinessCalendar) => c.holidays.length === 0 && WEEKDAYS.every((d) => c.hours[d]?.length === 1 && c.hours[d]![0]!.start === '00:00' && c.hours[d]![0]!.end === '24:00');
