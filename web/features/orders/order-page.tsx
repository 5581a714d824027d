import { Alert, Anchor, Badge, Button, Card, DataList, FileButton, Grid, Group, Modal, Select, Stack, Switch, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate, type ErrorComponentProps } from '@tanstack/react-router';
import { IconArrowLeft, IconCheck, IconCopy, IconFileDownload, IconInfoCircle, IconPaperclip, IconSearch, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReorderResultDto, TaskStatus } from '../../../contracts/orders';
import { TASK_STATUSES } from '../../../contracts/orders';
import { ErrorPage } from '../../app/status-pages';
import { api, ApiError, post } from '../../ui/api';
import { ErrorAlert, fieldError, useErrorMessage } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useLiveInvalidate } from '../../ui/live-events';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { OrderStatusBadge } from './order-parts';
import { decideLinkQuery, fulfilsOrders, orderEventsQuery, orderQuery, type Order, type OrderEvent } from './queries';

const route = getRouteApi('/_app/orders/$id');

function useOrderMutation<T>(id: string, fn: (body: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => {
      if (data && typeof data === 'object' && 'id' in data && (data as Order).id === id) queryClient.setQueryData(orderQuery(id).queryKey, data as Order);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
}

/** /orders/$id: what was ordered, where it stands, who decides and who fulfils; the conversation. */
export function OrderPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const search = route.useSearch();
  const order = useSuspenseQuery(orderQuery(id)).data;
  const staff = fulfilsOrders(useCurrentUser());
  const fmt = useFormat();
  useLiveInvalidate(['order.changed'], [['orders', 'one', id]], { when: (_, d) => d.orderId === id });
  return (
    <Page
      title={order.item.name}
      description={
        <Group gap="xs" mt={4} wrap="wrap">
          <Text size="sm" ff="monospace" c="dark">
            {order.ref}
          </Text>
          <OrderStatusBadge status={order.status} />
          <Text size="sm" c="dimmed">
            {t('orders.byOn', { name: order.requester.name, org: order.org.name, when: fmt.dateTime(order.submittedAt ?? order.createdAt) })}
          </Text>
        </Group>
      }
      actions={<OrderActions order={order} />}
    >
      <Anchor component={Link} to="/orders" size="sm" w="fit-content" mt={-8}>
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('orders.back')}
        </Group>
      </Anchor>
      {(search.decide || order.abilities.decide) && <DecisionCard order={order} token={search.decide} />}
      {order.status === 'rejected' && (
        <Alert color="red" variant="light" icon={<IconX size={18} aria-hidden />} title={t('orders.rejectedTitle')}>
          {order.approvals.find((a) => a.status === 'rejected')?.comment}
        </Alert>
      )}
      {order.status === 'cancelled' && (
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} aria-hidden />} title={t('orders.cancelledTitle', { when: fmt.dateTime(order.cancelledAt) })}>
          {order.cancelReason}
        </Alert>
      )}
      {order.status === 'completed' && (
        <Alert color="teal" variant="light" icon={<IconCheck size={18} aria-hidden />} title={t('orders.completedTitle', { when: fmt.dateTime(order.completedAt) })}>
          {t('orders.completedText')}
        </Alert>
      )}
      {order.status === 'draft' && (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} aria-hidden />} title={t('orders.draftTitle')}>
          {t('orders.draftText')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <ValuesCard order={order} />
            {order.tasks.length > 0 && <TasksCard order={order} staff={staff} />}
            <TimelineCard order={order} />
            {order.abilities.comment && <CommentBox order={order} staff={staff} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <DetailsCard order={order} />
            {order.approvals.length > 0 && <ApprovalsCard order={order} />}
            <FilesCard order={order} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed" fw={600} fz="xs" tt="uppercase">
        {label}
      </DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-line' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function CardTitle({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Title order={2} size="h4" id={id} mb="sm">
      {children}
    </Title>
  );
}

/** Approve or reject the step waiting for the caller, from the portal or from the mail's link. */
function DecisionCard({ order, token }: { order: Order; token?: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const [comment, setComment] = useState('');
  const link = useQuery({ ...decideLinkQuery(token ?? ''), enabled: !!token });
  // The link's token goes along only when it is this user's link for this order; otherwise the portal's own rights decide.
  const linkToken = token && link.data?.orderId === order.id ? token : undefined;
  const decide = useOrderMutation(order.id, (decision: 'approve' | 'reject') => post<Order>(`/api/v1/orders/${order.id}/decision`, { decision, comment: comment.trim() || undefined, token: linkToken }));
  const step = order.abilities.decide;
  if (!step) {
    // Opened from a mail link, but nothing to decide (already decided, or not the caller's step).
    if (!token) return null;
    return (
      <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} aria-hidden />} title={t('orders.decide.nothingTitle')}>
        {link.error ? message(link.error) : t('orders.decide.nothingText')}
      </Alert>
    );
  }
  const rejectError = fieldError(decide.error, 'comment');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-decision" style={{ borderColor: 'var(--mantine-color-yellow-5)', borderWidth: 2 }}>
      <CardTitle id="order-decision">{t(`orders.decide.title.${step}`)}</CardTitle>
      <Text size="sm" mb="sm">
        {t('orders.decide.text', { ref: order.ref, name: order.requester.name })}
      </Text>
      <Stack gap="sm">
        <Textarea label={t('orders.decide.comment')} description={t('orders.decide.commentHint')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} maxLength={4000} error={rejectError} />
        {decide.error && !rejectError && <ErrorAlert error={decide.error} />}
        <Group gap="sm">
          <Button leftSection={<IconCheck size={18} aria-hidden />} onClick={() => decide.mutate('approve')} loading={decide.isPending && decide.variables === 'approve'}>
            {t('orders.decide.approve')}
          </Button>
          <Button color="red.9" variant="outline" leftSection={<IconX size={18} aria-hidden />} onClick={() => decide.mutate('reject')} loading={decide.isPending && decide.variables === 'reject'}>
            {t('orders.decide.reject')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Submit a draft, cancel (with a reason), reorder, or complete (staff), as the server's abilities allow. */
function OrderActions({ order }: { order: Order }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [dropped, setDropped] = useState<ReorderResultDto['dropped'] | null>(null);
  const submit = useOrderMutation(order.id, () => post<Order>(`/api/v1/orders/${order.id}/submit`, {}));
  const cancel = useOrderMutation(order.id, () => post<Order>(`/api/v1/orders/${order.id}/cancel`, { reason }));
  const complete = useOrderMutation(order.id, () => post<Order>(`/api/v1/orders/${order.id}/complete`));
  const reorder = useMutation({
    mutationFn: () => post<ReorderResultDto>(`/api/v1/orders/${order.id}/reorder`),
    onSuccess: (r) => {
      if (r.dropped.length) setDropped(r.dropped);
      else void navigate({ to: '/catalogue/$itemId', params: { itemId: r.order.item.id }, search: { draft: r.order.id } as never });
    },
  });
  const a = order.abilities;
  const error = submit.error ?? complete.error ?? reorder.error;
  return (
    <Stack gap={6} align="flex-end">
      <Group gap="sm" wrap="wrap">
        {a.edit && (
          <Button variant="default" onClick={() => void navigate({ to: '/catalogue/$itemId', params: { itemId: order.item.id }, search: { draft: order.id } as never })}>
            {t('orders.actions.edit')}
          </Button>
        )}
        {a.submit && (
          <Button onClick={() => submit.mutate(undefined)} loading={submit.isPending}>
            {t('orders.actions.submit')}
          </Button>
        )}
        {a.complete && (
          <Button onClick={() => complete.mutate(undefined)} loading={complete.isPending}>
            {t('orders.actions.complete')}
          </Button>
        )}
        {a.reorder && (
          <Button variant="default" leftSection={<IconCopy size={16} aria-hidden />} onClick={() => reorder.mutate()} loading={reorder.isPending}>
            {t('orders.actions.reorder')}
          </Button>
        )}
        {a.cancel && (
          <Button variant="default" color="red" onClick={() => setCancelling(true)}>
            {t('orders.actions.cancel')}
          </Button>
        )}
      </Group>
      {error && <ErrorAlert error={error} />}
      <Modal opened={cancelling} onClose={() => setCancelling(false)} title={t('orders.cancel.title', { ref: order.ref })}>
        <Stack>
          <Text size="sm">{t('orders.cancel.text')}</Text>
          <Textarea label={t('orders.cancel.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} maxLength={2000} error={fieldError(cancel.error, 'reason')} data-autofocus />
          {cancel.error && !fieldError(cancel.error, 'reason') && <ErrorAlert error={cancel.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCancelling(false)}>
              {t('orders.cancel.keep')}
            </Button>
            <Button color="red" onClick={() => cancel.mutate(undefined, { onSuccess: () => setCancelling(false) })} loading={cancel.isPending} disabled={!reason.trim()}>
              {t('orders.cancel.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!dropped} onClose={() => setDropped(null)} title={t('orders.reorder.title')}>
        <Stack>
          <Text size="sm">{t('orders.reorder.dropped')}</Text>
          <Stack gap={4} component="ul" pl="md" m={0}>
            {(dropped ?? []).map((d) => (
              <Text component="li" size="sm" key={d.key}>
                <b>{order.readable.find((v) => v.key === d.key)?.label ?? d.key}</b>: {d.reason}
              </Text>
            ))}
          </Stack>
          <Group justify="flex-end">
            <Button
              onClick={() => {
                const r = reorder.data;
                setDropped(null);
                if (r) void navigate({ to: '/catalogue/$itemId', params: { itemId: r.order.item.id }, search: { draft: r.order.id } as never });
              }}
            >
              {t('orders.reorder.continue')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ValuesCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const files = new Map(order.files.map((f) => [f.id, f]));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-values">
      <CardTitle id="order-values">{t('orders.values')}</CardTitle>
      {order.readable.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('orders.noValues')}
        </Text>
      ) : (
        <DataList orientation="vertical" gap="sm">
          {order.readable.map((v) => (
            <Item key={v.key} label={v.label}>
              {v.fileIds ? (
                <Stack gap={2}>
                  {v.fileIds.map((id) =>
                    files.has(id) ? (
                      <Anchor key={id} href={`/api/v1/orders/${order.id}/files/${id}`} size="sm" download>
                        {files.get(id)!.name}
                      </Anchor>
                    ) : (
                      <Text key={id} size="sm">
                        {v.text}
                      </Text>
                    ),
                  )}
                </Stack>
              ) : (
                <Text size="sm">{v.text}</Text>
              )}
            </Item>
          ))}
        </DataList>
      )}
      {order.acknowledgedDependencies.length > 0 && (
        <Alert mt="md" color="yellow" variant="light" title={t('orders.acknowledged')}>
          <Stack gap={2} component="ul" pl="md" m={0}>
            {order.acknowledgedDependencies.map((d) => (
              <Text component="li" size="sm" key={`${d.kind}:${d.ref}`}>
                {d.ref} · {d.label}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
    </Card>
  );
}

function DetailsCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-details">
      <CardTitle id="order-details">{t('orders.details')}</CardTitle>
      <DataList orientation="vertical" gap="sm">
        <Item label={t('orders.fields.organisation')}>{order.org.name}</Item>
        <Item label={t('orders.fields.requester')}>{order.requester.name}</Item>
        <Item label={t('orders.fields.kind')}>{t(`orders.kinds.${order.item.kind}`, { defaultValue: order.item.kind })}</Item>
        <Item label={t('orders.fields.approvalRule')}>{t(`orders.rules.${order.approvalRule}`, { defaultValue: order.approvalRule })}</Item>
        <Item label={t('orders.fields.created')}>{fmt.dateTime(order.createdAt)}</Item>
        {order.submittedAt && <Item label={t('orders.fields.submitted')}>{fmt.dateTime(order.submittedAt)}</Item>}
        {order.decidedAt && <Item label={t('orders.fields.decided')}>{fmt.dateTime(order.decidedAt)}</Item>}
        {order.completedAt && <Item label={t('orders.fields.completed')}>{fmt.dateTime(order.completedAt)}</Item>}
        <Item label={t('orders.fields.version')}>{order.item.version}</Item>
      </DataList>
    </Card>
  );
}

function ApprovalsCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const color = { pending: 'yellow', approved: 'teal', rejected: 'red' } as const;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-approvals">
      <CardTitle id="order-approvals">{t('orders.approvals')}</CardTitle>
      <Stack gap="sm">
        {order.approvals.map((a) => (
          <div key={a.id}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {t(`orders.steps.${a.step}`)}
              </Text>
              <Badge variant="light" color={color[a.status]}>
                {t(`orders.approvalStatus.${a.status}`)}
              </Badge>
            </Group>
            {a.decidedBy && (
              <Text size="xs" c="dimmed">
                {a.decidedBy.name} · {fmt.dateTime(a.decidedAt)}
              </Text>
            )}
            {a.comment && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                {a.comment}
              </Text>
            )}
          </div>
        ))}
      </Stack>
    </Card>
  );
}

function TasksCard({ order, staff }: { order: Order; staff: boolean }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const message = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const update = useOrderMutation(order.id, ({ taskId, body }: { taskId: string; body: { status?: TaskStatus; assigneeId?: string | null } }) =>
    api<Order>(`/api/v1/orders/${order.id}/tasks/${taskId}`, { method: 'PATCH', body }),
  );
  const color = { todo: 'gray', in_progress: 'blue', done: 'teal', skipped: 'gray' } as const;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-tasks">
      <CardTitle id="order-tasks">{t('orders.tasks')}</CardTitle>
      <Stack gap="md" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {order.tasks.map((task) => (
          <Group key={task.id} component="li" justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <div style={{ minWidth: 0, flex: '1 1 220px' }}>
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {task.position + 1}. {task.title}
              </Text>
              <Text size="xs" c="dimmed">
                {[task.group?.name, task.assignee ? t('orders.taskAssignee', { name: task.assignee.name }) : null, task.doneBy ? t('orders.taskDone', { name: task.doneBy.name, when: fmt.dateTime(task.doneAt) }) : null].filter(Boolean).join(' · ')}
              </Text>
            </div>
            {staff && order.abilities.updateTasks ? (
              <Group gap="xs" wrap="nowrap">
                {!task.assignee && (
                  <Button size="xs" variant="default" onClick={() => update.mutate({ taskId: task.id, body: { assigneeId: me.id } }, { onError: (e) => setError(message(e)) })}>
                    {t('orders.takeTask')}
                  </Button>
                )}
                <Select
                  size="xs"
                  w={150}
                  aria-label={t('orders.taskStatusOf', { title: task.title })}
                  data={TASK_STATUSES.map((s) => ({ value: s, label: t(`orders.taskStatus.${s}`) }))}
                  value={task.status}
                  allowDeselect={false}
                  onChange={(v) => {
                    setError(null);
                    const status = TASK_STATUSES.find((s) => s === v);
                    if (status) update.mutate({ taskId: task.id, body: { status } }, { onError: (e) => setError(message(e)) });
                  }}
                />
              </Group>
            ) : (
              <Badge variant="light" color={color[task.status]}>
                {t(`orders.taskStatus.${task.status}`)}
              </Badge>
            )}
          </Group>
        ))}
      </Stack>
      {error && (
        <Text c="red" size="sm" mt="sm" role="alert">
          {error}
        </Text>
      )}
    </Card>
  );
}

function eventText(t: (k: string, o?: Record<string, unknown>) => string, e: OrderEvent, lang: string): string {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'approval_requested':
    case 'approved':
    case 'rejected':
      return d.step ? t(`orders.events.${e.type}_step`, { step: t(`orders.steps.${String(d.step)}`) }) : t(`orders.events.${e.type}`);
    case 'task_changed': {
      const title = (d.title as Record<string, string> | undefined)?.[lang] || (d.title as Record<string, string> | undefined)?.en || '';
      return d.to ? t('orders.events.task_status', { title, status: t(`orders.taskStatus.${String(d.to)}`) }) : t('orders.events.task_assigned', { title });
    }
    case 'attachment_added':
      return t('orders.events.attachment_added', { name: String(d.filename ?? '') });
    case 'created':
      return d.reorderOf ? t('orders.events.reordered', { ref: String(d.reorderOf) }) : t('orders.events.created');
    default:
      return t(`orders.events.${e.type}`);
  }
}

function TimelineCard({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const events = useQuery(orderEventsQuery(order.id));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-timeline">
      <CardTitle id="order-timeline">{t('orders.timeline')}</CardTitle>
      <ErrorAlert error={events.error} />
      <Timeline bulletSize={14} lineWidth={2}>
        {(events.data?.items ?? []).map((e) => (
          <Timeline.Item key={e.id} title={<Text size="sm" fw={600}>{eventText(t, e, i18n.language)}</Text>} color={e.internal ? 'yellow' : undefined}>
            <Text size="xs" c="dimmed">
              {e.actor?.name ?? t('orders.system')} · {fmt.dateTime(e.createdAt)}
              {e.internal && ` · ${t('orders.internal')}`}
            </Text>
            {e.body && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                {e.body}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

function CommentBox({ order, staff }: { order: Order; staff: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const send = useMutation({
    mutationFn: () => post(`/api/v1/orders/${order.id}/comments`, { body, internal }),
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: ['orders', 'one', order.id] });
    },
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-comment">
      <CardTitle id="order-comment">{t('orders.comment.title')}</CardTitle>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) send.mutate();
        }}
      >
        <Stack gap="sm">
          <Textarea aria-label={t('orders.comment.label')} placeholder={t('orders.comment.placeholder')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} maxLength={20_000} error={fieldError(send.error, 'body')} />
          {send.error && !fieldError(send.error, 'body') && <ErrorAlert error={send.error} />}
          <Group justify="space-between">
            {staff ? <Switch label={t('orders.comment.internal')} checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} /> : <span />}
            <Button type="submit" loading={send.isPending} disabled={!body.trim()}>
              {internal ? t('orders.comment.sendInternal') : t('orders.comment.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function FilesCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const message = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file);
      const res = await fetch(`/api/v1/orders/${order.id}/files`, { method: 'POST', body: form, credentials: 'same-origin' });
      if (!res.ok) {
        const p = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
        throw new ApiError(res.status, p.code ?? 'INTERNAL', p.detail ?? res.statusText);
      }
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['orders', 'one', order.id] }),
    onError: (e) => setError(message(e)),
  });
  const canAttach = order.abilities.comment;
  if (order.files.length === 0 && !canAttach) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-files">
      <CardTitle id="order-files">{t('orders.files')}</CardTitle>
      <Stack gap={6}>
        {order.files.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('orders.noFiles')}
          </Text>
        )}
        {order.files.map((f) => (
          <Group key={f.id} gap={6} wrap="nowrap">
            <IconFileDownload size={16} aria-hidden />
            <Anchor href={`/api/v1/orders/${order.id}/files/${f.id}`} size="sm" download style={{ overflowWrap: 'anywhere' }}>
              {f.name}
            </Anchor>
            {f.internal && (
              <Badge size="xs" color="yellow" variant="light">
                {t('orders.internal')}
              </Badge>
            )}
          </Group>
        ))}
        {canAttach && (
          <FileButton
            onChange={(file) => {
              setError(null);
              if (file) upload.mutate(file);
            }}
          >
            {(props) => (
              <Button {...props} variant="default" size="xs" mt="xs" leftSection={<IconPaperclip size={14} aria-hidden />} loading={upload.isPending} w="fit-content">
                {t('orders.attach')}
              </Button>
            )}
          </FileButton>
        )}
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** An order that is not there (or belongs to another organisation: the server answers the same). */
export function OrderErrorPage(props: ErrorComponentProps) {
  const { t } = useTranslation();
  if (!(props.error instanceof ApiError && props.error.status === 404)) return <ErrorPage {...props} />;
  return (
    <Page title={t('orders.notFound.title')}>
      <Card withBorder padding="lg">
        <Stack gap="md" align="flex-start">
          <Group gap="xs" wrap="nowrap">
            <IconSearch size={20} aria-hidden />
            <Text>{t('orders.notFound.text')}</Text>
          </Group>
          <Button component={Link} to="/orders" variant="default">
            {t('orders.notFound.toList')}
          </Button>
        </Stack>
      </Card>
    </Page>
  );
}
