import { Alert, Badge, Button, Card, Checkbox, Flex, Group, NumberInput, Select, SimpleGrid, Stack, Table, Tabs, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconCalendar, IconDownload, IconFileTypePdf, IconSearch } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../ui/api';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { orgChoicesQuery } from '../orgs/queries';
import { LocationPicker } from '../sites/location-picker';
import {
  accessSettingsQuery,
  activityCsvUrl,
  activityPdfUrl,
  activityQuery,
  defaultPeriod,
  FLAGS,
  flaggedQuery,
  GRANT_FILTERS,
  grantsQuery,
  onSiteQuery,
  type AccessEvent,
  type AccessSearch,
  type AccessSettings,
  type AccessTab,
  type Grant,
} from './queries';

const route = getRouteApi('/_app/access');

const STATUS_COLOURS: Record<Grant['status'], string> = { active: 'teal', upcoming: 'blue', expired: 'gray', revoked: 'red', lapsed: 'orange' };
const FLAG_COLOURS: Record<string, string> = { no_grant: 'orange', denied: 'red', unknown_badge: 'grape' };
/** Badges in table cells show their whole text (Mantine cuts it with an ellipsis in a narrow column). */
const WIDE = { root: { overflow: 'visible', flex: 'none' }, label: { overflow: 'visible' } } as const;

/** "Physical access": who is on site, grants, activity and reports; staff also flagged events and the rules. */
export function AccessPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const staff = me.org.kind === 'provider' && can(me, 'access.manage');
  const set = (s: Partial<AccessSearch>) => void navigate({ search: (prev) => ({ ...prev, ...s }), replace: true });
  const tab: AccessTab = search.tab ?? (staff ? 'flagged' : 'onsite');
  const orgs = useQuery({ ...orgChoicesQuery, enabled: staff });
  const needsOrg = staff && !search.orgId && (tab === 'onsite' || tab === 'activity');
  const tabs: { value: AccessTab; label: string; show: boolean }[] = [
    { value: 'onsite', label: t('access.tabs.onsite'), show: true },
    { value: 'grants', label: t('access.tabs.grants'), show: true },
    { value: 'activity', label: t('access.tabs.activity'), show: true },
    { value: 'flagged', label: t('access.tabs.flagged'), show: staff },
    { value: 'settings', label: t('access.tabs.settings'), show: can(me, 'access.configure') },
  ];
  return (
    <Page title={t('access.title')} description={staff ? t('access.staffDescription') : t('access.description')}>
      {staff && tab !== 'settings' && (
        <Select
          label={t('access.organisation')}
          placeholder={t('access.allOrganisations')}
          data={(orgs.data?.items ?? []).filter((o) => o.kind === 'customer').map((o) => ({ value: o.id, label: o.name }))}
          value={search.orgId ?? null}
          onChange={(v) => set({ orgId: v ?? undefined })}
          searchable
          clearable
          maw={360}
          nothingFoundMessage={t('common.nothingFound')}
        />
      )}
      <Tabs value={tab} onChange={(v) => set({ tab: (v as AccessTab) ?? undefined })} keepMounted={false}>
        <Tabs.List>
          {tabs
            .filter((x) => x.show)
            .map((x) => (
              <Tabs.Tab key={x.value} value={x.value}>
                {x.label}
              </Tabs.Tab>
            ))}
        </Tabs.List>
        <Stack pt="md">
          {needsOrg ? (
            <Alert color="blue" variant="light">
              {t('access.chooseOrganisation')}
            </Alert>
          ) : tab === 'onsite' ? (
            <OnSiteTab orgId={search.orgId} />
          ) : tab === 'grants' ? (
            <GrantsTab search={search} set={set} staff={staff} />
          ) : tab === 'activity' ? (
            <ActivityTab search={search} set={set} />
          ) : tab === 'flagged' && staff ? (
            <FlaggedTab search={search} set={set} />
          ) : tab === 'settings' ? (
            <SettingsTab />
          ) : null}
        </Stack>
      </Tabs>
    </Page>
  );
}

function Scroll({ min, children }: { min: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={min}>
      <Table verticalSpacing="xs" fz="sm" striped highlightOnHover>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}

function OnSiteTab({ orgId }: { orgId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useQuery(onSiteQuery(orgId));
  const items = q.data?.items ?? [];
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{q.data ? t('access.onsite.heading', { count: items.length }) : t('access.tabs.onsite')}</Text>
        {q.data && (
          <Text size="xs" c="dimmed">
            {t('access.onsite.since', { time: fmt.dateTime(q.data.since) })}
          </Text>
        )}
      </Group>
      <ErrorAlert error={q.error} />
      {items.length > 0 && (
        <Scroll min={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.person')}</Table.Th>
              <Table.Th>{t('access.company')}</Table.Th>
              <Table.Th>{t('access.location')}</Table.Th>
              <Table.Th>{t('access.onsite.entered')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.personKey} data-testid="on-site-person">
                <Table.Td fw={500}>{p.person}</Table.Td>
                <Table.Td>{p.company ?? '—'}</Table.Td>
                <Table.Td>
                  {p.location?.path ?? '—'}
                  {p.reader && (
                    <Text size="xs" c="dimmed">
                      {t('access.readerValue', { reader: p.reader })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(p.since)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Scroll>
      )}
      <ListState loading={q.isLoading} empty={!q.isLoading && items.length === 0} emptyText={t('access.onsite.empty')} />
    </Card>
  );
}

function GrantsTab({ search, set, staff }: { search: AccessSearch; set: (s: Partial<AccessSearch>) => void; staff: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useInfiniteQuery(grantsQuery(search));
  const [text, setText] = useState(search.q ?? '');
  const [revoking, setRevoking] = useState<Grant | null>(null);
  // Phones get one card per grant: the table's seven columns would need sideways scrolling.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  useEffect(() => {
    const h = setTimeout(() => text !== (search.q ?? '') && set({ q: text || undefined }), 300);
    return () => clearTimeout(h);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder padding="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="sm" maw={640}>
        <Select
          label={t('access.grants.status')}
          data={GRANT_FILTERS.map((s) => ({ value: s, label: t(`access.grants.filters.${s}`) }))}
          value={search.status ?? 'current'}
          onChange={(v) => set({ status: (v as AccessSearch['status']) ?? undefined })}
          allowDeselect={false}
        />
        <TextInput label={t('access.grants.search')} placeholder={t('access.grants.searchPlaceholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />} />
      </SimpleGrid>
      <ErrorAlert error={q.error} />
      {rows.length > 0 && phone && (
        <Stack gap="sm">
          {rows.map((g) => (
            <GrantCard key={g.id} g={g} staff={staff} onRevoke={() => setRevoking(g)} />
          ))}
        </Stack>
      )}
      {rows.length > 0 && !phone && (
        <Scroll min={staff ? 1000 : 900}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.person')}</Table.Th>
              {staff && <Table.Th>{t('access.organisation')}</Table.Th>}
              <Table.Th>{t('access.grants.kind')}</Table.Th>
              <Table.Th>{t('access.location')}</Table.Th>
              <Table.Th>{t('access.grants.validity')}</Table.Th>
              <Table.Th>{t('access.grants.status')}</Table.Th>
              <Table.Th>{t('access.grants.lastUsed')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((g) => (
              <Table.Tr key={g.id} data-testid="grant-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {g.person.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[g.person.company, g.person.email].filter(Boolean).join(' · ') || (g.person.userId ? t('access.grants.member') : '')}
                  </Text>
                </Table.Td>
                {staff && <Table.Td>{g.org.name}</Table.Td>}
                <Table.Td>
                  {t(`access.grants.kinds.${g.kind}`)}
                  {g.badgeId && (
                    <Text size="xs" c="dimmed">
                      {t('access.grants.badge', { id: g.badgeId })}
                    </Text>
                  )}
                  {g.order?.ref && (
                    <Text size="xs" c="dimmed">
                      {g.order.ref}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td miw={240}>
                  {g.locations.map((l) => (
                    <Text key={l.id} size="sm">
                      {l.path}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{fmt.dateTime(g.validFrom)}</Text>
                  <Text size="sm">– {fmt.dateTime(g.validUntil)}</Text>
                </Table.Td>
                <Table.Td miw={110}>
                  <Badge color={STATUS_COLOURS[g.status]} variant="light" styles={WIDE}>
                    {t(`access.grants.statuses.${g.status}`)}
                  </Badge>
                  {g.revokeReason && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {t('access.grants.revokedBecause', { reason: g.revokeReason, name: g.revokedBy?.name ?? '—' })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{g.lastUsedAt ? fmt.dateTime(g.lastUsedAt) : t('access.grants.never')}</Table.Td>
                <Table.Td>
                  {g.abilities.revoke && (
                    <Button size="compact-sm" variant="light" color="red" onClick={() => setRevoking(g)} aria-label={t('access.grants.revokeOf', { name: g.person.name })}>
                      {t('access.grants.revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Scroll>
      )}
      <ListState loading={q.isLoading} empty={!q.isLoading && rows.length === 0} emptyText={t('access.grants.empty')} />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
      <RevokeModal grant={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

/** One grant on a phone: who, where, when, its state and the revoke action. */
function GrantCard({ g, staff, onRevoke }: { g: Grant; staff: boolean; onRevoke: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card withBorder padding="sm" radius="md" data-testid="grant-card">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {g.person.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {[staff ? g.org.name : null, g.person.company, g.person.email].filter(Boolean).join(' · ')}
          </Text>
        </div>
        <Badge color={STATUS_COLOURS[g.status]} variant="light" styles={WIDE}>
          {t(`access.grants.statuses.${g.status}`)}
        </Badge>
      </Group>
      <Text size="sm" mt={6}>
        {[t(`access.grants.kinds.${g.kind}`), g.order?.ref, g.badgeId ? t('access.grants.badge', { id: g.badgeId }) : null].filter(Boolean).join(' · ')}
      </Text>
      {g.locations.map((l) => (
        <Text key={l.id} size="sm" c="dimmed">
          {l.path}
        </Text>
      ))}
      <Text size="sm">
        {fmt.dateTime(g.validFrom)} – {fmt.dateTime(g.validUntil)}
      </Text>
      <Group justify="space-between" mt={6}>
        <Text size="xs" c="dimmed">
          {t('access.grants.lastUsed')}: {g.lastUsedAt ? fmt.dateTime(g.lastUsedAt) : t('access.grants.never')}
        </Text>
        {g.abilities.revoke && (
          <Button size="compact-sm" variant="light" color="red" onClick={onRevoke} aria-label={t('access.grants.revokeOf', { name: g.person.name })}>
            {t('access.grants.revoke')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

function RevokeModal({ grant, onClose }: { grant: Grant | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  return (
    <ConfirmModal
      opened={!!grant}
      onClose={() => {
        setReason('');
        onClose();
      }}
      title={t('access.grants.revokeTitle', { name: grant?.person.name ?? '' })}
      message={t('access.grants.revokeMessage')}
      confirmLabel={t('access.grants.revoke')}
      onConfirm={() =>
        post<Grant>(`/api/v1/access/grants/${grant!.id}/revoke`, { reason }).then((revoked) => {
          void qc.invalidateQueries({ queryKey: ['access'] });
          return revoked;
        })
      }
      fields={['reason']}
    >
      {(error) => (
        <Textarea label={t('access.grants.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(error, 'reason')} autosize minRows={2} data-autofocus />
      )}
    </ConfirmModal>
  );
}

function EventResult({ e }: { e: AccessEvent }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Badge color={e.result === 'granted' ? 'teal' : 'red'} variant="light" styles={WIDE}>
        {t(`access.results.${e.result}`)}
      </Badge>
      {e.flag !== 'none' && e.flag !== 'denied' && (
        <Badge color={FLAG_COLOURS[e.flag]} variant="outline" styles={WIDE}>
          {t(`access.flags.${e.flag}`)}
        </Badge>
      )}
    </Group>
  );
}

function ActivityTab({ search, set }: { search: AccessSearch; set: (s: Partial<AccessSearch>) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useCurrentUser();
  const period = defaultPeriod(me.timeZone);
  const q = useInfiniteQuery(activityQuery(search, me.timeZone));
  const [person, setPerson] = useState(search.person ?? '');
  useEffect(() => {
    const h = setTimeout(() => person !== (search.person ?? '') && set({ person: person || undefined }), 300);
    return () => clearTimeout(h);
  }, [person]); // eslint-disable-line react-hooks/exhaustive-deps
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder padding="md">
      <Flex direction={{ base: 'column', sm: 'row' }} justify="space-between" align={{ base: 'stretch', sm: 'flex-end' }} mb="sm" gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" style={{ flex: 1, maxWidth: 960 }}>
          <DatePickerInput label={t('access.activity.from')} value={search.from ?? period.from} onChange={(v) => set({ from: v ?? undefined })} maxDate={search.to ?? period.to} leftSection={<IconCalendar size={16} aria-hidden />} valueFormat="D MMM YYYY" />
          <DatePickerInput label={t('access.activity.to')} value={search.to ?? period.to} onChange={(v) => set({ to: v ?? undefined })} minDate={search.from ?? period.from} leftSection={<IconCalendar size={16} aria-hidden />} valueFormat="D MMM YYYY" />
          <TextInput label={t('access.activity.person')} placeholder={t('access.activity.personPlaceholder')} value={person} onChange={(e) => setPerson(e.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />} />
          <LocationPicker label={t('access.activity.location')} value={search.locationId ? [search.locationId] : []} onChange={(ids) => set({ locationId: ids[0] })} orgId={search.orgId} />
        </SimpleGrid>
        <Group gap="xs">
          <Button component="a" href={activityCsvUrl(search, me.timeZone)} download variant="default" leftSection={<IconDownload size={18} aria-hidden />}>
            {t('access.activity.csv')}
          </Button>
          <Button component="a" href={activityPdfUrl(search, me.timeZone)} download variant="default" leftSection={<IconFileTypePdf size={18} aria-hidden />}>
            {t('access.activity.pdf')}
          </Button>
        </Group>
      </Flex>
      <ErrorAlert error={q.error} />
      {rows.length > 0 && (
        <Scroll min={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.time')}</Table.Th>
              <Table.Th>{t('access.person')}</Table.Th>
              <Table.Th>{t('access.location')}</Table.Th>
              <Table.Th>{t('access.reader')}</Table.Th>
              <Table.Th>{t('access.direction')}</Table.Th>
              <Table.Th>{t('access.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id} data-testid="activity-row">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.occurredAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {e.person}
                  </Text>
                  {e.company && (
                    <Text size="xs" c="dimmed">
                      {e.company}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{e.location?.path ?? '—'}</Table.Td>
                <Table.Td>{e.reader ?? '—'}</Table.Td>
                <Table.Td>{t(`access.directions.${e.direction}`)}</Table.Td>
                <Table.Td>
                  <EventResult e={e} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Scroll>
      )}
      <ListState loading={q.isLoading} empty={!q.isLoading && rows.length === 0} emptyText={t('access.activity.empty')} />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
    </Card>
  );
}

function FlaggedTab({ search, set }: { search: AccessSearch; set: (s: Partial<AccessSearch>) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const q = useInfiniteQuery(flaggedQuery(search));
  const [picked, setPicked] = useState<string[]>([]);
  const handle = useMutation({
    mutationFn: () => post('/api/v1/access/flagged/handled', { ids: picked }),
    onSuccess: () => {
      setPicked([]);
      void qc.invalidateQueries({ queryKey: ['access', 'flagged'] });
    },
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const open = rows.filter((e) => !e.flagHandledAt);
  return (
    <Card withBorder padding="md">
      <Flex direction={{ base: 'column', sm: 'row' }} justify="space-between" align={{ base: 'stretch', sm: 'flex-end' }} mb="sm" gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" style={{ flex: 1, maxWidth: 560 }}>
          <Select
            label={t('access.flagged.flag')}
            placeholder={t('access.flagged.anyFlag')}
            data={FLAGS.map((f) => ({ value: f, label: t(`access.flags.${f}`) }))}
            value={search.flag ?? null}
            onChange={(v) => set({ flag: (v as AccessSearch['flag']) ?? undefined })}
            clearable
          />
          <Select
            label={t('access.flagged.state')}
            data={[
              { value: 'false', label: t('access.flagged.open') },
              { value: 'true', label: t('access.flagged.handled') },
            ]}
            value={search.handled ?? 'false'}
            onChange={(v) => set({ handled: (v as 'true' | 'false') ?? undefined })}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Button disabled={!picked.length} loading={handle.isPending} onClick={() => handle.mutate()}>
          {t('access.flagged.markHandled', { count: picked.length })}
        </Button>
      </Flex>
      <ErrorAlert error={q.error ?? handle.error} />
      {rows.length > 0 && (
        <Scroll min={960}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t('access.flagged.pickAll')}
                  checked={open.length > 0 && picked.length === open.length}
                  indeterminate={picked.length > 0 && picked.length < open.length}
                  onChange={(e) => setPicked(e.currentTarget.checked ? open.map((x) => x.id) : [])}
                  disabled={!open.length}
                />
              </Table.Th>
              <Table.Th>{t('access.time')}</Table.Th>
              <Table.Th>{t('access.organisation')}</Table.Th>
              <Table.Th>{t('access.person')}</Table.Th>
              <Table.Th>{t('access.location')}</Table.Th>
              <Table.Th>{t('access.direction')}</Table.Th>
              <Table.Th>{t('access.flagged.flag')}</Table.Th>
              <Table.Th>{t('access.flagged.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id} data-testid="flagged-row">
                <Table.Td>
                  {!e.flagHandledAt && (
                    <Checkbox
                      aria-label={t('access.flagged.pick', { person: e.person, time: fmt.dateTime(e.occurredAt) })}
                      checked={picked.includes(e.id)}
                      onChange={(ev) => setPicked(ev.currentTarget.checked ? [...picked, e.id] : picked.filter((x) => x !== e.id))}
                    />
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.occurredAt)}</Table.Td>
                <Table.Td>{e.org?.name ?? t('access.flagged.noOrganisation')}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {e.person}
                  </Text>
                  {e.badgeId && (
                    <Text size="xs" c="dimmed">
                      {t('access.grants.badge', { id: e.badgeId })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {e.location?.path ?? '—'}
                  {e.reader && (
                    <Text size="xs" c="dimmed">
                      {t('access.readerValue', { reader: e.reader })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{t(`access.directions.${e.direction}`)}</Table.Td>
                <Table.Td>
                  <Badge color={FLAG_COLOURS[e.flag]} variant="light" styles={WIDE}>
                    {t(`access.flags.${e.flag}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {e.flagHandledAt ? (
                    <Text size="xs">{t('access.flagged.handledBy', { name: e.flagHandledBy?.name ?? '—', time: fmt.dateTime(e.flagHandledAt) })}</Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {t('access.flagged.open')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Scroll>
      )}
      <ListState loading={q.isLoading} empty={!q.isLoading && rows.length === 0} emptyText={t('access.flagged.empty')} />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
    </Card>
  );
}

function SettingsTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery(accessSettingsQuery);
  const [form, setForm] = useState<AccessSettings | null>(null);
  useEffect(() => {
    if (q.data && !form) setForm(q.data);
  }, [q.data, form]);
  const save = useMutation({
    mutationFn: (s: AccessSettings) => api<AccessSettings>('/api/v1/access/settings', { method: 'PUT', body: s }),
    onSuccess: (s) => {
      qc.setQueryData(accessSettingsQuery.queryKey, s);
      setForm(s);
    },
  });
  if (!form) return <ErrorAlert error={q.error} />;
  const field = (key: keyof AccessSettings, min: number, max: number) => (
    <NumberInput
      label={t(`access.settings.${key}`)}
      description={t(`access.settings.${key}Help`)}
      value={form[key]}
      onChange={(v) => setForm({ ...form, [key]: typeof v === 'number' ? v : Number(v) || 0 })}
      min={min}
      max={max}
      allowDecimal={false}
      suffix={` ${t('access.settings.days')}`}
      error={fieldError(save.error, key)}
    />
  );
  return (
    <Card withBorder padding="md" maw={640}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <Stack gap="md">
          {field('maxVisitDays', 1, 90)}
          {field('badgeValidityDays', 1, 3650)}
          {field('lapseAfterUnusedDays', 7, 3650)}
          <ErrorAlert error={save.error && !['maxVisitDays', 'badgeValidityDays', 'lapseAfterUnusedDays'].some((k) => fieldError(save.error, k)) ? save.error : null} />
          <Group justify="flex-end">
            {save.isSuccess && (
              <Text size="sm" c="green.8" role="status">
                {t('access.settings.saved')}
              </Text>
            )}
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
