import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../../platform/deps.js';
import { users } from '../identity.tables.js';
import { changeLabel, renderMail } from '../mail-templates.js';

/** Mails the user that a security setting of their account changed (no permission: system action). */
export async function notifySecurityChange(deps: Pick<AppDeps, 'db' | 'mailer'>, userId: string, change: string) {
  const [u] = await deps.db
    .select({ email: users.email, locale: users.locale, timeZone: users.timeZone, orgId: users.orgId })
    .from(users)
    .where(eq(users.id, userId));
  if (!u) return;
  const time = new Intl.DateTimeFormat(u.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: u.timeZone }).format(new Date());
  const m = renderMail('security_notice', u.locale, { change: changeLabel(change, u.locale), time });
  await deps.mailer.enqueue(deps.db, { to: u.email, subject: m.subject, text: m.text, template: `security_notice.${change}`, orgId: u.orgId });
}
