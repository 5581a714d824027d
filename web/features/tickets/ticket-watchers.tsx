import { Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { can, useCurrentUser } from '../auth/queries';
import { useSetWatchers } from './mutations';
import { watcherCandidatesQuery, worksTickets, type Ticket } from './queries';

/** Who may change the watchers, as the server decides it (server/modules/tickets/service/watchers.ts). */
function useWatcherRights(ticket: Ticket) {
  const me = useCurrentUser();
  const manage = ticket.status !== 'closed' && (worksTickets(me) || ticket.requester.id === me.id || (me.org.id === ticket.org.id && can(me, 'tickets.read_org')));
  const leave = ticket.status !== 'closed' && !manage && ticket.watchers.some((w) => w.id === me.id);
  return { manage, leave, me };
}

/** The watchers in the details card: their names, and the button to change them (or to stop watching). */
export function Watchers({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { manage, leave, me } = useWatcherRights(ticket);
  const [dialog, setDialog] = useState<'edit' | 'leave' | null>(null);
  const setWatchers = useSetWatchers(ticket.id);
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm" data-testid="ticket-watchers">
        {ticket.watchers.length ? ticket.watchers.map((w) => w.name).join(', ') : t('ticketWork.watchers.none')}
      </Text>
      {manage && (
        <Button variant="subtle" size="compact-sm" px={0} leftSection={<IconEye size={14} aria-hidden />} onClick={() => setDialog('edit')}>
          {t('ticketWork.watchers.edit')}
        </Button>
      )}
      {leave && (
        <Button variant="subtle" size="compact-sm" px={0} leftSection={<IconEyeOff size={14} aria-hidden />} onClick={() => setDialog('leave')}>
          {t('ticketWork.watchers.leave')}
        </Button>
      )}
      {manage && <WatchersModal opened={dialog === 'edit'} onClose={() => setDialog(null)} ticket={ticket} />}
      <ConfirmModal
        opened={dialog === 'leave'}
        onClose={() => setDialog(null)}
        title={t('ticketWork.watchers.leaveTitle', { ref: ticket.ref })}
        message={t('ticketWork.watchers.leaveText')}
        confirmLabel={t('ticketWork.watchers.leave')}
        danger={false}
        onConfirm={() => setWatchers.mutateAsync(ticket.watchers.filter((w) => w.id !== me.id).map((w) => w.id))}
      />
    </Stack>
  );
}

function WatchersModal({ opened, onClose, ticket }: { opened: boolean; onClose: () => void; ticket: Ticket }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const candidates = useQuery({ ...watcherCandidatesQuery(ticket.id), enabled: opened });
  const [picked, setPicked] = useState<string[]>(ticket.watchers.map((w) => w.id));
  const save = useSetWatchers(ticket.id, { onSuccess: () => onClose() });
  const close = () => {
    save.reset();
    setPicked(ticket.watchers.map((w) => w.id));
    onClose();
  };
  // Current watchers stay choosable even if they are no longer in the list (e.g. deactivated since).
  const known = new Map((candidates.data?.items ?? []).map((c) => [c.id, c.name]));
  for (const w of ticket.watchers) if (!known.has(w.id)) known.set(w.id, w.name);
  const data = [...known].map(([value, name]) => ({ value, label: value === me.id ? `${name} (${t('users.you')})` : name }));
  const unchanged = picked.length === ticket.watchers.length && picked.every((id) => ticket.watchers.some((w) => w.id === id));
  const badIndex = save.error ? Number(/^body\.userIds\.(\d+)$/.exec((save.error as { errors?: { path: string }[] }).errors?.[0]?.path ?? '')?.[1] ?? -1) : -1;
  return (
    <Modal opened={opened} onClose={close} title={t('ticketWork.watchers.title', { ref: ticket.ref })}>
      <Stack gap="sm">
        <Text size="sm">{t('ticketWork.watchers.text', { org: ticket.org.name })}</Text>
        {!fieldError(save.error, 'userIds') && badIndex < 0 && <ErrorAlert error={save.error} />}
        <ErrorAlert error={candidates.error} />
        <MultiSelect
          label={t('ticketWork.watchers.label')}
          placeholder={picked.length ? undefined : t('ticketWork.watchers.placeholder')}
          data={data}
          value={picked}
          onChange={setPicked}
          searchable
          clearable
          maxValues={20}
          nothingFoundMessage={candidates.isPending ? t('common.loading') : t('common.nothingFound')}
          error={badIndex >= 0 ? t('ticketWork.watchers.notMember', { name: known.get(picked[badIndex] ?? '') ?? '' }) : fieldError(save.error, 'userIds')}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => save.mutate(picked)} loading={save.isPending} disabled={unchanged}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
