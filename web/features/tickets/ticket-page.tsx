import { Alert, Anchor, Button, Card, DataList, Grid, Group, Stack, Text, Title, Typography } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, type ErrorComponentProps } from '@tanstack/react-router';
import { IconArrowLeft, IconInfoCircle, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaTargetDto } from '../../../contracts/tickets';
import { ErrorPage } from '../../app/status-pages';
import { ApiError } from '../../ui/api';
import { useFormat, useNow } from '../../ui/format';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { ticketQuery, worksTickets, type Ticket } from './queries';
import { useLiveInvalidate } from '../../ui/live-events';
import { AttachmentsCard } from './ticket-attachments';
import { ProblemCard } from './ticket-problem';
import { RatingCard } from './ticket-rating';
import { Watchers } from './ticket-watchers';
import { TicketActions } from './ticket-actions';
import { PriorityBadge, SlaLine, StatusBadge } from './ticket-parts';
import { ReplyBox, TicketTimeline } from './ticket-timeline';

const route = getRouteApi('/_app/tickets/$id');

/** /tickets/$id: what was reported, where it stands, who has it, when to expect what; the conversation. */
export function TicketPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const ticket = useSuspenseQuery(ticketQuery(id)).data;
  const staff = worksTickets(useCurrentUser());
  const fmt = useFormat();
  // Someone else replied, changed the status, attached a file, rated it…: refetch the ticket and
  // everything under its key (timeline, files, rating, watchers). A problem's page also follows its
  // linked incidents. After a reconnect everything is refetched, since messages may have been missed.
  useLiveInvalidate(['ticket.changed'], [['tickets', 'one', id]], { when: (_, d) => d.ticketId === id || ticket.kind === 'problem' });
  return (
    <Page
      title={ticket.title}
      description={
        <Group gap="xs" mt={4} wrap="wrap">
          <Text size="sm" ff="monospace" c="dark">
            {ticket.ref}
          </Text>
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          <Text size="sm" c="dimmed">
            {t(`tickets.kinds.${ticket.kind}`)} · {ticket.category.name}
          </Text>
        </Group>
      }
      actions={<TicketActions ticket={ticket} />}
    >
      <Anchor component={Link} to="/tickets" size="sm" w="fit-content" mt={-8}>
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {staff ? t('tickets.backStaff') : t('tickets.back')}
        </Group>
      </Anchor>
      {!staff && ticket.status === 'waiting_for_customer' && (
        <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} aria-hidden />} title={t('tickets.waitingTitle')}>
          {t('tickets.waitingText')}
        </Alert>
      )}
      {ticket.status === 'resolved' && (
        <Alert variant="light" color="teal" icon={<IconInfoCircle size={18} aria-hidden />} title={t('tickets.resolvedTitle', { when: fmt.dateTime(ticket.resolvedAt) })}>
          {ticket.resolutionCode && `${t('tickets.resolutionCode')}: ${t(`tickets.resolutionCodes.${ticket.resolutionCode}`)}. `}
          {ticket.reopenUntil
            ? t(staff ? 'tickets.reopenUntilStaff' : 'tickets.reopenUntil', { when: fmt.dateTime(ticket.reopenUntil) })
            : t(staff ? 'tickets.reopenClosedStaff' : 'tickets.reopenClosed')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card withBorder padding="lg" component="section" aria-labelledby="ticket-description">
              <Title order={2} size="h4" id="ticket-description" mb="xs">
                {t('tickets.description')}
              </Title>
              <Typography className="portico-markdown">
                <div dangerouslySetInnerHTML={{ __html: ticket.descriptionHtml }} />
              </Typography>
            </Card>
            <RatingCard ticket={ticket} />
            <TicketTimeline ticket={ticket} />
            <ReplyBox ticket={ticket} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <SlaCard ticket={ticket} />
            <ProblemCard ticket={ticket} />
            <DetailsCard ticket={ticket} />
            <AttachmentsCard ticket={ticket} />
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
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function DetailsCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-details">
      <Title order={2} size="h4" id="ticket-details" mb="sm">
        {t('tickets.details')}
      </Title>
      <DataList orientation="vertical" gap="sm">
        <Item label={t('tickets.assignee')}>
          {ticket.assignee ? (
            <>
              <Text size="sm">{ticket.assignee.name}</Text>
              {ticket.group && (
                <Text size="xs" c="dimmed">
                  {ticket.group.name}
                </Text>
              )}
            </>
          ) : ticket.queuePosition != null ? (
            <Text size="sm">{t('tickets.notAssignedQueue', { n: ticket.queuePosition })}</Text>
          ) : (
            <Text size="sm">{ticket.group?.name ?? t('tickets.supportTeam')}</Text>
          )}
        </Item>
        <Item label={t('tickets.organisation')}>{ticket.org.name}</Item>
        <Item label={t('tickets.requester')}>{ticket.requester.name}</Item>
        <Item label={t('tickets.watchers')}>
          <Watchers ticket={ticket} />
        </Item>
        {ticket.site && <Item label={t('tickets.site')}>{ticket.site}</Item>}
        {ticket.service && <Item label={t('tickets.service')}>{ticket.service}</Item>}
        <Item label={t('tickets.urgencyImpact')}>
          {t(`tickets.urgencies.${ticket.urgency}.label`, { defaultValue: ticket.urgency })} · {t(`tickets.impacts.${ticket.impact}.label`, { defaultValue: ticket.impact })}
        </Item>
        <Item label={t('tickets.created')}>{fmt.dateTime(ticket.createdAt)}</Item>
        <Item label={t('tickets.updated')}>{fmt.dateTime(ticket.updatedAt)}</Item>
        {ticket.closedAt && <Item label={t('tickets.closedAt')}>{fmt.dateTime(ticket.closedAt)}</Item>}
      </DataList>
    </Card>
  );
}

/** One SLA target spelled out: the sentence with the exact time, then how far away it is. */
function SlaTarget({ target, which, staff, now }: { target: SlaTargetDto; which: 'firstResponse' | 'resolution'; staff: boolean; now: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const when = fmt.dateTime(target.metAt ?? target.dueAt);
  const paused = target.state === 'paused' || (!target.dueAt && !target.metAt);
  const sentence = paused ? t(staff ? 'tickets.slaPanel.pausedStaff' : 'tickets.slaPanel.paused') : t(`tickets.slaPanel.${which}.${target.state}`, { when });
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {t(`tickets.slaPanel.${which}.label`)}
      </Text>
      <Text size="sm" data-testid={`sla-${which}`}>
        {sentence}
      </Text>
      {!paused && <SlaLine target={target} which="generic" now={now} size="xs" />}
    </Stack>
  );
}

function SlaCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const staff = worksTickets(useCurrentUser());
  const now = useNow();
  const { firstResponse, resolution, policy } = ticket.sla;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-sla">
      <Title order={2} size="h4" id="ticket-sla">
        {t('tickets.slaPanel.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('tickets.slaPanel.policy', { policy })}
      </Text>
      <Stack gap="md">
        <SlaTarget target={firstResponse} which="firstResponse" staff={staff} now={now} />
        <SlaTarget target={resolution} which="resolution" staff={staff} now={now} />
      </Stack>
    </Card>
  );
}

/** A ticket that is not there (or belongs to another organisation: the server answers the same). */
export function TicketErrorPage(props: ErrorComponentProps) {
  const { t } = useTranslation();
  if (!(props.error instanceof ApiError && props.error.status === 404)) return <ErrorPage {...props} />;
  return (
    <Page title={t('tickets.notFound.title')}>
      <Card withBorder padding="lg">
        <Stack gap="md" align="flex-start">
          <Group gap="xs" wrap="nowrap">
            <IconSearch size={20} aria-hidden />
            <Text>{t('tickets.notFound.text')}</Text>
          </Group>
          <Button component={Link} to="/tickets" variant="default">
            {t('tickets.notFound.toList')}
          </Button>
        </Stack>
      </Card>
    </Page>
  );
}
