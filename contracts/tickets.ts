import { z } from 'zod';

/**
 * Tickets: what a customer reports (incident, inquiry, safety or quality report) and what the
 * provider tracks behind them (problem). Shared by server and web.
 */
export const TICKET_KINDS = ['incident', 'inquiry', 'safety_quality', 'problem'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
/** Kinds a customer may open; problems are the provider's. */
export const CUSTOMER_KINDS = ['incident', 'inquiry', 'safety_quality'] as const satisfies readonly TicketKind[];
/** Human reference prefixes: INC0001234, INQ…, SQR…, PRB…. */
export const KIND_PREFIX: Record<TicketKind, string> = { incident: 'INC', inquiry: 'INQ', safety_quality: 'SQR', problem: 'PRB' };
export const formatRef = (kind: TicketKind, n: number) => `${KIND_PREFIX[kind]}${String(n).padStart(7, '0')}`;

export const TICKET_STATUSES = ['new', 'in_progress', 'waiting_for_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const OPEN_STATUSES = ['new', 'in_progress', 'waiting_for_customer'] as const satisfies readonly TicketStatus[];

/**
 * Which status may follow which, for provider staff. Closed is final. A customer may only reopen a
 * resolved ticket (within the reopen window) or close it; their reply to a ticket waiting for them
 * moves it back to in progress by itself.
 */
export const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['in_progress', 'waiting_for_customer', 'resolved'],
  in_progress: ['waiting_for_customer', 'resolved'],
  waiting_for_customer: ['in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

export const RESOLUTION_CODES = ['fixed', 'workaround', 'no_fault_found', 'duplicate', 'cancelled_by_customer', 'not_reproducible'] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export const EVENT_TYPES = [
  'created',
  'comment',
  'internal_note',
  'status_changed',
  'assigned',
  'priority_changed',
  'watcher_added',
  'watcher_removed',
  'sla_warning',
  'sla_breach',
  'reopened',
  'resolved',
  'merged',
  'attachment_added',
  'alert_resolved',
  'problem_linked',
  'workaround_changed',
] as const;
export type TicketEventType = (typeof EVENT_TYPES)[number];

const Ref = z.object({ id: z.uuid(), name: z.string() });
const Iso = z.iso.datetime({ offset: true });

/** One SLA target as the customer sees it. */
export const SlaTargetDto = z.object({
  targetMinutes: z.number().int(),
  /** When it is due; null while the clock is paused (waiting for the customer). */
  dueAt: Iso.nullable(),
  state: z.enum(['running', 'paused', 'warning', 'breached', 'met', 'missed']),
  /** Share of the target used (1 = due now). */
  fraction: z.number(),
  /** When the target was reached (first response given, or resolved). */
  metAt: Iso.nullable(),
});
export type SlaTargetDto = z.infer<typeof SlaTargetDto>;

export const TicketDto = z
  .object({
    id: z.uuid(),
    ref: z.string(),
    kind: z.enum(TICKET_KINDS),
    title: z.string(),
    description: z.string(),
    /** The description rendered from Markdown and sanitised: safe to insert as HTML. */
    descriptionHtml: z.string(),
    category: z.object({ id: z.uuid(), key: z.string(), name: z.string() }),
    urgency: z.string(),
    impact: z.string(),
    priority: z.string(),
    status: z.enum(TICKET_STATUSES),
    resolutionCode: z.enum(RESOLUTION_CODES).nullable(),
    org: Ref,
    requester: Ref,
    assignee: Ref.nullable(),
    group: Ref.nullable(),
    watchers: z.array(Ref),
    site: z.string().nullable(),
    service: z.string().nullable(),
    source: z.enum(['portal', 'api', 'email', 'alert']),
    /** Monitoring alerts behind an incident: how often the alert fired, and when last. */
    alert: z.object({ count: z.number().int(), lastAt: Iso.nullable() }).nullable(),
    /** The known problem behind an incident, with its workaround when there is one. */
    problem: z.object({ id: z.uuid(), ref: z.string(), title: z.string(), workaround: z.string().nullable() }).nullable(),
    /** A problem's known workaround (problems only). */
    workaround: z.string().nullable(),
    createdAt: Iso,
    updatedAt: Iso,
    resolvedAt: Iso.nullable(),
    closedAt: Iso.nullable(),
    sla: z.object({
      policy: z.string(),
      firstResponse: SlaTargetDto,
      resolution: SlaTargetDto,
      paused: z.boolean(),
    }),
    /** For a ticket nobody has picked up yet: how many open unassigned tickets are ahead of it. */
    queuePosition: z.number().int().nullable(),
    /** Until when the customer may reopen it (resolved tickets only). */
    reopenUntil: Iso.nullable(),
    abilities: z.object({
      comment: z.boolean(),
      internalNote: z.boolean(),
      transitions: z.array(z.enum(TICKET_STATUSES)),
      assign: z.boolean(),
      edit: z.boolean(),
    }),
  })
  .meta({ id: 'Ticket' });
export type TicketDto = z.infer<typeof TicketDto>;

export const TicketListItemDto = TicketDto.pick({
  id: true,
  ref: true,
  kind: true,
  title: true,
  category: true,
  urgency: true,
  priority: true,
  status: true,
  org: true,
  requester: true,
  assignee: true,
  group: true,
  createdAt: true,
  updatedAt: true,
  sla: true,
  queuePosition: true,
}).meta({ id: 'TicketListItem' });
export type TicketListItemDto = z.infer<typeof TicketListItemDto>;

export const TicketEventDto = z
  .object({
    id: z.uuid(),
    type: z.enum(EVENT_TYPES),
    /** internal events (notes, SLA warnings for agents) never reach a customer. */
    visibility: z.enum(['public', 'internal']),
    actor: Ref.nullable(),
    body: z.string().nullable(),
    bodyHtml: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: Iso,
  })
  .meta({ id: 'TicketEvent' });
export type TicketEventDto = z.infer<typeof TicketEventDto>;

export const CategoryDto = z
  .object({ id: z.uuid(), key: z.string(), name: z.string(), names: z.record(z.string(), z.string()), active: z.boolean() })
  .meta({ id: 'TicketCategory' });
export type CategoryDto = z.infer<typeof CategoryDto>;

const Markdown = z.string().trim().min(1).max(20_000);

export const CreateTicket = z.strictObject({
  kind: z.enum(TICKET_KINDS).default('incident'),
  title: z.string().trim().min(3).max(200),
  description: Markdown,
  categoryId: z.uuid(),
  urgency: z.string(),
  impact: z.string(),
  site: z.string().trim().max(200).optional(),
  service: z.string().trim().max(200).optional(),
  watcherIds: z.array(z.uuid()).max(20).optional(),
  /** Provider staff open tickets on a customer's behalf: the organisation and its requester (problems may omit it). */
  orgId: z.uuid().optional(),
  requesterId: z.uuid().optional(),
});
export type CreateTicket = z.input<typeof CreateTicket>;

export const AddComment = z.strictObject({
  body: Markdown,
  /** An internal note: provider staff only, never shown to the customer. */
  internal: z.boolean().default(false),
});

export const ChangeStatus = z.strictObject({
  status: z.enum(TICKET_STATUSES),
  resolutionCode: z.enum(RESOLUTION_CODES).optional(),
  /** Resolution note (public) when resolving; a reason when reopening. */
  note: z.string().trim().max(20_000).optional(),
});

export const AssignTicket = z.strictObject({
  assigneeId: z.uuid().nullable().optional(),
  groupId: z.uuid().nullable().optional(),
});

export const TicketQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum([...TICKET_STATUSES, 'open']).optional(),
  kind: z.enum(TICKET_KINDS).optional(),
  orgId: z.uuid().optional(),
  categoryId: z.uuid().optional(),
  priority: z.string().max(4).optional(),
  q: z.string().trim().max(200).optional(),
  /** Incidents linked to this problem. */
  problemId: z.uuid().optional(),
  /** Agents' queues. */
  queue: z.enum(['mine', 'my_groups', 'unassigned', 'breaching_soon', 'all_open']).optional(),
});
export type TicketQuery = z.input<typeof TicketQuery>;

export const LinkProblem = z.strictObject({ problemId: z.uuid().nullable() });
export const SetWorkaround = z.strictObject({ workaround: z.string().trim().max(20_000).nullable() });
