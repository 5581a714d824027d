import { Badge, Group, Text, Tooltip, VisuallyHidden, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClock, IconClockExclamation, IconPlayerPause } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaTargetDto, TicketStatus } from '../../../contracts/tickets';
import { useFormat } from '../../ui/format';
import { useCurrentUser } from '../auth/queries';
import { worksTickets, type Ticket, type TicketListItem } from './queries';

const STATUS_COLOR: Record<TicketStatus, MantineColor> = { new: 'blue', in_progress: 'portico', waiting_for_customer: 'yellow', resolved: 'teal', closed: 'gray' };
const PRIORITY_COLOR: Record<string, MantineColor> = { P1: 'red', P2: 'orange', P3: 'blue', P4: 'gray' };

/** Status names: a customer reads "Waiting for your reply" where an agent reads "Waiting for customer". */
export function useStatusLabel() {
  const { t } = useTranslation();
  const staff = worksTickets(useCurrentUser());
  return (s: TicketStatus | string) => (!staff && s === 'waiting_for_customer' ? t('tickets.waitingForYou') : t(`tickets.statuses.${s}`, { defaultValue: s }));
}

export function StatusBadge({ status }: { status: TicketStatus }) {
  const label = useStatusLabel();
  return (
    <Badge variant="light" color={STATUS_COLOR[status]} style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {label(status)}
    </Badge>
  );
}

/** "P2" with its name ("P2 · High"); `short` shows only the code, naming it in a tooltip and to screen readers. */
export function PriorityBadge({ priority, short }: { priority: string; short?: boolean }) {
  const { t } = useTranslation();
  const name = t(`tickets.priorities.${priority}`, { defaultValue: priority });
  const badge = (
    <Badge variant="light" color={PRIORITY_COLOR[priority] ?? 'gray'} style={{ flexShrink: 0 }}>
      {short ? priority : `${priority} · ${name}`}
      {short && <VisuallyHidden> · {name}</VisuallyHidden>}
    </Badge>
  );
  return short ? (
    <Tooltip label={t('tickets.priorityLabel', { priority, name })} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

type Tone = { color: string; icon: ReactNode };
const TONES: Record<SlaTargetDto['state'], Tone> = {
  running: { color: 'dimmed', icon: <IconClock size={16} aria-hidden /> },
  paused: { color: 'gray.7', icon: <IconPlayerPause size={16} aria-hidden /> },
  // Darker than orange.9 (#d9480f, 4.3:1 on white): small text needs 4.5:1.
  warning: { color: '#b54708', icon: <IconClockExclamation size={16} aria-hidden /> },
  breached: { color: 'red.8', icon: <IconAlertTriangle size={16} aria-hidden /> },
  met: { color: 'teal.9', icon: <IconCircleCheck size={16} aria-hidden /> },
  missed: { color: 'red.8', icon: <IconAlertTriangle size={16} aria-hidden /> },
};

/**
 * One SLA target in words, with a colour and an icon for its state (never the colour alone): "Due in
 * 3 hours", "Overdue: was due 20 minutes ago", "Paused", "Met". The exact time is in a tooltip.
 */
export function SlaLine({ target, which, now, size = 'sm' }: { target: SlaTargetDto; which: 'firstResponse' | 'resolution' | 'generic'; now: number; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tone = TONES[target.state];
  const when = target.dueAt ? fmt.relative(target.dueAt, now) : '';
  const text =
    target.state === 'met' || target.state === 'missed'
      ? t(`tickets.sla.${which}.${target.state}`)
      : target.state === 'paused' || !target.dueAt
        ? t(`tickets.sla.${which}.paused`)
        : t(`tickets.sla.${which}.${target.state}`, { when });
  const exact = target.metAt ?? target.dueAt;
  const exactText = exact ? t(target.metAt ? 'tickets.sla.metAt' : 'tickets.sla.dueAt', { when: fmt.dateTime(exact) }) : '';
  const line = (
    <Group gap={4} wrap="nowrap" c={tone.color} align="flex-start">
      <span style={{ display: 'inline-flex', paddingTop: 2 }}>{tone.icon}</span>
      <Text size={size} c={tone.color} fw={target.state === 'breached' || target.state === 'warning' ? 600 : undefined}>
        {text}
        {exact && <VisuallyHidden> ({exactText})</VisuallyHidden>}
      </Text>
    </Group>
  );
  if (!exact) return line;
  return (
    <Tooltip label={exactText} withArrow>
      <div tabIndex={0} style={{ width: 'fit-content' }}>
        {line}
      </div>
    </Tooltip>
  );
}

/** The list's SLA cell: the resolution target, and the first response while it is still owed. */
export function SlaSummary({ ticket, now }: { ticket: Pick<TicketListItem, 'sla' | 'status'>; now: number }) {
  const { firstResponse, resolution } = ticket.sla;
  const owed = !firstResponse.metAt && ticket.status !== 'resolved' && ticket.status !== 'closed' && firstResponse.state !== 'paused';
  return (
    <div>
      <SlaLine target={resolution} which="resolution" now={now} />
      {owed && <SlaLine target={firstResponse} which="firstResponse" now={now} size="xs" />}
    </div>
  );
}

/** Who has it: the agent and their group, or where it waits in the queue, or the support team. */
export function AssigneeText({ ticket }: { ticket: Pick<Ticket, 'assignee' | 'group' | 'queuePosition'> }) {
  const { t } = useTranslation();
  if (ticket.assignee)
    return (
      <div>
        <Text size="sm">{ticket.assignee.name}</Text>
        {ticket.group && (
          <Text size="xs" c="dimmed">
            {ticket.group.name}
          </Text>
        )}
      </div>
    );
  return (
    <div>
      <Text size="sm">{ticket.group?.name ?? t('tickets.supportTeam')}</Text>
      {ticket.queuePosition != null && (
        <Text size="xs" c="dimmed">
          {t('tickets.queueShort', { n: ticket.queuePosition })}
        </Text>
      )}
    </div>
  );
}
