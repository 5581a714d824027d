import type { z } from 'zod';
import type { UpdateAccessSettings } from '../../../../contracts/access.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, requirePermission, withTx, type Ctx } from '../../../platform/context.js';
import { ForbiddenError } from '../../../platform/errors.js';
import { accessSettings } from '../access.tables.js';
import { accessRules, type Settings } from '../internal.js';

/** The access rules: anyone who requests or manages access may read them (the web shows the maximum visit). */
export async function getAccessSettings(ctx: Ctx): Promise<Settings> {
  requireActor(ctx);
  const p = ctx.actor.permissions;
  if (!p.has('access.request') && !p.has('access.read') && !p.has('access.manage')) throw new ForbiddenError();
  return accessRules(ctx.db);
}

/** `access.configure` (provider admins): maximum visit, badge validity, lapse after unused days. */
export async function updateAccessSettings(ctx: Ctx, input: z.output<typeof UpdateAccessSettings>): Promise<Settings> {
  requirePermission(ctx, 'access.configure');
  return withTx(ctx, async (tx) => {
    const before = await accessRules(tx);
    const values = { maxVisitDays: input.maxVisitDays, badgeValidityDays: input.badgeValidityDays, lapseAfterUnusedDays: input.lapseAfterUnusedDays, updatedBy: ctx.actor.userId, updatedAt: new Date() };
    await tx.insert(accessSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: accessSettings.id, set: values });
    await audit(tx, auditSource(ctx), { orgId: null, action: 'access.settings_changed', targetType: 'access_settings', targetId: '1', before, after: input });
    return accessRules(tx);
  });
}
