import { asc, eq, ne } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { LOCALES } from '../../../../contracts/common.js';
import { PRIORITIES, PriorityMatrix } from '../../../../contracts/ticket-priority.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type Ctx } from '../../../platform/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { organizations } from '../../../platform/tenancy.js';
import { userRefs } from '../../identity/index.js';
import { forgetPolicies, forgetTicketRefs } from '../internal.js';
import { BusinessCalendarSchema } from '../sla.js';
import { slaPolicies, supportGroupMembers, supportGroups, ticketCategories, ticketOrgSettings, ticketSettings } from '../tickets.tables.js';

/** Provider admins configure how tickets are handled; every change is audited. */

export const UpdateTicketSettings = z.strictObject({
  priorityMatrix: PriorityMatrix.optional(),
  reopenDays: z.number().int().min(0).max(90).optional(),
});

export async function updateTicketSettings(ctx: Ctx, input: z.input<typeof UpdateTicketSettings>) {
  requirePermission(ctx, 'tickets.configure');
  const data = UpdateTicketSettings.parse(input);
  try {
    return await withTx(ctx, async (tx) => {
      const [before] = await tx.select().from(ticketSettings).where(eq(ticketSettings.id, 1)).for('update');
      const [after] = await tx
        .update(ticketSettings)
        .set({ ...(data.priorityMatrix ? { priorityMatrix: data.priorityMatrix } : {}), ...(data.reopenDays !== undefined ? { reopenDays: data.reopenDays } : {}), updatedAt: new Date() })
        .where(eq(ticketSettings.id, 1))
        .returning();
      await audit(tx, auditSource(ctx), { orgId: null, action: 'tickets.settings_changed', targetType: 'ticket_settings', targetId: '1', before: { priorityMatrix: before!.priorityMatrix, reopenDays: before!.reopenDays }, after: { priorityMatrix: after!.priorityMatrix, reopenDays: after!.reopenDays } });
      return { priorityMatrix: after!.priorityMatrix, reopenDays: after!.reopenDays };
    });
  } finally {
    forgetTicketRefs();
  }
}

const Names = z.partialRecord(z.enum(LOCALES), z.string().trim().min(1).max(80)).refine((n) => !!n.en, { message: 'needs at least an English name (en)' });
export const UpsertCategory = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40)'),
  names: Names,
  sort: z.number().int().min(0).max(10_000).default(100),
  active: z.boolean().default(true),
});
export const PatchCategory = UpsertCategory.partial().omit({ key: true });

export async function createCategory(ctx: Ctx, input: z.input<typeof UpsertCategory>) {
  requirePermission(ctx, 'tickets.configure');
  const data = UpsertCategory.parse(input);
  return withTx(ctx, async (tx) => {
    const [dupe] = await tx.select({ id: ticketCategories.id }).from(ticketCategories).where(eq(ticketCategories.key, data.key));
    if (dupe) throw new ConflictError('CONFLICT', `A category with the key ${data.key} exists.`);
    const [row] = await tx.insert(ticketCategories).values({ id: uuidv7(), key: data.key, names: data.names, sort: data.sort, active: data.active }).returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: 'tickets.category_created', targetType: 'ticket_category', targetId: row!.id, after: data });
    return presentCategory(row!, ctx.actor.locale);
  });
}

export async function updateCategory(ctx: Ctx, id: string, input: z.input<typeof PatchCategory>) {
  requirePermission(ctx, 'tickets.configure');
  const data = PatchCategory.parse(input);
  // The lists' name caches forget it once the change has committed (finally: also after a failure).
  try {
    return await withTx(ctx, async (tx) => {
      const [before] = await tx.select().from(ticketCategories).where(eq(ticketCategories.id, id)).for('update');
      if (!before) throw new NotFoundError('category');
      const [row] = await tx.update(ticketCategories).set(data).where(eq(ticketCategories.id, id)).returning();
      await audit(tx, auditSource(ctx), { orgId: null, action: 'tickets.category_changed', targetType: 'ticket_category', targetId: id, before: { names: before.names, sort: before.sort, active: before.active }, after: data });
      return presentCategory(row!, ctx.actor.locale);
    });
  } finally {
    forgetTicketRefs();
  }
}

const presentCategory = (c: typeof ticketCategories.$inferSelect, lang: string) => ({ id: c.id, key: c.key, name: c.names[lang] ?? c.names.en ?? c.key, names: c.names, active: c.active });

const Targets = z.strictObject(
  Object.fromEntries(
    PRIORITIES.map((p) => [p, z.strictObject({ firstResponseMinutes: z.number().int().min(1).max(525_600), resolutionMinutes: z.number().int().min(1).max(525_600) })]),
  ) as Record<(typeof PRIORITIES)[number], z.ZodObject<{ firstResponseMinutes: z.ZodNumber; resolutionMinutes: z.ZodNumber }>>,
);
export const UpsertSlaPolicy = z.strictObject({
  name: z.string().trim().min(2).max(80),
  calendar: BusinessCalendarSchema,
  targets: Targets,
  isDefault: z.boolean().default(false),
});

export async function listSlaPolicies(ctx: Ctx) {
  requirePermission(ctx, 'tickets.work');
  const rows = await ctx.db.select().from(slaPolicies).orderBy(asc(slaPolicies.name));
  return { items: rows.map(presentPolicy) };
}

const presentPolicy = (p: typeof slaPolicies.$inferSelect) => ({ id: p.id, name: p.name, calendar: p.calendar, targets: p.targets, isDefault: p.isDefault });

export async function saveSlaPolicy(ctx: Ctx, id: string | null, input: z.input<typeof UpsertSlaPolicy>) {
  requirePermission(ctx, 'tickets.configure');
  const data = UpsertSlaPolicy.parse(input);
  for (const p of PRIORITIES) {
    if (data.targets[p].firstResponseMinutes > data.targets[p].resolutionMinutes) {
      throw new ValidationError([{ path: `body.targets.${p}.firstResponseMinutes`, message: 'cannot be longer than the resolution target' }]);
    }
  }
  const result = await withTx(ctx, async (tx) => {
    const [dupe] = await tx.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.name, data.name));
    if (dupe && dupe.id !== id) throw new ConflictError('CONFLICT', `A policy named ${data.name} exists.`);
    let row;
    if (id) {
      const [before] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, id)).for('update');
      if (!before) throw new NotFoundError('SLA policy');
      if (before.isDefault && !data.isDefault) throw new ValidationError([{ path: 'body.isDefault', message: 'make another policy the default instead' }]);
      [row] = await tx.update(slaPolicies).set(data).where(eq(slaPolicies.id, id)).returning();
      await audit(tx, auditSource(ctx), { orgId: null, action: 'tickets.sla_policy_changed', targetType: 'sla_policy', targetId: id, before: presentPolicy(before), after: data });
    } else {
      [row] = await tx.insert(slaPolicies).values({ id: uuidv7(), ...data }).returning();
      await audit(tx, auditSource(ctx), { orgId: null, action: 'tickets.sla_policy_created', targetType: 'sla_policy', targetId: row!.id, after: data });
    }
    if (data.isDefault) await tx.update(slaPolicies).set({ isDefault: false }).where(ne(slaPolicies.id, row!.id));
    return presentPolicy(row!);
  });
  forgetPolicies();
  return result;
}

export const OrgTicketSettings = z.strictObject({
  slaPolicyId: z.uuid().nullable(),
  /** Seed 004's service level: 1 (basic) … 5 (highest); weighs the agents' queue. */
  serviceLevel: z.number().int().min(1).max(5),
});

/** A customer organisation's SLA policy and service level (provider staff read, admins change). */
export async function getOrgTicketSettings(ctx: Ctx, orgId: string) {
  requirePermission(ctx, 'tickets.work');
  const [org] = await ctx.db.select({ id: organizations.id, kind: organizations.kind }).from(organizations).where(eq(organizations.id, orgId));
  if (!org || org.kind !== 'customer') throw new NotFoundError('organisation');
  const [s] = await ctx.db.select().from(ticketOrgSettings).where(eq(ticketOrgSettings.orgId, orgId));
  return { slaPolicyId: s?.slaPolicyId ?? null, serviceLevel: s?.serviceLevel ?? 3 };
}

export async function setOrgTicketSettings(ctx: Ctx, orgId: string, input: z.input<typeof OrgTicketSettings>) {
  requirePermission(ctx, 'tickets.configure');
  const data = OrgTicketSettings.parse(input);
  try {
    return await withTx(ctx, async (tx) => {
      const [org] = await tx.select({ id: organizations.id, kind: organizations.kind }).from(organizations).where(eq(organizations.id, orgId));
      if (!org || org.kind !== 'customer') throw new NotFoundError('organisation');
      if (data.slaPolicyId) {
        const [p] = await tx.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.id, data.slaPolicyId));
        if (!p) throw new ValidationError([{ path: 'body.slaPolicyId', message: 'is not an SLA policy' }]);
      }
      const [before] = await tx.select().from(ticketOrgSettings).where(eq(ticketOrgSettings.orgId, orgId));
      await tx.insert(ticketOrgSettings).values({ orgId, ...data }).onConflictDoUpdate({ target: ticketOrgSettings.orgId, set: data });
      await audit(tx, auditSource(ctx), { orgId, action: 'tickets.org_settings_changed', targetType: 'organisation', targetId: orgId, before: before ?? null, after: data });
      await outbox(tx, 'tickets.org_settings_changed', orgId, { orgId });
      return data;
    });
  } finally {
    forgetTicketRefs();
  }
}

export const UpsertGroup = z.strictObject({
  name: z.string().trim().min(2).max(80),
  leadId: z.uuid().nullable().default(null),
  members: z
    .array(
      z.strictObject({
        userId: z.uuid(),
        /** Category keys this agent handles; empty = any. */
        categories: z.array(z.string().max(40)).max(50).default([]),
        /** Languages this agent speaks; empty = any. */
        languages: z.array(z.enum(LOCALES)).max(4).default([]),
      }),
    )
    .max(200)
    .default([]),
});

export async function listGroups(ctx: Ctx) {
  requirePermission(ctx, 'tickets.work');
  const groups = await ctx.db.select().from(supportGroups).orderBy(asc(supportGroups.name));
  const members = await ctx.db.select().from(supportGroupMembers);
  const people = await userRefs(ctx.db, [...members.map((m) => m.userId), ...groups.map((g) => g.leadId ?? '')]);
  return {
    items: groups.map((g) => ({
      id: g.id,
      name: g.name,
      lead: g.leadId ? { id: g.leadId, name: people.get(g.leadId)?.name ?? '—' } : null,
      members: members.filter((m) => m.groupId === g.id).map((m) => ({ userId: m.userId, name: people.get(m.userId)?.name ?? '—', categories: m.categories, languages: m.languages })),
    })),
  };
}

/** Creates or replaces a support group with its members (provider staff only). */
export async function saveGroup(ctx: Ctx, id: string | null, input: z.input<typeof UpsertGroup>) {
  requirePermission(ctx, 'tickets.configure');
  const data = UpsertGroup.parse(input);
  // The lists' name caches forget it once the change has committed (finally: also after a failure).
  try {
    return await withTx(ctx, async (tx) => {
      const people = await userRefs(tx, [...data.members.map((m) => m.userId), data.leadId ?? '']);
      const staff = (userId: string) => {
        const u = people.get(userId);
        return !!u && u.status === 'active' && (u.role === 'provider_agent' || u.role === 'provider_admin');
      };
      if (data.leadId && !staff(data.leadId)) throw new ValidationError([{ path: 'body.leadId', message: 'is not an active member of the provider’s staff' }]);
      const bad = data.members.findIndex((m) => !staff(m.userId));
      if (bad >= 0) throw new ValidationError([{ path: `body.members.${bad}.userId`, message: 'is not an active member of the provider’s staff' }]);
      const [dupe] = await tx.select({ id: supportGroups.id }).from(supportGroups).where(eq(supportGroups.name, data.name));
      if (dupe && dupe.id !== id) throw new ConflictError('CONFLICT', `A group named ${data.name} exists.`);
      let groupId = id;
      if (id) {
        const [before] = await tx.select().from(supportGroups).where(eq(supportGroups.id, id)).for('update');
        if (!before) throw new NotFoundError('support group');
        await tx.update(supportGroups).set({ name: data.name, leadId: data.leadId }).where(eq(supportGroups.id, id));
        await tx.delete(supportGroupMembers).where(eq(supportGroupMembers.groupId, id));
      } else {
        groupId = uuidv7();
        await tx.insert(supportGroups).values({ id: groupId, name: data.name, leadId: data.leadId });
      }
      const unique = [...new Map(data.members.map((m) => [m.userId, m])).values()];
      if (unique.length) await tx.insert(supportGroupMembers).values(unique.map((m) => ({ groupId: groupId!, userId: m.userId, categories: m.categories, languages: m.languages })));
      await audit(tx, auditSource(ctx), { orgId: null, action: id ? 'tickets.group_changed' : 'tickets.group_created', targetType: 'support_group', targetId: groupId!, after: data });
      return { id: groupId! };
    });
  } finally {
    forgetTicketRefs();
  }
}
