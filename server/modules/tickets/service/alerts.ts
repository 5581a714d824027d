import { createHash } from 'node:crypto';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { OPEN_STATUSES } from '../../../../contracts/tickets.js';
import type { Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { UnauthenticatedError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { organizations } from '../../../platform/tenancy.js';
import { loadActor } from '../../identity/index.js';
import { ticketCategories, ticketEvents, tickets } from '../tickets.tables.js';
import { createTicket } from './create-ticket.js';
import { changeStatus } from './update-ticket.js';
import { verifyIntegrationToken } from './integration-tokens.js';

const Labels = z.record(z.string(), z.string());

/** One alert of a Prometheus Alertmanager webhook (payload version 4). */
const AlertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().max(200).optional(),
});
export const AlertmanagerPayload = z.object({
  version: z.literal('4'),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: Labels.optional(),
  commonLabels: Labels.optional(),
  commonAnnotations: Labels.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(AlertmanagerAlert).min(1).max(5000),
});

/**
 * Portico's generic alert format, for systems that are not Alertmanager (documented in
 * docs/integrations.md): one or more alerts, each naming the customer organisation.
 */
export const GenericAlert = z.strictObject({
  /** Same fingerprint = same problem: repeats update one open incident. */
  fingerprint: z.string().min(1).max(200),
  status: z.enum(['firing', 'resolved']).default('firing'),
  title: z.string().trim().min(3).max(200),
  description: z.string().max(20_000).optional(),
  /** The customer organisation: its id or slug. */
  org: z.string().min(1).max(120),
  /** A category key (power, cooling, network, …); default other. */
  category: z.string().max(40).optional(),
  severity: z.enum(['blocker', 'critical', 'warning', 'info']).default('warning'),
  site: z.string().max(200).optional(),
  link: z.url().optional(),
});
export const GenericPayload = z.strictObject({ alerts: z.array(GenericAlert).min(1).max(5000) });
export const AlertPayload = z.union([AlertmanagerPayload, GenericPayload]);

/** Validates either format with errors that name the field (a plain union only says "invalid input"). */
export function parseAlertPayload(body: unknown): z.infer<typeof AlertPayload> {
  const isAlertmanager = typeof body === 'object' && body !== null && 'version' in body;
  const r = (isAlertmanager ? AlertmanagerPayload : GenericPayload).safeParse(body);
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));
}

export const AlertResult = z.object({
  results: z.array(
    z.object({
      fingerprint: z.string(),
      action: z.enum(['created', 'updated', 'resolved', 'ignored', 'rejected']),
      ticket: z.string().nullable(),
      reason: z.string().optional(),
    }),
  ),
});
type Result = z.infer<typeof AlertResult>['results'][number];

type Normalised = { fingerprint: string; status: 'firing' | 'resolved'; title: string; description: string; org: string | undefined; category: string; urgency: string; site?: string };

const URGENCY: Record<string, string> = { blocker: 'blocker', page: 'blocker', critical: 'critical', error: 'major', warning: 'major', info: 'minor', none: 'minor' };

/** Both formats to one shape: labels `portico_org` (or `customer`), `category`, `severity`, `site`. */
function normalise(payload: z.infer<typeof AlertPayload>): Normalised[] {
  if ('version' in payload) {
    return payload.alerts.map((a) => {
      const labels = { ...(payload.commonLabels ?? {}), ...a.labels };
      const annotations = { ...(payload.commonAnnotations ?? {}), ...a.annotations };
      const fingerprint = a.fingerprint ?? createHash('sha256').update(JSON.stringify(Object.entries(labels).sort())).digest('hex').slice(0, 32);
      const lines = [annotations.description ?? '', '', ...Object.entries(labels).map(([k, v]) => `- \`${k}\`: ${v}`), a.generatorURL ? `\n[Source](${a.generatorURL})` : ''];
      return {
        fingerprint,
        status: a.status,
        title: (annotations.summary ?? labels.alertname ?? 'Monitoring alert').slice(0, 200).padEnd(3, '.'),
        description: lines.join('\n').trim(),
        org: labels.portico_org ?? labels.customer ?? labels.org,
        category: labels.category ?? labels.portico_category ?? 'other',
        urgency: URGENCY[(labels.severity ?? 'warning').toLowerCase()] ?? 'major',
        site: labels.site,
      };
    });
  }
  return payload.alerts.map((a) => ({
    fingerprint: a.fingerprint,
    status: a.status,
    title: a.title,
    description: [a.description ?? '', a.link ? `\n[Source](${a.link})` : ''].join('').trim() || a.title,
    org: a.org,
    category: a.category ?? 'other',
    urgency: URGENCY[a.severity] ?? 'major',
    site: a.site,
  }));
}

/**
 * System-generated trouble messages (seed 004): each firing alert opens an incident for the
 * organisation its labels name; repeats of the same fingerprint only count on the open incident (an
 * alert storm opens one); a resolved alert adds a timeline entry and, if the token says so, resolves
 * the incident. Per-fingerprint advisory locks make concurrent deliveries safe.
 */
export async function receiveAlerts(deps: Pick<AppDeps, 'db'>, req: { authorization: string | undefined; requestId: string; ip: string | null; log: Ctx['log'] }, body: unknown) {
  const token = await verifyIntegrationToken(deps.db, req.authorization, 'alerts');
  const payload = parseAlertPayload(body);
  const owner = await loadActor(deps.db, token.createdBy);
  if (!owner) throw new UnauthenticatedError('The person who created this integration token is no longer active; create a new token.');
  const alerts = normalise(payload);
  // One entry per fingerprint and status in this delivery: a storm in one payload is one alert.
  const seen = new Map<string, { alert: Normalised; count: number }>();
  for (const a of alerts) {
    const k = `${a.fingerprint}\u0000${a.status}`;
    const s = seen.get(k);
    if (s) s.count++;
    else seen.set(k, { alert: a, count: 1 });
  }
  const orgKeys = [...new Set(alerts.map((a) => a.org).filter((o): o is string => !!o))];
  const orgRows = orgKeys.length
    ? await deps.db
        .select({ id: organizations.id, slug: organizations.slug, kind: organizations.kind })
        .from(organizations)
        .where(or(inArray(organizations.slug, orgKeys), inArray(sql`${organizations.id}::text`, orgKeys)))
    : [];
  const orgOf = (key: string | undefined) => orgRows.find((o) => o.kind === 'customer' && (o.slug === key || o.id === key));
  const categories = await deps.db.select({ id: ticketCategories.id, key: ticketCategories.key, active: ticketCategories.active }).from(ticketCategories);

  const results: Result[] = [];
  for (const { alert, count } of seen.values()) {
    const org = orgOf(alert.org);
    if (!org) {
      req.log.warn({ fingerprint: alert.fingerprint, org: alert.org }, 'alert for an unknown organisation');
      results.push({ fingerprint: alert.fingerprint, action: 'rejected', ticket: null, reason: alert.org ? `no customer organisation "${alert.org}"` : 'no organisation label (portico_org)' });
      continue;
    }
    const category = categories.find((c) => c.key === alert.category && c.active) ?? categories.find((c) => c.key === 'other')!;
    const result = await deps.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`alert:${org.id}:${alert.fingerprint}`}))`);
      const [open] = await tx
        .select()
        .from(tickets)
        .where(and(eq(tickets.orgId, org.id), eq(tickets.alertFingerprint, alert.fingerprint), inArray(tickets.status, [...OPEN_STATUSES])))
        .for('update');
      const ctx: Ctx = { db: tx as unknown as Ctx['db'], actor: owner.actor, via: 'token', sessionId: null, mfa: 'ok', requestId: req.requestId, ip: req.ip, userAgent: `integration:${token.name}`, log: req.log };
      const now = new Date();
      if (alert.status === 'firing') {
        if (open) {
          await tx.update(tickets).set({ alertCount: sql`${tickets.alertCount} + ${count}`, alertLastAt: now }).where(eq(tickets.id, open.id));
          return { fingerprint: alert.fingerprint, action: 'updated' as const, ticket: open.ref };
        }
        const created = await createTicket(ctx, {
          kind: 'incident',
          title: alert.title,
          description: alert.description || alert.title,
          categoryId: category.id,
          urgency: alert.urgency,
          impact: 'many',
          site: alert.site,
          orgId: org.id,
        });
        await tx.update(tickets).set({ source: 'alert', alertFingerprint: alert.fingerprint, alertCount: count, alertLastAt: now }).where(eq(tickets.id, created.id));
        return { fingerprint: alert.fingerprint, action: 'created' as const, ticket: created.ref };
      }
      if (!open) return { fingerprint: alert.fingerprint, action: 'ignored' as const, ticket: null, reason: 'no open incident for this alert' };
      await tx.insert(ticketEvents).values({ id: uuidv7(), orgId: open.orgId, ticketId: open.id, type: 'alert_resolved', actorId: null, data: { fingerprint: alert.fingerprint, source: token.name }, createdAt: now });
      await outbox(tx, 'ticket.alert_resolved', open.orgId, { ticketId: open.id });
      if (token.autoResolve) {
        await changeStatus(ctx, open.id, { status: 'resolved', resolutionCode: 'fixed', note: 'Resolved automatically: the alert cleared at its source.' });
        return { fingerprint: alert.fingerprint, action: 'resolved' as const, ticket: open.ref };
      }
      return { fingerprint: alert.fingerprint, action: 'updated' as const, ticket: open.ref };
    });
    results.push(result);
  }
  return { results };
}
