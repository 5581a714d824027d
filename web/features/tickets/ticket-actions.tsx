import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertCircle, IconArrowBackUp, IconCheck, IconCircleCheck, IconClockPause, IconGitMerge, IconLock, IconPlayerPlay, IconUserCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RESOLUTION_CODES, type ResolutionCode, type TicketStatus } from '../../../contracts/tickets';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, fieldError, useErrorMessage } from '../../ui/errors';
import { useCurrentUser } from '../auth/queries';
import { userChoicesQuery } from '../users/queries';
import { useAssignTicket, useChangeStatus } from './mutations';
import { isOpen, supportGroupsQuery, worksTickets, type Ticket } from './queries';
import { MergeModal } from './ticket-problem';

type Dialog = 'resolve' | 'reopen' | 'close' | 'assign' | 'merge' | null;

/** The status changes and the assignment the caller may make, as the server's abilities allow. */
export function TicketActions({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staff = worksTickets(me);
  const message = useErrorMessage();
  const [dialog, setDialog] = useState<Dialog>(null);
  // What the last action did, or why it was refused: told beside the buttons (a notification would
  // cover them), in a live region so screen readers hear it too.
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const done = (key: string) => () => {
    setDialog(null);
    setNotice({ ok: true, text: t(key, { ref: ticket.ref }) });
  };
  const status = useChangeStatus(ticket.id);
  const { transitions, assign } = ticket.abilities;
  const open = (d: Dialog) => {
    status.reset();
    setNotice(null);
    setDialog(d);
  };
  // Quick changes without a dialog: a refusal (409) is told in words, and the page reloads the ticket.
  const quick = (to: TicketStatus, key: string) => {
    setNotice(null);
    status.mutate({ status: to }, { onSuccess: done(key), onError: (e) => setNotice({ ok: false, text: message(e) }) });
  };
  const reopening = ticket.status === 'resolved';
  // Only an open ticket can be merged into another (the server answers 409 otherwise).
  const merge = staff && ticket.abilities.edit && isOpen(ticket.status);
  if (transitions.length === 0 && !assign && !merge && !notice) return null;
  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap">
        {staff && transitions.includes('in_progress') && (
          <Button
            variant="default"
            leftSection={reopening ? <IconArrowBackUp size={18} aria-hidden /> : <IconPlayerPlay size={18} aria-hidden />}
            onClick={() => (reopening ? open('reopen') : quick('in_progress', 'tickets.actions.nowInProgress'))}
            loading={status.isPending && status.variables?.status === 'in_progress'}
          >
            {reopening ? t('tickets.actions.reopen') : ticket.status === 'waiting_for_customer' ? t('tickets.actions.resume') : t('tickets.actions.startWork')}
          </Button>
        )}
        {!staff && transitions.includes('in_progress') && (
          <Button variant="default" leftSection={<IconArrowBackUp size={18} aria-hidden />} onClick={() => open('reopen')}>
            {t('tickets.actions.reopen')}
          </Button>
        )}
        {transitions.includes('waiting_for_customer') && (
          <Button
            variant="default"
            leftSection={<IconClockPause size={18} aria-hidden />}
            onClick={() => quick('waiting_for_customer', 'tickets.actions.nowWaiting')}
            loading={status.isPending && status.variables?.status === 'waiting_for_customer'}
          >
            {t('tickets.actions.waitForCustomer')}
          </Button>
        )}
        {assign && (
          <Button variant="default" leftSection={<IconUserCheck size={18} aria-hidden />} onClick={() => open('assign')}>
            {t('tickets.actions.assign')}
          </Button>
        )}
        {merge && (
          <Button variant="default" leftSection={<IconGitMerge size={18} aria-hidden />} onClick={() => open('merge')}>
            {t('ticketWork.merge.button')}
          </Button>
        )}
        {transitions.includes('closed') && (
          <Button variant="default" leftSection={<IconLock size={18} aria-hidden />} onClick={() => open('close')}>
            {t('tickets.actions.close')}
          </Button>
        )}
        {transitions.includes('resolved') && (
          <Button leftSection={<IconCheck size={18} aria-hidden />} onClick={() => open('resolve')}>
            {t('tickets.actions.resolve')}
          </Button>
        )}
      </Group>
      <div role="status" aria-live="polite">
        {notice && (
          <Group gap={4} wrap="nowrap" c={notice.ok ? 'teal.9' : 'red.8'}>
            {notice.ok ? <IconCircleCheck size={16} aria-hidden /> : <IconAlertCircle size={16} aria-hidden />}
            <Text size="sm">{notice.text}</Text>
          </Group>
        )}
      </div>

      <ResolveModal opened={dialog === 'resolve'} onClose={() => setDialog(null)} ticket={ticket} onDone={done('tickets.actions.resolved')} />
      <ReopenModal opened={dialog === 'reopen'} onClose={() => setDialog(null)} ticket={ticket} onDone={done('tickets.actions.reopened')} />
      {assign && <AssignModal opened={dialog === 'assign'} onClose={() => setDialog(null)} ticket={ticket} onDone={done('tickets.actions.assigned')} />}
      {merge && <MergeModal opened={dialog === 'merge'} onClose={() => setDialog(null)} ticket={ticket} />}
      <ConfirmModal
        opened={dialog === 'close'}
        onClose={() => setDialog(null)}
        title={t('tickets.actions.closeTitle', { ref: ticket.ref })}
        message={staff ? t('tickets.actions.closeTextStaff') : t('tickets.actions.closeText')}
        confirmLabel={t('tickets.actions.close')}
        danger={false}
        onConfirm={() => status.mutateAsync({ status: 'closed' }).then(done('tickets.actions.closed'))}
      />
    </Stack>
  );
}

type ModalProps = { opened: boolean; onClose: () => void; ticket: Ticket; onDone: () => void };

/** Resolve: a resolution code and a note the customer reads. */
function ResolveModal({ opened, onClose, ticket, onDone }: ModalProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState<ResolutionCode | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const status = useChangeStatus(ticket.id, { onSuccess: onDone });
  const close = () => {
    status.reset();
    setMissing(false);
    onClose();
  };
  const submit = () => {
    if (!code) return setMissing(true);
    status.mutate({ status: 'resolved', resolutionCode: code, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <Modal opened={opened} onClose={close} title={t('tickets.actions.resolveTitle', { ref: ticket.ref })}>
      <Stack gap="sm">
        {!fieldError(status.error, 'resolutionCode') && <ErrorAlert error={status.error} />}
        <Select
          label={t('tickets.resolutionCode')}
          placeholder={t('tickets.actions.pickResolution')}
          data={RESOLUTION_CODES.map((c) => ({ value: c, label: t(`tickets.resolutionCodes.${c}`) }))}
          value={code}
          onChange={(v) => {
            setCode(RESOLUTION_CODES.find((c) => c === v) ?? null);
            setMissing(false);
          }}
          required
          error={missing ? t('tickets.actions.resolutionRequired') : fieldError(status.error, 'resolutionCode')}
        />
        <Textarea
          label={t('tickets.actions.resolutionNote')}
          description={t('tickets.actions.resolutionNoteHint')}
          autosize
          minRows={4}
          maxLength={20_000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={status.isPending}>
            {t('tickets.actions.resolve')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Reopen a resolved ticket, saying why (the agents read the reason on the timeline). */
function ReopenModal({ opened, onClose, ticket, onDone }: ModalProps) {
  const { t } = useTranslation();
  const staff = worksTickets(useCurrentUser());
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const status = useChangeStatus(ticket.id, { onSuccess: onDone });
  const close = () => {
    status.reset();
    setMissing(false);
    onClose();
  };
  const submit = () => {
    if (!reason.trim()) return setMissing(true);
    status.mutate({ status: 'in_progress', note: reason.trim() });
  };
  return (
    <Modal opened={opened} onClose={close} title={t('tickets.actions.reopenTitle', { ref: ticket.ref })}>
      <Stack gap="sm">
        <ErrorAlert error={status.error} />
        {!staff && <Text size="sm">{t('tickets.actions.reopenText')}</Text>}
        <Textarea
          label={t('tickets.actions.reopenReason')}
          autosize
          minRows={4}
          maxLength={20_000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setMissing(false);
          }}
          required
          error={missing ? t('tickets.actions.reasonRequired') : undefined}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={status.isPending}>
            {t('tickets.actions.reopen')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Assign to an agent of the provider (or take it oneself). */
function AssignModal({ opened, onClose, ticket, onDone }: ModalProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const agents = useQuery({ ...userChoicesQuery(), enabled: opened });
  const groups = useQuery({ ...supportGroupsQuery, enabled: opened });
  const [agent, setAgent] = useState<string | null>(ticket.assignee?.id ?? null);
  const [group, setGroup] = useState<string | null>(ticket.group?.id ?? null);
  const assign = useAssignTicket(ticket.id, { onSuccess: onDone });
  const close = () => {
    assign.reset();
    setAgent(ticket.assignee?.id ?? null);
    setGroup(ticket.group?.id ?? null);
    onClose();
  };
  const unchanged = agent === (ticket.assignee?.id ?? null) && group === (ticket.group?.id ?? null);
  const choices = (agents.data?.items ?? []).filter((u) => u.status === 'active' && (u.role === 'provider_agent' || u.role === 'provider_admin'));
  return (
    <Modal opened={opened} onClose={close} title={t('tickets.actions.assignTitle', { ref: ticket.ref })}>
      <Stack gap="sm">
        <ErrorAlert error={assign.error} />
        <Select
          label={t('tickets.actions.agent')}
          placeholder={t('tickets.actions.nobody')}
          data={choices.map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (${t('users.you')})` : u.name }))}
          value={agent}
          onChange={setAgent}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          error={fieldError(assign.error, 'assigneeId')}
        />
        <Select
          label={t('tickets.actions.group')}
          placeholder={t('tickets.actions.noGroup')}
          data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
          value={group}
          onChange={setGroup}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          error={fieldError(assign.error, 'groupId')}
        />
        <Group justify="space-between" wrap="wrap">
          <Button variant="subtle" data-autofocus onClick={() => assign.mutate({ assigneeId: me.id })} disabled={ticket.assignee?.id === me.id} loading={assign.isPending && assign.variables?.assigneeId === me.id}>
            {t('tickets.actions.assignToMe')}
          </Button>
          <Group gap="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => assign.mutate({ assigneeId: agent, groupId: group })} loading={assign.isPending && assign.variables?.assigneeId !== me.id} disabled={unchanged}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
