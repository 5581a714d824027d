import { z } from 'zod';

/**
 * Orders: a customer's request for a catalogue item, with its approvals, fulfilment tasks and
 * timeline. Shared by server and web.
 */
export const ORDER_STATUSES = ['draft', 'submitted', 'waiting_for_approval', 'approved', 'rejected', 'in_fulfilment', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Which status may follow which. `submitted` and `approved` are passed through in the same
 * transaction (each step lands in the timeline): submitted → waiting for approval (or approved when
 * the item needs none) and approved → in fulfilment. The customer may cancel until fulfilment starts.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ['submitted', 'cancelled'],
  submitted: ['waiting_for_approval', 'approved', 'cancelled'],
  waiting_for_approval: ['approved', 'rejected', 'cancelled'],
  approved: ['in_fulfilment', 'cancelled'],
  rejected: [],
  in_fulfilment: ['completed'],
  completed: [],
  cancelled: [],
};
export const CANCELLABLE: readonly OrderStatus[] = ['draft', 'submitted', 'waiting_for_approval', 'approved'];
/** Statuses of an order that is still going (dependencies, queues). */
export const OPEN_ORDER_STATUSES = ['submitted', 'waiting_for_approval', 'approved', 'in_fulfilment'] as const satisfies readonly OrderStatus[];

export const APPROVAL_STEPS = ['customer', 'provider'] as const;
export type ApprovalStep = (typeof APPROVAL_STEPS)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ORDER_EVENT_TYPES = [
  'created',
  'submitted',
  'approval_requested',
  'approved',
  'rejected',
  'fulfilment_started',
  'task_changed',
  'comment',
  'internal_note',
  'attachment_added',
  'completed',
  'cancelled',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** Order references: ORD0001234. */
export const formatOrderRef = (n: number) => `ORD${String(n).padStart(7, '0')}`;

const Ref = z.object({ id: z.uuid(), name: z.string() });
const Iso = z.iso.datetime({ offset: true });

/** Something a decommission depends on (grants, cross-connects, other orders). */
export const OrderDependencyDto = z.object({ kind: z.string(), ref: z.string(), label: z.string(), link: z.string().optional() }).meta({ id: 'OrderDependency' });
export type OrderDependencyDto = z.infer<typeof OrderDependencyDto>;

export const OrderApprovalDto = z
  .object({
    id: z.uuid(),
    step: z.enum(APPROVAL_STEPS),
    status: z.enum(APPROVAL_STATUSES),
    decidedBy: Ref.nullable(),
    decidedAt: Iso.nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: 'OrderApproval' });
export type OrderApprovalDto = z.infer<typeof OrderApprovalDto>;

export const OrderTaskDto = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    title: z.string(),
    group: Ref.nullable(),
    assignee: Ref.nullable(),
    status: z.enum(TASK_STATUSES),
    doneBy: Ref.nullable(),
    doneAt: Iso.nullable(),
  })
  .meta({ id: 'OrderTask' });
export type OrderTaskDto = z.infer<typeof OrderTaskDto>;

export const OrderEventDto = z
  .object({
    id: z.uuid(),
    type: z.enum(ORDER_EVENT_TYPES),
    actor: Ref.nullable(),
    body: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    internal: z.boolean(),
    createdAt: Iso,
  })
  .meta({ id: 'OrderEvent' });
export type OrderEventDto = z.infer<typeof OrderEventDto>;

export const OrderFileDto = z
  .object({ id: z.uuid(), name: z.string(), size: z.number().int(), contentType: z.string(), internal: z.boolean().optional(), createdAt: Iso.optional(), uploadedBy: Ref.nullable().optional() })
  .meta({ id: 'OrderFile' });
export type OrderFileDto = z.infer<typeof OrderFileDto>;

/** One value of the order made readable: the field's label and the value as text (persons by name, locations as paths, files by name). */
export const OrderValueDto = z.object({ key: z.string(), type: z.string(), label: z.string(), text: z.string(), fileIds: z.array(z.uuid()).optional() });
export type OrderValueDto = z.infer<typeof OrderValueDto>;

export const OrderListItemDto = z
  .object({
    id: z.uuid(),
    ref: z.string(),
    status: z.enum(ORDER_STATUSES),
    item: z.object({ id: z.uuid(), key: z.string(), kind: z.string(), version: z.number().int(), name: z.string() }),
    org: Ref,
    requester: Ref,
    createdAt: Iso,
    submittedAt: Iso.nullable(),
    decidedAt: Iso.nullable(),
    completedAt: Iso.nullable(),
    cancelledAt: Iso.nullable(),
    /** Open tasks (todo or in progress) of the order. */
    openTasks: z.number().int(),
  })
  .meta({ id: 'OrderListItem' });
export type OrderListItemDto = z.infer<typeof OrderListItemDto>;

export const OrderDto = OrderListItemDto.extend({
  values: z.record(z.string(), z.unknown()),
  readable: z.array(OrderValueDto),
  /** The item's form as it was when ordered (labels, field types). */
  form: z.unknown(),
  approvalRule: z.string(),
  cancelReason: z.string().nullable(),
  /** The dependencies the customer acknowledged when submitting a decommission order. */
  acknowledgedDependencies: z.array(OrderDependencyDto),
  approvals: z.array(OrderApprovalDto),
  tasks: z.array(OrderTaskDto),
  files: z.array(OrderFileDto),
  abilities: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    cancel: z.boolean(),
    /** The approval step the caller may decide now, if any. */
    decide: z.enum(APPROVAL_STEPS).nullable(),
    comment: z.boolean(),
    internalNote: z.boolean(),
    updateTasks: z.boolean(),
    complete: z.boolean(),
    reorder: z.boolean(),
  }),
}).meta({ id: 'Order' });
export type OrderDto = z.infer<typeof OrderDto>;

const Values = z.record(z.string(), z.unknown());

export const CreateOrder = z.strictObject({
  itemId: z.uuid(),
  values: Values.default({}),
  /** true: submit at once; false: keep as a draft. */
  submit: z.boolean().default(false),
  /** Decommission: the dependencies shown to the customer before submitting (kept with the order). */
  acknowledgedDependencies: z.array(OrderDependencyDto).max(500).optional(),
});
export type CreateOrder = z.input<typeof CreateOrder>;

export const UpdateDraft = z.strictObject({ values: Values });
export const SubmitOrder = z.strictObject({ acknowledgedDependencies: z.array(OrderDependencyDto).max(500).optional() });
export const CancelOrder = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const DecideApproval = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(4000).optional(),
  /** The signed link from the approval mail (optional; the caller must be the user it was sent to). */
  token: z.string().max(400).optional(),
});
export const AddOrderComment = z.strictObject({ body: z.string().trim().min(1).max(20_000), internal: z.boolean().default(false) });
export const UpdateOrderTask = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  assigneeId: z.uuid().nullable().optional(),
});
export const LinkOrderFiles = z.strictObject({ fileIds: z.array(z.uuid()).min(1).max(10), internal: z.boolean().default(false) });

export const ORDER_QUEUES = ['provider_approval', 'my_tasks', 'in_fulfilment', 'all'] as const;
export const OrderQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  itemId: z.uuid().optional(),
  kind: z.string().max(40).optional(),
  requesterId: z.uuid().optional(),
  orgId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  queue: z.enum(ORDER_QUEUES).optional(),
  q: z.string().trim().max(100).optional(),
});
export type OrderQuery = z.input<typeof OrderQuery>;

export const DependenciesQuery = z.strictObject({
  locationIds: z.string().max(4000).optional(),
  rackIds: z.string().max(4000).optional(),
  orgId: z.uuid().optional(),
});

/** What a decide-link token names, for the order page to show whose step it is. */
export const DecideLinkDto = z.object({ orderId: z.uuid(), step: z.enum(APPROVAL_STEPS), valid: z.boolean() }).meta({ id: 'OrderDecideLink' });

export const ReorderResultDto = z.object({ order: OrderDto, dropped: z.array(z.object({ key: z.string(), reason: z.string() })) }).meta({ id: 'OrderReorderResult' });
export type ReorderResultDto = z.infer<typeof ReorderResultDto>;

