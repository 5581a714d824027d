import type { OrderableItem } from '../../../../contracts/catalogue.js';
import { fieldsOfType, type FormDefinition, type Visitor } from '../../../../contracts/forms.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, type AuthedCtx } from '../../../platform/context.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { ForbiddenError, UnprocessableError } from '../../../platform/errors.js';
import { userRefs } from '../../identity/index.js';
import { assertLocationsEntitled } from '../../sites/index.js';
import { accessRules, DAY_MS } from '../internal.js';
import { createGrantsFromRequest, revokeGrantsOfOrder } from './grants.js';

export const ACCESS_KINDS = { access_visit: 'visit', access_badge: 'permanent' } as const;
export type AccessKind = keyof typeof ACCESS_KINDS;

/** What an access request names, read from an order's values. */
export type AccessRequest = {
  personIds: string[];
  personKey: string | null;
  visitors: Visitor[];
  visitorsKey: string | null;
  locationIds: string[];
  locationKey: string | null;
  window: { start: Date; end: Date } | null;
  windowKey: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRange = (v: unknown): v is { start: string; end: string } => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { start?: unknown }).start === 'string' && typeof (v as { end?: unknown }).end === 'string';
const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && UUID.test(x));
const isVisitorList = (v: unknown): v is Visitor[] => Array.isArray(v) && v.length > 0 && v.every((x) => !!x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string');

/** A range value as instants: a date range covers its first day from 00:00 UTC to the end of its last day. */
function rangeOf(v: { start: string; end: string }): { start: Date; end: Date } {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
  const start = new Date(dateOnly.test(v.start) ? `${v.start}T00:00:00Z` : v.start);
  const end = dateOnly.test(v.end) ? new Date(new Date(`${v.end}T00:00:00Z`).getTime() + DAY_MS) : new Date(v.end);
  return { start, end };
}

/**
 * Reads the request from the item's form (fields by type: person, visitors, location, date/time
 * range). Without the form (an approved order's values), by the values' shapes: id lists of the
 * organisation's members are persons, other id lists locations.
 */
export async function readAccessRequest(db: DbOrTx, orgId: string, values: Record<string, unknown>, form?: FormDefinition): Promise<AccessRequest> {
  const r: AccessRequest = { personIds: [], personKey: null, visitors: [], visitorsKey: null, locationIds: [], locationKey: null, window: null, windowKey: null };
  const take = (key: string, v: unknown, type: 'person' | 'visitors' | 'location' | 'range') => {
    if (type === 'person' && isIdList(v)) (r.personIds.push(...v), (r.personKey ??= key));
    else if (type === 'visitors' && Array.isArray(v)) (r.visitors.push(...(v as Visitor[])), (r.visitorsKey ??= key));
    else if (type === 'location' && isIdList(v)) (r.locationIds.push(...v), (r.locationKey ??= key));
    else if (type === 'range' && isRange(v) && !r.window) ((r.window = rangeOf(v)), (r.windowKey = key));
  };
  if (form) {
    for (const f of fieldsOfType(form, 'person')) take(f.key, values[f.key], 'person');
    for (const f of fieldsOfType(form, 'visitors')) take(f.key, values[f.key], 'visitors');
    for (const f of fieldsOfType(form, 'location')) take(f.key, values[f.key], 'location');
    for (const f of [...fieldsOfType(form, 'datetimerange'), ...fieldsOfType(form, 'daterange')]) take(f.key, values[f.key], 'range');
  } else {
    const idLists = Object.entries(values).filter(([, v]) => isIdList(v) && v.length > 0) as [string, string[]][];
    const members = await userRefs(db, idLists.flatMap(([, v]) => v));
    for (const [key, v] of Object.entries(values)) {
      if (isVisitorList(v)) take(key, v, 'visitors');
      else if (isRange(v)) take(key, v, 'range');
      else if (isIdList(v) && v.length) take(key, v, v.every((id) => members.get(id)?.orgId === orgId) ? 'person' : 'location');
    }
  }
  r.personIds = [...new Set(r.personIds.map((s) => s.toLowerCase()))];
  r.locationIds = [...new Set(r.locationIds.map((s) => s.toLowerCase()))];
  return r;
}

/**
 * The access rules of a request, checked when the order is submitted (inside its transaction):
 * `access.request` (else 403, with an audit record written outside the failing transaction), a
 * window that starts in the future, ends after its start and lasts at most the maximum visit
 * (422 ACCESS_WINDOW_INVALID naming `values.<key>.start|end`), someone to let in, entitled
 * locations (422 LOCATION_NOT_ENTITLED), and for permanent badges the provider's approval.
 */
export async function validateAccessRequest(
  tx: Tx,
  ctx: AuthedCtx,
  kind: AccessKind,
  input: { orgId: string; values: Record<string, unknown>; item: OrderableItem; requesterId: string },
  now = new Date(),
): Promise<void> {
  if (!ctx.actor.permissions.has('access.request') || ctx.actor.orgId !== input.orgId) {
    // The order's transaction is rolled back by this error; the refusal is recorded on its own. Not
    // awaited: on the embedded database the pool waits for the transaction we are inside of.
    void audit(ctx.db, auditSource(ctx), {
      orgId: input.orgId,
      action: 'access.request_refused',
      targetType: 'catalogue_item',
      targetId: input.item.id,
      after: { kind, reason: 'missing permission access.request' },
    }).catch((err) => ctx.log.error({ err }, 'could not record the refused access request'));
    throw new ForbiddenError('Only authorised requesters may request physical access. Ask your organisation’s administrator.');
  }
  const req = await readAccessRequest(tx, input.orgId, input.values, input.item.form);
  const rules = await accessRules(tx);
  const errors: { path: string; message: string }[] = [];
  if (kind === 'access_badge' && input.item.approvalRule !== 'provider' && input.item.approvalRule !== 'both')
    throw new UnprocessableError([{ path: 'itemId', message: 'a permanent badge needs the provider’s approval; this catalogue item does not ask for it' }]);
  const wkey = `values.${req.windowKey ?? 'window'}`;
  if (!req.window) {
    if (kind === 'access_visit') errors.push({ path: wkey, message: 'choose when the visit starts and ends' });
  } else {
    const { start, end } = req.window;
    if (Number.isNaN(start.getTime())) errors.push({ path: `${wkey}.start`, message: 'is not a date and time' });
    else if (Number.isNaN(end.getTime())) errors.push({ path: `${wkey}.end`, message: 'is not a date and time' });
    else if (kind === 'access_visit' && start.getTime() <= now.getTime()) errors.push({ path: `${wkey}.start`, message: 'must be in the future' });
    else if (end.getTime() <= start.getTime()) errors.push({ path: `${wkey}.end`, message: 'must be after the start' });
    else if (kind === 'access_visit' && end.getTime() - start.getTime() > rules.maxVisitDays * DAY_MS)
      errors.push({ path: `${wkey}.end`, message: `a work visit may last at most ${rules.maxVisitDays} days` });
    else if (kind === 'access_badge' && end.getTime() < now.getTime()) errors.push({ path: `${wkey}.end`, message: 'must be in the future' });
  }
  if (errors.length) throw new UnprocessableError(errors, 'ACCESS_WINDOW_INVALID');
  if (!req.personIds.length && !req.visitors.length)
    throw new UnprocessableError([{ path: `values.${req.visitorsKey ?? req.personKey ?? 'visitors'}`, message: 'name at least one person to let in' }]);
  if (!req.locationIds.length) throw new UnprocessableError([{ path: `values.${req.locationKey ?? 'locations'}`, message: 'choose at least one location' }]);
  await assertLocationsEntitled(tx, input.orgId, req.locationIds, `values.${req.locationKey}`);
}

/** The order kinds access registers with the orders module: validation on submit, grants on approval. */
export function accessKindHandler(kind: AccessKind) {
  return {
    validate: (tx: Tx, ctx: AuthedCtx, input: { orgId: string; values: Record<string, unknown>; item: OrderableItem; requesterId: string }) => validateAccessRequest(tx, ctx, kind, input),
    async onApproved(tx: Tx, order: { id: string; orgId: string; ref: string; values: Record<string, unknown>; requesterId: string; approvedBy: string | null }) {
      const req = await readAccessRequest(tx, order.orgId, order.values);
      await createGrantsFromRequest(tx, { orgId: order.orgId, orderId: order.id, orderRef: order.ref, kind: ACCESS_KINDS[kind], createdBy: order.approvedBy ?? order.requesterId }, req);
    },
    async onCancelled(tx: Tx, order: { id: string; orgId: string; ref: string }) {
      await revokeGrantsOfOrder(tx, order.orgId, order.id, `order ${order.ref} cancelled`);
    },
  };
}
