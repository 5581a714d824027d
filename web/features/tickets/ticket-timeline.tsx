import { Alert, Badge, Box, Button, Card, Group, Select, Stack, Switch, Text, Textarea, ThemeIcon, Timeline, Title, Typography } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowsExchange,
  IconCircleCheck,
  IconClockExclamation,
  IconEye,
  IconFlag,
  IconGitMerge,
  IconLink,
  IconLock,
  IconMessage,
  IconMessageDots,
  IconNote,
  IconPaperclip,
  IconPlus,
  IconPoint,
  IconTool,
  IconUserCheck,
} from '@tabler/icons-react';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketEventType } from '../../../contracts/tickets';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { useCurrentUser } from '../auth/queries';
import { userChoicesQuery } from '../users/queries';
import { useAddComment } from './mutations';
import { cannedResponsesQuery, supportGroupsQuery, ticketEventsQuery, worksTickets, type Ticket, type TicketEvent } from './queries';
import { FilePicker, useFileQueue } from './ticket-attachments';
import { useStatusLabel } from './ticket-parts';

/** Icons of the known event types; a type added to the contract later gets a neutral dot. */
const ICONS: Partial<Record<TicketEventType, ReactNode>> = {
  created: <IconPlus size={14} aria-hidden />,
  comment: <IconMessage size={14} aria-hidden />,
  internal_note: <IconNote size={14} aria-hidden />,
  status_changed: <IconArrowsExchange size={14} aria-hidden />,
  assigned: <IconUserCheck size={14} aria-hidden />,
  priority_changed: <IconFlag size={14} aria-hidden />,
  watcher_added: <IconEye size={14} aria-hidden />,
  watcher_removed: <IconEye size={14} aria-hidden />,
  sla_warning: <IconClockExclamation size={14} aria-hidden />,
  sla_breach: <IconAlertTriangle size={14} aria-hidden />,
  reopened: <IconArrowBackUp size={14} aria-hidden />,
  resolved: <IconCircleCheck size={14} aria-hidden />,
  merged: <IconGitMerge size={14} aria-hidden />,
  attachment_added: <IconPaperclip size={14} aria-hidden />,
  problem_linked: <IconLink size={14} aria-hidden />,
  workaround_changed: <IconTool size={14} aria-hidden />,
};
const COLORS: Partial<Record<TicketEventType, string>> = { internal_note: 'yellow', sla_warning: 'orange', sla_breach: 'red', resolved: 'teal' };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** The reference of a ticket named in an event's data ({ id, ref }). */
const refOf = (v: unknown) => (v && typeof v === 'object' && 'ref' in v ? str(v.ref) : undefined);

/** A timeline entry as a sentence: "Ola Nordmann changed the status from New to In progress". */
function useSentence(ticket: Ticket) {
  const { t, i18n } = useTranslation();
  const status = useStatusLabel();
  const staff = worksTickets(useCurrentUser());
  // Names for assignment entries: the current assignee, and (staff) every agent of the provider.
  const agents = useQuery({ ...userChoicesQuery(), enabled: staff });
  const groups = useQuery({ ...supportGroupsQuery, enabled: staff });
  const nameOf = (id: string | undefined) => (id ? (id === ticket.assignee?.id ? ticket.assignee.name : agents.data?.items.find((u) => u.id === id)?.name) : undefined);
  const groupOf = (id: string | undefined) => (id ? (id === ticket.group?.id ? ticket.group.name : groups.data?.items.find((g) => g.id === id)?.name) : undefined);
  return (e: TicketEvent): string => {
    const actor = e.actor?.name ?? t('tickets.events.system');
    const d = e.data;
    switch (e.type) {
      case 'status_changed':
        if (str(d.to) === 'closed') return t('tickets.events.closed', { actor });
        if (str(d.reason) === 'customer_replied') return t('tickets.events.statusAfterReply', { actor, from: status(str(d.from) ?? ''), to: status(str(d.to) ?? '') });
        return t('tickets.events.status_changed', { actor, from: status(str(d.from) ?? ''), to: status(str(d.to) ?? '') });
      case 'assigned': {
        // "Ola Nordmann (Network team)", or only one of the two when the other is not set or not known.
        const person = nameOf(str(d.assigneeId));
        const group = groupOf(str(d.groupId));
        const name = person && group ? `${person} (${group})` : (person ?? group);
        if (d.auto === true && name) return t('tickets.events.autoAssigned', { name });
        if (!d.assigneeId && !d.groupId) return t('tickets.events.unassigned', { actor });
        if (e.actor && d.assigneeId === e.actor.id) return group ? t('tickets.events.tookWithGroup', { actor, group }) : t('tickets.events.took', { actor });
        return name ? t('tickets.events.assigned', { actor, name }) : t('tickets.events.assignmentChanged', { actor });
      }
      case 'priority_changed':
        return t('tickets.events.priority_changed', { actor, from: str(d.from) ?? '—', to: str(d.to) ?? '—' });
      case 'merged':
        return t('tickets.events.merged', { actor, ref: refOf(d.merged) ?? '—' });
      case 'resolved': {
        const into = refOf(d.mergedInto);
        if (into) return t('tickets.events.resolvedMerged', { actor, ref: into });
        const code = str(d.resolutionCode);
        return code ? t('tickets.events.resolvedAs', { actor, code: t(`tickets.resolutionCodes.${code}`, { defaultValue: code }) }) : t('tickets.events.resolved', { actor });
      }
      case 'attachment_added': {
        const name = str(d.filename);
        return name ? t('ticketWork.events.attached', { actor, name }) : t('tickets.events.attachment_added', { actor });
      }
      case 'watcher_added':
      case 'watcher_removed': {
        const name = ticket.watchers.find((w) => w.id === str(d.userId))?.name;
        if (e.type === 'watcher_removed' && e.actor && str(d.userId) === e.actor.id) return t('ticketWork.events.stoppedWatching', { actor });
        return name ? t(`ticketWork.events.${e.type === 'watcher_added' ? 'watcherAdded' : 'watcherRemoved'}`, { actor, name }) : t(`tickets.events.${e.type}`, { actor });
      }
      case 'problem_linked': {
        const ref = str(d.problemRef);
        return ref ? t('ticketWork.events.problemLinked', { actor, ref }) : d.problemId === null ? t('ticketWork.events.problemUnlinked', { actor }) : t('tickets.events.problem_linked', { actor });
      }
      case 'sla_warning':
      case 'sla_breach':
        return t(`tickets.events.${e.type}.${str(d.target) === 'first_response' ? 'first_response' : 'resolution'}`);
      default:
        // Types the web does not know yet still read as a sentence.
        return i18n.exists(`tickets.events.${e.type}`) ? t(`tickets.events.${e.type}`, { actor }) : t('tickets.events.other', { actor });
    }
  };
}

/** The ticket's story, oldest first, then the reply box. */
export function TicketTimeline({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const events = useQuery(ticketEventsQuery(ticket.id));
  const sentence = useSentence(ticket);
  const items = events.data?.items ?? [];
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-history">
      <Title order={2} size="h4" id="ticket-history" mb="md">
        {t('tickets.history')}
      </Title>
      <ErrorAlert error={events.error} />
      <ListState loading={events.isPending} empty={!events.isPending && items.length === 0} emptyText={t('tickets.noHistory')} />
      <Timeline bulletSize={26} lineWidth={2} role="list">
        {items.map((e) => {
          const internal = e.visibility === 'internal';
          return (
            <Timeline.Item
              key={e.id}
              role="listitem"
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light" color={COLORS[e.type] ?? 'portico'}>
                  {ICONS[e.type] ?? <IconPoint size={14} aria-hidden />}
                </ThemeIcon>
              }
              title={
                <Text size="sm" fw={500} component="span">
                  {sentence(e)}
                </Text>
              }
            >
              <Text size="xs" c="dimmed">
                <time dateTime={e.createdAt}>{fmt.dateTime(e.createdAt)}</time>
                {e.data.source === 'email' && ` · ${t('ticketWork.viaEmail')}`}
              </Text>
              {internal && (
                <Group gap={6} mt={4}>
                  <Badge variant="light" color="yellow" leftSection={<IconLock size={12} aria-hidden />}>
                    {e.type === 'internal_note' ? t('tickets.internalNoteBadge') : t('tickets.internalBadge')}
                  </Badge>
                </Group>
              )}
              {e.bodyHtml && (
                <Box
                  mt="xs"
                  p="sm"
                  bg={internal ? 'yellow.0' : 'gray.0'}
                  bd={internal ? '1px dashed var(--mantine-color-yellow-6)' : '1px solid var(--mantine-color-gray-2)'}
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                >
                  <Typography className="portico-markdown" fz="sm">
                    <div dangerouslySetInnerHTML={{ __html: e.bodyHtml }} />
                  </Typography>
                </Box>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Card>
  );
}

/** Reply (Markdown) with files; staff may instead leave an internal note (its files internal too) and insert canned responses. */
export function ReplyBox({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const staff = worksTickets(useCurrentUser());
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const files = useFileQueue();
  const qc = useQueryClient();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const comment = useAddComment(ticket.id);
  if (!ticket.abilities.comment)
    return (
      <Alert variant="light" color="gray" icon={<IconLock size={18} aria-hidden />}>
        {t('tickets.reply.closed')}
      </Alert>
    );
  const hasFiles = files.files.some((f) => f.state !== 'done');
  const submit = async () => {
    if (!body.trim() && !hasFiles) return setMissing(true);
    if (files.invalid > 0) return;
    setSending(true);
    try {
      if (body.trim()) {
        await comment.mutateAsync({ body: body.trim(), ...(internal ? { internal: true } : {}) });
        setBody('');
      }
      if (hasFiles) {
        const ok = await files.upload(ticket.id, internal);
        await qc.invalidateQueries({ queryKey: ['tickets', 'one', ticket.id] });
        if (!ok) return; // the failed files stay listed with their reasons
        files.clear();
      }
      setInternal(false);
    } catch {
      // the comment's error is shown by the form (comment.error)
    } finally {
      setSending(false);
    }
  };
  const insert = (text: string) => {
    setBody((b) => (b.trim() ? `${b.replace(/\s+$/, '')}\n\n${text}` : text));
    setMissing(false);
    requestAnimationFrame(() => textarea.current?.focus());
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-reply" bg={internal ? 'yellow.0' : undefined} bd={internal ? '1px dashed var(--mantine-color-yellow-6)' : undefined}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Title order={2} size="h4" id="ticket-reply">
              {staff ? t('tickets.reply.titleStaff') : t('tickets.reply.title')}
            </Title>
            {staff && (
              <Badge variant="light" color={internal ? 'yellow' : 'portico'} leftSection={internal ? <IconLock size={12} aria-hidden /> : <IconMessage size={12} aria-hidden />}>
                {internal ? t('ticketWork.reply.internalBadge') : t('ticketWork.reply.publicBadge')}
              </Badge>
            )}
          </Group>
          {!fieldError(comment.error, 'body') && <ErrorAlert error={comment.error} />}
          {staff && ticket.abilities.internalNote && (
            <Switch
              checked={internal}
              onChange={(e) => setInternal(e.currentTarget.checked)}
              label={t('tickets.reply.internal')}
              description={t('tickets.reply.internalHint')}
              color="yellow.8"
            />
          )}
          {staff && <CannedPicker onPick={insert} />}
          <Textarea
            ref={textarea}
            label={internal ? t('tickets.reply.noteLabel') : t('tickets.reply.label')}
            description={t('tickets.markdownHint')}
            autosize
            minRows={4}
            maxRows={16}
            maxLength={20_000}
            value={body}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              setMissing(false);
            }}
            required
            error={missing ? t('ticketWork.reply.required') : fieldError(comment.error, 'body')}
          />
          <FilePicker queue={files} disabled={sending} />
          {internal && files.files.length > 0 && (
            <Text size="xs" c="yellow.9">
              {t('ticketWork.files.internalHint')}
            </Text>
          )}
          {files.invalid > 0 && (
            <Text size="sm" c="red.8" role="alert">
              {t('ticketWork.files.removeInvalid')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={sending} color={internal ? 'yellow.9' : undefined} leftSection={internal ? <IconNote size={18} aria-hidden /> : <IconMessage size={18} aria-hidden />}>
              {internal ? t('tickets.reply.sendNote') : body.trim() || !hasFiles ? t('tickets.reply.send') : t('ticketWork.reply.sendFiles')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** A searchable list of canned responses; picking one inserts its text into the reply. */
function CannedPicker({ onPick }: { onPick: (text: string) => void }) {
  const { t } = useTranslation();
  const canned = useQuery(cannedResponsesQuery);
  const items = canned.data?.items ?? [];
  const [value, setValue] = useState<string | null>(null);
  if (canned.isError || (!canned.isPending && items.length === 0)) return null;
  return (
    <Select
      label={t('ticketWork.canned.label')}
      placeholder={canned.isPending ? t('common.loading') : t('ticketWork.canned.placeholder')}
      data={items.map((c) => ({ value: c.id, label: c.title }))}
      value={value}
      searchable
      clearable
      nothingFoundMessage={t('common.nothingFound')}
      leftSection={<IconMessageDots size={16} aria-hidden />}
      onChange={(id) => {
        const c = items.find((x) => x.id === id);
        if (c) onPick(c.body);
        setValue(null);
      }}
      comboboxProps={{ withinPortal: true }}
      maw={420}
    />
  );
}
