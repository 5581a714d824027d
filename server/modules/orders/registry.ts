import type { OrderableItem } from '../../../contracts/catalogue.js';
import type { AuthedCtx } from '../../platform/context.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import type { AppDeps } from '../../platform/deps.js';

/** What a kind handler learns about an order (approved, cancelled). */
export type OrderFacts = {
  id: string;
  orgId: string;
  ref: string;
  itemId: string;
  itemKey: string;
  itemKind: string;
  itemVersion: number;
  status: string;
  values: Record<string, unknown>;
  requesterId: string;
  submittedAt: Date | null;
  decidedAt: Date | null;
  /** Who decided the last approval step (null for rule "none"). */
  approvedBy: string | null;
};

/**
 * Special server behaviour of an item kind (access_visit, access_badge, …), registered by the module
 * that owns it. `validate` runs on submission after the form and database checks, inside the order's
 * transaction; it throws ForbiddenError / UnprocessableError, and nothing is stored. `onApproved` runs
 * in the transaction that moves the order to approved (before fulfilment starts); `onCancelled` in the
 * cancelling one.
 */
export type OrderKindHandler = {
  validate?(tx: Tx, ctx: AuthedCtx, input: { orgId: string; values: Record<string, unknown>; item: OrderableItem; requesterId: string }): Promise<void>;
  onApproved?(tx: Tx, order: OrderFacts): Promise<void>;
  onCancelled?(tx: Tx, order: OrderFacts): Promise<void>;
};

/** Something that depends on locations/racks being decommissioned (grants, cross-connects, orders). */
export type OrderDependency = { kind: string; ref: string; label: string; link?: string };
export type DependencyProvider = (db: DbOrTx, orgId: string, target: { locationIds: string[]; rackIds?: string[] }) => Promise<OrderDependency[]>;

/** Per app instance (kept on AppDeps), so tests building several apps never share handlers. */
export type OrderRegistry = { kinds: Map<string, OrderKindHandler>; dependencyProviders: DependencyProvider[] };

export function orderRegistry(deps: Pick<AppDeps, 'orderKinds'>): OrderRegistry {
  if (!deps.orderKinds) deps.orderKinds = { kinds: new Map(), dependencyProviders: [] };
  return deps.orderKinds;
}

/** Registers the handler of an item kind (replaces an earlier one of the same kind). */
export function registerOrderKind(deps: Pick<AppDeps, 'orderKinds'>, kind: string, handler: OrderKindHandler): void {
  orderRegistry(deps).kinds.set(kind, handler);
}

/** Registers a source of dependencies listed before a decommission order is submitted. */
export function registerDependencyProvider(deps: Pick<AppDeps, 'orderKinds'>, fn: DependencyProvider): void {
  const r = orderRegistry(deps);
  if (!r.dependencyProviders.includes(fn)) r.dependencyProviders.push(fn);
}
