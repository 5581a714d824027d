import { Alert, Box, Button, Card, Flex, Group, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Impact, Urgency } from '../../../contracts/ticket-priority';
import { CUSTOMER_KINDS, TICKET_KINDS, type TicketKind } from '../../../contracts/tickets';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { userChoicesQuery } from '../users/queries';
import { ClassificationHelper } from './classification-helper';
import { useCreateTicket } from './mutations';
import { categoriesQuery, ticketSettingsQuery, worksTickets, type Ticket } from './queries';
import { FilePicker, useFileQueue } from './ticket-attachments';
import { AnswerSuggestions, useDeflectionDraft } from '../search/answer-suggestions';

const FIELDS = ['orgId', 'requesterId', 'kind', 'title', 'categoryId', 'site', 'service', 'description', 'urgency', 'impact'] as const;
type Values = { kind: TicketKind; title: string; categoryId: string | null; description: string; urgency: Urgency | ''; impact: Impact | ''; site: string; service: string; orgId: string | null; requesterId: string | null };

/** One kind of ticket as a selectable card, named by its title and described by its text. */
function KindCard({ value, title, text }: { value: string; title: string; text: string }) {
  const id = useId();
  return (
    <Radio.Card value={value} radius="md" p="md" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} style={{ display: 'flex', alignItems: 'flex-start' }}>
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator mt={2} />
        <div>
          <Text fw={600} id={`${id}-title`}>
            {title}
          </Text>
          <Text size="sm" c="dimmed" id={`${id}-text`}>
            {text}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  );
}

/** /tickets/new: report a problem, ask a question, or (staff) open a ticket on a customer's behalf. */
export function NewTicketPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staff = worksTickets(me);
  const navigate = useNavigate();
  const categories = useQuery(categoriesQuery);
  const settings = useQuery(ticketSettingsQuery);
  const orgs = useQuery({ ...orgChoicesQuery, enabled: staff });
  const form = useForm<Values>({
    initialValues: { kind: 'incident', title: '', categoryId: null, description: '', urgency: '', impact: '', site: '', service: '', orgId: null, requesterId: null },
    validate: {
      title: (v) => (v.trim().length >= 3 ? null : t('tickets.new.titleRequired')),
      categoryId: (v) => (v ? null : t('tickets.new.categoryRequired')),
      description: (v) => (v.trim() ? null : t('tickets.new.descriptionRequired')),
      urgency: (v) => (v ? null : t('tickets.new.urgencyRequired')),
      impact: (v) => (v ? null : t('tickets.new.impactRequired')),
      orgId: (v) => (!staff || v ? null : t('tickets.new.orgRequired')),
      requesterId: (v) => (!staff || v ? null : t('tickets.new.requesterRequired')),
    },
  });
  const people = useQuery({ ...userChoicesQuery(form.values.orgId ?? undefined), enabled: staff && !!form.values.orgId });
  const files = useFileQueue();
  // Answers before a ticket: suggested articles beside the form; leaving after opening one counts a deflection.
  const deflection = useDeflectionDraft();
  // The ticket exists once created; files go up right after. If one fails, the page stays to say which
  // and why (the ticket is not opened twice: "try again" only re-sends the files).
  const [created, setCreated] = useState<Ticket | null>(null);
  const [uploading, setUploading] = useState(false);
  const [filesBlocked, setFilesBlocked] = useState(false);
  const toTicket = (ticket: Ticket) => navigate({ to: '/tickets/$id', params: { id: ticket.id } });
  const sendFiles = async (ticket: Ticket) => {
    setUploading(true);
    const ok = await files.upload(ticket.id).finally(() => setUploading(false));
    if (ok) await toTicket(ticket);
  };
  const create = useCreateTicket({
    onSuccess: async (ticket) => {
      deflection.submitted(ticket.id);
      if (files.files.length === 0) return toTicket(ticket);
      setCreated(ticket);
      await sendFiles(ticket);
    },
  });
  const kinds = staff ? TICKET_KINDS : CUSTOMER_KINDS;
  const err = (f: (typeof FIELDS)[number]) => form.errors[f] ?? fieldError(create.error, f);

  const submit = form.onSubmit(
    (v) => {
      if (files.invalid > 0) {
        setFilesBlocked(true);
        return document.querySelector<HTMLElement>('#ticket-files button')?.focus();
      }
      create.mutate({
        kind: v.kind,
        title: v.title.trim(),
        description: v.description.trim(),
        categoryId: v.categoryId!,
        urgency: v.urgency,
        impact: v.impact,
        ...(v.site.trim() ? { site: v.site.trim() } : {}),
        ...(v.service.trim() ? { service: v.service.trim() } : {}),
        ...(staff ? { orgId: v.orgId!, requesterId: v.requesterId! } : {}),
      });
    },
    // The first field that needs attention takes the focus, so a keyboard or screen-reader user lands on it.
    (errors) => {
      const first = FIELDS.find((f) => errors[f]);
      if (first) document.querySelector<HTMLElement>(`#ticket-${first} input, #ticket-${first} textarea, input#ticket-${first}, textarea#ticket-${first}`)?.focus();
    },
  );

  if (created)
    return (
      <Page title={staff ? t('tickets.new.staffTitle') : t('tickets.new.title')}>
        <Card withBorder padding="lg" maw={880}>
          <Stack gap="md">
            {uploading ? (
              <Text>{t('ticketWork.newFiles.uploading', { ref: created.ref })}</Text>
            ) : (
              <Alert variant="light" color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('ticketWork.newFiles.failedTitle', { ref: created.ref })} role="alert">
                {t('ticketWork.newFiles.failedText')}
              </Alert>
            )}
            <FilePicker queue={files} disabled={uploading} label={t('ticketWork.newFiles.addMore')} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => toTicket(created)} disabled={uploading}>
                {t('ticketWork.newFiles.openWithout')}
              </Button>
              <Button onClick={() => void sendFiles(created)} loading={uploading} disabled={files.pending === 0 || files.invalid > 0}>
                {t('ticketWork.newFiles.retry')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </Page>
    );

  return (
    <Page title={staff ? t('tickets.new.staffTitle') : t('tickets.new.title')} description={t(staff ? 'tickets.new.staffDescription' : 'tickets.new.description')}>
      <Flex gap="lg" align="flex-start" direction={{ base: 'column', md: 'row' }}>
      <form onSubmit={submit} noValidate style={{ flex: 1, minWidth: 0, maxWidth: 880, width: '100%' }}>
        <Stack gap="lg">
          {!onlyFieldErrors(create.error, [...FIELDS]) && <ErrorAlert error={create.error} />}
          <Card withBorder padding="lg">
            <Stack gap="md">
              <Title order={2} size="h4">
                {t('tickets.new.about')}
              </Title>
              {staff && (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Select
                    id="ticket-orgId"
                    label={t('tickets.organisation')}
                    placeholder={t('tickets.new.pickOrganisation')}
                    data={(orgs.data?.items ?? []).filter((o) => o.kind === 'customer').map((o) => ({ value: o.id, label: o.name }))}
                    searchable
                    nothingFoundMessage={t('common.nothingFound')}
                    required
                    {...form.getInputProps('orgId')}
                    onChange={(v) => {
                      form.setFieldValue('orgId', v);
                      form.setFieldValue('requesterId', null);
                    }}
                    error={err('orgId')}
                  />
                  <Select
                    id="ticket-requesterId"
                    label={t('tickets.requester')}
                    placeholder={form.values.orgId ? t('tickets.new.pickRequester') : t('tickets.new.pickOrganisationFirst')}
                    data={(people.data?.items ?? []).filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
                    disabled={!form.values.orgId}
                    searchable
                    nothingFoundMessage={t('common.nothingFound')}
                    required
                    {...form.getInputProps('requesterId')}
                    error={err('requesterId')}
                  />
                </SimpleGrid>
              )}
              <div id="ticket-kind">
                <Radio.Group label={t('tickets.new.kind')} value={form.values.kind} onChange={(v) => form.setFieldValue('kind', kinds.find((k) => k === v) ?? 'incident')} error={err('kind')}>
                  <SimpleGrid cols={{ base: 1, sm: 2, lg: kinds.length }} spacing="sm" mt="xs">
                    {kinds.map((k) => (
                      <KindCard key={k} value={k} title={t(`tickets.kindChoice.${k}.title`)} text={t(`tickets.kindChoice.${k}.text`)} />
                    ))}
                  </SimpleGrid>
                </Radio.Group>
              </div>
              <TextInput id="ticket-title" label={t('tickets.title')} description={t('tickets.new.titleHint')} required maxLength={200} {...form.getInputProps('title')} error={err('title')} />
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <Select
                  id="ticket-categoryId"
                  label={t('tickets.category')}
                  placeholder={t('tickets.new.pickCategory')}
                  data={(categories.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
                  required
                  {...form.getInputProps('categoryId')}
                  error={err('categoryId')}
                />
                <TextInput id="ticket-site" label={t('tickets.new.site')} placeholder={t('tickets.new.sitePlaceholder')} maxLength={200} {...form.getInputProps('site')} error={err('site')} />
                <TextInput id="ticket-service" label={t('tickets.new.service')} placeholder={t('tickets.new.servicePlaceholder')} maxLength={200} {...form.getInputProps('service')} error={err('service')} />
              </SimpleGrid>
              <Textarea
                id="ticket-description"
                label={t('tickets.description')}
                description={t('tickets.new.descriptionHint')}
                required
                autosize
                minRows={6}
                maxRows={20}
                maxLength={20_000}
                {...form.getInputProps('description')}
                error={err('description')}
              />
              <Text size="xs" c="dimmed">
                {t('tickets.markdownHint')}
              </Text>
              <Stack gap={4} id="ticket-files">
                <Text size="sm" fw={500}>
                  {t('ticketWork.files.title')}
                </Text>
                <FilePicker queue={files} />
                {filesBlocked && files.invalid > 0 && (
                  <Text size="sm" c="red.8" role="alert">
                    {t('ticketWork.files.removeInvalid')}
                  </Text>
                )}
              </Stack>
            </Stack>
          </Card>
          {/* On a phone the suggestions follow what was typed, not the end of the form. */}
          {!staff && (
            <Box hiddenFrom="md">
              <AnswerSuggestions title={form.values.title} description={form.values.description} draft={deflection} />
            </Box>
          )}
          <ClassificationHelper
            urgency={form.values.urgency}
            impact={form.values.impact}
            onUrgency={(u) => form.setFieldValue('urgency', u)}
            onImpact={(i) => form.setFieldValue('impact', i)}
            urgencyError={err('urgency')}
            impactError={err('impact')}
            matrix={settings.data?.priorityMatrix}
          />
          <Group justify="flex-end" gap="sm">
            <Button component={Link} to="/tickets" variant="default">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {staff ? t('tickets.new.submitStaff') : t('tickets.new.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {!staff && (
        <Box visibleFrom="md" w={320} style={{ position: 'sticky', top: 76, flexShrink: 0 }}>
          <AnswerSuggestions title={form.values.title} description={form.values.description} draft={deflection} />
        </Box>
      )}
      </Flex>
    </Page>
  );
}
