import { Badge, Button, Card, Group, Modal, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { IconBook2, IconGitMerge, IconLink, IconLinkOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KbEditorDto, KbKnownErrorLookup } from '../../../contracts/kb';
import type { TicketKind } from '../../../contracts/tickets';
import { AnchorLink } from '../../ui/anchor-link';
import { get, post, qs } from '../../ui/api';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { ListState } from '../../ui/list-parts';
import { can, useCurrentUser } from '../auth/queries';
import { Dot } from '../kb/dot';
import { STATUS_COLOR } from '../kb/manage-page';
import { useKbAction } from '../kb/queries';
import { useLinkProblem, useMergeTicket, useSetWorkaround } from './mutations';
import { linkedIncidentsQuery, ticketPickQuery, worksTickets, type Ticket } from './queries';
import { StatusBadge } from './ticket-parts';

/**
 * A ticket picked by reference or title, searched on the server as one types (staff): the merge
 * target among the same organisation's tickets, or the problem an incident belongs to.
 */
export function TicketPicker(props: { label: string; description?: string; exclude: string; orgId?: string; kind?: TicketKind; value: string | null; onChange: (id: string | null) => void; error?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({ ...ticketPickQuery({ q, orgId: props.orgId, kind: props.kind }), placeholderData: keepPreviousData });
  const items = (found.data?.items ?? []).filter((x) => x.id !== props.exclude && x.status !== 'closed');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const data = items.map((x) => ({ value: x.id, label: `${x.ref} · ${x.title}` }));
  if (chosen && !data.some((d) => d.value === chosen.value)) data.unshift(chosen);
  return (
    <Select
      label={props.label}
      description={props.description}
      placeholder={t('ticketWork.picker.placeholder')}
      data={data}
      value={props.value}
      onChange={(id, option) => {
        setChosen(id ? option : null);
        props.onChange(id);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      clearable
      nothingFoundMessage={found.isFetching ? t('common.loading') : t('common.nothingFound')}
      error={props.error}
      required
      data-autofocus
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Merge this ticket, a duplicate, into another ticket of the same organisation (staff). */
export function MergeModal({ opened, onClose, ticket }: { opened: boolean; onClose: () => void; ticket: Ticket }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [into, setInto] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const merge = useMergeTicket(ticket.id, { onSuccess: (kept) => navigate({ to: '/tickets/$id', params: { id: kept.id } }) });
  const close = () => {
    merge.reset();
    setInto(null);
    setMissing(false);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('ticketWork.merge.title', { ref: ticket.ref })}>
      <Stack gap="sm">
        <Text size="sm">{t('ticketWork.merge.text', { org: ticket.org.name })}</Text>
        {!fieldError(merge.error, 'intoId') && <ErrorAlert error={merge.error} />}
        {opened && (
          <TicketPicker
            label={t('ticketWork.merge.into')}
            exclude={ticket.id}
            orgId={ticket.org.id}
            value={into}
            onChange={(v) => {
              setInto(v);
              setMissing(false);
            }}
            error={missing ? t('ticketWork.merge.required') : fieldError(merge.error, 'intoId')}
          />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconGitMerge size={18} aria-hidden />} loading={merge.isPending} onClick={() => (into ? merge.mutate(into) : setMissing(true))}>
            {t('ticketWork.merge.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Incidents: the known problem behind it and its workaround (staff link and unlink). Problems: the workaround and the linked incidents. */
export function ProblemCard({ ticket }: { ticket: Ticket }) {
  const staff = worksTickets(useCurrentUser());
  if (ticket.kind === 'problem') return staff ? <ProblemDetails ticket={ticket} /> : null;
  if (ticket.kind !== 'incident' || (!staff && !ticket.problem)) return null;
  return <KnownProblem ticket={ticket} staff={staff} />;
}

function KnownProblem({ ticket, staff }: { ticket: Ticket; staff: boolean }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'link' | 'unlink' | null>(null);
  const unlink = useLinkProblem(ticket.id);
  const p = ticket.problem;
  const editable = staff && ticket.abilities.edit;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-problem">
      <Title order={2} size="h4" id="ticket-problem" mb="xs">
        {t('ticketWork.problem.title')}
      </Title>
      {p ? (
        <Stack gap={6}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {staff ? (
              <AnchorLink to="/tickets/$id" params={{ id: p.id }} size="sm">
                {p.ref} · {p.title}
              </AnchorLink>
            ) : (
              t('ticketWork.problem.customerText', { title: p.title })
            )}
          </Text>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt={4}>
            {t('ticketWork.problem.workaround')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {p.workaround || t('ticketWork.problem.noWorkaround')}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('ticketWork.problem.none')}
        </Text>
      )}
      {editable && (
        <Group gap="xs" mt="sm" wrap="wrap">
          <Button variant="default" size="xs" leftSection={<IconLink size={16} aria-hidden />} onClick={() => setDialog('link')}>
            {p ? t('ticketWork.problem.change') : t('ticketWork.problem.link')}
          </Button>
          {p && (
            <Button variant="subtle" color="gray" size="xs" leftSection={<IconLinkOff size={16} aria-hidden />} onClick={() => setDialog('unlink')}>
              {t('ticketWork.problem.unlink')}
            </Button>
          )}
        </Group>
      )}
      {editable && <LinkProblemModal opened={dialog === 'link'} onClose={() => setDialog(null)} ticket={ticket} />}
      <ConfirmModal
        opened={dialog === 'unlink'}
        onClose={() => setDialog(null)}
        title={t('ticketWork.problem.unlinkTitle', { ref: ticket.ref })}
        message={t('ticketWork.problem.unlinkText', { problem: p?.ref ?? '' })}
        confirmLabel={t('ticketWork.problem.unlink')}
        danger={false}
        onConfirm={() => unlink.mutateAsync(null)}
      />
    </Card>
  );
}

function LinkProblemModal({ opened, onClose, ticket }: { opened: boolean; onClose: () => void; ticket: Ticket }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const link = useLinkProblem(ticket.id, { onSuccess: () => close() });
  function close() {
    link.reset();
    setProblem(null);
    setMissing(false);
    onClose();
  }
  return (
    <Modal opened={opened} onClose={close} title={t('ticketWork.problem.linkTitle', { ref: ticket.ref })}>
      <Stack gap="sm">
        <Text size="sm">{t('ticketWork.problem.linkText')}</Text>
        {!fieldError(link.error, 'problemId') && <ErrorAlert error={link.error} />}
        {opened && (
          <TicketPicker
            label={t('ticketWork.problem.pick')}
            exclude={ticket.problem?.id ?? ticket.id}
            kind="problem"
            value={problem}
            onChange={(v) => {
              setProblem(v);
              setMissing(false);
            }}
            error={missing ? t('ticketWork.problem.required') : fieldError(link.error, 'problemId')}
          />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconLink size={18} aria-hidden />} loading={link.isPending} onClick={() => (problem ? link.mutate(problem) : setMissing(true))}>
            {t('ticketWork.problem.link')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A problem's known workaround (editable while it is open) and the incidents linked to it. */
function ProblemDetails({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const linked = useQuery(linkedIncidentsQuery(ticket.id));
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(ticket.workaround ?? '');
  const save = useSetWorkaround(ticket.id, { onSuccess: () => setEditing(false) });
  const items = linked.data?.items ?? [];
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-workaround">
      <Title order={2} size="h4" id="ticket-workaround" mb="xs">
        {t('ticketWork.problem.workaround')}
      </Title>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(text.trim() ? text.trim() : null);
          }}
          noValidate
        >
          <Stack gap="sm">
            {!fieldError(save.error, 'workaround') && <ErrorAlert error={save.error} />}
            <Textarea
              label={t('ticketWork.problem.workaroundLabel')}
              description={t('ticketWork.problem.workaroundHint')}
              autosize
              minRows={4}
              maxRows={14}
              maxLength={20_000}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={fieldError(save.error, 'workaround')}
              data-autofocus
            />
            <Group justify="flex-end" gap="sm">
              <Button
                variant="default"
                onClick={() => {
                  save.reset();
                  setText(ticket.workaround ?? '');
                  setEditing(false);
                }}
              >
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap={6} align="flex-start">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="problem-workaround">
            {ticket.workaround || t('ticketWork.problem.noWorkaround')}
          </Text>
          {ticket.abilities.edit && (
            <Button
              variant="subtle"
              size="compact-sm"
              px={0}
              onClick={() => {
                setText(ticket.workaround ?? '');
                setEditing(true);
              }}
            >
              {ticket.workaround ? t('ticketWork.problem.editWorkaround') : t('ticketWork.problem.addWorkaround')}
            </Button>
          )}
        </Stack>
      )}
      {can(me, 'kb.write') && <KnownErrorArticle ticket={ticket} />}
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('ticketWork.problem.linked', { count: items.length })}
      </Title>
      <ErrorAlert error={linked.error} />
      <ListState loading={linked.isPending} empty={!linked.isPending && !linked.error && items.length === 0} emptyText={t('ticketWork.problem.noLinked')} />
      {items.length > 0 && (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((x) => (
            <li key={x.id}>
              <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <AnchorLink to="/tickets/$id" params={{ id: x.id }} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {x.ref} · {x.title}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    {x.org.name}
                  </Text>
                </Stack>
                <StatusBadge status={x.status} />
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** The problem's known-error article (the KB's, under its key so every KB change refreshes it). */
const knownErrorQuery = (problemId: string) =>
  queryOptions({ queryKey: ['kb', 'known-error', problemId], queryFn: ({ signal }) => get<KbKnownErrorLookup>(`/api/v1/kb/manage/known-errors${qs({ problemId })}`, signal) });

/** KB authors: publish the workaround as a known-error article (a draft, opened in the editor), or the article it already has. */
function KnownErrorArticle({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery(knownErrorQuery(ticket.id));
  const create = useKbAction(
    () => post<KbEditorDto>('/api/v1/kb/manage/known-errors', { problemId: ticket.id }),
    (r) => void navigate({ to: '/kb/manage/$id', params: { id: r.id } }),
  );
  const article = q.data?.article;
  return (
    <Stack gap={6} mt="md" align="flex-start" data-testid="known-error">
      <Title order={3} size="h5">
        {t('ticketWork.knownError.title')}
      </Title>
      <ErrorAlert error={q.error ?? create.error} />
      {article && (
        <Group gap="xs" wrap="wrap">
          <AnchorLink to="/kb/manage/$id" params={{ id: article.id }} size="sm">
            {t('ticketWork.knownError.article')}
          </AnchorLink>
          <Badge variant="default" leftSection={<Dot color={STATUS_COLOR[article.status]!} />}>
            {t(`kb.status.${article.status}`)}
          </Badge>
          {article.draftStatus && article.draftStatus !== article.status && (
            <Badge variant="default" leftSection={<Dot color={STATUS_COLOR[article.draftStatus]!} />}>
              {t(`kb.status.${article.draftStatus}`)}
            </Badge>
          )}
        </Group>
      )}
      {article?.reviewDue && (
        <Text size="sm" c="red.9" fw={600}>
          {t('ticketWork.knownError.reviewDue')}
        </Text>
      )}
      {q.isSuccess && !article && ticket.workaround && (
        <Button variant="default" size="xs" leftSection={<IconBook2 size={16} aria-hidden />} loading={create.isPending} onClick={() => create.mutate(undefined as never)}>
          {t('ticketWork.knownError.publish')}
        </Button>
      )}
      {q.isSuccess && !article && !ticket.workaround && (
        <Text size="sm" c="dimmed">
          {t('ticketWork.knownError.needsWorkaround')}
        </Text>
      )}
    </Stack>
  );
}
