import { Alert, Button, CloseButton, Group, List, Modal, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle, IconCircleCheck, IconSwitchHorizontal, IconUserCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RESOLUTION_CODES, type ResolutionCode, type TicketStatus } from '../../../contracts/tickets';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useCurrentUser } from '../auth/queries';
import { userChoicesQuery } from '../users/queries';
import { useBulkUpdate, type BulkChange, type BulkOutcome } from './list-queries';
import { supportGroupsQuery } from './queries';
import { useStatusLabel } from './ticket-parts';

/** Statuses an agent may set on many tickets at once (each ticket still follows its own transitions). */
const BULK_STATUSES = ['in_progress', 'waiting_for_customer', 'resolved', 'closed'] as const satisfies readonly TicketStatus[];

/** The outcome of the last bulk change, with the references to name the tickets by. */
export type BulkReport = { results: BulkOutcome[]; refs: Record<string, string> };

type BarProps = {
  /** The selected tickets (id and reference). */
  selected: { id: string; ref: string }[];
  onClear: () => void;
  onDone: (report: BulkReport) => void;
};

/**
 * The bar over an agent's list while tickets are selected: how many, change their status (with a
 * resolution code and note when resolving), assign them (agent and/or group), clear the selection.
 */
export function BulkBar({ selected, onClear, onDone }: BarProps) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'status' | 'assign' | null>(null);
  const done = (results: BulkOutcome[]) => {
    setDialog(null);
    onDone({ results, refs: Object.fromEntries(selected.map((s) => [s.id, s.ref])) });
  };
  const ids = selected.map((s) => s.id);
  return (
    <Paper
      withBorder
      shadow="sm"
      p="xs"
      mb="sm"
      role="region"
      aria-label={t('ticketList.bulk.label')}
      style={{ position: 'sticky', top: 'calc(var(--app-shell-header-offset, 0px) + 4px)', zIndex: 5, background: 'var(--mantine-color-body)' }}
    >
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600} aria-live="polite">
          {t('ticketList.bulk.selected', { count: selected.length })}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Button size="compact-sm" variant="light" leftSection={<IconSwitchHorizontal size={16} aria-hidden />} onClick={() => setDialog('status')}>
            {t('ticketList.bulk.changeStatus')}
          </Button>
          <Button size="compact-sm" variant="light" leftSection={<IconUserCheck size={16} aria-hidden />} onClick={() => setDialog('assign')}>
            {t('ticketList.bulk.assign')}
          </Button>
          <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconX size={16} aria-hidden />} onClick={onClear}>
            {t('ticketList.bulk.clear')}
          </Button>
        </Group>
      </Group>
      <BulkStatusModal opened={dialog === 'status'} onClose={() => setDialog(null)} ids={ids} onDone={done} />
      <BulkAssignModal opened={dialog === 'assign'} onClose={() => setDialog(null)} ids={ids} onDone={done} />
    </Paper>
  );
}

type ModalProps = { opened: boolean; onClose: () => void; ids: string[]; onDone: (results: BulkOutcome[]) => void };

function BulkStatusModal({ opened, onClose, ids, onDone }: ModalProps) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [status, setStatus] = useState<TicketStatus | null>(null);
  const [code, setCode] = useState<ResolutionCode | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<'status' | 'code' | null>(null);
  const bulk = useBulkUpdate((results) => {
    reset();
    onDone(results);
  });
  const reset = () => {
    setStatus(null);
    setCode(null);
    setNote('');
    setMissing(null);
  };
  const close = () => {
    bulk.reset();
    reset();
    onClose();
  };
  const submit = () => {
    if (!status) return setMissing('status');
    if (status === 'resolved' && !code) return setMissing('code');
    const change: BulkChange = { ids, status };
    if (status === 'resolved') Object.assign(change, { resolutionCode: code, ...(note.trim() ? { note: note.trim() } : {}) });
    bulk.mutate(change);
  };
  return (
    <Modal opened={opened} onClose={close} title={t('ticketList.bulk.statusTitle', { count: ids.length })}>
      <Stack gap="sm">
        <ErrorAlert error={bulk.error} />
        <Select
          label={t('ticketList.bulk.newStatus')}
          placeholder={t('ticketList.bulk.pickStatus')}
          data={BULK_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={status}
          onChange={(v) => {
            setStatus(BULK_STATUSES.find((s) => s === v) ?? null);
            setMissing(null);
          }}
          required
          error={missing === 'status' ? t('ticketList.bulk.statusRequired') : fieldError(bulk.error, 'status')}
          data-autofocus
        />
        {status === 'resolved' && (
          <>
            <Select
              label={t('tickets.resolutionCode')}
              placeholder={t('tickets.actions.pickResolution')}
              data={RESOLUTION_CODES.map((c) => ({ value: c, label: t(`tickets.resolutionCodes.${c}`) }))}
              value={code}
              onChange={(v) => {
                setCode(RESOLUTION_CODES.find((c) => c === v) ?? null);
                setMissing(null);
              }}
              required
              error={missing === 'code' ? t('tickets.actions.resolutionRequired') : fieldError(bulk.error, 'resolutionCode')}
            />
            <Textarea
              label={t('tickets.actions.resolutionNote')}
              description={t('ticketList.bulk.noteHint')}
              autosize
              minRows={3}
              maxLength={20_000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
          </>
        )}
        {status === 'closed' && <Text size="sm">{t('tickets.actions.closeTextStaff')}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={bulk.isPending}>
            {t('ticketList.bulk.apply', { count: ids.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** "keep" leaves that side of the assignment as each ticket has it; "none" clears it. */
const KEEP = 'keep';
const NONE = 'none';

function BulkAssignModal({ opened, onClose, ids, onDone }: ModalProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const agents = useQuery({ ...userChoicesQuery(), enabled: opened });
  const groups = useQuery({ ...supportGroupsQuery, enabled: opened });
  const [agent, setAgent] = useState<string>(KEEP);
  const [group, setGroup] = useState<string>(KEEP);
  const [missing, setMissing] = useState(false);
  const bulk = useBulkUpdate((results) => {
    setAgent(KEEP);
    setGroup(KEEP);
    onDone(results);
  });
  const close = () => {
    bulk.reset();
    setAgent(KEEP);
    setGroup(KEEP);
    setMissing(false);
    onClose();
  };
  const choices = (agents.data?.items ?? []).filter((u) => u.status === 'active' && (u.role === 'provider_agent' || u.role === 'provider_admin'));
  const side = (v: string) => (v === KEEP ? undefined : v === NONE ? null : v);
  const submit = (change: Omit<BulkChange, 'ids'>) => {
    if (change.assigneeId === undefined && change.groupId === undefined) return setMissing(true);
    bulk.mutate({ ids, ...change });
  };
  const keep = { value: KEEP, label: t('ticketList.bulk.keep') };
  return (
    <Modal opened={opened} onClose={close} title={t('ticketList.bulk.assignTitle', { count: ids.length })}>
      <Stack gap="sm">
        <ErrorAlert error={bulk.error} />
        <Select
          label={t('tickets.actions.agent')}
          data={[keep, { value: NONE, label: t('ticketList.bulk.unassign') }, ...choices.map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (${t('users.you')})` : u.name }))]}
          value={agent}
          onChange={(v) => {
            setAgent(v ?? KEEP);
            setMissing(false);
          }}
          allowDeselect={false}
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          error={fieldError(bulk.error, 'assigneeId')}
        />
        <Select
          label={t('tickets.actions.group')}
          data={[keep, { value: NONE, label: t('tickets.actions.noGroup') }, ...(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))]}
          value={group}
          onChange={(v) => {
            setGroup(v ?? KEEP);
            setMissing(false);
          }}
          allowDeselect={false}
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          error={missing ? t('ticketList.bulk.nothingToChange') : fieldError(bulk.error, 'groupId')}
        />
        <Group justify="space-between" wrap="wrap">
          <Button variant="subtle" data-autofocus onClick={() => submit({ assigneeId: me.id })} loading={bulk.isPending && bulk.variables?.assigneeId === me.id && bulk.variables.groupId === undefined}>
            {t('tickets.actions.assignToMe')}
          </Button>
          <Group gap="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => submit({ assigneeId: side(agent), groupId: side(group) })} loading={bulk.isPending && !(bulk.variables?.assigneeId === me.id && bulk.variables.groupId === undefined)}>
              {t('ticketList.bulk.apply', { count: ids.length })}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/** What the last bulk change did: all updated, or which tickets were not changed and why. */
export function BulkResults({ report, onDismiss }: { report: BulkReport; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  const failed = report.results.filter((r) => !r.ok);
  const ok = report.results.length - failed.length;
  const reason = (r: BulkOutcome) => (r.code && i18n.exists(`errors.${r.code}`) ? t(`errors.${r.code}`) : (r.message ?? t('errors.INTERNAL')));
  const dismiss = <CloseButton aria-label={t('ticketList.bulk.dismiss')} onClick={onDismiss} size="sm" />;
  if (failed.length === 0)
    return (
      <Alert color="teal" variant="light" mb="sm" icon={<IconCircleCheck size={18} aria-hidden />} role="status">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm">{t('ticketList.bulk.allDone', { count: ok })}</Text>
          {dismiss}
        </Group>
      </Alert>
    );
  return (
    <Alert color="orange" variant="light" mb="sm" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('ticketList.bulk.someFailed', { ok, total: report.results.length })}
          </Text>
          <List size="sm" spacing={2}>
            {failed.map((r) => (
              <List.Item key={r.id}>
                <Text span ff="monospace" size="sm">
                  {report.refs[r.id] ?? r.id}
                </Text>
                {': '}
                {reason(r)}
              </List.Item>
            ))}
          </List>
          <Text size="xs" c="dimmed">
            {t('ticketList.bulk.failedKept')}
          </Text>
        </Stack>
        {dismiss}
      </Group>
    </Alert>
  );
}
