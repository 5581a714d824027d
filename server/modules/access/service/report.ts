import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ActivityExportQuery } from '../../../../contracts/access.js';
import { csvRow } from '../../../platform/csv.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, type Ctx } from '../../../platform/context.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import type { JobSender } from '../../../platform/jobs.js';
import type { Mailer } from '../../../platform/mail.js';
import type { FileStore } from '../../../platform/storage.js';
import { organizations } from '../../../platform/tenancy.js';
import { activeOrgMembers, type UserRef } from '../../identity/index.js';
import { hasPeriodDocument, storeOrgDocument } from '../../documents/index.js';
import { periodEvents, periodOf, startOfDay } from './activity.js';
import { renderAccessReport } from './report-pdf.js';
import { monthLabel, REPORT_TEXTS, reportLang, type ReportLang } from './report-texts.js';

export const REPORT_CATEGORY = 'access_report';
export const MONTHLY_JOB = 'access.monthly-reports';
export const MONTHLY_ORG_JOB = 'access.monthly-report';

/** The month before `now` (UTC), as YYYY-MM. */
export function previousMonth(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A calendar month in a time zone: from its first midnight to the next month's. */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  return { from: startOfDay(timeZone, new Date(Date.UTC(y!, m! - 1, 1, 12))), to: startOfDay(timeZone, new Date(Date.UTC(y!, m!, 1, 12))) };
}

/** The organisation's customer admins and the language and time zone most of them use. */
async function adminsOf(db: DbOrTx, orgId: string): Promise<{ admins: UserRef[]; lang: ReportLang; timeZone: string }> {
  const admins = (await activeOrgMembers(db, orgId)).filter((u) => u.role === 'customer_admin');
  const counts = new Map<string, number>();
  for (const a of admins) counts.set(a.locale, (counts.get(a.locale) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { admins, lang: reportLang(top), timeZone: admins[0]?.timeZone ?? 'UTC' };
}

/** A stable job id per organisation and month (pg-boss refuses a second job with the same id). */
export function monthlyJobId(orgId: string, month: string): string {
  const h = createHash('sha256').update(`access-report:${orgId}:${month}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type ReportDeps = { db: Db; files: FileStore; mailer: Mailer; publicUrl: string };

/**
 * The monthly access report of one organisation: the month's events as a PDF in the admins' language,
 * stored among its documents (unique per organisation, category and month) and mailed to its customer
 * admins, attached and linked. Made at most once: a second run finds the document (or loses the race on the
 * unique index) and does nothing.
 */
export async function generateMonthlyReport(deps: ReportDeps, orgId: string, month: string, now = new Date()): Promise<'created' | 'exists'> {
  if (await hasPeriodDocument(deps.db, orgId, REPORT_CATEGORY, month)) return 'exists';
  const [org] = await deps.db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(and(eq(organizations.id, orgId), eq(organizations.kind, 'customer')));
  if (!org) return 'exists';
  const { admins, lang, timeZone } = await adminsOf(deps.db, orgId);
  const { from, to } = monthRange(month, timeZone);
  const events = await periodEvents(deps.db, { orgId, from, to });
  const label = monthLabel(month, lang);
  const pdf = await renderAccessReport({ lang, orgName: org.name, title: label, from, to, timeZone, generatedAt: now, events });
  const tx = REPORT_TEXTS[lang];
  return deps.db.transaction(async (t) => {
    const doc = await storeOrgDocument(t, deps.files, {
      orgId,
      category: REPORT_CATEGORY,
      title: `${tx.title} — ${org.name} — ${label}`,
      filename: `access-report-${month}.pdf`,
      contentType: 'application/pdf',
      content: pdf,
      period: month,
      requiredPermission: 'access.read',
      createdBy: null,
      createdBySystem: 'monthly access report',
    });
    if (!doc) return 'exists' as const;
    const url = `${deps.publicUrl}/documents`;
    for (const a of admins) {
      const own = REPORT_TEXTS[reportLang(a.locale)];
      const ownLabel = monthLabel(month, reportLang(a.locale));
      await deps.mailer.enqueue(t, {
        to: a.email,
        subject: own.mailSubject(org.name, ownLabel),
        text: own.mailBody(a.name, ownLabel, url),
        template: 'access_report',
        orgId,
        // The stored document's file, read when the mail goes out: the PDF is kept once, not per recipient.
        attachments: [{ filename: `access-report-${month}.pdf`, contentType: 'application/pdf', storageKey: doc.storageKey }],
      });
    }
    return 'created' as const;
  });
}

/**
 * The scheduled job on the 1st: one queued job per customer organisation for the previous month, each
 * with an id and singleton key derived from organisation and month. Without a queue (tests, a manual
 * run) the reports are made in turn.
 */
export async function runMonthlyReports(deps: ReportDeps, jobs: JobSender | null, now = new Date()): Promise<{ queued: number; created: number }> {
  const month = previousMonth(now);
  const orgs = await deps.db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.kind, 'customer'), eq(organizations.status, 'active')));
  let queued = 0;
  let created = 0;
  for (const o of orgs) {
    if (jobs) {
      if (await jobs.send(MONTHLY_ORG_JOB, { orgId: o.id, month }, { id: monthlyJobId(o.id, month), singletonKey: `${o.id}:${month}` })) queued++;
    } else if ((await generateMonthlyReport(deps, o.id, month, now)) === 'created') created++;
  }
  return { queued, created };
}

/** Language and time zone of the caller, for a report they download. */
const callerLang = (ctx: Ctx) => reportLang(ctx.actor?.locale);

/** On-demand PDF of any period (`access.read` own organisation; staff with orgId). */
export async function activityPdf(ctx: Ctx, q: z.output<typeof ActivityExportQuery>): Promise<{ pdf: Buffer; filename: string }> {
  const p = await periodOf(ctx, q);
  requireActor(ctx);
  const [org] = await ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.orgId));
  const events = await periodEvents(ctx.db, p);
  const lang = callerLang(ctx);
  const tz = ctx.actor.timeZone;
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  // A whole calendar month is named like the monthly report ("December 2026"), any other period by its days.
  const first = day(p.from);
  const last = day(new Date(p.to.getTime() - 1));
  const wholeMonth = first.endsWith('-01') && day(p.to).endsWith('-01') && first.slice(0, 7) === last.slice(0, 7);
  const title = wholeMonth ? monthLabel(first.slice(0, 7), lang) : `${first} – ${last}`;
  const pdf = await renderAccessReport({ lang, orgName: org?.name ?? '—', title, from: p.from, to: p.to, timeZone: tz, generatedAt: new Date(), events });
  await audit(ctx.db, auditSource(ctx), { orgId: p.orgId, action: 'access.report_downloaded', targetType: 'organization', targetId: p.orgId, after: { from: p.from, to: p.to, format: 'pdf', events: events.length } });
  return { pdf, filename: `access-report-${day(p.from)}-${day(new Date(p.to.getTime() - 1))}.pdf` };
}

/** The activity of a period as CSV (spreadsheet-safe cells). */
export async function activityCsv(ctx: Ctx, q: z.output<typeof ActivityExportQuery>): Promise<{ csv: string; filename: string }> {
  const p = await periodOf(ctx, q);
  requireActor(ctx);
  const events = await periodEvents(ctx.db, p);
  let csv = csvRow(['occurred_at', 'person', 'company', 'badge_id', 'location', 'reader', 'direction', 'result', 'flag', 'event_id']);
  for (const e of events) csv += csvRow([e.occurredAt, e.person, e.company, e.badgeId, e.location?.path, e.reader, e.direction, e.result, e.flag, e.eventId]);
  await audit(ctx.db, auditSource(ctx), { orgId: p.orgId, action: 'access.report_downloaded', targetType: 'organization', targetId: p.orgId, after: { from: p.from, to: p.to, format: 'csv', events: events.length } });
  return { csv, filename: `access-activity-${p.from.toISOString().slice(0, 10)}.csv` };
}
